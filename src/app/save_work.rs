//! Saving the monitoring work: steps checked against the workflow and, for an
//! elimination, against every rule of domain.md §3.4; the simpler records as they are.

use super::forms::split_subject;
use super::ledger::Ledger;
use super::save::{SaveFailure, persist};
use super::{App, FormKind};
use crate::domain::Record;
use crate::domain::cadre::Cadre;
use crate::domain::elimination::{EliminationCase, check_elimination};
use crate::domain::income::{Income, Threshold};
use crate::domain::measure::Measure;
use crate::domain::monitoring::{MonitoringEvent, Step, StepProblem, apply_step, check_step, episode_for};
use crate::domain::schedule::VisitRule;
use crate::domain::task::{Task, TaskNote};
use crate::domain::vocab::list;
use crate::domain::{Draft, dates::format_date};
use crate::ui::warning_text::failure_text;

impl App {
    pub(super) fn save_work(&mut self, kind: FormKind, id: &str, d: &Draft) -> Result<String, SaveFailure> {
        match kind {
            FormKind::Step => self.save_step(d),
            FormKind::Measure => self.save_simple(Measure::from_draft(id, d)?, Ledger::put_measure),
            FormKind::Income => self.save_simple(Income::from_draft(id, d)?, Ledger::put_income),
            FormKind::Task => {
                let mut d = d.clone();
                split_subject(&mut d);
                self.save_simple(Task::from_draft(id, &d)?, Ledger::put_task)
            }
            FormKind::TaskNote => self.save_simple(TaskNote::from_draft(id, d)?, Ledger::put_task_note),
            FormKind::Cadre => self.save_simple(Cadre::from_draft(id, d)?, Ledger::put_cadre),
            FormKind::Threshold => self.save_simple(Threshold::from_draft(id, d)?, Ledger::put_threshold),
            FormKind::VisitRule => self.save_simple(VisitRule::from_draft(id, d)?, Ledger::put_rule),
            _ => Ok(String::new()),
        }
    }

    /// A record that only needs saving and showing: new when it has no id yet.
    fn save_simple<T: Record>(&mut self, mut record: T, put: fn(&mut Ledger, T)) -> Result<String, SaveFailure> {
        let is_new = record.id().is_empty();
        let id = persist(&mut self.store, &mut record, is_new)?;
        put(&mut self.ledger, record);
        Ok(id)
    }

    /// Records a step and what it changes on the household, in one transaction —
    /// or refuses it with every reason.
    fn save_step(&mut self, d: &Draft) -> Result<String, SaveFailure> {
        let mut event = MonitoringEvent::from_draft("", d)?;
        let Some(household) = self.ledger.household(&event.household_id).cloned() else {
            return Err(SaveFailure::Refused { title: self.t("message.not_saved").into(), lines: vec![] });
        };
        let Some(step) = event.step() else { return Ok(String::new()) };
        let events = self.ledger.events_of(&household.id);
        let problems = check_step(&household, &events, step, event.date);
        if !problems.is_empty() {
            let lines = problems.iter().map(|p| self.step_problem_text(p)).collect();
            return Err(SaveFailure::Refused { title: self.t("message.step_refused").into(), lines });
        }
        if step == Step::Eliminate {
            let month = event.month.unwrap_or(crate::domain::dates::YearMonth::of(event.date));
            self.guard_elimination(&household, month, event.method.as_deref().unwrap_or(""))?;
        }
        event.episode = episode_for(&events, step);
        let mut updated = household.clone();
        apply_step(&mut updated, &event);
        let id = self.store.write(|w| {
            let id = w.insert(&mut event)?;
            w.update(&updated)?;
            Ok(id)
        })?;
        self.ledger.put_event(event);
        self.ledger.put_household(updated);
        Ok(id)
    }

    /// Every criterion of §3.4 for eliminating in `month`; refused with each failing one.
    fn guard_elimination(
        &self,
        h: &crate::domain::household::Household,
        month: crate::domain::dates::YearMonth,
        method: &str,
    ) -> Result<(), SaveFailure> {
        let measures = self.ledger.measures_of(&h.id);
        let (per_capita, line) = self.ledger.income_figures(h, month.year as i64);
        let income_recorded = self.ledger.incomes_of(&h.id).iter().any(|i| i.year <= month.year as i64);
        let case = EliminationCase {
            household: h,
            measures: &measures,
            per_capita_fen: per_capita,
            income_recorded,
            line,
            month,
            method,
        };
        let failures = check_elimination(&case);
        if failures.is_empty() {
            return Ok(());
        }
        let lines = failures.iter().map(|f| format!("✗ {}", failure_text(self.labels, f))).collect();
        Err(SaveFailure::Refused { title: self.t("message.elimination_refused").into(), lines })
    }

    /// The elimination a household form asks for, checked like the step; the event to record.
    pub(super) fn elimination_from_form(
        &self,
        h: &crate::domain::household::Household,
    ) -> Result<MonitoringEvent, SaveFailure> {
        let month = h.eliminated_month.unwrap_or(crate::domain::dates::YearMonth::of(self.today));
        let method = h.elimination_method.clone().unwrap_or_default();
        self.guard_elimination(h, month, &method)?;
        let events = self.ledger.events_of(&h.id);
        Ok(MonitoringEvent {
            household_id: h.id.clone(),
            episode: episode_for(&events, Step::Eliminate),
            step: Step::Eliminate.code().into(),
            date: self.today,
            month: Some(month),
            method: Some(method),
            by: h.helper.clone(),
            note: self.t("step.from_household_form").into(),
            ..MonitoringEvent::default()
        })
    }

    fn step_problem_text(&self, p: &StepProblem) -> String {
        let step_label = |s: Step| self.vocab.label(list::MONITORING_STEP, s.code(), self.lang).to_string();
        match p {
            StepProblem::OutOfOrder { last, allowed } => {
                let last = last.map_or_else(|| self.t("step.none").to_string(), step_label);
                let allowed: Vec<String> = allowed.iter().map(|s| step_label(*s)).collect();
                self.labels.f(
                    "step.out_of_order",
                    &[("last", &last), ("allowed", &allowed.join(self.t("common.list_separator")))],
                )
            }
            StepProblem::BeforePrevious { previous } => {
                self.labels.f("step.before_previous", &[("previous", &format_date(*previous))])
            }
            StepProblem::PublicityTooShort { start, days } => {
                self.labels.f("step.publicity_short", &[("start", &format_date(*start)), ("days", &days.to_string())])
            }
        }
    }

    /// `s` on a household: the step form offers only the steps that may come next.
    pub fn open_step_form(&mut self, household_id: &str) {
        let Some(h) = self.ledger.household(household_id).cloned() else { return };
        let events = self.ledger.events_of(household_id);
        let allowed: Vec<&str> =
            Step::next(crate::domain::monitoring::last_step(&h, &events)).iter().map(|s| s.code()).collect();
        let preset = Draft::default()
            .with("household_id", household_id)
            .with("step", allowed.first().copied().unwrap_or(""))
            .with("date", format_date(self.today))
            .with("by", &h.helper)
            .with("category", h.monitor_category.clone().unwrap_or_default())
            .with("method", "assisted");
        self.open_new_form(FormKind::Step, preset);
        if let Some(super::Popup::Form(open)) = self.popups.last_mut()
            && let Some(field) = open.form.fields.iter_mut().find(|f| f.key == "step")
        {
            field.keep_options(|o| allowed.contains(&o.code.as_str()));
        }
    }
}
