//! 走访记录: a visit to a household (or a village-level visit).

use super::dates::{format_date, parse_optional_date, stored_date};
use super::draft::flag_text;
use super::invalid::{Checker, optional};
use super::record::join_codes;
use super::{Draft, FieldError, FieldValue, Fields, Invalid, Record};
use chrono::NaiveDate;

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Visit {
    pub id: String,
    pub date: NaiveDate,
    /// Names of the visitors, usually two, as written on the paper record.
    pub visitors: String,
    pub visit_type: String,
    pub household_id: Option<String>,
    pub village_id: String,
    pub checks: Vec<String>,
    pub new_risks: Vec<String>,
    pub requests: String,
    pub actions: String,
    pub follow_up_date: Option<NaiveDate>,
    pub confirmed: bool,
}

pub const FIELDS: &[&str] = &[
    "household_id",
    "village_id",
    "date",
    "visit_type",
    "visitors",
    "checks",
    "new_risks",
    "requests",
    "actions",
    "follow_up_date",
    "confirmed",
];

impl Visit {
    pub fn to_draft(&self) -> Draft {
        Draft::default()
            .with("household_id", self.household_id.clone().unwrap_or_default())
            .with("village_id", &self.village_id)
            .with("date", format_date(self.date))
            .with("visit_type", &self.visit_type)
            .with("visitors", &self.visitors)
            .with("checks", self.checks.join(","))
            .with("new_risks", self.new_risks.join(","))
            .with("requests", &self.requests)
            .with("actions", &self.actions)
            .with("follow_up_date", self.follow_up_date.map(format_date).unwrap_or_default())
            .with("confirmed", flag_text(self.confirmed))
    }

    /// The caller fills `village_id` from the household when one is chosen.
    pub fn from_draft(id: &str, d: &Draft) -> Result<Visit, Vec<FieldError>> {
        let mut c = Checker::default();
        let household_id = optional(d.get("household_id")).map(str::to_string);
        let village_id = optional(d.get("village_id")).map(str::to_string);
        if household_id.is_none() && village_id.is_none() {
            c.fail("household_id", Invalid::NeedsSubject);
        }
        let date = c.required_date("date", d.get("date"));
        let visit_type = c.required("visit_type", d.get("visit_type"));
        let visitors = c.required("visitors", d.get("visitors"));
        let follow_up = c.check("follow_up_date", parse_optional_date(d.get("follow_up_date"))).flatten();
        if let (Some(day), Some(f)) = (date, follow_up)
            && f < day
        {
            c.fail("follow_up_date", Invalid::EndBeforeStart);
        }
        c.finish(|| Visit {
            id: id.to_string(),
            date: date.unwrap_or_default(),
            visitors: visitors.unwrap_or_default(),
            visit_type: visit_type.unwrap_or_default(),
            household_id,
            village_id: village_id.unwrap_or_default(),
            checks: d.codes("checks"),
            new_risks: d.codes("new_risks"),
            requests: d.get("requests").trim().to_string(),
            actions: d.get("actions").trim().to_string(),
            follow_up_date: follow_up,
            confirmed: d.flag("confirmed"),
        })
    }
}

impl Record for Visit {
    const TABLE: &'static str = "visits";
    fn id(&self) -> &str {
        &self.id
    }
    fn set_id(&mut self, id: String) {
        self.id = id;
    }
    fn columns(&self) -> Vec<(&'static str, FieldValue)> {
        vec![
            ("date", FieldValue::Text(format_date(self.date))),
            ("visitors", FieldValue::text(&self.visitors)),
            ("visit_type", FieldValue::text(&self.visit_type)),
            ("household_id", FieldValue::opt_text(self.household_id.as_deref())),
            ("village_id", FieldValue::text(&self.village_id)),
            ("checks", join_codes(&self.checks)),
            ("new_risks", join_codes(&self.new_risks)),
            ("requests", FieldValue::text(&self.requests)),
            ("actions", FieldValue::text(&self.actions)),
            ("follow_up_date", FieldValue::opt_text(self.follow_up_date.map(format_date).as_deref())),
            ("confirmed", FieldValue::flag(self.confirmed)),
        ]
    }
    fn from_fields(id: String, f: &Fields) -> Self {
        Visit {
            id,
            date: stored_date(&f.text("date")).unwrap_or_default(),
            visitors: f.text("visitors"),
            visit_type: f.text("visit_type"),
            household_id: f.opt_text("household_id"),
            village_id: f.text("village_id"),
            checks: f.codes("checks"),
            new_risks: f.codes("new_risks"),
            requests: f.text("requests"),
            actions: f.text("actions"),
            follow_up_date: stored_date(&f.text("follow_up_date")),
            confirmed: f.flag("confirmed"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    }

    #[test]
    fn needs_subject_date_type_visitors() {
        let fields: Vec<_> =
            Visit::from_draft("x", &Draft::default()).unwrap_err().into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["household_id", "date", "visit_type", "visitors"]);
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
        assert_eq!(errors, [FieldError::new("follow_up_date", Invalid::EndBeforeStart)]);
    }
}
