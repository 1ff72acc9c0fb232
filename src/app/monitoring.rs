//! Recording the monitoring work: steps checked against the workflow and, for an
//! elimination, against every rule of docs/rules.md ("Elimination").

use super::save::SaveFailure;
use super::{App, Popup, RecordKind};
use crate::domain::Draft;
use crate::domain::dates::{YearMonth, format_date};
use crate::domain::elimination::{EliminationCase, Judged, check_elimination};
use crate::domain::household::Household;
use crate::domain::income::Income;
use crate::domain::measure::Measure;
use crate::domain::member::Member;
use crate::domain::monitoring::{
    MonitoringEvent, Step, StepChangeProblem, StepProblem, apply_step, check_step, check_step_edit, episode_for,
    last_step, without_step,
};
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

    /// A correction of a recorded step: same kind, dated between its neighbours; when it
    /// is the latest, what it set on the household follows (an elimination's month and
    /// method checked again).
    pub(super) fn save_step_edit(&mut self, id: &str, d: &Draft, original: &Draft) -> Result<String, SaveFailure> {
        let mut event = MonitoringEvent::from_draft(id, d)?;
        let not_saved = || SaveFailure::Refused { title: self.t("message.not_saved").into(), lines: vec![] };
        let Some(old) = self.store.get::<MonitoringEvent>(id)? else { return Err(not_saved()) };
        let Some(household) = self.store.get::<Household>(&old.household_id)? else { return Err(not_saved()) };
        let events = self.events_of(&household.id)?;
        let refs: Vec<&MonitoringEvent> = events.iter().collect();
        if let Some(problem) = check_step_edit(&refs, &old, &event) {
            let line = self.step_change_text(problem);
            return Err(SaveFailure::Refused { title: self.t("message.step_refused").into(), lines: vec![line] });
        }
        event.episode = old.episode;
        let latest = refs.iter().max_by_key(|e| (e.episode, e.date, e.id.clone())).is_some_and(|e| e.id == id);
        let mut updated = household.clone();
        if latest {
            if event.step() == Some(Step::Eliminate) {
                let month = event.month.unwrap_or(YearMonth::of(event.date));
                self.guard_elimination(&household, month, event.method.as_deref().unwrap_or(""))?;
            }
            apply_step(&mut updated, &event);
        }
        Ok(self.store.write(|w| {
            let id = super::save::put(w, &mut event, original)?;
            if updated != household {
                w.update(&updated)?;
            }
            Ok(id)
        })?)
    }

    /// Deleting a step: only the latest, and the household goes back to what it was.
    /// `None` when it may go (with the household as it will stand), else why not.
    pub(super) fn household_without_step(&self, id: &str) -> Result<Result<Option<Household>, String>, StoreError> {
        let Some(removed) = self.store.get::<MonitoringEvent>(id)? else { return Ok(Ok(None)) };
        let Some(household) = self.store.get::<Household>(&removed.household_id)? else { return Ok(Ok(None)) };
        let events = self.events_of(&household.id)?;
        let refs: Vec<&MonitoringEvent> = events.iter().collect();
        Ok(match without_step(&household, &refs, &removed) {
            Ok(h) if h == household => Ok(None),
            Ok(h) => Ok(Some(h)),
            Err(problem) => Err(self.step_change_text(problem)),
        })
    }

    fn step_change_text(&self, p: StepChangeProblem) -> String {
        self.t(match p {
            StepChangeProblem::NotLatest => "step.not_latest",
            StepChangeProblem::NoEarlierState => "step.no_earlier_state",
            StepChangeProblem::KindChanged => "step.kind_changed",
            StepChangeProblem::OutOfSequence => "step.out_of_sequence",
        })
        .into()
    }

    /// Every criterion for eliminating in `month`; refused with each failing one.
    fn guard_elimination(&self, h: &Household, month: YearMonth, method: &str) -> Result<(), SaveFailure> {
        let measures: Vec<Measure> = self.store.children("household_id", &h.id, "ORDER BY t.start_date")?;
        let incomes: Vec<Income> = self.store.children("household_id", &h.id, "ORDER BY t.year")?;
        let members: Vec<Member> = self.store.children("household_id", &h.id, "")?;
        let province = self
            .store
            .get::<crate::domain::village::Village>(&h.village_id)?
            .and_then(|v| v.province().map(str::to_string));
        let line = match &province {
            Some(p) => self.store.line(p, i64::from(month.year))?,
            None => None,
        };
        let case = EliminationCase {
            household: h,
            members: &members,
            measures: &measures,
            incomes: &incomes,
            line_fen: line.as_ref().map(|l| l.amount),
            wait_months: line.as_ref().map_or(crate::domain::income::DEFAULT_WAIT_MONTHS, |l| l.wait_months()),
            month,
            method,
            judged: Judged::Now,
        };
        let failures = check_elimination(&case);
        if failures.is_empty() {
            return Ok(());
        }
        let lines = failures.iter().map(|f| format!("✗ {}", failure_text(self.labels, &self.vocab, f))).collect();
        Err(SaveFailure::Refused { title: self.t("message.elimination_refused").into(), lines })
    }

    /// The elimination a household form asks for, checked like the step; the event to record.
    pub(super) fn elimination_from_form(&self, h: &Household) -> Result<MonitoringEvent, SaveFailure> {
        let month = h.eliminated_month.unwrap_or(YearMonth::of(self.today));
        let method = h.elimination_method.clone().unwrap_or_default();
        self.guard_elimination(h, month, &method)?;
        let mut event = self.step_from_form(h, Step::Eliminate)?;
        event.month = Some(month);
        event.method = Some(method);
        Ok(event)
    }

    /// The step a household form's change of 风险是否已消除 stands for, dated today
    /// and named by the household's helper, so the history shows it.
    pub(super) fn step_from_form(&self, h: &Household, step: Step) -> Result<MonitoringEvent, StoreError> {
        let events = self.events_of(&h.id)?;
        let refs: Vec<&MonitoringEvent> = events.iter().collect();
        Ok(MonitoringEvent {
            household_id: h.id.clone(),
            episode: episode_for(&refs, step),
            step: step.code().into(),
            date: self.today,
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
            StepProblem::NoRisk => self.t("step.no_risk").into(),
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
            // 经办人: the household's 帮扶责任人, else who this session works as.
            .with(
                "by",
                if h.helper.is_empty() {
                    self.works_as().map(|c| c.name).unwrap_or_default()
                } else {
                    h.helper.clone()
                },
            )
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
