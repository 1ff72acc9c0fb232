//! Whether the derived tables (warnings, figures, counts) are those of the records as
//! they stand. SQLite raises a counter in the file's header with every transaction
//! that changes it; each bangfu save notes, in the same transaction, the value the
//! counter will have once it commits. A change made by anything else (sqlite3 by hand,
//! another tool) raises the counter without noting it, and `bangfu check` then
//! recomputes the derived tables instead of showing them as they were.

use super::error::{Result, StoreError};
use rusqlite::{Connection, OptionalExtension};
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;

const KEY: &str = "derived_at_change";

/// Notes the counter this save's commit gives the file. Called once the save holds
/// the write lock, so no other commit can come between.
pub(super) fn note_save(conn: &Connection, path: &Path) -> Result<()> {
    let next = change_counter(path)?.wrapping_add(1);
    conn.execute("INSERT OR REPLACE INTO ledger_info (key, value) VALUES (?1, ?2)", (KEY, next.to_string()))?;
    Ok(())
}

/// Whether the last change to the file was a bangfu save.
pub(super) fn derived_current(conn: &Connection, path: &Path) -> Result<bool> {
    let noted: Option<String> =
        conn.query_row("SELECT value FROM ledger_info WHERE key = ?1", [KEY], |r| r.get(0)).optional()?;
    Ok(noted.and_then(|n| n.parse::<u32>().ok()) == Some(change_counter(path)?))
}

/// The file change counter, at byte 24 of the header.
fn change_counter(path: &Path) -> Result<u32> {
    let io = |source| StoreError::Io { path: path.to_path_buf(), source };
    let mut file = std::fs::File::open(path).map_err(io)?;
    let mut word = [0u8; 4];
    file.seek(SeekFrom::Start(24)).and_then(|_| file.read_exact(&mut word)).map_err(io)?;
    Ok(u32::from_be_bytes(word))
}
