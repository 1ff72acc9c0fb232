//! Which fields each form has, in what order, of what kind, and with which choices.

use super::{App, FormKind, OpenForm, Popup};
use crate::domain::household::MAX_RISKS;
use crate::domain::vocab::list;
use crate::domain::{Draft, household, member, project, village, visit};
use crate::widgets::form::{ChoiceOption, FieldKind, Form, FormField};
use std::rc::Rc;

/// How a field is edited.
enum Spec {
    Text,
    Flag,
    Tri,
    Vocab(&'static str),
    VocabMulti(&'static str, usize),
    Village,
    Household,
    Households,
}

fn spec(kind: FormKind, key: &str) -> Spec {
    use FormKind::*;
    match (kind, key) {
        (Village, "key_village" | "exited") => Spec::Flag,
        (Village | Project, "assist_force") => Spec::Vocab(list::ASSIST_FORCE),
        (Household | Project | Visit, "village_id") => Spec::Village,
        (Household, "household_type") => Spec::Vocab(list::HOUSEHOLD_TYPE),
        (Household, "monitor_category") => Spec::Vocab(list::MONITOR_CATEGORY),
        (Household, "risks") => Spec::VocabMulti(list::RISK, MAX_RISKS),
        (Household, "risk_eliminated" | "no_labor_capacity") => Spec::Flag,
        (Household, "elimination_method") => Spec::Vocab(list::ELIMINATION_METHOD),
        (Household, "school_dropout" | "no_medical_insurance" | "unsafe_housing" | "unsafe_water") => Spec::Tri,
        (Member, "id_type") => Spec::Vocab(list::ID_TYPE),
        (Member, "relation") => Spec::Vocab(list::RELATION),
        (Member, "sex") => Spec::Vocab(list::SEX),
        (Member, "ethnicity") => Spec::Vocab(list::ETHNICITY),
        (Member, "education") => Spec::Vocab(list::EDUCATION),
        (Member, "schooling") => Spec::Vocab(list::SCHOOLING),
        (Member, "health") => Spec::Vocab(list::HEALTH),
        (Member, "labor_skill") => Spec::Vocab(list::LABOR_SKILL),
        (Member, "work_status") => Spec::Vocab(list::WORK_STATUS),
        (Member, "welfare") => Spec::Vocab(list::WELFARE),
        (Member, "medical_insurance" | "serious_illness_insurance" | "pension_insurance") => Spec::Flag,
        (Project, "category") => Spec::Vocab(list::PROJECT_CATEGORY),
        (Project, "nature") => Spec::Vocab(list::PROJECT_NATURE),
        (Project, "status") => Spec::Vocab(list::PROJECT_STATUS),
        (Project, "beneficiaries") => Spec::Households,
        (Visit, "household_id") => Spec::Household,
        (Visit, "visit_type") => Spec::Vocab(list::VISIT_TYPE),
        (Visit, "checks") => Spec::VocabMulti(list::VISIT_CHECK, usize::MAX),
        (Visit, "new_risks") => Spec::VocabMulti(list::RISK, MAX_RISKS),
        (Visit, "confirmed") => Spec::Flag,
        _ => Spec::Text,
    }
}

fn fields_of(kind: FormKind) -> &'static [&'static str] {
    match kind {
        FormKind::Village => village::FIELDS,
        FormKind::Household => household::FIELDS,
        FormKind::Member => member::FIELDS,
        FormKind::Project => project::FIELDS,
        FormKind::Visit => visit::FIELDS,
    }
}

fn required(kind: FormKind, key: &str) -> bool {
    matches!(
        (kind, key),
        (FormKind::Village, "name")
            | (FormKind::Household, "village_id" | "head_name")
            | (FormKind::Member, "name")
            | (FormKind::Project, "name")
            | (FormKind::Visit, "date" | "visit_type" | "visitors")
    )
}

/// Choice lists are built once per form; a county's 20,000 households included.
#[derive(Default)]
struct Choices {
    villages: Option<Rc<Vec<ChoiceOption>>>,
    households: Option<Rc<Vec<ChoiceOption>>>,
}

impl App {
    fn vocab_options(&self, list: &str) -> Rc<Vec<ChoiceOption>> {
        Rc::new(self.vocab.choices(list).map(|e| ChoiceOption::new(&e.code, e.label(self.lang), "")).collect())
    }

    fn village_options(&self, cache: &mut Choices) -> Rc<Vec<ChoiceOption>> {
        cache
            .villages
            .get_or_insert_with(|| {
                Rc::new(self.ledger.villages.iter().map(|v| ChoiceOption::new(&v.id, &v.name, &v.township)).collect())
            })
            .clone()
    }

    fn household_options(&self, cache: &mut Choices) -> Rc<Vec<ChoiceOption>> {
        cache
            .households
            .get_or_insert_with(|| {
                Rc::new(
                    self.ledger
                        .households
                        .iter()
                        .map(|h| {
                            let detail =
                                format!("{} {} {}", self.ledger.village_name(&h.village_id), h.group_name, h.number);
                            ChoiceOption::new(&h.id, &h.head_name, detail.trim())
                        })
                        .collect(),
                )
            })
            .clone()
    }

    fn build_form(&self, kind: FormKind, title: String, draft: &Draft) -> Form {
        let mut cache = Choices::default();
        let prefix = kind.label_prefix();
        let fields = fields_of(kind)
            .iter()
            .map(|&key| {
                let field_kind = match spec(kind, key) {
                    Spec::Text => FieldKind::Text,
                    Spec::Flag => FieldKind::Flag,
                    Spec::Tri => FieldKind::Tri,
                    Spec::Vocab(list) => FieldKind::Choice(self.vocab_options(list)),
                    Spec::VocabMulti(list, max) => FieldKind::Multi { options: self.vocab_options(list), max },
                    Spec::Village => FieldKind::Choice(self.village_options(&mut cache)),
                    Spec::Household => FieldKind::Choice(self.household_options(&mut cache)),
                    Spec::Households => {
                        FieldKind::Multi { options: self.household_options(&mut cache), max: usize::MAX }
                    }
                };
                let field = FormField::new(key, self.labels.field(prefix, key), field_kind);
                if required(kind, key) { field.required() } else { field }
            })
            .collect();
        Form::new(title, fields, draft)
    }

    fn title(&self, kind: FormKind, new: bool) -> String {
        let what = self.t(match kind {
            FormKind::Village => "record.village",
            FormKind::Household => "record.household",
            FormKind::Member => "record.member",
            FormKind::Project => "record.project",
            FormKind::Visit => "record.visit",
        });
        self.labels.f(if new { "form.title_new" } else { "form.title_edit" }, &[("what", what)])
    }

    pub fn open_new_form(&mut self, kind: FormKind, preset: Draft) {
        let mut form = self.build_form(kind, self.title(kind, true), &preset);
        // The first field a person needs to type: the rest often has a sensible preset.
        let first = match kind {
            FormKind::Household if !preset.get("village_id").is_empty() => "head_name",
            FormKind::Visit if !preset.get("household_id").is_empty() => "visitors",
            _ => fields_of(kind)[0],
        };
        form.focus_key(first);
        self.popups.push(Popup::Form(Box::new(OpenForm { kind, record_id: String::new(), form })));
    }

    pub fn open_edit_form(&mut self, kind: FormKind, id: &str) {
        let l = &self.ledger;
        let draft = match kind {
            FormKind::Village => l.village(id).map(|v| v.to_draft()),
            FormKind::Household => l.household(id).map(|h| h.to_draft()),
            FormKind::Member => l.members.iter().find(|m| m.id == id).map(|m| m.to_draft()),
            FormKind::Project => l.projects.iter().find(|p| p.id == id).map(|p| p.to_draft()),
            FormKind::Visit => l.visits.iter().find(|v| v.id == id).map(|v| v.to_draft()),
        };
        let Some(draft) = draft else { return };
        let form = self.build_form(kind, self.title(kind, false), &draft);
        self.popups.push(Popup::Form(Box::new(OpenForm { kind, record_id: id.to_string(), form })));
    }
}
