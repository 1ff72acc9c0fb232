//! Opening a ledger: refuse what is not ours or too new, without touching it;
//! create a missing file with owner-only permissions; back up before migrating.

use super::Store;
use super::clock::{Actor, Hlc, TimeSource};
use super::error::{Result, StoreError};
use super::migrations::{APPLICATION_ID, LATEST, migrate_to, user_version};
use chrono::NaiveDate;
use rusqlite::{Connection, OpenFlags};
use std::io::Read;
use std::path::{Path, PathBuf};

const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

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
        let io = |source| StoreError::Io { path: path.to_path_buf(), source };
        let existing = path.exists() && std::fs::metadata(path).map_err(io)?.len() > 0;
        if existing {
            inspect_existing(path)?;
        } else {
            create_private_file(path).map_err(io)?;
        }
        let mut conn = Connection::open(path)?;
        configure(&conn)?;
        let version = user_version(&conn)?;
        if version > 0 && version < LATEST {
            backup_before_migration(path, version).map_err(io)?;
        }
        migrate_to(&mut conn, LATEST, today, progress)?;
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
        };
        store.set_today(today)?;
        Ok(store)
    }
}

/// Checks an existing file read-only, so that a refused file stays byte-for-byte as it was.
fn inspect_existing(path: &Path) -> Result<()> {
    let not_ours = || StoreError::NotALedger { path: path.to_path_buf() };
    let mut header = [0u8; 16];
    let mut file = std::fs::File::open(path).map_err(|source| StoreError::Io { path: path.to_path_buf(), source })?;
    if file.read_exact(&mut header).is_err() || &header != SQLITE_MAGIC {
        return Err(not_ours());
    }
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)
        .map_err(|_| not_ours())?;
    let app_id: i64 = conn.query_row("PRAGMA application_id", [], |r| r.get(0)).map_err(|_| not_ours())?;
    if app_id != APPLICATION_ID {
        return Err(not_ours());
    }
    let found = user_version(&conn).map_err(|_| not_ours())?;
    if found > LATEST {
        return Err(StoreError::TooNew { path: path.to_path_buf(), found, supported: LATEST });
    }
    Ok(())
}

fn create_private_file(path: &Path) -> std::io::Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options.open(path).map(drop)
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
