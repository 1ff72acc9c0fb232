//! 户: a household, and whether (and how) it is under monitoring.

use super::dates::{YearMonth, parse_optional_month, stored_month};
use super::draft::{flag_text, opt_text, tri_text};
use super::invalid::{Checker, optional};
use super::phone::parse_optional_phone;
use super::{Draft, FieldError, FieldValue, Fields, Invalid, Record};

pub const MAX_RISKS: usize = 5;

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Household {
    pub id: String,
    pub village_id: String,
    /// 户编号; empty until the national system assigns one.
    pub number: String,
    /// 自然村/组
    pub group_name: String,
    pub head_name: String,
    pub phone: Option<String>,
    pub household_type: Option<String>,
    /// 监测对象类别; `None` means not monitored.
    pub monitor_category: Option<String>,
    pub identified_month: Option<YearMonth>,
    pub risks: Vec<String>,
    pub risk_eliminated: bool,
    pub eliminated_month: Option<YearMonth>,
    pub elimination_method: Option<String>,
    /// 整户无劳动能力兜底保障户
    pub no_labor_capacity: bool,
    /// 帮扶责任人
    pub helper: String,
    pub school_dropout: Option<bool>,
    pub no_medical_insurance: Option<bool>,
    pub unsafe_housing: Option<bool>,
    pub unsafe_water: Option<bool>,
    pub notes: String,
}

pub const FIELDS: &[&str] = &[
    "village_id",
    "number",
    "group_name",
    "head_name",
    "phone",
    "household_type",
    "monitor_category",
    "identified_month",
    "risks",
    "risk_eliminated",
    "eliminated_month",
    "elimination_method",
    "no_labor_capacity",
    "helper",
    "school_dropout",
    "no_medical_insurance",
    "unsafe_housing",
    "unsafe_water",
    "notes",
];

impl Household {
    pub fn is_monitored(&self) -> bool {
        self.monitor_category.is_some()
    }

    pub fn to_draft(&self) -> Draft {
        Draft::default()
            .with("village_id", &self.village_id)
            .with("number", &self.number)
            .with("group_name", &self.group_name)
            .with("head_name", &self.head_name)
            .with("phone", self.phone.clone().unwrap_or_default())
            .with("household_type", self.household_type.clone().unwrap_or_default())
            .with("monitor_category", self.monitor_category.clone().unwrap_or_default())
            .with("identified_month", opt_text(&self.identified_month))
            .with("risks", self.risks.join(","))
            .with("risk_eliminated", flag_text(self.risk_eliminated))
            .with("eliminated_month", opt_text(&self.eliminated_month))
            .with("elimination_method", self.elimination_method.clone().unwrap_or_default())
            .with("no_labor_capacity", flag_text(self.no_labor_capacity))
            .with("helper", &self.helper)
            .with("school_dropout", tri_text(self.school_dropout))
            .with("no_medical_insurance", tri_text(self.no_medical_insurance))
            .with("unsafe_housing", tri_text(self.unsafe_housing))
            .with("unsafe_water", tri_text(self.unsafe_water))
            .with("notes", &self.notes)
    }

    pub fn from_draft(id: &str, d: &Draft) -> Result<Household, Vec<FieldError>> {
        let mut c = Checker::default();
        let village_id = c.required("village_id", d.get("village_id"));
        let head_name = c.required("head_name", d.get("head_name"));
        if d.get("number").trim().chars().count() > 30 {
            c.fail("number", Invalid::TooLong { max: 30 });
        }
        let phone = c.check("phone", parse_optional_phone(d.get("phone"))).flatten();
        let category = optional(d.get("monitor_category")).map(str::to_string);
        let identified = c.check("identified_month", parse_optional_month(d.get("identified_month"))).flatten();
        if category.is_some() && identified.is_none() && d.get("identified_month").trim().is_empty() {
            c.fail("identified_month", Invalid::Required);
        }
        let risks = d.codes("risks");
        if risks.len() > MAX_RISKS {
            c.fail("risks", Invalid::TooMany { max: MAX_RISKS });
        }
        let eliminated = d.flag("risk_eliminated");
        let eliminated_month = c.check("eliminated_month", parse_optional_month(d.get("eliminated_month"))).flatten();
        let method = optional(d.get("elimination_method")).map(str::to_string);
        if eliminated {
            if eliminated_month.is_none() && d.get("eliminated_month").trim().is_empty() {
                c.fail("eliminated_month", Invalid::Required);
            }
            if method.is_none() {
                c.fail("elimination_method", Invalid::Required);
            }
        }
        if let (Some(from), Some(to)) = (identified, eliminated_month)
            && to < from
        {
            c.fail("eliminated_month", Invalid::EndBeforeStart);
        }
        c.finish(|| Household {
            id: id.to_string(),
            village_id: village_id.unwrap_or_default(),
            number: d.get("number").trim().to_string(),
            group_name: d.get("group_name").trim().to_string(),
            head_name: head_name.unwrap_or_default(),
            phone,
            household_type: optional(d.get("household_type")).map(str::to_string),
            monitor_category: category,
            identified_month: identified,
            risks,
            risk_eliminated: eliminated,
            eliminated_month: if eliminated { eliminated_month } else { None },
            elimination_method: if eliminated { method } else { None },
            no_labor_capacity: d.flag("no_labor_capacity"),
            helper: d.get("helper").trim().to_string(),
            school_dropout: d.tri("school_dropout"),
            no_medical_insurance: d.tri("no_medical_insurance"),
            unsafe_housing: d.tri("unsafe_housing"),
            unsafe_water: d.tri("unsafe_water"),
            notes: d.get("notes").trim().to_string(),
        })
    }
}

impl Record for Household {
    const TABLE: &'static str = "households";
    fn id(&self) -> &str {
        &self.id
    }
    fn set_id(&mut self, id: String) {
        self.id = id;
    }
    fn columns(&self) -> Vec<(&'static str, FieldValue)> {
        let mut cols = vec![
            ("village_id", FieldValue::text(&self.village_id)),
            ("number", FieldValue::text(&self.number)),
            ("group_name", FieldValue::text(&self.group_name)),
            ("head_name", FieldValue::text(&self.head_name)),
            ("phone", FieldValue::opt_text(self.phone.as_deref())),
            ("household_type", FieldValue::opt_text(self.household_type.as_deref())),
            ("monitor_category", FieldValue::opt_text(self.monitor_category.as_deref())),
            ("identified_month", FieldValue::opt_text(self.identified_month.map(|m| m.to_string()).as_deref())),
        ];
        const RISK_COLUMNS: [&str; MAX_RISKS] = ["risk1", "risk2", "risk3", "risk4", "risk5"];
        for (i, col) in RISK_COLUMNS.iter().enumerate() {
            cols.push((col, FieldValue::opt_text(self.risks.get(i).map(String::as_str))));
        }
        cols.extend([
            ("risk_eliminated", FieldValue::flag(self.risk_eliminated)),
            ("eliminated_month", FieldValue::opt_text(self.eliminated_month.map(|m| m.to_string()).as_deref())),
            ("elimination_method", FieldValue::opt_text(self.elimination_method.as_deref())),
            ("no_labor_capacity", FieldValue::flag(self.no_labor_capacity)),
            ("helper", FieldValue::text(&self.helper)),
            ("school_dropout", FieldValue::opt_flag(self.school_dropout)),
            ("no_medical_insurance", FieldValue::opt_flag(self.no_medical_insurance)),
            ("unsafe_housing", FieldValue::opt_flag(self.unsafe_housing)),
            ("unsafe_water", FieldValue::opt_flag(self.unsafe_water)),
            ("notes", FieldValue::text(&self.notes)),
        ]);
        cols
    }
    fn from_fields(id: String, f: &Fields) -> Self {
        let risks = ["risk1", "risk2", "risk3", "risk4", "risk5"]
            .iter()
            .filter_map(|c| f.opt_text(c))
            .filter(|r| !r.is_empty())
            .collect();
        Household {
            id,
            village_id: f.text("village_id"),
            number: f.text("number"),
            group_name: f.text("group_name"),
            head_name: f.text("head_name"),
            phone: f.opt_text("phone"),
            household_type: f.opt_text("household_type"),
            monitor_category: f.opt_text("monitor_category"),
            identified_month: stored_month(&f.text("identified_month")),
            risks,
            risk_eliminated: f.flag("risk_eliminated"),
            eliminated_month: stored_month(&f.text("eliminated_month")),
            elimination_method: f.opt_text("elimination_method"),
            no_labor_capacity: f.flag("no_labor_capacity"),
            helper: f.text("helper"),
            school_dropout: f.opt_flag("school_dropout"),
            no_medical_insurance: f.opt_flag("no_medical_insurance"),
            unsafe_housing: f.opt_flag("unsafe_housing"),
            unsafe_water: f.opt_flag("unsafe_water"),
            notes: f.text("notes"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn columns_round_trip() {
        let h = Household::from_draft("h1", &monitored().with("school_dropout", "0")).unwrap();
        let fields = Fields::from_pairs(h.columns().into_iter().map(|(k, v)| (k.to_string(), v)).collect());
        assert_eq!(Household::from_fields("h1".into(), &fields), h);
    }
}
