//! What each village and each cadre did in a quarter or a year (季通报, 年考评;
//! docs/reports.md), counted from the dated records as each month stood — the same
//! counting as a past month's 月调度 (`past_month.rs`): visits month by month,
//! projects as they stood at the end (the op log), money as it had arrived, tasks
//! by their dates. A period still running is counted to today.

use super::Store;
use super::error::Result;
use crate::domain::assessment::{INDICATORS, Indicator, Period, Tally, parse_weight, weight_key};
use crate::domain::cooperation::{Party, Target, agreement_tally};
use crate::domain::dates::{YearMonth, format_date, stored_date};
use crate::domain::project::STARTED_STATUSES;
use chrono::NaiveDate;
use std::collections::{BTreeMap, HashMap};

/// A period's tallies: per village id, and per cadre (by name: a household's
/// 帮扶责任人, a task's 责任人).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PeriodTallies {
    pub villages: BTreeMap<String, Tally>,
    pub cadres: BTreeMap<String, Tally>,
    /// Each side's agreement at the end (by its name; only its `agreement_` figures).
    pub sides: BTreeMap<String, Tally>,
}

impl Store {
    /// Counts a period: visits month by month, monitoring and measures at its end,
    /// identifications and eliminations in it, tasks due by its end, projects planned
    /// to start in its year by its end.
    pub fn period_tallies(&self, period: Period, today: NaiveDate) -> Result<PeriodTallies> {
        let mut out = self.place_tallies(period, today)?;
        if let Some(last) = period.months_begun(YearMonth::of(today)).last() {
            self.tally_agreements(last.last_day().min(today), &mut out)?;
        }
        Ok(out)
    }

    /// A period's tallies of the villages and the cadres, without the sides' (what a
    /// publish sends: the roll-up ranks places; each side's agreement was a tenth of
    /// a publish's counting).
    pub fn place_tallies(&self, period: Period, today: NaiveDate) -> Result<PeriodTallies> {
        let mut out = PeriodTallies::default();
        let months = period.months_begun(YearMonth::of(today));
        let (Some(first), Some(last)) = (months.first().copied(), months.last().copied()) else {
            return Ok(out);
        };
        let end = last.last_day().min(today);
        self.tally_households(&months, today, &mut out)?;
        self.tally_tasks(first.first_day(), end, &mut out)?;
        self.tally_projects(period.year(), last, end, &mut out)?;
        Ok(out)
    }

    /// Each side's agreement at `end`: its targets of that year against what its
    /// records count from 1 January to `end` (`agreement_tally`).
    fn tally_agreements(&self, end: NaiveDate, out: &mut PeriodTallies) -> Result<()> {
        for party in self.all::<Party>()? {
            let targets: Vec<Target> = self.children("party_id", &party.id, "ORDER BY t.created_at, t.id")?;
            if targets.is_empty() {
                continue;
            }
            let (agreement_bp, agreement_whole) = agreement_tally(&targets, &self.side_records(&party)?, end);
            if agreement_whole > 0 {
                let t = Tally { agreement_bp, agreement_whole, ..Tally::default() };
                out.sides.entry(party.name).or_default().add(&t);
            }
        }
        Ok(())
    }

    fn tally_households(&self, months: &[YearMonth], today: NaiveDate, out: &mut PeriodTallies) -> Result<()> {
        let Some(last) = months.last().copied() else { return Ok(()) };
        let end = last.last_day().min(today);
        let book = self.visit_book(None, end)?;
        let measured = self.first_measures()?;
        let (from, to) = (months.first().copied().unwrap_or(last), last);
        // (A book read to a later day holds households entered after the period.)
        for h in book.households_by(end) {
            let mut t = Tally::default();
            for month in months {
                let month_end = month.last_day().min(today);
                if !book.entered_by(h, month_end) {
                    continue;
                }
                if let Some(v) = book.month(h, *month, month_end) {
                    t.visits_due += v.required;
                    t.visits_done += v.visited;
                    if *month == last {
                        t.due_end = v.required;
                        t.overdue_end = v.overdue;
                    }
                }
            }
            let then = h.as_of(last);
            if then.is_monitored() {
                t.monitored_end = 1;
                t.with_measure_end = i64::from(measured.get(&h.id).is_some_and(|d| *d <= end));
                t.identified = i64::from(then.identified_month.is_some_and(|m| m >= from && m <= to));
                t.eliminated =
                    i64::from(then.risk_eliminated && then.eliminated_month.is_some_and(|m| m >= from && m <= to));
            }
            out.villages.entry(h.village_id.clone()).or_default().add(&t);
            if !h.helper.trim().is_empty() {
                out.cadres.entry(h.helper.trim().to_string()).or_default().add(&t);
            }
        }
        Ok(())
    }

    /// The day each household's first measure began.
    fn first_measures(&self) -> Result<HashMap<String, NaiveDate>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT household_id, min(start_date) FROM measures WHERE deleted = 0 GROUP BY household_id",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?)))?;
        let mut out = HashMap::new();
        for row in rows {
            let (id, day) = row?;
            if let Some(day) = day.as_deref().and_then(stored_date) {
                out.insert(id, day);
            }
        }
        Ok(out)
    }

    /// Tasks due by the period's end (entered by then, not closed before it began, not
    /// deleted by then), of them closed by its end (销号日期 by then), and those still
    /// open past their deadline at its end; per village (of the village, household or
    /// project they concern) and per 责任人 (as written today).
    fn tally_tasks(&self, start: NaiveDate, end: NaiveDate, out: &mut PeriodTallies) -> Result<()> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT CASE t.subject_kind WHEN 'village' THEN t.subject_id
                        WHEN 'household' THEN (SELECT village_id FROM households WHERE id = t.subject_id)
                        WHEN 'project' THEN (SELECT village_id FROM projects WHERE id = t.subject_id) END,
                    t.owner,
                    coalesce(t.closed_on <= ?2 OR (t.closed_on IS NULL AND t.status IN ('done', 'closed')), 0)
             FROM tasks t
             WHERE (t.deleted = 0 OR EXISTS (SELECT 1 FROM ops o INDEXED BY ops_record
                        WHERE o.record_id = t.id AND o.field = 'deleted' AND o.hlc >= ?3))
                 AND t.deadline IS NOT NULL AND t.deadline <= ?2
                 AND substr(t.created_at, 1, 10) <= ?2 AND (t.closed_on IS NULL OR t.closed_on >= ?1)",
        )?;
        // A task deleted after the period was on the list in it.
        let after = super::past_month::ops_after(end);
        let (start, end) = (format_date(start), format_date(end));
        let rows = stmt.query_map([&start, &end, &after], |r| {
            Ok((r.get::<_, Option<String>>(0)?, r.get::<_, String>(1)?, r.get::<_, bool>(2)?))
        })?;
        for row in rows {
            let (village, owner, closed) = row?;
            let t = Tally {
                tasks_due: 1,
                tasks_closed: i64::from(closed),
                tasks_overdue_end: i64::from(!closed),
                ..Tally::default()
            };
            if let Some(village) = village {
                out.villages.entry(village).or_default().add(&t);
            }
            if !owner.trim().is_empty() {
                out.cadres.entry(owner.trim().to_string()).or_default().add(&t);
            }
        }
        Ok(())
    }

    /// Per village: the projects planned to start in the period's year by its last
    /// month (计划开工时间, else 开工时间) and of them started (a started status), as
    /// they stood at `end` (past_month.rs); their planned money and what of it had
    /// arrived by then.
    fn tally_projects(&self, year: i32, last: YearMonth, end: NaiveDate, out: &mut PeriodTallies) -> Result<()> {
        let projects = self.projects_then(end, "?2 IS NULL", None)?;
        let (first, last) = (format!("{year:04}-01"), last.to_string());
        let planned: Vec<&super::past_month::ProjectThen> = projects
            .iter()
            .filter(|p| {
                let month = p.planned_start_month.as_ref().or(p.start_month.as_ref());
                month.is_some_and(|m| *m >= first && *m <= last) && p.village_id.is_some()
            })
            .collect();
        let held: std::collections::HashSet<&str> = planned.iter().map(|p| p.id.as_str()).collect();
        let arrived = self.arrived_per_project(end, &held)?;
        for p in planned {
            let started = p.status.as_deref().is_some_and(|s| STARTED_STATUSES.contains(&s));
            let t = Tally {
                projects_planned: 1,
                projects_started: i64::from(started),
                planned_fen: p.funds.iter().fold(0i64, |sum, f| sum.saturating_add(*f)),
                arrived_fen: arrived.get(p.id.as_str()).copied().unwrap_or(0),
                ..Tally::default()
            };
            out.villages.entry(p.village_id.clone().unwrap_or_default()).or_default().add(&t);
        }
        Ok(())
    }

    /// Money arrived by `end` for each of the projects `held`.
    fn arrived_per_project(
        &self,
        end: NaiveDate,
        held: &std::collections::HashSet<&str>,
    ) -> Result<HashMap<String, i64>> {
        let mut out: HashMap<String, i64> = HashMap::new();
        for (project, _, fen) in self.arrivals_until(end)? {
            if held.contains(project.as_str()) {
                let sum = out.entry(project).or_default();
                *sum = sum.saturating_add(fen);
            }
        }
        Ok(out)
    }
}

impl Store {
    /// Each indicator with its weight: the ledger's setting (`assessment_weight:…`,
    /// written on 设置), else the documented default.
    pub fn assessment_weights(&self) -> Result<Vec<(Indicator, u32)>> {
        INDICATORS
            .iter()
            .map(|i| {
                let kept = self.setting(&weight_key(i))?;
                Ok((*i, kept.and_then(|t| parse_weight(&t)).unwrap_or(i.default_weight)))
            })
            .collect()
    }
}
