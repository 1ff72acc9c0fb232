//! A consistent copy of the ledger while others may be saving: the file is copied
//! while this connection holds SQLite's shared lock, which no save can commit past
//! (with a rollback journal a writer needs every reader gone before it touches the
//! file). Saves wait for the copy instead; a county file copies in about a second,
//! well inside the ten seconds a writer waits. The copy is written beside its target
//! and renamed into place, so a half-written snapshot never carries the name.

use super::Store;
use super::error::{Result, StoreError};
use std::path::Path;

impl Store {
    /// Writes a consistent copy of the ledger to `out`, which must not exist.
    pub fn snapshot(&mut self, out: &Path) -> Result<()> {
        let io = |source| StoreError::Io { path: out.to_path_buf(), source };
        if out.exists() {
            return Err(io(std::io::Error::from(std::io::ErrorKind::AlreadyExists)));
        }
        let mut partial = out.as_os_str().to_os_string();
        partial.push(".partial");
        let partial = std::path::PathBuf::from(partial);
        let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Deferred)?;
        // Taking the shared lock (and rolling back a crash-cut save, if any).
        tx.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get::<_, i64>(0))?;
        let copied = copy_synced(&self.path, &partial);
        tx.commit()?;
        copied.map_err(io)?;
        std::fs::rename(&partial, out).map_err(io)?;
        Ok(())
    }
}

fn copy_synced(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::copy(from, to)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(to, std::fs::Permissions::from_mode(super::open::ledger_mode(to)))?;
    }
    std::fs::File::open(to)?.sync_all()
}
