//! Merging another copy of the ledger into this one (docs/sharing.md): its ops not
//! yet here are brought in, and each record they touch takes, field by field, the
//! value of the latest op among those no other op replaced. Two such values that
//! differ are a dispute kept in `conflicts` for a person to settle. Records only the
//! other copy has are copied over. Nothing is lost: every op of both copies is kept.

use super::Store;
use super::derive::{self, Dirty};
use super::door;
use super::error::{Result, StoreError};
use super::intake;
use super::oplog::{self, RecordOps};
use super::read::record_tables;
use crate::domain::FieldValue;
use rusqlite::types::Value;
use rusqlite::vtab::array::Array;
use rusqlite::{OptionalExtension, TransactionBehavior, params};
use std::collections::{BTreeSet, HashMap};
use std::path::Path;

/// What a merge did (or, dry, would do).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct MergeReport {
    /// Ops of the other copy not yet in this one.
    pub ops_in: usize,
    /// Records only the other copy had.
    pub records_added: usize,
    /// Records here whose values changed.
    pub records_changed: usize,
    /// Disputes now waiting for a person (fields, and edits against deletions).
    pub conflicts: usize,
    /// ID numbers held by more than one live person (likely the same person added twice).
    pub duplicates: usize,
}

/// Above this many touched records the derived tables are rebuilt whole, which is
/// then faster than record by record.
const REBUILD_ABOVE: usize = 20_000;

impl Store {
    /// The name every copy of this ledger shares.
    pub fn ledger_id(&self) -> Result<String> {
        Ok(self.conn.query_row("SELECT value FROM ledger_info WHERE key = 'ledger_id'", [], |r| r.get(0))?)
    }

    /// Names the ledger and this copy, for a file that must come out the same each time
    /// it is written (a demo is named by its seed); the copy's place is recorded when
    /// the file is next opened.
    pub fn set_identity(&mut self, ledger_id: &str, copy_id: &str) -> Result<()> {
        self.conn.execute_batch("DELETE FROM copies")?;
        self.conn.execute("UPDATE ledger_info SET value = ?1 WHERE key = 'ledger_id'", [ledger_id])?;
        self.conn.execute("UPDATE ledger_info SET value = ?1 WHERE key = 'copy_id'", [copy_id])?;
        super::stamp::note_save(&self.conn, &self.path)?;
        self.copy_id = copy_id.to_string();
        self.new_copy = None;
        Ok(())
    }

    /// Merges the copy at `other` into this ledger. A file that is not a copy of this
    /// ledger is refused unless `force`; `dry_run` reports and writes nothing. An
    /// other copy of an older format is read from an upgraded temporary copy.
    pub fn merge_from(&mut self, other: &Path, force: bool, dry_run: bool) -> Result<MergeReport> {
        if self.read_only {
            return Err(StoreError::ReadOnly);
        }
        self.door.pass(&self.path)?;
        // The other copy is only read: a save cut off in it is for bangfu to roll
        // back where it lives, and a damaged copy is refused at the door.
        door::inspect_existing(other)?;
        if door::has_journal(other) {
            return Err(StoreError::JournalPending { path: other.to_path_buf() });
        }
        door::quick_check(other)?;
        let upgraded = upgraded_copy(other, self.today)?;
        let source = upgraded.as_ref().map_or(other, |t| t.path());
        // Attached for reading only, so that the merge's transaction writes one file:
        // SQLite then keeps no super-journal naming both by their paths, which a kill
        // followed by moving the folder would turn into a damaged ledger.
        self.conn.execute("ATTACH DATABASE ?1 AS other", [read_only_uri(source)])?;
        // A merge touches records all over a county file.
        let cache = super::cache::enlarge(&self.conn)?;
        let result = self.merge_attached(other, force, dry_run);
        super::cache::restore(&self.conn, cache);
        let _ = self.conn.execute("DETACH DATABASE other", []);
        result
    }

    fn merge_attached(&mut self, other: &Path, force: bool, dry_run: bool) -> Result<MergeReport> {
        let theirs: Option<String> = self
            .conn
            .query_row("SELECT value FROM other.ledger_info WHERE key = 'ledger_id'", [], |r| r.get(0))
            .optional()?;
        if !force && theirs.as_deref() != Some(self.ledger_id()?.as_str()) {
            return Err(StoreError::OtherLedger { path: other.to_path_buf() });
        }
        let today = self.today;
        let vocab = self.vocab()?;
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        // Records arrive table by table in name order (a cadre's attendance before the
        // cadre): references are checked once all are in, at the commit.
        tx.pragma_update(None, "defer_foreign_keys", "ON")?;
        super::stamp::note_save(&tx, &self.path)?;
        if let Some(copy) = self.new_copy.take() {
            copy.record(&tx)?;
        }
        let mut report = MergeReport::default();
        let columns = super::oplog::op_columns("");
        let missing: Array = std::rc::Rc::new(missing_ops(&tx)?.into_iter().map(Value::Text).collect());
        tx.execute_batch("DROP TABLE IF EXISTS temp.incoming")?;
        tx.execute(
            &format!("CREATE TEMP TABLE incoming AS SELECT {columns} FROM other.ops WHERE op_id IN rarray(?1)"),
            [&missing],
        )?;
        let known = table_columns(&tx)?;
        let mut problems = intake::check_ops(&tx, &known, &vocab)?;
        tx.execute_batch(&format!(
            "INSERT INTO main.ops ({columns}) SELECT {columns} FROM temp.incoming;
             INSERT OR IGNORE INTO main.copies SELECT * FROM other.copies;"
        ))?;
        report.ops_in = tx.query_row("SELECT count(*) FROM temp.incoming", [], |r| r.get::<_, i64>(0))? as usize;
        let mut stmt = tx.prepare("SELECT DISTINCT table_name, record_id FROM temp.incoming ORDER BY 1, 2")?;
        let touched: Vec<(String, String)> =
            stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
        drop(stmt);
        let mut dirty = Dirty::default();
        let mut added: Vec<(String, String)> = Vec::new();
        let whole = touched.len() > REBUILD_ABOVE;
        let stamp = super::clock::iso_utc(chrono::Utc::now());
        for (table, id) in &touched {
            let outcome = if table == "settings" {
                apply_setting(&tx, id, &stamp)?
            } else if let Some(columns) = known.get(table.as_str()) {
                let outcome = apply_record(&tx, table, id, columns, &stamp, |tx| {
                    if whole { Ok(()) } else { derive::touch(tx, &mut dirty, table, id) }
                })?;
                if !whole {
                    derive::touch(&tx, &mut dirty, table, id)?;
                }
                outcome
            } else {
                // An op of a table this build does not know: kept in the log, applied by none.
                Outcome::Same
            };
            match outcome {
                Outcome::Added => {
                    report.records_added += 1;
                    added.push((table.clone(), id.clone()));
                }
                Outcome::Changed => report.records_changed += 1,
                Outcome::Same => {}
            }
        }
        // Records copied whole are held to their declaration (values changed by ops
        // were checked op by op); and nothing may point at a record that is not there.
        problems.extend(intake::check_records(&tx, &added, &known, &vocab)?);
        problems.extend(intake::dangling(&tx, &touched)?);
        if !problems.is_empty() {
            tx.rollback()?;
            return Err(StoreError::Refused(problems));
        }
        if whole {
            derive::rebuild_all(&tx, today, &mut |_, _| {})?;
        } else {
            derive::refresh(&tx, &dirty, today)?;
            let tables: BTreeSet<&str> = touched.iter().map(|(t, _)| t.as_str()).collect();
            derive::recount_tables(&tx, &tables.into_iter().collect::<Vec<_>>())?;
        }
        report.conflicts = tx.query_row("SELECT count(*) FROM conflicts", [], |r| r.get::<_, i64>(0))? as usize;
        report.duplicates = duplicate_id_numbers(&tx)?;
        tx.execute("DROP TABLE temp.incoming", [])?;
        if dry_run {
            tx.rollback()?;
        } else {
            tx.commit()?;
            self.writes += 1;
        }
        Ok(report)
    }
}

/// The ids of the other copy's ops this one lacks: both logs read in op-id order from
/// their indexes side by side (a merge join), so nothing but the missing ids is kept,
/// however long the logs.
fn missing_ops(conn: &rusqlite::Connection) -> Result<Vec<String>> {
    let mut ours = conn.prepare("SELECT op_id FROM main.ops ORDER BY op_id")?;
    let mut theirs = conn.prepare("SELECT op_id FROM other.ops ORDER BY op_id")?;
    let mut ours = ours.query([])?;
    let mut theirs = theirs.query([])?;
    let mut mine: Option<String> = ours.next()?.map(|r| r.get(0)).transpose()?;
    let mut missing = Vec::new();
    while let Some(row) = theirs.next()? {
        let id: String = row.get(0)?;
        while mine.as_deref().is_some_and(|m| m < id.as_str()) {
            mine = ours.next()?.map(|r| r.get(0)).transpose()?;
        }
        if mine.as_deref() != Some(id.as_str()) {
            missing.push(id);
        }
    }
    Ok(missing)
}

enum Outcome {
    Added,
    Changed,
    Same,
}

/// Each record table's columns, so that a field named in the other file's ops is
/// used in SQL only when it is one of ours.
fn table_columns(conn: &rusqlite::Connection) -> Result<HashMap<&'static str, BTreeSet<String>>> {
    let mut out = HashMap::new();
    for &table in record_tables() {
        let mut stmt = conn.prepare(&format!("SELECT name FROM pragma_table_info('{table}')"))?;
        let names: BTreeSet<String> = stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
        out.insert(table, names);
    }
    Ok(out)
}

/// Copies a record only the other copy has, then sets each field the ops changed to
/// its winning value and keeps its disputes. `before` notes what the record fed
/// before it changed (a record new here fed nothing).
fn apply_record(
    tx: &rusqlite::Connection,
    table: &str,
    id: &str,
    columns: &BTreeSet<String>,
    stamp: &str,
    before: impl FnOnce(&rusqlite::Connection) -> Result<()>,
) -> Result<Outcome> {
    let exists = |schema: &str| -> Result<bool> {
        Ok(tx
            .prepare_cached(&format!("SELECT EXISTS (SELECT 1 FROM {schema}.{table} WHERE id = ?1)"))?
            .query_row([id], |r| r.get(0))?)
    };
    let mut outcome = Outcome::Same;
    if exists("main")? {
        before(tx)?;
    } else {
        if !exists("other")? {
            return Ok(Outcome::Same);
        }
        let list = columns.iter().cloned().collect::<Vec<_>>().join(", ");
        tx.prepare_cached(&format!(
            "INSERT INTO main.{table} ({list}) SELECT {list} FROM other.{table} WHERE id = ?1"
        ))?
        .execute([id])?;
        outcome = Outcome::Added;
    }
    let ops = RecordOps::new(oplog::record_ops(tx, id)?);
    for field in ops.fields().filter(|f| columns.contains(*f)) {
        let Some(value) = ops.winner(field).and_then(|o| o.new_value.as_deref()).map(FieldValue::from_json) else {
            continue;
        };
        let changed = tx
            .prepare_cached(&format!(
                "UPDATE main.{table} SET {field} = ?1, updated_at = ?2 WHERE id = ?3 AND {field} IS NOT ?1"
            ))?
            .execute(params![value, stamp, id])?;
        if changed > 0 && matches!(outcome, Outcome::Same) {
            outcome = Outcome::Changed;
        }
    }
    oplog::keep_disputes(tx, table, id, &ops)?;
    Ok(outcome)
}

fn apply_setting(tx: &rusqlite::Connection, key: &str, stamp: &str) -> Result<Outcome> {
    let ops = RecordOps::new(oplog::record_ops(tx, key)?);
    let Some(value) = ops.winner("value").and_then(|o| o.new_value.as_deref()).map(FieldValue::from_json) else {
        return Ok(Outcome::Same);
    };
    let changed = tx.execute(
        "INSERT INTO settings (key, value, updated_at) VALUES (?1, ?2, ?3)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
         WHERE settings.value IS NOT excluded.value",
        params![key, value.to_text(), stamp],
    )?;
    Ok(if changed > 0 { Outcome::Changed } else { Outcome::Same })
}

/// ID numbers held by more than one live person among those the merge brought in.
fn duplicate_id_numbers(conn: &rusqlite::Connection) -> Result<usize> {
    Ok(conn.query_row(
        "SELECT count(*) FROM (SELECT m.id_number FROM members m
             WHERE m.deleted = 0 AND m.id_number IN (
                 SELECT n.id_number FROM members n JOIN temp.incoming i ON i.record_id = n.id
                 WHERE i.table_name = 'members' AND n.id_number IS NOT NULL AND n.id_number != '')
             GROUP BY m.id_number HAVING count(*) > 1)",
        [],
        |r| r.get::<_, i64>(0),
    )? as usize)
}

/// A `file:` URI that opens `path` for reading only: the characters URIs give a
/// meaning to are escaped, and a Windows path (`C:\…`) is written `/C:/…`.
fn read_only_uri(path: &Path) -> String {
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let text = absolute.to_string_lossy().replace('\\', "/");
    // `//server/share/…` (a Windows share) keeps its authority empty: `file:////server/…`.
    let lead = if text.starts_with("//") {
        "//"
    } else if text.starts_with('/') {
        ""
    } else {
        "/"
    };
    let escaped = text.replace('%', "%25").replace('?', "%3F").replace('#', "%23");
    format!("file:{lead}{escaped}?mode=ro")
}

/// An other copy of an older format, upgraded in a temporary copy (the file itself
/// is only read).
fn upgraded_copy(other: &Path, today: chrono::NaiveDate) -> Result<Option<tempfile::NamedTempFile>> {
    let conn = rusqlite::Connection::open_with_flags(other, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    if super::migrations::user_version(&conn)? >= super::migrations::LATEST {
        return Ok(None);
    }
    let io = |source| StoreError::Io { path: other.to_path_buf(), source };
    let temp = tempfile::Builder::new().suffix(".db").tempfile().map_err(io)?;
    conn.backup(rusqlite::MAIN_DB, temp.path(), None)?;
    drop(conn);
    Store::open_with(temp.path(), today, &mut |_, _| {})?;
    Ok(Some(temp))
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_read_only_uri_for_each_kind_of_path() {
        let uri = |p: &str| super::read_only_uri(std::path::Path::new(p));
        assert_eq!(uri("/media/usb/村 台账#1?.db"), "file:/media/usb/村 台账%231%3F.db?mode=ro");
        assert_eq!(uri("/srv/100%.db"), "file:/srv/100%25.db?mode=ro");
    }
}
