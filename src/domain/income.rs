//! Income (docs/rules.md, "Income and the monitoring line"): 家庭纯收入 and 人均纯收入
//! from the components, and the monitoring line (监测范围) each province sets each year.

use super::Draft;
use super::dates::YearMonth;
use super::field::{FieldDef, Kind};
use super::invalid::Checker;
use super::record::Validate;
use super::vocab::list;

/// The components of one income record, in the order of the national export.
pub const COMPONENTS: &[&str] =
    &["wages", "business_income", "business_costs", "property", "transfer", "claims", "out_of_pocket"];

/// The periods an income record is for (list income_period).
pub mod period {
    /// A calendar year (全年).
    pub const YEAR: &str = "year";
    /// The 12 months before the identification month (识别前12个月), counted in the year
    /// they end.
    pub const BEFORE_IDENTIFICATION: &str = "before_identification";
    /// The 12 months before an elimination (消除前12个月), counted in the year of the
    /// elimination: what 帮扶消除 is judged on.
    pub const BEFORE_ELIMINATION: &str = "before_elimination";
    /// The year's expected income (全年预计), an estimate marked as such: what an
    /// elimination early in a year can give.
    pub const EXPECTED: &str = "expected";
}

crate::record! {
    /// Income for a period: a calendar year, the 12 months before identification or
    /// before an elimination, or the year's expected income.
    pub struct Income in "incomes" as "income" {
        household_id: String = FieldDef::new(Kind::Ref("households")).required().hidden(),
        /// The year the income is counted for (the 12 months before identification: the
        /// year they end in; before an elimination: the elimination's year).
        year: i64 = FieldDef::new(Kind::Year).required().past(),
        /// Empty is a calendar year's (every income was, before periods were named).
        period: String = FieldDef::new(Kind::Code(list::INCOME_PERIOD)).width(8),
        /// 工资性收入
        wages: i64 = FieldDef::new(Kind::Money),
        /// 生产经营性收入
        business_income: i64 = FieldDef::new(Kind::Money),
        /// 生产经营性支出
        business_costs: i64 = FieldDef::new(Kind::Money),
        /// 财产性收入
        property: i64 = FieldDef::new(Kind::Money),
        /// 转移性收入
        transfer: i64 = FieldDef::new(Kind::Money),
        /// 理赔收入
        claims: i64 = FieldDef::new(Kind::Money),
        /// 合规自付支出
        out_of_pocket: i64 = FieldDef::new(Kind::Money),
        /// 刚性支出 beyond 合规自付支出 (schooling, a disaster's or an accident's costs): not
        /// part of 家庭纯收入, but the reason an identification above the line is lawful.
        rigid_spending: i64 = FieldDef::new(Kind::Money),
        notes: String = FieldDef::new(Kind::Text(200)),
    }
}

/// An income left without its period is a calendar year's.
impl Validate for Income {
    fn validate(&mut self, _draft: &Draft, _c: &mut Checker) {
        if self.period.is_empty() {
            self.period = period::YEAR.to_string();
        }
    }
}

impl Income {
    /// 家庭纯收入 = 工资性 + 生产经营性 − 生产经营性支出 + 财产性 + 转移性 + 理赔 − 合规自付支出.
    /// Each amount is at most `money::MAX_FEN` (forms, imports and merges refuse more;
    /// `check` names a hand-edited one), so seven of them sum far inside an i64; the
    /// saturation only keeps a hand-edited file from wrapping before `check` names it.
    pub fn net_fen(&self) -> i64 {
        [self.wages, self.business_income, self.property, self.transfer, self.claims]
            .iter()
            .fold(0i64, |sum, x| sum.saturating_add(*x))
            .saturating_sub(self.business_costs)
            .saturating_sub(self.out_of_pocket)
    }

    /// The components, in the order of `COMPONENTS`.
    pub fn components(&self) -> [i64; 7] {
        [
            self.wages,
            self.business_income,
            self.business_costs,
            self.property,
            self.transfer,
            self.claims,
            self.out_of_pocket,
        ]
    }

    /// 人均纯收入, rounded down to the fen; `None` for a household without members.
    pub fn per_capita_fen(&self, members: usize) -> Option<i64> {
        (members > 0).then(|| self.net_fen().div_euclid(members as i64))
    }

    pub fn is_calendar_year(&self) -> bool {
        matches!(self.period.as_str(), "" | period::YEAR)
    }

    pub fn is_before_identification(&self) -> bool {
        self.period == period::BEFORE_IDENTIFICATION
    }

    /// Spending recorded as the reason for monitoring despite the income: 合规自付支出 or
    /// other 刚性支出.
    pub fn has_rigid_spending(&self) -> bool {
        self.out_of_pocket > 0 || self.rigid_spending > 0
    }
}

crate::record! {
    /// A province's monitoring line for a year (监测范围), with the document that set it.
    pub struct Threshold in "thresholds" as "threshold" {
        /// Two-digit province code (51 = 四川省).
        province: String = FieldDef::new(Kind::Province).required(),
        year: i64 = FieldDef::new(Kind::Year).required(),
        amount: i64 = FieldDef::new(Kind::Money).required(),
        source: String = FieldDef::new(Kind::Text(100)),
        /// Whole months from identification before a risk may be marked eliminated
        /// (empty: `DEFAULT_WAIT_MONTHS`; never fewer than two).
        wait_months: Option<i64> = FieldDef::new(Kind::Int(2, 36)),
        /// Days from 线索 to 县级审定 an identification may take (empty: `DEFAULT_IDENTIFICATION_DAYS`).
        identification_days: Option<i64> = FieldDef::new(Kind::Int(1, 180)),
    }
}

/// Six months of monitoring before an elimination, where a province sets none: the
/// common rule (收入持续稳定原则上不少于半年).
pub const DEFAULT_WAIT_MONTHS: i64 = 6;
/// Fifteen days from a clue to county approval: 认定时间原则上不超过15天 (中农组发〔2021〕7号).
pub const DEFAULT_IDENTIFICATION_DAYS: i64 = 15;

impl Threshold {
    pub fn wait_months(&self) -> i64 {
        self.wait_months.unwrap_or(DEFAULT_WAIT_MONTHS)
    }

    pub fn identification_days(&self) -> i64 {
        self.identification_days.unwrap_or(DEFAULT_IDENTIFICATION_DAYS)
    }
}

/// The waiting time before an elimination in a province and year: its line's, else the default.
pub fn wait_months_for(thresholds: &[Threshold], province: Option<&str>, year: i64) -> i64 {
    province.and_then(|p| line_for(thresholds, p, year)).map_or(DEFAULT_WAIT_MONTHS, Threshold::wait_months)
}

/// The time limit of an identification in a province and year: its line's, else the default.
pub fn identification_days_for(thresholds: &[Threshold], province: Option<&str>, year: i64) -> i64 {
    province
        .and_then(|p| line_for(thresholds, p, year))
        .map_or(DEFAULT_IDENTIFICATION_DAYS, Threshold::identification_days)
}

impl Validate for Threshold {
    fn validate(&mut self, _draft: &Draft, _c: &mut Checker) {}
}

/// The line in force for a province and year, if one was entered.
pub fn line_for<'a>(thresholds: &'a [Threshold], province: &str, year: i64) -> Option<&'a Threshold> {
    thresholds.iter().find(|t| t.province == province && t.year == year)
}

/// The order in which the records of one year stand for it: the calendar year's, the
/// year's expected, the 12 months before an elimination, before identification.
pub fn rank_in_year(i: &Income) -> u8 {
    match i.period.as_str() {
        "" | period::YEAR => 0,
        period::EXPECTED => 1,
        period::BEFORE_ELIMINATION => 2,
        _ => 3,
    }
}

/// The income that counts for a household in a year: that year's record (the calendar
/// year's first, then the year's expected, then the 12 months before an elimination or
/// before identification counted in it), else the latest earlier year's.
pub fn income_for(incomes: &[Income], year: i64) -> Option<&Income> {
    incomes.iter().filter(|i| i.year <= year).min_by_key(|i| (std::cmp::Reverse(i.year), rank_in_year(i)))
}

/// The calendar-year record of a year (not one of 12 months or an estimate), if any.
pub fn income_of_year(incomes: &[Income], year: i64) -> Option<&Income> {
    incomes.iter().find(|i| i.year == year && i.is_calendar_year())
}

/// How many members an income of `year` is divided among: those of the household
/// on the year's last day (members who left or died before it are not counted, a
/// child born after it neither).
pub fn members_of_year(members: &[super::member::Member], year: i32) -> usize {
    chrono::NaiveDate::from_ymd_opt(year, 12, 31).map_or(0, |end| members.iter().filter(|m| m.belongs_on(end)).count())
}

/// How many members an income record is divided among: for the twelve months before
/// identification, those of the household when it was identified; before an
/// elimination, those of the household at the end of the elimination month; for a
/// year (recorded or expected), those of that year (`members_of_year`).
pub fn members_for(
    income: &Income,
    members: &[super::member::Member],
    (identified, eliminated): (Option<YearMonth>, Option<YearMonth>),
) -> usize {
    let on = |day: chrono::NaiveDate| members.iter().filter(|m| m.belongs_on(day)).count();
    match (income.period.as_str(), identified, eliminated) {
        (period::BEFORE_IDENTIFICATION, Some(m), _) => on(m.first_day()),
        (period::BEFORE_ELIMINATION, _, Some(m)) => on(m.last_day()),
        _ => members_of_year(members, income.year as i32),
    }
}

/// Per-capita income against the line: at or above it, or below.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    AtOrAbove,
    Below,
}

pub fn verdict(per_capita_fen: i64, line_fen: i64) -> Verdict {
    if per_capita_fen >= line_fen { Verdict::AtOrAbove } else { Verdict::Below }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::Record;

    #[test]
    fn an_income_is_divided_among_the_members_of_its_period() {
        use crate::domain::member::Member;
        let day = |y, m, d| chrono::NaiveDate::from_ymd_opt(y, m, d);
        let members = [
            Member { birth_date: day(1970, 1, 1), ..Member::default() },
            // Died in June 2025: counted at an identification in March 2025, not for 2025.
            Member { birth_date: day(1940, 1, 1), left_on: day(2025, 6, 1), ..Member::default() },
            // Born in 2026: not counted for 2025.
            Member { birth_date: day(2026, 2, 1), ..Member::default() },
        ];
        let months = (YearMonth::new(2025, 3), YearMonth::new(2025, 12));
        let before = Income { year: 2025, period: period::BEFORE_IDENTIFICATION.into(), ..Income::default() };
        assert_eq!(members_for(&before, &members, months), 2);
        let year = Income { year: 2025, ..Income::default() };
        assert_eq!(members_for(&year, &members, months), 1);
        // Before an elimination in December 2025: those there at its end (one died in June).
        let eliminating = Income { year: 2025, period: period::BEFORE_ELIMINATION.into(), ..Income::default() };
        assert_eq!(members_for(&eliminating, &members, months), 1);
        assert_eq!(members_of_year(&members, 2026), 2);
    }

    fn income(components: [i64; 7]) -> Income {
        let [wages, business_income, business_costs, property, transfer, claims, out_of_pocket] = components;
        Income {
            household_id: "h".into(),
            year: 2026,
            wages,
            business_income,
            business_costs,
            property,
            transfer,
            claims,
            out_of_pocket,
            ..Income::default()
        }
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
    fn per_capita_rounds_down_and_sums_never_wrap() {
        assert_eq!(income([1_000, 0, 0, 0, 0, 0, 0]).per_capita_fen(3), Some(333));
        assert_eq!(income([i64::MAX, i64::MAX, 0, 0, 0, 0, 0]).net_fen(), i64::MAX);
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
        let lines = vec![Threshold { province: "51".into(), year: 2026, amount: 730_000, ..Threshold::default() }];
        assert_eq!(line_for(&lines, "51", 2026).unwrap().amount, 730_000);
        assert!(line_for(&lines, "51", 2027).is_none());
        let mut before = income([100, 0, 0, 0, 0, 0, 0]);
        before.period = period::BEFORE_IDENTIFICATION.into();
        let mut year = income([200, 0, 0, 0, 0, 0, 0]);
        year.year = 2025;
        let all = vec![before.clone(), year.clone()];
        assert_eq!(income_for(&all, 2026).unwrap().net_fen(), 100);
        assert_eq!(income_for(&all, 2025).unwrap().net_fen(), 200);
        assert!(income_for(&all, 2024).is_none());
        // In one year the calendar year's record stands first, then the expected one.
        let mut expected = income([300, 0, 0, 0, 0, 0, 0]);
        expected.period = period::EXPECTED.into();
        let mut calendar = income([400, 0, 0, 0, 0, 0, 0]);
        calendar.period = period::YEAR.into();
        let all = vec![before.clone(), expected.clone(), year.clone()];
        assert_eq!(income_for(&all, 2026).unwrap().net_fen(), 300);
        let all = vec![before, expected, calendar, year];
        assert_eq!(income_for(&all, 2026).unwrap().net_fen(), 400);
    }

    /// The waiting time is two months to three years, typed as people type it; empty is
    /// the default.
    #[test]
    fn a_lines_waiting_time_and_time_limit() {
        let d = Draft::default().with("province", "51").with("year", "2026").with("amount", "7600");
        let t = Threshold::from_draft("", &d.clone().with("wait_months", "６").with("identification_days", "１５"))
            .unwrap();
        assert_eq!((t.wait_months(), t.identification_days()), (6, 15));
        let t = Threshold::from_draft("", &d).unwrap();
        assert_eq!((t.wait_months(), t.identification_days()), (DEFAULT_WAIT_MONTHS, DEFAULT_IDENTIFICATION_DAYS));
        for (months, ok) in [("1", false), ("2", true), ("36", true), ("37", false)] {
            let made = Threshold::from_draft("", &d.clone().with("wait_months", months));
            assert_eq!(made.is_ok(), ok, "{months}");
        }
    }

    #[test]
    fn a_province_is_two_digits() {
        let d = Draft::default().with("province", "5１").with("year", "2026").with("amount", "7300");
        assert_eq!(Threshold::from_draft("", &d).unwrap().province, "51");
        let errors = Threshold::from_draft("", &d.with("province", "四川")).unwrap_err();
        assert_eq!(errors[0].field, "province");
    }
}
