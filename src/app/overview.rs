//! The monthly figures of the overview (月调度), for the whole file and per village.
//! Each is counted from the same records the lists show, so the two always agree.
//! The records are indexed once per month, so a county's figures cost one pass.

use super::ledger::Ledger;
use crate::domain::dates::YearMonth;
use crate::domain::household::Household;
use crate::domain::monitoring::Step;
use crate::domain::schedule::{GROUP_MONITORED, group_of};
use crate::domain::warnings::count_by_rule;
use chrono::NaiveDate;
use std::collections::HashMap;

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

/// Everything the month's figures need, per household.
#[derive(Default)]
struct PerHousehold {
    first_measure: Option<NaiveDate>,
    people: usize,
    visits_in_month: usize,
    withdrawn_in_month: usize,
}

/// The month's figures: the whole file and each village.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MonthFigures {
    pub month: Option<YearMonth>,
    pub whole: Figures,
    pub villages: Vec<Figures>,
    pub work: WorkFigures,
}

const STARTED: [&str; 4] = ["started", "completed", "accepted", "handed_over"];

fn in_month(date: NaiveDate, month: YearMonth) -> bool {
    YearMonth::of(date) == month
}

fn index(l: &Ledger, month: YearMonth) -> HashMap<&str, PerHousehold> {
    let mut per: HashMap<&str, PerHousehold> = HashMap::new();
    for m in &l.work.measures {
        let entry = per.entry(m.household_id.as_str()).or_default();
        entry.first_measure = Some(entry.first_measure.map_or(m.start, |d| d.min(m.start)));
    }
    for m in &l.members {
        per.entry(m.household_id.as_str()).or_default().people += 1;
    }
    for v in l.visits.iter().filter(|v| in_month(v.date, month)) {
        if let Some(h) = v.household_id.as_deref() {
            per.entry(h).or_default().visits_in_month += 1;
        }
    }
    for e in l.work.events.iter().filter(|e| e.step() == Some(Step::Withdraw) && in_month(e.date, month)) {
        per.entry(e.household_id.as_str()).or_default().withdrawn_in_month += 1;
    }
    per
}

fn add(
    f: &mut Figures,
    h: &Household,
    p: Option<&PerHousehold>,
    categories: &[String],
    l: &Ledger,
    month: YearMonth,
    month_end: NaiveDate,
) {
    let people = p.map_or(0, |p| p.people);
    f.households += 1;
    f.withdrawn_this_month += p.map_or(0, |p| p.withdrawn_in_month);
    f.visits_this_month += p.map_or(0, |p| p.visits_in_month);
    if l.work.dues.get(&h.id).is_some_and(|d| d.is_overdue()) {
        f.visits_overdue += 1;
    }
    if group_of(h) == GROUP_MONITORED {
        f.visits_required += 1;
        f.visited += p.is_some_and(|p| p.visits_in_month > 0) as usize;
    }
    if !h.is_monitored() {
        return;
    }
    f.monitored += 1;
    f.monitored_people += people;
    if let Some(slot) = categories.iter().position(|c| h.monitor_category.as_deref() == Some(c)) {
        f.by_category[slot].1 += 1;
        f.by_category[slot].2 += people;
    }
    if h.risk_eliminated {
        f.eliminated += 1;
        f.eliminated_this_month += (h.eliminated_month == Some(month)) as usize;
    } else {
        f.not_eliminated += 1;
    }
    f.identified_this_month += (h.identified_month == Some(month)) as usize;
    if p.and_then(|p| p.first_measure).is_some_and(|d| d <= month_end) {
        f.with_measure += 1;
    } else {
        f.without_measure += 1;
    }
}

/// The month's figures for the whole file and for each village, in one pass.
pub fn month_figures(
    l: &Ledger,
    categories: &[String],
    statuses: &[String],
    month: YearMonth,
    today: NaiveDate,
) -> MonthFigures {
    let month_end =
        month.first_day().checked_add_months(chrono::Months::new(1)).and_then(|d| d.pred_opt()).unwrap_or(today);
    let per = index(l, month);
    let empty =
        || Figures { by_category: categories.iter().map(|c| (c.clone(), 0, 0)).collect(), ..Figures::default() };
    let mut whole = empty();
    let mut villages: Vec<Figures> = l.villages.iter().map(|_| empty()).collect();
    for h in &l.households {
        let p = per.get(h.id.as_str());
        add(&mut whole, h, p, categories, l, month, month_end);
        if let Some(v) = l.village_position(&h.village_id) {
            add(&mut villages[v], h, p, categories, l, month, month_end);
        }
    }
    MonthFigures { month: Some(month), whole, villages, work: work_figures(l, statuses, month, today) }
}

fn work_figures(l: &Ledger, statuses: &[String], month: YearMonth, today: NaiveDate) -> WorkFigures {
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
