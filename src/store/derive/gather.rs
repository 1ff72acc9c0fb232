//! Reading what a household's facts are computed from: one household's records by
//! their own queries (a save), or every household's at once, a table at a time (a
//! rebuild: a county's 20,000 households in a handful of queries instead of 160,000).

use super::super::error::Result;
use super::super::records::{get, select};
use crate::domain::household::Household;
use crate::domain::income::Income;
use crate::domain::measure::Measure;
use crate::domain::member::Member;
use crate::domain::monitoring::MonitoringEvent;
use crate::domain::schedule::VisitDays;
use chrono::NaiveDate;
use rusqlite::types::Value;
use rusqlite::vtab::array::Array;
use rusqlite::{Connection, params};
use std::collections::HashMap;

/// One household's records, as its facts need them.
pub(super) struct Gathered {
    pub household: Household,
    /// The day it entered the ledger.
    pub since: NaiveDate,
    pub members: Vec<Member>,
    pub measures: Vec<Measure>,
    pub incomes: Vec<Income>,
    pub events: Vec<MonitoringEvent>,
    pub visits: VisitDays,
    pub visit_count: i64,
    /// The names of other live members holding a member's ID number, by member id
    /// (only members whose number someone else holds too).
    pub holders: HashMap<String, Vec<String>>,
}

// Each list in the order the facts read it; the id breaks ties so that a save and a
// rebuild put them alike.
const MEMBER_ORDER: &str = "t.relation = 'self' DESC, t.birth_date, t.id";
const MEASURE_ORDER: &str = "t.start_date, t.id";
const INCOME_ORDER: &str = "t.year, t.id";
const EVENT_ORDER: &str = "t.episode, t.date, t.id";

/// Visit types made at the home, as SQL reads them (`visit::AT_HOME`).
pub(in crate::store) fn at_home_sql() -> String {
    let codes: Vec<String> = crate::domain::visit::AT_HOME.iter().map(|c| format!("'{c}'")).collect();
    format!("visit_type IN ({})", codes.join(", "))
}

/// One live household's records, or `None` when it is gone.
pub(super) fn gather_one(conn: &Connection, id: &str) -> Result<Option<Gathered>> {
    let Some(household) = get::<Household>(conn, id)? else { return Ok(None) };
    let of_household = "AND t.household_id = ?1";
    let members: Vec<Member> = select(conn, of_household, &format!("ORDER BY {MEMBER_ORDER}"), [id])?;
    let measures = select(conn, of_household, &format!("ORDER BY {MEASURE_ORDER}"), [id])?;
    let incomes = select(conn, of_household, &format!("ORDER BY {INCOME_ORDER}"), [id])?;
    let events = select(conn, of_household, &format!("ORDER BY {EVENT_ORDER}"), [id])?;
    let since: String =
        conn.prepare_cached("SELECT created_at FROM households WHERE id = ?1")?.query_row([id], |r| r.get(0))?;
    let (visits, visit_count) = visits_of(conn, id)?;
    let mut holders = HashMap::new();
    for m in &members {
        let others = other_holders(conn, m)?;
        if !others.is_empty() {
            holders.insert(m.id.clone(), others);
        }
    }
    Ok(Some(Gathered {
        household,
        since: day_of(&since),
        members,
        measures,
        incomes,
        events,
        visits,
        visit_count,
        holders,
    }))
}

/// The live households after `after` in id order, at most `limit` of them, with their
/// records: a rebuild reads a county a chunk at a time, a table at a time within it
/// (a handful of queries per chunk, not per household, and never all records at once).
pub(super) fn gather_chunk(conn: &Connection, after: &str, limit: usize, shared: &Shared) -> Result<Vec<Gathered>> {
    let households: Vec<Household> = select(conn, "AND t.id > ?1", &format!("ORDER BY t.id LIMIT {limit}"), [after])?;
    let ids: Array = std::rc::Rc::new(households.iter().map(|h| Value::Text(h.id.clone())).collect());
    let of = "AND t.household_id IN rarray(?1)";
    let by = |order: &str| format!("ORDER BY t.household_id, {order}");
    let mut members = grouped(select::<Member>(conn, of, &by(MEMBER_ORDER), [&ids])?, |m| &m.household_id);
    let mut measures = grouped(select::<Measure>(conn, of, &by(MEASURE_ORDER), [&ids])?, |m| &m.household_id);
    let mut incomes = grouped(select::<Income>(conn, of, &by(INCOME_ORDER), [&ids])?, |i| &i.household_id);
    let mut events = grouped(select::<MonitoringEvent>(conn, of, &by(EVENT_ORDER), [&ids])?, |e| &e.household_id);
    let since: HashMap<String, String> =
        pairs(conn, "SELECT id, created_at FROM households WHERE id IN rarray(?1)", &ids)?;
    let mut counts: HashMap<String, i64> = HashMap::new();
    // (A visit to a village rather than a household has none.)
    let mut stmt = conn.prepare_cached(
        "SELECT household_id, count(*) FROM visits
         WHERE deleted = 0 AND household_id IN rarray(?1) GROUP BY household_id",
    )?;
    for row in stmt.query_map([&ids], |r| Ok((r.get::<_, String>(0)?, r.get(1)?)))? {
        let (id, n) = row?;
        counts.insert(id, n);
    }
    let mut visits = recent_visits(conn, &ids)?;
    Ok(households
        .into_iter()
        .map(|household| {
            let id = household.id.clone();
            let members = members.remove(&id).unwrap_or_default();
            let holders = members
                .iter()
                .filter_map(|m| {
                    let holders = names_of_others(shared, m);
                    (!holders.is_empty()).then(|| (m.id.clone(), holders))
                })
                .collect();
            Gathered {
                since: since.get(&id).map(|s| day_of(s)).unwrap_or_default(),
                members,
                measures: measures.remove(&id).unwrap_or_default(),
                incomes: incomes.remove(&id).unwrap_or_default(),
                events: events.remove(&id).unwrap_or_default(),
                visits: visits.remove(&id).unwrap_or_default(),
                visit_count: counts.remove(&id).unwrap_or(0),
                holders,
                household,
            }
        })
        .collect())
}

/// Records by their household, each household's in the order read.
fn grouped<T>(records: Vec<T>, household_of: impl Fn(&T) -> &String) -> HashMap<String, Vec<T>> {
    let mut by_household: HashMap<String, Vec<T>> = HashMap::new();
    for record in records {
        by_household.entry(household_of(&record).clone()).or_default().push(record);
    }
    by_household
}

fn pairs(conn: &Connection, sql: &str, ids: &Array) -> Result<HashMap<String, String>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map([ids], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The live members (id, name) of each ID number held by more than one.
pub(super) type Shared = HashMap<String, Vec<(String, String)>>;

pub(super) fn shared_numbers(conn: &Connection) -> Result<Shared> {
    let mut stmt = conn.prepare(
        "SELECT id_number, id, name FROM members WHERE deleted = 0 AND id_number IN
           (SELECT id_number FROM members WHERE deleted = 0 AND id_number IS NOT NULL
            GROUP BY id_number HAVING count(*) > 1)",
    )?;
    let mut by_number: HashMap<String, Vec<(String, String)>> = HashMap::new();
    for row in stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, (r.get(1)?, r.get(2)?))))? {
        let (number, holder) = row?;
        by_number.entry(number).or_default().push(holder);
    }
    Ok(by_number)
}

/// As `other_holders` reads them: by name, at most ten.
fn names_of_others(shared: &Shared, m: &Member) -> Vec<String> {
    let Some(holders) = m.id_number.as_ref().and_then(|n| shared.get(n)) else { return Vec::new() };
    let mut names: Vec<String> = holders.iter().filter(|(id, _)| *id != m.id).map(|(_, name)| name.clone()).collect();
    names.sort();
    names.truncate(10);
    names
}

/// The names of the other live members holding a member's ID number.
pub(super) fn other_holders(conn: &Connection, m: &Member) -> Result<Vec<String>> {
    let Some(number) = m.id_number.as_deref() else { return Ok(Vec::new()) };
    let mut stmt = conn.prepare_cached(
        "SELECT name FROM members WHERE id_number = ?1 AND deleted = 0 AND id != ?2 ORDER BY name LIMIT 10",
    )?;
    let names = stmt.query_map(params![number, m.id], |r| r.get::<_, String>(0))?;
    Ok(names.collect::<rusqlite::Result<_>>()?)
}

/// A household's visits as the schedule reads them, and its number of visits.
pub(super) fn visits_of(conn: &Connection, id: &str) -> Result<(VisitDays, i64)> {
    // The same window a rebuild reads, not every visit of the household's years: a
    // visit saved is on the hot path.
    let ids: Array = std::rc::Rc::new(vec![Value::Text(id.to_string())]);
    let days = recent_visits(conn, &ids)?.remove(id).unwrap_or_default();
    let count: i64 = conn
        .prepare_cached("SELECT count(*) FROM visits WHERE household_id = ?1 AND deleted = 0")?
        .query_row([id], |r| r.get(0))?;
    Ok((days, count))
}

/// Every household's visits as the schedule reads them: those from three months
/// before the month of its latest visit (of any kind, and of those at the home), which
/// takes in the latest visit's calendar quarter — what any rule counts in.
fn recent_visits(conn: &Connection, ids: &Array) -> Result<HashMap<String, VisitDays>> {
    let home = at_home_sql();
    let sql = format!(
        "SELECT household_id, date, home FROM (
           SELECT household_id, date, {home} AS home,
                  max(date) OVER (PARTITION BY household_id) AS latest,
                  max(CASE WHEN {home} THEN date END) OVER (PARTITION BY household_id) AS latest_home
           FROM visits WHERE deleted = 0 AND household_id IN rarray(?1))
         WHERE date >= date(latest, 'start of month', '-2 months')
            OR (home AND date >= date(latest_home, 'start of month', '-2 months'))"
    );
    let mut stmt = conn.prepare_cached(&sql)?;
    let rows = stmt.query_map([ids], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, bool>(2)?)))?;
    let mut by_household: HashMap<String, Vec<(NaiveDate, bool)>> = HashMap::new();
    for row in rows {
        let (id, date, home) = row?;
        if let Some(date) = crate::domain::dates::stored_date(&date) {
            by_household.entry(id).or_default().push((date, home));
        }
    }
    Ok(by_household.into_iter().map(|(id, days)| (id, VisitDays::of(days))).collect())
}

/// The day of a stored timestamp.
pub(super) fn day_of(stamp: &str) -> NaiveDate {
    stamp.get(..10).and_then(crate::domain::dates::stored_date).unwrap_or_default()
}
