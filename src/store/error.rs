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
    #[error("no record {id} in {table}")]
    NotFound { table: String, id: String },
    #[error("database error: {0}")]
    Sqlite(rusqlite::Error),
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        match e.sqlite_error_code() {
            Some(rusqlite::ErrorCode::DatabaseBusy) | Some(rusqlite::ErrorCode::DatabaseLocked) => StoreError::Busy,
            _ => StoreError::Sqlite(e),
        }
    }
}

pub type Result<T> = std::result::Result<T, StoreError>;
