//! `bangfu report month YYYY-MM PATH.xlsx` (月调度): the month's figures per village as
//! the month ended, with the totals, the projects and tasks, 存在问题 and 下月打算, and the
//! sides' year against their agreement (docs/reports.md).

use super::{ReportError, book, cooperation, notes_key, save_private, signature};
use crate::domain::dates::YearMonth;
use crate::domain::side::Side;
use crate::domain::vocab::list;
use crate::store::{Figures, MonthFigures, Store, StoreError};
use crate::ui::Labels;
use rust_xlsxwriter::{Format, FormatAlign, Workbook, Worksheet, XlsxError};
use std::collections::BTreeMap;
use std::path::Path;
/// A closed month's report remembers its figures as first written (a fingerprint per
/// village, setting `report_first:YYYY-MM`); written again after a correction to that
/// month's records, it says how many villages' figures changed since, and when it was
/// first written. `None` for the current month, a first writing, or no change.
fn changed_since_first(
    store: &mut Store,
    labels: &Labels,
    month: YearMonth,
    today: chrono::NaiveDate,
    figures: &MonthFigures,
) -> Result<Option<String>, StoreError> {
    if month >= YearMonth::of(today) {
        return Ok(None);
    }
    let prints: BTreeMap<String, String> = figures
        .villages
        .iter()
        .map(|f| {
            let json = serde_json::to_string(f).unwrap_or_default();
            (f.village_id.clone(), format!("{:016x}", crate::domain::fingerprint::fnv1a64(&json)))
        })
        .collect();
    // One setting per village (`report_first:2026-10:<village>`, its print and the day):
    // one side's report first and the whole ledger's later each keep their villages,
    // and two copies that wrote different sides' reports merge without losing one.
    // (A month first written by an older build kept all its villages in one setting.)
    let older: serde_json::Value = store
        .setting(&format!("report_first:{month}"))?
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default();
    let day = crate::domain::dates::format_date(today);
    let (mut changed, mut since, mut first_writings) = (0, String::new(), Vec::new());
    for (id, print) in &prints {
        let key = format!("report_first:{month}:{id}");
        let kept: Option<(String, String)> = match store.setting(&key)? {
            Some(text) => serde_json::from_str::<serde_json::Value>(&text).ok().map(|v| {
                let field = |k: &str| v.get(k).and_then(|x| x.as_str()).unwrap_or_default().to_string();
                (field("print"), field("written"))
            }),
            None => older.get("villages").and_then(|v| v.get(id)).and_then(|p| p.as_str()).map(|p| {
                (p.to_string(), older.get("written").and_then(|w| w.as_str()).unwrap_or_default().to_string())
            }),
        };
        match kept {
            Some((first, written)) if &first != print => {
                changed += 1;
                if since.is_empty() || written < since {
                    since = written;
                }
            }
            Some(_) => {}
            None => first_writings.push((key, serde_json::json!({ "print": print, "written": day }).to_string())),
        }
    }
    if !first_writings.is_empty() && !store.read_only() {
        store.write(|w| first_writings.iter().try_for_each(|(key, value)| w.set_setting(key, value)))?;
    }
    Ok((changed > 0).then(|| labels.f("report.changed_since", &[("date", &since), ("n", &changed.to_string())])))
}

/// How a figure is read from a village's (or a total's) figures.
pub(super) type Read = fn(&Figures) -> i64;

/// Monitored households of one 监测对象类别 (the codes of vocabulary list
/// `monitor_category`).
fn in_category(f: &Figures, code: &str) -> i64 {
    f.by_category.iter().filter(|(c, _, _)| c == code).map(|(_, households, _)| households).sum()
}

/// The columns before the figures: 乡镇, 村, 重点村.
pub(super) const FIRST_FIGURE: u16 = 3;

/// The figure columns of the per-village table: label key and how to read it.
pub(super) const COLUMNS: [(&str, Read); 17] = [
    ("report.households", |f| f.households),
    ("report.monitored", |f| f.monitored),
    ("report.people", |f| f.monitored_people),
    ("report.cat_unstable", |f| in_category(f, "unstable")),
    ("report.cat_marginal", |f| in_category(f, "marginal")),
    ("report.cat_sudden", |f| in_category(f, "sudden")),
    ("report.not_eliminated", |f| f.not_eliminated),
    ("report.eliminated", |f| f.eliminated),
    ("report.identified", |f| f.identified_this_month),
    ("report.eliminated_month", |f| f.eliminated_this_month),
    ("report.withdrawn", |f| f.withdrawn_this_month),
    ("report.with_measure", |f| f.with_measure),
    ("report.without_measure", |f| f.without_measure),
    ("report.visited", |f| f.visited),
    ("report.required", |f| f.visits_required),
    ("report.overdue", |f| f.visits_overdue),
    ("report.visits", |f| f.visits_this_month),
];

/// Writes the report of the whole ledger; returns how many villages it lists.
pub fn month_report(
    store: &mut Store,
    labels: &Labels,
    month: YearMonth,
    today: chrono::NaiveDate,
    path: &Path,
) -> Result<usize, ReportError> {
    month_report_of(store, labels, month, None, today, path)
}

/// A side as a title names it: 帮扶方：宜宾市, 帮扶力量：东西部协作.
pub fn side_name(store: &Store, labels: &Labels, side: &Side) -> String {
    match side {
        Side::Party(name) => labels.f("side.party", &[("name", name)]),
        Side::Force(code) => {
            let label = store.vocab().map(|v| v.label(list::ASSIST_FORCE, code, labels.lang).to_string());
            labels.f("side.force", &[("name", &label.unwrap_or_else(|_| code.clone()))])
        }
    }
}

/// A side as a file name carries it: the 帮扶方's name, or the force's code.
pub fn side_file_word(side: &Side) -> String {
    let word = match side {
        Side::Party(name) | Side::Force(name) => name,
    };
    word.chars().map(|c| if std::path::is_separator(c) || c.is_control() { '_' } else { c }).collect()
}

/// Writes the report of the ledger or of one assisting side (its villages, projects
/// and tasks); returns how many villages it lists.
pub fn month_report_of(
    store: &mut Store,
    labels: &Labels,
    month: YearMonth,
    side: Option<&Side>,
    today: chrono::NaiveDate,
    path: &Path,
) -> Result<usize, ReportError> {
    let figures = store.month_figures_of(month, today, side)?;
    let villages: Vec<crate::domain::village::Village> = store.all()?;
    let townships: BTreeMap<String, String> = villages.iter().map(|v| (v.id.clone(), v.township.clone())).collect();
    let key_villages: std::collections::BTreeSet<String> =
        villages.iter().filter(|v| v.key_village).map(|v| v.id.clone()).collect();
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    sheet.set_name(labels.t("report.sheet_month"))?;
    let mut title = labels.f("report.title", &[("month", &month.to_string())]);
    if let Some(side) = side {
        title = labels.f("report.title_side", &[("title", &title), ("side", &side_name(store, labels, side))]);
    }
    let thin = |f: Format| f.set_border(rust_xlsxwriter::FormatBorder::Thin);
    let plain = thin(Format::new());
    let bold = thin(Format::new().set_bold());
    let center = thin(Format::new().set_bold().set_align(FormatAlign::Center).set_text_wrap());
    let title_format = Format::new().set_bold().set_font_size(14).set_align(FormatAlign::Center);
    sheet.merge_range(0, 0, 0, COLUMNS.len() as u16 + FIRST_FIGURE - 1, &title, &title_format)?;
    sheet.set_row_height(0, 24)?;
    sheet.write_string_with_format(1, 0, labels.t("report.township"), &center)?;
    sheet.write_string_with_format(1, 1, labels.t("report.village"), &center)?;
    sheet.write_string_with_format(1, 2, labels.field("village", "key_village"), &center)?;
    for (i, (key, _)) in COLUMNS.iter().enumerate() {
        sheet.write_string_with_format(1, i as u16 + FIRST_FIGURE, labels.t(key), &center)?;
    }
    sheet.set_freeze_panes(2, 2)?;
    sheet.set_column_width(2, 6)?;
    // Wide enough for the names of the work rows under the table (其中：社会/撬动资金（万元）).
    sheet.set_column_width(0, 26)?;
    sheet.set_column_width(1, 14)?;
    sheet.set_row_height(1, 32)?;
    let mut row = 2u32;
    let mut by_town: BTreeMap<String, Vec<&Figures>> = BTreeMap::new();
    for f in &figures.villages {
        by_town.entry(townships.get(&f.village_id).cloned().unwrap_or_default()).or_default().push(f);
    }
    for (town, villages) in &by_town {
        for f in villages {
            sheet.write_string_with_format(row, 0, town, &plain)?;
            sheet.write_string_with_format(row, 1, &f.village_name, &plain)?;
            let key = if key_villages.contains(&f.village_id) { labels.t("common.yes") } else { "" };
            sheet.write_string_with_format(row, 2, key, &plain)?;
            write_figures(sheet, row, f, &plain)?;
            row += 1;
        }
        let mut subtotal = Figures::default();
        for f in villages {
            subtotal.add(f);
        }
        sheet.write_string_with_format(row, 0, town, &bold)?;
        sheet.write_string_with_format(row, 1, labels.t("report.subtotal"), &bold)?;
        sheet.write_blank(row, 2, &bold)?;
        write_figures(sheet, row, &subtotal, &bold)?;
        row += 1;
    }
    sheet.write_string_with_format(row, 0, labels.t("report.total"), &bold)?;
    sheet.write_blank(row, 1, &bold)?;
    sheet.write_blank(row, 2, &bold)?;
    write_figures(sheet, row, &figures.whole, &bold)?;
    row += 2;
    let mut row = work_rows(store, labels, sheet, &figures, month, row)?;
    if let Some(note) = changed_since_first(store, labels, month, today, &figures)? {
        row += 1;
        sheet.write_string(row, 0, &note)?;
    }
    let signed = signature(store, labels, today)?;
    signed.write(sheet, row + 1)?;
    book::print_setup(sheet, COLUMNS.len() + usize::from(FIRST_FIGURE), 2, &signed.footer)?;
    // The assisting sides' year against their agreements, as the month ended (of the
    // side reported on, when it is one).
    if !store.all::<crate::domain::cooperation::Party>()?.is_empty() {
        let until = month.last_day().min(today);
        let names = cooperation::Names::read(store)?;
        cooperation::targets_sheet(&mut book, store, labels, &names, (month.year, until), side, &signed)?;
    }
    save_private(&mut book, path)?;
    Ok(figures.villages.len())
}

pub(super) fn write_figures(sheet: &mut Worksheet, row: u32, f: &Figures, format: &Format) -> Result<(), XlsxError> {
    for (i, (_, read)) in COLUMNS.iter().enumerate() {
        sheet.write_number_with_format(row, i as u16 + FIRST_FIGURE, read(f) as f64, format)?;
    }
    Ok(())
}

/// How many projects without a start month a report names.
const NAMED: usize = 30;

/// Projects by status with funds (万元, two decimals), tasks, and the month's words.
fn work_rows(
    store: &Store,
    labels: &Labels,
    sheet: &mut Worksheet,
    figures: &MonthFigures,
    month: YearMonth,
    mut row: u32,
) -> Result<u32, ReportError> {
    let w = &figures.work;
    let vocab = store.vocab()?;
    let bold = Format::new().set_bold();
    let wan = Format::new().set_num_format("0.00");
    sheet.write_string_with_format(row, 0, labels.t("report.projects"), &bold)?;
    sheet.write_number(row, 1, w.projects as f64)?;
    row += 1;
    // In the order of the stages (谋划储备 → … → 已移交), not of their codes.
    let mut by_status = w.by_status.clone();
    let stage = |code: &str| vocab.choices(list::PROJECT_STATUS).position(|e| e.code == code).unwrap_or(usize::MAX);
    by_status.sort_by_key(|(code, _)| stage(code));
    for (status, n) in &by_status {
        sheet.write_string(row, 0, vocab.label(list::PROJECT_STATUS, status, labels.lang))?;
        sheet.write_number(row, 1, *n as f64)?;
        row += 1;
    }
    // 到位 as the month ended, then by source; 撬动 on arrived money.
    let by_source: Vec<(String, i64)> = w
        .arrived_by_source
        .iter()
        .map(|(code, fen)| {
            let name = match code.is_empty() {
                true => labels.t("arrival.unsplit").to_string(),
                false => vocab.label(list::FUND_SOURCE, code, labels.lang).to_string(),
            };
            (labels.f("report.arrived_of", &[("source", &name)]), *fen)
        })
        .collect();
    let (leveraged, _) = w.leveraged();
    let mut money = vec![(labels.t("report.planned").to_string(), w.planned_fen)];
    money.push((labels.t("report.arrived").to_string(), w.arrived_fen));
    money.extend(by_source);
    money.push((labels.t("report.leveraged").to_string(), leveraged));
    money.push((labels.t("report.paid").to_string(), w.paid_fen));
    for (name, fen) in money {
        sheet.write_string(row, 0, &name)?;
        // A spreadsheet's numbers are doubles: the figure is written as 万元 from the
        // exact fen, rounded to the fen by the cell's format, never summed as a float.
        sheet.write_number_with_format(row, 1, fen as f64 / 1_000_000.0, &wan)?;
        row += 1;
    }
    // 开工率 of the month's year against what was planned, and 撬动比 (docs/reports.md).
    let rate = match w.planned_this_year {
        0 => "—".to_string(),
        planned => labels.f(
            "report.rate_of",
            &[
                ("rate", &(w.started_this_year * 100 / planned).to_string()),
                ("part", &w.started_this_year.to_string()),
                ("whole", &planned.to_string()),
            ],
        ),
    };
    sheet.write_string(row, 0, labels.t("report.start_rate"))?;
    sheet.write_string(row, 1, &rate)?;
    row += 1;
    if w.without_start_month > 0 {
        sheet.write_string(row, 0, labels.t("ov.without_start"))?;
        sheet.write_number(row, 1, w.without_start_month as f64)?;
        // Named, so the clerk can write their months in: counted in no year's rate.
        let names = &w.without_start_names;
        let shown: Vec<&str> = names.iter().take(NAMED).map(String::as_str).collect();
        let mut text = shown.join(labels.t("common.list_separator"));
        if names.len() > NAMED {
            text = labels.f("report.and_more", &[("names", &text), ("n", &names.len().to_string())]);
        }
        sheet.write_string(row, 2, &text)?;
        row += 1;
    }
    if let Some(hundredths) = crate::domain::money::leverage_hundredths(w.social_fen, w.assisting_fen) {
        sheet.write_string(row, 0, labels.t("ov.leverage"))?;
        sheet.write_number_with_format(row, 1, hundredths as f64 / 100.0, &wan)?;
        row += 1;
    }
    if let (_, Some(hundredths)) = w.leveraged() {
        sheet.write_string(row, 0, labels.t("report.leverage_arrived"))?;
        sheet.write_number_with_format(row, 1, hundredths as f64 / 100.0, &wan)?;
        row += 1;
    }
    row += 1;
    for (key, n) in [
        ("report.tasks_open", w.tasks_open),
        ("report.tasks_closed", w.tasks_closed_this_month),
        ("report.tasks_overdue", w.tasks_overdue),
    ] {
        sheet.write_string(row, 0, labels.t(key))?;
        sheet.write_number(row, 1, n as f64)?;
        row += 1;
    }
    row += 1;
    for (key, which) in [("report.problems", "problems"), ("report.plans", "plans")] {
        let text = store.setting(&notes_key(month, which))?.unwrap_or_default();
        sheet.write_string_with_format(row, 0, labels.t(key), &bold)?;
        sheet.write_string(row, 1, &text)?;
        row += 1;
    }
    Ok(row)
}
