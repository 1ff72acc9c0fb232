//! Beyond one county (docs/rollup.md): each county publishes its ledger to a
//! PostgreSQL database — its op log (by op id, so nothing is sent twice), the records
//! the reports read, and its villages' figures per month and per quarter and year —
//! and a city or province writes the same reports over its counties, summed there by
//! SQL. Each county writes only its own rows (row-level security); the server's
//! schema is bangfu's, versioned like a ledger's file format.

mod connect;
mod months;
mod publish;
mod schema;
mod tallies;
mod tls;

pub use connect::Target;
pub use months::{CountyMonth, county_months};
pub use publish::{PublishAsked, PublishReport, publish};
pub use schema::{SERVER_FORMAT, init, init_to};
pub use tallies::{Area, CountyTallies, county_tallies};

/// What went wrong reaching or writing the roll-up database, each said in one
/// sentence by the command line (`rollup.error.*`).
#[derive(Debug, thiserror::Error)]
pub enum RollupError {
    #[error("bad address: {0}")]
    Address(String),
    #[error("no service {0}")]
    NoService(String),
    #[error("cannot reach {target}: {why}")]
    Connect { target: String, why: String },
    #[error("the server's schema is format {found}, newer than {known}")]
    NewerServer { found: i64, known: i64 },
    #[error("the server has no bangfu schema")]
    NoSchema,
    #[error("the server's schema is format {found}, older than {known}")]
    OlderServer { found: i64, known: i64 },
    #[error("the server's certificate of {target} was refused: {why}")]
    Certificate { target: String, why: String },
    #[error("cannot read the root certificate {path}: {why}")]
    RootCert { path: String, why: String },
    #[error("ledger {0} is published by another role")]
    OwnedByOther(String),
    #[error("not allowed: {0}")]
    NotAllowed(String),
    #[error("server: {0}")]
    Server(String),
    #[error(transparent)]
    Ledger(#[from] crate::store::StoreError),
}

impl From<postgres::Error> for RollupError {
    fn from(e: postgres::Error) -> Self {
        let code = e.code().map(|c| c.code().to_string());
        match code.as_deref() {
            // insufficient_privilege (a row-level security policy, a missing grant)
            Some("42501") => {
                RollupError::NotAllowed(e.as_db_error().map_or(e.to_string(), |d| d.message().to_string()))
            }
            _ => RollupError::Server(e.as_db_error().map_or(e.to_string(), |d| d.message().to_string())),
        }
    }
}
