//! 帮扶干部 and 帮扶责任人: the people who do the work, picked by name in forms.

use super::dates::{format_date, parse_optional_date, stored_date};
use super::invalid::{Checker, optional};
use super::phone::parse_optional_phone;
use super::{Draft, FieldError, FieldValue, Fields, Invalid, Record};
use chrono::NaiveDate;

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Cadre {
    pub id: String,
    pub name: String,
    /// 派出单位
    pub unit: String,
    /// Vocabulary `cadre_role`.
    pub role: Option<String>,
    pub phone: Option<String>,
    /// Ids of the villages the person works in.
    pub villages: Vec<String>,
    pub term_start: Option<NaiveDate>,
    pub term_end: Option<NaiveDate>,
}

pub const FIELDS: &[&str] = &["name", "unit", "role", "phone", "villages", "term_start", "term_end"];

impl Cadre {
    pub fn to_draft(&self) -> Draft {
        Draft::default()
            .with("name", &self.name)
            .with("unit", &self.unit)
            .with("role", self.role.clone().unwrap_or_default())
            .with("phone", self.phone.clone().unwrap_or_default())
            .with("villages", self.villages.join(","))
            .with("term_start", self.term_start.map(format_date).unwrap_or_default())
            .with("term_end", self.term_end.map(format_date).unwrap_or_default())
    }

    pub fn from_draft(id: &str, d: &Draft) -> Result<Cadre, Vec<FieldError>> {
        let mut c = Checker::default();
        let name = c.required("name", d.get("name"));
        let phone = c.check("phone", parse_optional_phone(d.get("phone"))).flatten();
        let start = c.check("term_start", parse_optional_date(d.get("term_start"))).flatten();
        let end = c.check("term_end", parse_optional_date(d.get("term_end"))).flatten();
        if let (Some(s), Some(e)) = (start, end)
            && e < s
        {
            c.fail("term_end", Invalid::EndBeforeStart);
        }
        c.finish(|| Cadre {
            id: id.to_string(),
            name: name.unwrap_or_default(),
            unit: d.get("unit").trim().to_string(),
            role: optional(d.get("role")).map(str::to_string),
            phone,
            villages: d.codes("villages"),
            term_start: start,
            term_end: end,
        })
    }
}

impl Record for Cadre {
    const TABLE: &'static str = "cadres";
    fn id(&self) -> &str {
        &self.id
    }
    fn set_id(&mut self, id: String) {
        self.id = id;
    }
    fn columns(&self) -> Vec<(&'static str, FieldValue)> {
        vec![
            ("name", FieldValue::text(&self.name)),
            ("unit", FieldValue::text(&self.unit)),
            ("role", FieldValue::opt_text(self.role.as_deref())),
            ("phone", FieldValue::opt_text(self.phone.as_deref())),
            ("villages", super::record::join_codes(&self.villages)),
            ("term_start", FieldValue::opt_text(self.term_start.map(format_date).as_deref())),
            ("term_end", FieldValue::opt_text(self.term_end.map(format_date).as_deref())),
        ]
    }
    fn from_fields(id: String, f: &Fields) -> Self {
        Cadre {
            id,
            name: f.text("name"),
            unit: f.text("unit"),
            role: f.opt_text("role"),
            phone: f.opt_text("phone"),
            villages: f.codes("villages"),
            term_start: stored_date(&f.text("term_start")),
            term_end: stored_date(&f.text("term_end")),
        }
    }
}
