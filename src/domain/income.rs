//! Income (domain.md §3.2): 家庭纯收入 and 人均纯收入 from the components, and the
//! monitoring line (监测范围) each province sets each year.

use super::invalid::{Checker, optional};
use super::money::{format_plain, parse_optional_fen};
use super::{Draft, FieldError, FieldValue, Fields, Invalid, Record};

/// The components of one income record, in fen, in the order of the national export.
pub const COMPONENTS: &[&str] =
    &["wages", "business_income", "business_costs", "property", "transfer", "claims", "out_of_pocket"];

/// Income for a calendar year, or for the 12 months before identification.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Income {
    pub id: String,
    pub household_id: String,
    /// The year the income is counted for (for "before identification", the year it ends in).
    pub year: i64,
    pub before_identification: bool,
    /// 工资性, 生产经营性收入, 生产经营性支出, 财产性, 转移性, 理赔, 合规自付支出.
    pub components_fen: [i64; 7],
    pub notes: String,
}

pub const FIELDS: &[&str] = &[
    "year",
    "before_identification",
    "wages",
    "business_income",
    "business_costs",
    "property",
    "transfer",
    "claims",
    "out_of_pocket",
    "notes",
];

impl Income {
    /// 家庭纯收入 = 工资性 + 生产经营性 − 生产经营性支出 + 财产性 + 转移性 + 理赔 − 合规自付支出.
    pub fn net_fen(&self) -> i64 {
        let [wages, business, costs, property, transfer, claims, out_of_pocket] = self.components_fen;
        wages + business - costs + property + transfer + claims - out_of_pocket
    }

    /// 人均纯收入, rounded down to the fen; `None` for a household without members.
    pub fn per_capita_fen(&self, members: usize) -> Option<i64> {
        (members > 0).then(|| self.net_fen().div_euclid(members as i64))
    }

    pub fn to_draft(&self) -> Draft {
        let mut d = Draft::default()
            .with("household_id", &self.household_id)
            .with("year", self.year.to_string())
            .with("before_identification", if self.before_identification { "1" } else { "0" })
            .with("notes", &self.notes);
        for (key, fen) in COMPONENTS.iter().zip(self.components_fen) {
            d.set(key, if fen == 0 { String::new() } else { format_plain(fen) });
        }
        d
    }

    pub fn from_draft(id: &str, d: &Draft) -> Result<Income, Vec<FieldError>> {
        let mut c = Checker::default();
        let household_id = c.required("household_id", d.get("household_id"));
        let year = match optional(d.get("year")).map(str::parse::<i64>) {
            Some(Ok(y)) if (2000..=2100).contains(&y) => Some(y),
            Some(_) => {
                c.fail("year", Invalid::Number);
                None
            }
            None => {
                c.fail("year", Invalid::Required);
                None
            }
        };
        let mut components = [0i64; 7];
        for (slot, key) in components.iter_mut().zip(COMPONENTS) {
            *slot = c.check(key, parse_optional_fen(d.get(key))).flatten().unwrap_or(0);
        }
        c.finish(|| Income {
            id: id.to_string(),
            household_id: household_id.unwrap_or_default(),
            year: year.unwrap_or_default(),
            before_identification: d.flag("before_identification"),
            components_fen: components,
            notes: d.get("notes").trim().to_string(),
        })
    }
}

impl Record for Income {
    const TABLE: &'static str = "incomes";
    fn id(&self) -> &str {
        &self.id
    }
    fn set_id(&mut self, id: String) {
        self.id = id;
    }
    fn columns(&self) -> Vec<(&'static str, FieldValue)> {
        const COLUMNS: [&str; 7] = [
            "wages_fen",
            "business_income_fen",
            "business_costs_fen",
            "property_fen",
            "transfer_fen",
            "claims_fen",
            "out_of_pocket_fen",
        ];
        let mut cols = vec![
            ("household_id", FieldValue::text(&self.household_id)),
            ("year", FieldValue::Int(self.year)),
            ("before_identification", FieldValue::flag(self.before_identification)),
        ];
        cols.extend(COLUMNS.iter().zip(self.components_fen).map(|(c, fen)| (*c, FieldValue::Int(fen))));
        cols.push(("notes", FieldValue::text(&self.notes)));
        cols
    }
    fn from_fields(id: String, f: &Fields) -> Self {
        let mut components = [0i64; 7];
        for (slot, key) in components.iter_mut().zip(COMPONENTS) {
            *slot = f.int(&format!("{key}_fen"));
        }
        Income {
            id,
            household_id: f.text("household_id"),
            year: f.int("year"),
            before_identification: f.flag("before_identification"),
            components_fen: components,
            notes: f.text("notes"),
        }
    }
}

/// A province's monitoring line for a year (监测范围), with the document that set it.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Threshold {
    pub id: String,
    /// Two-digit province code (51 = 四川省).
    pub province: String,
    pub year: i64,
    pub amount_fen: i64,
    pub source: String,
}

pub const THRESHOLD_FIELDS: &[&str] = &["province", "year", "amount", "source"];

impl Threshold {
    pub fn to_draft(&self) -> Draft {
        Draft::default()
            .with("province", &self.province)
            .with("year", self.year.to_string())
            .with("amount", format_plain(self.amount_fen))
            .with("source", &self.source)
    }

    pub fn from_draft(id: &str, d: &Draft) -> Result<Threshold, Vec<FieldError>> {
        let mut c = Checker::default();
        let province = c.required("province", d.get("province"));
        if province.as_ref().is_some_and(|p| p.len() != 2 || !p.chars().all(|ch| ch.is_ascii_digit())) {
            c.fail("province", Invalid::DivisionCode);
        }
        let year = match d.get("year").trim().parse::<i64>() {
            Ok(y) if (2000..=2100).contains(&y) => Some(y),
            _ => {
                c.fail("year", Invalid::Number);
                None
            }
        };
        let amount = match parse_optional_fen(d.get("amount")) {
            Ok(Some(a)) => Some(a),
            Ok(None) => {
                c.fail("amount", Invalid::Required);
                None
            }
            Err(e) => {
                c.fail("amount", e);
                None
            }
        };
        c.finish(|| Threshold {
            id: id.to_string(),
            province: province.unwrap_or_default(),
            year: year.unwrap_or_default(),
            amount_fen: amount.unwrap_or_default(),
            source: d.get("source").trim().to_string(),
        })
    }
}

impl Record for Threshold {
    const TABLE: &'static str = "thresholds";
    fn id(&self) -> &str {
        &self.id
    }
    fn set_id(&mut self, id: String) {
        self.id = id;
    }
    fn columns(&self) -> Vec<(&'static str, FieldValue)> {
        vec![
            ("province", FieldValue::text(&self.province)),
            ("year", FieldValue::Int(self.year)),
            ("amount_fen", FieldValue::Int(self.amount_fen)),
            ("source", FieldValue::text(&self.source)),
        ]
    }
    fn from_fields(id: String, f: &Fields) -> Self {
        Threshold {
            id,
            province: f.text("province"),
            year: f.int("year"),
            amount_fen: f.int("amount_fen"),
            source: f.text("source"),
        }
    }
}

/// The line in force for a province and year, if one was entered.
pub fn line_for<'a>(thresholds: &'a [Threshold], province: &str, year: i64) -> Option<&'a Threshold> {
    thresholds.iter().find(|t| t.province == province && t.year == year)
}

/// The income that counts for a household in a year: that year's record, else the
/// record of the 12 months before identification ending in it, else the latest earlier one.
pub fn income_for<'a>(incomes: &'a [Income], household_id: &str, year: i64) -> Option<&'a Income> {
    let mine = || incomes.iter().filter(|i| i.household_id == household_id);
    mine()
        .find(|i| i.year == year && !i.before_identification)
        .or_else(|| mine().find(|i| i.year == year))
        .or_else(|| mine().filter(|i| i.year < year).max_by_key(|i| (i.year, !i.before_identification)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn income(components: [i64; 7]) -> Income {
        Income { household_id: "h".into(), year: 2026, components_fen: components, ..Income::default() }
    }

    #[test]
    fn net_income_follows_the_formula() {
        // 工资 30000, 经营 8000 − 支出 3000, 财产 500, 转移 4200, 理赔 0, 自付 1800 → 37900 元
        let i = income([3_000_000, 800_000, 300_000, 50_000, 420_000, 0, 180_000]);
        assert_eq!(i.net_fen(), 3_790_000);
        assert_eq!(i.per_capita_fen(4), Some(947_500));
        assert_eq!(i.per_capita_fen(0), None);
    }

    #[test]
    fn per_capita_rounds_down_to_the_fen() {
        assert_eq!(income([1_000, 0, 0, 0, 0, 0, 0]).per_capita_fen(3), Some(333));
    }

    #[test]
    fn a_draft_with_money_in_the_forms_people_type() {
        let d = Draft::default()
            .with("household_id", "h")
            .with("year", "2026")
            .with("wages", "2.4万")
            .with("transfer", "3,600");
        let i = Income::from_draft("", &d).unwrap();
        assert_eq!(i.net_fen(), 2_760_000);
        assert_eq!(Income::from_draft("", &i.to_draft()).unwrap(), i);
        let errors = Income::from_draft("", &d.with("year", "26").with("claims", "abc")).unwrap_err();
        assert_eq!(errors.iter().map(|e| e.field).collect::<Vec<_>>(), ["year", "claims"]);
    }

    #[test]
    fn the_line_and_the_income_that_count() {
        let lines = vec![Threshold { province: "51".into(), year: 2026, amount_fen: 730_000, ..Threshold::default() }];
        assert_eq!(line_for(&lines, "51", 2026).unwrap().amount_fen, 730_000);
        assert!(line_for(&lines, "51", 2027).is_none());
        let mut before = income([100, 0, 0, 0, 0, 0, 0]);
        before.before_identification = true;
        let mut year = income([200, 0, 0, 0, 0, 0, 0]);
        year.year = 2025;
        let all = vec![before, year];
        assert_eq!(income_for(&all, "h", 2026).unwrap().net_fen(), 100);
        assert_eq!(income_for(&all, "h", 2025).unwrap().net_fen(), 200);
        assert!(income_for(&all, "h", 2024).is_none());
    }
}
