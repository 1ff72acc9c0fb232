//! Data-quality warnings (domain.md §3.5): what inspectors check in the national
//! export, computed from the ledger so a cadre sees it first. Each warning has a
//! stable rule code and the facts a message needs; the label catalog words it.

use super::dates::YearMonth;
use super::elimination::{EliminationCase, EliminationFailure, check_elimination};
use super::household::Household;
use super::idnum::{parse_disability_cert, parse_resident_id};
use super::income::{Income, Threshold, income_for, line_for};
use super::measure::{Measure, answering_categories};
use super::member::{ID_TYPE_DISABILITY, Member};
use super::schedule::{VisitRule, due};
use super::village::Village;
use super::visit::Visit;
use super::vocab::list;
use super::{Invalid, Record};
use chrono::NaiveDate;
use rustc_hash::FxHashMap as HashMap;

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
    pub const SEX_MISMATCH: &str = "sex-mismatch";
    pub const CHILD_WORKING: &str = "child-working";
    pub const INCOME_IMPLAUSIBLE: &str = "income-implausible";
    pub const VISIT_OVERDUE: &str = "visit-overdue";
    pub const HELPER_MISSING: &str = "helper-missing";
    pub const LINE_MISSING: &str = "line-missing";

    /// Every rule, in the order reports list them.
    pub const ALL: [&str; 14] = [
        MEASURE_MISSING,
        RISK_WITHOUT_MEASURE,
        ELIMINATION_BREAKS_RULES,
        LACK_LABOR_CONTRADICTED,
        WELFARE_ONLY_WITH_LABOR,
        ID_INVALID,
        ID_DUPLICATE,
        BIRTH_DATE_MISMATCH,
        SEX_MISMATCH,
        CHILD_WORKING,
        INCOME_IMPLAUSIBLE,
        VISIT_OVERDUE,
        HELPER_MISSING,
        LINE_MISSING,
    ];
}

/// Per capita income above which an identification is probably a typing error (20,000 元).
pub const IMPLAUSIBLE_INCOME_FEN: i64 = 2_000_000;
pub const WORKING_AGE: std::ops::Range<i32> = 16..60;

/// A value a warning message shows; the label layer renders it in the user's language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fact {
    Text(String),
    Code { list: &'static str, code: String },
    Codes { list: &'static str, codes: Vec<String> },
    Money(i64),
    Date(NaiveDate),
    Month(YearMonth),
    Number(i64),
    Problem(Invalid),
    Failures(Vec<EliminationFailure>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    pub rule: &'static str,
    /// The record to fix: its table and id.
    pub table: &'static str,
    pub record_id: String,
    /// The household it concerns, to jump to it.
    pub household_id: Option<String>,
    pub facts: Vec<(&'static str, Fact)>,
}

/// Everything the rules read.
pub struct Facts<'a> {
    pub villages: &'a [Village],
    pub households: &'a [Household],
    pub members: &'a [Member],
    pub measures: &'a [Measure],
    pub incomes: &'a [Income],
    pub thresholds: &'a [Threshold],
    /// The date of each household's last visit (see `last_visits`).
    pub last_visits: &'a LastVisits<'a>,
    pub rules: &'a [VisitRule],
    pub today: NaiveDate,
}

/// Each household's last visit date, by household id.
pub type LastVisits<'a> = HashMap<&'a str, NaiveDate>;

/// The last visit of every household, from all visits (any order).
pub fn last_visits(visits: &[Visit]) -> LastVisits<'_> {
    let mut last = LastVisits::default();
    for v in visits {
        if let Some(h) = v.household_id.as_deref() {
            let entry = last.entry(h).or_insert(v.date);
            *entry = (*entry).max(v.date);
        }
    }
    last
}

/// Household-level context the rules share.
struct Context<'a> {
    village: HashMap<&'a str, &'a Village>,
    members: HashMap<&'a str, Vec<&'a Member>>,
    measures: HashMap<&'a str, Vec<&'a Measure>>,
    incomes: HashMap<&'a str, Vec<Income>>,
    last_visit: &'a LastVisits<'a>,
}

impl<'a> Context<'a> {
    fn new(f: &Facts<'a>) -> Self {
        let mut members: HashMap<&str, Vec<&Member>> = HashMap::default();
        for m in f.members {
            members.entry(&m.household_id).or_default().push(m);
        }
        let mut measures: HashMap<&str, Vec<&Measure>> = HashMap::default();
        for m in f.measures {
            measures.entry(&m.household_id).or_default().push(m);
        }
        let mut incomes: HashMap<&str, Vec<Income>> = HashMap::default();
        for i in f.incomes {
            incomes.entry(&i.household_id).or_default().push(i.clone());
        }
        Context {
            village: f.villages.iter().map(|v| (v.id.as_str(), v)).collect(),
            members,
            measures,
            incomes,
            last_visit: f.last_visits,
        }
    }

    fn incomes_of(&self, h: &Household) -> &[Income] {
        self.incomes.get(h.id.as_str()).map_or(&[], Vec::as_slice)
    }

    fn province(&self, h: &Household) -> String {
        self.village
            .get(h.village_id.as_str())
            .and_then(|v| v.code.as_deref())
            .map_or(String::new(), |c| c[..2].to_string())
    }
}

fn household_warning(
    rule: &'static str,
    h: &Household,
    ctx: &Context,
    mut facts: Vec<(&'static str, Fact)>,
) -> Warning {
    let village = ctx.village.get(h.village_id.as_str()).map_or(String::new(), |v| v.name.clone());
    facts.insert(0, ("name", Fact::Text(h.head_name.clone())));
    facts.insert(1, ("village", Fact::Text(village)));
    Warning { rule, table: Household::TABLE, record_id: h.id.clone(), household_id: Some(h.id.clone()), facts }
}

fn member_warning(
    rule: &'static str,
    m: &Member,
    h: Option<&Household>,
    mut facts: Vec<(&'static str, Fact)>,
) -> Warning {
    facts.insert(0, ("name", Fact::Text(m.name.clone())));
    facts.insert(1, ("household", Fact::Text(h.map_or(String::new(), |h| h.head_name.clone()))));
    Warning { rule, table: Member::TABLE, record_id: m.id.clone(), household_id: Some(m.household_id.clone()), facts }
}

/// All warnings of the ledger, household by household, then the ledger-wide ones.
pub fn warnings(f: &Facts) -> Vec<Warning> {
    let ctx = Context::new(f);
    let mut out = Vec::new();
    let households: HashMap<&str, &Household> = f.households.iter().map(|h| (h.id.as_str(), h)).collect();
    for h in f.households {
        household_rules(f, &ctx, h, &mut out);
    }
    member_rules(f, &households, &mut out);
    line_rule(f, &ctx, &mut out);
    out
}

fn household_rules(f: &Facts, ctx: &Context, h: &Household, out: &mut Vec<Warning>) {
    let no_measures = Vec::new();
    let measures = ctx.measures.get(h.id.as_str()).unwrap_or(&no_measures);
    let no_members = Vec::new();
    let members = ctx.members.get(h.id.as_str()).unwrap_or(&no_members);
    let this_month = YearMonth::of(f.today);
    if h.is_monitored() {
        let delivered = measures.iter().any(|m| m.delivered_by_day(f.today));
        if let Some(month) = h.identified_month
            && month.months_until(this_month) >= 1
            && !delivered
        {
            out.push(household_warning(rule::MEASURE_MISSING, h, ctx, vec![("month", Fact::Month(month))]));
        }
        if h.helper.trim().is_empty() {
            out.push(household_warning(rule::HELPER_MISSING, h, ctx, vec![]));
        }
        for risk in &h.risks {
            if let Some(needed) = answering_categories(risk)
                && !measures.iter().any(|m| needed.contains(&m.category.as_str()))
            {
                let facts = vec![
                    ("risk", Fact::Code { list: list::RISK, code: risk.clone() }),
                    (
                        "needs",
                        Fact::Codes {
                            list: list::MEASURE_CATEGORY,
                            codes: needed.iter().map(|s| s.to_string()).collect(),
                        },
                    ),
                ];
                out.push(household_warning(rule::RISK_WITHOUT_MEASURE, h, ctx, facts));
            }
        }
        income_implausible(ctx, h, members.len(), out);
    }
    if h.risk_eliminated
        && let Some(month) = h.eliminated_month
    {
        let year = month.year as i64;
        let income = income_for(ctx.incomes_of(h), &h.id, year);
        let case = EliminationCase {
            household: h,
            measures,
            per_capita_fen: income.and_then(|i| i.per_capita_fen(members.len())),
            income_recorded: income.is_some(),
            line: line_for(f.thresholds, &ctx.province(h), year),
            month,
            method: h.elimination_method.as_deref().unwrap_or(""),
        };
        let failures = check_elimination(&case);
        if !failures.is_empty() {
            let facts = vec![("month", Fact::Month(month)), ("failures", Fact::Failures(failures))];
            out.push(household_warning(rule::ELIMINATION_BREAKS_RULES, h, ctx, facts));
        }
    }
    labour_rules(f, ctx, h, members, measures, out);
    let last = ctx.last_visit.get(h.id.as_str()).copied();
    if let Some(d) = due(h, last, f.rules, f.today).filter(|d| d.is_overdue()) {
        let facts = vec![("due", Fact::Date(d.next_due)), ("days", Fact::Number(d.days_overdue))];
        out.push(household_warning(rule::VISIT_OVERDUE, h, ctx, facts));
    }
}

fn income_implausible(ctx: &Context, h: &Household, members: usize, out: &mut Vec<Warning>) {
    let Some(month) = h.identified_month else { return };
    let at_identification = ctx.incomes_of(h).iter().find(|i| i.before_identification || i.year == month.year as i64);
    if let Some(per_capita) = at_identification.and_then(|i| i.per_capita_fen(members))
        && per_capita > IMPLAUSIBLE_INCOME_FEN
    {
        out.push(household_warning(rule::INCOME_IMPLAUSIBLE, h, ctx, vec![("income", Fact::Money(per_capita))]));
    }
}

fn has_labour(m: &Member, today: NaiveDate) -> bool {
    m.age_on(today).is_some_and(|a| WORKING_AGE.contains(&a))
        && matches!(m.labor_skill.as_deref(), Some("ordinary") | Some("skilled"))
}

fn labour_rules(
    f: &Facts,
    ctx: &Context,
    h: &Household,
    members: &[&Member],
    measures: &[&Measure],
    out: &mut Vec<Warning>,
) {
    let worker = members.iter().find(|m| has_labour(m, f.today));
    if let Some(worker) = worker
        && h.risks.iter().any(|r| r == "lack_labor")
    {
        let facts = vec![
            ("member", Fact::Text(worker.name.clone())),
            ("skill", Fact::Code { list: list::LABOR_SKILL, code: worker.labor_skill.clone().unwrap_or_default() }),
        ];
        out.push(household_warning(rule::LACK_LABOR_CONTRADICTED, h, ctx, facts));
    }
    if worker.is_some() && !measures.is_empty() && measures.iter().all(|m| m.category == "welfare") {
        out.push(household_warning(rule::WELFARE_ONLY_WITH_LABOR, h, ctx, vec![]));
    }
}

fn member_rules(f: &Facts, households: &HashMap<&str, &Household>, out: &mut Vec<Warning>) {
    let mut holders: HashMap<&str, Vec<&Member>> = HashMap::default();
    for m in f.members {
        let h = households.get(m.household_id.as_str()).copied();
        if let Some(number) = m.id_number.as_deref() {
            holders.entry(number).or_default().push(m);
            id_rules(m, h, number, out);
        }
        if let Some(age) = m.age_on(f.today).filter(|a| *a < WORKING_AGE.start) {
            let working = m.work_status.as_deref().is_some_and(|w| w != "none")
                || matches!(m.labor_skill.as_deref(), Some("ordinary") | Some("skilled"));
            if working {
                out.push(member_warning(rule::CHILD_WORKING, m, h, vec![("age", Fact::Number(age as i64))]));
            }
        }
    }
    for (_, same) in holders.into_iter().filter(|(_, v)| v.len() > 1) {
        for m in &same {
            let others: Vec<String> = same.iter().filter(|o| o.id != m.id).map(|o| o.name.clone()).collect();
            let h = households.get(m.household_id.as_str()).copied();
            out.push(member_warning(rule::ID_DUPLICATE, m, h, vec![("other", Fact::Text(others.join("、")))]));
        }
    }
}

fn id_rules(m: &Member, h: Option<&Household>, number: &str, out: &mut Vec<Warning>) {
    let parsed = if m.id_type.as_deref() == Some(ID_TYPE_DISABILITY) {
        parse_disability_cert(number)
    } else {
        parse_resident_id(number)
    };
    match parsed {
        Err(problem) => out.push(member_warning(rule::ID_INVALID, m, h, vec![("problem", Fact::Problem(problem))])),
        Ok(id) => {
            if let Some(birth) = m.birth_date.filter(|b| *b != id.birth_date) {
                let facts = vec![("birth", Fact::Date(birth)), ("expected", Fact::Date(id.birth_date))];
                out.push(member_warning(rule::BIRTH_DATE_MISMATCH, m, h, facts));
            }
            if let Some(sex) = m.sex.as_deref().filter(|s| *s != id.sex.code()) {
                let facts = vec![
                    ("sex", Fact::Code { list: list::SEX, code: sex.to_string() }),
                    ("expected", Fact::Code { list: list::SEX, code: id.sex.code().to_string() }),
                ];
                out.push(member_warning(rule::SEX_MISMATCH, m, h, facts));
            }
        }
    }
}

/// A province with monitored households and no line for this year.
fn line_rule(f: &Facts, ctx: &Context, out: &mut Vec<Warning>) {
    let year = YearMonth::of(f.today).year as i64;
    let mut provinces: Vec<String> =
        f.households.iter().filter(|h| h.is_monitored()).map(|h| ctx.province(h)).collect();
    provinces.sort();
    provinces.dedup();
    for province in provinces.into_iter().filter(|p| !p.is_empty()) {
        if line_for(f.thresholds, &province, year).is_none() {
            out.push(Warning {
                rule: rule::LINE_MISSING,
                table: Threshold::TABLE,
                record_id: String::new(),
                household_id: None,
                facts: vec![("year", Fact::Number(year)), ("province", Fact::Text(province))],
            });
        }
    }
}

/// Warnings counted by rule, in the order of `rule::ALL`.
pub fn count_by_rule(warnings: &[Warning]) -> Vec<(&'static str, usize)> {
    rule::ALL.iter().map(|r| (*r, warnings.iter().filter(|w| w.rule == *r).count())).filter(|(_, n)| *n > 0).collect()
}
