//! A typed filter as SQL over the search tokens (docs/search.md) in the full-text index. Each term must
//! match one of the list's sources (a visit: its household, village or visitors).
//! A term that finds few records of a source is a set of ids (cheap to build, and
//! the list is read through its indexes); one that finds many is checked row by row
//! as the list is read in order, which stops as soon as a window is full. A count
//! that would need every row is estimated instead, and said to be approximate.

use super::Store;
use super::derive::{HOUSEHOLDS, fts_rowid, search_kind};
use super::error::Result;
use crate::domain::FieldValue;
use crate::domain::search::Query;
use rusqlite::OptionalExtension;

/// A source finding more records than this is checked row by row (a term that
/// finds most records: the rows it lets through come quickly anyway).
const NARROW: i64 = 5_000;
/// Counts above this are estimated rather than counted.
const EXACT_MAX: i64 = 1_000;

/// How a filter is read for one list.
#[derive(Debug, Clone, Default)]
pub(super) struct FilterPlan {
    /// The condition, to append to a WHERE clause, and its parameters.
    pub(super) sql: String,
    pub(super) params: Vec<FieldValue>,
    /// Every source of every term found few enough records to make a set of them.
    pub(super) narrow: bool,
    /// Few enough rows are expected to count them exactly.
    pub(super) exact: bool,
    /// The number of matching rows expected.
    pub(super) estimate: i64,
}

/// The full-text query of one term: any of its prefixes (`"zs"* OR "¤4321"*`).
fn fts_query(prefixes: &[String]) -> FieldValue {
    let alternatives: Vec<String> = prefixes.iter().map(|p| format!("\"{}\"*", p.replace('"', "\"\""))).collect();
    FieldValue::Text(alternatives.join(" OR "))
}

/// Where the records of a source table get the numbers their tokens point at.
struct Refs {
    kind: i64,
    /// The table (as `r`) that numbers them, and its column holding the record's id.
    from: &'static str,
    id: &'static str,
    /// Which of that table's rows are of this source.
    only: String,
}

fn refs_of(table: &str) -> Refs {
    match table {
        "households" => {
            Refs { kind: HOUSEHOLDS, from: "derived_households r", id: "r.household_id", only: String::new() }
        }
        other => Refs {
            kind: search_kind(other),
            from: "derived_search r",
            id: "r.record_id",
            only: format!("r.table_name = '{other}' AND "),
        },
    }
}

impl FilterPlan {
    /// Whether reading the matching rows first (then ordering them) costs less than
    /// reading the list in order until a window is full: per matching row, against
    /// `window × total ÷ matches` index entries at about a fifth of the cost each
    /// (as measured on the county demo).
    pub(super) fn matches_first(&self, total: i64, window: i64) -> bool {
        self.narrow && self.estimate.saturating_mul(self.estimate) <= window.saturating_mul(total) / 5
    }
}

impl Store {
    /// How many records of `table` a term's prefixes find, counting up to `NARROW + 1`.
    fn matched(&self, table: &str, prefixes: &[String]) -> Result<i64> {
        let kind = refs_of(table).kind;
        let (low, high) = (fts_rowid(kind, 0), fts_rowid(kind + 1, 0) - 1);
        Ok(self
            .conn
            .prepare_cached(
                "SELECT count(*) FROM (SELECT rowid FROM derived_fts
                 WHERE derived_fts MATCH ?1 AND rowid BETWEEN ?2 AND ?3 LIMIT ?4)",
            )?
            .query_row(rusqlite::params![fts_query(prefixes), low, high, NARROW + 1], |r| r.get(0))?)
    }

    /// How many records a source table has (visitors: how many different groups of them).
    fn records_of(&self, table: &str) -> Result<i64> {
        let n: Option<i64> = match table {
            "visitors" => self
                .conn
                .prepare_cached("SELECT count(*) FROM derived_search WHERE table_name = 'visitors'")?
                .query_row([], |r| r.get(0))
                .optional()?,
            other => self
                .conn
                .prepare_cached("SELECT live FROM derived_counts WHERE table_name = ?1")?
                .query_row([other], |r| r.get(0))
                .optional()?,
        };
        Ok(n.unwrap_or(0))
    }

    /// The plan of a filter over a list of `total` rows whose terms may match `sources`
    /// (each: the list's column naming a record, and that record's table).
    pub(super) fn filter_plan(&self, query: &Query, sources: &[(&str, &str)], total: i64) -> Result<FilterPlan> {
        let mut plan = FilterPlan { narrow: true, exact: true, estimate: total, ..FilterPlan::default() };
        for prefixes in query.prefixes() {
            let mut alternatives = Vec::new();
            let mut term_estimate = 0i64;
            for (column, table) in sources {
                let found = self.matched(table, &prefixes)?;
                let Refs { kind, from, id, only } = refs_of(table);
                let base = fts_rowid(kind, 0);
                let condition = if found <= NARROW {
                    let records = self.records_of(table)?.max(1);
                    term_estimate = term_estimate.saturating_add((found.saturating_mul(total) + records - 1) / records);
                    format!(
                        "{column} IN (SELECT {id} FROM {from} WHERE {only}r.ref IN
                            (SELECT rowid - {base} FROM derived_fts WHERE derived_fts MATCH ?
                             AND rowid BETWEEN {base} AND {}))",
                        fts_rowid(kind + 1, 0) - 1
                    )
                } else {
                    plan.narrow = false;
                    term_estimate = total;
                    format!(
                        "EXISTS (SELECT 1 FROM {from} WHERE {only}{id} = {column} AND EXISTS
                            (SELECT 1 FROM derived_fts WHERE derived_fts MATCH ? AND rowid = {base} + r.ref))"
                    )
                };
                let params = vec![fts_query(&prefixes)];
                alternatives.push(condition);
                plan.params.extend(params);
            }
            if !alternatives.is_empty() {
                plan.sql.push_str(&format!(" AND ({})", alternatives.join(" OR ")));
                plan.estimate = plan.estimate.min(term_estimate.min(total));
            }
        }
        plan.exact = plan.narrow && plan.estimate <= EXACT_MAX;
        Ok(plan)
    }
}
