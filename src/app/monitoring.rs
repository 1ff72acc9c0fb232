//! Recording the monitoring work: steps checked against the workflow and, for an
//! elimination, against every rule of docs/rules.md ("Elimination").

use super::save::SaveFailure;
use super::{App, Popup, RecordKind};
use crate::domain::Draft;
use crate::domain::dates::{YearMonth, format_date};
use crate::domain::elimination::{EliminationCase, check_elimination};
use crate::domain::household::Household;
use crate::domain::income::{Income, income_for};
use crate::domain::measure::Measure;
use crate::domain::member::Member;
use crate::domain::monitoring::{MonitoringEvent, Step, StepProblem, apply_step, check_step, episode_for, last_step};
use crate::domain::record::Record;
use crate::domain::vocab::list;
use crate::store::StoreError;
use crate::ui::warning_text::failure_text;

impl App {
    fn events_of(&self, household_id: &str) -> Result<Vec<MonitoringEvent>, StoreError> {
        self.store.children("household_id", household_id, "ORDER BY t.episode, t.date, t.id")
    }

    /// Records a step and what it changes on the household, in one transaction —
    /// or refuses it with every reason.
    pub(super) fn save_step(&mut self, d: &Draft) -> Result<String, SaveFailure> {
        let mut event = MonitoringEvent::from_draft("", d)?;
        let mut future = Vec::new();
        if let Err(e) = crate::domain::dates::not_future(event.date, self.today) {
            future.push(crate::domain::FieldError::new("date", e));
        }
        if let Some(Err(e)) = event.month.map(|m| crate::domain::dates::month_not_future(m, self.today)) {
            future.push(crate::domain::FieldError::new("month", e));
        }
        if !future.is_empty() {
            return Err(SaveFailure::Invalid(future));
        }
        let Some(household) = self.store.get::<Household>(&event.household_id)? else {
            return Err(SaveFailure::Refused { title: self.t("message.not_saved").into(), lines: vec![] });
        };
        let Some(step) = event.step() else { return Ok(String::new()) };
        let events = self.events_of(&household.id)?;
        let refs: Vec<&MonitoringEvent> = events.iter().collect();
        let problems = check_step(&household, &refs, step, event.date);
        if !problems.is_empty() {
            let lines = problems.iter().map(|p| self.step_problem_text(p)).collect();
            return Err(SaveFailure::Refused { title: self.t("message.step_refused").into(), lines });
        }
        if step == Step::Eliminate {
            let month = event.month.unwrap_or(YearMonth::of(event.date));
            self.guard_elimination(&household, month, event.method.as_deref().unwrap_or(""))?;
        }
        event.episode = episode_for(&refs, step);
        let mut updated = household.clone();
        apply_step(&mut updated, &event);
        Ok(self.store.write(|w| {
            let id = w.insert(&mut event)?;
            w.update(&updated)?;
            Ok(id)
        })?)
    }

    /// Every criterion for eliminating in `month`; refused with each failing one.
    fn guard_elimination(&self, h: &Household, month: YearMonth, method: &str) -> Result<(), SaveFailure> {
        let measures: Vec<Measure> = self.store.children("household_id", &h.id, "ORDER BY t.start_date")?;
        let incomes: Vec<Income> = self.store.children("household_id", &h.id, "ORDER BY t.year")?;
        let members: Vec<Member> = self.store.children("household_id", &h.id, "")?;
        let year = month.year as i64;
        let income = income_for(&incomes, year);
        let province = self
            .store
            .get::<crate::domain::village::Village>(&h.village_id)?
            .and_then(|v| v.province().map(str::to_string));
        let line_fen = match &province {
            Some(p) => self.store.line_fen(p, year)?,
            None => None,
        };
        let line = line_fen.map(|amount| crate::domain::income::Threshold { amount, year, ..Default::default() });
        let refs: Vec<&Measure> = measures.iter().collect();
        let case = EliminationCase {
            household: h,
            measures: &refs,
            per_capita_fen: income.and_then(|i| i.per_capita_fen(members.len())),
            income_recorded: income.is_some(),
            line: line.as_ref(),
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
    pub(super) fn elimination_from_form(&self, h: &Household) -> Result<MonitoringEvent, SaveFailure> {
        let month = h.eliminated_month.unwrap_or(YearMonth::of(self.today));
        let method = h.elimination_method.clone().unwrap_or_default();
        self.guard_elimination(h, month, &method)?;
        let events = self.events_of(&h.id)?;
        let refs: Vec<&MonitoringEvent> = events.iter().collect();
        Ok(MonitoringEvent {
            household_id: h.id.clone(),
            episode: episode_for(&refs, Step::Eliminate),
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
        let (Ok(Some(h)), Ok(events)) = (self.store.get::<Household>(household_id), self.events_of(household_id))
        else {
            return;
        };
        let refs: Vec<&MonitoringEvent> = events.iter().collect();
        let allowed: Vec<&str> = Step::next(last_step(&h, &refs)).iter().map(|s| s.code()).collect();
        let preset = Draft::default()
            .with("household_id", household_id)
            .with("step", allowed.first().copied().unwrap_or(""))
            .with("date", format_date(self.today))
            .with("by", &h.helper)
            .with("category", h.monitor_category.clone().unwrap_or_default())
            .with("method", "assisted");
        self.open_new_form(RecordKind::Step, preset);
        if let Some(Popup::Form(open)) = self.popups.last_mut()
            && let Some(field) = open.form.fields.iter_mut().find(|f| f.key == "step")
        {
            field.keep_options(|o| allowed.contains(&o.code.as_str()));
        }
    }
}
