//! The search index's side of the derived tables: each record's tokens, kept in
//! `derived_fts` behind their kind's digit (docs/search.md).

use super::super::error::Result;
use super::super::records::{get, select};
use crate::domain::record::Record;
use crate::domain::registry::{HOUSEHOLD_SEARCH, ReadRecord, RecordKind, VISITORS_SEARCH};
use rusqlite::{Connection, OptionalExtension, params};

/// The kinds of search tokens: what a token's `ref` counts in (docs/search.md).
pub(in crate::store) const HOUSEHOLDS: i64 = HOUSEHOLD_SEARCH;

/// The token kind of a table kept in `derived_search`, as the registry numbers it:
/// the visitors' names (no table of their own) are theirs; a table nobody searches, 0.
pub(in crate::store) fn search_kind(table: &str) -> i64 {
    match (table, RecordKind::of_table(table)) {
        ("visitors", _) => VISITORS_SEARCH,
        ("households", _) => HOUSEHOLDS,
        (_, Some(kind)) => kind.search_number().unwrap_or(0),
        (_, None) => 0,
    }
}

/// The store reads the live records the registry's search keys and own warnings are
/// made from.
pub(super) struct Reader<'a>(pub(super) &'a Connection);

impl ReadRecord for Reader<'_> {
    type Error = super::super::error::StoreError;
    fn read<T: Record>(&self, id: &str) -> Result<Option<T>> {
        get::<T>(self.0, id)
    }
    fn children<T: Record>(&self, column: &'static str, id: &str) -> Result<Vec<T>> {
        select(self.0, &format!("AND t.{column} = ?1"), "ORDER BY t.id", [id])
    }
    fn side_records(
        &self,
        party: &crate::domain::cooperation::Party,
    ) -> Result<crate::domain::cooperation::SideRecords> {
        super::super::cooperation::side_records(self.0, party)
    }
}

/// The rowid of a record's row in the full-text index.
pub(in crate::store) fn fts_rowid(kind: i64, reference: i64) -> i64 {
    (kind << 40) | reference
}

pub(super) fn drop_tokens(conn: &Connection, kind: i64, reference: i64) -> Result<()> {
    conn.prepare_cached("DELETE FROM derived_fts WHERE rowid = ?1")?.execute([fts_rowid(kind, reference)])?;
    Ok(())
}

/// A token as the index keeps it: behind its kind's digit, so that each kind's
/// tokens are a range of their own and a search never reads another kind's.
pub(in crate::store) fn kind_token(kind: i64, token: &str) -> String {
    format!("{kind}{token}")
}

/// A record's tokens as the index row holds them.
pub(super) fn tokens_text(kind: i64, tokens: &[String]) -> String {
    tokens.iter().map(|t| kind_token(kind, t)).collect::<Vec<_>>().join(" ")
}

/// Makes a record's tokens exactly `tokens`. Unchanged tokens (a household that
/// only got a visit) are left alone: changing an index entry costs far more than
/// reading the kept text.
pub(super) fn put_tokens(conn: &Connection, kind: i64, reference: i64, tokens: &[String]) -> Result<()> {
    let text = tokens_text(kind, tokens);
    let rowid = fts_rowid(kind, reference);
    let kept: Option<String> = conn
        .prepare_cached("SELECT tokens FROM derived_fts WHERE rowid = ?1")?
        .query_row([rowid], |r| r.get(0))
        .optional()?;
    match kept {
        Some(kept) if kept == text => return Ok(()),
        Some(_) => drop_tokens(conn, kind, reference)?,
        None => {}
    }
    conn.prepare_cached("INSERT INTO derived_fts (rowid, tokens) VALUES (?1, ?2)")?.execute(params![rowid, text])?;
    Ok(())
}

/// Search tokens held back to be written together (rowid, text), when everything is
/// derived at once; `None` writes them as they come.
pub(super) type Pending<'a> = Option<&'a mut Vec<(i64, String)>>;

pub(super) fn put_search(conn: &Connection, table: &str, id: &str, tokens: &[String], pending: Pending) -> Result<()> {
    let reference: i64 = conn
        .prepare_cached(
            "INSERT INTO derived_search (table_name, record_id) VALUES (?1, ?2)
             ON CONFLICT (table_name, record_id) DO UPDATE SET record_id = excluded.record_id RETURNING ref",
        )?
        .query_row([table, id], |r| r.get(0))?;
    let kind = search_kind(table);
    match pending {
        Some(pending) => {
            pending.push((fts_rowid(kind, reference), tokens_text(kind, tokens)));
            Ok(())
        }
        None => put_tokens(conn, kind, reference, tokens),
    }
}

pub(super) fn refresh_search(conn: &Connection, table: &str, id: &str, pending: Pending) -> Result<()> {
    let key = match RecordKind::of_table(table) {
        Some(kind) => kind.search_tokens(&Reader(conn), id)?,
        None => None,
    };
    match key {
        Some(key) => put_search(conn, table, id, &key, pending),
        None => {
            let reference: Option<i64> = conn
                .prepare_cached("DELETE FROM derived_search WHERE table_name = ?1 AND record_id = ?2 RETURNING ref")?
                .query_row([table, id], |r| r.get(0))
                .optional()?;
            match reference {
                Some(reference) => drop_tokens(conn, search_kind(table), reference),
                None => Ok(()),
            }
        }
    }
}
