//! The ledger file: the only code that speaks SQL. Records are read and written
//! from their declarations (`domain::field`); every write is logged in `ops` and
//! brings the derived tables up to date in the same transaction (docs/file-format.md).

mod assessment;
mod baselines;
mod cache;
mod clock;
mod cooperation;
mod derive;
mod disclosures;
mod door;
pub use door::integrity_of;
mod error;
mod filter;
mod history;
mod intake;
mod list_rows;
mod list_specs;
mod lists;
mod lookup;
mod merge;
pub mod migrations;
mod open;
mod oplog;
mod overview;
mod past_month;
mod publish_rows;
pub use publish_rows::PUBLISHED_KINDS;
mod read;
mod record_list;
mod records;
mod rows;
mod settings_rows;
mod sheet_names;
pub use sheet_names::{Named, SheetNames};
mod sides;
mod snapshot;
mod stamp;
mod work;
mod write;

pub use assessment::PeriodTallies;
pub use baselines::Baselines;
pub use clock::{Actor, TimeSource, stamp_time};
pub use cooperation::ARRIVALS_OF_SIDE;
pub use disclosures::Disclosure;

/// A new record id (UUIDv7) for a record made before it is written: an import's
/// household, which its members point at within the same save.
pub fn new_id() -> String {
    TimeSource::System.new_id()
}
pub use error::{Clash, Result, StoreError};
pub use history::{BatchSubject, Change, Deletion, Dispute, Duplicate, UNDO_NOTE, Undone};
pub use intake::IncomingProblem;
pub use list_rows::{
    CadreRow, HouseholdRow, ListExtras, ProjectRow, Setting, SettingRow, TaskRow, VillageRow, VisitRow, WarningRow,
};
pub use lists::{Count, ListKind, ListQuery, ListRow, TaskView};
pub use lookup::{Found, Lookup};
pub use merge::MergeReport;
pub use oplog::Op;
pub use overview::{Figures, MonthFigures};
pub use read::{HouseholdDetail, IncomeLine, TableCount, WORKS_AS_PREFIX};
pub use record_list::{RecordList, WARNED, name_column};
pub use rows::RowProblem;
pub use work::WorkFigures;
pub use write::Writer;

use chrono::NaiveDate;
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
    /// The day derived facts that depend on the calendar year are computed for.
    today: NaiveDate,
    /// Raised by every write of this connection (others' show in `data_version`).
    writes: u64,
    /// The last filter's plan, with the file's state it was made for.
    plans: std::cell::RefCell<Option<CachedPlan>>,
    /// A filter term finding more records of a source than this is checked row by row.
    narrow_limit: i64,
    /// Which copy of the ledger this file is (every op names it).
    copy_id: String,
    /// This copy's id and place, recorded with the next save.
    new_copy: Option<open::NewCopy>,
    /// The write that last logged a change in this session.
    last_batch: Option<String>,
    /// This user may not write the file: it is open for reading only.
    read_only: bool,
    /// The quick check of the file as opened, which every write waits for.
    door: door::Door,
    /// The whole ledger's visit book read once to a day, served to every count of a
    /// month up to it while `with_one_visit_book` runs (a publish counts five).
    shared_book: std::cell::RefCell<Option<(chrono::NaiveDate, std::rc::Rc<past_month::VisitBook>)>>,
}

/// A filter's plan and the query and file state (data version, own writes) it is for.
type CachedPlan = (ListQuery, (i64, u64), filter::FilterPlan);

impl Store {
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Which copy of the ledger this file is.
    pub fn copy_id(&self) -> &str {
        &self.copy_id
    }

    /// Open for reading only (`--read-only`, or a file this user may not write).
    pub fn read_only(&self) -> bool {
        self.read_only
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

    pub fn today(&self) -> NaiveDate {
        self.today
    }

    /// Waits for the quick check of the file as opened (`bangfu` commands ask before
    /// they read; the app lets it run beside its first screens).
    pub fn verify(&mut self) -> Result<()> {
        self.door.pass(&self.path)
    }

    /// Whether the quick check has answered (the app asks each tick, then `verify`).
    pub fn verified(&self) -> bool {
        self.door.answered()
    }

    /// Starts the quick check on a thread of its own (the app, beside its first screens).
    pub fn check_beside(&mut self) {
        self.door.check_beside(&self.path);
    }

    /// Whether the file passed the quick check (or this session made it).
    pub fn sound(&self) -> bool {
        matches!(self.door, door::Door::Open)
    }

    /// Takes the check another connection of this process passed on this file (the
    /// app's import runs on a connection of its own, opened after the app's check).
    pub fn checked_elsewhere(&mut self) {
        if let door::Door::Unchecked = self.door {
            self.door = door::Door::Open;
        }
    }

    /// The day the ledger-wide facts (this year's monitoring line) are judged for;
    /// brings them up to date when it is a new year for the file.
    pub fn set_today(&mut self, today: NaiveDate) -> Result<()> {
        self.today = today;
        if derive::ledger_wide_stale(&self.conn, today)? {
            self.door.pass(&self.path)?;
            derive::refresh_ledger_wide_now(&mut self.conn, &self.path, today)?;
        }
        Ok(())
    }

    /// SQLite's own integrity check; `ok` or the problems it lists.
    /// (Through a connection of its own: with foreign keys on, as this one has them,
    /// SQLite stops at the first damaged page instead of listing what it found.)
    pub fn integrity_check(&self) -> Result<Vec<String>> {
        door::integrity_of(&self.path)
    }

    /// Rows pointing at records that do not exist, as `table id → parent table`.
    pub fn foreign_key_check(&self) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare("PRAGMA foreign_key_check")?;
        let found: Vec<(String, Option<i64>, String)> =
            stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?.collect::<rusqlite::Result<_>>()?;
        let mut out = Vec::new();
        for (table, rowid, parent) in found {
            // The record's id, which a person can look up; the row number if it has none.
            let id: Option<String> = match rowid {
                Some(rowid) if read::record_tables().contains(&table.as_str()) => {
                    self.conn.query_row(&format!("SELECT id FROM {table} WHERE rowid = ?1"), [rowid], |r| r.get(0)).ok()
                }
                _ => None,
            };
            let id = id.unwrap_or_else(|| rowid.unwrap_or(0).to_string());
            out.push(format!("{table} {id} → {parent}"));
        }
        Ok(out)
    }

    /// Whether the derived tables are those of the records: false when the file was
    /// last changed by something other than bangfu (`stamp`).
    pub fn derived_current(&self) -> Result<bool> {
        stamp::derived_current(&self.conn, &self.path)
    }

    /// A counter SQLite raises whenever another connection commits a change to the
    /// file: asking is cheap, so sessions can notice each other's saves.
    pub fn data_version(&self) -> Result<i64> {
        Ok(self.conn.query_row("PRAGMA data_version", [], |r| r.get(0))?)
    }

    /// Recomputes every derived table from the records (after a file was edited by
    /// hand, or to check that nothing drifted). Calls `progress` with done and total.
    pub fn rebuild_derived(&mut self, progress: &mut dyn FnMut(usize, usize)) -> Result<()> {
        if self.read_only {
            return Err(StoreError::ReadOnly);
        }
        self.door.pass(&self.path)?;
        let today = self.today;
        let tx = self.conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        stamp::note_save(&tx, &self.path)?;
        derive::rebuild_all(&tx, today, progress)?;
        tx.commit()?;
        Ok(())
    }
}
