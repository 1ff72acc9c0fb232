//! What another copy brings in a merge is held to what a form would write: each op's
//! field must be a column of its table and its value sound for the field (no control
//! character, a real month, a known code, money as a number within the limit), and
//! each record the merge adds or changes must be such a record afterwards. A copy
//! edited by hand or forged is refused whole, with each problem named by op.

use super::error::Result;
use super::records::field_value;
use crate::domain::FieldValue;
use crate::domain::field::{FieldDef, Kind};
use crate::domain::invalid::Invalid;
use crate::domain::registry::record_defs;
use crate::domain::stored::{id_problem, stored_problem, text_problem};
use crate::domain::vocab::Vocab;
use rusqlite::Connection;
use std::collections::{BTreeSet, HashMap};

/// One value another copy would bring in that no form writes.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct IncomingProblem {
    /// The op that carries it (empty for a record row that disagrees with its ops).
    pub op_id: String,
    pub table: String,
    pub record_id: String,
    pub field: String,
    pub problem: Invalid,
}

/// Columns every record table has besides its declared fields.
const BOOK_KEEPING: [&str; 3] = ["created_at", "updated_at", "id"];
/// How long the op log's own words may be (a user or host name, a reason).
const META_MAX: usize = 200;

/// Checks every op of `temp.incoming` against the columns of its table.
pub(super) fn check_ops(
    conn: &Connection,
    columns: &HashMap<&'static str, BTreeSet<String>>,
    vocab: &Vocab,
) -> Result<Vec<IncomingProblem>> {
    let mut out = Vec::new();
    let mut stmt = conn.prepare(
        "SELECT op_id, table_name, record_id, kind, field, new_value, old_value, os_user, host, note, batch, copy_id
         FROM temp.incoming ORDER BY hlc",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(r) = rows.next()? {
        let text = |i: usize| -> rusqlite::Result<String> { Ok(r.get::<_, Option<String>>(i)?.unwrap_or_default()) };
        let (op_id, table, record_id, kind) = (text(0)?, text(1)?, text(2)?, text(3)?);
        let mut fail = |field: &str, problem: Invalid| {
            out.push(IncomingProblem {
                op_id: op_id.clone(),
                table: table.clone(),
                record_id: record_id.clone(),
                field: field.to_string(),
                problem,
            });
        };
        for (i, name) in [(7, "os_user"), (8, "host"), (9, "note"), (10, "batch"), (11, "copy_id")] {
            if let Some(problem) = text_problem(&text(i)?, META_MAX) {
                fail(name, problem);
            }
        }
        if table == "settings" {
            if let Some(problem) = text_problem(&record_id, META_MAX) {
                fail("key", problem);
            }
            continue;
        }
        // A table this build does not know is kept in the log and applied by none.
        let Some(known) = columns.get(table.as_str()) else { continue };
        if let Some(problem) = id_problem(&record_id) {
            fail("id", problem);
        }
        let values: Vec<(String, FieldValue)> = match (kind.as_str(), r.get::<_, Option<String>>(4)?) {
            ("create", _) => match serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(&text(5)?) {
                Ok(map) => map.into_iter().map(|(k, v)| (k, FieldValue::from_json(&v.to_string()))).collect(),
                Err(_) => {
                    fail("", Invalid::NotAChoice);
                    continue;
                }
            },
            (_, Some(field)) => {
                // The value it replaced is only shown in the history: it must not reach a terminal raw.
                if let Some(FieldValue::Text(old)) = r.get::<_, Option<String>>(6)?.map(|o| FieldValue::from_json(&o))
                    && let Some(problem) = text_problem(&old, usize::MAX)
                {
                    fail(&field, problem);
                }
                vec![(field, FieldValue::from_json(&text(5)?))]
            }
            (_, None) => {
                fail("", Invalid::Required);
                continue;
            }
        };
        for (column, value) in values {
            if !known.contains(&column) {
                fail(&column, Invalid::UnknownField);
            } else if let Some(problem) = column_problem(&table, &column, &value, vocab, false) {
                fail(&column, problem);
            }
        }
    }
    Ok(out)
}

/// Records a merge touched that point at a record that is not there (the check SQLite
/// would make at the commit, named here by table, record and column). A row that
/// pointed nowhere before, and that the merge did not touch, is `check`'s to name.
pub(super) fn dangling(conn: &Connection, touched: &[(String, String)]) -> Result<Vec<IncomingProblem>> {
    let mut out = Vec::new();
    let ids: BTreeSet<(&str, &str)> = touched.iter().map(|(t, i)| (t.as_str(), i.as_str())).collect();
    let tables: BTreeSet<&str> =
        ids.iter().map(|(t, _)| *t).filter(|t| super::read::record_tables().contains(t)).collect();
    for table in tables {
        let mut stmt = conn.prepare(&format!("PRAGMA main.foreign_key_check({table})"))?;
        let found: Vec<(i64, i64)> =
            stmt.query_map([], |r| Ok((r.get(1)?, r.get(3)?)))?.collect::<rusqlite::Result<_>>()?;
        for (rowid, key) in found {
            let id: String =
                conn.query_row(&format!("SELECT id FROM main.{table} WHERE rowid = ?1"), [rowid], |r| r.get(0))?;
            if !ids.contains(&(table, id.as_str())) {
                continue;
            }
            let column: String = conn.query_row(
                &format!("SELECT \"from\" FROM pragma_foreign_key_list('{table}') WHERE id = ?1"),
                [key],
                |r| r.get(0),
            )?;
            out.push(IncomingProblem {
                op_id: String::new(),
                table: table.to_string(),
                record_id: id,
                field: column,
                problem: Invalid::MissingRecord,
            });
        }
    }
    Ok(out)
}

/// Checks the records a merge copied whole from the other copy, as they now stand.
pub(super) fn check_records(
    conn: &Connection,
    touched: &[(String, String)],
    columns: &HashMap<&'static str, BTreeSet<String>>,
    vocab: &Vocab,
) -> Result<Vec<IncomingProblem>> {
    let mut out = Vec::new();
    for (table, id) in touched {
        let Some(known) = columns.get(table.as_str()) else { continue };
        let list: Vec<&String> = known.iter().collect();
        let sql = format!(
            "SELECT {} FROM main.{table} WHERE id = ?1",
            list.iter().map(|c| c.as_str()).collect::<Vec<_>>().join(", ")
        );
        let mut stmt = conn.prepare_cached(&sql)?;
        let mut rows = stmt.query([id])?;
        let Some(row) = rows.next()? else { continue };
        for (i, column) in list.iter().enumerate() {
            let value = field_value(row.get_ref(i)?);
            if let Some(problem) = column_problem(table, column, &value, vocab, true) {
                out.push(IncomingProblem {
                    op_id: String::new(),
                    table: table.clone(),
                    record_id: id.clone(),
                    field: column.to_string(),
                    problem,
                });
            }
        }
    }
    Ok(out)
}

/// Each declared column of each record table: its field and its place among the
/// field's columns (made once per merge: a county merge checks 150,000 values).
type Declared = HashMap<(&'static str, String), (&'static FieldDef, usize)>;

fn declared() -> &'static Declared {
    static DECLARED: std::sync::OnceLock<Declared> = std::sync::OnceLock::new();
    DECLARED.get_or_init(|| {
        let mut map = Declared::new();
        for def in record_defs() {
            for field in def.fields {
                for (at, column) in field.column_names().into_iter().enumerate() {
                    map.insert((def.table, column), (field, at));
                }
            }
        }
        map
    })
}

/// What is wrong with a value of a column, as its field's declaration says (a table
/// without one, a link table, is held to plain text). `whole` holds a record's
/// required fields to being filled; an op's value alone is not.
fn column_problem(table: &str, column: &str, value: &FieldValue, vocab: &Vocab, whole: bool) -> Option<Invalid> {
    let known = |list: &str, code: &str| vocab.contains(list, code);
    if column == "deleted" {
        return stored_problem(&Kind::Flag, false, value, &known);
    }
    if column == "id" {
        return id_problem(&value.to_text());
    }
    let found = record_defs()
        .into_iter()
        .find(|d| d.table == table)
        .and_then(|d| declared().get(&(d.table, column.to_string())));
    match found {
        Some((field, at)) => stored_problem(&field.kind, whole && field.required && *at == 0, value, &known),
        None if BOOK_KEEPING.contains(&column) => text_problem(&value.to_text(), META_MAX),
        None => match value {
            FieldValue::Text(t) => text_problem(t, crate::domain::field::NAME_MAX.max(META_MAX)),
            _ => None,
        },
    }
}
