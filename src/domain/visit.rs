//! 走访记录: a visit to a household (or a village-level visit).

use super::Draft;
use super::field::{FieldDef, Kind};
use super::invalid::{Checker, Invalid};
use super::record::Validate;
use super::vocab::list;
use chrono::NaiveDate;

crate::record! {
    /// One visit, as written on the paper record.
    pub struct Visit in "visits" as "visit" {
        household_id: Option<String> = FieldDef::new(Kind::Ref("households")),
        /// The household's village, or the village of a village-level visit.
        village_id: String = FieldDef::new(Kind::Ref("villages")),
        date: NaiveDate = FieldDef::new(Kind::Date).required().past(),
        visit_type: String = FieldDef::new(Kind::Code(list::VISIT_TYPE)).required().width(8),
        /// Names of the visitors, usually two.
        visitors: String = FieldDef::new(Kind::People).required(),
        checks: Vec<String> = FieldDef::new(Kind::Codes(list::VISIT_CHECK, 16)),
        new_risks: Vec<String> = FieldDef::new(Kind::Codes(list::RISK, 5)),
        requests: String = FieldDef::new(Kind::Text(200)),
        actions: String = FieldDef::new(Kind::Text(200)),
        follow_up_date: Option<NaiveDate> = FieldDef::new(Kind::Date),
        confirmed: bool = FieldDef::new(Kind::Flag),
    }
}

/// Visit types made at the home (入户走访, 慰问, 集中排查, 入户核查): what a rule asking
/// for 入户 counts. A phone call (电话联系) and a walk-in (来访接待) are not.
pub const AT_HOME: [&str; 4] = ["home", "condolence", "screening", "verification"];

impl Visit {
    pub fn at_home(&self) -> bool {
        AT_HOME.contains(&self.visit_type.as_str())
    }
}

impl Validate for Visit {
    fn validate(&mut self, _draft: &Draft, c: &mut Checker) {
        if self.household_id.is_none() && self.village_id.is_empty() {
            c.fail("household_id", Invalid::NeedsSubject);
        }
        if let Some(f) = self.follow_up_date
            && !c.has_error("date")
            && f < self.date
        {
            c.fail("follow_up_date", Invalid::Before { other: "visit.date".into() });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{FieldError, Record};

    #[test]
    fn a_household_visit() {
        let d = Draft::default()
            .with("household_id", "h1")
            .with("village_id", "v1")
            .with("date", "2026/11/20")
            .with("visit_type", "home")
            .with("visitors", "李明、王芳")
            .with("checks", "income,housing")
            .with("follow_up_date", "2026-12-01");
        let v = Visit::from_draft("x", &d).unwrap();
        assert_eq!(v.checks, ["income", "housing"]);
        assert_eq!(Visit::from_draft("x", &v.to_draft()).unwrap(), v);
        assert_eq!(Visit::read_values("x".into(), &v.values()), v);
    }

    #[test]
    fn needs_subject_date_type_visitors() {
        let fields: Vec<_> =
            Visit::from_draft("x", &Draft::default()).unwrap_err().into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["date", "visit_type", "visitors", "household_id"]);
    }

    #[test]
    fn follow_up_not_before_the_visit() {
        let d = Draft::default()
            .with("village_id", "v1")
            .with("date", "2026-11-20")
            .with("visit_type", "home")
            .with("visitors", "李明")
            .with("follow_up_date", "2026-11-01");
        let errors = Visit::from_draft("x", &d).unwrap_err();
        assert_eq!(errors, [FieldError::new("follow_up_date", Invalid::Before { other: "visit.date".into() })]);
    }
}
