use std::path::PathBuf;
use thiserror::Error;

/// What can go wrong with the ledger file. The UI and the command line turn each
/// variant into one sentence in the user's language.
#[derive(Debug, Error)]
pub enum StoreError {
    #[error("{path} is not a bangfu ledger")]
    NotALedger { path: PathBuf },
    #[error("{path} was written by a newer bangfu (format {found}, this one reads up to {supported})")]
    TooNew { path: PathBuf, found: i64, supported: i64 },
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("the ledger is busy: another user is saving; try again")]
    Busy,
    /// The file (or its folder, where the journal goes) cannot be written by this user.
    #[error("the ledger is read-only for this user")]
    ReadOnly,
    /// A save was cut off by a crash and its journal must be rolled back, which needs
    /// write permission this user lacks.
    #[error("the ledger needs its last save rolled back by someone who may write it")]
    NeedsRollback,
    /// The file needs upgrading to this build's format, which a read-only file cannot be.
    #[error("the ledger is read-only and of an older format ({found})")]
    ReadOnlyOld { found: i64 },
    #[error("no record {id} in {table}")]
    NotFound { table: String, id: String },
    /// Someone deleted the record after this person opened it.
    #[error("{table} {id} was deleted meanwhile")]
    DeletedMeanwhile { table: String, id: String },
    /// Fields another session changed after this person opened the form.
    #[error("changed meanwhile by someone else: {}", .0.iter().map(|c| c.field).collect::<Vec<_>>().join(", "))]
    Clash(Vec<Clash>),
    /// Merging files that are not copies of one ledger.
    #[error("{path} is not a copy of this ledger")]
    OtherLedger { path: PathBuf },
    /// 0 bytes: what a failed copy or a full disk leaves.
    #[error("{path} is empty (0 bytes)")]
    Empty { path: PathBuf },
    /// Shorter than its own header says: a copy cut off.
    #[error("{path} is cut short ({bytes} bytes)")]
    Truncated { path: PathBuf, bytes: u64 },
    /// Failed SQLite's quick check: a copy taken in the middle of a save, a bad disk.
    #[error("{path} is damaged: {detail}")]
    Damaged { path: PathBuf, detail: String },
    /// SQLite found a damaged page while reading.
    #[error("the ledger file is damaged: {0}")]
    Corrupt(String),
    /// A save cut off by a crash waits in its journal; reading only must not roll it back.
    #[error("{path} has a save cut off by a crash, to be rolled back by a writer first")]
    JournalPending { path: PathBuf },
    #[error("{path} is a folder")]
    IsFolder { path: PathBuf },
    /// The folder a new ledger would go in does not exist (nothing is created).
    #[error("there is no folder {path}")]
    NoFolder { path: PathBuf },
    /// Money beyond what any ledger holds; a sum that would not fit.
    #[error("an amount is beyond the limit")]
    MoneyOverflow,
    /// Values another copy would bring that no form writes, each named by op.
    #[error("{} values no form writes", .0.len())]
    Refused(Vec<super::intake::IncomingProblem>),
    #[error("database error: {0}")]
    Sqlite(rusqlite::Error),
}

/// A field that another session saved after this person's form opened: its value now,
/// who saved it and when (the op's hybrid clock).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clash {
    pub field: &'static str,
    pub theirs: String,
    pub user: String,
    pub host: String,
    pub hlc: String,
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode as Code;
        let extended = match &e {
            rusqlite::Error::SqliteFailure(f, _) => f.extended_code,
            _ => 0,
        };
        match e.sqlite_error_code() {
            Some(Code::DatabaseBusy | Code::DatabaseLocked) => StoreError::Busy,
            Some(Code::ReadOnly) if extended == rusqlite::ffi::SQLITE_READONLY_ROLLBACK => StoreError::NeedsRollback,
            Some(Code::ReadOnly) => StoreError::ReadOnly,
            Some(Code::DatabaseCorrupt | Code::NotADatabase) => StoreError::Corrupt(e.to_string()),
            _ => StoreError::Sqlite(e),
        }
    }
}

pub type Result<T> = std::result::Result<T, StoreError>;
