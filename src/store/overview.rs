//! The month's dispatch figures (月调度) as SQL aggregates: per village, then summed
//! for the whole file; projects, money and tasks; warnings by rule.

use super::Store;
use super::WorkFigures;
use super::error::Result;
use crate::domain::dates::{YearMonth, format_date};
use crate::domain::schedule::GROUP_MONITORED;
use crate::domain::warnings::rule;
use chrono::NaiveDate;
use rusqlite::{OptionalExtension, ToSql};
use std::collections::HashMap;

/// Figures for one scope (the whole file, or one village) and one month.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Figures {
    pub village_id: String,
    pub village_name: String,
    pub households: i64,
    pub monitored: i64,
    pub monitored_people: i64,
    /// Monitored households and people by 监测对象类别 code.
    pub by_category: Vec<(String, i64, i64)>,
    pub not_eliminated: i64,
    pub eliminated: i64,
    pub identified_this_month: i64,
    pub eliminated_this_month: i64,
    pub withdrawn_this_month: i64,
    /// Monitored households with and without a measure delivered by the end of the month.
    pub with_measure: i64,
    pub without_measure: i64,
    /// Households due a visit by the month's end under their rule, and of them visited in it.
    pub visits_required: i64,
    pub visited: i64,
    pub visits_this_month: i64,
    pub visits_overdue: i64,
}

impl Figures {
    /// Adds another scope's figures (a township's villages, the whole file).
    pub fn add(&mut self, o: &Figures) {
        self.households += o.households;
        self.monitored += o.monitored;
        self.monitored_people += o.monitored_people;
        self.not_eliminated += o.not_eliminated;
        self.eliminated += o.eliminated;
        self.identified_this_month += o.identified_this_month;
        self.eliminated_this_month += o.eliminated_this_month;
        self.withdrawn_this_month += o.withdrawn_this_month;
        self.with_measure += o.with_measure;
        self.without_measure += o.without_measure;
        self.visits_required += o.visits_required;
        self.visited += o.visited;
        self.visits_this_month += o.visits_this_month;
        self.visits_overdue += o.visits_overdue;
        for (code, h, p) in &o.by_category {
            match self.by_category.iter_mut().find(|(c, _, _)| c == code) {
                Some(slot) => {
                    slot.1 += h;
                    slot.2 += p;
                }
                None => self.by_category.push((code.clone(), *h, *p)),
            }
        }
    }
}

/// The month's figures: the whole file and each village.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct MonthFigures {
    pub month: Option<YearMonth>,
    pub whole: Figures,
    pub villages: Vec<Figures>,
    pub work: WorkFigures,
}

/// Per village and category, in one pass over the derived facts (one compact
/// table), as the month ended: a household identified later is not yet monitored in
/// it, one eliminated later not yet eliminated. The current month's visits are read
/// from each household's last visit. 应走访, 已走访 and 逾期 have one basis, each
/// household's own visit rule: due by the month's end (or visited in it, under a
/// rule), visited in it, past due today — the same households the due list shows.
const PER_VILLAGE: &str = "
SELECT village_id,
  CASE WHEN monitor_category IS NOT NULL AND coalesce(identified_month <= :month, 1) THEN monitor_category END
    AS category_then,
  count(*),
  coalesce(sum(member_count), 0),
  coalesce(sum(monitor_category IS NOT NULL AND coalesce(identified_month <= :month, 1)
      AND NOT (risk_eliminated = 1 AND coalesce(eliminated_month <= :month, 1))), 0),
  coalesce(sum(monitor_category IS NOT NULL AND coalesce(identified_month <= :month, 1)
      AND risk_eliminated = 1 AND coalesce(eliminated_month <= :month, 1)), 0),
  coalesce(sum(monitor_category IS NOT NULL AND identified_month = :month), 0),
  coalesce(sum(monitor_category IS NOT NULL AND risk_eliminated = 1 AND eliminated_month = :month), 0),
  coalesce(sum(monitor_category IS NOT NULL AND coalesce(identified_month <= :month, 1)
      AND first_measure <= :month_end), 0),
  coalesce(sum(next_due <= :month_end
      OR (next_due IS NOT NULL AND last_visit BETWEEN :month_start AND :month_end)), 0),
  coalesce(sum(next_due IS NOT NULL AND last_visit BETWEEN :month_start AND :month_end), 0),
  coalesce(sum(next_due < :today), 0)
FROM derived_households INDEXED BY derived_households_figures
WHERE {village}
GROUP BY village_id, category_then";

/// Visits of the month per village (village-level visits too).
const VISITS_IN_MONTH: &str = "
SELECT v.id, '', (SELECT count(*) FROM visits x INDEXED BY visits_village_live
    WHERE x.deleted = 0 AND x.village_id = v.id AND x.date BETWEEN :month_start AND :month_end), 0
FROM villages v WHERE v.deleted = 0 AND {village}";

/// Households withdrawn from monitoring in the month, per village.
const WITHDRAWN_IN_MONTH: &str = "
SELECT h.village_id, '', count(*), 0 FROM monitoring_events e JOIN households h ON h.id = e.household_id
WHERE e.deleted = 0 AND h.deleted = 0 AND e.step = 'withdraw' AND e.date BETWEEN :month_start AND :month_end
    AND {village}
GROUP BY h.village_id";

/// The warnings that hold on the day, per village and rule.
const WARNINGS_BY_VILLAGE: &str = "
SELECT village_id, rule, count(*), 0 FROM derived_warnings INDEXED BY derived_warnings_village
WHERE village_id IS NOT NULL AND {village}
    AND (active_from IS NULL OR active_from <= :today) AND (active_until IS NULL OR active_until > :today)
GROUP BY village_id, rule";

/// Above this many villages to count, all are counted in one pass.
const ONE_BY_ONE: usize = 12;

/// Whether `sql` has the named parameter (`:month`, not only `:month_end`).
fn names_parameter(sql: &str, name: &str) -> bool {
    sql.match_indices(name).any(|(at, _)| {
        !sql.get(at + name.len()..).unwrap_or_default().starts_with(|c: char| c == '_' || c.is_ascii_alphanumeric())
    })
}

/// One village's part of a month's figures, as kept in `derived_figures`.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
struct VillagePart {
    figures: Figures,
    warnings_by_rule: Vec<(String, i64)>,
}

/// The month and day figures are counted for, as the queries take them.
pub(super) struct Period {
    pub(super) month: String,
    pub(super) start: String,
    pub(super) end: String,
    pub(super) today: String,
    pub(super) of: YearMonth,
    pub(super) past_month: bool,
}

impl Period {
    pub(super) fn new(month: YearMonth, today: NaiveDate) -> Period {
        Period {
            month: month.to_string(),
            start: format_date(month.first_day()),
            end: format_date(month.last_day()),
            today: format_date(today),
            of: month,
            past_month: month < YearMonth::of(today),
        }
    }

    /// The month, when it has ended.
    fn past_month(&self) -> Option<YearMonth> {
        self.past_month.then_some(self.of)
    }
}

impl Store {
    /// The figures of a month for the whole file and for each village. Each village's
    /// part is kept in the file until a save touches that village (or the day
    /// changes), so opening the overview recounts only what changed since.
    pub fn month_figures(&self, month: YearMonth, today: NaiveDate) -> Result<MonthFigures> {
        let period = Period::new(month, today);
        let villages = self.live_villages()?;
        let mut kept = self.kept_figures(&period)?;
        let missing: Vec<&str> =
            villages.iter().map(|(id, _)| id.as_str()).filter(|id| !kept.contains_key(*id)).collect();
        let counted = if missing.len() > ONE_BY_ONE {
            self.count_villages(&period, None)?
        } else {
            let mut counted = HashMap::new();
            for id in &missing {
                counted.extend(self.count_villages(&period, Some(id))?);
            }
            counted
        };
        let mut fresh = Vec::new();
        for id in missing {
            let part = counted.get(id).cloned().unwrap_or_default();
            fresh.push((id.to_string(), serde_json::to_string(&part).unwrap_or_default()));
            kept.insert(id.to_string(), part);
        }
        let work: WorkFigures = match self.kept_work(&period)? {
            Some(work) => work,
            None => {
                let work = self.work_figures(&period, None)?;
                fresh.push((String::new(), serde_json::to_string(&work).unwrap_or_default()));
                work
            }
        };
        self.keep_figures(&period, &fresh);
        self.assemble(month, villages, &kept, work, &period)
    }

    /// Puts the month together: villages in order, their sum, and the warnings of
    /// each rule (the villages' and the ledger-wide ones, counted as they are).
    fn assemble(
        &self,
        month: YearMonth,
        villages: Vec<(String, String)>,
        parts: &HashMap<String, VillagePart>,
        mut work: WorkFigures,
        period: &Period,
    ) -> Result<MonthFigures> {
        let mut whole = Figures::default();
        let mut by_rule: Vec<(String, i64)> = self
            .grouped(
                "SELECT rule, '', count(*), 0 FROM derived_warnings WHERE village_id IS NULL
                 AND (active_from IS NULL OR active_from <= ?1) AND (active_until IS NULL OR active_until > ?1)
                 GROUP BY rule",
                [&period.today],
            )?
            .into_iter()
            .map(|(rule, _, n, _)| (rule, n))
            .collect();
        let mut rows = Vec::with_capacity(villages.len());
        for (id, name) in villages {
            let part = parts.get(&id).cloned().unwrap_or_default();
            let figures = Figures { village_id: id, village_name: name, ..part.figures };
            whole.add(&figures);
            for (rule, n) in part.warnings_by_rule {
                match by_rule.iter_mut().find(|(r, _)| *r == rule) {
                    Some(slot) => slot.1 += n,
                    None => by_rule.push((rule, n)),
                }
            }
            rows.push(figures);
        }
        by_rule.sort_by_key(|(r, _)| rule::rank(r));
        work.warnings_by_rule = by_rule;
        Ok(MonthFigures { month: Some(month), whole, villages: rows, work })
    }

    fn live_villages(&self) -> Result<Vec<(String, String)>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id, name FROM villages WHERE deleted = 0 ORDER BY code IS NULL, code, name, id")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The villages' parts kept for the month and day.
    fn kept_figures(&self, period: &Period) -> Result<HashMap<String, VillagePart>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT village_id, value FROM derived_figures WHERE month = ?1 AND day = ?2 AND village_id != ''",
        )?;
        let rows = stmt.query_map([&period.month, &period.today], |r| Ok((r.get::<_, String>(0)?, r.get(1)?)))?;
        let mut kept = HashMap::new();
        for row in rows {
            let (id, value): (String, String) = row?;
            if let Ok(part) = serde_json::from_str(&value) {
                kept.insert(id, part);
            }
        }
        Ok(kept)
    }

    fn kept_work(&self, period: &Period) -> Result<Option<WorkFigures>> {
        let value: Option<String> = self
            .conn
            .prepare_cached("SELECT value FROM derived_figures WHERE village_id = '' AND month = ?1 AND day = ?2")?
            .query_row([&period.month, &period.today], |r| r.get(0))
            .optional()?;
        Ok(value.and_then(|v| serde_json::from_str(&v).ok()))
    }

    /// Keeps freshly counted parts, dropping those of other days. A convenience: on a
    /// read-only file, or while another session is saving, they are counted again
    /// next time rather than waited for.
    /// Kept only in a file that passed the quick check, and noted as a bangfu save.
    fn keep_figures(&self, period: &Period, fresh: &[(String, String)]) {
        if fresh.is_empty() || !self.sound() || self.read_only {
            return;
        }
        let keep = || -> Result<()> {
            self.conn.execute_batch("BEGIN IMMEDIATE")?;
            super::stamp::note_save(&self.conn, &self.path)?;
            let mut insert = self.conn.prepare_cached(
                "INSERT OR REPLACE INTO derived_figures (village_id, month, day, value) VALUES (?1, ?2, ?3, ?4)",
            )?;
            self.conn.prepare_cached("DELETE FROM derived_figures WHERE day != ?1")?.execute([&period.today])?;
            for (id, value) in fresh {
                insert.execute([id, &period.month, &period.today, value])?;
            }
            self.conn.execute_batch("COMMIT")?;
            Ok(())
        };
        let _ = self.conn.busy_timeout(std::time::Duration::ZERO);
        if keep().is_err() {
            let _ = self.conn.execute_batch("ROLLBACK");
        }
        let _ = self.conn.busy_timeout(super::open::BUSY_WAIT);
    }

    /// Counts the month for one village, or for all of them in one pass.
    fn count_villages(&self, period: &Period, village: Option<&str>) -> Result<HashMap<String, VillagePart>> {
        let mut parts: HashMap<String, VillagePart> = HashMap::new();
        let scoped = |sql: &str, column: &str| match village {
            Some(_) => sql.replace("{village}", &format!("{column} = :village")),
            None => sql.replace("{village}", "1"),
        };
        let args = |sql: &str| -> Vec<(&str, &dyn ToSql)> {
            let all: [(&str, &dyn ToSql); 6] = [
                (":month", &period.month),
                (":month_start", &period.start),
                (":month_end", &period.end),
                (":today", &period.today),
                (":monitored", &GROUP_MONITORED),
                (":village", &village),
            ];
            all.into_iter().filter(|(name, _)| names_parameter(sql, name)).collect()
        };
        // A month gone by counts the households the ledger held at its end.
        let entered = match period.past_month {
            true => " AND household_id IN (SELECT id FROM households WHERE substr(created_at, 1, 10) <= :month_end)",
            false => "",
        };
        let sql = scoped(&PER_VILLAGE.replace("WHERE {village}", &format!("WHERE {{village}}{entered}")), "village_id");
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let mut rows = stmt.query(args(&sql).as_slice())?;
        while let Some(r) = rows.next()? {
            let Some(id) = r.get::<_, Option<String>>(0)? else { continue };
            let f = &mut parts.entry(id).or_default().figures;
            let category: Option<String> = r.get(1)?;
            let (households, people): (i64, i64) = (r.get(2)?, r.get(3)?);
            f.households += households;
            if let Some(code) = category {
                f.monitored += households;
                f.monitored_people += people;
                f.by_category.push((code, households, people));
            }
            f.not_eliminated += r.get::<_, i64>(4)?;
            f.eliminated += r.get::<_, i64>(5)?;
            f.identified_this_month += r.get::<_, i64>(6)?;
            f.eliminated_this_month += r.get::<_, i64>(7)?;
            f.with_measure += r.get::<_, i64>(8)?;
            f.visits_required += r.get::<_, i64>(9)?;
            f.visited += r.get::<_, i64>(10)?;
            f.visits_overdue += r.get::<_, i64>(11)?;
        }
        drop(rows);
        if let Some(month) = period.past_month() {
            // A month gone by: what was due, visited and still owed as it ended,
            // from the dated visits under each household's rule as it applied then.
            for part in parts.values_mut() {
                (part.figures.visits_required, part.figures.visited, part.figures.visits_overdue) = (0, 0, 0);
            }
            for (id, v) in self.past_month_visits(month, village)? {
                let f = &mut parts.entry(id).or_default().figures;
                (f.visits_required, f.visited, f.visits_overdue) = (v.required, v.visited, v.overdue);
            }
        }
        let sql = scoped(VISITS_IN_MONTH, "v.id");
        for (id, _, n, _) in self.grouped(&sql, args(&sql).as_slice())? {
            parts.entry(id).or_default().figures.visits_this_month = n;
        }
        let sql = scoped(WITHDRAWN_IN_MONTH, "h.village_id");
        for (id, _, n, _) in self.grouped(&sql, args(&sql).as_slice())? {
            parts.entry(id).or_default().figures.withdrawn_this_month = n;
        }
        let sql = scoped(WARNINGS_BY_VILLAGE, "village_id");
        for (id, rule, n, _) in self.grouped(&sql, args(&sql).as_slice())? {
            parts.entry(id).or_default().warnings_by_rule.push((rule, n));
        }
        for part in parts.values_mut() {
            part.figures.without_measure = part.figures.monitored - part.figures.with_measure;
        }
        Ok(parts)
    }

    /// Rows of (group, subgroup, count, count).
    pub(super) fn grouped(&self, sql: &str, args: impl rusqlite::Params) -> Result<Vec<(String, String, i64, i64)>> {
        let mut stmt = self.conn.prepare_cached(sql)?;
        let rows = stmt.query_map(args, |r| {
            Ok((
                r.get::<_, Option<String>>(0)?.unwrap_or_default(),
                r.get::<_, Option<String>>(1)?.unwrap_or_default(),
                r.get::<_, Option<i64>>(2)?.unwrap_or(0),
                r.get::<_, Option<i64>>(3)?.unwrap_or(0),
            ))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

#[cfg(test)]
#[path = "overview_tests.rs"]
mod tests;
