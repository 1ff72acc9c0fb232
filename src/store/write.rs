//! Every write: one transaction that changes the rows, appends to `ops`, and brings
//! the derived facts of what it touched up to date before it commits.

use super::Store;
use super::clock::{Actor, Hlc, iso_utc};
use super::derive::{self, Dirty};
use super::error::{Clash, Result, StoreError};
use super::oplog::{self, RecordOps, op_columns, snapshot_json};
use super::records::current_values;
use crate::domain::field::{Kind, LinkTable};
use crate::domain::project::ProjectHousehold;
use crate::domain::record::differing_fields;
use crate::domain::{FieldValue, Record};
use rusqlite::{OptionalExtension, ToSql, Transaction, TransactionBehavior, params};

/// A record type's INSERT and the columns it binds after id and times.
struct InsertStatement {
    names: Vec<String>,
    sql: String,
}

/// Writes inside one transaction; each change is logged as it is made.
pub struct Writer<'a> {
    tx: Transaction<'a>,
    hlc: &'a mut Hlc,
    actor: &'a Actor,
    copy_id: &'a str,
    /// Names this write in every op it logs, so it can be undone or restored as one.
    batch: String,
    note: Option<String>,
    logged: usize,
    dirty: Dirty,
    defer_derive: bool,
    /// The page cache before a bulk write took a large one, to give back.
    cache_before: Option<i64>,
    inserts: std::collections::HashMap<&'static str, std::rc::Rc<InsertStatement>>,
}

impl Store {
    /// Runs `f` in one immediate transaction: all of it is saved, or none.
    pub fn write<R>(&mut self, f: impl FnOnce(&mut Writer) -> Result<R>) -> Result<R> {
        if self.read_only {
            return Err(StoreError::ReadOnly);
        }
        self.door.pass(&self.path)?;
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        super::stamp::note_save(&tx, &self.path)?;
        if let Some(copy) = self.new_copy.take() {
            copy.record(&tx)?;
        }
        // Another process may have written since we last looked: stay ahead of its clock.
        if let Some(newest) = tx.query_row("SELECT max(hlc) FROM ops", [], |r| r.get::<_, Option<String>>(0))? {
            self.hlc.observe(&newest);
        }
        let batch = self.hlc.source.new_id();
        let mut writer = Writer {
            tx,
            hlc: &mut self.hlc,
            actor: &self.actor,
            copy_id: &self.copy_id,
            batch,
            note: None,
            logged: 0,
            dirty: Dirty::default(),
            defer_derive: false,
            cache_before: None,
            inserts: std::collections::HashMap::new(),
        };
        let today = self.today;
        let result = f(&mut writer).and_then(|result| {
            match writer.defer_derive {
                true => derive::rebuild_all(&writer.tx, today, &mut |_, _| {})?,
                false => derive::refresh(&writer.tx, &writer.dirty, today)?,
            }
            Ok(result)
        });
        // A large cache taken for a bulk write is given back once the rebuild has had
        // it warm, whatever became of the write.
        if let Some(cache) = writer.cache_before {
            super::cache::restore(&writer.tx, cache);
        }
        let result = result?;
        let batch = (writer.logged > 0).then(|| writer.batch.clone());
        writer.tx.commit()?;
        self.writes += 1;
        // A write that changed nothing leaves nothing to take back: `u` after it must
        // not reach for an older save (or an undo's own ops).
        self.last_batch = batch;
        Ok(result)
    }

    /// The batch of the last write, when it logged a change (what `u` takes back).
    pub fn last_batch(&self) -> Option<&str> {
        self.last_batch.as_deref()
    }

    /// Adds a record; gives it a new id when it has none. Returns the id.
    pub fn insert<T: Record>(&mut self, record: &mut T) -> Result<String> {
        self.write(|w| w.insert(record))
    }

    /// Saves the changed fields of a record; returns how many changed.
    pub fn update<T: Record>(&mut self, record: &T) -> Result<usize> {
        self.write(|w| w.update(record))
    }

    /// Soft delete: the row stays, marked deleted, for audit and merge.
    pub fn delete<T: Record>(&mut self, id: &str) -> Result<()> {
        self.write(|w| w.delete(T::DEF.table, id))
    }

    pub fn set_setting(&mut self, key: &str, value: &str) -> Result<()> {
        self.write(|w| w.set_setting(key, value))
    }
}

impl Writer<'_> {
    /// Many records written at once (a demo, an import): the derived tables are
    /// rebuilt once at the end instead of after each record, and the page cache is
    /// large meanwhile. Said at any point of the write (an import says it once it
    /// has written enough).
    pub fn defer_derive(&mut self) {
        self.defer_derive = true;
        if self.cache_before.is_none() {
            self.cache_before = super::cache::enlarge(&self.tx).ok();
        }
    }

    /// Notes every op logged from here on (a deletion's reason; what an undo undid).
    pub fn set_note(&mut self, note: Option<String>) {
        self.note = note.filter(|n| !n.trim().is_empty());
    }

    fn stamp(&mut self) -> (String, String, String) {
        let op_id = self.hlc.source.new_id();
        let (hlc, wall) = self.hlc.tick();
        (op_id, hlc, iso_utc(wall))
    }

    pub(super) fn conn(&self) -> &rusqlite::Connection {
        &self.tx
    }

    pub(super) fn touch_record(&mut self, table: &str, id: &str) -> Result<()> {
        self.touch(table, id)
    }

    fn touch(&mut self, table: &str, id: &str) -> Result<()> {
        if !self.defer_derive {
            derive::touch(&self.tx, &mut self.dirty, table, id)?;
        }
        Ok(())
    }

    pub fn insert<T: Record>(&mut self, record: &mut T) -> Result<String> {
        if record.id().is_empty() {
            let id = self.hlc.source.new_id();
            record.set_id(id);
        }
        let id = record.id().to_string();
        let statement = self.insert_statement::<T>();
        let values = record.values();
        let (op_id, hlc, now) = self.stamp();
        let mut args: Vec<&dyn ToSql> = vec![&id, &now, &now];
        args.extend(values.iter().map(|v| v as &dyn ToSql));
        self.tx.prepare_cached(&statement.sql)?.execute(args.as_slice())?;
        let new_value = snapshot_json(&statement.names, &values);
        self.log(&op_id, &hlc, T::DEF.table, &id, "create", None, None, Some(&new_value), None)?;
        if !self.defer_derive {
            // (Deferred, every count is made anew at the end.)
            derive::count_live(&self.tx, T::DEF.table, 1)?;
        }
        self.write_links(record)?;
        self.touch(T::DEF.table, &id)?;
        Ok(id)
    }

    /// The INSERT of a record type and its columns, made once per write (an import
    /// inserts 100,000 records).
    fn insert_statement<T: Record>(&mut self) -> std::rc::Rc<InsertStatement> {
        let made = self.inserts.entry(T::DEF.table).or_insert_with(|| {
            let names = T::DEF.column_names();
            let marks: Vec<String> = (0..names.len()).map(|i| format!("?{}", i + 4)).collect();
            let sql = format!(
                "INSERT INTO {} (id, created_at, updated_at, {}) VALUES (?1, ?2, ?3, {})",
                T::DEF.table,
                names.join(", "),
                marks.join(", ")
            );
            std::rc::Rc::new(InsertStatement { names, sql })
        });
        made.clone()
    }

    /// Saves every field that differs from the row; returns how many columns changed.
    pub fn update<T: Record>(&mut self, record: &T) -> Result<usize> {
        let keys: Vec<&str> = T::DEF.fields.iter().map(|f| f.key).collect();
        self.update_fields(record, &keys)
    }

    /// Saves the fields a person changed from `before` (the record as their form showed
    /// it). When another session changed one of those fields meanwhile to another value,
    /// nothing is written and each such field is returned as a clash, unless the person
    /// already chose their own value for it (`accepted`). A record deleted meanwhile is
    /// refused.
    pub fn update_changed<T: Record>(&mut self, record: &T, before: &T, accepted: &[&str]) -> Result<usize> {
        let id = record.id();
        let deleted = current_values(&self.tx, T::DEF.table, id, &["deleted".to_string()])?
            .ok_or_else(|| StoreError::NotFound { table: T::DEF.table.into(), id: id.into() })?;
        let now: Option<T> = super::records::get(&self.tx, id)?;
        let Some(now) = now.filter(|_| deleted.first() != Some(&FieldValue::Int(1))) else {
            return Err(StoreError::DeletedMeanwhile { table: T::DEF.table.into(), id: id.into() });
        };
        let changed = differing_fields(record, before);
        let moved_meanwhile = differing_fields(&now, before);
        let mut clashes = Vec::new();
        for key in changed.iter().filter(|k| moved_meanwhile.contains(k) && !accepted.contains(k)) {
            if differing_fields(&now, record).contains(key) {
                clashes.push(self.clash(&now, key)?);
            }
        }
        if !clashes.is_empty() {
            return Err(StoreError::Clash(clashes));
        }
        self.update_fields(record, &changed)
    }

    /// Who set a field to what it holds now, and when.
    fn clash<T: Record>(&self, now: &T, key: &'static str) -> Result<Clash> {
        let columns: Vec<String> =
            T::DEF.fields.iter().filter(|f| f.key == key).flat_map(|f| f.column_names()).collect();
        let marks = (0..columns.len()).map(|i| format!("?{}", i + 2)).collect::<Vec<_>>().join(", ");
        let sql = format!(
            "SELECT os_user, host, hlc FROM ops WHERE record_id = ?1 AND field IN ({marks}) ORDER BY hlc DESC LIMIT 1"
        );
        let id = now.id().to_string();
        let mut args: Vec<&dyn ToSql> = vec![&id];
        args.extend(columns.iter().map(|c| c as &dyn ToSql));
        let (user, host, hlc): (String, String, String) = self
            .tx
            .prepare_cached(&sql)?
            .query_row(args.as_slice(), |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .optional()?
            .unwrap_or_default();
        Ok(Clash { field: key, theirs: now.to_draft().get(key).to_string(), user, host, hlc })
    }

    /// Saves only the named fields of a record (those a person changed), each column
    /// that differs from the row logged as its own op.
    pub fn update_fields<T: Record>(&mut self, record: &T, keys: &[&str]) -> Result<usize> {
        self.update_columns(record, keys, Replacing::Heads)
    }

    /// Writes the named fields as a value set beside what the ledger holds, not after
    /// it: each op replaces what the ledger's current value replaced, so the two stand
    /// as a dispute for a person to settle (`C`), like two copies' edits after a merge.
    /// An import uses it for a field changed both in bangfu and in the national system.
    pub fn update_beside<T: Record>(&mut self, record: &T, keys: &[&str]) -> Result<usize> {
        self.update_columns(record, keys, Replacing::Predecessors)
    }

    fn update_columns<T: Record>(&mut self, record: &T, keys: &[&str], replacing: Replacing) -> Result<usize> {
        let id = record.id();
        let names = T::DEF.column_names();
        let current = current_values(&self.tx, T::DEF.table, id, &names)?
            .ok_or_else(|| StoreError::NotFound { table: T::DEF.table.into(), id: id.into() })?;
        self.touch(T::DEF.table, id)?;
        let values = record.values();
        let wanted: Vec<String> =
            T::DEF.fields.iter().filter(|f| keys.contains(&f.key)).flat_map(|f| f.column_names()).collect();
        let mut changed = 0;
        for ((name, new), old) in names.iter().zip(&values).zip(&current) {
            if new != old && wanted.contains(name) {
                self.set_field_replacing(T::DEF.table, id, name, (old, new), "update", replacing)?;
                changed += 1;
            }
        }
        if T::DEF.fields.iter().any(|f| matches!(f.kind, Kind::Links(_)) && keys.contains(&f.key)) {
            self.write_links(record)?;
        }
        self.touch(T::DEF.table, id)?;
        Ok(changed)
    }

    pub(super) fn set_field(
        &mut self,
        table: &str,
        id: &str,
        field: &str,
        old: &FieldValue,
        new: &FieldValue,
        kind: &str,
    ) -> Result<()> {
        self.set_field_replacing(table, id, field, (old, new), kind, Replacing::Heads)
    }

    fn set_field_replacing(
        &mut self,
        table: &str,
        id: &str,
        field: &str,
        (old, new): (&FieldValue, &FieldValue),
        kind: &str,
        replacing: Replacing,
    ) -> Result<()> {
        let (op_id, hlc, now) = self.stamp();
        let sql = format!("UPDATE {table} SET {field} = ?1, updated_at = ?2 WHERE id = ?3");
        self.tx.prepare_cached(&sql)?.execute(params![new, now, id])?;
        let replaces = match replacing {
            Replacing::Heads => self.replaced(id, field)?,
            Replacing::Predecessors => self.predecessors(id, field)?,
        };
        self.log(
            &op_id,
            &hlc,
            table,
            id,
            kind,
            Some(field),
            Some(&old.to_json()),
            Some(&new.to_json()),
            replaces.as_deref(),
        )?;
        // A person's save of a disputed field settles it; a value set beside starts one.
        if replacing == Replacing::Predecessors || oplog::has_conflict(&self.tx, table, id)? {
            oplog::refresh_conflicts(&self.tx, table, id)?;
        }
        Ok(())
    }

    /// What the field's current ops replaced, comma-joined: a new op naming them stands
    /// beside the current ones.
    fn predecessors(&self, record_id: &str, field: &str) -> Result<Option<String>> {
        let ops = RecordOps::new(oplog::record_ops(&self.tx, record_id)?);
        let mut ids: Vec<String> = ops.heads(field).iter().flat_map(|o| o.replaces.iter().cloned()).collect();
        ids.sort();
        ids.dedup();
        Ok((!ids.is_empty()).then(|| ids.join(",")))
    }

    /// What a new op on this field replaces: the ops whose values the person saw
    /// (docs/sharing.md), comma-joined.
    fn replaced(&self, record_id: &str, field: &str) -> Result<Option<String>> {
        let ops = RecordOps::new(oplog::record_ops(&self.tx, record_id)?);
        let ids = ops.replaced_by_new(field);
        Ok((!ids.is_empty()).then(|| ids.join(",")))
    }

    pub fn delete(&mut self, table: &str, id: &str) -> Result<()> {
        let current = current_values(&self.tx, table, id, &["deleted".to_string()])?
            .ok_or_else(|| StoreError::NotFound { table: table.into(), id: id.into() })?;
        let old = current.into_iter().next().unwrap_or_default();
        if old == FieldValue::Int(1) {
            return Ok(());
        }
        self.touch(table, id)?;
        self.set_field(table, id, "deleted", &old, &FieldValue::Int(1), "delete")?;
        derive::count_live(&self.tx, table, -1)?;
        self.touch(table, id)
    }

    /// Brings a deleted record back (a person restoring it, or an undo).
    pub fn restore(&mut self, table: &str, id: &str) -> Result<()> {
        let current = current_values(&self.tx, table, id, &["deleted".to_string()])?
            .ok_or_else(|| StoreError::NotFound { table: table.into(), id: id.into() })?;
        if current.first() != Some(&FieldValue::Int(1)) {
            return Ok(());
        }
        self.touch(table, id)?;
        self.undelete(table, id)?;
        self.touch(table, id)
    }

    fn undelete(&mut self, table: &str, id: &str) -> Result<()> {
        self.set_field(table, id, "deleted", &FieldValue::Int(1), &FieldValue::Int(0), "update")?;
        derive::count_live(&self.tx, table, 1)
    }

    /// Makes the live links of each link field of `record` exactly its ids, reusing old link rows.
    fn write_links<T: Record>(&mut self, record: &T) -> Result<()> {
        // Most records have no links: their draft (every field copied) is not made.
        if !T::DEF.fields.iter().any(|def| matches!(def.kind, Kind::Links(_))) {
            return Ok(());
        }
        let draft = record.to_draft();
        for def in T::DEF.fields {
            if let Kind::Links(link) = def.kind {
                let wanted = crate::domain::record::split_codes(draft.get(def.key));
                self.set_links(link, record.id(), &wanted)?;
            }
        }
        Ok(())
    }

    fn set_links(&mut self, link: &LinkTable, owner_id: &str, wanted: &[String]) -> Result<()> {
        let sql = format!("SELECT id, {}, deleted FROM {} WHERE {} = ?1", link.target, link.table, link.owner);
        let rows: Vec<(String, String, bool)> = self
            .tx
            .prepare_cached(&sql)?
            .query_map([owner_id], |r| Ok((r.get(0)?, r.get(1)?, r.get::<_, i64>(2)? != 0)))?
            .collect::<rusqlite::Result<_>>()?;
        for (row_id, target, deleted) in &rows {
            let keep = wanted.contains(target);
            if keep && *deleted {
                self.undelete(link.table, row_id)?;
            } else if !keep && !deleted {
                self.delete(link.table, row_id)?;
            }
        }
        for target in wanted {
            if !rows.iter().any(|(_, t, _)| t == target) && link.table == ProjectHousehold::DEF.table {
                self.insert(&mut ProjectHousehold::new(owner_id, target))?;
            }
        }
        Ok(())
    }

    /// Notes what an import set a record's fields to (docs/national.md).
    pub fn set_setting(&mut self, key: &str, value: &str) -> Result<()> {
        let (op_id, hlc, now) = self.stamp();
        let old: Option<String> =
            self.tx.query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| r.get(0)).optional()?;
        // The same value again is no change, and logs none.
        if old.as_deref() == Some(value) {
            return Ok(());
        }
        self.tx.execute(
            "INSERT INTO settings (key, value, updated_at) VALUES (?1, ?2, ?3)
             ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
            params![key, value, now],
        )?;
        let old_json = old.map(|o| FieldValue::Text(o).to_json());
        let replaces = self.replaced(key, "value")?;
        let new_json = FieldValue::text(value).to_json();
        self.log(
            &op_id,
            &hlc,
            "settings",
            key,
            "update",
            Some("value"),
            old_json.as_deref(),
            Some(&new_json),
            replaces.as_deref(),
        )
    }

    #[allow(clippy::too_many_arguments)]
    fn log(
        &mut self,
        op_id: &str,
        hlc: &str,
        table: &str,
        record_id: &str,
        kind: &str,
        field: Option<&str>,
        old_value: Option<&str>,
        new_value: Option<&str>,
        replaces: Option<&str>,
    ) -> Result<()> {
        self.tx
            .prepare_cached(&format!(
                "INSERT INTO ops ({}) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
                op_columns("")
            ))?
            .execute(params![
                op_id,
                hlc,
                table,
                record_id,
                kind,
                field,
                old_value,
                new_value,
                replaces,
                self.actor.user,
                self.actor.host,
                self.batch,
                self.copy_id,
                self.note
            ])?;
        self.logged += 1;
        Ok(())
    }

    /// Reads inside the transaction (a record as it is now, with this write's changes).
    pub fn get<T: Record>(&self, id: &str) -> Result<Option<T>> {
        super::records::get(&self.tx, id)
    }

    pub fn select<T: Record>(&self, filter: &str, order: &str, args: &[&dyn ToSql]) -> Result<Vec<T>> {
        super::records::select(&self.tx, filter, order, args)
    }
}

/// What a field's new op replaces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Replacing {
    /// The values a person saw: the field's current heads.
    Heads,
    /// What those heads replaced: the new value stands beside them.
    Predecessors,
}
