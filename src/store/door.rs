//! The door every file passes before bangfu reads or writes it (docs/sharing.md,
//! "Damaged copies"): what a failed copy leaves (0 bytes, cut short), what is not
//! ours or too new, and — without costing the first frame — SQLite's quick check of
//! every page, which a copy taken in the middle of a save fails. A file that fails
//! is never written to.

use super::error::{Result, StoreError};
use super::migrations::{APPLICATION_ID, LATEST};
use rusqlite::{Connection, OpenFlags};
use std::io::Read;
use std::path::{Path, PathBuf};

const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";
const HEADER: usize = 100;

/// Checks an existing file by reading its header (SQLite keeps the application id,
/// the format, the page size and the page count at fixed places in it), so that a
/// refused file stays byte-for-byte as it was, and a file busy with another
/// session's save, or with a journal to roll back, is never mistaken for a foreign
/// one. A crash can leave a brand-new ledger without its mark but with a journal that
/// removes it again: that is let through for SQLite to roll back.
pub(super) fn inspect_existing(path: &Path) -> Result<()> {
    let io = |source| StoreError::Io { path: path.to_path_buf(), source };
    let meta = std::fs::metadata(path).map_err(io)?;
    if meta.is_dir() {
        return Err(StoreError::IsFolder { path: path.to_path_buf() });
    }
    if meta.len() == 0 {
        return Err(StoreError::Empty { path: path.to_path_buf() });
    }
    let not_ours = || StoreError::NotALedger { path: path.to_path_buf() };
    let mut header = Vec::with_capacity(HEADER);
    std::fs::File::open(path).map_err(io)?.take(HEADER as u64).read_to_end(&mut header).map_err(io)?;
    let cut_short = || StoreError::Truncated { path: path.to_path_buf(), bytes: meta.len() };
    if header.len() < SQLITE_MAGIC.len() && SQLITE_MAGIC.starts_with(&header) {
        return Err(cut_short());
    }
    if header.get(..16) != Some(SQLITE_MAGIC.as_slice()) {
        return Err(not_ours());
    }
    if header.len() < HEADER {
        return Err(cut_short());
    }
    let word = |at: usize| header.get(at..at + 4).and_then(|b| b.try_into().ok()).map(u32::from_be_bytes).unwrap_or(0);
    let (found, app_id) = (word(60) as i32 as i64, word(68) as i32 as i64);
    let journal = has_journal(path);
    if app_id != APPLICATION_ID && !(app_id == 0 && journal) {
        return Err(not_ours());
    }
    if found > LATEST {
        return Err(StoreError::TooNew { path: path.to_path_buf(), found, supported: LATEST });
    }
    // The page count is valid when written by the same change as the counter beside
    // it; a journal to roll back may put back a longer file, so only a file without
    // one is held to it.
    let page_size = match header.get(16..18).and_then(|b| b.try_into().ok()).map(u16::from_be_bytes) {
        Some(1) => 65_536,
        Some(n) => u64::from(n),
        None => 0,
    };
    let (counter, valid_for, pages) = (word(24), word(92), u64::from(word(28)));
    if !journal && counter == valid_for && page_size > 0 && meta.len() < pages * page_size {
        return Err(cut_short());
    }
    Ok(())
}

/// Whether a save cut off by a crash left its journal beside the file.
pub(super) fn has_journal(path: &Path) -> bool {
    let mut name = path.as_os_str().to_os_string();
    name.push("-journal");
    std::fs::metadata(PathBuf::from(name)).is_ok_and(|m| m.len() > 0)
}

/// SQLite's quick check (every page and index entry, not the cross-checks of the
/// full integrity check) through a connection of its own that only reads, table by
/// table: run on the whole file, it also checks the search index's full-text
/// contents word by word (FTS5's own check), which took most of its time; that
/// index's tables are still checked page by page like any other.
pub(super) fn quick_check(path: &Path) -> Result<()> {
    let damaged = |detail: String| StoreError::Damaged { path: path.to_path_buf(), detail };
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags)?;
    conn.busy_timeout(super::open::BUSY_WAIT)?;
    let verdict = || -> Result<Option<String>> {
        let mut stmt = conn.prepare(
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND coalesce(sql, '') NOT LIKE 'CREATE VIRTUAL%'",
        )?;
        let tables: Vec<String> = stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
        for table in tables {
            let quoted = table.replace('"', "\"\"");
            let first: String = conn.query_row(&format!("PRAGMA quick_check(\"{quoted}\")"), [], |r| r.get(0))?;
            if first != "ok" {
                return Ok(Some(first));
            }
        }
        Ok(None)
    };
    match verdict() {
        Ok(None) => Ok(()),
        Ok(Some(first)) => Err(damaged(one_line(&first))),
        Err(StoreError::Corrupt(detail)) => Err(damaged(detail)),
        Err(other) => Err(other),
    }
}

/// SQLite's report as one line, without its "*** in database main ***" heading.
fn one_line(report: &str) -> String {
    let lines: Vec<&str> = report.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with("***")).collect();
    lines.join("; ")
}

/// The quick check of a file opened: run when first needed (a command before it
/// reads, a save before it writes), or started beside the app's first screens; a save
/// waits for its answer, and none is made into a file that failed it. `bangfu check`,
/// which runs SQLite's full check itself, never needs it.
#[derive(Debug, Default)]
pub(super) enum Door {
    /// Passed (or a new file bangfu itself made).
    #[default]
    Open,
    Unchecked,
    Checking(std::thread::JoinHandle<Result<()>>),
    Shut(String),
}

impl Door {
    /// Starts the check on a thread of its own, if it has not run.
    pub(super) fn check_beside(&mut self, path: &Path) {
        if let Door::Unchecked = self {
            let path = path.to_path_buf();
            *self = Door::Checking(std::thread::spawn(move || quick_check(&path)));
        }
    }

    /// Whether the check has answered, without waiting.
    pub(super) fn answered(&self) -> bool {
        match self {
            Door::Open | Door::Shut(_) => true,
            Door::Unchecked => false,
            Door::Checking(handle) => handle.is_finished(),
        }
    }

    /// Runs or waits for the check; the error it found, each time it is asked.
    pub(super) fn pass(&mut self, path: &Path) -> Result<()> {
        if let Door::Unchecked = self {
            *self = match quick_check(path) {
                Ok(()) => Door::Open,
                Err(StoreError::Damaged { detail, .. }) => Door::Shut(detail),
                Err(e) => return Err(e),
            };
        }
        if let Door::Checking(_) = self {
            let Door::Checking(handle) = std::mem::take(self) else { return Ok(()) };
            *self = match handle.join() {
                Ok(Ok(())) => Door::Open,
                Ok(Err(StoreError::Damaged { detail, .. })) => Door::Shut(detail),
                // Busy, or the file went away: no verdict yet, so the next save asks again.
                Ok(Err(_)) | Err(_) => Door::Unchecked,
            };
        }
        match self {
            Door::Shut(detail) => Err(StoreError::Damaged { path: path.to_path_buf(), detail: detail.clone() }),
            _ => Ok(()),
        }
    }
}

/// SQLite's full integrity check of a file too damaged to open as a ledger, read
/// without opening it as one (`bangfu check` of such a file).
pub fn integrity_of(path: &Path) -> Result<Vec<String>> {
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags)?;
    conn.busy_timeout(super::open::BUSY_WAIT)?;
    // Some damage stops the full check with an error of its own; the quick check
    // then says what it can, and failing that the error is the finding.
    for pragma in ["PRAGMA integrity_check", "PRAGMA quick_check"] {
        let listed = conn
            .prepare(pragma)
            .and_then(|mut stmt| stmt.query_map([], |r| r.get::<_, String>(0))?.collect::<rusqlite::Result<Vec<_>>>());
        match listed.map_err(StoreError::from) {
            Ok(lines) => return Ok(lines.iter().map(|l| one_line(l)).filter(|l| !l.is_empty()).collect()),
            Err(StoreError::Corrupt(_)) => continue,
            Err(e) => return Err(e),
        }
    }
    Ok(vec![rusqlite::Error::SqliteFailure(rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_CORRUPT), None).to_string()])
}
