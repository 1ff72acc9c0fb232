//! Forms built from the record declarations: each field's kind decides how it is
//! edited — text, yes/no, a vocabulary choice, a record looked up in the ledger as
//! the person types, or a person's name suggested from the people records.

use super::{App, OpenForm, Popup, RecordKind, Tab};
use crate::domain::Draft;
use crate::domain::cadre::Cadre;
use crate::domain::dates::format_date;
use crate::domain::field::{FieldDef, Kind};
use crate::domain::record::Record;
use crate::domain::search::Query;
use crate::domain::vocab::list;
use crate::store::Lookup;
use crate::widgets::form::{ChoiceOption, FieldKind, Form, FormField};
use std::rc::Rc;

/// Options a looked-up picker shows at most.
const LOOKUP_LIMIT: usize = 50;

/// The form-only choice of a visit form: whether its follow-up becomes a task.
pub(super) const CREATE_TASK: &str = "create_task";

/// What a reference field looks up in the ledger.
pub(super) fn lookup_of(def: &FieldDef) -> Option<Lookup> {
    match def.kind {
        Kind::Ref("villages") | Kind::Refs("villages") => Some(Lookup::Villages),
        Kind::Ref("households") => Some(Lookup::Households),
        Kind::Ref("projects") => Some(Lookup::Projects),
        Kind::Ref("parties") => Some(Lookup::Parties),
        Kind::Ref("tasks") => Some(Lookup::Tasks),
        Kind::Links(link) if link.target_table == "households" => Some(Lookup::Households),
        Kind::Subject => Some(Lookup::Subjects),
        _ => None,
    }
}

impl App {
    fn vocab_options(&self, list: &str) -> Rc<Vec<ChoiceOption>> {
        Rc::new(self.vocab.choices(list).map(|e| ChoiceOption::new(&e.code, e.label(self.lang), "")).collect())
    }

    /// The sides' names: the ledger's 帮扶方 records and those its villages name.
    fn side_options(&self) -> Rc<Vec<ChoiceOption>> {
        let sides = self.store.assisting_sides().unwrap_or_default();
        let names = sides.into_iter().filter_map(|s| match s {
            crate::domain::side::Side::Party(name) => Some(name),
            crate::domain::side::Side::Force(_) => None,
        });
        Rc::new(names.map(|n| ChoiceOption::new(&n, &n, "")).collect())
    }

    /// People's names, each with role and unit to tell namesakes apart.
    fn people_options(&self) -> Rc<Vec<ChoiceOption>> {
        let people: Vec<Cadre> = self.store.all().unwrap_or_default();
        Rc::new(
            people
                .iter()
                .map(|c| {
                    let role = c.role.as_deref().map_or("", |r| self.vocab.label(list::CADRE_ROLE, r, self.lang));
                    ChoiceOption::new(&c.name, &c.name, &format!("{role} {}", c.unit))
                })
                .collect(),
        )
    }

    /// The labels of the records a looked-up field holds.
    fn known_options(&self, what: Lookup, value: &str) -> Vec<ChoiceOption> {
        crate::domain::record::split_codes(value)
            .iter()
            .filter_map(|code| self.store.lookup_label(what, code).ok().flatten())
            .map(|f| ChoiceOption::new(&f.code, &f.label, &f.detail))
            .collect()
    }

    fn form_field(&self, kind: RecordKind, def: &'static FieldDef, draft: &Draft) -> FormField {
        let label = self.labels.field(kind.label_prefix(), def.key);
        let value = draft.get(def.key);
        let people = || self.people_options();
        let field_kind = match def.kind {
            Kind::Flag => FieldKind::Flag,
            Kind::Tri => FieldKind::Tri,
            Kind::Code(list) => FieldKind::Choice(self.vocab_options(list)),
            Kind::Codes(list, max) => FieldKind::Multi { options: self.vocab_options(list), max },
            Kind::Person | Kind::People => FieldKind::Suggest(people()),
            Kind::Side(_) => FieldKind::Suggest(self.side_options()),
            Kind::Refs(_) | Kind::Links(_) => FieldKind::Multi { options: Rc::default(), max: usize::MAX },
            Kind::Ref(_) | Kind::Subject if lookup_of(def).is_some() => FieldKind::Choice(Rc::default()),
            _ => FieldKind::Text,
        };
        let field = FormField::new(def.key, label, field_kind);
        let field = match lookup_of(def) {
            Some(what) => field.looked_up(self.known_options(what, value)),
            None => field,
        };
        let field = match def.kind {
            Kind::Text(max) | Kind::Side(max) => field.limited(max),
            Kind::Money => field.money(),
            _ => field,
        };
        if def.required { field.required() } else { field }
    }

    fn build_form(&self, kind: RecordKind, title: String, draft: &Draft) -> Form {
        let mut fields: Vec<FormField> =
            kind.def().form_fields().map(|def| self.form_field(kind, def, draft)).collect();
        if kind == RecordKind::Visit {
            let at = fields.iter().position(|f| f.key == "follow_up_date").map_or(fields.len(), |i| i + 1);
            let label = self.labels.field(kind.label_prefix(), CREATE_TASK);
            fields.insert(at, FormField::new(CREATE_TASK, label, FieldKind::Flag));
        }
        let mut form = Form::new(title, fields, draft);
        if kind == RecordKind::Step {
            super::save::mark_step_needs(&mut form);
        }
        form
    }

    /// "新增帮扶措施 · 柳林村 王秀英": a household's part names its household, so the
    /// cadre sees whose measure, income or step she is typing.
    fn title(&self, kind: RecordKind, new: bool, draft: &Draft) -> String {
        let what = self.t(&format!("record.{}", kind.label_prefix())).to_string();
        let title = self.labels.f(if new { "form.title_new" } else { "form.title_edit" }, &[("what", &what)]);
        let household = draft.get("household_id");
        if kind == RecordKind::Household || household.is_empty() {
            return title;
        }
        match self.store.household_label(household) {
            Ok(Some((head, village))) => format!("{title} · {village} {head}"),
            _ => title,
        }
    }

    pub fn open_new_form(&mut self, kind: RecordKind, preset: Draft) {
        let mut form = self.build_form(kind, self.title(kind, true, &preset), &preset);
        // The first field a person needs to type: the rest often has a sensible preset.
        let first = match kind {
            RecordKind::Household if !preset.get("village_id").is_empty() => "head_name",
            RecordKind::Visit if !preset.get("household_id").is_empty() => "visitors",
            RecordKind::Threshold if !preset.get("province").is_empty() => "amount",
            _ => kind.def().form_fields().next().map_or("", |f| f.key),
        };
        form.focus_key(first);
        self.popups.push(Popup::Form(Box::new(OpenForm { kind, record_id: String::new(), form })));
    }

    pub fn open_edit_form(&mut self, kind: RecordKind, id: &str) {
        let draft =
            crate::domain::registry::with_record!(kind, T => self.store.get::<T>(id).map(|r| r.map(|r| r.to_draft())));
        let draft = match draft {
            Ok(Some(d)) => d,
            Ok(None) => return,
            Err(e) => {
                self.status = Some(self.store_error_text(&e));
                return;
            }
        };
        // Editing a member shows the ID number in full, so it is recorded like `r`.
        let holds_number = kind.def().fields.iter().any(|f| f.masked && !draft.get(f.key).is_empty());
        if holds_number {
            let detail = format!("{} ({})", self.record_name(kind, id), self.store.path().display());
            if let Err(e) = self.store.record_disclosure("form", &detail) {
                self.status = Some(self.store_error_text(&e));
                return;
            }
        }
        let form = self.build_form(kind, self.title(kind, false, &draft), &draft);
        self.popups.push(Popup::Form(Box::new(OpenForm { kind, record_id: id.to_string(), form })));
    }

    /// A looked-up field's picker asks for the records matching what is typed.
    pub(super) fn look_up(&mut self, field: &'static str) {
        let Some(Popup::Form(open)) = self.popups.last() else { return };
        let Some(what) = open.kind.def().field(field).and_then(lookup_of) else { return };
        let query = Query::parse(&open.form.picker_query());
        let found = match self.store.lookup(what, &query, LOOKUP_LIMIT, self.today) {
            Ok(found) => found,
            Err(e) => {
                self.status = Some(self.store_error_text(&e));
                return;
            }
        };
        let options = found.iter().map(|f| ChoiceOption::new(&f.code, &f.label, &f.detail)).collect();
        if let Some(Popup::Form(open)) = self.popups.last_mut() {
            open.form.set_options(field, options);
        }
    }
}

/// New records started from where the cadre stands.
impl App {
    /// What a new record of this kind starts with, from where the cadre stands.
    pub(super) fn preset_for(&self, kind: RecordKind) -> Draft {
        let village = self.selected_id(Tab::Villages).unwrap_or_default();
        match kind {
            RecordKind::Household | RecordKind::Project => Draft::default().with("village_id", village),
            // 走访人: who this session works as, chosen once on 人员 with b.
            RecordKind::Visit => Draft::default()
                .with("date", format_date(self.today))
                .with("visit_type", "home")
                .with("visitors", self.works_as().map(|c| c.name).unwrap_or_default()),
            RecordKind::Threshold => {
                // The province of the ledger's villages, this year: the line most often missing.
                let province = self.store.ledger_province().ok().flatten().unwrap_or_default();
                Draft::default().with("province", province).with("year", self.today.format("%Y").to_string())
            }
            RecordKind::Task => Draft::default().with("status", crate::domain::task::STATUS_NOT_STARTED),
            RecordKind::Need => {
                Draft::default().with("status", crate::domain::task::STATUS_NOT_STARTED).with("village_id", village)
            }
            _ => Draft::default(),
        }
    }

    /// `v`: a visit for the selected household, dated today.
    pub(super) fn start_visit(&mut self, household: Option<String>) {
        let village = household
            .as_deref()
            .and_then(|id| self.store.get::<crate::domain::household::Household>(id).ok().flatten());
        match (household, village) {
            (Some(id), Some(h)) => {
                let preset =
                    self.preset_for(RecordKind::Visit).with("household_id", id).with("village_id", h.village_id);
                self.open_new_form(RecordKind::Visit, preset);
                if let Some(Popup::Form(open)) = self.popups.last_mut() {
                    open.form.focus_key("visitors");
                }
            }
            _ => self.status = Some(self.t("status.visit_needs_household").into()),
        }
    }

    pub(super) fn add_member(&mut self, household: Option<String>) {
        match household {
            Some(id) => self.open_new_form(RecordKind::Member, Draft::default().with("household_id", id)),
            None => self.status = Some(self.t("status.member_needs_household").into()),
        }
    }
}

#[cfg(test)]
mod lookup_tests {
    use super::lookup_of;
    use crate::domain::field::Kind;
    use crate::domain::registry::RecordKind;

    /// Every reference a form shows is picked from the ledger (a side, a village, a
    /// project …): one without a lookup would ask the person to type an id.
    #[test]
    fn every_reference_a_form_shows_has_a_picker() {
        for kind in RecordKind::ALL {
            for f in kind.def().form_fields() {
                if matches!(f.kind, Kind::Ref(_) | Kind::Refs(_) | Kind::Subject) {
                    assert!(lookup_of(f).is_some(), "{kind:?}.{} has no picker", f.key);
                }
            }
        }
    }
}
