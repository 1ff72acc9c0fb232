//! The month's work for the whole file or one assisting side (帮扶方, 帮扶力量):
//! projects by status, 开工率, money planned, arrived (by source, as the month
//! ended) and paid, 撬动, tasks — and a side's own month figures (docs/reports.md).

use super::Store;
use super::error::{Result, StoreError};
use super::overview::{Figures, MonthFigures, Period};
use crate::domain::dates::YearMonth;
use crate::domain::project::STARTED_STATUSES;
use crate::domain::side::Side;
use crate::domain::warnings::rule;
use chrono::NaiveDate;

/// Projects, money and tasks (for the whole file).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct WorkFigures {
    pub projects: i64,
    pub by_status: Vec<(String, i64)>,
    /// Planned to start in the month's year (计划开工时间, else 开工时间 where no plan
    /// was written), and of them started or later (开工率, docs/reports.md).
    pub planned_this_year: i64,
    pub started_this_year: i64,
    /// Projects with neither a planned nor an actual start month: counted in no
    /// year's 开工率, so said apart.
    pub without_start_month: i64,
    /// Their names, so a report can name them.
    #[serde(default)]
    pub without_start_names: Vec<String>,
    pub planned_fen: i64,
    /// Arrived by the month's end: the sum of the arrivals dated up to it.
    pub arrived_fen: i64,
    /// The same by source (code of vocabulary `fund_source`; empty for money whose
    /// source was not split, carried over from an older file), in the vocabulary's order.
    #[serde(default)]
    pub arrived_by_source: Vec<(String, i64)>,
    pub paid_fen: i64,
    /// Planned 帮扶方资金 and 社会/撬动资金 (撬动比 as planned).
    pub assisting_fen: i64,
    pub social_fen: i64,
    pub tasks_open: i64,
    pub tasks_closed_this_month: i64,
    pub tasks_overdue: i64,
    pub warnings_by_rule: Vec<(String, i64)>,
}

impl WorkFigures {
    /// Money arrived by the month's end from one source.
    pub fn arrived_from(&self, source: &str) -> i64 {
        self.arrived_by_source.iter().filter(|(s, _)| s == source).map(|(_, fen)| fen).sum()
    }

    /// 撬动资金 arrived, and 撬动比 on arrived money (社会/撬动资金 ÷ 帮扶方资金, in
    /// hundredths; none when no 帮扶方资金 has arrived).
    pub fn leveraged(&self) -> (i64, Option<i64>) {
        use crate::domain::project::{SOURCE_ASSISTING, SOURCE_SOCIAL};
        let social = self.arrived_from(SOURCE_SOCIAL);
        (social, crate::domain::money::leverage_hundredths(social, self.arrived_from(SOURCE_ASSISTING)))
    }
}

/// The conditions that keep one assisting side's projects and tasks (`1` for all),
/// and the value they compare with (the last parameter of their query): a project's
/// own 帮扶方 / 帮扶力量 where it names one, else its village's; a task of a village of
/// the side (the village it names, or its household's or project's).
fn side_scope(side: Option<&Side>) -> (String, String, Option<String>) {
    // Without a side, each still names its parameter (NULL): a query's parameters
    // are counted from the largest it names.
    let Some(side) = side else { return ("?2 IS NULL".into(), "?4 IS NULL".into(), None) };
    let (column, value) = side.column();
    let projects = format!(
        "(nullif({column}, '') = ?2 OR (coalesce({column}, '') = ''
            AND EXISTS (SELECT 1 FROM villages v WHERE v.id = projects.village_id AND {})))",
        super::sides::village_of_side(side, "?2")
    );
    let tasks = format!(
        "(CASE t.subject_kind WHEN 'village' THEN t.subject_id
            WHEN 'household' THEN (SELECT h.village_id FROM households h WHERE h.id = t.subject_id)
            WHEN 'project' THEN (SELECT p.village_id FROM projects p WHERE p.id = t.subject_id) END)
          IN (SELECT v.id FROM villages v WHERE v.deleted = 0 AND {})",
        super::sides::village_of_side(side, "?4")
    );
    (projects, tasks, Some(value.to_string()))
}

impl Store {
    /// The month's figures for one assisting side (帮扶方 or 帮扶力量): its villages, their
    /// sum and their warnings; its projects and money; the tasks of its villages.
    /// `None`: the whole ledger.
    pub fn month_figures_of(&self, month: YearMonth, today: NaiveDate, side: Option<&Side>) -> Result<MonthFigures> {
        let all = self.month_figures(month, today)?;
        let Some(side) = side else { return Ok(all) };
        let (_, value) = side.column();
        let ids: std::collections::HashSet<String> = self
            .conn
            .prepare_cached(&format!(
                "SELECT v.id FROM villages v WHERE v.deleted = 0 AND {}",
                super::sides::village_of_side(side, "?1")
            ))?
            .query_map([value], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let villages: Vec<Figures> = all.villages.into_iter().filter(|f| ids.contains(&f.village_id)).collect();
        let mut whole = Figures::default();
        for f in &villages {
            whole.add(f);
        }
        let period = Period::new(month, today);
        let mut work = self.work_figures(&period, Some(side))?;
        let mut by_rule: Vec<(String, i64)> = self
            .grouped(
                &format!(
                    "SELECT w.rule, '', count(*), 0 FROM derived_warnings w JOIN villages v ON v.id = w.village_id
                     WHERE {} AND (w.active_from IS NULL OR w.active_from <= ?1)
                         AND (w.active_until IS NULL OR w.active_until > ?1)
                     GROUP BY w.rule",
                    super::sides::village_of_side(side, "?2")
                ),
                [&period.today, value],
            )?
            .into_iter()
            .map(|(rule, _, n, _)| (rule, n))
            .collect();
        by_rule.sort_by_key(|(r, _)| rule::rank(r));
        work.warnings_by_rule = by_rule;
        Ok(MonthFigures { month: Some(month), whole, villages, work })
    }

    /// Today's projects by status, 开工率 of `year`, planned and paid money.
    fn project_figures(&self, year: &str, scope: &str, side: Option<&str>, w: &mut WorkFigures) -> Result<()> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT status, count(*), coalesce(sum(substr(coalesce(planned_start_month, start_month), 1, 4) = ?1), 0),
               coalesce(sum(fund_central_fen + fund_provincial_fen + fund_city_county_fen + fund_assisting_fen
                   + fund_social_fen + fund_other_fen), 0),
               coalesce(sum(paid_fen), 0),
               coalesce(sum(fund_assisting_fen), 0), coalesce(sum(fund_social_fen), 0),
               coalesce(sum(planned_start_month IS NULL AND start_month IS NULL), 0)
             FROM projects INDEXED BY projects_figures WHERE deleted = 0 AND {scope} GROUP BY status"
        ))?;
        let mut rows = stmt.query(rusqlite::params![year, side])?;
        while let Some(r) = rows.next()? {
            let status: Option<String> = r.get(0)?;
            let (count, this_year): (i64, i64) = (r.get(1)?, r.get(2)?);
            w.projects += count;
            w.planned_this_year += this_year;
            if status.as_deref().is_some_and(|s| STARTED_STATUSES.contains(&s)) {
                w.started_this_year += this_year;
            }
            // Sums that would not fit are said, never held at the limit (SQLite's own
            // sums refuse the same way).
            let add =
                |total: &mut i64, fen: i64| total.checked_add(fen).map(|t| *total = t).ok_or(StoreError::MoneyOverflow);
            add(&mut w.planned_fen, r.get(3)?)?;
            add(&mut w.paid_fen, r.get(4)?)?;
            add(&mut w.assisting_fen, r.get(5)?)?;
            add(&mut w.social_fen, r.get(6)?)?;
            w.without_start_month += r.get::<_, i64>(7)?;
            if let Some(status) = status {
                w.by_status.push((status, count));
            }
        }
        Ok(())
    }

    /// Money arrived by the month's end, by source, for the projects `scope` keeps.
    fn arrived_by_source(&self, period: &Period, scope: &str, side: Option<&str>, w: &mut WorkFigures) -> Result<()> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT coalesce(a.source, ''), coalesce(sum(a.amount_fen), 0)
             FROM fund_arrivals a INDEXED BY fund_arrivals_project JOIN projects ON projects.id = a.project_id
             LEFT JOIN vocab x ON x.list = 'fund_source' AND x.code = a.source
             WHERE a.deleted = 0 AND projects.deleted = 0 AND a.date <= ?1 AND {scope}
             GROUP BY 1 ORDER BY a.source IS NULL, min(x.sort), 1"
        ))?;
        let rows = stmt.query_map(rusqlite::params![&period.end, side], |r| Ok((r.get(0)?, r.get(1)?)))?;
        for row in rows {
            let (source, fen): (String, i64) = row?;
            w.arrived_fen = w.arrived_fen.checked_add(fen).ok_or(StoreError::MoneyOverflow)?;
            w.arrived_by_source.push((source, fen));
        }
        Ok(())
    }

    /// Projects, money and tasks for the whole file, or for one assisting side.
    pub(super) fn work_figures(&self, period: &Period, side: Option<&Side>) -> Result<WorkFigures> {
        // One pass over the projects, by status.
        let year = period.month.get(..4).unwrap_or_default();
        let mut w = WorkFigures::default();
        let (projects, tasks, value) = side_scope(side);
        if period.past_month {
            // A month gone by: the projects as they were when it ended.
            // and their money arrived by then.
            self.past_project_figures(period.of.last_day(), year, &projects, value.as_deref(), &mut w)?;
        } else {
            self.project_figures(year, &projects, value.as_deref(), &mut w)?;
            self.arrived_by_source(period, &projects, value.as_deref(), &mut w)?;
            w.without_start_names = self.projects_without_start(&projects, value.as_deref())?;
        }
        // Each count over an index (tasks_order, tasks_closed_on): tasks pile up over the years.
        if period.past_month {
            (w.tasks_open, w.tasks_closed_this_month, w.tasks_overdue) =
                self.past_tasks(&period.start, &period.end, tasks, value)?;
            return Ok(w);
        }
        let (open, closed, overdue) = self
            .conn
            .prepare_cached(&format!(
                "SELECT (SELECT count(*) FROM tasks t WHERE t.deleted = 0 AND (t.status IN ('done', 'closed')) = 0
                        AND {tasks}),
                    (SELECT count(*) FROM tasks t WHERE t.deleted = 0 AND t.closed_on BETWEEN ?1 AND ?2 AND {tasks}),
                    (SELECT count(*) FROM tasks t WHERE t.deleted = 0 AND (t.status IN ('done', 'closed')) = 0
                        AND (CASE WHEN t.status IN ('done', 'closed') THEN '' ELSE coalesce(t.deadline, '9999') END)
                            < ?3 AND {tasks})"
            ))?
            .query_row(rusqlite::params![&period.start, &period.end, &period.today, value], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })?;
        (w.tasks_open, w.tasks_closed_this_month, w.tasks_overdue) = (open, closed, overdue);
        Ok(w)
    }

    /// The projects with neither a planned nor an actual start month (of one side):
    /// no year's 开工率 counts them, so a report names them.
    fn projects_without_start(&self, projects: &str, value: Option<&str>) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT name FROM projects
             WHERE deleted = 0 AND planned_start_month IS NULL AND start_month IS NULL AND {projects} ORDER BY name"
        ))?;
        // The scope names the side as `?2`; `?1` is not read.
        let names = stmt.query_map(rusqlite::params![Option::<String>::None, value], |r| r.get(0))?;
        Ok(names.collect::<rusqlite::Result<_>>()?)
    }
}
