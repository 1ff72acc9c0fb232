//! A typed filter as SQL over the search tokens (docs/search.md) in the full-text index. Each term must
//! match one of the list's sources (a visit: its household, village or visitors).
//! A term that finds few records of a source is a set of their ids, read once per
//! keystroke and handed to each statement (`rarray`); one that finds many is checked row by row
//! against the record's stored tokens as the list is read in order, which stops as
//! soon as a window is full (many matches: few rows to read). A count that would
//! need every row is estimated instead, and said to be approximate.

use super::Store;
use super::derive::{HOUSEHOLDS, fts_rowid, kind_token, search_kind};
use super::error::Result;
use crate::domain::FieldValue;
use crate::domain::search::Query;
use rusqlite::OptionalExtension;
use rusqlite::types::{ToSqlOutput, Value};
use rusqlite::vtab::array::Array;
use std::rc::Rc;

/// A parameter of a list's statement: a value, or a filter's set of ids.
#[derive(Debug, Clone)]
pub(super) enum Arg {
    Value(FieldValue),
    Ids(Array),
}

impl rusqlite::ToSql for Arg {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        match self {
            Arg::Value(v) => v.to_sql(),
            Arg::Ids(ids) => ids.to_sql(),
        }
    }
}

/// A source finding more records than this is checked row by row (a term that
/// finds this many lets rows through often, so a window fills after few checks).
/// About where listing the ids (≈1.7 µs a record) costs what checking rows until a
/// window is full does (≈3.5 µs a row) for 20,000 households, as measured.
pub(super) const NARROW: i64 = 1_500;
/// Counts above this are estimated rather than counted.
const EXACT_MAX: i64 = 1_000;

/// How a filter is read for one list.
#[derive(Debug, Clone, Default)]
pub(super) struct FilterPlan {
    /// The condition, to append to a WHERE clause, and its parameters.
    pub(super) sql: String,
    pub(super) params: Vec<Arg>,
    /// Every source of every term found few enough records to make a set of them.
    pub(super) narrow: bool,
    /// Few enough rows are expected to count them exactly.
    pub(super) exact: bool,
    /// The number of matching rows expected.
    pub(super) estimate: i64,
}

/// The full-text query of one term among one kind's tokens: any of its prefixes
/// (`"1zs"* OR "1¤4321"*`).
fn fts_query(kind: i64, prefixes: &[String]) -> FieldValue {
    let alternatives: Vec<String> =
        prefixes.iter().map(|p| format!("\"{}\"*", kind_token(kind, p).replace('"', "\"\""))).collect();
    FieldValue::Text(alternatives.join(" OR "))
}

/// Where the records of a source table get the numbers their tokens point at.
struct Refs {
    kind: i64,
    /// The table (as `r`) that numbers them, and its column holding the record's id.
    from: &'static str,
    /// The same, read by number.
    by_ref: &'static str,
    id: &'static str,
    /// Which of that table's rows are of this source.
    only: String,
}

fn refs_of(table: &str) -> Refs {
    match table {
        "households" => Refs {
            kind: HOUSEHOLDS,
            from: "derived_households r",
            by_ref: "derived_households r INDEXED BY derived_households_ref",
            id: "r.household_id",
            only: String::new(),
        },
        other => Refs {
            kind: search_kind(other),
            from: "derived_search r",
            by_ref: "derived_search r",
            id: "r.record_id",
            only: format!("r.table_name = '{other}' AND "),
        },
    }
}

/// What a term finds among the records of one source.
struct Matched {
    /// How many (estimated when there are too many to list).
    found: i64,
    /// Their ids, when few enough to read the list through them.
    ids: Option<Array>,
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
    /// Which records of `table` a term's prefixes find: their ids when there are
    /// few (up to the narrow limit); otherwise how many, estimated from how far
    /// through the records the first ones reached (counting them all would cost
    /// more than the whole window).
    fn matched(&self, table: &str, prefixes: &[String]) -> Result<Matched> {
        let refs = refs_of(table);
        let low = fts_rowid(refs.kind, 0);
        let search = fts_query(refs.kind, prefixes);
        let (found, last): (i64, Option<i64>) = self
            .conn
            .prepare_cached(
                "SELECT count(*), max(r) FROM (SELECT rowid AS r FROM derived_fts WHERE derived_fts MATCH ?1 LIMIT ?2)",
            )?
            .query_row(rusqlite::params![search, self.narrow_limit + 1], |r| Ok((r.get(0)?, r.get(1)?)))?;
        if found > self.narrow_limit {
            let passed = self.records_up_to(table, last.unwrap_or(low) - low)?;
            let records = self.records_of(table)?;
            return Ok(Matched { found: found.saturating_mul(records) / passed.max(1), ids: None });
        }
        let sql = format!(
            // CROSS JOIN: the search drives, each match looked up by its number (the
            // other order would run the search once per record).
            "SELECT {id} FROM (SELECT rowid FROM derived_fts WHERE derived_fts MATCH ?1) f
             CROSS JOIN {from} ON r.ref = f.rowid - ?2 WHERE {only}1",
            id = refs.id,
            from = refs.by_ref,
            only = refs.only
        );
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let ids = stmt.query_map(rusqlite::params![search, low], |r| Ok(Value::Text(r.get(0)?)))?;
        let ids: Vec<Value> = ids.collect::<rusqlite::Result<_>>()?;
        Ok(Matched { found, ids: Some(Rc::new(ids)) })
    }

    /// How many records of `table` are numbered up to `reference`. Households are
    /// numbered densely (gaps only where one was deleted), so the span says it.
    fn records_up_to(&self, table: &str, reference: i64) -> Result<i64> {
        Ok(match table {
            "households" => {
                let first: Option<i64> =
                    self.conn.prepare_cached("SELECT min(ref) FROM derived_households")?.query_row([], |r| r.get(0))?;
                reference - first.unwrap_or(1) + 1
            }
            other => self
                .conn
                .prepare_cached("SELECT count(*) FROM derived_search WHERE table_name = ?1 AND ref <= ?2")?
                .query_row(rusqlite::params![other, reference], |r| r.get(0))?,
        })
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
    pub(super) fn filter_plan(
        &self,
        query: &Query,
        sources: &[(super::list_specs::Text, &str)],
        total: i64,
    ) -> Result<FilterPlan> {
        let mut plan = FilterPlan { narrow: true, exact: true, estimate: total, ..FilterPlan::default() };
        for prefixes in query.prefixes() {
            let mut alternatives = Vec::new();
            let mut term_estimate = 0i64;
            for (column, table) in sources {
                let matched = self.matched(table, &prefixes)?;
                let Refs { kind, from, id, only, .. } = refs_of(table);
                let base = fts_rowid(kind, 0);
                let records = self.records_of(table)?.max(1);
                term_estimate =
                    term_estimate.saturating_add((matched.found.saturating_mul(total) + records - 1) / records);
                let condition = match matched.ids {
                    Some(ids) => {
                        plan.params.push(Arg::Ids(ids));
                        format!("{column} IN rarray(?)")
                    }
                    None => {
                        plan.narrow = false;
                        // A token starts the stored text or follows a space.
                        let checks = vec!["instr(' ' || f.tokens, ?)"; prefixes.len()].join(" + ");
                        let starts =
                            prefixes.iter().map(|p| Arg::Value(FieldValue::Text(format!(" {}", kind_token(kind, p)))));
                        plan.params.extend(starts);
                        format!(
                            "EXISTS (SELECT 1 FROM {from} JOIN derived_fts f ON f.rowid = {base} + r.ref
                                WHERE {only}{id} = {column} AND {checks} > 0)"
                        )
                    }
                };
                alternatives.push(condition);
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

#[cfg(test)]
mod tests {
    use super::super::{ListKind, ListQuery, Store, TaskView};
    use crate::domain::search::Query;

    fn ids(store: &Store, q: &ListQuery) -> Vec<String> {
        store.list_window(q, 0, 100_000, usize::MAX).unwrap().into_iter().map(|r| r.id).collect()
    }

    /// Whether a term's records are read as a set or checked row by row against their
    /// kept tokens, a filter finds the same rows in the same order.
    #[test]
    fn sets_and_row_checks_find_the_same_rows() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("台账.db");
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 15).unwrap();
        crate::demo::write(&path, crate::demo::Scale::Small, 7, 1, today).unwrap();
        let mut store = Store::open_with(&path, today, &mut |_, _| {}).unwrap();
        let kinds = [
            ListKind::Villages,
            ListKind::Households,
            ListKind::Projects,
            ListKind::Visits,
            ListKind::VisitsDue,
            ListKind::Tasks(TaskView::All),
            ListKind::People,
        ];
        let mut found_any = 0;
        for kind in kinds {
            for text in ["z", "zs", "w", "张", "李 c", "0", "2", "wang", "x 2", "\"", "%", "_"] {
                let q = ListQuery { kind, filter: Query::parse(text), today };
                store.narrow_limit = i64::MAX / 2;
                store.plans.replace(None);
                let as_sets = ids(&store, &q);
                let counted = store.list_count(&q).unwrap();
                store.narrow_limit = 0;
                store.plans.replace(None);
                let row_by_row = ids(&store, &q);
                assert_eq!(as_sets, row_by_row, "{kind:?} {text:?}");
                if counted.exact {
                    assert_eq!(counted.rows, as_sets.len(), "{kind:?} {text:?}");
                }
                found_any += usize::from(!as_sets.is_empty());
            }
        }
        assert!(found_any > 30, "the queries find something in most lists: {found_any}");
    }
}
