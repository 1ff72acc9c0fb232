//! `bangfu import PATH [--dry-run]`: the national export reconciled with the ledger,
//! and what it did (or would do) said row by row.

use crate::cli::{CliError, store_error};
use crate::domain::national::RowIssue;
use crate::import::{ImportError, ImportReport, Issue};
use crate::ui::Labels;

/// How many rows' issues and changes are listed (the counts are always whole).
const LISTED: usize = 50;

pub(super) fn error_text(labels: &Labels, e: ImportError) -> CliError {
    match e {
        ImportError::Sheet(crate::sheets::SheetError::Kind { path }) => {
            CliError::User(labels.f("import.not_a_sheet", &[("path", &path)]))
        }
        ImportError::Sheet(crate::sheets::SheetError::Read { path, detail }) => {
            CliError::User(labels.f("error.io", &[("path", &path), ("detail", &detail)]))
        }
        ImportError::NoHeader => CliError::User(labels.t("import.no_header").to_string()),
        ImportError::Store(e) => store_error(labels, e),
    }
}

pub(super) fn print_report(labels: &Labels, r: &ImportReport, dry_run: bool) {
    let n = |x: usize| x.to_string();
    let key = if dry_run { "import.dry_run" } else { "import.done" };
    let args = [
        ("households_new", n(r.households_new)),
        ("households_changed", n(r.households_changed)),
        ("households_unchanged", n(r.households_unchanged)),
        ("people_new", n(r.people_new)),
        ("people_changed", n(r.people_changed)),
        ("people_unchanged", n(r.people_unchanged)),
        ("villages_new", n(r.villages_new.len())),
        ("rejected", n(r.issues.len())),
        ("year", r.income_year.to_string()),
    ];
    let refs: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let mut out = labels.f(key, &refs);
    out.push('\n');
    for (line, issue) in r.issues.iter().take(LISTED) {
        out.push_str(&labels.f("import.row", &[("line", &line.to_string()), ("what", &issue_text(labels, issue))]));
        out.push('\n');
    }
    if r.issues.len() > LISTED {
        out.push_str(&labels.f("import.more", &[("n", &(r.issues.len() - LISTED).to_string())]));
        out.push('\n');
    }
    for (line, who, fields) in r.changes.iter().take(LISTED) {
        let what = labels.f("import.changed", &[("who", who), ("fields", &fields.join("、"))]);
        out.push_str(&labels.f("import.row", &[("line", &line.to_string()), ("what", &what)]));
        out.push('\n');
    }
    super::print_quietly(&out);
}

fn issue_text(labels: &Labels, issue: &Issue) -> String {
    match issue {
        Issue::Row(RowIssue::NoHouseholdNumber) => labels.t("import.no_number").into(),
        Issue::Row(RowIssue::NoName) => labels.t("import.no_name").into(),
        Issue::Row(RowIssue::BadId { number, problem }) => {
            let number = crate::domain::idnum::mask(number);
            labels.f("import.bad_id", &[("number", &number), ("problem", &labels.problem(problem))])
        }
        Issue::Row(RowIssue::PersonTwice { number, first_line }) => labels
            .f("import.twice", &[("number", &crate::domain::idnum::mask(number)), ("first", &first_line.to_string())]),
        Issue::Row(RowIssue::UnknownLabel { column, value }) => {
            labels.f("import.unknown_label", &[("column", column), ("value", value)])
        }
        Issue::Row(RowIssue::BadValue { column, value }) => {
            labels.f("import.bad_value", &[("column", column), ("value", value)])
        }
        Issue::UnknownVillage { township, village } => {
            labels.f("import.unknown_village", &[("township", township), ("village", village)])
        }
        Issue::UnknownCounty { county } => labels.f("import.unknown_county", &[("county", county)]),
        Issue::Invalid { fields } => labels.f("import.invalid", &[("fields", &fields.join("、"))]),
        Issue::Conflict { who, field, ours, theirs } => {
            labels.f("import.conflict", &[("who", who), ("field", field), ("ours", ours), ("theirs", theirs)])
        }
    }
}
