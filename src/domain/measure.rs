//! 帮扶措施: what was done for a household (一户一策), many per household.

use super::dates::{format_date, parse_optional_date, stored_date};
use super::invalid::{Checker, optional};
use super::money::{format_plain, parse_optional_fen};
use super::{Draft, FieldError, FieldValue, Fields, Invalid, Record};
use chrono::NaiveDate;

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Measure {
    pub id: String,
    pub household_id: String,
    /// 帮扶措施类别 (vocabulary `measure_category`).
    pub category: String,
    /// The concrete item: 小额信贷, 公益性岗位, 雨露计划, 低保 …
    pub item: String,
    pub start: NaiveDate,
    pub end: Option<NaiveDate>,
    pub amount_fen: Option<i64>,
    pub delivered_by: String,
}

pub const FIELDS: &[&str] = &["category", "item", "start", "end", "amount", "delivered_by"];

impl Measure {
    /// Delivered by `day`: started on or before it.
    pub fn delivered_by_day(&self, day: NaiveDate) -> bool {
        self.start <= day
    }

    pub fn to_draft(&self) -> Draft {
        Draft::default()
            .with("household_id", &self.household_id)
            .with("category", &self.category)
            .with("item", &self.item)
            .with("start", format_date(self.start))
            .with("end", self.end.map(format_date).unwrap_or_default())
            .with("amount", self.amount_fen.map(format_plain).unwrap_or_default())
            .with("delivered_by", &self.delivered_by)
    }

    pub fn from_draft(id: &str, d: &Draft) -> Result<Measure, Vec<FieldError>> {
        let mut c = Checker::default();
        let household_id = c.required("household_id", d.get("household_id"));
        let category = c.required("category", d.get("category"));
        let start = c.required_date("start", d.get("start"));
        let end = c.check("end", parse_optional_date(d.get("end"))).flatten();
        if let (Some(s), Some(e)) = (start, end)
            && e < s
        {
            c.fail("end", Invalid::EndBeforeStart);
        }
        let amount = c.check("amount", parse_optional_fen(d.get("amount"))).flatten();
        c.finish(|| Measure {
            id: id.to_string(),
            household_id: household_id.unwrap_or_default(),
            category: category.unwrap_or_default(),
            item: d.get("item").trim().to_string(),
            start: start.unwrap_or_default(),
            end,
            amount_fen: amount,
            delivered_by: optional(d.get("delivered_by")).unwrap_or("").to_string(),
        })
    }
}

impl Record for Measure {
    const TABLE: &'static str = "measures";
    fn id(&self) -> &str {
        &self.id
    }
    fn set_id(&mut self, id: String) {
        self.id = id;
    }
    fn columns(&self) -> Vec<(&'static str, FieldValue)> {
        vec![
            ("household_id", FieldValue::text(&self.household_id)),
            ("category", FieldValue::text(&self.category)),
            ("item", FieldValue::text(&self.item)),
            ("start_date", FieldValue::Text(format_date(self.start))),
            ("end_date", FieldValue::opt_text(self.end.map(format_date).as_deref())),
            ("amount_fen", FieldValue::opt_int(self.amount_fen)),
            ("delivered_by", FieldValue::text(&self.delivered_by)),
        ]
    }
    fn from_fields(id: String, f: &Fields) -> Self {
        Measure {
            id,
            household_id: f.text("household_id"),
            category: f.text("category"),
            item: f.text("item"),
            start: stored_date(&f.text("start_date")).unwrap_or_default(),
            end: stored_date(&f.text("end_date")),
            amount_fen: f.opt_int("amount_fen"),
            delivered_by: f.text("delivered_by"),
        }
    }
}

/// The measure categories that answer a risk (domain.md §3.5); `None` when any will do.
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

#[cfg(test)]
mod tests {
    use super::*;

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
        assert_eq!(m.amount_fen, Some(5_000_000));
        assert_eq!(Measure::from_draft("", &m.to_draft()).unwrap(), m);
    }

    #[test]
    fn risks_and_the_measures_that_answer_them() {
        assert_eq!(answering_categories("illness"), Some(&["health", "social"][..]));
        assert_eq!(answering_categories("water"), Some(&["water"][..]));
        assert_eq!(answering_categories("unstable_work"), None);
    }
}
