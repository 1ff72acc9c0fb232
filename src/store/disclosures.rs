//! The record of who saw full ID numbers (docs/privacy.md): each time a person asks
//! for them — `--reveal` on a list, the reveal key on a screen — one row says who
//! (user and host), when, what and which records. Kept in the ledger itself, so it
//! travels with the file and nobody can reveal without leaving a trace.

use super::Store;
use super::error::{Result, StoreError};

/// One time full numbers were shown or written out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Disclosure {
    /// Local time, `YYYY-MM-DD HH:MM:SS`.
    pub at: String,
    pub user: String,
    pub host: String,
    /// `list`, `screen` …
    pub what: String,
    /// Which table or record, in words.
    pub detail: String,
}

impl Store {
    /// Records that full numbers are about to be shown; refused on a file opened read-only,
    /// since the showing could not be recorded.
    pub fn record_disclosure(&mut self, what: &str, detail: &str) -> Result<()> {
        if self.read_only() {
            return Err(StoreError::ReadOnly);
        }
        // Written like a save: never into a file that failed its check, and noted as bangfu's.
        self.door.pass(&self.path)?;
        let at = chrono::Local::now().format("%Y-%m-%d %H:%M:%S").to_string();
        let actor = self.actor().clone();
        let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        super::stamp::note_save(&tx, &self.path)?;
        tx.execute(
            "INSERT INTO disclosures (at, user, host, what, detail) VALUES (?1, ?2, ?3, ?4, ?5)",
            rusqlite::params![at, actor.user, actor.host, what, crate::domain::stored::escaped(detail)],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The latest disclosures, newest first.
    pub fn disclosures(&self, limit: usize) -> Result<Vec<Disclosure>> {
        let mut stmt =
            self.conn.prepare("SELECT at, user, host, what, detail FROM disclosures ORDER BY rowid DESC LIMIT ?1")?;
        let rows = stmt.query_map([limit as i64], |r| {
            Ok(Disclosure { at: r.get(0)?, user: r.get(1)?, host: r.get(2)?, what: r.get(3)?, detail: r.get(4)? })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
