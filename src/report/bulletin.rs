//! `bangfu report quarter 2026-Q3 PATH.xlsx` (季通报) and `bangfu report year 2026
//! PATH.xlsx` (年考评): townships, villages, assisting sides (and for the year,
//! cadres) scored on weighted indicators and ranked; a quarter's bulletin with the
//! change of rank since the quarter before and a short text of who rose, who fell
//! and what is overdue; the indicators, weights and rule written out so anyone can
//! recompute a score (docs/reports.md).

use super::ranking::{Layout, Unit, Units, change_text, write_units};
use super::{ReportError, save_private, signature};
use crate::domain::assessment::{Indicator, Judged, Period, Tally, weights_of};
use crate::domain::cadre::Cadre;
use crate::domain::village::Village;
use crate::domain::vocab::list;
use crate::store::Store;
use crate::ui::Labels;
use rust_xlsxwriter::{Format, FormatAlign, Workbook, Worksheet, XlsxError};
use std::path::Path;

/// The period as a title says it: 2026年第三季度, 2026年度.
pub fn period_name(labels: &Labels, period: Period) -> String {
    match period {
        Period::Quarter { year, quarter } => {
            labels.f("period.quarter", &[("year", &year.to_string()), ("q", labels.t(&format!("period.q{quarter}")))])
        }
        Period::Year(year) => labels.f("period.year", &[("year", &year.to_string())]),
    }
}

/// Writes the bulletin (a quarter) or the assessment (a year); returns how many
/// villages it ranks.
pub fn period_report(
    store: &mut Store,
    labels: &Labels,
    period: Period,
    today: chrono::NaiveDate,
    path: &Path,
) -> Result<usize, ReportError> {
    if period.months_begun(crate::domain::dates::YearMonth::of(today)).is_empty() {
        let name = period_name(labels, period);
        return Err(ReportError::Write(labels.f("report.not_begun", &[("period", &name)])));
    }
    let weights = store.assessment_weights()?;
    let villages: Vec<Village> = store.all()?;
    let cadres: Vec<Cadre> = store.all()?;
    let vocab = store.vocab()?;
    let role = |c: &Cadre| c.role.as_deref().map(|r| vocab.label(list::CADRE_ROLE, r, labels.lang).to_string());
    let role = |c: &Cadre| role(c).unwrap_or_default();
    let parties: Vec<crate::domain::cooperation::Party> = store.all()?;
    let mut units = Units::of(&store.period_tallies(period, today)?, (&villages, &parties), &cadres, role, &weights);
    let quarter = matches!(period, Period::Quarter { .. });
    if quarter {
        let before = store.period_tallies(period.previous(), today)?;
        units.against(&Units::of(&before, (&villages, &parties), &cadres, role, &weights));
    }
    let signed = signature(store, labels, today)?;
    let mut name = period_name(labels, period);
    if period.running(crate::domain::dates::YearMonth::of(today)) {
        // Counted to date: the title says so.
        name = labels.f("period.to_date", &[("period", &name), ("date", &crate::domain::dates::format_date(today))]);
    }
    let mut book = Workbook::new();
    let (title_key, sheet_key) =
        if quarter { ("bulletin.title", "bulletin.sheet") } else { ("assessment.title", "assessment.sheet") };
    let mut lines = if quarter { summary(labels, &units) } else { Vec::new() };
    lines.extend(method(labels, &weights));
    let sheet = book.add_worksheet();
    sheet.set_name(labels.t(sheet_key))?;
    text_sheet(sheet, &labels.f(title_key, &[("period", &name)]), &lines, &signed)?;
    let [places, sides, cadre_weights] =
        [Judged::Places, Judged::Sides, Judged::Cadres].map(|u| weights_of(&weights, u));
    let t = |k: &str| labels.t(k).to_string();
    let mut sheets = vec![
        ("ranking.townships", vec![t("report.township")], &units.townships, &places),
        ("ranking.villages", vec![t("report.township"), t("report.village")], &units.villages, &places),
    ];
    if !units.parties.is_empty() {
        sheets.push(("ranking.parties", vec![t("ranking.party")], &units.parties, &sides));
    }
    if !quarter {
        sheets.push(("ranking.cadres", vec![t("ranking.cadre"), t("ranking.role")], &units.cadres, &cadre_weights));
    }
    for (key, names, list, weights) in sheets {
        let sheet = book.add_worksheet();
        sheet.set_name(labels.t(key))?;
        let title = labels.f(&format!("{key}_title"), &[("period", &name)]);
        let layout = Layout { title, names, weights, with_change: quarter };
        write_units(sheet, labels, &layout, list, &signed)?;
    }
    save_private(&mut book, path)?;
    Ok(units.villages.len())
}

/// A unit as the text names it: a village with its township (渔溪镇寨子村), else its name.
fn said(labels: &Labels, u: &Unit) -> String {
    match u.names.as_slice() {
        [township, village] => labels.f("bulletin.place", &[("township", township), ("village", village)]),
        names => names.concat(),
    }
}

/// The bulletin's words: who leads and who trails, who rose and fell most since the
/// quarter before, what is overdue at its end, what monitoring found.
fn summary(labels: &Labels, units: &Units) -> Vec<String> {
    let mut lines = Vec::new();
    let sep = labels.t("common.list_separator");
    let names = |list: &[&Unit]| list.iter().map(|u| said(labels, u)).collect::<Vec<_>>().join(sep);
    for (key, list) in [("bulletin.townships", &units.townships), ("bulletin.villages", &units.villages)] {
        let ranked: Vec<&Unit> = list.iter().filter(|u| u.rank.is_some()).collect();
        // Up to three each way, never the same unit both leading and trailing.
        let each = (ranked.len() / 2).clamp(1, 3);
        let top: Vec<&Unit> = ranked.iter().take(each).copied().collect();
        let bottom: Vec<&Unit> = ranked.iter().rev().take(each.min(ranked.len() - top.len())).copied().collect();
        if !top.is_empty() {
            let trailing = if bottom.is_empty() { "—".to_string() } else { names(&bottom) };
            lines.push(labels.f(key, &[("top", &names(&top)), ("bottom", &trailing)]));
        }
    }
    let moved = |up: bool| -> Vec<&Unit> {
        let gain = |u: &Unit| match (u.rank, u.before) {
            (Some(now), Some(then)) => then as i64 - now as i64,
            _ => 0,
        };
        let mut list: Vec<&Unit> =
            units.villages.iter().filter(|u| if up { gain(u) > 0 } else { gain(u) < 0 }).collect();
        list.sort_by_key(|u| if up { -gain(u) } else { gain(u) });
        list.into_iter().take(3).collect()
    };
    for (key, list) in [("bulletin.rose", moved(true)), ("bulletin.fell", moved(false))] {
        if !list.is_empty() {
            let moved =
                |u: &&Unit| labels.f("bulletin.moved", &[("unit", &said(labels, u)), ("change", &change_text(u))]);
            let text = list.iter().map(moved).collect::<Vec<_>>().join(sep);
            lines.push(labels.f(key, &[("list", &text)]));
        }
    }
    let mut whole = Tally::default();
    for u in &units.townships {
        whole.add(&u.tally);
    }
    let mut late: Vec<&Unit> = units.villages.iter().filter(|u| u.tally.overdue_end > 0).collect();
    late.sort_by_key(|u| std::cmp::Reverse(u.tally.overdue_end));
    let most = late
        .iter()
        .take(3)
        .map(|u| {
            labels.f(
                "bulletin.village_households",
                &[("village", &said(labels, u)), ("n", &u.tally.overdue_end.to_string())],
            )
        })
        .collect::<Vec<_>>()
        .join(sep);
    let overdue =
        [("n", whole.overdue_end.to_string()), ("list", most), ("tasks", whole.tasks_overdue_end.to_string())];
    let overdue: Vec<(&str, &str)> = overdue.iter().map(|(k, v)| (*k, v.as_str())).collect();
    lines.push(labels.f(if whole.overdue_end > 0 { "bulletin.overdue" } else { "bulletin.no_overdue" }, &overdue));
    lines.push(labels.f(
        "bulletin.monitoring",
        &[("identified", &whole.identified.to_string()), ("eliminated", &whole.eliminated.to_string())],
    ));
    lines.push(String::new());
    lines
}

/// The indicators with their weight, direction and meaning, and how a score is made.
pub(super) fn method(labels: &Labels, weights: &[(Indicator, u32)]) -> Vec<String> {
    let mut lines = vec![labels.t("bulletin.method").to_string()];
    for (i, w) in weights {
        lines.push(labels.f(
            "ind.line",
            &[
                ("name", labels.t(&format!("ind.{}", i.code))),
                ("w", &w.to_string()),
                ("meaning", labels.t(&format!("ind.def.{}", i.code))),
            ],
        ));
    }
    lines.push(labels.t("bulletin.score_rule").to_string());
    lines.push(labels.t("bulletin.weights_where").to_string());
    lines
}

/// A sheet of text: a title, a line per row wrapped across the page, the signature.
pub(super) fn text_sheet(
    sheet: &mut Worksheet,
    title: &str,
    lines: &[String],
    signed: &super::book::Signature,
) -> Result<(), XlsxError> {
    // As wide as A4 across holds at full size (about 40 Chinese characters).
    const WIDTH: f64 = 80.0;
    let title_format = Format::new().set_bold().set_font_size(14).set_align(FormatAlign::Center);
    let wrapped = Format::new().set_text_wrap().set_align(FormatAlign::Top);
    sheet.set_column_width(0, WIDTH)?;
    sheet.write_string_with_format(0, 0, title, &title_format)?;
    sheet.set_row_height(0, 24)?;
    let mut row = 2u32;
    for line in lines {
        sheet.write_string_with_format(row, 0, line, &wrapped)?;
        // Rows are as tall as their wrapped text (a reader does not grow them itself).
        let width = unicode_width::UnicodeWidthStr::width(line.as_str()) as f64;
        let rows = (width / (WIDTH * 1.2)).ceil().max(1.0);
        sheet.set_row_height(row, 16.0 * rows)?;
        row += 1;
    }
    signed.write(sheet, row + 1)?;
    super::book::print_setup(sheet, 1, 1, &signed.footer)
}
