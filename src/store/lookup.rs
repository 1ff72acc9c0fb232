//! What pickers in forms look up in the ledger as a person types: villages,
//! households, projects, or any of them as what a task concerns.

use super::RecordList;
use super::Store;
use super::error::Result;
use super::list_rows::{HouseholdRow, ProjectRow};
use super::lists::{ListKind, ListQuery, ListRow, TaskView};
use crate::domain::cooperation::Party;
use crate::domain::household::Household;
use crate::domain::project::Project;
use crate::domain::registry::RecordKind;
use crate::domain::search::Query;
use crate::domain::task::{SUBJECT_HOUSEHOLD, SUBJECT_PROJECT, SUBJECT_VILLAGE, Task};
use crate::domain::village::Village;
use chrono::NaiveDate;

/// What a picker in a form looks up in the ledger, as the person types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lookup {
    Villages,
    Households,
    Projects,
    /// An assisting side (帮扶方), by its name.
    Parties,
    /// A task, by its title (what answers a need).
    Tasks,
    /// A village, a household or a project, as `kind:id`.
    Subjects,
}

/// One option a lookup found: the value kept, what the person reads, a second column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub code: String,
    pub label: String,
    pub detail: String,
}

impl Store {
    /// The first `limit` records matching what was typed, as options of a picker.
    pub fn lookup(&self, what: Lookup, query: &Query, limit: usize, today: NaiveDate) -> Result<Vec<Found>> {
        let list = |kind| ListQuery { kind, filter: query.clone(), today };
        let rows = |kind| self.list_window(&list(kind), 0, limit, limit);
        Ok(match what {
            Lookup::Villages => rows(ListKind::Villages)?.iter().map(|r| village_found(r, "")).collect(),
            Lookup::Households => rows(ListKind::Households)?.iter().map(|r| household_found(r, "")).collect(),
            Lookup::Projects => rows(ListKind::Projects)?.iter().map(|r| project_found(r, "")).collect(),
            Lookup::Parties => rows(ListKind::Records(&SIDES))?.iter().map(party_found).collect(),
            Lookup::Tasks => rows(ListKind::Tasks(TaskView::All))?.iter().map(task_found).collect(),
            Lookup::Subjects => {
                let mut found: Vec<Found> =
                    rows(ListKind::Villages)?.iter().map(|r| village_found(r, "village:")).collect();
                found.extend(rows(ListKind::Households)?.iter().map(|r| household_found(r, "household:")));
                found.extend(rows(ListKind::Projects)?.iter().map(|r| project_found(r, "project:")));
                found.truncate(limit);
                found
            }
        })
    }

    /// What a picker shows for a value it holds.
    pub fn lookup_label(&self, what: Lookup, code: &str) -> Result<Option<Found>> {
        let (kind, id) = match what {
            Lookup::Parties => {
                let party: Option<Party> = self.get(code)?;
                return Ok(party.map(|p| Found { code: code.to_string(), label: p.name, detail: p.unit }));
            }
            Lookup::Tasks => {
                let task: Option<Task> = self.get(code)?;
                return Ok(task.map(|t| Found { code: code.to_string(), label: t.title, detail: t.owner }));
            }
            Lookup::Subjects => code.split_once(':').unwrap_or(("", code)),
            Lookup::Villages => (SUBJECT_VILLAGE, code),
            Lookup::Households => (SUBJECT_HOUSEHOLD, code),
            Lookup::Projects => (SUBJECT_PROJECT, code),
        };
        let label = match kind {
            SUBJECT_HOUSEHOLD => self.household_label(id)?,
            SUBJECT_VILLAGE => Some((self.village_name(id)?, String::new())).filter(|(n, _)| !n.is_empty()),
            SUBJECT_PROJECT => {
                Some((self.subject_name(SUBJECT_PROJECT, id)?, String::new())).filter(|(n, _)| !n.is_empty())
            }
            _ => None,
        };
        Ok(label.map(|(label, detail)| Found { code: code.to_string(), label, detail }))
    }
}

/// The sides a picker offers: by name, found by pinyin like the 协作 list.
static SIDES: RecordList = RecordList { kind: RecordKind::Party, columns: &["name"], order: &["name"] };

fn party_found(r: &ListRow) -> Found {
    let p: Party = r.record();
    Found { code: r.id.clone(), label: p.name, detail: p.unit }
}

fn task_found(r: &ListRow) -> Found {
    let t: Task = r.record();
    Found { code: r.id.clone(), label: t.title, detail: t.owner }
}

fn village_found(r: &ListRow, prefix: &str) -> Found {
    let v: Village = r.record();
    Found { code: format!("{prefix}{}", r.id), label: v.name, detail: v.township }
}

fn household_found(r: &ListRow, prefix: &str) -> Found {
    let h: Household = r.record();
    let facts: HouseholdRow = r.extras();
    let detail = format!("{} {} {}", facts.village_name, h.group_name, h.number);
    Found { code: format!("{prefix}{}", r.id), label: h.head_name, detail: detail.trim().to_string() }
}

fn project_found(r: &ListRow, prefix: &str) -> Found {
    let p: Project = r.record();
    Found { code: format!("{prefix}{}", r.id), label: p.name, detail: r.extras::<ProjectRow>().village_name }
}
