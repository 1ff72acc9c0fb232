//! What the operation log offers a person: a record's history, taking back a save
//! (undo), deletions with their reasons and restoring them, the disputes merges left
//! and settling them, and people entered twice. Each change made here is an op like
//! any other, so it reaches the other copies with the next merge.

use super::Store;
use super::error::{Result, StoreError};
use super::oplog::Op;
use super::oplog::{self, DELETED};
use super::read::record_tables;
use super::write::Writer;
use crate::domain::FieldValue;
use rusqlite::{OptionalExtension, params};

/// One op with the place of the copy it was made in (`host:path`), when known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub op: Op,
    pub copy_place: Option<String>,
}

/// A field whose latest values disagree, or (field `deleted`) a deletion with edits it
/// had not seen; `options` are the ops in dispute, the deletion first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dispute {
    pub table: String,
    pub record_id: String,
    pub field: String,
    pub options: Vec<Change>,
}

/// One save that deleted records, with what it deleted first (a household before its members).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deletion {
    pub batch: String,
    pub table: String,
    pub record_id: String,
    pub hlc: String,
    pub user: String,
    pub host: String,
    pub reason: Option<String>,
    /// Records deleted with it (a household's members, visits …).
    pub parts: usize,
}

/// People entered more than once with one ID number (in two copies, most often).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Duplicate {
    pub id_number: String,
    /// Member id, name, and the household's head.
    pub holders: Vec<(String, String, String)>,
}

/// What an undo did: changes taken back, and changes left because someone changed
/// the same field again since.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Undone {
    pub taken_back: usize,
    pub left: usize,
}

/// What one save did, told by its first op: the record it was about and whether it
/// added, changed or deleted it (an undo names it in words).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchSubject {
    pub table: String,
    pub record_id: String,
    /// `create`, `update` or `delete`.
    pub kind: String,
}

/// The note an undo's ops carry: which save they took back.
pub const UNDO_NOTE: &str = "undo:";

/// The op columns, then the place of the copy it was made in.
fn change_columns() -> String {
    format!("{}, c.host || ':' || c.path", super::oplog::op_columns("o"))
}

fn change_at(r: &rusqlite::Row) -> rusqlite::Result<Change> {
    Ok(Change { op: Op::at(r)?, copy_place: r.get(super::oplog::OP_COLUMNS.len())? })
}

impl Store {
    /// A record's changes, newest first.
    pub fn history(&self, record_id: &str) -> Result<Vec<Change>> {
        let sql = format!(
            "SELECT {} FROM ops o LEFT JOIN copies c ON c.copy_id = o.copy_id
             WHERE o.record_id = ?1 ORDER BY o.hlc DESC, o.op_id DESC",
            change_columns()
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([record_id], change_at)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn change(&self, op_id: &str) -> Result<Option<Change>> {
        let sql = format!(
            "SELECT {} FROM ops o LEFT JOIN copies c ON c.copy_id = o.copy_id WHERE o.op_id = ?1",
            change_columns()
        );
        Ok(self.conn.prepare_cached(&sql)?.query_row([op_id], change_at).optional()?)
    }

    /// How many disputes wait for a person.
    pub fn dispute_count(&self) -> Result<i64> {
        Ok(self.conn.query_row("SELECT count(*) FROM conflicts", [], |r| r.get(0))?)
    }

    /// Every dispute, oldest record first.
    pub fn disputes(&self) -> Result<Vec<Dispute>> {
        let mut stmt =
            self.conn.prepare("SELECT table_name, record_id, field, heads FROM conflicts ORDER BY 1, 2, 3")?;
        let rows: Vec<(String, String, String, String)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut out = Vec::new();
        for (table, record_id, field, heads) in rows {
            let mut options = Vec::new();
            for id in oplog::split_ids(Some(&heads)) {
                options.extend(self.change(&id)?);
            }
            out.push(Dispute { table, record_id, field, options });
        }
        Ok(out)
    }

    /// Settles a dispute with the value of one of its ops: a new op replacing every
    /// value in dispute. For a deletion with unseen edits, choosing the deletion keeps
    /// the record deleted; choosing an edit restores it with its edits.
    pub fn settle(&mut self, dispute: &Dispute, chosen_op: &str) -> Result<()> {
        let chosen = dispute
            .options
            .iter()
            .find(|c| c.op.op_id == chosen_op)
            .ok_or_else(|| StoreError::NotFound { table: "ops".into(), id: chosen_op.into() })?;
        let (table, id, field) = (dispute.table.clone(), dispute.record_id.clone(), dispute.field.clone());
        let value = FieldValue::from_json(chosen.op.new_value.as_deref().unwrap_or("null"));
        let keep_deleted = field == DELETED && chosen.op.field.as_deref() == Some(DELETED);
        self.write(|w| {
            if field == DELETED {
                if keep_deleted { w.confirm_deletion(&table, &id) } else { w.restore(&table, &id) }
            } else {
                w.set_column(&table, &id, &field, &value)
            }
        })
    }

    /// The saves that deleted records still deleted, newest first.
    pub fn deletions(&self, limit: usize) -> Result<Vec<Deletion>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT o.batch, o.table_name, o.record_id, o.hlc, o.os_user, o.host, o.note,
                    (SELECT count(*) FROM ops p WHERE p.batch = o.batch AND p.kind = 'delete') - 1
             FROM ops o
             WHERE o.kind = 'delete' AND o.batch IS NOT NULL
               AND o.op_id = (SELECT p.op_id FROM ops p WHERE p.batch = o.batch AND p.kind = 'delete'
                              ORDER BY p.hlc, p.op_id LIMIT 1)
             ORDER BY o.hlc DESC LIMIT ?1",
        )?;
        let rows: Vec<Deletion> = stmt
            .query_map([limit as i64 * 4], |r| {
                Ok(Deletion {
                    batch: r.get(0)?,
                    table: r.get(1)?,
                    record_id: r.get(2)?,
                    hlc: r.get(3)?,
                    user: r.get(4)?,
                    host: r.get(5)?,
                    reason: r.get(6)?,
                    parts: r.get::<_, i64>(7)?.max(0) as usize,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut out = Vec::new();
        for d in rows {
            if out.len() < limit && self.is_deleted(&d.table, &d.record_id)? {
                out.push(d);
            }
        }
        Ok(out)
    }

    fn is_deleted(&self, table: &str, id: &str) -> Result<bool> {
        if !record_tables().contains(&table) {
            return Ok(false);
        }
        Ok(self
            .conn
            .prepare_cached(&format!("SELECT deleted FROM {table} WHERE id = ?1"))?
            .query_row([id], |r| r.get::<_, i64>(0))
            .optional()?
            == Some(1))
    }

    /// Restores what one save deleted (a household with its members, visits …).
    pub fn restore_batch(&mut self, batch: &str) -> Result<usize> {
        let targets = self.batch_ops(batch)?;
        self.write(|w| {
            let mut n = 0;
            for op in targets.iter().filter(|o| o.kind == "delete") {
                w.restore(&op.table_name, &op.record_id)?;
                n += 1;
            }
            Ok(n)
        })
    }

    fn batch_ops(&self, batch: &str) -> Result<Vec<Op>> {
        let sql = format!(
            "SELECT {} FROM ops o WHERE o.batch = ?1 ORDER BY o.hlc DESC, o.op_id DESC",
            super::oplog::op_columns("o")
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map([batch], Op::at)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The record a save was about, and how (none for a save not in this file).
    pub fn batch_subject(&self, batch: &str) -> Result<Option<BatchSubject>> {
        Ok(self
            .conn
            .prepare_cached("SELECT table_name, record_id, kind FROM ops WHERE batch = ?1 ORDER BY hlc, op_id LIMIT 1")?
            .query_row([batch], |r| Ok(BatchSubject { table: r.get(0)?, record_id: r.get(1)?, kind: r.get(2)? }))
            .optional()?)
    }

    /// Takes back one save, newest change first, as new ops noted with the save they
    /// undo. A field someone changed again since is left as they set it.
    pub fn undo_batch(&mut self, batch: &str) -> Result<Undone> {
        let ops = self.batch_ops(batch)?;
        self.write(|w| {
            w.set_note(Some(format!("{UNDO_NOTE}{batch}")));
            let mut done = Undone::default();
            // A derived column follows its records: an old op on it takes nothing back.
            let derived =
                |op: &&Op| op.field.as_deref().is_some_and(|f| crate::domain::project::DERIVED_COLUMNS.contains(&f));
            for op in ops.iter().filter(|op| !derived(op)) {
                if w.undo_op(op)? {
                    done.taken_back += 1;
                } else {
                    done.left += 1;
                }
            }
            Ok(done)
        })
    }

    /// ID numbers held by more than one live person, with the people.
    pub fn duplicates(&self) -> Result<Vec<Duplicate>> {
        let mut stmt = self.conn.prepare(
            "SELECT m.id_number, m.id, m.name, coalesce(h.head_name, '') FROM members m
             LEFT JOIN households h ON h.id = m.household_id
             WHERE m.deleted = 0 AND m.id_number IN (
                 SELECT id_number FROM members WHERE deleted = 0 AND id_number IS NOT NULL AND id_number != ''
                 GROUP BY id_number HAVING count(*) > 1)
             ORDER BY m.id_number, m.id",
        )?;
        let rows: Vec<(String, String, String, String)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
            .collect::<rusqlite::Result<_>>()?;
        let mut out: Vec<Duplicate> = Vec::new();
        for (number, id, name, head) in rows {
            match out.last_mut().filter(|d| d.id_number == number) {
                Some(d) => d.holders.push((id, name, head)),
                None => out.push(Duplicate { id_number: number, holders: vec![(id, name, head)] }),
            }
        }
        Ok(out)
    }
}

impl Writer<'_> {
    /// Takes back one op; false when its field was changed again since (left alone).
    fn undo_op(&mut self, op: &Op) -> Result<bool> {
        let (table, id) = (op.table_name.as_str(), op.record_id.as_str());
        if table == "settings" {
            let old = op.old_value.as_deref().map(FieldValue::from_json).unwrap_or_default();
            self.set_setting(id, &old.to_text())?;
            return Ok(true);
        }
        match (op.kind.as_str(), op.field.as_deref()) {
            ("create", _) => self.delete(table, id).map(|_| true),
            (_, Some(DELETED)) if op.new_value.as_deref() == Some("1") => self.restore(table, id).map(|_| true),
            (_, Some(DELETED)) => self.delete(table, id).map(|_| true),
            (_, Some(field)) => {
                let new = op.new_value.as_deref().map(FieldValue::from_json).unwrap_or_default();
                if self.column_value(table, id, field)? != Some(new) {
                    return Ok(false);
                }
                let old = op.old_value.as_deref().map(FieldValue::from_json).unwrap_or_default();
                self.set_column(table, id, field, &old).map(|_| true)
            }
            _ => Ok(false),
        }
    }

    /// Logs a new deletion of an already deleted record: a person confirming it over
    /// edits made meanwhile in another copy.
    fn confirm_deletion(&mut self, table: &str, id: &str) -> Result<()> {
        self.check_column(table, DELETED)?;
        self.set_field(table, id, DELETED, &FieldValue::Int(1), &FieldValue::Int(1), "delete")
    }

    /// Sets one column of a record to a value, logged (settling a dispute, an undo).
    fn set_column(&mut self, table: &str, id: &str, field: &str, value: &FieldValue) -> Result<()> {
        self.check_column(table, field)?;
        let old = self.column_value(table, id, field)?.unwrap_or_default();
        self.touch_record(table, id)?;
        self.set_field(table, id, field, &old, value, "update")?;
        self.touch_record(table, id)
    }

    fn column_value(&self, table: &str, id: &str, field: &str) -> Result<Option<FieldValue>> {
        self.check_column(table, field)?;
        Ok(super::records::current_values(self.conn(), table, id, &[field.to_string()])?
            .and_then(|v| v.into_iter().next()))
    }

    /// A table and column named by an op (perhaps from another file) are used in SQL
    /// only when they are ours.
    fn check_column(&self, table: &str, field: &str) -> Result<()> {
        let known = record_tables().contains(&table)
            && self
                .conn()
                .prepare_cached("SELECT EXISTS (SELECT 1 FROM pragma_table_info(?1) WHERE name = ?2)")?
                .query_row(params![table, field], |r| r.get::<_, bool>(0))?;
        if known { Ok(()) } else { Err(StoreError::NotFound { table: table.into(), id: field.into() }) }
    }
}
