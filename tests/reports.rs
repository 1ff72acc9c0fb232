//! The monthly dispatch report (issue 9, item 3, in part), read back from the xlsx
//! and compared with the figures 概览 shows: each village's row, each township's
//! subtotal, the total, and the month's words as the ledger keeps them.

#![allow(clippy::indexing_slicing)] // tests index what they just built

mod common;

use bangfu::domain::dates::YearMonth;
use bangfu::domain::vocab::Lang;
use bangfu::report::{month_report, notes_key};
use bangfu::store::Store;
use calamine::{Data, Reader};
use common::*;

fn cells(path: &std::path::Path) -> Vec<Vec<Data>> {
    let mut book = calamine::open_workbook_auto(path).unwrap();
    let range = book.worksheet_range_at(0).unwrap().unwrap();
    range.rows().map(<[Data]>::to_vec).collect()
}

fn number(d: &Data) -> i64 {
    match d {
        Data::Float(f) => *f as i64,
        Data::Int(n) => *n,
        other => panic!("not a number: {other:?}"),
    }
}

fn text(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Empty => String::new(),
        other => other.to_string(),
    }
}

#[test]
fn the_month_report_holds_the_figures_the_overview_shows() {
    let fixture = demo_ledger();
    let month = YearMonth::of(today());
    {
        let mut store = Store::open(&fixture.path).unwrap();
        store.write(|w| w.set_setting(&notes_key(month, "problems"), "两户危房改造进度慢")).unwrap();
    }
    let store = Store::open(&fixture.path).unwrap();
    let figures = store.month_figures(month, today()).unwrap();
    let out = fixture.dir.path().join("月调度.xlsx");
    let labels = bangfu::ui::Labels::get(Lang::Zh);
    let villages = month_report(&store, labels, month, today(), &out).unwrap();
    assert_eq!(villages, figures.villages.len());
    let rows = cells(&out);
    assert!(text(&rows[0][0]).contains("2026-11"));
    let header: Vec<String> = rows[1].iter().map(text).collect();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let total = rows.iter().find(|r| text(&r[0]) == "合计").unwrap();
    assert_eq!(number(&total[col("监测户")]), figures.whole.monitored);
    assert_eq!(number(&total[col("已消除")]), figures.whole.eliminated);
    assert_eq!(number(&total[col("走访逾期")]), figures.whole.visits_overdue);
    // Every village's row as 概览 counts it, and the subtotals add up to the total.
    for f in &figures.villages {
        let row = rows.iter().find(|r| text(&r[1]) == f.village_name).unwrap();
        assert_eq!(number(&row[col("监测户")]), f.monitored, "{}", f.village_name);
        assert_eq!(number(&row[col("本月已走访")]), f.visited, "{}", f.village_name);
    }
    let subtotals: i64 = rows.iter().filter(|r| text(&r[1]) == "小计").map(|r| number(&r[col("总户数")])).sum();
    assert_eq!(subtotals, figures.whole.households);
    let words = rows.iter().find(|r| text(&r[0]) == "存在问题").unwrap();
    assert_eq!(text(&words[1]), "两户危房改造进度慢");
    let projects = rows.iter().find(|r| text(&r[0]) == "帮扶项目").unwrap();
    assert_eq!(number(&projects[1]), figures.work.projects);
}

/// The month's words are written in 概览 with `w` and come out in the report.
#[test]
fn the_months_words_are_written_in_the_overview() {
    let fixture = demo_ledger();
    let mut app = app_on(&fixture, Lang::Zh);
    app.handle_key(key(crossterm::event::KeyCode::Char('1')));
    app.handle_key(key(crossterm::event::KeyCode::Char('w')));
    assert!(render(&mut app, 100, 30).contains("存在问题"));
    type_text(&mut app, "三组饮水管网老化");
    app.handle_key(key(crossterm::event::KeyCode::Enter));
    type_text(&mut app, "完成管网改造");
    app.handle_key(key(crossterm::event::KeyCode::Enter));
    assert!(app.popups.is_empty());
    let screen = render(&mut app, 120, 40);
    assert!(screen.contains("三组饮水管网老化") && screen.contains("完成管网改造"), "{screen}");
    let out = fixture.dir.path().join("月调度.xlsx");
    let labels = bangfu::ui::Labels::get(Lang::Zh);
    month_report(&app.store, labels, YearMonth::of(today()), today(), &out).unwrap();
    let rows = cells(&out);
    let plans = rows.iter().find(|r| text(&r[0]) == "下月打算").unwrap();
    assert_eq!(text(&plans[1]), "完成管网改造");
}
