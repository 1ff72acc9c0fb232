//! `bangfu report month YYYY-MM PATH.xlsx`: the monthly dispatch report (月调度) a
//! township asks for — 概览's figures per township and village, with subtotals and a
//! total, then projects by status with their funds, the tasks, and the month's 存在问题
//! and 下月打算 as the ledger keeps them (docs/reports.md).

mod book;
mod bulletin;
mod cooperation;
mod ledgers;
mod month;
mod ranking;
mod rollup;
pub use month::{month_report, month_report_of, side_file_word, side_name};
pub use ranking::{RankedVillage, village_ranking};
pub use rollup::{RollupCounts, RollupFailure, county_names, rollup_month_report, rollup_period_report};

pub use bulletin::{period_name, period_report};
pub use cooperation::{
    CooperationCounts, LISTS as COOPERATION_LISTS, Names as SheetNames, cooperation_report, header_of, sheet_fields,
};
pub use ledgers::{LedgerCounts, ledgers_report};

use crate::domain::dates::YearMonth;
use crate::domain::side::Side;
use crate::store::{Store, StoreError};
use crate::ui::Labels;
use rust_xlsxwriter::{Workbook, XlsxError};
use std::path::Path;

/// The setting keeping a month's free text (`month_notes:2026-11:problems`, `…:plans`).
pub fn notes_key(month: YearMonth, which: &str) -> String {
    format!("{NOTES_PREFIX}{month}:{which}")
}

const NOTES_PREFIX: &str = "month_notes:";

/// The month and which text (`problems`, `plans`) a setting of `notes_key` holds.
pub fn notes_of_key(key: &str) -> Option<(YearMonth, &str)> {
    let (month, which) = key.strip_prefix(NOTES_PREFIX)?.split_once(':')?;
    Some((crate::domain::dates::parse_month(month).ok()?, which))
}

#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{0}")]
    Write(String),
}

impl From<crate::export::ExportError> for ReportError {
    fn from(e: crate::export::ExportError) -> Self {
        match e {
            crate::export::ExportError::Store(e) => ReportError::Store(e),
            other => ReportError::Write(other.to_string()),
        }
    }
}

/// Saves a report owner-only (0600), as exports are: it names people and their phone
/// numbers. Written to a part file beside it first, which takes the report's name
/// only once whole (a report already there is replaced only then).
pub(crate) fn save_private(book: &mut Workbook, path: &Path) -> Result<(), ReportError> {
    let fail = |detail: String| ReportError::Write(format!("{}: {detail}", path.display()));
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    // tempfile makes its files 0600.
    let part = tempfile::Builder::new().prefix(".bangfu-").suffix(".part").tempfile_in(&folder);
    let part = part.map_err(|e| fail(e.to_string()))?;
    book.save_to_writer(part.as_file()).map_err(|e| fail(e.to_string()))?;
    part.as_file().sync_all().map_err(|e| fail(e.to_string()))?;
    part.persist(path).map(drop).map_err(|e| fail(e.error.to_string()))
}

/// What can be written out of the ledger, by the command line and from 概览.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Output {
    /// 月调度 for a month, of the whole ledger or of one assisting side.
    Month(YearMonth, Option<Side>),
    /// 三本台账, the cadres' days counted for a year.
    Ledgers(i32),
    /// 季通报 for a quarter, 年考评 for a year.
    Period(crate::domain::assessment::Period),
    /// The national person layout, with the incomes of a year.
    National(i32),
    /// 协作台账: the sides' year against their agreements and the cooperation lists.
    Cooperation(i32),
}

/// Writes `output` to `path`; returns the sentence that says what was written where.
pub fn write_output(
    store: &mut Store,
    labels: &Labels,
    output: Output,
    today: chrono::NaiveDate,
    path: &Path,
) -> Result<String, ReportError> {
    // A folder that is not there is said with its path, and nothing is created: the
    // same sentence from the command line and the app.
    if let Some(folder) = path.parent().filter(|f| !f.as_os_str().is_empty() && !f.is_dir()) {
        return Err(ReportError::Store(StoreError::NoFolder { path: folder.to_path_buf() }));
    }
    let shown = path.display().to_string();
    Ok(match output {
        Output::Month(month, side) => {
            let n = month_report_of(store, labels, month, side.as_ref(), today, path)?;
            labels.f("report.done", &[("path", &shown), ("n", &n.to_string())])
        }
        Output::Ledgers(year) => {
            let c = ledgers_report(store, labels, year, today, path)?;
            labels.f(
                "ledger.done",
                &[
                    ("path", &shown),
                    ("projects", &c.projects.to_string()),
                    ("reserve", &c.reserve.to_string()),
                    ("cadres", &c.cadres.to_string()),
                    ("tasks", &c.tasks.to_string()),
                ],
            )
        }
        Output::Period(period) => {
            let n = period_report(store, labels, period, today, path)?;
            labels.f("bulletin.done", &[("path", &shown), ("n", &n.to_string())])
        }
        Output::Cooperation(year) => {
            let c = cooperation_report(store, labels, year, today, path)?;
            labels.f(
                "coop.done",
                &[("path", &shown), ("sides", &c.sides.to_string()), ("records", &c.records.to_string())],
            )
        }
        Output::National(year) => {
            let title = labels.f("export.title", &[("year", &year.to_string())]);
            let n = crate::export::export_national(store, path, year, &title)?;
            labels.f("export.done", &[("path", &shown), ("n", &n.to_string())])
        }
    })
}

impl From<XlsxError> for ReportError {
    fn from(e: XlsxError) -> Self {
        ReportError::Write(e.to_string())
    }
}

/// Who signs a report: 填报单位 (the setting `report_unit`, else the ledger's county),
/// 填报人 (本人 of this login, `b` on 人员), and the day.
pub(crate) fn signature(
    store: &Store,
    labels: &Labels,
    today: chrono::NaiveDate,
) -> Result<book::Signature, StoreError> {
    let county = || {
        let villages = store.all::<crate::domain::village::Village>().ok()?;
        villages.into_iter().find(|v| !v.county.is_empty()).map(|v| v.county)
    };
    let unit = store.setting(UNIT_SETTING)?.filter(|u| !u.trim().is_empty()).or_else(county).unwrap_or_default();
    let person = store.works_as()?.map(|c| c.name).unwrap_or_default();
    Ok(signed_by(labels, unit, person, today))
}

/// A signature of this unit and person (either left blank, to fill in by hand) and day.
pub(crate) fn signed_by(labels: &Labels, unit: String, person: String, today: chrono::NaiveDate) -> book::Signature {
    book::Signature {
        unit,
        person,
        date: crate::domain::dates::format_date(today),
        labels: (
            labels.t("report.signed_unit").to_string(),
            labels.t("report.signed_person").to_string(),
            labels.t("report.signed_date").to_string(),
        ),
        footer: labels.t("report.page_footer").to_string(),
    }
}

/// The setting naming the unit a report is filed by (填报单位).
pub const UNIT_SETTING: &str = "report_unit";
