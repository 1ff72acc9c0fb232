//! Saving a form and deleting a record: validate in the domain, write through the
//! store (and so the op log), then update what is on screen.

use super::{App, FormKind, Popup, Tab};
use crate::domain::household::Household;
use crate::domain::member::Member;
use crate::domain::project::Project;
use crate::domain::village::Village;
use crate::domain::visit::Visit;
use crate::domain::{Draft, FieldError, Invalid, Record};
use crate::store::{Store, StoreError};

pub(super) enum SaveFailure {
    Invalid(Vec<FieldError>),
    Store(StoreError),
    /// The record is valid but the rules refuse it now; each line says why.
    Refused {
        title: String,
        lines: Vec<String>,
    },
}

impl From<Vec<FieldError>> for SaveFailure {
    fn from(e: Vec<FieldError>) -> Self {
        SaveFailure::Invalid(e)
    }
}

impl From<StoreError> for SaveFailure {
    fn from(e: StoreError) -> Self {
        SaveFailure::Store(e)
    }
}

pub(super) fn persist<T: Record>(store: &mut Store, record: &mut T, is_new: bool) -> Result<String, StoreError> {
    if is_new { store.insert(record) } else { store.update(record).map(|_| record.id().to_string()) }
}

pub fn table_of(kind: FormKind) -> &'static str {
    match kind {
        FormKind::Village => Village::TABLE,
        FormKind::Household => Household::TABLE,
        FormKind::Member => Member::TABLE,
        FormKind::Project => Project::TABLE,
        FormKind::Visit => Visit::TABLE,
        FormKind::Step => crate::domain::monitoring::MonitoringEvent::TABLE,
        FormKind::Measure => crate::domain::measure::Measure::TABLE,
        FormKind::Income => crate::domain::income::Income::TABLE,
        FormKind::Task => crate::domain::task::Task::TABLE,
        FormKind::TaskNote => crate::domain::task::TaskNote::TABLE,
        FormKind::Cadre => crate::domain::cadre::Cadre::TABLE,
        FormKind::Threshold => crate::domain::income::Threshold::TABLE,
        FormKind::VisitRule => crate::domain::schedule::VisitRule::TABLE,
    }
}

impl App {
    pub fn save_form(&mut self) {
        let Some(Popup::Form(open)) = self.popups.last() else {
            return;
        };
        let (kind, id, draft) = (open.kind, open.record_id.clone(), open.form.draft());
        let is_new = id.is_empty();
        let result = match kind {
            FormKind::Village => self.save_village(&id, &draft),
            FormKind::Household => self.save_household(&id, &draft),
            FormKind::Member => self.save_member(&id, &draft),
            FormKind::Project => self.save_project(&id, &draft),
            FormKind::Visit => self.save_visit(&id, &draft),
            other => self.save_work(other, &id, &draft),
        };
        match result {
            Ok(saved_id) => {
                self.popups.pop();
                self.ledger.derive(self.today);
                self.refresh_all_rows();
                let what = self.record_name(kind, &saved_id);
                self.status = Some(self.labels.f("status.saved", &[("what", &what)]));
                self.after_save(kind, &saved_id, is_new);
            }
            Err(SaveFailure::Invalid(errors)) => {
                let prefix = kind.label_prefix();
                let messages: Vec<(&'static str, String)> =
                    errors.iter().map(|e| (e.field, self.labels.problem(&e.problem))).collect();
                let first = errors.first().map(|e| self.labels.field_error(prefix, e)).unwrap_or_default();
                if let Some(Popup::Form(open)) = self.popups.last_mut() {
                    open.form.set_errors(&messages);
                }
                self.status =
                    Some(self.labels.f("status.not_saved", &[("n", &errors.len().to_string()), ("first", &first)]));
            }
            Err(SaveFailure::Store(e)) => {
                let text = self.store_error_text(&e);
                self.popups.push(Popup::Message { title: self.t("message.not_saved").into(), text });
            }
            Err(SaveFailure::Refused { title, lines }) => {
                self.status = lines.first().cloned();
                self.popups.push(Popup::Message { title, text: lines.join("\n") });
            }
        }
    }

    /// Keeps the saved record in view, and after a new household asks for its head as first member.
    fn after_save(&mut self, kind: FormKind, id: &str, is_new: bool) {
        match kind {
            FormKind::Village => self.select_id(Tab::Villages, id),
            FormKind::Household => {
                self.select_id(Tab::Households, id);
                if is_new {
                    let head = self.ledger.household(id).map(|h| h.head_name.clone()).unwrap_or_default();
                    let preset = Draft::default().with("household_id", id).with("name", head).with("relation", "self");
                    self.open_new_form(FormKind::Member, preset);
                    if let Some(Popup::Form(open)) = self.popups.last_mut() {
                        open.form.focus_key("id_number");
                    }
                }
            }
            FormKind::Member => {
                if let Some(hid) = self.ledger.members.iter().find(|m| m.id == id).map(|m| m.household_id.clone()) {
                    self.select_id(Tab::Households, &hid);
                }
            }
            FormKind::Project => self.select_id(Tab::Projects, id),
            FormKind::Visit => {
                if self.tabs[Tab::Visits.index()].view == super::lists::VIEW_ALL {
                    self.select_id(Tab::Visits, id);
                }
            }
            FormKind::Task => self.select_id(Tab::Tasks, id),
            FormKind::Cadre => self.select_id(Tab::People, id),
            FormKind::Threshold | FormKind::VisitRule => self.select_id(Tab::Settings, id),
            FormKind::Step | FormKind::Measure | FormKind::Income | FormKind::TaskNote => {}
        }
    }

    fn save_village(&mut self, id: &str, d: &Draft) -> Result<String, SaveFailure> {
        let mut v = Village::from_draft(id, d)?;
        let id = persist(&mut self.store, &mut v, id.is_empty())?;
        self.ledger.put_village(v);
        Ok(id)
    }

    /// Marking an existing household's risk eliminated in its form is held to the same
    /// rules as the 风险消除 step, and recorded as that step, so no path skips them.
    fn save_household(&mut self, id: &str, d: &Draft) -> Result<String, SaveFailure> {
        let mut h = Household::from_draft(id, d)?;
        let newly_eliminated = self.ledger.household(id).is_some_and(|old| !old.risk_eliminated) && h.risk_eliminated;
        let mut event = if newly_eliminated { Some(self.elimination_from_form(&h)?) } else { None };
        let is_new = id.is_empty();
        let id = self.store.write(|w| {
            let id = if is_new {
                w.insert(&mut h)?
            } else {
                w.update(&h)?;
                h.id.clone()
            };
            if let Some(e) = event.as_mut() {
                w.insert(e)?;
            }
            Ok(id)
        })?;
        self.ledger.put_household(h);
        if let Some(e) = event {
            self.ledger.put_event(e);
        }
        Ok(id)
    }

    fn save_member(&mut self, id: &str, d: &Draft) -> Result<String, SaveFailure> {
        let mut m = Member::from_draft(id, d)?;
        if let Some(number) = &m.id_number {
            let other = self.ledger.members.iter().find(|o| o.id != m.id && o.id_number.as_ref() == Some(number));
            if let Some(other) = other {
                let household = self.ledger.household(&other.household_id).map_or("", |h| h.head_name.as_str());
                let holder = self.labels.f("invalid.holder", &[("name", &other.name), ("household", household)]);
                return Err(SaveFailure::Invalid(vec![FieldError::new("id_number", Invalid::Duplicate { holder })]));
            }
        }
        let id = persist(&mut self.store, &mut m, id.is_empty())?;
        self.ledger.put_member(m);
        Ok(id)
    }

    fn save_project(&mut self, id: &str, d: &Draft) -> Result<String, SaveFailure> {
        let mut p = Project::from_draft(id, d)?;
        let id = self.store.save_project(&mut p)?;
        self.ledger.put_project(p);
        Ok(id)
    }

    fn save_visit(&mut self, id: &str, d: &Draft) -> Result<String, SaveFailure> {
        let mut d = d.clone();
        // A household visit belongs to the household's village.
        if let Some(h) = self.ledger.household(d.get("household_id")) {
            d.set("village_id", h.village_id.clone());
        }
        let mut v = Visit::from_draft(id, &d)?;
        let is_new = id.is_empty();
        // "生成任务": the follow-up the visit promised becomes a task, in the same save.
        let mut task = (d.flag("create_task") && !v.requests.is_empty()).then(|| task_from_visit(&v));
        let id = self.store.write(|w| {
            let id = if is_new {
                w.insert(&mut v)?
            } else {
                w.update(&v)?;
                v.id.clone()
            };
            if let Some(task) = task.as_mut() {
                task.visit_id = Some(id.clone());
                w.insert(task)?;
            }
            Ok(id)
        })?;
        self.ledger.put_visit(v);
        if let Some(task) = task {
            self.ledger.put_task(task);
        }
        Ok(id)
    }

    /// Soft-deletes a record (a household with its members); a village that still
    /// has households is kept, with a message saying why.
    pub fn delete_record(&mut self, kind: FormKind, id: &str) {
        if kind == FormKind::Village {
            let n = self.ledger.households_in(id);
            if n > 0 {
                let text = self.labels.f("message.village_has_households", &[("n", &n.to_string())]);
                self.popups.push(Popup::Message { title: self.t("message.not_deleted").into(), text });
                return;
            }
        }
        let mut targets = vec![(table_of(kind), id.to_string())];
        if kind == FormKind::Household {
            // What belongs to the household goes with it (and stays in the file, marked deleted).
            let l = &self.ledger;
            targets.extend(l.members_of(id).iter().map(|m| (Member::TABLE, m.id.clone())));
            targets.extend(l.measures_of(id).iter().map(|m| (table_of(FormKind::Measure), m.id.clone())));
            targets.extend(l.incomes_of(id).iter().map(|i| (table_of(FormKind::Income), i.id.clone())));
            targets.extend(l.events_of(id).iter().map(|e| (table_of(FormKind::Step), e.id.clone())));
        }
        let name = self.record_name(kind, id);
        match self.store.write(|w| targets.iter().try_for_each(|(table, id)| w.delete(table, id))) {
            Ok(()) => {
                let ids: Vec<String> = targets.into_iter().map(|(_, id)| id).collect();
                self.ledger.forget(&ids);
                self.ledger.forget_work(&ids);
                self.ledger.derive(self.today);
                self.refresh_all_rows();
                let state = self.tab_state_mut();
                state.member_cursor = state.member_cursor.saturating_sub(1);
                self.status = Some(self.labels.f("status.deleted", &[("what", &name)]));
            }
            Err(e) => {
                let text = self.store_error_text(&e);
                self.popups.push(Popup::Message { title: self.t("message.not_deleted").into(), text });
            }
        }
    }

    /// Fills in what follows from what was just typed or picked.
    pub fn form_changed(&mut self, field: &'static str) {
        let Some(Popup::Form(open)) = self.popups.last_mut() else {
            return;
        };
        match (open.kind, field) {
            (FormKind::Village, "code") => {
                let code = open.form.value("code");
                if let Ok(loc) = crate::domain::divisions::locate_village(&code) {
                    open.form.set_value("township", &loc.township);
                    if open.form.value("name").trim().is_empty()
                        && let Some(official) = loc.village
                    {
                        open.form.set_value("name", &crate::domain::divisions::short_village_name(&official));
                    }
                }
            }
            (FormKind::Visit, "household_id") => {
                let household = open.form.value("household_id");
                if let Some(h) = self.ledger.household(&household) {
                    open.form.set_value("village_id", &h.village_id);
                }
            }
            (FormKind::Member, "id_number") => {
                let number = open.form.value("id_number");
                if let Ok(rid) = crate::domain::idnum::parse_resident_id(&number) {
                    open.form.set_value("sex", rid.sex.code());
                    open.form.set_value("birth_date", &crate::domain::dates::format_date(rid.birth_date));
                }
            }
            _ => {}
        }
    }
}

/// The task a visit's follow-up makes: the request as title, the first visitor as
/// owner, the follow-up date (or two weeks) as deadline.
fn task_from_visit(v: &Visit) -> crate::domain::task::Task {
    crate::domain::task::Task {
        title: v.requests.clone(),
        source: Some("visit".into()),
        subject_kind: Some(if v.household_id.is_some() { "household" } else { "village" }.into()),
        subject_id: Some(v.household_id.clone().unwrap_or_else(|| v.village_id.clone())),
        owner: v.visitors.split(['、', ',', '，']).next().unwrap_or("").trim().to_string(),
        deadline: Some(v.follow_up_date.unwrap_or(v.date + chrono::Days::new(14))),
        status: crate::domain::task::STATUS_NOT_STARTED.into(),
        ..Default::default()
    }
}
