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
        let names = county_names(rows);
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
pub fn county_names(rows: &[CountyTallies]) -> std::collections::HashMap<String, String> {
    let mut ledgers: std::collections::BTreeMap<&str, std::collections::BTreeSet<&str>> = Default::default();
    for r in rows {
        ledgers.entry(r.county.as_str()).or_default().insert(r.ledger_id.as_str());
    }
    rows.iter()
        .map(|r| {
            let shared = ledgers.get(r.county.as_str()).is_some_and(|l| l.len() > 1) || r.county.is_empty();
            let short: String = r.ledger_id.chars().take(8).collect();
            let name = if shared { format!("{}（{short}）", r.county) } else { r.county.clone() };
            (r.ledger_id.clone(), name)
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
    let signed = super::book::Signature {
        unit: String::new(),
        person: String::new(),
        date: crate::domain::dates::format_date(today),
        labels: (
            labels.t("report.signed_unit").to_string(),
            labels.t("report.signed_person").to_string(),
            labels.t("report.signed_date").to_string(),
        ),
        footer: labels.t("report.page_footer").to_string(),
    };
    let name = period_name(labels, period);
    let mut book = Workbook::new();
    let (title_key, sheet_key) =
        if quarter { ("bulletin.title", "bulletin.sheet") } else { ("assessment.title", "assessment.sheet") };
    let sheet = book.add_worksheet();
    sheet.set_name(labels.t(sheet_key)).map_err(ReportError::from)?;
    let mut lines = vec![labels.f("rollup.counties", &[("n", &groups.counties.len().to_string())])];
    lines.extend(method(labels, &weights));
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
