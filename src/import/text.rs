//! What an import did (or would do), as sentences in the user's language: for the
//! command line and for the app's preview alike.

use super::{ImportError, ImportReport, ImportStep, Issue};
use crate::domain::national::RowIssue;
use crate::ui::Labels;

/// The counts, then each row's issue and each change, at most `listed` of each kind
/// (the counts are always whole).
pub fn report_lines(labels: &Labels, r: &ImportReport, dry_run: bool, listed: usize) -> Vec<String> {
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
    let mut out = vec![labels.f(key, &refs)];
    let row = |line: usize, what: &str| labels.f("import.row", &[("line", &line.to_string()), ("what", what)]);
    for (line, issue) in r.issues.iter().take(listed) {
        out.push(row(*line, &issue_text(labels, issue)));
    }
    if r.issues.len() > listed {
        out.push(labels.f("import.more", &[("n", &(r.issues.len() - listed).to_string())]));
    }
    for (line, who, fields) in r.changes.iter().take(listed) {
        let named: Vec<&str> = fields.iter().map(|f| field_label(labels, f)).collect();
        out.push(row(*line, &labels.f("import.changed", &[("who", who), ("fields", &named.join("、"))])));
    }
    if r.changes.len() > listed {
        out.push(labels.f("import.more_changes", &[("n", &(r.changes.len() - listed).to_string())]));
    }
    out
}

/// A changed field (`member.education`) by its label (文化程度), else as it is.
fn field_label<'a>(labels: &Labels, field: &'a str) -> &'a str {
    match field.split_once('.').map(|(form, key)| labels.field(form, key)) {
        Some(label) if label != "?" => label,
        _ => field,
    }
}

/// Why a file could not be imported, as one sentence.
pub fn error_sentence(labels: &Labels, e: &ImportError) -> String {
    match e {
        ImportError::Sheet(crate::sheets::SheetError::Kind { path }) => {
            labels.f("import.not_a_sheet", &[("path", path)])
        }
        ImportError::Sheet(crate::sheets::SheetError::Read { path, detail }) => {
            labels.f("error.io", &[("path", path), ("detail", detail)])
        }
        ImportError::Sheet(crate::sheets::SheetError::Damaged { path, .. }) => {
            labels.f("import.damaged", &[("path", path)])
        }
        ImportError::NoHeader => labels.t("import.no_header").to_string(),
        ImportError::Store(e) => labels.store_error(e),
    }
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

/// The line for an import's step (the terminal's, the app's status): a bar while
/// households are compared.
pub fn progress_line(labels: &Labels, path: &str, step: ImportStep) -> String {
    match step {
        ImportStep::Reading => labels.f("progress.import", &[("path", path)]),
        ImportStep::Checking { done, total } => {
            let bar = crate::ui::text::progress_bar(done, total, 20);
            labels.f(
                "progress.import_check",
                &[("bar", &bar), ("done", &done.to_string()), ("total", &total.to_string())],
            )
        }
        ImportStep::Writing => labels.t("progress.import_write").to_string(),
    }
}
