//! Records to and from rows, driven by each record type's field declarations: the
//! SQL of a table is never written out by hand.

use super::error::Result;
use crate::domain::field::{FieldDef, Kind, RecordDef};
use crate::domain::{FieldValue, Record};
use rusqlite::types::{ToSqlOutput, ValueRef};
use rusqlite::{Connection, OptionalExtension, Params, ToSql};

impl ToSql for FieldValue {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(match self {
            FieldValue::Null => ToSqlOutput::Borrowed(ValueRef::Null),
            FieldValue::Int(n) => ToSqlOutput::Borrowed(ValueRef::Integer(*n)),
            FieldValue::Text(s) => ToSqlOutput::Borrowed(ValueRef::Text(s.as_bytes())),
        })
    }
}

/// A stored value as the ledger reads it; a real number typed in by hand is rounded.
pub(super) fn field_value(v: ValueRef) -> FieldValue {
    match v {
        ValueRef::Null => FieldValue::Null,
        ValueRef::Integer(n) => FieldValue::Int(n),
        ValueRef::Real(f) => FieldValue::Int(f.round() as i64),
        ValueRef::Text(t) | ValueRef::Blob(t) => FieldValue::Text(String::from_utf8_lossy(t).into_owned()),
    }
}

/// What a query selects for one field of `alias`: its columns, or for a link field
/// the comma-joined ids of its live links.
pub(super) fn field_select(def: &FieldDef, alias: &str) -> Vec<String> {
    match def.kind {
        Kind::Links(link) => vec![format!(
            "(SELECT group_concat({target}) FROM {table} WHERE {owner} = {alias}.id AND deleted = 0)",
            target = link.target,
            table = link.table,
            owner = link.owner,
        )],
        _ => def.column_names().into_iter().map(|c| format!("{alias}.{c}")).collect(),
    }
}

/// `alias.id, <every field>` of a record type.
pub(super) fn select_list(def: &RecordDef, alias: &str) -> String {
    let mut parts = vec![format!("{alias}.id")];
    parts.extend(def.fields.iter().flat_map(|f| field_select(f, alias)));
    parts.join(", ")
}

/// How many values `select_list` yields after the id.
pub(super) fn value_count(def: &RecordDef) -> usize {
    def.fields.iter().map(FieldDef::read_arity).sum()
}

/// Reads a record whose `select_list` starts at column `first` of a row.
pub(super) fn record_at<T: Record>(row: &rusqlite::Row, first: usize) -> rusqlite::Result<T> {
    let id: String = row.get(first)?;
    let values = (0..value_count(T::DEF))
        .map(|i| row.get_ref(first + 1 + i).map(field_value))
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(T::read_values(id, &values))
}

/// Live records of a type matching `filter` (SQL over alias `t`), in `order`.
pub(super) fn select<T: Record>(conn: &Connection, filter: &str, order: &str, params: impl Params) -> Result<Vec<T>> {
    let sql =
        format!("SELECT {} FROM {} t WHERE t.deleted = 0 {filter} {order}", select_list(T::DEF, "t"), T::DEF.table);
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map(params, |row| record_at::<T>(row, 0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// One live record by id.
pub(super) fn get<T: Record>(conn: &Connection, id: &str) -> Result<Option<T>> {
    let sql = format!("SELECT {} FROM {} t WHERE t.id = ?1 AND t.deleted = 0", select_list(T::DEF, "t"), T::DEF.table);
    Ok(conn.prepare_cached(&sql)?.query_row([id], |row| record_at::<T>(row, 0)).optional()?)
}

/// A record by id, whether deleted or not.
pub(super) fn get_any<T: Record>(conn: &Connection, id: &str) -> Result<Option<T>> {
    let sql = format!("SELECT {} FROM {} t WHERE t.id = ?1", select_list(T::DEF, "t"), T::DEF.table);
    Ok(conn.prepare_cached(&sql)?.query_row([id], |row| record_at::<T>(row, 0)).optional()?)
}

/// The stored columns of a row, by name, whether deleted or not.
pub(super) fn current_values(
    conn: &Connection,
    table: &str,
    id: &str,
    columns: &[String],
) -> Result<Option<Vec<FieldValue>>> {
    let sql = format!("SELECT {} FROM {table} WHERE id = ?1", columns.join(", "));
    Ok(conn
        .prepare_cached(&sql)?
        .query_row([id], |row| (0..columns.len()).map(|i| row.get_ref(i).map(field_value)).collect())
        .optional()?)
}
