//! The lists of the screens, read a window at a time: a count, the rows of one
//! window in the list's order (by OFFSET from the nearer end, or after / before a
//! row already shown, over an index), and where a record stands in the list. A
//! filter is part of the query: each typed term must match the search key of the
//! record or of something it belongs to (a visit's household, village or visitors).

use super::Store;
use super::error::Result;
use super::filter::{Arg, FilterPlan};
use super::list_rows::{ListExtras, WarningRow};
use super::list_specs::{Spec, spec};
use super::record_list::RecordList;
use super::records::{field_value, select_list, value_count};
use crate::domain::FieldValue;
use crate::domain::record::{Fields, Record};
use crate::domain::search::Query;
use crate::domain::warnings::Warning;
use chrono::NaiveDate;
use rusqlite::{OptionalExtension, ToSql};
use std::rc::Rc;

/// Which list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListKind {
    Villages,
    Households,
    Projects,
    Visits,
    /// Households due for a visit (overdue or within a week), most overdue first.
    VisitsDue,
    Tasks(TaskView),
    People,
    /// Monitoring lines, then visit rules.
    Settings,
    /// The warnings that hold today.
    Warnings,
    /// One kind's records, as declared by the view that shows them.
    Records(&'static RecordList),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TaskView {
    All,
    Open,
    Overdue,
    Closed,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListQuery {
    pub kind: ListKind,
    pub filter: Query,
    pub today: NaiveDate,
}

/// One row of a list: the record's columns and what the list adds (the village's
/// name, the number of members …), by name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListRow {
    pub id: String,
    pub fields: Fields,
    /// Where the list's own columns start among the values (after the record's).
    extras_at: usize,
    /// The row's place in the list's order, to read on from it.
    key: Vec<FieldValue>,
}

impl ListRow {
    /// The row as a record of the list's type.
    pub fn record<T: Record>(&self) -> T {
        let values = self.fields.values();
        let n = value_count(T::DEF);
        T::read_values(self.id.clone(), values.get(1..1 + n).unwrap_or(&[]))
    }

    /// What the list adds to the record (its village's name …), typed.
    pub fn extras<E: ListExtras>(&self) -> E {
        E::read(self.fields.values().get(self.extras_at..).unwrap_or(&[]))
    }

    /// A column by name: for the lists made from a declaration (`RecordList`), whose
    /// extra columns are named from their fields (`record_list::name_column`).
    pub fn column_text(&self, name: &str) -> String {
        self.fields.text(name)
    }

    pub fn column_int(&self, name: &str) -> i64 {
        self.fields.int(name)
    }

    /// A row of the warnings list as the warning it is.
    pub fn warning(&self) -> Warning {
        let w: WarningRow = self.extras();
        Warning {
            rule: w.rule,
            table: w.table_name,
            record_id: w.record_id,
            household_id: Some(w.household_id).filter(|h| !h.is_empty()),
            facts: serde_json::from_str(&w.facts).unwrap_or_default(),
            from: w.active_from,
            until: w.active_until,
        }
    }
}

/// Where rows come from, as a starting position for a window.
enum From<'a> {
    Offset(usize),
    After(&'a ListRow),
    Before(&'a ListRow),
}

/// How many rows a list has; an estimate when counting them would take too long.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Count {
    pub rows: usize,
    pub exact: bool,
}

fn args<T: ToSql>(params: &[T]) -> Vec<&dyn ToSql> {
    params.iter().map(|p| p as &dyn ToSql).collect()
}

/// A statement's parameters: the list's own, then the filter's.
fn with_plan(spec: &Spec, plan: &FilterPlan) -> Vec<Arg> {
    spec.params.iter().cloned().map(Arg::Value).chain(plan.params.iter().cloned()).collect()
}

impl Store {
    fn total(&self, spec: &Spec) -> Result<i64> {
        if let Some(sql) = spec.total {
            let n: Option<i64> = self.conn.prepare_cached(sql)?.query_row([], |r| r.get(0)).optional()?;
            return Ok(n.unwrap_or(0));
        }
        let sql = format!("SELECT count(*) FROM {} WHERE {}", spec.count_from, spec.base);
        Ok(self.conn.prepare_cached(&sql)?.query_row(args(&spec.params).as_slice(), |r| r.get(0))?)
    }

    /// The filter's plan, kept while neither the filter nor the file changes.
    fn plan(&self, q: &ListQuery, spec: &Spec) -> Result<FilterPlan> {
        if q.filter.is_empty() {
            return Ok(FilterPlan { narrow: true, ..FilterPlan::default() });
        }
        let version = self.data_version()?;
        if let Some((cached_q, cached_version, plan)) = self.plans.borrow().as_ref()
            && cached_q == q
            && *cached_version == (version, self.writes)
        {
            return Ok(plan.clone());
        }
        let plan = self.filter_plan(&q.filter, &spec.sources, self.total(spec)?)?;
        *self.plans.borrow_mut() = Some((q.clone(), (version, self.writes), plan.clone()));
        Ok(plan)
    }

    pub fn list_count(&self, q: &ListQuery) -> Result<Count> {
        let spec = spec(q);
        if q.filter.is_empty() {
            return Ok(Count { rows: self.total(&spec)?.max(0) as usize, exact: true });
        }
        let plan = self.plan(q, &spec)?;
        if spec.big && !plan.exact {
            return Ok(Count { rows: plan.estimate.max(0) as usize, exact: false });
        }
        self.count_rows(&spec, &plan)
    }

    /// How many rows the list has, counted however long that takes (a person asked
    /// for the end of a list whose count was estimated).
    pub fn list_count_exact(&self, q: &ListQuery) -> Result<usize> {
        let spec = spec(q);
        if q.filter.is_empty() {
            return Ok(self.total(&spec)?.max(0) as usize);
        }
        let plan = self.plan(q, &spec)?;
        Ok(self.count_rows(&spec, &plan)?.rows)
    }

    fn count_rows(&self, spec: &Spec, plan: &FilterPlan) -> Result<Count> {
        let params = with_plan(spec, plan);
        let sql = format!("SELECT count(*) FROM {} WHERE {}{}", spec.count_from, spec.base, plan.sql);
        let n: i64 = self.conn.prepare_cached(&sql)?.query_row(args(&params).as_slice(), |r| r.get(0))?;
        Ok(Count { rows: n.max(0) as usize, exact: true })
    }

    /// Rows `start..start + len` of the list, read from its nearer end.
    pub fn list_window(&self, q: &ListQuery, start: usize, len: usize, count: usize) -> Result<Vec<ListRow>> {
        if start > count / 2 && count > 1000 {
            let from_end = count.saturating_sub(start + len);
            let take = len.min(count.saturating_sub(start));
            let mut rows = self.read(q, From::Offset(from_end), take, true)?;
            rows.reverse();
            return Ok(rows);
        }
        self.read(q, From::Offset(start), len, false)
    }

    /// Up to `len` rows that follow `row` in the list.
    pub fn list_after(&self, q: &ListQuery, row: &ListRow, len: usize) -> Result<Vec<ListRow>> {
        self.read(q, From::After(row), len, false)
    }

    /// Up to `len` rows that come before `row`, in list order.
    pub fn list_before(&self, q: &ListQuery, row: &ListRow, len: usize) -> Result<Vec<ListRow>> {
        let mut rows = self.read(q, From::Before(row), len, true)?;
        rows.reverse();
        Ok(rows)
    }

    /// Where a record stands in the list (how many rows come before it), if it is in it.
    pub fn list_position(&self, q: &ListQuery, id: &str) -> Result<Option<usize>> {
        let spec = spec(q);
        let plan = self.plan(q, &spec)?;
        let mut params = with_plan(&spec, &plan);
        let keys: Vec<String> = spec.order.iter().enumerate().map(|(i, e)| format!("{e} AS k{i}")).collect();
        let sql = format!(
            "SELECT {} FROM {} WHERE {}{} AND {} = ?",
            keys.join(", "),
            spec.from,
            spec.base,
            plan.sql,
            spec.id
        );
        params.push(Arg::Value(FieldValue::Text(id.to_string())));
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut rows = stmt.query(args(&params).as_slice())?;
        let Some(row) = rows.next()? else { return Ok(None) };
        let key: Vec<FieldValue> =
            (0..spec.order.len()).map(|i| row.get_ref(i).map(field_value)).collect::<rusqlite::Result<_>>()?;
        drop(rows);
        let mut params = with_plan(&spec, &plan);
        let cmp = seek_condition(&spec, false, &key, &mut params);
        let from = if plan.narrow || !spec.big { &spec.from } else { &spec.ordered_from };
        let sql = format!("SELECT count(*) FROM {from} WHERE {}{}{cmp}", spec.base, plan.sql);
        let before: i64 = self.conn.prepare_cached(&sql)?.query_row(args(&params).as_slice(), |r| r.get(0))?;
        Ok(Some(before.max(0) as usize))
    }

    fn read(&self, q: &ListQuery, from: From, len: usize, reverse: bool) -> Result<Vec<ListRow>> {
        let spec = spec(q);
        let plan = self.plan(q, &spec)?;
        let mut params = with_plan(&spec, &plan);
        let matches_first =
            spec.big && !q.filter.is_empty() && plan.matches_first(self.total(&spec)?, whole(len).saturating_add(20));
        // A narrow filter on a long list: the few matching rows first, then their order.
        let (filter, table) = if matches_first {
            (" AND t.id IN (SELECT id FROM hits)".to_string(), spec.from.clone())
        } else if q.filter.is_empty() {
            (String::new(), spec.from.clone())
        } else {
            (plan.sql.clone(), spec.ordered_from.clone())
        };
        let hits = if filter.contains("hits") {
            let hit_params = with_plan(&spec, &plan);
            let sql = format!(
                "WITH hits(id) AS MATERIALIZED (SELECT {} FROM {} WHERE {}{}) ",
                spec.count_id, spec.count_from, spec.base, plan.sql
            );
            params = hit_params.into_iter().chain(spec.params.iter().cloned().map(Arg::Value)).collect();
            sql
        } else {
            String::new()
        };
        let (seek, offset) = match from {
            From::Offset(n) => (String::new(), n),
            From::After(row) => (seek_condition(&spec, true, &row.key, &mut params), 0),
            From::Before(row) => (seek_condition(&spec, false, &row.key, &mut params), 0),
        };
        let backwards = spec.descending != reverse;
        let direction = if backwards { "DESC" } else { "ASC" };
        let order: Vec<String> = spec.order.iter().map(|e| format!("{e} {direction}")).collect();
        let keys: Vec<String> = spec.order.iter().enumerate().map(|(i, e)| format!("{e} AS k{i}")).collect();
        let (columns, extras_at) = match spec.record {
            Some(def) => (format!("{}{}", select_list(def, "t"), spec.extras), 1 + value_count(def)),
            None => (spec.extras.trim_start_matches(", ").to_string(), 0),
        };
        let sql = format!(
            "{hits}SELECT {columns}, {} FROM {table} WHERE {}{filter}{seek} ORDER BY {} LIMIT ? OFFSET ?",
            keys.join(", "),
            spec.base,
            order.join(", ")
        );
        params.push(Arg::Value(FieldValue::Int(whole(len))));
        params.push(Arg::Value(FieldValue::Int(whole(offset))));
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let names: Rc<[String]> = stmt.column_names().into_iter().map(str::to_string).collect();
        let value_count = names.len().saturating_sub(spec.order.len());
        let rows = stmt.query_map(args(&params).as_slice(), |row| {
            let values: Vec<FieldValue> =
                (0..names.len()).map(|i| row.get_ref(i).map(field_value)).collect::<rusqlite::Result<_>>()?;
            let (own, key) = values.split_at(value_count);
            Ok(ListRow {
                id: own.first().map(FieldValue::to_text).unwrap_or_default(),
                fields: Fields::new(names.clone(), values.clone()),
                extras_at,
                key: key.to_vec(),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// A row count as SQL takes it ("all" stays all).
fn whole(n: usize) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

/// ` AND (k0, k1) > (?, ?)`: the rows after (or before) a key in list order.
fn seek_condition(spec: &Spec, after: bool, key: &[FieldValue], params: &mut Vec<Arg>) -> String {
    let forward = after != spec.descending;
    let op = if forward { ">" } else { "<" };
    let marks = vec!["?"; key.len()].join(", ");
    params.extend(key.iter().cloned().map(Arg::Value));
    format!(" AND ({}) {op} ({marks})", spec.order.join(", "))
}
