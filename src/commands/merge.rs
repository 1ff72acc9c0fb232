//! `bangfu merge OTHER.db [--dry-run] [--force] [--json]`: brings another copy's
//! changes into the ledger and says what it did.

use crate::cli::{CliError, store_error};
use crate::domain::stored::escaped;
use crate::store::{IncomingProblem, Store, StoreError};
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
    let report = match store.merge_from(other, force, dry_run) {
        Ok(report) => report,
        Err(StoreError::Refused(problems)) => return Err(refused(labels, &problems, json)),
        Err(e) => return Err(store_error(labels, e)),
    };
    if json {
        super::say(&serde_json::to_string_pretty(&report).unwrap_or_default());
        return Ok(());
    }
    let n = |x: usize| x.to_string();
    let key = if dry_run { "merge.dry_run" } else { "merge.done" };
    super::say(&labels.f(
        key,
        &[
            ("other", &other.display().to_string()),
            ("ops", &n(report.ops_in)),
            ("added", &n(report.records_added)),
            ("changed", &n(report.records_changed)),
        ],
    ));
    if report.conflicts > 0 {
        super::say(&labels.f("merge.conflicts", &[("n", &n(report.conflicts))]));
    }
    if report.duplicates > 0 {
        super::say(&labels.f("merge.duplicates", &[("n", &n(report.duplicates))]));
    }
    Ok(())
}

/// Names each refused value by its op (the first of them; all with `--json`), then
/// says in one sentence that nothing was merged.
fn refused(labels: &Labels, problems: &[IncomingProblem], json: bool) -> CliError {
    const SHOWN: usize = 50;
    let mut out = String::new();
    if json {
        out = super::json_safe(
            &serde_json::to_string_pretty(&serde_json::json!({ "refused": problems })).unwrap_or_default(),
        );
        out.push('\n');
    } else {
        for p in problems.iter().take(SHOWN) {
            let args = [
                ("op", &*escaped(&p.op_id)),
                ("table", &*escaped(&p.table)),
                ("id", &*escaped(&p.record_id)),
                ("field", &*escaped(&p.field)),
                ("problem", &labels.problem(&p.problem)),
            ];
            out.push_str(&labels.f("merge.refused_value", &args));
            out.push('\n');
        }
        if problems.len() > SHOWN {
            out.push_str(&labels.f("check.rows_more", &[("n", &(problems.len() - SHOWN).to_string())]));
            out.push('\n');
        }
    }
    super::print_quietly(&out);
    CliError::User(labels.f("error.refused", &[("n", &problems.len().to_string())]))
}
