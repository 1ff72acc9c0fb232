//! 清单事项: the 清单制 + 责任制 + 销号制 loop — every item on a list, with an owner
//! and a deadline, closed out (销号) explicitly with evidence.

use super::Draft;
use super::field::{FieldDef, Kind};
use super::invalid::{Checker, Invalid};
use super::record::{Subject, Validate};
use super::visit::Visit;
use super::vocab::list;
use chrono::NaiveDate;

pub const STATUS_NOT_STARTED: &str = "not_started";
pub const STATUS_IN_PROGRESS: &str = "in_progress";
pub const STATUS_DONE: &str = "done";
pub const STATUS_CLOSED: &str = "closed";
/// The source of a task a meeting decided (月例会).
pub const SOURCE_MEETING: &str = "meeting";
/// The source of a task made from a visit's follow-up.
pub const SOURCE_VISIT: &str = "visit";
/// What a task may concern (`subject_kind`).
pub const SUBJECT_VILLAGE: &str = "village";
pub const SUBJECT_HOUSEHOLD: &str = "household";
pub const SUBJECT_PROJECT: &str = "project";
/// Days a follow-up task runs when the visit named no follow-up date.
pub const FOLLOW_UP_DAYS: u64 = 14;

crate::record! {
    /// One item of a list, with its owner and deadline.
    pub struct Task in "tasks" as "task" {
        title: String = FieldDef::new(Kind::Text(100)).required().width(16),
        /// Vocabulary `task_source`: a visit, 需求清单, 问题清单, 重点任务 …
        source: Option<String> = FieldDef::new(Kind::Code(list::TASK_SOURCE)),
        /// What the task concerns: a village, a household or a project.
        subject: Option<Subject> = FieldDef::new(Kind::Subject).col(&["subject_kind", "subject_id"]),
        /// 牵头单位
        lead_unit: String = FieldDef::new(Kind::Text(40)),
        /// 责任人
        owner: String = FieldDef::new(Kind::Person).required(),
        deadline: Option<NaiveDate> = FieldDef::new(Kind::Date),
        status: String = FieldDef::new(Kind::Code(list::TASK_STATUS)).width(6),
        evidence: String = FieldDef::new(Kind::Text(200)),
        closed_on: Option<NaiveDate> = FieldDef::new(Kind::Date).past(),
        closed_by: String = FieldDef::new(Kind::Person),
        /// The visit it came from, when it did.
        visit_id: Option<String> = FieldDef::new(Kind::Ref("visits")).hidden(),
        /// The meeting that decided it (月例会), when one did.
        meeting_id: Option<String> = FieldDef::new(Kind::Ref("meetings")).hidden(),
    }
}

impl Task {
    pub fn is_open(&self) -> bool {
        is_open_status(&self.status)
    }

    /// Past its deadline and not finished.
    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        self.is_open() && self.deadline.is_some_and(|d| d < today)
    }

    /// "生成任务": the follow-up a visit promised, as a task — the request as title, the
    /// first visitor as owner, the follow-up date (or two weeks on) as deadline.
    pub fn from_visit(v: &Visit) -> Task {
        let subject = match &v.household_id {
            Some(h) => Subject::new(SUBJECT_HOUSEHOLD, h),
            None => Subject::new(SUBJECT_VILLAGE, &v.village_id),
        };
        Task {
            title: v.requests.clone(),
            source: Some(SOURCE_VISIT.into()),
            subject: Some(subject),
            owner: v.visitors.split(['、', ',', '，']).next().unwrap_or("").trim().to_string(),
            deadline: Some(v.follow_up_date.unwrap_or(v.date + chrono::Days::new(FOLLOW_UP_DAYS))),
            status: STATUS_NOT_STARTED.into(),
            ..Task::default()
        }
    }
}

pub fn is_open_status(status: &str) -> bool {
    status != STATUS_CLOSED && status != STATUS_DONE
}

/// Closing out (已销号) needs who, when and the evidence: that is what inspectors ask for.
impl Validate for Task {
    fn validate(&mut self, _draft: &Draft, c: &mut Checker) {
        if self.status.is_empty() {
            self.status = STATUS_NOT_STARTED.into();
        }
        closing_checks(&self.status, self.closed_on, &self.closed_by, &self.evidence, c);
    }
}

/// 已销号 needs the day, who closed it out and the evidence (a task's, a need's).
pub fn closing_checks(status: &str, closed_on: Option<NaiveDate>, closed_by: &str, evidence: &str, c: &mut Checker) {
    if status != STATUS_CLOSED {
        return;
    }
    if closed_on.is_none() && !c.has_error("closed_on") {
        c.fail("closed_on", Invalid::Required);
    }
    if closed_by.is_empty() {
        c.fail("closed_by", Invalid::Required);
    }
    if evidence.is_empty() {
        c.fail("evidence", Invalid::Required);
    }
}

crate::record! {
    /// A dated progress note on a task.
    pub struct TaskNote in "task_notes" as "task_note" {
        task_id: String = FieldDef::new(Kind::Ref("tasks")).required().hidden(),
        date: NaiveDate = FieldDef::new(Kind::Date).required().past(),
        text: String = FieldDef::new(Kind::Text(200)).required(),
        by: String = FieldDef::new(Kind::Person).col(&["by_name"]),
    }
}

impl Validate for TaskNote {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Record;

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

    #[test]
    fn the_subject_is_kept_in_two_columns() {
        let d = Draft::default().with("title", "修路").with("owner", "李明").with("subject", "village:v1");
        let t = Task::from_draft("t", &d).unwrap();
        assert_eq!(t.subject, Some(Subject::new("village", "v1")));
        assert_eq!(t.status, STATUS_NOT_STARTED);
        assert_eq!(Task::read_values("t".into(), &t.values()), t);
    }

    #[test]
    fn a_visit_follow_up_becomes_a_task() {
        let v = Visit {
            household_id: Some("h1".into()),
            date: day(11, 3),
            visitors: "李明、王芳".into(),
            requests: "房屋漏雨".into(),
            ..Visit::default()
        };
        let t = Task::from_visit(&v);
        assert_eq!((t.owner.as_str(), t.deadline), ("李明", Some(day(11, 17))));
    }
}
