//! 帮扶干部 and 帮扶责任人: the people who do the work, picked by name in forms.

use super::Draft;
use super::dates::YearMonth;
use super::field::{FieldDef, Kind};
use super::invalid::{Checker, Invalid};
use super::record::Validate;
use super::vocab::list;
use chrono::{Datelike, NaiveDate};

crate::record! {
    /// One of the ledger's people.
    pub struct Cadre in "cadres" as "cadre" {
        name: String = FieldDef::new(Kind::Name).required(),
        /// 派出单位
        unit: String = FieldDef::new(Kind::Text(40)).width(12),
        role: Option<String> = FieldDef::new(Kind::Code(list::CADRE_ROLE)).width(12),
        phone: Option<String> = FieldDef::new(Kind::Phone).width(11),
        /// Ids of the villages the person works in.
        villages: Vec<String> = FieldDef::new(Kind::Refs("villages")),
        term_start: Option<NaiveDate> = FieldDef::new(Kind::Date),
        term_end: Option<NaiveDate> = FieldDef::new(Kind::Date),
    }
}

impl Validate for Cadre {
    fn validate(&mut self, _draft: &Draft, c: &mut Checker) {
        if let (Some(s), Some(e)) = (self.term_start, self.term_end)
            && e < s
        {
            c.fail("term_end", Invalid::Before { other: "cadre.term_start".into() });
        }
    }
}

/// The kinds of leave the 干部人才管理服务台账 counts, as fields of an attendance record.
pub const LEAVE_KINDS: [&str; 3] = ["sick_leave", "personal_leave", "official_leave"];

crate::record! {
    /// A cadre's month in the village (在村天数) and leave (病假/事假/公假), one record per
    /// cadre and month.
    pub struct Attendance in "attendance" as "attendance" {
        cadre_id: String = FieldDef::new(Kind::Ref("cadres")).required().hidden(),
        month: YearMonth = FieldDef::new(Kind::Month).required().past(),
        days_in_village: i64 = FieldDef::new(Kind::Int(0, 31)).required(),
        /// 病假, 事假, 公假 (days).
        sick_leave: i64 = FieldDef::new(Kind::Int(0, 31)),
        personal_leave: i64 = FieldDef::new(Kind::Int(0, 31)),
        official_leave: i64 = FieldDef::new(Kind::Int(0, 31)),
        notes: String = FieldDef::new(Kind::Text(100)),
    }
}

impl Validate for Attendance {
    /// Days in the village and on leave fit in the month together (a day of leave is
    /// a day away).
    fn validate(&mut self, _draft: &Draft, c: &mut Checker) {
        let days = self.month.last_day().day() as i64;
        if self.days_in_village > days {
            c.fail("days_in_village", Invalid::MonthDays { days });
        } else if self.days_in_village + self.leave_days() > days {
            c.fail("sick_leave", Invalid::MonthDays { days });
        }
    }
}

impl Attendance {
    pub fn leave_days(&self) -> i64 {
        self.sick_leave + self.personal_leave + self.official_leave
    }
}
