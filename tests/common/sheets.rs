//! Reading written workbooks back, and the check that 月调度 and 概览 agree.

#![allow(clippy::indexing_slicing)] // tests index the rows they just read

use super::{key, render};
use bangfu::app::App;
use bangfu::domain::vocab::Lang;
use calamine::{Data, Reader};

/// The first sheet's cells, row by row.
pub fn cells(path: &std::path::Path) -> Vec<Vec<Data>> {
    let mut book = calamine::open_workbook_auto(path).unwrap();
    let range = book.worksheet_range_at(0).unwrap().unwrap();
    range.rows().map(<[Data]>::to_vec).collect()
}

/// A named sheet's cells as text, row by row.
pub fn sheet_cells(path: &std::path::Path, sheet: &str) -> Vec<Vec<String>> {
    let mut book = calamine::open_workbook_auto(path).unwrap();
    let range = book.worksheet_range(sheet).unwrap();
    range.rows().map(|r| r.iter().map(|c| c.to_string()).collect()).collect()
}

pub fn number(d: &Data) -> i64 {
    match d {
        Data::Float(f) => *f as i64,
        Data::Int(n) => *n,
        other => panic!("not a number: {other:?}"),
    }
}

pub fn text(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

/// 概览 stepped back with `[` month by month from the one shown, and the report of
/// each month written from the app: every total the same (issue 22, item 7).
pub fn report_agrees_with_overview(app: &mut App, folder: &std::path::Path, months: usize) {
    app.handle_key(key(crossterm::event::KeyCode::Char('1')));
    let labels = bangfu::ui::Labels::get(Lang::Zh);
    for _ in 0..months {
        render(app, 100, 30);
        let shown = app.overview.figures.whole.clone();
        let month = app.month;
        let out = folder.join(format!("月调度-{month}.xlsx"));
        bangfu::report::month_report(&mut app.store, labels, month, app.today, &out).unwrap();
        let rows = cells(&out);
        let header: Vec<String> = rows[1].iter().map(text).collect();
        let col = |name: &str| header.iter().position(|h| h == name).unwrap();
        let total = rows.iter().find(|r| text(&r[0]) == "合计").unwrap();
        let pairs = [
            ("总户数", shown.households),
            ("监测户", shown.monitored),
            ("已消除", shown.eliminated),
            ("本月识别", shown.identified_this_month),
            ("有措施", shown.with_measure),
            ("本月已走访", shown.visited),
            ("应走访", shown.visits_required),
            ("走访逾期", shown.visits_overdue),
            ("本月走访次数", shown.visits_this_month),
        ];
        for (name, figure) in pairs {
            assert_eq!(number(&total[col(name)]), figure, "{month} {name}");
        }
        assert!(shown.visits_required > 0, "{month}: what was due is counted");
        // The work below the table: 到位 as the month ended, the same on both.
        let arrived = rows.iter().find(|r| text(&r[0]) == "到位资金（万元）").unwrap();
        let Data::Float(wan) = arrived[1] else { panic!("{month}: 到位 is not a number") };
        let shown_arrived = app.overview.figures.work.arrived_fen;
        assert_eq!((wan * 1e6).round() as i64, shown_arrived, "{month} 到位");
        app.handle_key(key(crossterm::event::KeyCode::Char('[')));
    }
}
