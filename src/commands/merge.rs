//! `bangfu merge OTHER.db [--dry-run] [--force] [--json]`: brings another copy's
//! changes into the ledger and says what it did.

use crate::cli::{CliError, store_error};
use crate::store::Store;
use crate::ui::Labels;
use std::path::Path;

pub(super) fn run(
    labels: &Labels,
    store: &mut Store,
    other: &Path,
    dry_run: bool,
    force: bool,
    json: bool,
) -> Result<(), CliError> {
    if !other.exists() {
        return Err(CliError::User(labels.f("error.no_ledger", &[("path", &other.display().to_string())])));
    }
    let report = store.merge_from(other, force, dry_run).map_err(|e| store_error(labels, e))?;
    if json {
        println!("{}", serde_json::to_string_pretty(&report).unwrap_or_default());
        return Ok(());
    }
    let n = |x: usize| x.to_string();
    let key = if dry_run { "merge.dry_run" } else { "merge.done" };
    println!(
        "{}",
        labels.f(
            key,
            &[
                ("other", &other.display().to_string()),
                ("ops", &n(report.ops_in)),
                ("added", &n(report.records_added)),
                ("changed", &n(report.records_changed)),
            ]
        )
    );
    if report.conflicts > 0 {
        println!("{}", labels.f("merge.conflicts", &[("n", &n(report.conflicts))]));
    }
    if report.duplicates > 0 {
        println!("{}", labels.f("merge.duplicates", &[("n", &n(report.duplicates))]));
    }
    Ok(())
}
