//! Data-quality warnings (docs/warnings.md): what inspectors check in the national
//! export, computed from one household's records so a cadre sees it first. Each
//! warning has a stable rule code, the facts its message needs (the label catalog
//! words it) and the days it holds: a measure missing holds from a month after
//! identification until the first measure starts, a child registered as working
//! until the sixteenth birthday. So warnings are computed when records change, not
//! every day, and any day's warnings (a past month's) can be read back.

use super::dates::YearMonth;
use super::elimination::{EliminationCase, EliminationFailure, Judged, check_elimination};
use super::household::Household;
use super::idnum::{parse_disability_cert, parse_resident_id};
use super::income::{Income, Threshold, line_for, wait_months_for};
use super::invalid::Invalid;
use super::measure::{Measure, answering_categories};
use super::member::{ID_TYPE_DISABILITY, Member};
use super::record::Record;
use super::schedule::Due;
use super::vocab::list;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

mod labour;
mod people;
mod screening;
mod support;
mod work;
pub use work::{cadre_warnings, project_warnings, record_warning, side_unknown, task_warnings};

/// The stable codes of the rules, as `bangfu check --json` prints them.
pub mod rule {
    pub const MEASURE_MISSING: &str = "measure-missing";
    pub const RISK_WITHOUT_MEASURE: &str = "risk-without-measure";
    pub const ELIMINATION_BREAKS_RULES: &str = "elimination-breaks-rules";
    pub const LACK_LABOR_CONTRADICTED: &str = "lack-labor-contradicted";
    pub const WELFARE_ONLY_WITH_LABOR: &str = "welfare-only-with-labor";
    pub const ID_INVALID: &str = "id-invalid";
    pub const ID_DUPLICATE: &str = "id-duplicate";
    pub const BIRTH_DATE_MISMATCH: &str = "birth-date-mismatch";
    pub const BORN_AFTER_TODAY: &str = "born-after-today";
    pub const SEX_MISMATCH: &str = "sex-mismatch";
    pub const CHILD_WORKING: &str = "child-working";
    pub const INCOME_IMPLAUSIBLE: &str = "income-implausible";
    pub const VISIT_OVERDUE: &str = "visit-overdue";
    pub const HELPER_MISSING: &str = "helper-missing";
    pub const LINE_MISSING: &str = "line-missing";
    pub const HEAD_MISSING: &str = "head-missing";
    pub const HEAD_TWICE: &str = "head-twice";
    pub const HEAD_UNDER_16: &str = "head-under-16";
    pub const OLDER_THAN_HEAD: &str = "older-than-head";
    pub const TYPE_CATEGORY_MISMATCH: &str = "type-category-mismatch";
    pub const DROPOUT_NOT_FLAGGED: &str = "dropout-not-flagged";
    pub const SCHOOL_AGE_NOT_IN_SCHOOL: &str = "school-age-not-in-school";
    pub const SCHOOLING_AGE: &str = "schooling-age";
    pub const EDUCATION_AGE: &str = "education-age";
    pub const INCOME_NEGATIVE: &str = "income-negative";
    pub const ELIMINATED_BEFORE_IDENTIFIED: &str = "eliminated-before-identified";
    pub const MONITORED_LONG_ABOVE_LINE: &str = "monitored-long-above-line";
    pub const HOUSING_WITHOUT_MEASURE: &str = "housing-without-measure";
    pub const UNINSURED_WITHOUT_HEALTH: &str = "uninsured-without-health";
    pub const PUBLIC_JOB_WITHOUT_WORKER: &str = "public-job-without-worker";
    pub const ID_REGION_UNKNOWN: &str = "id-region-unknown";
    pub const PROJECT_COMPLETED_WITHOUT_DATE: &str = "project-completed-without-date";
    pub const PROJECT_FUNDS_OUT_OF_ORDER: &str = "project-funds-out-of-order";
    pub const TASK_OVERDUE_WITHOUT_NOTE: &str = "task-overdue-without-note";
    pub const HELPER_NO_PHONE: &str = "helper-no-phone";
    pub const NEED_OVERDUE: &str = "need-overdue";
    pub const TARGET_BEHIND: &str = "target-behind";
    pub const SIDE_UNKNOWN: &str = "side-unknown";
    pub const SHOULD_BE_MONITORED: &str = "should-be-monitored";
    pub const RISK_AFTER_ELIMINATION: &str = "risk-after-elimination";
    pub const IDENTIFICATION_SLOW: &str = "identification-slow";
    pub const IDENTIFIED_ABOVE_LINE: &str = "identified-above-line";

    /// Every rule, in the order reports list them.
    pub const ALL: [&str; 42] = [
        SHOULD_BE_MONITORED,
        RISK_AFTER_ELIMINATION,
        MEASURE_MISSING,
        RISK_WITHOUT_MEASURE,
        ELIMINATION_BREAKS_RULES,
        IDENTIFICATION_SLOW,
        IDENTIFIED_ABOVE_LINE,
        LACK_LABOR_CONTRADICTED,
        WELFARE_ONLY_WITH_LABOR,
        ID_INVALID,
        ID_DUPLICATE,
        BIRTH_DATE_MISMATCH,
        BORN_AFTER_TODAY,
        SEX_MISMATCH,
        CHILD_WORKING,
        INCOME_IMPLAUSIBLE,
        VISIT_OVERDUE,
        HELPER_MISSING,
        LINE_MISSING,
        HEAD_MISSING,
        HEAD_TWICE,
        HEAD_UNDER_16,
        OLDER_THAN_HEAD,
        TYPE_CATEGORY_MISMATCH,
        DROPOUT_NOT_FLAGGED,
        SCHOOL_AGE_NOT_IN_SCHOOL,
        SCHOOLING_AGE,
        EDUCATION_AGE,
        INCOME_NEGATIVE,
        ELIMINATED_BEFORE_IDENTIFIED,
        MONITORED_LONG_ABOVE_LINE,
        HOUSING_WITHOUT_MEASURE,
        UNINSURED_WITHOUT_HEALTH,
        PUBLIC_JOB_WITHOUT_WORKER,
        ID_REGION_UNKNOWN,
        PROJECT_COMPLETED_WITHOUT_DATE,
        PROJECT_FUNDS_OUT_OF_ORDER,
        TASK_OVERDUE_WITHOUT_NOTE,
        NEED_OVERDUE,
        TARGET_BEHIND,
        SIDE_UNKNOWN,
        HELPER_NO_PHONE,
    ];

    /// The place of a rule in `ALL` (unknown codes last).
    pub fn rank(code: &str) -> usize {
        ALL.iter().position(|r| *r == code).unwrap_or(ALL.len())
    }

    /// The rule's code as a `&'static str`, if it is one of ours.
    pub fn known(code: &str) -> Option<&'static str> {
        ALL.iter().copied().find(|r| *r == code)
    }
}

/// Per capita income above which an identification is probably a typing error (20,000 元).
pub const IMPLAUSIBLE_INCOME_FEN: i64 = 2_000_000;
/// Working age: from the 16th birthday to the 60th.
pub const WORKING_FROM: i32 = 16;
pub const WORKING_UNTIL: i32 = 60;

/// A value a warning message shows; the label layer renders it in the user's language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Fact {
    Text(String),
    Code {
        list: String,
        code: String,
    },
    Codes {
        list: String,
        codes: Vec<String>,
    },
    Money(i64),
    Date(NaiveDate),
    Month(YearMonth),
    Number(i64),
    /// Whole days from this date to the day the warning is read.
    DaysSince(NaiveDate),
    /// Age in years, on the day the warning is read, of someone born on this date.
    AgeOf(NaiveDate),
    Problem(Invalid),
    Failures(Vec<EliminationFailure>),
    /// Why a household is at risk (应纳未纳, at risk again after an elimination).
    Risks(Vec<AtRisk>),
}

/// One thing that puts a household at risk now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum AtRisk {
    /// 人均纯收入 of the household's newest income below the line of its year; `period`
    /// is the income's (an expected income is said as such).
    IncomeBelowLine { year: i64, per_capita_fen: i64, line_fen: i64, period: String },
    /// A 三保障/饮水 answer (a household field's key) that is 是, or a member uninsured.
    Guarantee(String),
}

impl Fact {
    fn code(list: &str, code: &str) -> Fact {
        Fact::Code { list: list.into(), code: code.into() }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Warning {
    pub rule: String,
    /// The record to fix: its table and id.
    pub table: String,
    pub record_id: String,
    /// The household it concerns, to jump to it.
    pub household_id: Option<String>,
    pub facts: Vec<(String, Fact)>,
    /// The first day it holds, and the first day it no longer does (open when `None`).
    pub from: Option<NaiveDate>,
    pub until: Option<NaiveDate>,
}

impl Warning {
    pub fn holds_on(&self, day: NaiveDate) -> bool {
        self.from.is_none_or(|f| f <= day) && self.until.is_none_or(|u| day < u)
    }

    fn during(mut self, from: Option<NaiveDate>, until: Option<NaiveDate>) -> Warning {
        self.from = from;
        self.until = until;
        self
    }
}

/// Everything the rules read about one household.
pub struct HouseholdInputs<'a> {
    pub household: &'a Household,
    /// The village's name, for messages, and its province, for the line.
    pub village_name: &'a str,
    pub province: Option<&'a str>,
    pub members: &'a [Member],
    pub measures: &'a [Measure],
    pub incomes: &'a [Income],
    /// The household's monitoring steps.
    pub events: &'a [super::monitoring::MonitoringEvent],
    pub thresholds: &'a [Threshold],
    pub due: Option<&'a Due>,
    /// The names of the other members holding a member's ID number.
    pub id_holders: &'a dyn Fn(&Member) -> Vec<String>,
}

/// Every warning about a household and its members.
pub fn household_warnings(i: &HouseholdInputs) -> Vec<Warning> {
    let mut out = Vec::new();
    let h = i.household;
    if h.is_monitored() {
        monitored_rules(i, &mut out);
    }
    if h.risk_eliminated
        && let Some(month) = h.eliminated_month
    {
        elimination_rule(i, month, &mut out);
    }
    screening::screening_rules(i, &mut out);
    labour::labour_rules(i, &mut out);
    people::household_people_rules(i, &mut out);
    if let Some(due) = i.due {
        out.push(visit_overdue(i.household, i.village_name, due));
    }
    for m in i.members {
        member_rules(i, m, &mut out);
    }
    out
}

/// The one warning a new or deleted visit changes: the household's visit is overdue
/// from the day after it was due.
pub fn visit_overdue(h: &Household, village_name: &str, due: &Due) -> Warning {
    let facts = vec![("due", Fact::Date(due.next_due)), ("days", Fact::DaysSince(due.next_due))];
    warning_of(rule::VISIT_OVERDUE, h, village_name, facts).during(due.next_due.succ_opt(), None)
}

fn household_warning(rule: &'static str, i: &HouseholdInputs, facts: Vec<(&'static str, Fact)>) -> Warning {
    warning_of(rule, i.household, i.village_name, facts)
}

fn warning_of(rule: &'static str, h: &Household, village_name: &str, facts: Vec<(&'static str, Fact)>) -> Warning {
    let mut all = vec![
        ("name".to_string(), Fact::Text(h.head_name.clone())),
        ("village".into(), Fact::Text(village_name.into())),
    ];
    all.extend(facts.into_iter().map(|(k, f)| (k.to_string(), f)));
    Warning {
        rule: rule.into(),
        table: Household::DEF.table.into(),
        record_id: h.id.clone(),
        household_id: Some(h.id.clone()),
        facts: all,
        from: None,
        until: None,
    }
}

fn member_warning(rule: &'static str, i: &HouseholdInputs, m: &Member, facts: Vec<(&'static str, Fact)>) -> Warning {
    let mut all = vec![
        ("name".to_string(), Fact::Text(m.name.clone())),
        ("household".into(), Fact::Text(i.household.head_name.clone())),
    ];
    all.extend(facts.into_iter().map(|(k, f)| (k.to_string(), f)));
    Warning {
        rule: rule.into(),
        table: Member::DEF.table.into(),
        record_id: m.id.clone(),
        household_id: Some(m.household_id.clone()),
        facts: all,
        from: None,
        until: None,
    }
}

fn monitored_rules(i: &HouseholdInputs, out: &mut Vec<Warning>) {
    let h = i.household;
    // Measures that ended before this identification were for an earlier episode.
    let episode: Vec<&Measure> = i.measures.iter().filter(|m| m.in_episode(h.identified_month)).collect();
    // A month after identification without a measure started: until the first one
    // starts, or the risk is eliminated (自然消除 needs none).
    if let Some(month) = h.identified_month {
        let from = month.first_day().checked_add_months(chrono::Months::new(1));
        let first_measure = episode.iter().map(|m| m.start).min();
        let eliminated = h.eliminated_month.filter(|_| h.risk_eliminated).map(|m| m.first_day());
        let until = [first_measure, eliminated].into_iter().flatten().min();
        if from.zip(until).is_none_or(|(f, u)| f < u) {
            let w = household_warning(rule::MEASURE_MISSING, i, vec![("month", Fact::Month(month))]);
            out.push(w.during(from, until));
        }
    }
    if h.helper.trim().is_empty() {
        out.push(household_warning(rule::HELPER_MISSING, i, vec![]));
    }
    // An eliminated household's measures are judged with its elimination.
    for risk in h.risks.iter().filter(|_| !h.risk_eliminated) {
        if let Some(needed) = answering_categories(risk)
            && !episode.iter().any(|m| needed.contains(&m.category.as_str()))
        {
            let facts = vec![
                ("risk", Fact::code(list::RISK, risk)),
                (
                    "needs",
                    Fact::Codes {
                        list: list::MEASURE_CATEGORY.into(),
                        codes: needed.iter().map(|s| s.to_string()).collect(),
                    },
                ),
            ];
            out.push(household_warning(rule::RISK_WITHOUT_MEASURE, i, facts));
        }
    }
    support::support_rules(i, &episode, out);
    if let Some(income) = screening::income_at_identification(i) {
        let months = (h.identified_month, h.eliminated_month);
        let per_capita = income.per_capita_fen(super::income::members_for(income, i.members, months));
        if let Some(per_capita) = per_capita
            && per_capita > IMPLAUSIBLE_INCOME_FEN
        {
            out.push(household_warning(rule::INCOME_IMPLAUSIBLE, i, vec![("income", Fact::Money(per_capita))]));
        }
    }
}

fn elimination_rule(i: &HouseholdInputs, month: YearMonth, out: &mut Vec<Warning>) {
    let h = i.household;
    let year = i64::from(month.year);
    let case = EliminationCase {
        household: h,
        members: i.members,
        measures: i.measures,
        incomes: i.incomes,
        line_fen: i.province.and_then(|p| line_for(i.thresholds, p, year)).map(|t| t.amount),
        wait_months: wait_months_for(i.thresholds, i.province, year),
        month,
        method: h.elimination_method.as_deref().unwrap_or(""),
        judged: Judged::Later,
    };
    let failures = check_elimination(&case);
    if !failures.is_empty() {
        let facts = vec![("month", Fact::Month(month)), ("failures", Fact::Failures(failures))];
        out.push(household_warning(rule::ELIMINATION_BREAKS_RULES, i, facts));
    }
}

fn member_rules(i: &HouseholdInputs, m: &Member, out: &mut Vec<Warning>) {
    if let Some(number) = m.id_number.as_deref() {
        id_rules(i, m, number, out);
        let others = (i.id_holders)(m);
        if !others.is_empty() {
            out.push(member_warning(rule::ID_DUPLICATE, i, m, vec![("other", Fact::Text(others.join("、")))]));
        }
    }
    if m.registered_working()
        && let (Some(birth), Some(adult)) = (m.birth_date, m.birthday(WORKING_FROM))
    {
        let w = member_warning(rule::CHILD_WORKING, i, m, vec![("age", Fact::AgeOf(birth))]);
        out.push(w.during(None, Some(adult)));
    }
}

fn id_rules(i: &HouseholdInputs, m: &Member, number: &str, out: &mut Vec<Warning>) {
    let parsed = if m.id_type.as_deref() == Some(ID_TYPE_DISABILITY) {
        parse_disability_cert(number)
    } else {
        parse_resident_id(number)
    };
    match parsed {
        Err(problem) => out.push(member_warning(rule::ID_INVALID, i, m, vec![("problem", Fact::Problem(problem))])),
        Ok(id) => {
            // A number keeps the county code it was issued under, so one no longer in the
            // 2023 list may be old rather than wrong: asked to be checked, never refused.
            let region = number.get(..6).unwrap_or("");
            if crate::domain::divisions::county(region).is_none() {
                let facts = vec![("region", Fact::Text(region.to_string()))];
                out.push(member_warning(rule::ID_REGION_UNKNOWN, i, m, facts));
            }
            if let Some(birth) = m.birth_date.filter(|b| *b != id.birth_date) {
                let facts = vec![("birth", Fact::Date(birth)), ("expected", Fact::Date(id.birth_date))];
                out.push(member_warning(rule::BIRTH_DATE_MISMATCH, i, m, facts));
            }
            if let Some(sex) = m.sex.as_deref().filter(|s| *s != id.sex.code()) {
                let facts =
                    vec![("sex", Fact::code(list::SEX, sex)), ("expected", Fact::code(list::SEX, id.sex.code()))];
                out.push(member_warning(rule::SEX_MISMATCH, i, m, facts));
            }
        }
    }
}

/// A province with monitored households and no line for a year: one warning per
/// year, holding through that year — or from the year on, until the line is entered,
/// for a year whose eliminations are `to_judge` on their income.
pub fn line_missing(province: &str, year: i32, to_judge: bool) -> Warning {
    let over = chrono::NaiveDate::from_ymd_opt(year + 1, 1, 1).filter(|_| !to_judge);
    Warning {
        rule: rule::LINE_MISSING.into(),
        table: Threshold::DEF.table.into(),
        record_id: String::new(),
        household_id: None,
        facts: vec![("year".into(), Fact::Number(year as i64)), ("province".into(), Fact::Text(province.into()))],
        from: chrono::NaiveDate::from_ymd_opt(year, 1, 1),
        until: over,
    }
}

#[cfg(test)]
mod tests;
