//! 帮扶项目: an assistance project with its money by source.

use super::dates::{YearMonth, parse_optional_month, stored_month};
use super::draft::opt_text;
use super::invalid::{Checker, optional, parse_count};
use super::money::{format_plain, parse_optional_fen};
use super::{Draft, FieldError, FieldValue, Fields, Invalid, Record};

/// Planned investment by source, in fen, in the order the county templates print it.
pub const FUND_SOURCES: &[&str] =
    &["fund_central", "fund_provincial", "fund_city_county", "fund_assisting", "fund_social", "fund_other"];

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Project {
    pub id: String,
    pub name: String,
    pub village_id: Option<String>,
    pub category: Option<String>,
    pub nature: Option<String>,
    pub content: String,
    pub assist_force: Option<String>,
    pub assisting_party: String,
    pub implementing_unit: String,
    pub responsible_person: String,
    pub start_month: Option<YearMonth>,
    pub planned_end_month: Option<YearMonth>,
    /// Planned investment by source, in the order of `FUND_SOURCES`.
    pub funds_fen: [i64; 6],
    pub arrived_fen: i64,
    pub paid_fen: i64,
    pub status: Option<String>,
    pub percent_complete: Option<i64>,
    pub jobs_created: Option<i64>,
    pub benefit_mechanism: String,
    pub performance_target: String,
    pub notes: String,
    /// Ids of the beneficiary households (kept in `project_households`).
    pub beneficiaries: Vec<String>,
}

pub const FIELDS: &[&str] = &[
    "name",
    "village_id",
    "category",
    "nature",
    "status",
    "content",
    "assist_force",
    "assisting_party",
    "implementing_unit",
    "responsible_person",
    "start_month",
    "planned_end_month",
    "fund_central",
    "fund_provincial",
    "fund_city_county",
    "fund_assisting",
    "fund_social",
    "fund_other",
    "arrived",
    "paid",
    "percent_complete",
    "jobs_created",
    "beneficiaries",
    "benefit_mechanism",
    "performance_target",
    "notes",
];

impl Project {
    pub fn planned_total_fen(&self) -> i64 {
        self.funds_fen.iter().sum()
    }

    pub fn to_draft(&self) -> Draft {
        let mut d = Draft::default()
            .with("name", &self.name)
            .with("village_id", self.village_id.clone().unwrap_or_default())
            .with("category", self.category.clone().unwrap_or_default())
            .with("nature", self.nature.clone().unwrap_or_default())
            .with("status", self.status.clone().unwrap_or_default())
            .with("content", &self.content)
            .with("assist_force", self.assist_force.clone().unwrap_or_default())
            .with("assisting_party", &self.assisting_party)
            .with("implementing_unit", &self.implementing_unit)
            .with("responsible_person", &self.responsible_person)
            .with("start_month", opt_text(&self.start_month))
            .with("planned_end_month", opt_text(&self.planned_end_month))
            .with("arrived", money_text(self.arrived_fen))
            .with("paid", money_text(self.paid_fen))
            .with("percent_complete", opt_text(&self.percent_complete))
            .with("jobs_created", opt_text(&self.jobs_created))
            .with("beneficiaries", self.beneficiaries.join(","))
            .with("benefit_mechanism", &self.benefit_mechanism)
            .with("performance_target", &self.performance_target)
            .with("notes", &self.notes);
        for (key, fen) in FUND_SOURCES.iter().zip(self.funds_fen) {
            d.set(key, money_text(fen));
        }
        d
    }

    pub fn from_draft(id: &str, d: &Draft) -> Result<Project, Vec<FieldError>> {
        let mut c = Checker::default();
        let name = c.required("name", d.get("name"));
        let start = c.check("start_month", parse_optional_month(d.get("start_month"))).flatten();
        let end = c.check("planned_end_month", parse_optional_month(d.get("planned_end_month"))).flatten();
        if let (Some(s), Some(e)) = (start, end)
            && e < s
        {
            c.fail("planned_end_month", Invalid::EndBeforeStart);
        }
        let mut funds = [0i64; 6];
        for (slot, key) in funds.iter_mut().zip(FUND_SOURCES) {
            *slot = c.check(key, parse_optional_fen(d.get(key))).flatten().unwrap_or(0);
        }
        let arrived = c.check("arrived", parse_optional_fen(d.get("arrived"))).flatten().unwrap_or(0);
        let paid = c.check("paid", parse_optional_fen(d.get("paid"))).flatten().unwrap_or(0);
        let percent = c.check("percent_complete", parse_count(d.get("percent_complete"))).flatten();
        if percent.is_some_and(|p| p > 100) {
            c.fail("percent_complete", Invalid::Percent);
        }
        let jobs = c.check("jobs_created", parse_count(d.get("jobs_created"))).flatten();
        let code = |k: &str| optional(d.get(k)).map(str::to_string);
        let text = |k: &str| d.get(k).trim().to_string();
        c.finish(|| Project {
            id: id.to_string(),
            name: name.unwrap_or_default(),
            village_id: code("village_id"),
            category: code("category"),
            nature: code("nature"),
            content: text("content"),
            assist_force: code("assist_force"),
            assisting_party: text("assisting_party"),
            implementing_unit: text("implementing_unit"),
            responsible_person: text("responsible_person"),
            start_month: start,
            planned_end_month: end,
            funds_fen: funds,
            arrived_fen: arrived,
            paid_fen: paid,
            status: code("status"),
            percent_complete: percent,
            jobs_created: jobs,
            benefit_mechanism: text("benefit_mechanism"),
            performance_target: text("performance_target"),
            notes: text("notes"),
            beneficiaries: d.codes("beneficiaries"),
        })
    }
}

fn money_text(fen: i64) -> String {
    if fen == 0 { String::new() } else { format_plain(fen) }
}

impl Record for Project {
    const TABLE: &'static str = "projects";
    fn id(&self) -> &str {
        &self.id
    }
    fn set_id(&mut self, id: String) {
        self.id = id;
    }
    fn columns(&self) -> Vec<(&'static str, FieldValue)> {
        let t = |v: &Option<String>| FieldValue::opt_text(v.as_deref());
        let m = |v: &Option<YearMonth>| FieldValue::opt_text(v.map(|m| m.to_string()).as_deref());
        let mut cols = vec![
            ("name", FieldValue::text(&self.name)),
            ("village_id", t(&self.village_id)),
            ("category", t(&self.category)),
            ("nature", t(&self.nature)),
            ("content", FieldValue::text(&self.content)),
            ("assist_force", t(&self.assist_force)),
            ("assisting_party", FieldValue::text(&self.assisting_party)),
            ("implementing_unit", FieldValue::text(&self.implementing_unit)),
            ("responsible_person", FieldValue::text(&self.responsible_person)),
            ("start_month", m(&self.start_month)),
            ("planned_end_month", m(&self.planned_end_month)),
        ];
        const FUND_COLUMNS: [&str; 6] = [
            "fund_central_fen",
            "fund_provincial_fen",
            "fund_city_county_fen",
            "fund_assisting_fen",
            "fund_social_fen",
            "fund_other_fen",
        ];
        for (col, fen) in FUND_COLUMNS.iter().zip(self.funds_fen) {
            cols.push((col, FieldValue::Int(fen)));
        }
        cols.extend([
            ("arrived_fen", FieldValue::Int(self.arrived_fen)),
            ("paid_fen", FieldValue::Int(self.paid_fen)),
            ("status", t(&self.status)),
            ("percent_complete", FieldValue::opt_int(self.percent_complete)),
            ("jobs_created", FieldValue::opt_int(self.jobs_created)),
            ("benefit_mechanism", FieldValue::text(&self.benefit_mechanism)),
            ("performance_target", FieldValue::text(&self.performance_target)),
            ("notes", FieldValue::text(&self.notes)),
        ]);
        cols
    }
    fn from_fields(id: String, f: &Fields) -> Self {
        let mut funds = [0i64; 6];
        for (slot, key) in funds.iter_mut().zip(FUND_SOURCES) {
            *slot = f.int(&format!("{key}_fen"));
        }
        Project {
            id,
            name: f.text("name"),
            village_id: f.opt_text("village_id"),
            category: f.opt_text("category"),
            nature: f.opt_text("nature"),
            content: f.text("content"),
            assist_force: f.opt_text("assist_force"),
            assisting_party: f.text("assisting_party"),
            implementing_unit: f.text("implementing_unit"),
            responsible_person: f.text("responsible_person"),
            start_month: stored_month(&f.text("start_month")),
            planned_end_month: stored_month(&f.text("planned_end_month")),
            funds_fen: funds,
            arrived_fen: f.int("arrived_fen"),
            paid_fen: f.int("paid_fen"),
            status: f.opt_text("status"),
            percent_complete: f.opt_int("percent_complete"),
            jobs_created: f.opt_int("jobs_created"),
            benefit_mechanism: f.text("benefit_mechanism"),
            performance_target: f.text("performance_target"),
            notes: f.text("notes"),
            beneficiaries: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_by_source_adds_up() {
        let d = Draft::default()
            .with("name", "柳林村茶叶基地")
            .with("fund_central", "120万")
            .with("fund_assisting", "35,000.50")
            .with("arrived", "100万")
            .with("start_month", "2026-03")
            .with("planned_end_month", "2026-10");
        let p = Project::from_draft("p1", &d).unwrap();
        assert_eq!(p.planned_total_fen(), 120_000_000 + 3_500_050);
        assert_eq!(Project::from_draft("p1", &p.to_draft()).unwrap(), p);
    }

    #[test]
    fn bad_values_are_named() {
        let d = Draft::default()
            .with("name", "道路硬化")
            .with("fund_central", "一百万")
            .with("start_month", "2026-10")
            .with("planned_end_month", "2026-03")
            .with("percent_complete", "120");
        let fields: Vec<_> = Project::from_draft("p1", &d).unwrap_err().into_iter().map(|e| e.field).collect();
        assert_eq!(fields, ["planned_end_month", "fund_central", "percent_complete"]);
    }
}
