//! Reading what a household's facts are computed from: one household's records by
//! their own queries (a save), or every household's at once, a table at a time (a
//! rebuild: a county's 20,000 households in a handful of queries instead of 160,000).

use super::super::error::Result;
use super::super::records::{get, select};
use crate::domain::household::Household;
use crate::domain::income::Income;
use crate::domain::measure::Measure;
use crate::domain::member::Member;
use chrono::NaiveDate;
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
    pub last_visit: Option<NaiveDate>,
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

/// One live household's records, or `None` when it is gone.
pub(super) fn gather_one(conn: &Connection, id: &str) -> Result<Option<Gathered>> {
    let Some(household) = get::<Household>(conn, id)? else { return Ok(None) };
    let of_household = "AND t.household_id = ?1";
    let members: Vec<Member> = select(conn, of_household, &format!("ORDER BY {MEMBER_ORDER}"), [id])?;
    let measures = select(conn, of_household, &format!("ORDER BY {MEASURE_ORDER}"), [id])?;
    let incomes = select(conn, of_household, &format!("ORDER BY {INCOME_ORDER}"), [id])?;
    let since: String =
        conn.prepare_cached("SELECT created_at FROM households WHERE id = ?1")?.query_row([id], |r| r.get(0))?;
    let (last_visit, visit_count) = visits_of(conn, id)?;
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
        last_visit,
        visit_count,
        holders,
    }))
}

/// Every live household's records, in household id order.
pub(super) fn gather_all(conn: &Connection) -> Result<Vec<Gathered>> {
    let households: Vec<Household> = select(conn, "", "ORDER BY t.id", [])?;
    let mut members =
        grouped(select::<Member>(conn, "", &format!("ORDER BY t.household_id, {MEMBER_ORDER}"), [])?, |m| {
            &m.household_id
        });
    let mut measures =
        grouped(select::<Measure>(conn, "", &format!("ORDER BY t.household_id, {MEASURE_ORDER}"), [])?, |m| {
            &m.household_id
        });
    let mut incomes =
        grouped(select::<Income>(conn, "", &format!("ORDER BY t.household_id, {INCOME_ORDER}"), [])?, |i| {
            &i.household_id
        });
    let since: HashMap<String, String> = pairs(conn, "SELECT id, created_at FROM households WHERE deleted = 0")?;
    let mut visits: HashMap<String, (Option<String>, i64)> = HashMap::new();
    // (A visit to a village rather than a household has none.)
    let mut stmt = conn.prepare(
        "SELECT household_id, max(date), count(*) FROM visits
         WHERE deleted = 0 AND household_id IS NOT NULL GROUP BY household_id",
    )?;
    for row in stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, (r.get(1)?, r.get(2)?))))? {
        let (id, figures) = row?;
        visits.insert(id, figures);
    }
    let shared = shared_numbers(conn)?;
    Ok(households
        .into_iter()
        .map(|household| {
            let id = household.id.clone();
            let members = members.remove(&id).unwrap_or_default();
            let holders = members
                .iter()
                .filter_map(|m| {
                    let holders = names_of_others(&shared, m);
                    (!holders.is_empty()).then(|| (m.id.clone(), holders))
                })
                .collect();
            let (last, visit_count) = visits.remove(&id).unwrap_or((None, 0));
            Gathered {
                since: since.get(&id).map(|s| day_of(s)).unwrap_or_default(),
                members,
                measures: measures.remove(&id).unwrap_or_default(),
                incomes: incomes.remove(&id).unwrap_or_default(),
                last_visit: last.as_deref().and_then(crate::domain::dates::stored_date),
                visit_count,
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

fn pairs(conn: &Connection, sql: &str) -> Result<HashMap<String, String>> {
    let mut stmt = conn.prepare(sql)?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The live members (id, name) of each ID number held by more than one.
fn shared_numbers(conn: &Connection) -> Result<HashMap<String, Vec<(String, String)>>> {
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
fn names_of_others(shared: &HashMap<String, Vec<(String, String)>>, m: &Member) -> Vec<String> {
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

/// A household's last visit and its number of visits.
pub(super) fn visits_of(conn: &Connection, id: &str) -> Result<(Option<NaiveDate>, i64)> {
    let (last, count): (Option<String>, i64) = conn
        .prepare_cached("SELECT max(date), count(*) FROM visits WHERE household_id = ?1 AND deleted = 0")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok((last.as_deref().and_then(crate::domain::dates::stored_date), count))
}

/// The day of a stored timestamp.
pub(super) fn day_of(stamp: &str) -> NaiveDate {
    stamp.get(..10).and_then(crate::domain::dates::stored_date).unwrap_or_default()
}
