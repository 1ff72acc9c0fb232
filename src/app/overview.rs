//! The monthly figures of the overview (月调度), for the whole file and per village.
//! Each is counted from the same records the lists show, so the two always agree.

use super::ledger::Ledger;
use crate::domain::dates::YearMonth;
use crate::domain::household::Household;
use crate::domain::monitoring::Step;
use crate::domain::schedule::{GROUP_MONITORED, group_of};
use crate::domain::warnings::count_by_rule;
use chrono::NaiveDate;
use std::collections::HashSet;

/// Figures for one scope (the whole file, or one village) and one month.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Figures {
    pub households: usize,
    pub monitored: usize,
    pub monitored_people: usize,
    /// Monitored households and people by 监测对象类别 code, in vocabulary order.
    pub by_category: Vec<(String, usize, usize)>,
    pub not_eliminated: usize,
    pub eliminated: usize,
    pub identified_this_month: usize,
    pub eliminated_this_month: usize,
    pub withdrawn_this_month: usize,
    /// Monitored households with and without a measure delivered by the end of the month.
    pub with_measure: usize,
    pub without_measure: usize,
    /// Households that must be visited monthly, and of them visited this month.
    pub visits_required: usize,
    pub visited: usize,
    pub visits_this_month: usize,
    pub visits_overdue: usize,
}

/// Projects, money and tasks (for the whole file).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WorkFigures {
    pub projects: usize,
    pub by_status: Vec<(String, usize)>,
    /// Planned for the month's year, and of them started or later (开工率).
    pub planned_this_year: usize,
    pub started_this_year: usize,
    pub planned_fen: i64,
    pub arrived_fen: i64,
    pub paid_fen: i64,
    pub assisting_fen: i64,
    pub social_fen: i64,
    pub tasks_open: usize,
    pub tasks_closed_this_month: usize,
    pub tasks_overdue: usize,
    pub warnings_by_rule: Vec<(&'static str, usize)>,
}

const STARTED: [&str; 4] = ["started", "completed", "accepted", "handed_over"];

fn in_month(date: NaiveDate, month: YearMonth) -> bool {
    YearMonth::of(date) == month
}

/// Figures of the households `include` lets through.
pub fn figures(
    l: &Ledger,
    categories: &[String],
    month: YearMonth,
    today: NaiveDate,
    include: impl Fn(&Household) -> bool,
) -> Figures {
    let month_end =
        month.first_day().checked_add_months(chrono::Months::new(1)).and_then(|d| d.pred_opt()).unwrap_or(today);
    let households: Vec<&Household> = l.households.iter().filter(|h| include(h)).collect();
    let ids: HashSet<&str> = households.iter().map(|h| h.id.as_str()).collect();
    let monitored: Vec<&&Household> = households.iter().filter(|h| h.is_monitored()).collect();
    let monitored_ids: HashSet<&str> = monitored.iter().map(|h| h.id.as_str()).collect();
    let active: Vec<&&&Household> = monitored.iter().filter(|h| !h.risk_eliminated).collect();
    let delivered =
        |h: &Household| l.work.measures.iter().any(|m| m.household_id == h.id && m.delivered_by_day(month_end));
    let with_measure = monitored.iter().filter(|h| delivered(h)).count();
    let required: Vec<&&Household> = households.iter().filter(|h| group_of(h) == GROUP_MONITORED).collect();
    let visits_now: Vec<_> = l
        .visits
        .iter()
        .filter(|v| in_month(v.date, month) && v.household_id.as_deref().is_some_and(|h| ids.contains(h)))
        .collect();
    let visited: HashSet<&str> = visits_now.iter().filter_map(|v| v.household_id.as_deref()).collect();
    Figures {
        households: households.len(),
        monitored: monitored.len(),
        monitored_people: l.members.iter().filter(|m| monitored_ids.contains(m.household_id.as_str())).count(),
        by_category: categories
            .iter()
            .map(|c| {
                let of: HashSet<&str> = monitored
                    .iter()
                    .filter(|h| h.monitor_category.as_deref() == Some(c))
                    .map(|h| h.id.as_str())
                    .collect();
                (c.clone(), of.len(), l.members.iter().filter(|m| of.contains(m.household_id.as_str())).count())
            })
            .collect(),
        not_eliminated: active.len(),
        eliminated: monitored.len() - active.len(),
        identified_this_month: monitored.iter().filter(|h| h.identified_month == Some(month)).count(),
        eliminated_this_month: monitored
            .iter()
            .filter(|h| h.risk_eliminated && h.eliminated_month == Some(month))
            .count(),
        withdrawn_this_month: l
            .work
            .events
            .iter()
            .filter(|e| {
                e.step() == Some(Step::Withdraw) && in_month(e.date, month) && ids.contains(e.household_id.as_str())
            })
            .count(),
        with_measure,
        without_measure: monitored.len() - with_measure,
        visits_required: required.len(),
        visited: required.iter().filter(|h| visited.contains(h.id.as_str())).count(),
        visits_this_month: visits_now.len(),
        visits_overdue: households.iter().filter(|h| l.work.dues.get(&h.id).is_some_and(|d| d.is_overdue())).count(),
    }
}

pub fn work_figures(l: &Ledger, statuses: &[String], month: YearMonth, today: NaiveDate) -> WorkFigures {
    let this_year: Vec<_> = l.projects.iter().filter(|p| p.start_month.is_some_and(|m| m.year == month.year)).collect();
    let sum = |f: &dyn Fn(&crate::domain::project::Project) -> i64| l.projects.iter().map(f).sum::<i64>();
    WorkFigures {
        projects: l.projects.len(),
        by_status: statuses
            .iter()
            .map(|s| (s.clone(), l.projects.iter().filter(|p| p.status.as_deref() == Some(s)).count()))
            .filter(|(_, n)| *n > 0)
            .collect(),
        planned_this_year: this_year.len(),
        started_this_year: this_year
            .iter()
            .filter(|p| p.status.as_deref().is_some_and(|s| STARTED.contains(&s)))
            .count(),
        planned_fen: sum(&|p| p.planned_total_fen()),
        arrived_fen: sum(&|p| p.arrived_fen),
        paid_fen: sum(&|p| p.paid_fen),
        assisting_fen: sum(&|p| p.funds_fen[3]),
        social_fen: sum(&|p| p.funds_fen[4]),
        tasks_open: l.work.tasks.iter().filter(|t| t.is_open()).count(),
        tasks_closed_this_month: l
            .work
            .tasks
            .iter()
            .filter(|t| t.closed_on.is_some_and(|d| in_month(d, month)))
            .count(),
        tasks_overdue: l.work.tasks.iter().filter(|t| t.is_overdue(today)).count(),
        warnings_by_rule: count_by_rule(&l.work.warnings),
    }
}
