//! The ledger file: the only code that speaks SQL.

mod clock;
mod error;
pub mod migrations;
mod open;
mod read;
mod write;

pub use clock::{Actor, TimeSource};
pub use error::{Result, StoreError};
pub use read::TableCount;
pub use write::{Op, Writer};

use clock::Hlc;
use rusqlite::Connection;
use std::path::{Path, PathBuf};

/// An open ledger. Every write goes through it and is logged in `ops` in the same
/// transaction.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    hlc: Hlc,
    actor: Actor,
}

impl Store {
    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn actor(&self) -> &Actor {
        &self.actor
    }

    /// Makes ids and timestamps reproducible (demo files, tests).
    pub fn set_time_source(&mut self, source: TimeSource) {
        self.hlc.source = source;
    }

    pub fn set_actor(&mut self, actor: Actor) {
        self.actor = actor;
    }

    /// SQLite's own integrity check; `ok` or the problems it lists.
    pub fn integrity_check(&self) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare("PRAGMA integrity_check")?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        Ok(rows.collect::<std::result::Result<_, _>>()?)
    }
}
