//! `bangfu report quarter|year … --from postgresql://… [--city CODE | --province CODE]`:
//! the bulletin or the assessment over the counties published to the roll-up database
//! — counties ranked, then their townships and villages — from the sums PostgreSQL
//! makes of the villages' tallies, scored by the same rule as a county's own report
//! (docs/rollup.md). A county's figures here are its own report's.

use super::bulletin::{method, period_name, text_sheet};
use super::ranking::{Layout, Unit, note_before, score_and_rank, unit, write_units};
use super::{ReportError, save_private};
use crate::domain::assessment::{INDICATORS, Indicator, Judged, Period, weights_of};
use crate::rollup::{Area, CountyTallies, RollupError, Target, county_tallies};
use crate::ui::Labels;
use rust_xlsxwriter::Workbook;
use std::path::Path;

/// The counties, townships and villages of a period, each group ranked among its own.
#[derive(Debug, Default)]
struct Groups {
    counties: Vec<Unit>,
    townships: Vec<Unit>,
    villages: Vec<Unit>,
}

impl Groups {
    fn of(rows: &[CountyTallies], weights: &[(Indicator, u32)]) -> Groups {
        let mut groups = Groups::default();
        let names = county_names(rows.iter().map(|r| (r.ledger_id.as_str(), r.county.as_str())));
        for r in rows {
            let county = names.get(&r.ledger_id).cloned().unwrap_or_default();
            match (r.township.is_empty(), r.village.is_empty()) {
                (true, _) => groups.counties.push(unit(vec![county], r.tally.clone())),
                (false, true) => groups.townships.push(unit(vec![county, r.township.clone()], r.tally.clone())),
                (false, false) => {
                    groups.villages.push(unit(vec![county, r.township.clone(), r.village.clone()], r.tally.clone()))
                }
            }
        }
        for list in [&mut groups.counties, &mut groups.townships, &mut groups.villages] {
            score_and_rank(list, weights);
        }
        groups
    }
}

/// Each ledger's county as the report names it: its name, with the start of its
/// ledger id where two ledgers give one name (two copies published as two ledgers,
/// or a county's name missing).
pub fn county_names<'a>(
    ledgers: impl Iterator<Item = (&'a str, &'a str)> + Clone,
) -> std::collections::HashMap<String, String> {
    let mut of_name: std::collections::BTreeMap<&str, std::collections::BTreeSet<&str>> = Default::default();
    for (ledger, county) in ledgers.clone() {
        of_name.entry(county).or_default().insert(ledger);
    }
    ledgers
        .map(|(ledger, county)| {
            let shared = of_name.get(county).is_some_and(|l| l.len() > 1) || county.is_empty();
            let short: String = ledger.chars().take(8).collect();
            let name = if shared { format!("{county}（{short}）") } else { county.to_string() };
            (ledger.to_string(), name)
        })
        .collect()
}

/// What a roll-up report counted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RollupCounts {
    pub counties: usize,
    pub villages: usize,
}

/// Writes the roll-up bulletin (a quarter, with each unit's rank the quarter before)
/// or assessment (a year) of the counties in `area`.
pub fn rollup_period_report(
    target: &Target,
    labels: &Labels,
    period: Period,
    area: &Area,
    today: chrono::NaiveDate,
    path: &Path,
) -> Result<RollupCounts, RollupFailure> {
    let mut client = target.connect()?;
    // The documented defaults: the counties' own weights may differ, and one county's
    // choice is not the city's.
    let all: Vec<(Indicator, u32)> = INDICATORS.iter().map(|i| (*i, i.default_weight)).collect();
    let weights = weights_of(&all, Judged::Places);
    let rows = county_tallies(&mut client, period, area)?;
    let mut groups = Groups::of(&rows, &weights);
    let quarter = matches!(period, Period::Quarter { .. });
    if quarter {
        let before = Groups::of(&county_tallies(&mut client, period.previous(), area)?, &weights);
        note_before(&mut groups.counties, &before.counties);
        note_before(&mut groups.townships, &before.townships);
        note_before(&mut groups.villages, &before.villages);
    }
    let signed = blank_signature(labels, today);
    let name = period_name(labels, period);
    let mut book = Workbook::new();
    let (title_key, sheet_key) =
        if quarter { ("bulletin.title", "bulletin.sheet") } else { ("assessment.title", "assessment.sheet") };
    let sheet = book.add_worksheet();
    sheet.set_name(labels.t(sheet_key)).map_err(ReportError::from)?;
    let mut lines = vec![labels.f("rollup.counties", &[("n", &groups.counties.len().to_string())])];
    // The default weights, whatever a county set: not "the ledger's setting" the
    // county's method sheet speaks of (the first line above says so).
    let own_weights = labels.t("bulletin.weights_where");
    lines.extend(method(labels, &weights).into_iter().filter(|l| l != own_weights));
    text_sheet(sheet, &labels.f(title_key, &[("period", &name)]), &lines, &signed).map_err(ReportError::from)?;
    let t = |k: &str| labels.t(k).to_string();
    let sheets = [
        ("rollup.sheet_counties", vec![t("rollup.county")], &groups.counties),
        ("ranking.townships", vec![t("rollup.county"), t("report.township")], &groups.townships),
        ("ranking.villages", vec![t("rollup.county"), t("report.township"), t("report.village")], &groups.villages),
    ];
    for (key, names, list) in sheets {
        let sheet = book.add_worksheet();
        sheet.set_name(labels.t(key)).map_err(ReportError::from)?;
        let title = labels.f(&format!("{key}_title"), &[("period", &name)]);
        let layout = Layout { title, names, weights: &weights, with_change: quarter };
        write_units(sheet, labels, &layout, list, &signed).map_err(ReportError::from)?;
    }
    save_private(&mut book, path)?;
    Ok(RollupCounts { counties: groups.counties.len(), villages: groups.villages.len() })
}

/// A roll-up report failed: reaching the database, or writing the workbook.
#[derive(Debug, thiserror::Error)]
pub enum RollupFailure {
    #[error(transparent)]
    Rollup(#[from] RollupError),
    #[error(transparent)]
    Report(#[from] ReportError),
}

/// Writes 月调度 over the counties in `area` for `month`: each county's townships, its
/// total, then all of them, each a sum PostgreSQL made of the villages' figures as
/// each county's own 月调度 counted them.
pub fn rollup_month_report(
    target: &Target,
    labels: &Labels,
    month: crate::domain::dates::YearMonth,
    area: &Area,
    today: chrono::NaiveDate,
    path: &Path,
) -> Result<RollupCounts, RollupFailure> {
    use super::month::{COLUMNS, FIRST_FIGURE, write_figures};
    use rust_xlsxwriter::{Format, FormatAlign, FormatBorder};
    let mut client = target.connect()?;
    let rows = crate::rollup::county_months(&mut client, month, area)?;
    let names = county_names(rows.iter().map(|r| (r.ledger_id.as_str(), r.county.as_str())));
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let fail = |e: rust_xlsxwriter::XlsxError| RollupFailure::Report(e.into());
    sheet.set_name(labels.t("report.sheet_month")).map_err(fail)?;
    let plain = Format::new().set_border(FormatBorder::Thin);
    let bold = plain.clone().set_bold();
    let center = bold.clone().set_align(FormatAlign::Center).set_text_wrap();
    let title = labels.f("report.title", &[("month", &month.to_string())]);
    let title_format = Format::new().set_bold().set_font_size(14).set_align(FormatAlign::Center);
    sheet.merge_range(0, 0, 0, COLUMNS.len() as u16 + FIRST_FIGURE - 1, &title, &title_format).map_err(fail)?;
    for (i, head) in
        [labels.t("rollup.county"), labels.t("report.township"), labels.t("rollup.villages")].iter().enumerate()
    {
        sheet.write_string_with_format(1, i as u16, *head, &center).map_err(fail)?;
    }
    for (i, (key, _)) in COLUMNS.iter().enumerate() {
        sheet.write_string_with_format(1, i as u16 + FIRST_FIGURE, labels.t(key), &center).map_err(fail)?;
    }
    sheet.set_row_height(1, 32).map_err(fail)?;
    // A county's name with its ledger's id where two share it: 恩阳区（2679338b）.
    sheet.set_column_width(0, 20).map_err(fail)?;
    sheet.set_column_width(1, 12).map_err(fail)?;
    let mut row = 2u32;
    let mut whole = crate::store::Figures::default();
    let mut villages = 0;
    let mut counties = 0;
    // A county's townships first, then its own total row.
    let mut ordered: Vec<&crate::rollup::CountyMonth> = rows.iter().collect();
    ordered.sort_by_key(|r| {
        (names.get(&r.ledger_id).cloned().unwrap_or_default(), r.township.is_empty(), r.township.clone())
    });
    for r in ordered {
        let county = names.get(&r.ledger_id).cloned().unwrap_or_default();
        let (format, township) = if r.township.is_empty() {
            whole.add(&r.figures);
            villages += r.villages;
            counties += 1;
            (&bold, labels.t("report.subtotal").to_string())
        } else {
            (&plain, r.township.clone())
        };
        sheet.write_string_with_format(row, 0, &county, format).map_err(fail)?;
        sheet.write_string_with_format(row, 1, &township, format).map_err(fail)?;
        sheet.write_number_with_format(row, 2, r.villages as f64, format).map_err(fail)?;
        write_figures(sheet, row, &r.figures, format).map_err(fail)?;
        row += 1;
    }
    sheet.write_string_with_format(row, 0, labels.t("report.total"), &bold).map_err(fail)?;
    sheet.write_blank(row, 1, &bold).map_err(fail)?;
    sheet.write_number_with_format(row, 2, villages as f64, &bold).map_err(fail)?;
    write_figures(sheet, row, &whole, &bold).map_err(fail)?;
    let signed = blank_signature(labels, today);
    signed.write(sheet, row + 2).map_err(fail)?;
    super::book::print_setup(sheet, COLUMNS.len() + usize::from(FIRST_FIGURE), 2, &signed.footer).map_err(fail)?;
    save_private(&mut book, path)?;
    Ok(RollupCounts { counties, villages: villages as usize })
}

/// A signature with its lines left to fill in by hand (a city's unit and clerk are
/// not a county ledger's).
fn blank_signature(labels: &Labels, today: chrono::NaiveDate) -> super::book::Signature {
    super::signed_by(labels, String::new(), String::new(), today)
}
