//! `bangfu check [--json] [--rebuild]`: SQLite's integrity and foreign-key checks,
//! record counts, and the data-quality warnings that hold today.

use crate::cli::{CliError, store_error};
use crate::domain::stored::escaped;
use crate::store::Store;
use crate::ui::Labels;
use crate::ui::warning_text::{rule_name, warning_message};
use chrono::NaiveDate;

pub(super) fn run(
    labels: &Labels,
    store: &mut Store,
    json: bool,
    rebuild: bool,
    today: NaiveDate,
) -> Result<(), CliError> {
    let err = |e| store_error(labels, e);
    // A county file takes seconds: say what is being done, on a terminal only.
    let phase = |key: &str| {
        if std::io::IsTerminal::is_terminal(&std::io::stderr()) {
            eprint!("\r\x1b[K{}", labels.t(key));
        }
    };
    // The file first: reading on through damaged pages (or recomputing over them)
    // would end in SQLite's error, and what is wrong with the file is the answer.
    phase("progress.check_integrity");
    let mut problems = store.integrity_check().map_err(err)?;
    let sound_file = problems.len() == 1 && problems.first().is_some_and(|p| p == "ok");
    if !sound_file {
        super::print_quietly(&damaged_report(labels, store.path(), json, &problems));
        return Err(CliError::User(labels.t("check.unsound").to_string()));
    }
    // Its full check passed, which the quick check at the door is part of.
    store.checked_elsewhere();
    let derived = derived_state(labels, store, rebuild)?;
    // Rows of record tables pointing at nothing are named with their field among the
    // broken rows; SQLite's own check is kept for the tables that have no declaration.
    let declared =
        |row: &String| crate::domain::registry::record_defs().iter().any(|d| row.starts_with(&format!("{} ", d.table)));
    let orphans: Vec<String> = store.foreign_key_check().map_err(err)?.into_iter().filter(|o| !declared(o)).collect();
    if sound_file {
        problems.clear();
    }
    problems.extend(orphans.iter().map(|o| labels.f("check.orphan", &[("row", o)])));
    // Rows no form would have written (a file edited by hand) make the file unsound too.
    phase("progress.check_rows");
    let broken = store.row_problems().map_err(err)?;
    let sound = problems.is_empty() && broken.is_empty();
    let counts = store.table_counts().map_err(err)?;
    let ops = store.op_count().map_err(err)?;
    // Who saw full ID numbers lately (docs/privacy.md).
    let disclosures = store.disclosures(5).map_err(err)?;
    let vocab = store.vocab().map_err(err)?;
    phase("progress.check_warnings");
    let mut warnings = Vec::new();
    store
        .each_warning(today, |w| {
            warnings.push(w);
            Ok(())
        })
        .map_err(err)?;
    let mut by_rule: Vec<(String, usize)> = Vec::new();
    for w in &warnings {
        match by_rule.iter_mut().find(|(r, _)| *r == w.rule) {
            Some((_, n)) => *n += 1,
            None => by_rule.push((w.rule.clone(), 1)),
        }
    }
    by_rule.sort_by_key(|(r, _)| crate::domain::warnings::rule::rank(r));
    phase("progress.done");
    let mut out = String::new();
    if json {
        let listed: Vec<serde_json::Value> = warnings
            .iter()
            .map(|w| {
                serde_json::json!({
                    "rule": w.rule,
                    "message": warning_message(labels, &vocab, w, today),
                    "table": w.table,
                    "id": if w.record_id.is_empty() { serde_json::Value::Null } else { w.record_id.clone().into() },
                    "household_id": w.household_id,
                })
            })
            .collect();
        let value = serde_json::json!({
            "path": store.path().display().to_string(),
            "integrity": if problems.is_empty() { "ok".to_string() } else { problems.join("; ") },
            "derived": labels.t(derived),
            "broken_rows": broken.iter().map(|b| serde_json::json!({
                "table": b.table,
                "id": b.id,
                "field": b.field,
                "column": b.column,
                "problem": labels.problem(&b.problem),
            })).collect::<Vec<_>>(),
            "counts": counts,
            "ops": ops,
            "disclosures": disclosures.iter().map(|d| serde_json::json!({
                "at": d.at, "user": d.user, "host": d.host, "what": d.what, "detail": d.detail,
            })).collect::<Vec<_>>(),
            "warnings": listed,
        });
        out.push_str(&super::json_safe(&serde_json::to_string_pretty(&value).unwrap_or_default()));
        out.push('\n');
    } else {
        // Names and reasons come from the file: never a raw control character.
        let line = |out: &mut String, text: String| {
            out.push_str(&escaped(&text));
            out.push('\n');
        };
        line(&mut out, labels.f("check.file", &[("path", &store.path().display().to_string())]));
        let verdict = if problems.is_empty() { labels.t("check.sound").to_string() } else { problems.join("\n") };
        line(&mut out, labels.f("check.integrity", &[("result", &verdict)]));
        broken_rows(labels, &broken, &mut out);
        for c in &counts {
            let name = labels.t(&format!("table.{}", c.table)).to_string();
            let args = [("table", name.as_str()), ("live", &c.live.to_string()), ("deleted", &c.deleted.to_string())];
            line(&mut out, labels.f("check.count", &args));
        }
        line(&mut out, labels.f("check.ops", &[("n", &ops.to_string())]));
        for d in &disclosures {
            let args = [("at", d.at.as_str()), ("user", &d.user), ("host", &d.host), ("detail", &d.detail)];
            line(&mut out, labels.f("check.disclosure", &args));
        }
        line(&mut out, labels.f("check.warnings", &[("n", &warnings.len().to_string())]));
        line(&mut out, format!("  {}", labels.t(derived)));
        for (rule, n) in &by_rule {
            line(&mut out, format!("  {} [{rule}]: {n}", rule_name(labels, rule)));
        }
        for w in &warnings {
            line(&mut out, format!("  - {}", warning_message(labels, &vocab, w, today)));
        }
    }
    super::print_quietly(&out);
    if sound { Ok(()) } else { Err(CliError::User(labels.t("check.unsound").to_string())) }
}

/// The broken rows, the first of them one per line (all of them with `--json`).
fn broken_rows(labels: &Labels, broken: &[crate::store::RowProblem], out: &mut String) {
    const SHOWN: usize = 50;
    if broken.is_empty() {
        return;
    }
    out.push_str(&labels.f("check.rows", &[("n", &broken.len().to_string())]));
    out.push('\n');
    for b in broken.iter().take(SHOWN) {
        let prefix = crate::domain::registry::record_defs()
            .into_iter()
            .find(|d| d.table == b.table)
            .map_or(b.table, |d| d.prefix);
        let field = if b.field == "id" { labels.t("check.field_id") } else { labels.field(prefix, b.field) };
        let table = labels.t(&format!("table.{}", b.table)).to_string();
        let field = format!("{field}（{}）", b.column);
        let args =
            [("table", table.as_str()), ("id", &b.id), ("field", &field), ("problem", &labels.problem(&b.problem))];
        out.push_str(&escaped(&labels.f("check.row", &args)));
        out.push('\n');
    }
    if broken.len() > SHOWN {
        out.push_str(&labels.f("check.rows_more", &[("n", &(broken.len() - SHOWN).to_string())]));
        out.push('\n');
    }
}

/// A file SQLite finds damaged on opening: its integrity check is the report.
pub(super) fn run_damaged(labels: &Labels, path: &std::path::Path, json: bool) -> Result<(), CliError> {
    let problems = crate::store::integrity_of(path).map_err(|e| store_error(labels, e))?;
    super::print_quietly(&damaged_report(labels, path, json, &problems));
    Err(CliError::User(labels.t("check.unsound").to_string()))
}

/// The file's own problems, as SQLite's integrity check lists them.
pub(super) fn damaged_report(labels: &Labels, path: &std::path::Path, json: bool, problems: &[String]) -> String {
    let path = path.display().to_string();
    if json {
        let value = serde_json::json!({ "path": path, "integrity": problems.join("; ") });
        return format!("{}\n", serde_json::to_string_pretty(&value).unwrap_or_default());
    }
    let mut out = labels.f("check.file", &[("path", &path)]);
    out.push('\n');
    out.push_str(&labels.f("check.integrity", &[("result", &problems.join("\n"))]));
    out.push('\n');
    out
}

/// Warnings and figures as they were saved are shown only when bangfu made the last
/// change; after a change from outside they are recomputed (or, reading only, said to
/// be stale). The label key saying which.
fn derived_state(labels: &Labels, store: &mut Store, rebuild: bool) -> Result<&'static str, CliError> {
    let err = |e| store_error(labels, e);
    let current = store.derived_current().map_err(err)?;
    let derived = match (rebuild, current, store.read_only()) {
        (true, _, _) => "check.derived_rebuilt",
        (false, true, _) => "check.derived_current",
        (false, false, false) => "check.derived_rebuilt_outside",
        (false, false, true) => "check.derived_stale",
    };
    if rebuild || (!current && !store.read_only()) {
        store
            .rebuild_derived(&mut |done, total| {
                let (done, total) = (done.to_string(), total.to_string());
                let args = [("done", done.as_str()), ("total", total.as_str())];
                super::say_on_terminal(&labels.f("progress.rebuild", &args));
            })
            .map_err(err)?;
        super::say_on_terminal("");
    }
    Ok(derived)
}
