//! The monitoring work held in memory: measures, incomes, workflow steps, lines,
//! visit rules, tasks and people, with what follows from them — each household's
//! visit due date and the data-quality warnings — recomputed after every change.

use super::ledger::Ledger;
use crate::domain::cadre::Cadre;
use crate::domain::household::Household;
use crate::domain::income::{Income, Threshold, income_for, line_for};
use crate::domain::measure::Measure;
use crate::domain::monitoring::MonitoringEvent;
use crate::domain::schedule::{Due, VisitRule, due};
use crate::domain::task::{Task, TaskNote};
use crate::domain::warnings::{Facts, Warning, last_visits, warnings};
use crate::store::{Result, Store};
use chrono::NaiveDate;
use std::collections::HashMap;

#[derive(Default)]
pub struct Work {
    pub measures: Vec<Measure>,
    pub incomes: Vec<Income>,
    pub events: Vec<MonitoringEvent>,
    pub thresholds: Vec<Threshold>,
    pub rules: Vec<VisitRule>,
    pub tasks: Vec<Task>,
    pub task_notes: Vec<TaskNote>,
    pub cadres: Vec<Cadre>,
    /// Derived: every warning of the ledger, and each household's visit due date.
    pub warnings: Vec<Warning>,
    pub dues: HashMap<String, Due>,
    /// The overview's figures, kept until the records or the month change.
    pub month_figures: std::cell::RefCell<Option<super::overview::MonthFigures>>,
}

impl Work {
    pub fn load(store: &Store) -> Result<Work> {
        let mut work = Work {
            measures: store.load_all()?,
            incomes: store.load_all()?,
            events: store.load_all()?,
            thresholds: store.load_all()?,
            rules: store.load_all()?,
            tasks: store.load_all()?,
            task_notes: store.load_all()?,
            cadres: store.load_all()?,
            ..Work::default()
        };
        work.measures.sort_by_key(|m| m.start);
        work.events.sort_by(|a, b| (a.episode, a.date, &a.id).cmp(&(b.episode, b.date, &b.id)));
        work.tasks.sort_by(task_order);
        work.task_notes.sort_by_key(|n| n.date);
        work.cadres.sort_by(|a, b| a.name.cmp(&b.name));
        work.thresholds.sort_by(|a, b| (&a.province, b.year).cmp(&(&b.province, a.year)));
        Ok(work)
    }
}

/// Open tasks first, by deadline (none last); closed ones after, newest first.
fn task_order(a: &Task, b: &Task) -> std::cmp::Ordering {
    let key =
        |t: &Task| (!t.is_open(), t.deadline.is_none(), if t.is_open() { t.deadline } else { None }, t.id.clone());
    key(a).cmp(&key(b))
}

impl Ledger {
    /// Recomputes visit due dates and warnings from the records.
    pub fn derive(&mut self, today: NaiveDate) {
        self.work.month_figures.replace(None);
        let last = last_visits(&self.visits);
        self.work.dues = self
            .households
            .iter()
            .filter_map(|h| {
                due(h, last.get(h.id.as_str()).copied(), &self.work.rules, today).map(|d| (h.id.clone(), d))
            })
            .collect();
        self.work.warnings = warnings(&Facts {
            villages: &self.villages,
            households: &self.households,
            members: &self.members,
            measures: &self.work.measures,
            incomes: &self.work.incomes,
            thresholds: &self.work.thresholds,
            last_visits: &last,
            rules: &self.work.rules,
            today,
        });
    }

    pub fn measures_of(&self, household_id: &str) -> Vec<&Measure> {
        self.work.measures.iter().filter(|m| m.household_id == household_id).collect()
    }

    pub fn incomes_of(&self, household_id: &str) -> Vec<&Income> {
        let mut incomes: Vec<&Income> = self.work.incomes.iter().filter(|i| i.household_id == household_id).collect();
        incomes.sort_by_key(|i| std::cmp::Reverse((i.year, !i.before_identification)));
        incomes
    }

    pub fn events_of(&self, household_id: &str) -> Vec<&MonitoringEvent> {
        self.work.events.iter().filter(|e| e.household_id == household_id).collect()
    }

    pub fn warnings_of(&self, household_id: &str) -> Vec<&Warning> {
        self.work.warnings.iter().filter(|w| w.household_id.as_deref() == Some(household_id)).collect()
    }

    pub fn tasks_about(&self, subject_id: &str) -> Vec<&Task> {
        self.work.tasks.iter().filter(|t| t.subject_id.as_deref() == Some(subject_id)).collect()
    }

    pub fn notes_of(&self, task_id: &str) -> Vec<&TaskNote> {
        self.work.task_notes.iter().filter(|n| n.task_id == task_id).collect()
    }

    /// Two-digit province code of a household's village, for its monitoring line.
    pub fn province_of(&self, h: &Household) -> String {
        self.village(&h.village_id).and_then(|v| v.code.as_deref()).map_or(String::new(), |c| c[..2].to_string())
    }

    /// 人均纯收入 for a year and the line it is judged against.
    pub fn income_figures(&self, h: &Household, year: i64) -> (Option<i64>, Option<&Threshold>) {
        let members = self.members_of(&h.id).len();
        let per_capita = income_for(&self.work.incomes, &h.id, year).and_then(|i| i.per_capita_fen(members));
        (per_capita, line_for(&self.work.thresholds, &self.province_of(h), year))
    }

    /// Households due for a visit (overdue or due within the week), most overdue first.
    pub fn due_households(&self, today: NaiveDate) -> Vec<usize> {
        let mut due: Vec<(i64, NaiveDate, usize)> = self
            .households
            .iter()
            .enumerate()
            .filter_map(|(i, h)| {
                self.work.dues.get(&h.id).filter(|d| d.is_due(today)).map(|d| (d.days_overdue, d.next_due, i))
            })
            .collect();
        due.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
        due.into_iter().map(|(_, _, i)| i).collect()
    }

    /// This year's monitoring line is missing for a province with monitored households
    /// (the `line-missing` warning, so the notice and the warning always agree).
    pub fn line_missing(&self) -> bool {
        self.work.warnings.iter().any(|w| w.rule == crate::domain::warnings::rule::LINE_MISSING)
    }

    pub fn put_measure(&mut self, m: Measure) {
        upsert(&mut self.work.measures, m, |x| &x.id);
        self.work.measures.sort_by_key(|m| m.start);
    }

    pub fn put_income(&mut self, i: Income) {
        upsert(&mut self.work.incomes, i, |x| &x.id);
    }

    pub fn put_event(&mut self, e: MonitoringEvent) {
        upsert(&mut self.work.events, e, |x| &x.id);
        self.work.events.sort_by(|a, b| (a.episode, a.date, &a.id).cmp(&(b.episode, b.date, &b.id)));
    }

    pub fn put_task(&mut self, t: Task) {
        upsert(&mut self.work.tasks, t, |x| &x.id);
        self.work.tasks.sort_by(task_order);
    }

    pub fn put_task_note(&mut self, n: TaskNote) {
        upsert(&mut self.work.task_notes, n, |x| &x.id);
        self.work.task_notes.sort_by_key(|n| n.date);
    }

    pub fn put_cadre(&mut self, c: Cadre) {
        upsert(&mut self.work.cadres, c, |x| &x.id);
        self.work.cadres.sort_by(|a, b| a.name.cmp(&b.name));
    }

    pub fn put_threshold(&mut self, t: Threshold) {
        upsert(&mut self.work.thresholds, t, |x| &x.id);
    }

    pub fn put_rule(&mut self, r: VisitRule) {
        upsert(&mut self.work.rules, r, |x| &x.id);
    }

    /// Forgets deleted monitoring-work records.
    pub fn forget_work(&mut self, ids: &[String]) {
        let w = &mut self.work;
        w.measures.retain(|x| !ids.contains(&x.id));
        w.incomes.retain(|x| !ids.contains(&x.id));
        w.events.retain(|x| !ids.contains(&x.id));
        w.thresholds.retain(|x| !ids.contains(&x.id));
        w.tasks.retain(|x| !ids.contains(&x.id));
        w.task_notes.retain(|x| !ids.contains(&x.id));
        w.cadres.retain(|x| !ids.contains(&x.id));
    }
}

fn upsert<T>(list: &mut Vec<T>, item: T, id: impl Fn(&T) -> &String) {
    match list.iter().position(|x| id(x) == id(&item)) {
        Some(i) => list[i] = item,
        None => list.push(item),
    }
}
