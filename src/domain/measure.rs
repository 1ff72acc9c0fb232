//! 帮扶措施: what was done for a household (一户一策), many per household.

use super::Draft;
use super::field::{FieldDef, Kind};
use super::invalid::{Checker, Invalid};
use super::record::Validate;
use super::vocab::list;
use chrono::NaiveDate;

crate::record! {
    /// One assistance measure delivered to a household.
    pub struct Measure in "measures" as "measure" {
        household_id: String = FieldDef::new(Kind::Ref("households")).required().hidden(),
        /// 帮扶措施类别
        category: String = FieldDef::new(Kind::Code(list::MEASURE_CATEGORY)).required(),
        /// The concrete item: 小额信贷, 公益性岗位, 雨露计划, 低保 …
        item: String = FieldDef::new(Kind::Text(40)),
        start: NaiveDate = FieldDef::new(Kind::Date).required().col(&["start_date"]),
        end: Option<NaiveDate> = FieldDef::new(Kind::Date).col(&["end_date"]),
        amount: Option<i64> = FieldDef::new(Kind::Money),
        delivered_by: String = FieldDef::new(Kind::Person),
    }
}

impl Measure {
    /// Delivered by `day`: started on or before it.
    pub fn delivered_by_day(&self, day: NaiveDate) -> bool {
        self.start <= day
    }

    /// Part of the monitoring episode that began in `identified`: still running then,
    /// or started since. A measure that ended before was for an earlier risk.
    pub fn in_episode(&self, identified: Option<super::dates::YearMonth>) -> bool {
        identified.is_none_or(|m| self.end.is_none_or(|end| end >= m.first_day()))
    }
}

impl Validate for Measure {
    fn validate(&mut self, _draft: &Draft, c: &mut Checker) {
        if let Some(e) = self.end
            && !c.has_error("start")
            && e < self.start
        {
            c.fail("end", Invalid::Before { other: "measure.start".into() });
        }
    }
}

/// The measure categories that answer a risk (docs/rules.md, "Warnings"); `None` when any will do.
pub fn answering_categories(risk: &str) -> Option<&'static [&'static str]> {
    Some(match risk {
        "illness" => &["health", "social"],
        "schooling" => &["compulsory_education", "education", "social"],
        "disability" => &["welfare", "social"],
        "housing" => &["housing", "relocation"],
        "water" => &["water"],
        _ => return None,
    })
}

/// The measure category that is welfare alone (综合保障).
pub const CATEGORY_WELFARE: &str = "welfare";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Record;

    #[test]
    fn a_measure_needs_category_and_start() {
        let errors = Measure::from_draft("", &Draft::default().with("household_id", "h")).unwrap_err();
        assert_eq!(errors.iter().map(|e| e.field).collect::<Vec<_>>(), ["category", "start"]);
        let d = Draft::default()
            .with("household_id", "h")
            .with("category", "finance")
            .with("start", "2026-03-01")
            .with("amount", "5万");
        let m = Measure::from_draft("", &d).unwrap();
        assert_eq!(m.amount, Some(5_000_000));
        assert_eq!(Measure::from_draft("", &m.to_draft()).unwrap(), m);
        assert_eq!(Measure::DEF.column_names()[3..6], ["start_date", "end_date", "amount_fen"]);
    }

    #[test]
    fn risks_and_the_measures_that_answer_them() {
        assert_eq!(answering_categories("illness"), Some(&["health", "social"][..]));
        assert_eq!(answering_categories("water"), Some(&["water"][..]));
        assert_eq!(answering_categories("unstable_work"), None);
    }
}
