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

/// The measure categories that answer a risk (docs/rules.md, "Warnings"): the pairs
/// of the national guidance on matching measures to risks (因病 by 医疗救助 and 低保 as
/// well as 健康帮扶; 因残 by 康复, work and a public job as well as welfare); `None`
/// when any will do (其他).
pub fn answering_categories(risk: &str) -> Option<&'static [&'static str]> {
    Some(match risk {
        "illness" => &["health", "welfare", "social"],
        "schooling" => &["compulsory_education", "education", "social"],
        "disability" => &["welfare", "health", "employment", "public_job", "social"],
        "housing" => &["housing", "relocation"],
        "water" => &["water"],
        "unstable_work" => &["employment", "public_job"],
        "industry_failure" => &["industry", "finance"],
        "disaster" | "accident" => &["welfare", "housing", "social"],
        "lack_labor" => &["welfare", "public_job", "social"],
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
        // 因病 is answered by 医疗救助 and 低保 (综合保障) as well as 健康帮扶.
        assert!(answering_categories("illness").unwrap().contains(&"welfare"));
        // 因残 by 康复 (健康帮扶), work and a public job.
        for c in ["health", "employment", "public_job", "welfare"] {
            assert!(answering_categories("disability").unwrap().contains(&c), "{c}");
        }
        assert_eq!(answering_categories("water"), Some(&["water"][..]));
        assert_eq!(answering_categories("unstable_work"), Some(&["employment", "public_job"][..]));
        assert_eq!(answering_categories("industry_failure"), Some(&["industry", "finance"][..]));
        assert_eq!(answering_categories("accident"), answering_categories("disaster"));
        assert_eq!(answering_categories("lack_labor"), Some(&["welfare", "public_job", "social"][..]));
        assert_eq!(answering_categories("other"), None);
        // Every risk of the vocabulary but 其他 has its measures.
        let risks = crate::store::migrations::shipped_vocab();
        for e in risks.iter().filter(|e| e.list == crate::domain::vocab::list::RISK && e.code != "other") {
            assert!(answering_categories(&e.code).is_some(), "{}", e.code);
        }
    }
}
