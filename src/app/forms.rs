//! Which fields each form has, in what order, of what kind, and with which choices.

use super::{App, FormKind, OpenForm, Popup};
use crate::domain::household::MAX_RISKS;
use crate::domain::vocab::list;
use crate::domain::{Draft, cadre, household, income, measure, member, monitoring, project, schedule, village};
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
    Villages,
    Household,
    Households,
    /// A task's subject: any village, household or project.
    Subject,
    /// One person's name, suggested from the people records.
    Person,
    /// Several names joined by 、.
    People,
}

/// A visit's form, and whether its follow-up becomes a task.
pub const VISIT_FORM_FIELDS: &[&str] = &[
    "household_id",
    "village_id",
    "date",
    "visit_type",
    "visitors",
    "checks",
    "new_risks",
    "requests",
    "actions",
    "follow_up_date",
    "create_task",
    "confirmed",
];

/// A task's form edits its subject as one field, `kind:id`.
pub const TASK_FIELDS: &[&str] =
    &["title", "source", "subject", "lead_unit", "owner", "deadline", "status", "evidence", "closed_on", "closed_by"];

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
        (Visit, "confirmed" | "create_task") => Spec::Flag,
        (Household, "helper") | (Visit, "task_owner") => Spec::Person,
        (Visit, "visitors") => Spec::People,
        (Step, "step") => Spec::Vocab(list::MONITORING_STEP),
        (Step, "channel") => Spec::Vocab(list::CLUE_CHANNEL),
        (Step, "category") => Spec::Vocab(list::MONITOR_CATEGORY),
        (Step, "method") => Spec::Vocab(list::ELIMINATION_METHOD),
        (Step | TaskNote, "by") | (Measure, "delivered_by") | (Task, "owner" | "closed_by") => Spec::Person,
        (Measure, "category") => Spec::Vocab(list::MEASURE_CATEGORY),
        (Income, "before_identification") => Spec::Flag,
        (Task, "source") => Spec::Vocab(list::TASK_SOURCE),
        (Task, "status") => Spec::Vocab(list::TASK_STATUS),
        (Task, "subject") => Spec::Subject,
        (Cadre, "role") => Spec::Vocab(list::CADRE_ROLE),
        (Cadre, "villages") => Spec::Villages,
        (VisitRule, "group") => Spec::Vocab(list::VISIT_GROUP),
        (VisitRule, "period") => Spec::Vocab(list::VISIT_PERIOD),
        _ => Spec::Text,
    }
}

fn fields_of(kind: FormKind) -> &'static [&'static str] {
    match kind {
        FormKind::Village => village::FIELDS,
        FormKind::Household => household::FIELDS,
        FormKind::Member => member::FIELDS,
        FormKind::Project => project::FIELDS,
        FormKind::Visit => VISIT_FORM_FIELDS,
        FormKind::Step => monitoring::FIELDS,
        FormKind::Measure => measure::FIELDS,
        FormKind::Income => income::FIELDS,
        FormKind::Task => TASK_FIELDS,
        FormKind::TaskNote => crate::domain::task::NOTE_FIELDS,
        FormKind::Cadre => cadre::FIELDS,
        FormKind::Threshold => income::THRESHOLD_FIELDS,
        FormKind::VisitRule => schedule::FIELDS,
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
            | (FormKind::Step, "step" | "date" | "by")
            | (FormKind::Measure, "category" | "start")
            | (FormKind::Income, "year")
            | (FormKind::Task, "title" | "owner")
            | (FormKind::TaskNote, "date" | "text")
            | (FormKind::Cadre, "name")
            | (FormKind::Threshold, "province" | "year" | "amount")
            | (FormKind::VisitRule, "group" | "visits" | "period")
    )
}

/// Choice lists are built once per form; a county's 20,000 households included.
#[derive(Default)]
struct Choices {
    villages: Option<Rc<Vec<ChoiceOption>>>,
    households: Option<Rc<Vec<ChoiceOption>>>,
    people: Option<Rc<Vec<ChoiceOption>>>,
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

    /// People's names, each with role and unit to tell namesakes apart.
    fn people_options(&self, cache: &mut Choices) -> Rc<Vec<ChoiceOption>> {
        cache
            .people
            .get_or_insert_with(|| {
                Rc::new(
                    self.ledger
                        .work
                        .cadres
                        .iter()
                        .map(|c| {
                            let role =
                                c.role.as_deref().map_or("", |r| self.vocab.label(list::CADRE_ROLE, r, self.lang));
                            ChoiceOption::new(&c.name, &c.name, &format!("{role} {}", c.unit))
                        })
                        .collect(),
                )
            })
            .clone()
    }

    /// Villages, households and projects, as `kind:id`, for what a task concerns.
    fn subject_options(&self) -> Rc<Vec<ChoiceOption>> {
        let l = &self.ledger;
        let village = self.vocab.label(list::SUBJECT_KIND, "village", self.lang);
        let household = self.vocab.label(list::SUBJECT_KIND, "household", self.lang);
        let project = self.vocab.label(list::SUBJECT_KIND, "project", self.lang);
        let mut options: Vec<ChoiceOption> =
            l.villages.iter().map(|v| ChoiceOption::new(&format!("village:{}", v.id), &v.name, village)).collect();
        options.extend(l.households.iter().map(|h| {
            ChoiceOption::new(
                &format!("household:{}", h.id),
                &h.head_name,
                &format!("{household} {}", l.village_name(&h.village_id)),
            )
        }));
        options.extend(l.projects.iter().map(|p| ChoiceOption::new(&format!("project:{}", p.id), &p.name, project)));
        Rc::new(options)
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
                    Spec::Villages => FieldKind::Multi { options: self.village_options(&mut cache), max: usize::MAX },
                    Spec::Subject => FieldKind::Choice(self.subject_options()),
                    Spec::Person | Spec::People => FieldKind::Suggest(self.people_options(&mut cache)),
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
            FormKind::Step => "record.step",
            FormKind::Measure => "record.measure",
            FormKind::Income => "record.income",
            FormKind::Task => "record.task",
            FormKind::TaskNote => "record.task_note",
            FormKind::Cadre => "record.cadre",
            FormKind::Threshold => "record.threshold",
            FormKind::VisitRule => "record.visit_rule",
        });
        self.labels.f(if new { "form.title_new" } else { "form.title_edit" }, &[("what", what)])
    }

    pub fn open_new_form(&mut self, kind: FormKind, preset: Draft) {
        let mut form = self.build_form(kind, self.title(kind, true), &preset);
        // The first field a person needs to type: the rest often has a sensible preset.
        let first = match kind {
            FormKind::Household if !preset.get("village_id").is_empty() => "head_name",
            FormKind::Visit if !preset.get("household_id").is_empty() => "visitors",
            FormKind::Threshold if !preset.get("province").is_empty() => "amount",
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
            FormKind::Step => l.work.events.iter().find(|e| e.id == id).map(|e| e.to_draft()),
            FormKind::Measure => l.work.measures.iter().find(|m| m.id == id).map(|m| m.to_draft()),
            FormKind::Income => l.work.incomes.iter().find(|i| i.id == id).map(|i| i.to_draft()),
            FormKind::Task => l.work.tasks.iter().find(|t| t.id == id).map(task_draft),
            FormKind::TaskNote => l.work.task_notes.iter().find(|n| n.id == id).map(|n| n.to_draft()),
            FormKind::Cadre => l.work.cadres.iter().find(|c| c.id == id).map(|c| c.to_draft()),
            FormKind::Threshold => l.work.thresholds.iter().find(|t| t.id == id).map(|t| t.to_draft()),
            FormKind::VisitRule => l.work.rules.iter().find(|r| r.id == id).map(|r| r.to_draft()),
        };
        let Some(draft) = draft else { return };
        let form = self.build_form(kind, self.title(kind, false), &draft);
        self.popups.push(Popup::Form(Box::new(OpenForm { kind, record_id: id.to_string(), form })));
    }
}

/// A task as its form shows it: the subject as one `kind:id` field.
pub fn task_draft(t: &crate::domain::task::Task) -> Draft {
    let mut d = t.to_draft();
    if let (Some(kind), Some(id)) = (&t.subject_kind, &t.subject_id) {
        d.set("subject", format!("{kind}:{id}"));
    }
    d
}

/// The form's `subject` back into the two fields a task keeps.
pub fn split_subject(d: &mut Draft) {
    let subject = d.get("subject").to_string();
    let (kind, id) = subject.split_once(':').unwrap_or(("", ""));
    d.set("subject_kind", kind);
    d.set("subject_id", id);
}
