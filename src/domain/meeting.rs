//! 月例会 and other working meetings (季调度会, 专题会): when, who, what was decided —
//! and the tasks the decisions became, each naming its meeting (`Task::meeting_id`),
//! so a task has its source and a meeting its follow-through (docs/records.md).

use super::Draft;
use super::field::{FieldDef, Kind};
use super::invalid::Checker;
use super::record::Validate;
use chrono::NaiveDate;

/// Vocabulary: the kind of meeting.
pub const MEETING_KIND: &str = "meeting_kind";

crate::record! {
    /// A working meeting and what it decided.
    pub struct Meeting in "meetings" as "meeting" {
        title: String = FieldDef::new(Kind::Text(60)).required().width(16),
        kind: Option<String> = FieldDef::new(Kind::Code(MEETING_KIND)).width(6),
        date: NaiveDate = FieldDef::new(Kind::Date).required().past().width(10),
        /// 主持人
        host: String = FieldDef::new(Kind::Person).width(8),
        attendees: String = FieldDef::new(Kind::People).width(12),
        place: String = FieldDef::new(Kind::Text(40)),
        /// 议定事项, one per line or numbered.
        decisions: String = FieldDef::new(Kind::Text(500)),
    }
}

impl Validate for Meeting {
    fn validate(&mut self, _draft: &Draft, _c: &mut Checker) {}
}
