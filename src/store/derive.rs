//! The derived tables (`derived_households`, `derived_search`, `derived_warnings`):
//! what follows from the records, kept current by the write that changes its inputs
//! and rebuilt wholesale after a migration or on `bangfu check --rebuild`. The facts
//! themselves are computed in `domain::facts`; this module reads their inputs and
//! writes their rows. Nothing here is merged or logged: any copy can recompute it.

use super::error::Result;
use super::records::{get, select};
use crate::domain::cadre::Cadre;
use crate::domain::facts::{
    HouseholdRecords, cadre_search_key, household_facts, project_search_key, task_search_key, village_search_key,
    visitors_search_key,
};
use crate::domain::household::Household;
use crate::domain::income::{Income, Threshold};
use crate::domain::measure::Measure;
use crate::domain::member::Member;
use crate::domain::project::Project;
use crate::domain::schedule::VisitRule;
use crate::domain::task::Task;
use crate::domain::village::Village;
use crate::domain::warnings::{Warning, line_missing, rule};
use chrono::{Datelike, NaiveDate};
use rusqlite::{Connection, OptionalExtension, params};
use std::collections::{BTreeSet, HashMap};

/// What a transaction touched, so that only the facts depending on it are recomputed.
#[derive(Debug, Default)]
pub(super) struct Dirty {
    households: BTreeSet<String>,
    villages: BTreeSet<String>,
    id_numbers: BTreeSet<String>,
    search: BTreeSet<(&'static str, String)>,
    visitors: BTreeSet<String>,
    all_households: bool,
    ledger_wide: bool,
    /// Villages whose month figures must be counted again (besides those of `households`).
    figure_villages: BTreeSet<String>,
    /// The whole file's project and task figures must be counted again.
    work: bool,
}

/// Notes what a row of `table` (as it is now) feeds. Called before and after a write,
/// so that both the old and the new household of a moved record are recomputed.
pub(super) fn touch(conn: &Connection, dirty: &mut Dirty, table: &str, id: &str) -> Result<()> {
    let one = |sql: &str| -> Result<Option<(Option<String>, Option<String>)>> {
        Ok(conn.prepare_cached(sql)?.query_row([id], |r| Ok((r.get(0)?, r.get(1)?))).optional()?)
    };
    match table {
        "households" => {
            dirty.households.insert(id.to_string());
            dirty.ledger_wide = true;
        }
        "members" => {
            if let Some((household, number)) = one("SELECT household_id, id_number FROM members WHERE id = ?1")? {
                dirty.households.extend(household);
                dirty.id_numbers.extend(number);
            }
        }
        "measures" | "incomes" | "monitoring_events" => {
            let sql = format!("SELECT household_id, NULL FROM {table} WHERE id = ?1");
            if let Some((household, _)) = one(&sql)? {
                dirty.households.extend(household);
            }
        }
        "visits" => {
            if let Some((household, visitors)) = one("SELECT household_id, visitors FROM visits WHERE id = ?1")? {
                dirty.households.extend(household);
                dirty.visitors.extend(visitors);
            }
            if let Some((village, _)) = one("SELECT village_id, NULL FROM visits WHERE id = ?1")? {
                dirty.figure_villages.extend(village);
            }
        }
        "villages" => {
            dirty.villages.insert(id.to_string());
            dirty.search.insert(("villages", id.to_string()));
            dirty.ledger_wide = true;
        }
        "thresholds" | "visit_rules" => {
            dirty.all_households = true;
            dirty.ledger_wide = true;
        }
        "projects" => {
            dirty.search.insert(("projects", id.to_string()));
            dirty.work = true;
        }
        "tasks" => {
            dirty.search.insert(("tasks", id.to_string()));
            dirty.work = true;
        }
        "cadres" => {
            dirty.search.insert(("cadres", id.to_string()));
        }
        _ => {}
    }
    Ok(())
}

/// What every household's facts need from the whole ledger, read once per write.
struct Context {
    /// The day of the save: a warning that ended before it can never hold again.
    today: NaiveDate,
    thresholds: Vec<Threshold>,
    rules: Vec<VisitRule>,
    villages: HashMap<String, Option<Village>>,
}

impl Context {
    fn load(conn: &Connection, today: NaiveDate) -> Result<Context> {
        Ok(Context {
            today,
            thresholds: select(conn, "", "", [])?,
            rules: select(conn, "", "", [])?,
            villages: HashMap::new(),
        })
    }

    fn village(&mut self, conn: &Connection, id: &str) -> Result<Option<Village>> {
        if !self.villages.contains_key(id) {
            let village = get::<Village>(conn, id)?;
            self.villages.insert(id.to_string(), village);
        }
        Ok(self.villages.get(id).cloned().flatten())
    }
}

/// Brings the derived facts of everything `dirty` names up to date.
pub(super) fn refresh(conn: &Connection, dirty: &Dirty, today: NaiveDate) -> Result<()> {
    let mut households = dirty.households.clone();
    if dirty.all_households {
        households.extend(live_ids(conn, "households")?);
    }
    for village in &dirty.villages {
        let mut stmt = conn.prepare_cached("SELECT id FROM households WHERE village_id = ?1 AND deleted = 0")?;
        let ids = stmt.query_map([village], |r| r.get::<_, String>(0))?;
        for id in ids {
            households.insert(id?);
        }
    }
    for number in &dirty.id_numbers {
        let mut stmt = conn.prepare_cached("SELECT household_id FROM members WHERE id_number = ?1 AND deleted = 0")?;
        for id in stmt.query_map([number], |r| r.get::<_, String>(0))? {
            households.insert(id?);
        }
    }
    let mut villages: BTreeSet<String> = dirty.villages.union(&dirty.figure_villages).cloned().collect();
    if !households.is_empty() {
        let mut ctx = Context::load(conn, today)?;
        for id in &households {
            villages.extend(village_of(conn, id)?);
            derive_household(conn, &mut ctx, id)?;
            villages.extend(village_of(conn, id)?);
        }
    }
    forget_figures(conn, dirty, &villages)?;
    for (table, id) in &dirty.search {
        refresh_search(conn, table, id)?;
    }
    for visitors in &dirty.visitors {
        put_search(conn, "visitors", visitors, &visitors_search_key(visitors))?;
    }
    if dirty.ledger_wide {
        refresh_ledger_wide(conn, today)?;
    }
    Ok(())
}

/// The village a household's facts are counted in.
fn village_of(conn: &Connection, household: &str) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT village_id FROM derived_households WHERE household_id = ?1")?
        .query_row([household], |r| r.get(0))
        .optional()?
        .flatten())
}

/// Drops the month figures kept for what a save touched (docs/file-format.md).
fn forget_figures(conn: &Connection, dirty: &Dirty, villages: &BTreeSet<String>) -> Result<()> {
    if dirty.all_households {
        conn.prepare_cached("DELETE FROM derived_figures")?.execute([])?;
        return Ok(());
    }
    let mut forget = conn.prepare_cached("DELETE FROM derived_figures WHERE village_id = ?1")?;
    for village in villages.iter().filter(|v| !v.is_empty()) {
        forget.execute([village])?;
    }
    if dirty.work {
        forget.execute([""])?;
    }
    Ok(())
}

fn live_ids(conn: &Connection, table: &str) -> Result<Vec<String>> {
    let sql = format!("SELECT id FROM {table} WHERE deleted = 0");
    let mut stmt = conn.prepare(&sql)?;
    let ids = stmt.query_map([], |r| r.get::<_, String>(0))?;
    Ok(ids.collect::<rusqlite::Result<_>>()?)
}

/// Recomputes one household's facts, search key and warnings (or removes them, when
/// the household is gone).
fn derive_household(conn: &Connection, ctx: &mut Context, id: &str) -> Result<()> {
    conn.prepare_cached("DELETE FROM derived_warnings WHERE household_id = ?1")?.execute([id])?;
    let Some(h) = get::<Household>(conn, id)? else {
        let reference: Option<i64> = conn
            .prepare_cached("DELETE FROM derived_households WHERE household_id = ?1 RETURNING ref")?
            .query_row([id], |r| r.get(0))
            .optional()?;
        if let Some(reference) = reference {
            drop_tokens(conn, HOUSEHOLDS, reference)?;
        }
        return Ok(());
    };
    let since: String =
        conn.prepare_cached("SELECT created_at FROM households WHERE id = ?1")?.query_row([id], |r| r.get(0))?;
    let since = since.get(..10).and_then(crate::domain::dates::stored_date).unwrap_or_default();
    let village = ctx.village(conn, &h.village_id)?;
    let of_household = "AND t.household_id = ?1";
    let members: Vec<Member> = select(conn, of_household, "ORDER BY t.relation = 'self' DESC, t.birth_date", [id])?;
    let measures: Vec<Measure> = select(conn, of_household, "ORDER BY t.start_date", [id])?;
    let incomes: Vec<Income> = select(conn, of_household, "ORDER BY t.year", [id])?;
    let (last_visit, visit_count): (Option<String>, i64) = conn
        .prepare_cached("SELECT max(date), count(*) FROM visits WHERE household_id = ?1 AND deleted = 0")?
        .query_row([id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    let holders = |m: &Member| -> Vec<String> { other_holders(conn, m).unwrap_or_default() };
    let facts = household_facts(&HouseholdRecords {
        household: &h,
        since,
        village: village.as_ref(),
        members: &members,
        measures: &measures,
        incomes: &incomes,
        last_visit: last_visit.as_deref().and_then(crate::domain::dates::stored_date),
        visit_count,
        thresholds: &ctx.thresholds,
        rules: &ctx.rules,
        id_holders: &holders,
    });
    let date = |d: Option<NaiveDate>| d.map(crate::domain::dates::format_date);
    // An upsert keeps the household's number (`ref`), which its tokens point at.
    let reference: i64 = conn
        .prepare_cached(
            "INSERT INTO derived_households (household_id, village_id, sort_key, member_count, visit_count,
                 last_visit, next_due, visit_group, first_measure, income_year, per_capita_fen, line_fen,
                 monitor_category, risk_eliminated, identified_month, eliminated_month)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16)
             ON CONFLICT (household_id) DO UPDATE SET village_id = excluded.village_id, sort_key = excluded.sort_key,
                 monitor_category = excluded.monitor_category, risk_eliminated = excluded.risk_eliminated,
                 identified_month = excluded.identified_month, eliminated_month = excluded.eliminated_month,
                 member_count = excluded.member_count, visit_count = excluded.visit_count,
                 last_visit = excluded.last_visit, next_due = excluded.next_due, visit_group = excluded.visit_group,
                 first_measure = excluded.first_measure, income_year = excluded.income_year,
                 per_capita_fen = excluded.per_capita_fen, line_fen = excluded.line_fen
             RETURNING ref",
        )?
        .query_row(
            params![
                id,
                h.village_id,
                facts.sort_key,
                facts.member_count,
                facts.visit_count,
                date(facts.last_visit),
                date(facts.next_due),
                facts.visit_group,
                date(facts.first_measure),
                facts.income_year,
                facts.per_capita_fen,
                facts.line_fen,
                h.monitor_category,
                h.risk_eliminated,
                h.identified_month.map(|m| m.to_string()),
                h.eliminated_month.map(|m| m.to_string()),
            ],
            |r| r.get(0),
        )?;
    put_tokens(conn, HOUSEHOLDS, reference, &facts.search)?;
    // Days only move on, so a warning whose days are over is not kept (a working
    // adult's "child working" ended at sixteen).
    for w in facts.warnings.iter().filter(|w| w.until.is_none_or(|until| until > ctx.today)) {
        let key = format!("1{}\u{1f}{:02}\u{1f}{}", facts.sort_key, rule::rank(&w.rule), w.record_id);
        put_warning(conn, w, Some(&h.village_id), &key)?;
    }
    Ok(())
}

/// The names of the other live members holding a member's ID number.
fn other_holders(conn: &Connection, m: &Member) -> Result<Vec<String>> {
    let Some(number) = m.id_number.as_deref() else { return Ok(Vec::new()) };
    let mut stmt = conn.prepare_cached(
        "SELECT name FROM members WHERE id_number = ?1 AND deleted = 0 AND id != ?2 ORDER BY name LIMIT 10",
    )?;
    let names = stmt.query_map(params![number, m.id], |r| r.get::<_, String>(0))?;
    Ok(names.collect::<rusqlite::Result<_>>()?)
}

/// Keeps a warning, with the village it is counted in (none for a ledger-wide one).
fn put_warning(conn: &Connection, w: &Warning, village: Option<&str>, sort_key: &str) -> Result<()> {
    let facts = serde_json::to_string(&w.facts).unwrap_or_else(|_| "[]".into());
    let date = |d: Option<NaiveDate>| d.map(crate::domain::dates::format_date);
    conn.prepare_cached(
        "INSERT INTO derived_warnings (rule, table_name, record_id, household_id, village_id, active_from,
             active_until, sort_key, facts)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
    )?
    .execute(params![
        w.rule,
        w.table,
        w.record_id,
        w.household_id,
        village,
        date(w.from),
        date(w.until),
        sort_key,
        facts
    ])?;
    Ok(())
}

/// The kinds of search tokens: what a token's `ref` counts in (docs/search.md).
pub(super) const HOUSEHOLDS: i64 = 1;

/// The token kind of a table kept in `derived_search`.
pub(super) fn search_kind(table: &str) -> i64 {
    match table {
        "villages" => 2,
        "visitors" => 3,
        "projects" => 4,
        "tasks" => 5,
        "cadres" => 6,
        _ => 0,
    }
}

/// The rowid of a record's row in the full-text index.
pub(super) fn fts_rowid(kind: i64, reference: i64) -> i64 {
    (kind << 40) | reference
}

fn drop_tokens(conn: &Connection, kind: i64, reference: i64) -> Result<()> {
    conn.prepare_cached("DELETE FROM derived_fts WHERE rowid = ?1")?.execute([fts_rowid(kind, reference)])?;
    Ok(())
}

/// A token as the index keeps it: behind its kind's digit, so that each kind's
/// tokens are a range of their own and a search never reads another kind's.
pub(super) fn kind_token(kind: i64, token: &str) -> String {
    format!("{kind}{token}")
}

/// Makes a record's tokens exactly `tokens`.
fn put_tokens(conn: &Connection, kind: i64, reference: i64, tokens: &[String]) -> Result<()> {
    drop_tokens(conn, kind, reference)?;
    let text: Vec<String> = tokens.iter().map(|t| kind_token(kind, t)).collect();
    conn.prepare_cached("INSERT INTO derived_fts (rowid, tokens) VALUES (?1, ?2)")?
        .execute(params![fts_rowid(kind, reference), text.join(" ")])?;
    Ok(())
}

fn put_search(conn: &Connection, table: &str, id: &str, tokens: &[String]) -> Result<()> {
    let reference: i64 = conn
        .prepare_cached(
            "INSERT INTO derived_search (table_name, record_id) VALUES (?1, ?2)
             ON CONFLICT (table_name, record_id) DO UPDATE SET record_id = excluded.record_id RETURNING ref",
        )?
        .query_row([table, id], |r| r.get(0))?;
    put_tokens(conn, search_kind(table), reference, tokens)
}

fn refresh_search(conn: &Connection, table: &str, id: &str) -> Result<()> {
    let key = match table {
        "villages" => get::<Village>(conn, id)?.map(|v| village_search_key(&v)),
        "projects" => get::<Project>(conn, id)?.map(|p| project_search_key(&p)),
        "tasks" => get::<Task>(conn, id)?.map(|t| task_search_key(&t)),
        "cadres" => get::<Cadre>(conn, id)?.map(|c| cadre_search_key(&c)),
        _ => None,
    };
    match key {
        Some(key) => put_search(conn, table, id, &key),
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

/// The warnings that are not about one household: a province with monitored
/// households and no monitoring line, for last year, this year and next.
fn refresh_ledger_wide(conn: &Connection, today: NaiveDate) -> Result<()> {
    conn.prepare_cached("DELETE FROM derived_warnings WHERE household_id IS NULL")?.execute([])?;
    let mut stmt = conn.prepare_cached(
        "SELECT DISTINCT substr(v.code, 1, 2) FROM villages v
         WHERE v.deleted = 0 AND v.code IS NOT NULL AND length(v.code) = 12
           AND EXISTS (SELECT 1 FROM households h
                       WHERE h.village_id = v.id AND h.deleted = 0 AND h.monitor_category IS NOT NULL)",
    )?;
    let provinces: Vec<String> = stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    let thresholds: Vec<Threshold> = select(conn, "", "", [])?;
    let year = today.year();
    for province in &provinces {
        for y in year - 1..=year + 1 {
            if crate::domain::income::line_for(&thresholds, province, y as i64).is_none() {
                put_warning(conn, &line_missing(province, y), None, &format!("0{y}{province}"))?;
            }
        }
    }
    conn.prepare_cached("INSERT OR REPLACE INTO derived_meta (key, value) VALUES ('ledger_wide_year', ?1)")?
        .execute([year.to_string()])?;
    Ok(())
}

/// A file opened in a new year needs that year's ledger-wide warnings.
pub(super) fn refresh_ledger_wide_if_stale(conn: &mut Connection, today: NaiveDate) -> Result<()> {
    let year: Option<String> =
        conn.query_row("SELECT value FROM derived_meta WHERE key = 'ledger_wide_year'", [], |r| r.get(0)).optional()?;
    if year.as_deref() == Some(today.year().to_string().as_str()) {
        return Ok(());
    }
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    refresh_ledger_wide(&tx, today)?;
    tx.commit()?;
    Ok(())
}

/// Recomputes every derived row from the records.
pub(super) fn rebuild_all(conn: &Connection, today: NaiveDate, progress: &mut dyn FnMut(usize, usize)) -> Result<()> {
    conn.execute_batch(
        "DELETE FROM derived_fts; DELETE FROM derived_households; DELETE FROM derived_search;
         DELETE FROM derived_warnings; DELETE FROM derived_figures;",
    )?;
    let households = live_ids(conn, "households")?;
    let mut ctx = Context::load(conn, today)?;
    for (done, id) in households.iter().enumerate() {
        derive_household(conn, &mut ctx, id)?;
        if done % 500 == 0 {
            progress(done, households.len());
        }
    }
    for table in ["villages", "projects", "tasks", "cadres"] {
        for id in live_ids(conn, table)? {
            refresh_search(conn, table, &id)?;
        }
    }
    let mut stmt = conn.prepare("SELECT DISTINCT visitors FROM visits WHERE deleted = 0")?;
    let visitors: Vec<String> = stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    for v in visitors {
        put_search(conn, "visitors", &v, &visitors_search_key(&v))?;
    }
    recount(conn)?;
    refresh_ledger_wide(conn, today)?;
    super::oplog::rebuild_conflicts(conn)?;
    progress(households.len(), households.len());
    Ok(())
}

/// Counts the live records of every table anew.
pub(super) fn recount(conn: &Connection) -> Result<()> {
    conn.execute("DELETE FROM derived_counts", [])?;
    for table in super::read::RECORD_TABLES {
        conn.execute(
            &format!(
                "INSERT INTO derived_counts (table_name, live) SELECT ?1, count(*) FROM {table} WHERE deleted = 0"
            ),
            [table],
        )?;
    }
    Ok(())
}

/// One more (or one fewer) live record in a table.
pub(super) fn count_live(conn: &Connection, table: &str, delta: i64) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO derived_counts (table_name, live) VALUES (?1, ?2)
         ON CONFLICT (table_name) DO UPDATE SET live = live + excluded.live",
    )?
    .execute(params![table, delta])?;
    Ok(())
}
