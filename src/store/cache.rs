//! A large page cache for the county-wide writes (a merge, a bulk import, rebuilding
//! the derived tables): a session keeps SQLite's small default, with which such a
//! write spills pages to the file again and again before it commits.

use super::error::Result;
use rusqlite::Connection;

/// The large cache, in KiB (negative: SQLite's way of saying KiB): 96 MiB. A county's
/// first import and a rebuild took as long with 64 MiB as with 256 MiB (the file's
/// pages are in the system's cache either way), and the larger one was half of what
/// an import held at its peak; a little more than the least is kept for slower disks.
const LARGE_CACHE_KIB: i64 = -98_304;

/// Sets the large cache; returns the cache the connection had, for `restore`.
pub(super) fn enlarge(conn: &Connection) -> Result<i64> {
    let cache: i64 = conn.query_row("PRAGMA main.cache_size", [], |r| r.get(0))?;
    conn.pragma_update(Some("main"), "cache_size", LARGE_CACHE_KIB)?;
    Ok(cache)
}

/// Puts back the cache `enlarge` found (a failure leaves only a larger cache).
pub(super) fn restore(conn: &Connection, cache: i64) {
    let _ = conn.pragma_update(Some("main"), "cache_size", cache);
}
