//! The derived tables (`derived_households`, `derived_search`, `derived_warnings`):
//! what follows from the records, kept current by the write that changes its inputs
//! and rebuilt wholesale after a migration or on `bangfu check --rebuild`. The facts
//! themselves are computed in `domain::facts`; this module reads their inputs and
//! writes their rows. Nothing here is merged or logged: any copy can recompute it.

pub(super) mod gather;
mod rebuild;
mod record_warnings;
mod rows;
mod search;

pub(super) use rebuild::rebuild_all;
pub(super) use search::{HOUSEHOLDS, fts_rowid, kind_token, search_kind};

use super::error::Result;
use super::records::{get, select};
use crate::domain::facts::{HouseholdRecords, household_facts, visitors_search_key};
use crate::domain::household::Household;
use crate::domain::income::Threshold;
use crate::domain::member::Member;
use crate::domain::registry::{Feed, RecordKind};
use crate::domain::schedule::VisitRule;
use crate::domain::village::Village;
use crate::domain::warnings::{line_missing, rule};
use chrono::{Datelike, NaiveDate};
use record_warnings::refresh_record_warnings;
use rows::{WarningRow, put_household_row, put_household_warnings, put_warning, text_or_null, warning_row};
use rusqlite::types::Value;
use rusqlite::{Connection, OptionalExtension, params};
use search::{drop_tokens, put_search, put_tokens, refresh_search};
use std::collections::{BTreeSet, HashMap};

/// What a transaction touched, so that only the facts depending on it are recomputed.
#[derive(Debug, Default)]
pub(super) struct Dirty {
    households: BTreeSet<String>,
    /// Households that only gained or lost visits: their visit figures and overdue
    /// warning are recomputed, not all their facts.
    visited: BTreeSet<String>,
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
    /// Projects whose 到位 must be summed again from their arrivals.
    arrivals: BTreeSet<String>,
    /// The sides' names, or a name written where a side counts, changed.
    side_names: bool,
}

/// Notes what a row of `table` (as it is now) feeds, as the registry declares it
/// (`Feed`). Called before and after a write, so that both the old and the new
/// household of a moved record are recomputed. A link or the vocabularies feed
/// nothing here.
pub(super) fn touch(conn: &Connection, dirty: &mut Dirty, table: &str, id: &str) -> Result<()> {
    let Some(kind) = RecordKind::of_table(table) else { return Ok(()) };
    let feeds = kind.feeds();
    let columns: Vec<&str> = feeds.iter().filter_map(|f| f.column()).collect();
    // The columns the feeds name, read in one query (all empty when the row is not
    // there yet: the feeds that name no column are noted all the same).
    let values: Vec<Option<String>> = if columns.is_empty() {
        Vec::new()
    } else {
        let sql = format!("SELECT {} FROM {table} WHERE id = ?1", columns.join(", "));
        conn.prepare_cached(&sql)?
            .query_row([id], |r| (0..columns.len()).map(|i| r.get::<_, Option<String>>(i)).collect())
            .optional()?
            .unwrap_or_default()
    };
    let mut values = values.into_iter();
    for feed in feeds {
        let value = if feed.column().is_some() { values.next().flatten() } else { None };
        match feed {
            // A side named by its name: each live side of that name counts again.
            Feed::Side(_) => {
                let Some(name) = value.filter(|n| !n.is_empty()) else { continue };
                let mut stmt = conn.prepare_cached("SELECT id FROM parties WHERE deleted = 0 AND name = ?1")?;
                let ids = stmt.query_map([name], |r| r.get::<_, String>(0))?;
                for party in ids {
                    dirty.note(Feed::Record(RecordKind::Party, "id"), Some(party?));
                }
            }
            _ => dirty.note(*feed, value),
        }
    }
    Ok(())
}

impl Dirty {
    /// Notes one feed, with the value of its column (none: the column is empty).
    fn note(&mut self, feed: Feed, value: Option<String>) {
        match feed {
            Feed::Household(_) => self.households.extend(value),
            Feed::IdNumber(_) => self.id_numbers.extend(value),
            Feed::Visited(_) => self.visited.extend(value),
            Feed::Visitors(_) => self.visitors.extend(value),
            Feed::Village(_) => self.villages.extend(value),
            Feed::VillageFigures(_) => self.figure_villages.extend(value),
            Feed::Record(kind, _) => self.search.extend(value.map(|v| (kind.def().table, v))),
            Feed::Arrivals(_) => self.arrivals.extend(value),
            Feed::AllHouseholds => self.all_households = true,
            Feed::Ledger => self.ledger_wide = true,
            Feed::Work => self.work = true,
            Feed::SideNames => self.side_names = true,
            // Resolved to the sides it names by `touch`.
            Feed::Side(_) => {}
        }
    }
}

/// What every household's facts need from the whole ledger, read once per write.
struct Context {
    /// The day of the save: a warning that ended before it can never hold again.
    today: NaiveDate,
    thresholds: Vec<Threshold>,
    rules: Vec<VisitRule>,
    villages: HashMap<String, Option<Village>>,
    vocab: crate::domain::vocab::Vocab,
}

impl Context {
    fn load(conn: &Connection, today: NaiveDate) -> Result<Context> {
        Ok(Context {
            today,
            thresholds: select(conn, "", "", [])?,
            rules: select(conn, "", "", [])?,
            villages: HashMap::new(),
            vocab: super::read::vocab_of(conn)?,
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
    let visited: Vec<&String> = dirty.visited.iter().filter(|id| !households.contains(*id)).collect();
    if !households.is_empty() || !visited.is_empty() {
        let mut ctx = Context::load(conn, today)?;
        for id in &households {
            villages.extend(village_of(conn, id)?);
            derive_household(conn, &mut ctx, id)?;
            villages.extend(village_of(conn, id)?);
        }
        for id in visited {
            villages.extend(village_of(conn, id)?);
            derive_visits(conn, &mut ctx, id)?;
        }
    }
    for project in &dirty.arrivals {
        sum_arrivals(conn, Some(project))?;
    }
    forget_figures(conn, dirty, &villages)?;
    for (table, id) in &dirty.search {
        refresh_search(conn, table, id, None)?;
        refresh_record_warnings(conn, table, id)?;
    }
    for visitors in &dirty.visitors {
        put_search(conn, "visitors", visitors, &visitors_search_key(visitors), None)?;
    }
    // Last: a project's own warnings were counted again above, which clears every
    // warning on the project, `side-unknown` too (every save that counts a project's
    // own warnings again also feeds `SideNames`).
    if dirty.ledger_wide {
        refresh_ledger_wide(conn, today)?;
    } else if dirty.side_names {
        refresh_side_names(conn)?;
    }
    Ok(())
}

/// Warns of each project naming — itself or by an arrival — a 帮扶方 that is none of
/// the ledger's sides (a side record's name, a village's 帮扶方): what it names counts
/// toward no side. One warning per project and name.
fn refresh_side_names(conn: &Connection) -> Result<()> {
    conn.prepare_cached("DELETE FROM derived_warnings WHERE rule = ?1")?.execute([rule::SIDE_UNKNOWN])?;
    let mut stmt = conn.prepare_cached(
        "WITH known AS (SELECT name FROM parties WHERE deleted = 0
                        UNION SELECT assisting_party FROM villages WHERE deleted = 0),
              named AS (SELECT project_id AS project, party FROM fund_arrivals WHERE deleted = 0 AND party != ''
                        UNION SELECT id, assisting_party FROM projects WHERE deleted = 0 AND assisting_party != '')
         SELECT p.id, p.name, p.village_id, n.party FROM named n JOIN projects p ON p.id = n.project AND p.deleted = 0
         WHERE n.party NOT IN (SELECT name FROM known WHERE name IS NOT NULL)
         ORDER BY p.name, n.party",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, Option<String>>(2)?, r.get::<_, String>(3)?))
    })?;
    for row in rows {
        let (id, name, village, party) = row?;
        let w = crate::domain::warnings::side_unknown(&id, &name, &party);
        put_warning(conn, &w, village.as_deref(), &name)?;
    }
    Ok(())
}

/// Keeps a project's 到位 (or every project's) equal to the sum of its live arrivals:
/// written in place, never logged, so two copies adding arrivals merge without a
/// conflict on the total (docs/records.md).
pub(super) fn sum_arrivals(conn: &Connection, project: Option<&str>) -> Result<()> {
    conn.prepare_cached(
        "UPDATE projects SET arrived_fen = (SELECT coalesce(sum(a.amount_fen), 0) FROM fund_arrivals a
             WHERE a.project_id = projects.id AND a.deleted = 0)
         WHERE (?1 IS NULL OR id = ?1) AND arrived_fen IS NOT (SELECT coalesce(sum(a.amount_fen), 0)
             FROM fund_arrivals a WHERE a.project_id = projects.id AND a.deleted = 0)",
    )?
    .execute([project])?;
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
    match gather::gather_one(conn, id)? {
        Some(records) => put_household_facts(conn, ctx, &records),
        None => {
            conn.prepare_cached("DELETE FROM derived_warnings WHERE household_id = ?1")?.execute([id])?;
            let reference: Option<i64> = conn
                .prepare_cached("DELETE FROM derived_households WHERE household_id = ?1 RETURNING ref")?
                .query_row([id], |r| r.get(0))
                .optional()?;
            if let Some(reference) = reference {
                drop_tokens(conn, HOUSEHOLDS, reference)?;
            }
            Ok(())
        }
    }
}

/// Computes a household's facts from its records and writes its derived row, search
/// tokens and warnings.
fn put_household_facts(conn: &Connection, ctx: &mut Context, records: &gather::Gathered) -> Result<()> {
    let village = ctx.village(conn, &records.household.village_id)?;
    let derived = derive_from(ctx, village.as_ref(), records);
    let id = records.household.id.as_str();
    let reference = put_household_row(conn, id, &derived.row)?;
    put_tokens(conn, HOUSEHOLDS, reference, &derived.search)?;
    put_household_warnings(conn, id, derived.warnings)
}

/// What a household's records work out to: its derived row, search tokens and
/// warnings (those whose days are not over).
struct Derived {
    row: [(&'static str, Value); 15],
    search: Vec<String>,
    warnings: Vec<WarningRow>,
}

/// Works out a household's facts; no SQL, so that a rebuild does it on another core
/// while the rows are written.
fn derive_from(ctx: &Context, village: Option<&Village>, records: &gather::Gathered) -> Derived {
    let h = &records.household;
    let holders = |m: &Member| -> Vec<String> { records.holders.get(&m.id).cloned().unwrap_or_default() };
    let facts = household_facts(&HouseholdRecords {
        household: h,
        since: records.since,
        village,
        members: &records.members,
        measures: &records.measures,
        incomes: &records.incomes,
        events: &records.events,
        visits: &records.visits,
        visit_count: records.visit_count,
        thresholds: &ctx.thresholds,
        rules: &ctx.rules,
        id_holders: &holders,
        vocab: &ctx.vocab,
    });
    let date = |d: Option<NaiveDate>| d.map(crate::domain::dates::format_date);
    let row: [(&str, Value); 15] = [
        ("village_id", Value::Text(h.village_id.clone())),
        ("sort_key", Value::Text(facts.sort_key.clone())),
        ("member_count", Value::Integer(facts.member_count)),
        ("visit_count", Value::Integer(facts.visit_count)),
        ("last_visit", text_or_null(date(facts.last_visit))),
        ("next_due", text_or_null(date(facts.next_due))),
        ("visit_group", Value::Text(facts.visit_group.to_string())),
        ("first_measure", text_or_null(date(facts.first_measure))),
        ("income_year", facts.income_year.map_or(Value::Null, Value::Integer)),
        ("per_capita_fen", facts.per_capita_fen.map_or(Value::Null, Value::Integer)),
        ("line_fen", facts.line_fen.map_or(Value::Null, Value::Integer)),
        ("monitor_category", text_or_null(h.monitor_category.clone())),
        ("risk_eliminated", Value::Integer(h.risk_eliminated as i64)),
        ("identified_month", text_or_null(h.identified_month.map(|m| m.to_string()))),
        ("eliminated_month", text_or_null(h.eliminated_month.map(|m| m.to_string()))),
    ];
    // Days only move on, so a warning whose days are over is not kept (a working
    // adult's "child working" ended at sixteen).
    let warnings: Vec<WarningRow> = facts
        .warnings
        .iter()
        .filter(|w| w.until.is_none_or(|until| until > ctx.today))
        .map(|w| {
            let key = format!("1{}\u{1f}{:02}\u{1f}{}", facts.sort_key, rule::rank(&w.rule), w.record_id);
            warning_row(w, Some(&h.village_id), &key)
        })
        .collect();
    Derived { row, search: facts.search, warnings }
}

/// After visits only: a household's visit figures, due date and overdue warning, the
/// same as `derive_household` would make them, without reading the rest.
fn derive_visits(conn: &Connection, ctx: &mut Context, id: &str) -> Result<()> {
    let kept: Option<String> = conn
        .prepare_cached("SELECT sort_key FROM derived_households WHERE household_id = ?1")?
        .query_row([id], |r| r.get(0))
        .optional()?;
    let (Some(h), Some(sort_key)) = (get::<Household>(conn, id)?, kept) else {
        return derive_household(conn, ctx, id);
    };
    let (visits, visit_count) = gather::visits_of(conn, id)?;
    let last_visit = visits.last();
    let since: String =
        conn.prepare_cached("SELECT created_at FROM households WHERE id = ?1")?.query_row([id], |r| r.get(0))?;
    let due = crate::domain::schedule::due(&h, &visits, &ctx.rules, gather::day_of(&since));
    let date = |d: Option<NaiveDate>| d.map(crate::domain::dates::format_date);
    conn.prepare_cached(
        "UPDATE derived_households SET visit_count = ?2, last_visit = ?3, next_due = ?4
         WHERE household_id = ?1 AND (visit_count, last_visit, next_due) IS NOT (?2, ?3, ?4)",
    )?
    .execute(params![id, visit_count, date(last_visit), date(due.as_ref().map(|d| d.next_due))])?;
    conn.prepare_cached("DELETE FROM derived_warnings WHERE household_id = ?1 AND rule = ?2")?
        .execute(params![id, rule::VISIT_OVERDUE])?;
    if let Some(due) = due {
        let village = ctx.village(conn, &h.village_id)?;
        let w = crate::domain::warnings::visit_overdue(&h, village.as_ref().map_or("", |v| v.name.as_str()), &due);
        if w.until.is_none_or(|until| until > ctx.today) {
            let key = format!("1{sort_key}\u{1f}{:02}\u{1f}{}", rule::rank(&w.rule), w.record_id);
            put_warning(conn, &w, Some(&h.village_id), &key)?;
        }
    }
    Ok(())
}

/// The warnings that are not about one household: a province with monitored
/// households and no monitoring line, for last year, this year and next, and for each
/// year in which one of its households was eliminated through assistance (its income
/// cannot be judged without that year's line).
fn refresh_ledger_wide(conn: &Connection, today: NaiveDate) -> Result<()> {
    conn.prepare_cached("DELETE FROM derived_warnings WHERE rule = ?1")?.execute([rule::LINE_MISSING])?;
    let mut stmt = conn.prepare_cached(
        "SELECT DISTINCT substr(v.code, 1, 2) FROM villages v
         WHERE v.deleted = 0 AND v.code IS NOT NULL AND length(v.code) = 12
           AND EXISTS (SELECT 1 FROM households h
                       WHERE h.village_id = v.id AND h.deleted = 0 AND h.monitor_category IS NOT NULL)",
    )?;
    let provinces: Vec<String> = stmt.query_map([], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
    let thresholds: Vec<Threshold> = select(conn, "", "", [])?;
    let year = today.year();
    let mut stmt = conn.prepare_cached(
        "SELECT DISTINCT CAST(substr(h.eliminated_month, 1, 4) AS INTEGER) FROM households h
         JOIN villages v ON v.id = h.village_id
         WHERE h.deleted = 0 AND h.risk_eliminated = 1 AND h.elimination_method = 'assisted'
           AND substr(v.code, 1, 2) = ?1 AND h.eliminated_month IS NOT NULL",
    )?;
    for province in &provinces {
        let eliminated: Vec<i32> = stmt.query_map([province], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
        // Each year once: to judge (open until the line is entered) where it has eliminations.
        let mut years: std::collections::BTreeMap<i32, bool> = (year - 1..=year + 1).map(|y| (y, false)).collect();
        for y in eliminated.into_iter().filter(|y| *y < year) {
            years.insert(y, true);
        }
        for (y, to_judge) in years {
            if crate::domain::income::line_for(&thresholds, province, y as i64).is_none() {
                put_warning(conn, &line_missing(province, y, to_judge), None, &format!("0{y}{province}"))?;
            }
        }
    }
    refresh_side_names(conn)?;
    conn.prepare_cached("INSERT OR REPLACE INTO derived_meta (key, value) VALUES ('ledger_wide_year', ?1)")?
        .execute([year.to_string()])?;
    Ok(())
}

/// A file opened in a new year needs that year's ledger-wide warnings.
/// Whether the ledger-wide facts were last computed for another year than today's.
pub(super) fn ledger_wide_stale(conn: &Connection, today: NaiveDate) -> Result<bool> {
    let year: Option<String> =
        conn.query_row("SELECT value FROM derived_meta WHERE key = 'ledger_wide_year'", [], |r| r.get(0)).optional()?;
    Ok(year.as_deref() != Some(today.year().to_string().as_str()))
}

pub(super) fn refresh_ledger_wide_now(conn: &mut Connection, path: &std::path::Path, today: NaiveDate) -> Result<()> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    super::stamp::note_save(&tx, path)?;
    refresh_ledger_wide(&tx, today)?;
    tx.commit()?;
    Ok(())
}

/// Counts the live records of every table anew.
pub(super) fn recount(conn: &Connection) -> Result<()> {
    conn.execute("DELETE FROM derived_counts", [])?;
    recount_tables(conn, super::read::record_tables())
}

/// Counts the live records of some tables anew (those a merge brought records to).
pub(super) fn recount_tables(conn: &Connection, tables: &[&str]) -> Result<()> {
    for table in tables.iter().filter(|t| super::read::record_tables().contains(t)) {
        conn.execute(
            &format!(
                "INSERT OR REPLACE INTO derived_counts (table_name, live)
                 SELECT ?1, count(*) FROM {table} WHERE deleted = 0"
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
