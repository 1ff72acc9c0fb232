//! The month's dispatch figures (月调度) as SQL aggregates: per village, then summed
//! for the whole file; projects, money and tasks; warnings by rule.

use super::Store;
use super::error::Result;
use crate::domain::dates::{YearMonth, format_date};
use crate::domain::project::STARTED_STATUSES;
use crate::domain::schedule::GROUP_MONITORED;
use crate::domain::warnings::rule;
use chrono::NaiveDate;
use rusqlite::{OptionalExtension, ToSql, named_params};
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
    /// Households that must be visited monthly, and of them visited this month.
    pub visits_required: i64,
    pub visited: i64,
    pub visits_this_month: i64,
    pub visits_overdue: i64,
}

impl Figures {
    fn add(&mut self, o: &Figures) {
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

/// Projects, money and tasks (for the whole file).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct WorkFigures {
    pub projects: i64,
    pub by_status: Vec<(String, i64)>,
    /// Planned for the month's year, and of them started or later (开工率).
    pub planned_this_year: i64,
    pub started_this_year: i64,
    pub planned_fen: i64,
    pub arrived_fen: i64,
    pub paid_fen: i64,
    pub assisting_fen: i64,
    pub social_fen: i64,
    pub tasks_open: i64,
    pub tasks_closed_this_month: i64,
    pub tasks_overdue: i64,
    pub warnings_by_rule: Vec<(String, i64)>,
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
/// table): the current month's visits are read from each household's last visit.
const PER_VILLAGE: &str = "
SELECT village_id, monitor_category,
  count(*),
  coalesce(sum(member_count), 0),
  coalesce(sum(monitor_category IS NOT NULL AND risk_eliminated = 0), 0),
  coalesce(sum(monitor_category IS NOT NULL AND risk_eliminated = 1), 0),
  coalesce(sum(monitor_category IS NOT NULL AND identified_month = :month), 0),
  coalesce(sum(monitor_category IS NOT NULL AND risk_eliminated = 1 AND eliminated_month = :month), 0),
  coalesce(sum(monitor_category IS NOT NULL AND first_measure <= :month_end), 0),
  coalesce(sum(visit_group = :monitored), 0),
  coalesce(sum(visit_group = :monitored AND last_visit BETWEEN :month_start AND :month_end), 0),
  coalesce(sum(next_due < :today), 0)
FROM derived_households INDEXED BY derived_households_figures
GROUP BY village_id, monitor_category";

/// Monitored households of each village visited in a past month (the last visit
/// says it only for the current one).
const VISITED_IN_MONTH: &str = "
SELECT f.village_id, '', count(DISTINCT x.household_id), 0
FROM visits x INDEXED BY visits_order JOIN derived_households f ON f.household_id = x.household_id
WHERE x.deleted = 0 AND x.date BETWEEN ?1 AND ?2 AND f.visit_group = ?3
GROUP BY f.village_id";

impl Store {
    /// The figures of a month for the whole file and for each village. They are kept
    /// in the file until a write changes the records (or the day changes), so the
    /// overview a session opens on shows at once.
    pub fn month_figures(&self, month: YearMonth, today: NaiveDate) -> Result<MonthFigures> {
        let key = format!("figures:{month}:{}", format_date(today));
        let writes = self.file_writes()?;
        let cached: Option<String> = self
            .conn
            .prepare_cached("SELECT value FROM derived_meta WHERE key = ?1")?
            .query_row([&key], |r| r.get(0))
            .optional()?;
        if let Some((at, figures)) = cached.as_deref().and_then(|c| c.split_once(' '))
            && at == writes.to_string()
            && let Ok(figures) = serde_json::from_str::<MonthFigures>(figures)
        {
            return Ok(figures);
        }
        let figures = self.count_month_figures(month, today)?;
        // Keeping them is a convenience: a read-only or busy file still shows them.
        let value = format!("{writes} {}", serde_json::to_string(&figures).unwrap_or_default());
        let _ = self.conn.execute(
            "INSERT INTO derived_meta (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [&key, &value],
        );
        Ok(figures)
    }

    fn count_month_figures(&self, month: YearMonth, today: NaiveDate) -> Result<MonthFigures> {
        let start = month.first_day();
        let end = start.checked_add_months(chrono::Months::new(1)).and_then(|d| d.pred_opt()).unwrap_or(start);
        let (m, s, e, t) = (month.to_string(), format_date(start), format_date(end), format_date(today));
        let mut villages = self.per_village(&m, &s, &e, &t)?;
        let index: HashMap<String, usize> =
            villages.iter().enumerate().map(|(i, f)| (f.village_id.clone(), i)).collect();
        let at = |id: &str| index.get(id).copied();
        if month != YearMonth::of(today) {
            for f in &mut villages {
                f.visited = 0;
            }
            for (village, _, n, _) in self.grouped(VISITED_IN_MONTH, &[&s, &e, &GROUP_MONITORED])? {
                if let Some(f) = at(&village).and_then(|i| villages.get_mut(i)) {
                    f.visited = n;
                }
            }
        }
        for (village, _, n, _) in self.grouped(
            "SELECT v.id, '', (SELECT count(*) FROM visits x INDEXED BY visits_village_live
                 WHERE x.deleted = 0 AND x.village_id = v.id AND x.date BETWEEN ?1 AND ?2), 0
             FROM villages v WHERE v.deleted = 0",
            &[&s, &e],
        )? {
            if let Some(f) = at(&village).and_then(|i| villages.get_mut(i)) {
                f.visits_this_month = n;
            }
        }
        for (village, _, n, _) in self.grouped(
            "SELECT h.village_id, '', count(*), 0 FROM monitoring_events e JOIN households h ON h.id = e.household_id
             WHERE e.deleted = 0 AND h.deleted = 0 AND e.step = 'withdraw' AND e.date BETWEEN ?1 AND ?2
             GROUP BY h.village_id",
            &[&s, &e],
        )? {
            if let Some(f) = at(&village).and_then(|i| villages.get_mut(i)) {
                f.withdrawn_this_month = n;
            }
        }
        let mut whole = Figures::default();
        for f in &mut villages {
            f.without_measure = f.monitored - f.with_measure;
            whole.add(f);
        }
        let work = self.work_figures(month, &s, &e, &t, today)?;
        Ok(MonthFigures { month: Some(month), whole, villages, work })
    }

    fn per_village(&self, month: &str, start: &str, end: &str, today: &str) -> Result<Vec<Figures>> {
        let mut villages: Vec<Figures> = self
            .conn
            .prepare_cached("SELECT id, name FROM villages WHERE deleted = 0 ORDER BY code IS NULL, code, name, id")?
            .query_map([], |r| Ok(Figures { village_id: r.get(0)?, village_name: r.get(1)?, ..Figures::default() }))?
            .collect::<rusqlite::Result<_>>()?;
        let index: HashMap<String, usize> =
            villages.iter().enumerate().map(|(i, f)| (f.village_id.clone(), i)).collect();
        let mut stmt = self.conn.prepare_cached(PER_VILLAGE)?;
        let mut rows = stmt.query(named_params! {":month": month, ":month_start": start, ":month_end": end,
        ":today": today, ":monitored": GROUP_MONITORED})?;
        while let Some(r) = rows.next()? {
            let village: Option<String> = r.get(0)?;
            let Some(f) = village.and_then(|v| index.get(&v).copied()).and_then(|i| villages.get_mut(i)) else {
                continue;
            };
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
        Ok(villages)
    }

    fn grouped(&self, sql: &str, args: &[&dyn ToSql]) -> Result<Vec<(String, String, i64, i64)>> {
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

    fn work_figures(
        &self,
        month: YearMonth,
        start: &str,
        end: &str,
        today: &str,
        day: NaiveDate,
    ) -> Result<WorkFigures> {
        // One pass over the projects, by status.
        let year = format!("{:04}", month.year);
        let mut w = WorkFigures::default();
        let mut stmt = self.conn.prepare_cached(
            "SELECT status, count(*), coalesce(sum(substr(start_month, 1, 4) = ?1), 0),
               coalesce(sum(fund_central_fen + fund_provincial_fen + fund_city_county_fen + fund_assisting_fen
                   + fund_social_fen + fund_other_fen), 0),
               coalesce(sum(arrived_fen), 0), coalesce(sum(paid_fen), 0),
               coalesce(sum(fund_assisting_fen), 0), coalesce(sum(fund_social_fen), 0)
             FROM projects INDEXED BY projects_figures WHERE deleted = 0 GROUP BY status",
        )?;
        let mut rows = stmt.query([&year])?;
        while let Some(r) = rows.next()? {
            let status: Option<String> = r.get(0)?;
            let (count, this_year): (i64, i64) = (r.get(1)?, r.get(2)?);
            w.projects += count;
            w.planned_this_year += this_year;
            if status.as_deref().is_some_and(|s| STARTED_STATUSES.contains(&s)) {
                w.started_this_year += this_year;
            }
            w.planned_fen = w.planned_fen.saturating_add(r.get(3)?);
            w.arrived_fen = w.arrived_fen.saturating_add(r.get(4)?);
            w.paid_fen = w.paid_fen.saturating_add(r.get(5)?);
            w.assisting_fen = w.assisting_fen.saturating_add(r.get(6)?);
            w.social_fen = w.social_fen.saturating_add(r.get(7)?);
            if let Some(status) = status {
                w.by_status.push((status, count));
            }
        }
        drop(rows);
        // Each count over an index (tasks_order, tasks_closed_on): tasks pile up over the years.
        let (open, closed, overdue) = self
            .conn
            .prepare_cached(
                "SELECT (SELECT count(*) FROM tasks t WHERE t.deleted = 0 AND (t.status IN ('done', 'closed')) = 0),
                    (SELECT count(*) FROM tasks t WHERE t.deleted = 0 AND t.closed_on BETWEEN ?1 AND ?2),
                    (SELECT count(*) FROM tasks t WHERE t.deleted = 0 AND (t.status IN ('done', 'closed')) = 0
                        AND (CASE WHEN t.status IN ('done', 'closed') THEN '' ELSE coalesce(t.deadline, '9999') END)
                            < ?3)",
            )?
            .query_row([start, end, today], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        (w.tasks_open, w.tasks_closed_this_month, w.tasks_overdue) = (open, closed, overdue);
        let mut by_rule = self.grouped(
            "SELECT rule, '', count(*), 0 FROM derived_warnings INDEXED BY derived_warnings_active
             WHERE (active_from IS NULL OR active_from <= ?1) AND (active_until IS NULL OR active_until > ?1)
             GROUP BY rule",
            &[&format_date(day)],
        )?;
        by_rule.sort_by_key(|(r, _, _, _)| rule::rank(r));
        w.warnings_by_rule = by_rule.into_iter().map(|(r, _, n, _)| (r, n)).collect();
        Ok(w)
    }
}
