//! Opening a ledger: refuse what is not ours or too new, without touching it;
//! create a missing file owner-only, or group read/write in a folder shared with a
//! group; back up before migrating; open a file this user may not write for reading.

use super::Store;
use super::clock::{Actor, Hlc, TimeSource};
use super::door::{Door, has_journal, inspect_existing, quick_check};
use super::error::{Result, StoreError};
use super::migrations::{LATEST, migrate_to, user_version};
use chrono::NaiveDate;
use rusqlite::{Connection, OpenFlags, OptionalExtension};
use std::path::{Path, PathBuf};

/// How long a writer waits for another session's save to finish.
pub(super) const BUSY_WAIT: std::time::Duration = std::time::Duration::from_secs(10);

impl Store {
    /// Opens (or creates) the ledger at `path`, dated today.
    pub fn open(path: &Path) -> Result<Store> {
        Store::open_with(path, chrono::Local::now().date_naive(), &mut |_, _| {})
    }

    /// Opens (or creates) the ledger at `path`; an older file is upgraded, and
    /// `progress` hears how far the upgrade is (done, total).
    pub fn open_with(path: &Path, today: NaiveDate, progress: &mut dyn FnMut(usize, usize)) -> Result<Store> {
        Store::open_as(path, today, false, progress)
    }

    /// Opens an existing ledger for reading only (`--read-only`; nothing is written,
    /// not even an upgrade).
    pub fn open_read_only(path: &Path, today: NaiveDate) -> Result<Store> {
        Store::open_as(path, today, true, &mut |_, _| {})
    }

    fn open_as(
        path: &Path,
        today: NaiveDate,
        read_only: bool,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<Store> {
        let io = |source| StoreError::Io { path: path.to_path_buf(), source };
        let existing = path.exists();
        if existing {
            inspect_existing(path)?;
            // Reading only never rolls back a crash's save: a writer must open it first.
            if (read_only || !may_write(path)) && has_journal(path) {
                return Err(StoreError::JournalPending { path: path.to_path_buf() });
            }
        } else if read_only {
            return Err(io(std::io::Error::from(std::io::ErrorKind::NotFound)));
        } else {
            create_ledger_file(path)?;
        }
        let flags = if read_only || !may_write(path) {
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX
        } else {
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_URI
                | OpenFlags::SQLITE_OPEN_NO_MUTEX
        };
        let mut conn = Connection::open_with_flags(path, flags)?;
        configure(&conn)?;
        // Reading the version rolls back a save a crash cut off (or says who must).
        let version = user_version(&conn)?;
        if version == 0 && existing && has_tables(&conn)? {
            return Err(StoreError::NotALedger { path: path.to_path_buf() });
        }
        let read_only = conn.is_readonly(rusqlite::MAIN_DB)?;
        if read_only {
            if version < LATEST {
                return Err(StoreError::ReadOnlyOld { found: version });
            }
        } else {
            if version > 0 && version < LATEST {
                // An upgrade writes every table: never into a damaged file.
                quick_check(path)?;
                backup_before_migration(path, version).map_err(io)?;
            }
            if version < LATEST {
                migrate_to(&mut conn, LATEST, today, progress)?;
                // Made or upgraded by bangfu: its derived tables are the records'.
                let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
                super::stamp::note_save(&tx, path)?;
                tx.commit()?;
            }
        }
        let (copy_id, new_copy) = if read_only { (read_copy_id(&conn)?, None) } else { this_copy(&conn, path)? };
        let mut hlc = Hlc::new(TimeSource::System);
        if let Some(newest) = conn.query_row("SELECT max(hlc) FROM ops", [], |r| r.get::<_, Option<String>>(0))? {
            hlc.observe(&newest);
        }
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
            hlc,
            actor: Actor::current(),
            today,
            writes: 0,
            plans: Default::default(),
            narrow_limit: super::filter::NARROW,
            copy_id,
            new_copy,
            last_batch: None,
            read_only,
            door: if existing { Door::Unchecked } else { Door::Open },
            shared_book: Default::default(),
        };
        if !read_only {
            store.set_today(today)?;
        }
        Ok(store)
    }
}

/// Whether this user may write the file and create its journal beside it.
#[cfg(unix)]
fn may_write(path: &Path) -> bool {
    use std::os::unix::ffi::OsStrExt;
    let writable = |p: &Path| {
        std::ffi::CString::new(p.as_os_str().as_bytes())
            .map(|c| unsafe { libc::access(c.as_ptr(), libc::W_OK) } == 0)
            .unwrap_or(false)
    };
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    // root may write anything: a file marked read-only for everyone (0444) is still
    // not written to.
    let marked_read_only = std::fs::metadata(path).is_ok_and(|m| m.permissions().readonly());
    !marked_read_only && writable(path) && writable(dir)
}

#[cfg(not(unix))]
fn may_write(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| !m.permissions().readonly())
}

fn read_copy_id(conn: &Connection) -> Result<String> {
    Ok(conn.query_row("SELECT value FROM ledger_info WHERE key = 'copy_id'", [], |r| r.get(0))?)
}

/// This file's copy id, and whether it must be recorded: a new one when the file
/// turns up at another host or path than its id was given for (it was carried or
/// copied), so the history can say in which copy each change was made. Recorded
/// with the next save, so that only reading a ledger never writes to it.
fn this_copy(conn: &Connection, path: &Path) -> Result<(String, Option<NewCopy>)> {
    let id = read_copy_id(conn)?;
    let host = super::clock::Actor::current().host;
    let place = std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf()).display().to_string();
    let known: Option<(String, String)> = conn
        .query_row("SELECT host, path FROM copies WHERE copy_id = ?1", [&id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    // A copy id not yet recorded may be in other files too (a file copied before its
    // first save): each file takes a new one where it first saves.
    let id = match known {
        Some((h, p)) if h == host && p == place => return Ok((id, None)),
        _ => uuid::Uuid::new_v4().simple().to_string(),
    };
    Ok((id.clone(), Some(NewCopy { id, host, path: place })))
}

/// A copy id to record with the next save.
#[derive(Debug, Clone)]
pub(super) struct NewCopy {
    id: String,
    host: String,
    path: String,
}

impl NewCopy {
    pub(super) fn record(&self, conn: &Connection) -> Result<()> {
        conn.execute("UPDATE ledger_info SET value = ?1 WHERE key = 'copy_id'", [&self.id])?;
        conn.execute(
            "INSERT OR IGNORE INTO copies (copy_id, host, path, first_seen) VALUES (?1, ?2, ?3, ?4)",
            [&self.id, &self.host, &self.path, &super::clock::iso_utc(chrono::Utc::now())],
        )?;
        Ok(())
    }
}

/// A file of format 0 with tables is someone else's database, never made a ledger.
fn has_tables(conn: &Connection) -> Result<bool> {
    Ok(conn.query_row("SELECT EXISTS (SELECT 1 FROM sqlite_master)", [], |r| r.get(0))?)
}

/// A new ledger is private to its owner, except in a folder shared with a group
/// (group-writable and setgid, as a county server's shared folder is set up): there
/// it is group read/write, and SQLite gives its journal the same permissions.
/// A missing folder is said, not made: a mistyped path must not leave folders behind.
fn create_ledger_file(path: &Path) -> Result<()> {
    let io = |source| StoreError::Io { path: path.to_path_buf(), source };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty())
        && !dir.is_dir()
    {
        return Err(StoreError::NoFolder { path: dir.to_path_buf() });
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    let file = options.open(path).map_err(io)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(std::fs::Permissions::from_mode(ledger_mode(path))).map_err(io)?;
    }
    drop(file);
    Ok(())
}

/// Owner-only, or group read/write in a group-shared folder. (On Windows a file in the
/// user's profile is private already; a shared ledger there lives on a network share
/// whose permissions the share sets.)
#[cfg(unix)]
pub(super) fn ledger_mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    let dir = path.parent().filter(|d| !d.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let shared = std::fs::metadata(dir).is_ok_and(|m| {
        let mode = m.permissions().mode();
        mode & 0o2000 != 0 && mode & 0o020 != 0
    });
    if shared { 0o660 } else { 0o600 }
}

/// Rollback journal, not WAL: every committed change is in the main file once the
/// transaction ends, so a plain copy of an idle ledger is complete. The busy timeout
/// lets several clerks on the county server save at once without errors.
fn configure(conn: &Connection) -> Result<()> {
    conn.busy_timeout(BUSY_WAIT)?;
    conn.pragma_update(None, "journal_mode", "DELETE")?;
    conn.pragma_update(None, "synchronous", "FULL")?;
    conn.pragma_update(None, "foreign_keys", "ON")?;
    // Sorting and counting a window never spills to disk.
    conn.pragma_update(None, "temp_store", "MEMORY")?;
    // `rarray(?)`: a filter's matching ids, handed to SQL once per keystroke.
    rusqlite::vtab::array::load_module(conn)?;
    // Each list, filter source and figure has its own statement: keep them all prepared.
    conn.set_prepared_statement_cache_capacity(256);
    Ok(())
}

fn backup_before_migration(path: &Path, version: i64) -> std::io::Result<PathBuf> {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".v{version}.bak"));
    let backup = path.with_file_name(name);
    std::fs::copy(path, &backup)?;
    Ok(backup)
}
