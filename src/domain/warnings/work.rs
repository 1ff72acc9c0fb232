//! What inspectors check beyond households (docs/warnings.md, "Projects, tasks and
//! people"): a finished project without its completion date, money paid beyond what
//! arrived or arrived beyond what was planned, an overdue task nobody has reported
//! on, a helper nobody can call. Each is computed from its own record.

use super::{Fact, Warning, rule};
use crate::domain::cadre::Cadre;
use crate::domain::project::{Project, STARTED_STATUSES};
use crate::domain::record::Record;
use crate::domain::registry::{OwnWarnings, ReadRecord};
use crate::domain::task::{Task, TaskNote};

/// A warning about one record that is not a household's.
pub fn record_warning(rule: &'static str, table: &str, id: &str, facts: Vec<(&'static str, Fact)>) -> Warning {
    Warning {
        rule: rule.into(),
        table: table.into(),
        record_id: id.into(),
        household_id: None,
        facts: facts.into_iter().map(|(k, f)| (k.to_string(), f)).collect(),
        from: None,
        until: None,
    }
}

pub fn project_warnings(p: &Project) -> Vec<Warning> {
    let mut out = Vec::new();
    let table = Project::DEF.table;
    let name = || ("name", Fact::Text(p.name.clone()));
    // 已完工 and after (已验收, 已移交); 已开工 is the first of STARTED_STATUSES.
    let finished = p.status.as_deref().is_some_and(|s| STARTED_STATUSES.get(1..).is_some_and(|f| f.contains(&s)));
    if let (true, None, Some(status)) = (finished, p.completed_on, p.status.as_deref()) {
        let facts = vec![
            name(),
            ("status", Fact::Code { list: crate::domain::vocab::list::PROJECT_STATUS.into(), code: status.into() }),
        ];
        out.push(record_warning(rule::PROJECT_COMPLETED_WITHOUT_DATE, table, &p.id, facts));
    }
    let planned = p.planned_total_fen();
    if p.paid > p.arrived || (planned > 0 && p.arrived > planned) {
        let facts = vec![
            name(),
            ("planned", Fact::Money(planned)),
            ("arrived", Fact::Money(p.arrived)),
            ("paid", Fact::Money(p.paid)),
        ];
        out.push(record_warning(rule::PROJECT_FUNDS_OUT_OF_ORDER, table, &p.id, facts));
    }
    out
}

/// A project naming — itself or by an arrival — a 帮扶方 none of the ledger's sides
/// is: its money and the project count toward no side until the name is one of them.
pub fn side_unknown(project: &str, name: &str, party: &str) -> Warning {
    let facts = vec![("name", Fact::Text(name.into())), ("party", Fact::Text(party.into()))];
    record_warning(rule::SIDE_UNKNOWN, Project::DEF.table, project, facts)
}

/// An open task past its deadline with no progress note: from the day after the
/// deadline until the first note (never, while there is none).
pub fn task_warnings(t: &Task, notes: &[TaskNote]) -> Vec<Warning> {
    let Some(deadline) = t.deadline.filter(|_| t.is_open()) else { return Vec::new() };
    let first_note = notes.iter().map(|n| n.date).min();
    let from = deadline.succ_opt();
    if first_note.is_some_and(|n| n <= deadline) {
        return Vec::new();
    }
    let facts = vec![
        ("title", Fact::Text(t.title.clone())),
        ("owner", Fact::Text(t.owner.clone())),
        ("deadline", Fact::Date(deadline)),
    ];
    let mut w = record_warning(rule::TASK_OVERDUE_WITHOUT_NOTE, Task::DEF.table, &t.id, facts);
    w.from = from;
    w.until = first_note;
    vec![w]
}

pub fn cadre_warnings(c: &Cadre) -> Vec<Warning> {
    if c.phone.as_deref().is_some_and(|p| !p.trim().is_empty()) {
        return Vec::new();
    }
    vec![record_warning(rule::HELPER_NO_PHONE, Cadre::DEF.table, &c.id, vec![("name", Fact::Text(c.name.clone()))])]
}

impl OwnWarnings for Project {
    fn own_warnings<S: ReadRecord>(&self, _: &S) -> Result<Vec<Warning>, S::Error> {
        Ok(project_warnings(self))
    }
    fn warning_village(&self) -> Option<String> {
        self.village_id.clone()
    }
}

/// A task's warning needs its notes (progress by the deadline).
impl OwnWarnings for Task {
    fn own_warnings<S: ReadRecord>(&self, source: &S) -> Result<Vec<Warning>, S::Error> {
        let notes: Vec<TaskNote> = source.children("task_id", &self.id)?;
        Ok(task_warnings(self, &notes))
    }
}

impl OwnWarnings for Cadre {
    fn own_warnings<S: ReadRecord>(&self, _: &S) -> Result<Vec<Warning>, S::Error> {
        Ok(cadre_warnings(self))
    }
}
