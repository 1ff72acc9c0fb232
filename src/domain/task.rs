//! 清单事项: the 清单制 + 责任制 + 销号制 loop — every item on a list, with an owner
//! and a deadline, closed out (销号) explicitly with evidence.

use super::dates::{format_date, parse_optional_date, stored_date};
use super::invalid::{Checker, optional};
use super::{Draft, FieldError, FieldValue, Fields, Invalid, Record};
use chrono::NaiveDate;

pub const STATUS_NOT_STARTED: &str = "not_started";
pub const STATUS_IN_PROGRESS: &str = "in_progress";
pub const STATUS_DONE: &str = "done";
pub const STATUS_CLOSED: &str = "closed";

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Task {
    pub id: String,
    pub title: String,
    /// Vocabulary `task_source`: a visit, 需求清单, 问题清单, 重点任务 …
    pub source: Option<String>,
    /// What the task concerns: `village`, `household` or `project`, and its id.
    pub subject_kind: Option<String>,
    pub subject_id: Option<String>,
    /// 牵头单位
    pub lead_unit: String,
    /// 责任人
    pub owner: String,
    pub deadline: Option<NaiveDate>,
    pub status: String,
    pub evidence: String,
    pub closed_on: Option<NaiveDate>,
    pub closed_by: String,
    /// The visit it came from, when it did.
    pub visit_id: Option<String>,
}

pub const FIELDS: &[&str] = &[
    "title",
    "source",
    "subject_kind",
    "subject_id",
    "lead_unit",
    "owner",
    "deadline",
    "status",
    "evidence",
    "closed_on",
    "closed_by",
];

impl Task {
    pub fn is_open(&self) -> bool {
        self.status != STATUS_CLOSED && self.status != STATUS_DONE
    }

    /// Past its deadline and not finished.
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        self.is_open() && self.deadline.is_some_and(|d| d < today)
    }

    pub fn to_draft(&self) -> Draft {
        let date = |d: &Option<NaiveDate>| d.map(format_date).unwrap_or_default();
        Draft::default()
            .with("title", &self.title)
            .with("source", self.source.clone().unwrap_or_default())
            .with("subject_kind", self.subject_kind.clone().unwrap_or_default())
            .with("subject_id", self.subject_id.clone().unwrap_or_default())
            .with("lead_unit", &self.lead_unit)
            .with("owner", &self.owner)
            .with("deadline", date(&self.deadline))
            .with("status", &self.status)
            .with("evidence", &self.evidence)
            .with("closed_on", date(&self.closed_on))
            .with("closed_by", &self.closed_by)
            .with("visit_id", self.visit_id.clone().unwrap_or_default())
    }

    /// Closing out (已销号) needs who, when and the evidence: that is what inspectors ask for.
    pub fn from_draft(id: &str, d: &Draft) -> Result<Task, Vec<FieldError>> {
        let mut c = Checker::default();
        let title = c.required("title", d.get("title"));
        let owner = c.required("owner", d.get("owner"));
        let deadline = c.check("deadline", parse_optional_date(d.get("deadline"))).flatten();
        let status = optional(d.get("status")).unwrap_or(STATUS_NOT_STARTED).to_string();
        let closed_on = c.check("closed_on", parse_optional_date(d.get("closed_on"))).flatten();
        if status == STATUS_CLOSED {
            if d.get("closed_on").trim().is_empty() {
                c.fail("closed_on", Invalid::Required);
            }
            if d.get("closed_by").trim().is_empty() {
                c.fail("closed_by", Invalid::Required);
            }
            if d.get("evidence").trim().is_empty() {
                c.fail("evidence", Invalid::Required);
            }
        }
        let subject_kind = optional(d.get("subject_kind")).map(str::to_string);
        let subject_id = optional(d.get("subject_id")).map(str::to_string);
        c.finish(|| Task {
            id: id.to_string(),
            title: title.unwrap_or_default(),
            source: optional(d.get("source")).map(str::to_string),
            subject_kind: subject_id.as_ref().and(subject_kind),
            subject_id,
            lead_unit: d.get("lead_unit").trim().to_string(),
            owner: owner.unwrap_or_default(),
            deadline,
            status,
            evidence: d.get("evidence").trim().to_string(),
            closed_on,
            closed_by: d.get("closed_by").trim().to_string(),
            visit_id: optional(d.get("visit_id")).map(str::to_string),
        })
    }
}

impl Record for Task {
    const TABLE: &'static str = "tasks";
    fn id(&self) -> &str {
        &self.id
    }
    fn set_id(&mut self, id: String) {
        self.id = id;
    }
    fn columns(&self) -> Vec<(&'static str, FieldValue)> {
        let t = |v: &Option<String>| FieldValue::opt_text(v.as_deref());
        let date = |d: &Option<NaiveDate>| FieldValue::opt_text(d.map(format_date).as_deref());
        vec![
            ("title", FieldValue::text(&self.title)),
            ("source", t(&self.source)),
            ("subject_kind", t(&self.subject_kind)),
            ("subject_id", t(&self.subject_id)),
            ("lead_unit", FieldValue::text(&self.lead_unit)),
            ("owner", FieldValue::text(&self.owner)),
            ("deadline", date(&self.deadline)),
            ("status", FieldValue::text(&self.status)),
            ("evidence", FieldValue::text(&self.evidence)),
            ("closed_on", date(&self.closed_on)),
            ("closed_by", FieldValue::text(&self.closed_by)),
            ("visit_id", t(&self.visit_id)),
        ]
    }
    fn from_fields(id: String, f: &Fields) -> Self {
        Task {
            id,
            title: f.text("title"),
            source: f.opt_text("source"),
            subject_kind: f.opt_text("subject_kind"),
            subject_id: f.opt_text("subject_id"),
            lead_unit: f.text("lead_unit"),
            owner: f.text("owner"),
            deadline: stored_date(&f.text("deadline")),
            status: f.text("status"),
            evidence: f.text("evidence"),
            closed_on: stored_date(&f.text("closed_on")),
            closed_by: f.text("closed_by"),
            visit_id: f.opt_text("visit_id"),
        }
    }
}

/// A dated progress note on a task.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct TaskNote {
    pub id: String,
    pub task_id: String,
    pub date: NaiveDate,
    pub text: String,
    pub by: String,
}

pub const NOTE_FIELDS: &[&str] = &["date", "text", "by"];

impl TaskNote {
    pub fn to_draft(&self) -> Draft {
        Draft::default()
            .with("task_id", &self.task_id)
            .with("date", format_date(self.date))
            .with("text", &self.text)
            .with("by", &self.by)
    }

    pub fn from_draft(id: &str, d: &Draft) -> Result<TaskNote, Vec<FieldError>> {
        let mut c = Checker::default();
        let task_id = c.required("task_id", d.get("task_id"));
        let date = c.required_date("date", d.get("date"));
        let text = c.required("text", d.get("text"));
        c.finish(|| TaskNote {
            id: id.to_string(),
            task_id: task_id.unwrap_or_default(),
            date: date.unwrap_or_default(),
            text: text.unwrap_or_default(),
            by: d.get("by").trim().to_string(),
        })
    }
}

impl Record for TaskNote {
    const TABLE: &'static str = "task_notes";
    fn id(&self) -> &str {
        &self.id
    }
    fn set_id(&mut self, id: String) {
        self.id = id;
    }
    fn columns(&self) -> Vec<(&'static str, FieldValue)> {
        vec![
            ("task_id", FieldValue::text(&self.task_id)),
            ("date", FieldValue::Text(format_date(self.date))),
            ("text", FieldValue::text(&self.text)),
            ("by_name", FieldValue::text(&self.by)),
        ]
    }
    fn from_fields(id: String, f: &Fields) -> Self {
        TaskNote {
            id,
            task_id: f.text("task_id"),
            date: stored_date(&f.text("date")).unwrap_or_default(),
            text: f.text("text"),
            by: f.text("by_name"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, d).unwrap()
    }

    #[test]
    fn closing_out_needs_who_when_and_evidence() {
        let d = Draft::default().with("title", "修缮危房").with("owner", "李明").with("status", STATUS_CLOSED);
        let fields: Vec<_> = Task::from_draft("", &d).unwrap_err().into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["closed_on", "closed_by", "evidence"]);
        let d = d.with("closed_on", "2026-11-20").with("closed_by", "王书记").with("evidence", "验收照片3张");
        assert!(Task::from_draft("", &d).is_ok());
    }

    #[test]
    fn overdue_means_open_and_past_the_deadline() {
        let mut t = Task { deadline: Some(day(11, 20)), status: STATUS_IN_PROGRESS.into(), ..Task::default() };
        assert!(!t.is_overdue(day(11, 20)));
        assert!(t.is_overdue(day(11, 21)));
        t.status = STATUS_CLOSED.into();
        assert!(!t.is_overdue(day(12, 31)));
    }
}
