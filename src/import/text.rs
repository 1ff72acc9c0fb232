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
    let groups = grouped(labels, &r.issues);
    for (lines, what) in groups.iter().take(listed) {
        match lines.as_slice() {
            [line] => out.push(row(*line, what)),
            _ => out.push(labels.f(
                "import.rows",
                &[("lines", &line_ranges(labels, lines)), ("n", &lines.len().to_string()), ("what", what)],
            )),
        }
    }
    if groups.len() > listed {
        let rest: usize = groups.iter().skip(listed).map(|(lines, _)| lines.len()).sum();
        let args = [("kinds", (groups.len() - listed).to_string()), ("n", rest.to_string())];
        out.push(labels.f("import.more", &[("kinds", &args[0].1), ("n", &args[1].1)]));
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

/// The issues said alike, each once with the rows it was found on, in the order of
/// their first row: 2,438 rows of one problem are one line, not 2,438.
fn grouped(labels: &Labels, issues: &[(usize, Issue)]) -> Vec<(Vec<usize>, String)> {
    let mut groups: Vec<(Vec<usize>, String)> = Vec::new();
    let mut at: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for (line, issue) in issues {
        let text = issue_text(labels, issue);
        match at.get(&text) {
            Some(&i) => groups.get_mut(i).into_iter().for_each(|(lines, _)| lines.push(*line)),
            None => {
                at.insert(text.clone(), groups.len());
                groups.push((vec![*line], text));
            }
        }
    }
    groups
}

/// How many runs of rows a grouped line names before "…".
const RANGES_SHOWN: usize = 4;

/// Rows as runs: `4–6、204–209、…` (the rows in order; each run of consecutive rows once).
fn line_ranges(labels: &Labels, lines: &[usize]) -> String {
    let mut runs: Vec<(usize, usize)> = Vec::new();
    for &line in lines {
        match runs.last_mut() {
            Some((_, end)) if line == *end + 1 => *end = line,
            Some((_, end)) if line == *end => {}
            _ => runs.push((line, line)),
        }
    }
    let mut shown: Vec<String> =
        runs.iter().take(RANGES_SHOWN).map(|(a, b)| if a == b { a.to_string() } else { format!("{a}–{b}") }).collect();
    if runs.len() > RANGES_SHOWN {
        shown.push("…".to_string());
    }
    shown.join(labels.t("common.list_separator"))
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
        ImportError::Sheet(crate::sheets::SheetError::TooLarge { path, limit }) => {
            let what = labels.t(&format!("import.limit.{}", limit.key())).to_string();
            labels.f("import.too_large", &[("path", path), ("what", &what)])
        }
        ImportError::NoHeader => labels.t("import.no_header").to_string(),
        ImportError::Store(e) => labels.store_error(e),
    }
}

fn issue_text(labels: &Labels, issue: &Issue) -> String {
    match issue {
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
        Issue::Row(RowIssue::ControlCharacters { column }) => {
            labels.f("import.control_characters", &[("column", column)])
        }
        Issue::Row(RowIssue::BadValue { column, value }) => {
            labels.f("import.bad_value", &[("column", column), ("value", value)])
        }
        Issue::Row(RowIssue::PerCapitaDiffers { file, computed }) => {
            let money = |fen: i64| crate::domain::money::format_plain(fen);
            match computed {
                Some(c) => labels.f("import.per_capita_differs", &[("file", &money(*file)), ("computed", &money(*c))]),
                None => labels.f("import.per_capita_alone", &[("file", &money(*file))]),
            }
        }
        Issue::UnknownVillage { township, village } => {
            labels.f("import.unknown_village", &[("township", township), ("village", village)])
        }
        Issue::UnknownCounty { county } => labels.f("import.unknown_county", &[("county", county)]),
        Issue::NoInsuranceColumn => labels.t("import.no_insurance").to_string(),
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

/// What an import of the cooperation lists did (or would do): a line per list, then
/// each row left out with its reason (at most `listed`).
pub fn lists_report_lines(labels: &Labels, r: &super::lists::ListsReport, dry_run: bool, listed: usize) -> Vec<String> {
    use super::lists::RowProblem;
    let mut out = vec![labels.t(if dry_run { "import.lists_dry_run" } else { "import.lists_done" }).to_string()];
    let table =
        |kind: crate::domain::registry::RecordKind| labels.t(&format!("table.{}", kind.def().table)).to_string();
    for c in &r.lists {
        let n = |x: usize| x.to_string();
        out.push(labels.f(
            "import.list_counts",
            &[("list", &table(c.kind)), ("new", &n(c.new)), ("changed", &n(c.changed)), ("unchanged", &n(c.unchanged))],
        ));
    }
    for rejected in r.rejected.iter().take(listed) {
        let prefix = rejected.kind.def().prefix;
        let field = |key: &str| labels.field(prefix, key).to_string();
        let what = match &rejected.problem {
            RowProblem::Invalid(errors) => errors
                .iter()
                .map(|e| format!("{}：{}", field(e.field), labels.problem(&e.problem)))
                .collect::<Vec<_>>()
                .join(labels.t("common.clause_separator")),
            RowProblem::UnknownName { field: f, name } => {
                labels.f("import.unknown_name", &[("field", &field(f)), ("name", name)])
            }
            RowProblem::AmbiguousName { field: f, name } => {
                labels.f("import.ambiguous_name", &[("field", &field(f)), ("name", name)])
            }
            RowProblem::UnknownChoice { field: f, text } => {
                labels.f("import.unknown_choice", &[("field", &field(f)), ("text", text)])
            }
            RowProblem::Repeated { first } => labels.f("import.repeated_row", &[("first", &first.to_string())]),
        };
        out.push(labels.f(
            "import.list_row",
            &[("list", &table(rejected.kind)), ("line", &rejected.row.to_string()), ("what", &what)],
        ));
    }
    if r.rejected.len() > listed {
        out.push(labels.f("import.more_rejected", &[("n", &(r.rejected.len() - listed).to_string())]));
    }
    out
}

/// What a file brought in came to, whichever kind it was.
pub fn imported_lines(labels: &Labels, r: &super::Imported, dry_run: bool, listed: usize) -> Vec<String> {
    match r {
        super::Imported::National(r) => report_lines(labels, r, dry_run, listed),
        super::Imported::Lists(r) => lists_report_lines(labels, r, dry_run, listed),
    }
}
