//! 帮扶项目: an assistance project with its money by source.

use super::Draft;
use super::dates::YearMonth;
use super::field::{FieldDef, Kind, LinkTable};
use super::invalid::{Checker, Invalid};
use super::record::Validate;
use super::vocab::list;
use chrono::NaiveDate;

/// Planned investment by source, in the order the county templates print it.
pub const FUND_SOURCES: &[&str] =
    &["fund_central", "fund_provincial", "fund_city_county", "fund_assisting", "fund_social", "fund_other"];

/// Statuses from which a project counts as started (开工率).
pub const STARTED_STATUSES: [&str; 4] = ["started", "completed", "accepted", "handed_over"];

/// A project's beneficiary households.
pub const BENEFICIARIES: LinkTable =
    LinkTable { table: "project_households", owner: "project_id", target: "household_id", target_table: "households" };

crate::record! {
    /// An assistance project.
    pub struct Project in "projects" as "project" {
        name: String = FieldDef::new(Kind::Text(60)).required().width(14),
        village_id: Option<String> = FieldDef::new(Kind::Ref("villages")),
        category: Option<String> = FieldDef::new(Kind::Code(list::PROJECT_CATEGORY)),
        /// 行业领域 of the project reserve (工业, 农业, 水利, 能源, 文旅, 交通 …).
        sector: Option<String> = FieldDef::new(Kind::Code(list::PROJECT_SECTOR)),
        nature: Option<String> = FieldDef::new(Kind::Code(list::PROJECT_NATURE)),
        status: Option<String> = FieldDef::new(Kind::Code(list::PROJECT_STATUS)).width(8),
        content: String = FieldDef::new(Kind::Text(200)),
        assist_force: Option<String> = FieldDef::new(Kind::Code(list::ASSIST_FORCE)),
        assisting_party: String = FieldDef::new(Kind::Side(40)),
        implementing_unit: String = FieldDef::new(Kind::Text(40)),
        responsible_person: String = FieldDef::new(Kind::Person),
        /// 计划开工时间: the month it is planned to start (what 开工率 counts against).
        planned_start_month: Option<YearMonth> = FieldDef::new(Kind::Month),
        /// 开工时间: the month it started.
        start_month: Option<YearMonth> = FieldDef::new(Kind::Month),
        planned_end_month: Option<YearMonth> = FieldDef::new(Kind::Month),
        /// 完工日期: the day it was finished (已完工 and after need it).
        completed_on: Option<chrono::NaiveDate> = FieldDef::new(Kind::Date).past(),
        fund_central: i64 = FieldDef::new(Kind::Money),
        fund_provincial: i64 = FieldDef::new(Kind::Money),
        fund_city_county: i64 = FieldDef::new(Kind::Money),
        fund_assisting: i64 = FieldDef::new(Kind::Money),
        fund_social: i64 = FieldDef::new(Kind::Money),
        fund_other: i64 = FieldDef::new(Kind::Money),
        /// Funds arrived (到位): the sum of the project's dated arrivals, kept by the
        /// store (a form never writes it); and paid out (支付).
        arrived: i64 = FieldDef::new(Kind::Money).hidden(),
        paid: i64 = FieldDef::new(Kind::Money),
        percent_complete: Option<i64> = FieldDef::new(Kind::Percent),
        jobs_created: Option<i64> = FieldDef::new(Kind::Count),
        /// Ids of the beneficiary households (kept in `project_households`).
        beneficiaries: Vec<String> = FieldDef::new(Kind::Links(&BENEFICIARIES)),
        benefit_mechanism: String = FieldDef::new(Kind::Text(200)),
        performance_target: String = FieldDef::new(Kind::Text(200)),
        notes: String = FieldDef::new(Kind::Text(200)),
    }
}

crate::record! {
    /// A link between a project and a beneficiary household.
    pub struct ProjectHousehold in "project_households" as "project_household" {
        project_id: String = FieldDef::new(Kind::Ref("projects")).required(),
        household_id: String = FieldDef::new(Kind::Ref("households")).required(),
    }
}

impl Validate for ProjectHousehold {}

/// Columns the store keeps from other records, never from their own ops: a project's
/// 到位 is the sum of its arrivals (format 13). Ops an older copy logged on them stay
/// in the log and are applied, disputed and undone by none.
pub const DERIVED_COLUMNS: [&str; 1] = ["arrived_fen"];

/// Where money comes from, as a project plans it and as it arrives (vocabulary
/// `fund_source`, codes in the order of `FUND_SOURCES`).
pub const SOURCE_CODES: [&str; 6] = ["central", "provincial", "city_county", "assisting", "social", "other"];

/// The source whose arrivals are 撬动资金 (money leveraged from others), and the one
/// they are leveraged by (帮扶方资金).
pub const SOURCE_SOCIAL: &str = "social";
pub const SOURCE_ASSISTING: &str = "assisting";

crate::record! {
    /// Money arriving for a project (资金到位): the day, the amount, from which source
    /// and which assisting side. 到位 "as at" a day is the sum of those up to it.
    pub struct FundArrival in "fund_arrivals" as "arrival" {
        project_id: String = FieldDef::new(Kind::Ref("projects")).required().hidden(),
        date: NaiveDate = FieldDef::new(Kind::Date).required().past(),
        amount: i64 = FieldDef::new(Kind::Money).required(),
        /// Vocabulary `fund_source`; empty for money carried over from a file that
        /// kept one 到位 figure per project (format 13).
        source: Option<String> = FieldDef::new(Kind::Code(list::FUND_SOURCE)),
        /// 帮扶方 it came from.
        party: String = FieldDef::new(Kind::Side(40)),
        notes: String = FieldDef::new(Kind::Text(100)),
    }
}

impl Validate for FundArrival {
    fn validate(&mut self, _draft: &Draft, c: &mut Checker) {
        if self.amount <= 0 && !c.has_error("amount") {
            c.fail("amount", Invalid::NotPositive);
        }
    }
}

impl ProjectHousehold {
    pub fn new(project_id: &str, household_id: &str) -> Self {
        ProjectHousehold { id: String::new(), project_id: project_id.into(), household_id: household_id.into() }
    }
}

impl Project {
    /// Planned investment by source, in the order of `FUND_SOURCES`.
    pub fn funds(&self) -> [i64; 6] {
        [
            self.fund_central,
            self.fund_provincial,
            self.fund_city_county,
            self.fund_assisting,
            self.fund_social,
            self.fund_other,
        ]
    }

    /// The planned total: six amounts of at most `money::MAX_FEN` each, far inside an
    /// i64 (saturation only keeps a hand-edited file from wrapping before `check`
    /// names it).
    pub fn planned_total_fen(&self) -> i64 {
        self.funds().iter().fold(0i64, |sum, f| sum.saturating_add(*f))
    }

    pub fn is_started(&self) -> bool {
        self.status.as_deref().is_some_and(|s| STARTED_STATUSES.contains(&s))
    }
}

impl Validate for Project {
    fn validate(&mut self, _draft: &Draft, c: &mut Checker) {
        if let (Some(s), Some(e)) = (self.start_month, self.planned_end_month)
            && e < s
        {
            c.fail("planned_end_month", Invalid::Before { other: "project.start_month".into() });
        }
        // Money is paid out of what has arrived: more paid than arrived is a typo.
        if self.paid > self.arrived {
            c.fail("paid", Invalid::AboveArrived { arrived: super::money::format_yuan(self.arrived) });
        }
    }
}

/// The stages of the project reserve (项目储备库): the projects not yet started.
pub const RESERVE_STAGES: [&str; 3] = ["reserve", "in_library", "approved"];

/// The reserve by sector (in the order of `sectors`; a project without one, or of a
/// sector not listed, under the last): for each, per stage then all three, how many
/// projects and their planned investment in fen. `None` when a sum overflows.
pub fn reserve_by_sector(projects: &[Project], sectors: &[String]) -> Option<Vec<[(i64, i64); 4]>> {
    let mut table = vec![[(0i64, 0i64); 4]; sectors.len()];
    for p in projects {
        let Some(stage) = RESERVE_STAGES.iter().position(|s| p.status.as_deref() == Some(*s)) else { continue };
        let sector = p.sector.as_deref().unwrap_or_default();
        let at = sectors.iter().position(|code| code == sector).unwrap_or(sectors.len().saturating_sub(1));
        let row = table.get_mut(at)?;
        for i in [stage, 3] {
            let cell = row.get_mut(i)?;
            cell.0 += 1;
            cell.1 = cell.1.checked_add(p.planned_total_fen())?;
        }
    }
    Some(table)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paid_cannot_exceed_arrived() {
        let draft = |arrived: &str, paid: &str| {
            Draft::default().with("name", "产业路").with("arrived", arrived).with("paid", paid)
        };
        let refused = Project::from_draft("", &draft("10000", "12000")).unwrap_err();
        assert!(
            refused
                .iter()
                .any(|e| e.field == "paid" && e.problem == Invalid::AboveArrived { arrived: "10,000.00".into() })
        );
        assert!(Project::from_draft("", &draft("10000", "10000")).is_ok(), "all of it paid is fine");
    }
    use crate::domain::Record;

    #[test]
    fn money_by_source_adds_up() {
        let d = Draft::default()
            .with("name", "柳林村茶叶基地")
            .with("fund_central", "120万")
            .with("fund_assisting", "35,000.50")
            .with("arrived", "100万")
            .with("start_month", "2026-03")
            .with("planned_end_month", "2026-10")
            .with("beneficiaries", "h1,h2");
        let p = Project::from_draft("p1", &d).unwrap();
        assert_eq!(p.planned_total_fen(), 120_000_000 + 3_500_050);
        assert_eq!(Project::from_draft("p1", &p.to_draft()).unwrap(), p);
        assert!(!Project::DEF.column_names().contains(&"beneficiaries".to_string()));
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
        assert_eq!(fields, ["fund_central", "percent_complete", "planned_end_month"]);
    }
}
