//! `bangfu import PATH [--dry-run]`: the national export reconciled with the ledger,
//! and what it did (or would do) said row by row.

use crate::cli::{CliError, store_error};
use crate::import::text::{error_sentence, imported_lines};
use crate::import::{ImportError, Imported};
use crate::ui::Labels;

/// How many rows' issues and changes are listed (the counts are always whole).
const LISTED: usize = 50;

pub(super) fn error_text(labels: &Labels, e: ImportError) -> CliError {
    match e {
        ImportError::Store(e) => store_error(labels, e),
        other => CliError::User(error_sentence(labels, &other)),
    }
}

pub(super) fn print_report(labels: &Labels, r: &Imported, dry_run: bool) {
    let mut out = imported_lines(labels, r, dry_run, LISTED).join("\n");
    out.push('\n');
    super::print_quietly(&out);
}
