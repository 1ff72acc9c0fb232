//! Writing a household's derived row and warnings: only what changed is rewritten,
//! since each column and warning sits in several indexes.

use super::super::error::Result;
use crate::domain::warnings::Warning;
use chrono::NaiveDate;
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, params};

/// A warning as `derived_warnings` keeps it: rule, table, record, household, village,
/// days from and until, list order, facts.
pub(super) type WarningRow = [Option<String>; 9];

pub(super) fn warning_row(w: &Warning, village: Option<&str>, sort_key: &str) -> WarningRow {
    let date = |d: Option<NaiveDate>| d.map(crate::domain::dates::format_date);
    [
        Some(w.rule.clone()),
        Some(w.table.clone()),
        Some(w.record_id.clone()),
        w.household_id.clone(),
        village.map(str::to_string),
        date(w.from),
        date(w.until),
        Some(sort_key.to_string()),
        Some(serde_json::to_string(&w.facts).unwrap_or_else(|_| "[]".into())),
    ]
}

/// Makes a household's warnings exactly `rows`, leaving them alone when they are the
/// same already (most saves change none, and each row sits in four indexes).
pub(super) fn put_household_warnings(conn: &Connection, id: &str, mut rows: Vec<WarningRow>) -> Result<()> {
    let mut stmt = conn.prepare_cached(
        "SELECT rule, table_name, record_id, household_id, village_id, active_from, active_until, sort_key, facts
         FROM derived_warnings WHERE household_id = ?1",
    )?;
    let mut kept: Vec<WarningRow> = stmt
        .query_map([id], |r| {
            Ok([r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?, r.get(8)?])
        })?
        .collect::<rusqlite::Result<_>>()?;
    rows.sort();
    kept.sort();
    if rows == kept {
        return Ok(());
    }
    conn.prepare_cached("DELETE FROM derived_warnings WHERE household_id = ?1")?.execute([id])?;
    insert_warnings(conn, &rows)
}

/// Adds warning rows (to a household that has none kept).
pub(super) fn insert_warnings(conn: &Connection, rows: &[WarningRow]) -> Result<()> {
    let mut insert = conn.prepare_cached(
        "INSERT INTO derived_warnings (rule, table_name, record_id, household_id, village_id, active_from,
             active_until, sort_key, facts)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?;
    for row in rows {
        insert.execute(rusqlite::params_from_iter(row.iter()))?;
    }
    Ok(())
}

pub(super) fn text_or_null(text: Option<String>) -> Value {
    text.map_or(Value::Null, Value::Text)
}

/// Writes a household's derived row and returns its number (`ref`, which its tokens
/// point at). An existing row gets only the columns whose values changed: each
/// column set rewrites every index holding it, and most saves (a visit) change few.
pub(super) fn put_household_row(conn: &Connection, id: &str, row: &[(&str, Value)]) -> Result<i64> {
    let names: Vec<&str> = row.iter().map(|(n, _)| *n).collect();
    let select = format!("SELECT ref, {} FROM derived_households WHERE household_id = ?1", names.join(", "));
    let kept: Option<(i64, Vec<Value>)> = conn
        .prepare_cached(&select)?
        .query_row([id], |r| Ok((r.get(0)?, (1..=row.len()).map(|i| r.get(i)).collect::<rusqlite::Result<_>>()?)))
        .optional()?;
    let Some((reference, values)) = kept else { return insert_household_row(conn, id, row) };
    let changed: Vec<&(&str, Value)> =
        row.iter().zip(&values).filter(|((_, new), old)| new != *old).map(|(c, _)| c).collect();
    if !changed.is_empty() {
        let sets: Vec<String> = changed.iter().enumerate().map(|(i, (n, _))| format!("{n} = ?{}", i + 2)).collect();
        let update = format!("UPDATE derived_households SET {} WHERE ref = ?1", sets.join(", "));
        let mut args: Vec<&dyn rusqlite::ToSql> = vec![&reference];
        args.extend(changed.iter().map(|(_, v)| v as &dyn rusqlite::ToSql));
        conn.prepare_cached(&update)?.execute(args.as_slice())?;
    }
    Ok(reference)
}

/// Adds a household's derived row (it has none) and returns its number.
pub(super) fn insert_household_row(conn: &Connection, id: &str, row: &[(&str, Value)]) -> Result<i64> {
    let names: Vec<&str> = row.iter().map(|(n, _)| *n).collect();
    let marks: Vec<String> = (2..=row.len() + 1).map(|i| format!("?{i}")).collect();
    let insert = format!(
        "INSERT INTO derived_households (household_id, {}) VALUES (?1, {}) RETURNING ref",
        names.join(", "),
        marks.join(", ")
    );
    let mut args: Vec<&dyn rusqlite::ToSql> = vec![&id];
    args.extend(row.iter().map(|(_, v)| v as &dyn rusqlite::ToSql));
    Ok(conn.prepare_cached(&insert)?.query_row(args.as_slice(), |r| r.get(0))?)
}

/// Keeps a warning, with the village it is counted in (none for a ledger-wide one).
pub(super) fn put_warning(conn: &Connection, w: &Warning, village: Option<&str>, sort_key: &str) -> Result<()> {
    let facts = serde_json::to_string(&w.facts).unwrap_or_else(|_| "[]".into());
    let date = |d: Option<NaiveDate>| d.map(crate::domain::dates::format_date);
    conn.prepare_cached(
        "INSERT INTO derived_warnings (rule, table_name, record_id, household_id, village_id, active_from,
             active_until, sort_key, facts)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        w.rule,
        w.table,
        w.record_id,
        w.household_id,
        village,
        date(w.from),
        date(w.until),
        sort_key,
        facts
    ])?;
    Ok(())
}
