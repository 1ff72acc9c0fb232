//! 户: a household, and whether (and how) it is under monitoring.

use super::Draft;
use super::dates::YearMonth;
use super::field::{FieldDef, Kind};
use super::invalid::{Checker, Invalid};
use super::record::Validate;
use super::vocab::list;

pub const MAX_RISKS: usize = 5;
/// 户类型 of a household lifted out of poverty (脱贫户).
pub const TYPE_LIFTED: &str = "lifted";
/// The risk 缺劳动力.
pub const RISK_LACK_LABOR: &str = "lack_labor";

crate::record! {
    /// A household: its head, where it lives, and its monitoring.
    pub struct Household in "households" as "household" {
        village_id: String = FieldDef::new(Kind::Ref("villages")).required(),
        /// 户编号; empty until the national system assigns one.
        number: String = FieldDef::new(Kind::Text(30)).width(6),
        /// 自然村/组
        group_name: String = FieldDef::new(Kind::Text(20)).width(4),
        head_name: String = FieldDef::new(Kind::Name).required(),
        phone: Option<String> = FieldDef::new(Kind::Phone),
        household_type: Option<String> = FieldDef::new(Kind::Code(list::HOUSEHOLD_TYPE)),
        /// 监测对象类别; `None` means not monitored.
        monitor_category: Option<String> = FieldDef::new(Kind::Code(list::MONITOR_CATEGORY)).width(12),
        identified_month: Option<YearMonth> = FieldDef::new(Kind::Month).past(),
        /// 致贫/返贫风险1…5, one column each as the national export has them.
        risks: Vec<String> = FieldDef::new(Kind::Codes(list::RISK, MAX_RISKS))
            .col(&["risk1", "risk2", "risk3", "risk4", "risk5"]),
        risk_eliminated: bool = FieldDef::new(Kind::Flag),
        eliminated_month: Option<YearMonth> = FieldDef::new(Kind::Month).past(),
        elimination_method: Option<String> = FieldDef::new(Kind::Code(list::ELIMINATION_METHOD)),
        /// 整户无劳动能力兜底保障户
        no_labor_capacity: bool = FieldDef::new(Kind::Flag),
        /// 帮扶责任人
        helper: String = FieldDef::new(Kind::Person),
        school_dropout: Option<bool> = FieldDef::new(Kind::Tri),
        /// 有成员未参加基本医疗保险: follows from the members (`elimination::uninsured`);
        /// kept as typed or imported only for a household with no member recorded.
        no_medical_insurance: Option<bool> = FieldDef::new(Kind::Tri).hidden(),
        unsafe_housing: Option<bool> = FieldDef::new(Kind::Tri),
        unsafe_water: Option<bool> = FieldDef::new(Kind::Tri),
        notes: String = FieldDef::new(Kind::Text(200)),
        /// The national export's columns bangfu does not model that hold one value for
        /// the whole household (JSON by header), written back on export.
        extra: String = FieldDef::new(Kind::Text(super::member::EXTRA_MAX)).hidden().col(&["national_extra"]),
    }
}

impl Household {
    pub fn is_monitored(&self) -> bool {
        self.monitor_category.is_some()
    }

    /// The household as it stood at the end of `month`: identified later, it was
    /// not yet monitored then; eliminated later, its risk was not yet eliminated.
    /// (What the dispatch figures of a month gone by count; the SQL of the current
    /// figures reads the same months.) Borrowed when nothing was later: a period's
    /// count asks this of every household for every month.
    pub fn as_of(&self, month: super::dates::YearMonth) -> std::borrow::Cow<'_, Household> {
        let later = |m: Option<super::dates::YearMonth>| m.is_some_and(|m| m > month);
        let changed = later(self.identified_month) || (self.risk_eliminated && later(self.eliminated_month));
        if !changed {
            return std::borrow::Cow::Borrowed(self);
        }
        let mut h = self.clone();
        if later(h.identified_month) {
            h.monitor_category = None;
            h.identified_month = None;
            h.risk_eliminated = false;
            h.eliminated_month = None;
        } else {
            h.risk_eliminated = false;
            h.eliminated_month = None;
        }
        std::borrow::Cow::Owned(h)
    }
}

/// A monitored household needs its identification month; an eliminated one its
/// month and method, not before the identification.
impl Validate for Household {
    fn validate(&mut self, _draft: &Draft, c: &mut Checker) {
        if self.is_monitored() && self.identified_month.is_none() && !c.has_error("identified_month") {
            c.fail("identified_month", Invalid::Required);
        }
        if !self.risk_eliminated {
            self.eliminated_month = None;
            self.elimination_method = None;
            return;
        }
        if self.eliminated_month.is_none() && !c.has_error("eliminated_month") {
            c.fail("eliminated_month", Invalid::Required);
        }
        if self.elimination_method.is_none() {
            c.fail("elimination_method", Invalid::Required);
        }
        if let (Some(from), Some(to)) = (self.identified_month, self.eliminated_month)
            && to < from
        {
            c.fail("eliminated_month", Invalid::Before { other: "household.identified_month".into() });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{FieldError, Record};

    fn monitored() -> Draft {
        Draft::default()
            .with("village_id", "v1")
            .with("head_name", "张三")
            .with("monitor_category", "unstable")
            .with("identified_month", "202603")
            .with("risks", "illness,disability")
    }

    #[test]
    fn a_monitored_household() {
        let h = Household::from_draft("h1", &monitored()).unwrap();
        assert!(h.is_monitored());
        assert_eq!(h.identified_month.unwrap().to_string(), "2026-03");
        assert_eq!(h.risks, ["illness", "disability"]);
    }

    #[test]
    fn monitoring_needs_its_month() {
        let errors = Household::from_draft("h1", &monitored().with("identified_month", "")).unwrap_err();
        assert_eq!(errors, [FieldError::new("identified_month", Invalid::Required)]);
    }

    #[test]
    fn at_most_five_risks() {
        let d = monitored().with("risks", "a,b,c,d,e,f");
        let errors = Household::from_draft("h1", &d).unwrap_err();
        assert_eq!(errors, [FieldError::new("risks", Invalid::TooMany { max: 5 })]);
    }

    #[test]
    fn elimination_needs_month_and_method_not_before_identification() {
        let d = monitored().with("risk_eliminated", "1").with("eliminated_month", "2026-01");
        let fields: Vec<_> = Household::from_draft("h1", &d).unwrap_err().into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["elimination_method", "eliminated_month"]);
    }

    #[test]
    fn needs_village_and_head() {
        let fields: Vec<_> =
            Household::from_draft("h1", &Draft::default()).unwrap_err().into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["village_id", "head_name"]);
    }

    #[test]
    fn risks_spread_over_five_columns_and_back() {
        let h = Household::from_draft("h1", &monitored().with("school_dropout", "0")).unwrap();
        assert_eq!(Household::DEF.column_names().iter().filter(|c| c.starts_with("risk")).count(), 6);
        assert_eq!(Household::read_values("h1".into(), &h.values()), h);
    }
}
