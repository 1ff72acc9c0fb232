//! The roll-up database's schema: the sections of `schema.sql`, numbered like a
//! ledger's file format, the server's own in `bangfu.meta` (`format`). Creating it,
//! or bringing it up to this build's, is one transaction per section; a server of a
//! newer format is refused, never changed.

use super::RollupError;
use postgres::Client;

const SCHEMA: &str = include_str!("schema.sql");

/// The newest server format this build knows: its sections (counted as a ledger's are).
pub const SERVER_FORMAT: i64 = crate::store::migrations::count_sections(SCHEMA.as_bytes());

/// The server's format: 0 when it has no bangfu schema yet.
pub(super) fn server_format(client: &mut Client) -> Result<i64, RollupError> {
    let exists: bool = client.query_one("SELECT to_regclass('bangfu.meta') IS NOT NULL", &[])?.get(0);
    if !exists {
        return Ok(0);
    }
    let row = client.query_opt("SELECT value FROM bangfu.meta WHERE key = 'format'", &[])?;
    Ok(row.and_then(|r| r.get::<_, String>(0).parse().ok()).unwrap_or(0))
}

/// Creates the schema or brings it to this build's format; returns the formats it
/// went from and to. Needs a role that may create schemas and roles (the server's
/// administrator, once); a county's role only publishes.
pub fn init(client: &mut Client) -> Result<(i64, i64), RollupError> {
    init_to(client, SERVER_FORMAT)
}

/// Brings the schema to `last` (at most this build's): a test's server as an older
/// build left it, to be brought up by `init`.
#[doc(hidden)]
pub fn init_to(client: &mut Client, last: i64) -> Result<(i64, i64), RollupError> {
    let found = server_format(client)?;
    let last = last.min(SERVER_FORMAT);
    if found > SERVER_FORMAT {
        return Err(RollupError::NewerServer { found, known: SERVER_FORMAT });
    }
    for format in found + 1..=last {
        let mut tx = client.transaction()?;
        tx.batch_execute(section(format))?;
        tx.execute(
            "INSERT INTO bangfu.meta (key, value) VALUES ('format', $1)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            &[&format.to_string()],
        )?;
        tx.commit()?;
    }
    Ok((found, last.max(found)))
}

/// Checks that the server can take this build's rows: its schema there and not newer.
pub(super) fn check(client: &mut Client) -> Result<(), RollupError> {
    match server_format(client)? {
        0 => Err(RollupError::NoSchema),
        found if found > SERVER_FORMAT => Err(RollupError::NewerServer { found, known: SERVER_FORMAT }),
        found if found < SERVER_FORMAT => Err(RollupError::OlderServer { found, known: SERVER_FORMAT }),
        _ => Ok(()),
    }
}

/// One format's section of schema.sql.
fn section(format: i64) -> &'static str {
    let header = format!("-- format {format}\n");
    let Some(start) = SCHEMA.find(&header).map(|i| i + header.len()) else { return "" };
    let rest = SCHEMA.get(start..).unwrap_or_default();
    let end = rest.find("\n-- format ").map_or(rest.len(), |i| i + 1);
    rest.get(..end).unwrap_or_default()
}
