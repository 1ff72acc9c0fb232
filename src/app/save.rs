//! Saving a form and deleting a record: validate in the domain, write through the
//! store (and so the op log). An edit writes only the fields the person changed,
//! so a colleague's save of another field in the meantime is kept.

use super::forms::CREATE_TASK;
use super::{App, Popup, RecordKind, Tab};
use crate::domain::field::future_fields;
use crate::domain::household::Household;
use crate::domain::income::Income;
use crate::domain::member::Member;
use crate::domain::monitoring::Step;
use crate::domain::record::Record;
use crate::domain::task::Task;
use crate::domain::visit::Visit;
use crate::domain::{Draft, FieldError, Invalid};
use crate::store::{StoreError, Writer};

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

/// The fields of `record` that differ from what the form opened with: compared as
/// values, so what follows from a changed field (the township of a new code) goes too.
pub(super) fn changed_fields<T: Record>(record: &T, original: &Draft) -> Vec<&'static str> {
    let before = T::from_draft(record.id(), original).ok();
    T::DEF
        .fields
        .iter()
        .filter(|f| match &before {
            Some(old) => field_values(old, f.key) != field_values(record, f.key),
            None => original.get(f.key) != record.to_draft().get(f.key),
        })
        .map(|f| f.key)
        .collect()
}

fn field_values<T: Record>(record: &T, key: &str) -> String {
    record.to_draft().get(key).to_string()
}

/// Inserts a new record, or writes the fields of an existing one the person changed,
/// refusing (as a clash) a field someone else changed since the form opened.
pub(super) fn put<T: Record>(w: &mut Writer, record: &mut T, original: &Draft) -> Result<String, StoreError> {
    if record.id().is_empty() {
        return w.insert(record);
    }
    match T::from_draft(record.id(), original) {
        Ok(before) => w.update_changed(record, &before, &[])?,
        // What the form opened with no longer passes today's checks: compare as text.
        Err(_) => w.update_fields(record, &changed_fields(record, original))?,
    };
    Ok(record.id().to_string())
}

impl App {
    pub fn save_form(&mut self) {
        let Some(Popup::Form(open)) = self.popups.last() else {
            return;
        };
        let (kind, id, draft, original) =
            (open.kind, open.record_id.clone(), open.form.draft(), open.form.original().clone());
        let is_new = id.is_empty();
        // The draft slot is held through the save: a session cut off while the save
        // commits keeps no draft of what was saved (it would be offered, and saved twice).
        let slot = self.draft_slot.clone();
        let mut kept = slot.lock().ok();
        // What is recorded as done is not dated ahead (fields declared `past`).
        let future = crate::domain::registry::with_record!(kind, T => future_fields(T::DEF, &draft, self.today));
        let result = if !future.is_empty() {
            Err(SaveFailure::Invalid(future))
        } else {
            match kind {
                RecordKind::Household => self.save_household(&id, &draft, &original),
                RecordKind::Member => self.save_member(&id, &draft, &original),
                RecordKind::Visit => self.save_visit(&id, &draft, &original),
                RecordKind::Income => self.save_income(&id, &draft, &original),
                RecordKind::Attendance => self.save_attendance(&id, &draft, &original),
                RecordKind::Target => self.save_target(&id, &draft, &original),
                RecordKind::Step if is_new => self.save_step(&draft),
                RecordKind::Step => self.save_step_edit(&id, &draft, &original),
                other => self.save_simple(other, &id, &draft, &original),
            }
        };
        if result.is_ok()
            && let Some(kept) = kept.as_mut()
        {
            **kept = None;
        }
        drop(kept);
        match result {
            Ok(saved_id) => {
                self.popups.pop();
                self.remember_save();
                self.records_changed();
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
            Err(SaveFailure::Store(StoreError::Clash(clashes))) => self.show_clash(clashes),
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

    /// A record that only needs checking and saving.
    fn save_simple(&mut self, kind: RecordKind, id: &str, d: &Draft, original: &Draft) -> Result<String, SaveFailure> {
        crate::domain::registry::with_record!(kind, T => {
            let mut record = T::from_draft(id, d)?;
            Ok(self.store.write(|w| put(w, &mut record, original))?)
        })
    }

    /// Keeps the saved record in view — a part's owner selected on its tab, a row
    /// selected where the tab's view lists its kind (as the registry places it) — and
    /// after a new household asks for its head as first member.
    fn after_save(&mut self, kind: RecordKind, id: &str, is_new: bool) {
        let (tab, owner) = kind.place();
        let listed = tab.def().component.lists(self, tab, kind.row_kind());
        match owner {
            Some(column) if listed => {
                let draft = crate::domain::registry::with_record!(kind, T => {
                    self.store.get::<T>(id).ok().flatten().map(|r| r.to_draft())
                });
                if let Some(owner_id) = draft.map(|d| d.get(column).to_string()).filter(|o| !o.is_empty()) {
                    self.select_id(tab, &owner_id);
                }
            }
            None if listed => self.select_id(tab, id),
            Some(_) | None => {}
        }
        if kind == RecordKind::Household && is_new {
            let head = self.record_name(RecordKind::Household, id);
            let preset = Draft::default().with("household_id", id).with("name", head).with("relation", "self");
            self.open_new_form(RecordKind::Member, preset);
            if let Some(Popup::Form(open)) = self.popups.last_mut() {
                open.form.focus_key("id_number");
            }
        }
    }

    /// Moves the selection of `tab` to a record, clearing a filter that hides it.
    pub fn select_id(&mut self, tab: Tab, id: &str) {
        let Some(q) = self.list_query(tab) else { return };
        let hidden = !self.state(tab).filter.value().is_empty() && matches!(self.store.list_position(&q, id), Ok(None));
        if hidden {
            self.state_mut(tab).filter.clear();
        }
        self.state_mut(tab).list.select_after_reading(id);
    }

    /// Marking an existing household's risk eliminated in its form is held to the same
    /// rules as the 风险消除 step, and recorded as that step, so no path skips them.
    fn save_household(&mut self, id: &str, d: &Draft, original: &Draft) -> Result<String, SaveFailure> {
        let mut h = Household::from_draft(id, d)?;
        // A 户编号 names one household in the national system: asked of the file, so
        // two sessions cannot both give it out (checked when it is typed, so an old
        // file's doubles do not block other edits).
        if !h.number.trim().is_empty()
            && h.number.trim() != original.get("number").trim()
            && let Some((head, village)) = self.store.household_number_holder(h.number.trim(), &h.id)?
        {
            let holder = self.labels.f("invalid.number_holder", &[("head", &head), ("village", &village)]);
            return Err(SaveFailure::Invalid(vec![FieldError::new("number", Invalid::Duplicate { holder })]));
        }
        // A household is eliminated through its monitoring, never entered so: its
        // measures and income must be on record first.
        if id.is_empty() && h.risk_eliminated {
            let line = self.t("message.new_household_eliminated").into();
            return Err(SaveFailure::Refused { title: self.t("message.not_saved").into(), lines: vec![line] });
        }
        let was_eliminated = self.store.get::<Household>(id)?.is_some_and(|old| old.risk_eliminated);
        let mut event = match (was_eliminated, h.risk_eliminated) {
            (false, true) => Some(self.elimination_from_form(&h)?),
            (true, false) => Some(self.step_from_form(&h, Step::Withdraw)?),
            _ => None,
        };
        Ok(self.store.write(|w| {
            let id = put(w, &mut h, original)?;
            if let Some(e) = event.as_mut() {
                w.insert(e)?;
            }
            Ok(id)
        })?)
    }

    /// An ID number already held by another person is refused, asking the file (not
    /// what this session read), so two sessions cannot both add it.
    fn save_member(&mut self, id: &str, d: &Draft, original: &Draft) -> Result<String, SaveFailure> {
        let mut m = Member::from_draft(id, d)?;
        // A birth date read from the ID number is checked like one typed.
        if let Some(Err(problem)) = m.birth_date.map(|b| crate::domain::dates::not_future(b, self.today)) {
            let field = if m.id_number.is_some() { "id_number" } else { "birth_date" };
            return Err(SaveFailure::Invalid(vec![FieldError::new(field, problem)]));
        }
        if let Some(number) = &m.id_number
            && let Some((name, household)) = self.store.id_number_holder(number, &m.id)?
        {
            let holder = self.labels.f("invalid.holder", &[("name", &name), ("household", &household)]);
            return Err(SaveFailure::Invalid(vec![FieldError::new("id_number", Invalid::Duplicate { holder })]));
        }
        Ok(self.store.write(|w| put(w, &mut m, original))?)
    }

    /// One income record per household and year, asked of the file; none for a year
    /// still to come.
    fn save_income(&mut self, id: &str, d: &Draft, original: &Draft) -> Result<String, SaveFailure> {
        let mut income = Income::from_draft(id, d)?;
        if let Some(other) = self.store.income_of_year(&income.household_id, income.year, &income.id)? {
            let net = crate::domain::money::format_yuan(other.net_fen());
            let holder =
                self.labels.f("invalid.income_year_taken", &[("year", &income.year.to_string()), ("net", &net)]);
            return Err(SaveFailure::Refused { title: self.t("message.not_saved").into(), lines: vec![holder] });
        }
        Ok(self.store.write(|w| put(w, &mut income, original))?)
    }

    /// One attendance record per cadre and month, asked of the file.
    fn save_attendance(&mut self, id: &str, d: &Draft, original: &Draft) -> Result<String, SaveFailure> {
        let mut a = crate::domain::cadre::Attendance::from_draft(id, d)?;
        if let Some(other) = self.store.attendance_of_month(&a.cadre_id, a.month, &a.id)? {
            let cadre = self.record_name(RecordKind::Cadre, &a.cadre_id);
            let taken = self.labels.f(
                "invalid.attendance_taken",
                &[("cadre", &cadre), ("month", &a.month.to_string()), ("days", &other.days_in_village.to_string())],
            );
            return Err(SaveFailure::Refused { title: self.t("message.not_saved").into(), lines: vec![taken] });
        }
        Ok(self.store.write(|w| put(w, &mut a, original))?)
    }

    /// One target per side, year and indicator: a second is refused, naming the first.
    fn save_target(&mut self, id: &str, d: &Draft, original: &Draft) -> Result<String, SaveFailure> {
        let mut t = crate::domain::cooperation::Target::from_draft(id, d)?;
        if self.store.target_held(&t)?.is_some() {
            let indicator = self.vocab.label(crate::domain::cooperation::INDICATOR, &t.indicator, self.lang);
            let taken =
                self.labels.f("invalid.target_taken", &[("year", &t.year.to_string()), ("indicator", indicator)]);
            return Err(SaveFailure::Refused { title: self.t("message.not_saved").into(), lines: vec![taken] });
        }
        Ok(self.store.write(|w| put(w, &mut t, original))?)
    }

    fn save_visit(&mut self, id: &str, d: &Draft, original: &Draft) -> Result<String, SaveFailure> {
        let mut d = d.clone();
        // A household visit belongs to the household's village.
        if let Some(h) = self.store.get::<Household>(d.get("household_id"))? {
            d.set("village_id", h.village_id);
        }
        let mut v = Visit::from_draft(id, &d)?;
        // "生成任务": the follow-up the visit promised becomes a task, in the same save.
        let mut task = (d.flag(CREATE_TASK) && !v.requests.is_empty()).then(|| Task::from_visit(&v));
        Ok(self.store.write(|w| {
            let id = put(w, &mut v, original)?;
            if let Some(task) = task.as_mut() {
                task.visit_id = Some(id.clone());
                w.insert(task)?;
            }
            Ok(id)
        })?)
    }

    /// Soft-deletes a record (a household with what belongs to it); a village that
    /// still has households is kept, with a message saying why.
    pub fn delete_record(&mut self, kind: RecordKind, id: &str, reason: &str) {
        if let Err(e) = self.try_delete(kind, id, reason) {
            let text = self.store_error_text(&e);
            self.popups.push(Popup::Message { title: self.t("message.not_deleted").into(), text });
        }
    }

    fn try_delete(&mut self, kind: RecordKind, id: &str, reason: &str) -> Result<(), StoreError> {
        if kind == RecordKind::Village {
            let n = self.store.households_in(id)?;
            if n > 0 {
                let text = self.labels.f("message.village_has_households", &[("n", &n.to_string())]);
                self.popups.push(Popup::Message { title: self.t("message.not_deleted").into(), text });
                return Ok(());
            }
        }
        // A deleted step takes back what it set on the household.
        let mut household_after = None;
        if kind == RecordKind::Step {
            match self.household_without_step(id)? {
                Ok(h) => household_after = h,
                Err(text) => {
                    self.popups.push(Popup::Message { title: self.t("message.not_deleted").into(), text });
                    return Ok(());
                }
            }
        }
        let mut targets = vec![(kind.def().table, id.to_string())];
        if kind == RecordKind::Household {
            for part in RecordKind::HOUSEHOLD_PARTS {
                let ids: Vec<String> = crate::domain::registry::with_record!(part, T => {
                    self.store.children::<T>("household_id", id, "")?.iter().map(|r| r.id().to_string()).collect()
                });
                targets.extend(ids.into_iter().map(|i| (part.def().table, i)));
            }
        }
        let name = self.record_name(kind, id);
        self.store.write(|w| {
            w.set_note(Some(reason.to_string()));
            targets.iter().try_for_each(|(table, id)| w.delete(table, id))?;
            household_after.as_ref().map_or(Ok(()), |h| w.update(h).map(drop))
        })?;
        self.remember_save();
        self.records_changed();
        let state = self.tab_state_mut();
        state.part_cursor = state.part_cursor.saturating_sub(1);
        self.status = Some(self.labels.f("status.deleted", &[("what", &name)]));
        Ok(())
    }

    /// Fills in what follows from what was just typed or picked.
    pub fn form_changed(&mut self, field: &'static str) {
        let Some(Popup::Form(open)) = self.popups.last() else {
            return;
        };
        let (kind, value) = (open.kind, open.form.value(field));
        let fills: Vec<(&str, String)> = match (kind, field) {
            (RecordKind::Village, "code") => match crate::domain::divisions::locate_village(&value) {
                Ok(loc) => {
                    let mut fills = vec![("township", loc.township)];
                    if open.form.value("name").trim().is_empty()
                        && let Some(official) = loc.village
                    {
                        fills.push(("name", crate::domain::divisions::short_village_name(&official)));
                    }
                    fills
                }
                Err(_) => vec![],
            },
            (RecordKind::Visit, "household_id") => match self.store.get::<Household>(&value) {
                Ok(Some(h)) => vec![("village_id", h.village_id)],
                _ => vec![],
            },
            (RecordKind::Member, "id_number") => match crate::domain::idnum::parse_resident_id(&value) {
                Ok(rid) => {
                    let mut fills = vec![
                        ("sex", rid.sex.code().to_string()),
                        ("birth_date", crate::domain::dates::format_date(rid.birth_date)),
                    ];
                    // The relation to the head, when the two IDs make it clear and
                    // none is chosen yet: shown in the form, to change if wrong.
                    if open.form.value("relation").is_empty()
                        && let Some(relation) = self.relation_to_head(
                            &open.form.value("household_id"),
                            (rid.sex.code(), rid.birth_date, &open.form.value("name")),
                        )
                    {
                        fills.push(("relation", relation.to_string()));
                    }
                    fills
                }
                Err(_) => vec![],
            },
            _ => vec![],
        };
        if let Some(Popup::Form(open)) = self.popups.last_mut() {
            for (key, value) in fills {
                open.form.set_value(key, &value);
            }
            if (kind, field) == (RecordKind::Step, "step") {
                mark_step_needs(&mut open.form);
            }
        }
    }
}

impl App {
    /// What a member born on `birth` most likely is to the household's head.
    fn relation_to_head(&self, household: &str, member: crate::domain::member::Person) -> Option<&'static str> {
        let members: Vec<Member> = self.store.children("household_id", household, "").ok()?;
        let head = members.iter().find(|m| m.relation.as_deref() == Some("self"))?;
        let head_sex = head.sex.as_deref()?;
        crate::domain::member::likely_relation((head_sex, head.birth_date?, &head.name), member)
    }
}

/// Marks (*) the fields the chosen step needs besides the usual ones (监测对象类别 at
/// 县级审定), so they are seen before a save is refused for them.
pub(super) fn mark_step_needs(form: &mut crate::widgets::form::Form) {
    let step = crate::domain::monitoring::Step::from_code(&form.value("step"));
    let needs = step.map_or(&[][..], crate::domain::monitoring::Step::needs);
    let def = RecordKind::Step.def();
    for field in &mut form.fields {
        let always = def.field(field.key).is_some_and(|f| f.required);
        field.required = always || needs.contains(&field.key);
    }
}
