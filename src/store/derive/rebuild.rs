//! Every derived row worked out anew from the records (a first import, a merge,
//! `check --rebuild`): the tables emptied, each household's facts worked out on one
//! core while they are written on the other, the search index written in one go.

use super::gather;
use super::rows::{insert_household_row, insert_warnings};
use super::search::{HOUSEHOLDS, fts_rowid, put_search, refresh_search, tokens_text};
use super::{Context, Derived, derive_from, live_ids, recount, refresh_ledger_wide, refresh_record_warnings};
use crate::domain::facts::visitors_search_key;
use crate::store::error::Result;
use chrono::NaiveDate;
use rusqlite::{Connection, params};

/// Households read and worked out at a time: a county's records are never all in
/// memory at once.
const CHUNK: usize = 2_500;

/// Recomputes every derived row from the records, with a large page cache for the
/// while (a session keeps SQLite's small default).
pub(in crate::store) fn rebuild_all(
    conn: &Connection,
    today: NaiveDate,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<()> {
    let cache = crate::store::cache::enlarge(conn)?;
    let result = rebuild_everything(conn, today, progress);
    crate::store::cache::restore(conn, cache);
    result
}

fn rebuild_everything(conn: &Connection, today: NaiveDate, progress: &mut dyn FnMut(usize, usize)) -> Result<()> {
    conn.execute_batch(
        "DELETE FROM derived_fts; DELETE FROM derived_households; DELETE FROM derived_search;
         DELETE FROM derived_warnings; DELETE FROM derived_figures;",
    )?;
    super::sum_arrivals(conn, None)?;
    let mut ctx = Context::load(conn, today)?;
    // The search tokens are held back and written together at the end. Written one
    // by one, the full-text index would flush a segment of one household's tokens
    // before each of the next household's writes (any statement that may abort
    // half-way saves the index first).
    let total =
        conn.query_row("SELECT count(*) FROM households WHERE deleted = 0", [], |r| r.get::<_, i64>(0))? as usize;
    let mut tokens: Vec<(i64, String)> = Vec::with_capacity(total);
    let shared = gather::shared_numbers(conn)?;
    let mut after = String::new();
    let mut done = 0;
    loop {
        let households = gather::gather_chunk(conn, &after, CHUNK, &shared)?;
        let Some(last) = households.last() else { break };
        after = last.household.id.clone();
        for records in &households {
            ctx.village(conn, &records.household.village_id)?;
        }
        write_all_households(conn, &ctx, &households, &mut tokens, &mut |n, _| progress(done + n, total))?;
        done += households.len();
    }
    for kind in crate::domain::registry::RecordKind::with_own_rows() {
        let table = kind.def().table;
        for id in live_ids(conn, table)? {
            refresh_search(conn, table, &id, Some(&mut tokens))?;
            refresh_record_warnings(conn, table, &id)?;
        }
    }
    let mut stmt = conn.prepare("SELECT DISTINCT visitors FROM visits WHERE deleted = 0")?;
    let visitors: Vec<String> = stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    for v in visitors {
        put_search(conn, "visitors", &v, &visitors_search_key(&v), Some(&mut tokens))?;
    }
    // The search index is written in one go and merged once at the end, instead of
    // merging its segments again and again as they fill.
    conn.execute("INSERT INTO derived_fts(derived_fts, rank) VALUES('automerge', 0)", [])?;
    // The index gathers rows in memory only while their rowids ascend.
    tokens.sort_unstable_by_key(|(rowid, _)| *rowid);
    let mut insert = conn.prepare_cached("INSERT INTO derived_fts (rowid, tokens) VALUES (?1, ?2)")?;
    for (rowid, text) in tokens {
        insert.execute(params![rowid, text])?;
    }
    conn.execute("INSERT INTO derived_fts(derived_fts, rank) VALUES('automerge', 4)", [])?;
    conn.execute("INSERT INTO derived_fts(derived_fts) VALUES('optimize')", [])?;
    recount(conn)?;
    refresh_ledger_wide(conn, today)?;
    crate::store::oplog::rebuild_conflicts(conn)?;
    progress(total, total);
    Ok(())
}

/// Every household's derived row and warnings written into emptied tables (no kept
/// row to compare with), their facts worked out on another core meanwhile.
fn write_all_households(
    conn: &Connection,
    ctx: &Context,
    households: &[gather::Gathered],
    tokens: &mut Vec<(i64, String)>,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<()> {
    let total = households.len();
    std::thread::scope(|scope| {
        // Each household's facts with its search tokens as the index takes them.
        let (tx, rx) = std::sync::mpsc::sync_channel::<(Derived, String)>(256);
        scope.spawn(move || {
            for records in households {
                let village = ctx.villages.get(&records.household.village_id).and_then(Option::as_ref);
                let derived = derive_from(ctx, village, records);
                let text = tokens_text(HOUSEHOLDS, &derived.search);
                if tx.send((derived, text)).is_err() {
                    return;
                }
            }
        });
        for ((done, (derived, text)), records) in rx.into_iter().enumerate().zip(households) {
            let reference = insert_household_row(conn, &records.household.id, &derived.row)?;
            tokens.push((fts_rowid(HOUSEHOLDS, reference), text));
            insert_warnings(conn, &derived.warnings)?;
            if done % 500 == 0 {
                progress(done, total);
            }
        }
        Ok(())
    })
}
