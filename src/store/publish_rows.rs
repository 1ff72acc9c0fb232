//! What `bangfu publish` reads of the ledger (docs/rollup.md): its op log after a
//! point, in the order this file took the ops in (their rowids: an op merged in later
//! comes after, whatever its clock says), and the current rows of the kinds the
//! roll-up keeps, as JSON of their columns. A field declared masked (an ID number) is
//! masked in both, unless the county chose to publish it whole.

use super::Store;
use super::error::Result;
use super::oplog::{Op, op_columns};
use crate::domain::registry::RecordKind;
use rusqlite::OptionalExtension;
use rusqlite::params;

/// The kinds whose current records the roll-up keeps: what the reports above the
/// county read, not every visit or income (their figures are published instead).
pub const PUBLISHED_KINDS: [RecordKind; 12] = [
    RecordKind::Village,
    RecordKind::Household,
    RecordKind::Project,
    RecordKind::Arrival,
    RecordKind::Task,
    RecordKind::Need,
    RecordKind::Party,
    RecordKind::Target,
    RecordKind::Placement,
    RecordKind::Purchase,
    RecordKind::Exchange,
    RecordKind::Training,
];

impl Store {
    /// Records this copy's id now, where it is new here (it is otherwise recorded with
    /// the next save): a publish names the copy on the server, and the next publish
    /// must find it under the same name. Not an op; a read-only ledger keeps the id it
    /// holds.
    pub fn settle_copy(&mut self) -> Result<()> {
        if self.read_only {
            return Ok(());
        }
        if let Some(copy) = self.new_copy.take() {
            self.door.pass(&self.path)?;
            let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
            super::stamp::note_save(&tx, &self.path)?;
            copy.record(&tx)?;
            tx.commit()?;
        }
        Ok(())
    }

    /// How far this copy last published to the database `to` (its op's rowid), as the
    /// file remembers it: the server keeps its own mark; this one tells when the
    /// server has lost some (restored from an older backup).
    pub fn published_mark(&self, to: &str) -> Result<Option<i64>> {
        let key = format!("published:{to}");
        let text: Option<String> =
            self.conn.query_row("SELECT value FROM ledger_info WHERE key = ?1", [&key], |r| r.get(0)).ok();
        Ok(text.and_then(|t| t.split_whitespace().next().and_then(|n| n.parse().ok())))
    }

    /// Remembers how far this copy published to `to`, and when (not an op: a fact
    /// about this file, like its copy id).
    pub fn note_published(&mut self, to: &str, mark: i64) -> Result<()> {
        if self.read_only {
            return Ok(());
        }
        let value = format!("{mark} {}", super::clock::iso_utc(chrono::Utc::now()));
        self.conn.execute(
            "INSERT OR REPLACE INTO ledger_info (key, value) VALUES (?1, ?2)",
            [format!("published:{to}"), value],
        )?;
        Ok(())
    }

    /// Up to `limit` ops this file took after the op at `rowid`, each with its rowid,
    /// masked fields masked unless `reveal`.
    pub fn ops_after(&self, rowid: i64, limit: usize, reveal: bool) -> Result<Vec<(i64, Op)>> {
        let sql = format!("SELECT rowid, {} FROM ops WHERE rowid > ?1 ORDER BY rowid LIMIT ?2", op_columns(""));
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params![rowid, limit as i64], |r| {
            let rowid: i64 = r.get(0)?;
            let op = Op {
                op_id: r.get(1)?,
                hlc: r.get(2)?,
                table_name: r.get(3)?,
                record_id: r.get(4)?,
                kind: r.get(5)?,
                field: r.get(6)?,
                old_value: r.get(7)?,
                new_value: r.get(8)?,
                replaces: r.get(9)?,
                os_user: r.get(10)?,
                host: r.get(11)?,
                batch: r.get(12)?,
                copy_id: r.get(13)?,
                note: r.get(14)?,
            };
            Ok((rowid, op))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (rowid, mut op) = row?;
            if !reveal {
                mask_op(&mut op);
            }
            out.push((rowid, op));
        }
        Ok(out)
    }

    /// How many ops this file took after the op at `rowid`.
    pub fn ops_count_after(&self, rowid: i64) -> Result<i64> {
        Ok(self.conn.query_row("SELECT count(*) FROM ops WHERE rowid > ?1", [rowid], |r| r.get(0))?)
    }

    /// The rows of `table` with these ids (deleted ones too, marked), each as a JSON
    /// object of its columns, masked fields masked unless `reveal`.
    pub fn rows_as_json(&self, table: &str, ids: &[String], reveal: bool) -> Result<Vec<(String, serde_json::Value)>> {
        let Some(kind) = RecordKind::of_table(table) else { return Ok(Vec::new()) };
        let mut out = Vec::new();
        let mut stmt = self.conn.prepare_cached(&format!("SELECT * FROM {} WHERE id = ?1", kind.def().table))?;
        let names: Vec<String> = stmt.column_names().into_iter().map(str::to_string).collect();
        for id in ids {
            let row = stmt.query_row([id], |r| {
                let mut object = serde_json::Map::new();
                for (i, name) in names.iter().enumerate() {
                    let value = match r.get_ref(i)? {
                        rusqlite::types::ValueRef::Null => serde_json::Value::Null,
                        rusqlite::types::ValueRef::Integer(n) => serde_json::Value::from(n),
                        rusqlite::types::ValueRef::Real(x) => serde_json::Value::from(x),
                        rusqlite::types::ValueRef::Text(t) => {
                            let text = String::from_utf8_lossy(t).into_owned();
                            let shown = if !reveal && is_masked(table, name) {
                                crate::domain::idnum::mask(&text)
                            } else {
                                text
                            };
                            serde_json::Value::from(shown)
                        }
                        rusqlite::types::ValueRef::Blob(_) => serde_json::Value::Null,
                    };
                    object.insert(name.clone(), value);
                }
                Ok(serde_json::Value::Object(object))
            });
            match row {
                Ok(json) => out.push((id.clone(), json)),
                Err(rusqlite::Error::QueryReturnedNoRows) => {}
                Err(e) => return Err(e.into()),
            }
        }
        Ok(out)
    }

    /// The ids of every row of `table` (deleted ones too), for a first publish.
    pub fn all_ids(&self, table: &str) -> Result<Vec<String>> {
        let Some(kind) = RecordKind::of_table(table) else { return Ok(Vec::new()) };
        let mut stmt = self.conn.prepare(&format!("SELECT id FROM {} ORDER BY rowid", kind.def().table))?;
        let ids = stmt.query_map([], |r| r.get::<_, String>(0))?;
        Ok(ids.collect::<rusqlite::Result<_>>()?)
    }

    /// The county the ledger is of: its name and 6-digit division code, each as most
    /// of the villages that give one give it (empty when none does) — apart, so that
    /// villages with a name and no code do not hide the code the others give.
    pub fn county_of_ledger(&self) -> Result<(String, String)> {
        let most = |column: &str, given: &str| -> Result<String> {
            let sql = format!(
                "SELECT {column} FROM villages WHERE deleted = 0 AND {given}
                 GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1"
            );
            Ok(self.conn.query_row(&sql, [], |r| r.get(0)).optional()?.unwrap_or_default())
        };
        Ok((most("county", "county != ''")?, most("substr(code, 1, 6)", "length(code) = 12")?))
    }
}

/// An op with masked fields masked: a field's value, or within a creation's record.
fn mask_op(op: &mut Op) {
    let mask = crate::domain::idnum::mask;
    match op.field.as_deref() {
        Some(field) if is_masked(&op.table_name, field) => {
            op.old_value = op.old_value.as_deref().map(mask);
            op.new_value = op.new_value.as_deref().map(mask);
        }
        Some(_) => {}
        None => {
            let Some(mut record) =
                op.new_value.as_deref().and_then(|v| serde_json::from_str::<serde_json::Value>(v).ok())
            else {
                return;
            };
            let Some(object) = record.as_object_mut() else { return };
            let mut changed = false;
            for (key, value) in object.iter_mut() {
                if let (true, Some(text)) = (is_masked(&op.table_name, key), value.as_str()) {
                    *value = serde_json::Value::from(mask(text));
                    changed = true;
                }
            }
            if changed {
                op.new_value = Some(record.to_string());
            }
        }
    }
}

/// Whether a table's field is declared masked (an ID number).
fn is_masked(table: &str, field: &str) -> bool {
    RecordKind::of_table(table).and_then(|k| k.def().field(field)).is_some_and(|f| f.masked)
}
