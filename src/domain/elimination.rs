//! Elimination (docs/rules.md, "Elimination"): allowed only when every criterion holds, and
//! refused with each failing criterion and its figures. The criteria follow the national
//! guidance (中农组发〔2021〕7号 and the rules of 风险消除 after it): a waiting time the
//! province sets; for 帮扶消除 a measure for each risk and the income of the 12 months
//! before (or the year's expected income); for 自然消除, a risk that ended by itself, no
//! measure; 三保障 and water secure in the month; and a household without labour
//! capacity is not marked (暂不标注) but stays monitored.

use super::dates::YearMonth;
use super::household::Household;
use super::income::{Income, members_for, period};
use super::measure::{Measure, answering_categories};
use super::member::Member;

/// One criterion of elimination (docs/rules.md) it fails, with the figures that show it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum EliminationFailure {
    NotIdentified,
    /// Identified in `identified`, only `months` whole months before the elimination
    /// month, where `needed` are asked.
    TooSoon {
        identified: YearMonth,
        months: i32,
        needed: i32,
    },
    /// 帮扶消除 without a measure delivered by the end of the elimination month.
    NoMeasure,
    /// 帮扶消除 needs the income of the 12 months before the elimination, or of its year
    /// (recorded or expected).
    NoIncome {
        year: i32,
    },
    /// Income is recorded but no member of that time is, so there is no income per head.
    NoMembers {
        year: i32,
    },
    /// No monitoring line for the year, so income cannot be judged.
    NoLine {
        year: i32,
    },
    /// `period` is the income's (list income_period): an expected income is said as such.
    IncomeBelowLine {
        per_capita_fen: i64,
        line_fen: i64,
        year: i32,
        period: String,
    },
    /// One of 三保障 / water is not confirmed secure; `which` names it.
    GuaranteeNotSecure {
        which: String,
    },
    /// 整户无劳动能力: not marked eliminated for now (暂不标注), tracked after welfare.
    NoLaborCapacity,
    /// A risk of the household has no measure of this episode that answers it.
    RiskWithoutMeasure {
        risk: String,
    },
}

/// When an elimination is judged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Judged {
    /// As it is being made (the step, the household's form): on the facts as they are.
    Now,
    /// One made before (a warning): on what is dated in its month. 三保障 answers carry no
    /// date, and a problem found since is a new risk to identify again (再标注), not a
    /// fault of the elimination: they are not judged again.
    Later,
}

/// A household's records, as the elimination rules read them.
pub struct EliminationCase<'a> {
    pub household: &'a Household,
    pub members: &'a [Member],
    pub measures: &'a [Measure],
    pub incomes: &'a [Income],
    /// The province's line for the year of the elimination month, if entered.
    pub line_fen: Option<i64>,
    /// Whole months of monitoring the province asks before an elimination.
    pub wait_months: i64,
    pub month: YearMonth,
    pub method: &'a str,
    pub judged: Judged,
}

/// Never in the month of identification or the next, whatever a province sets.
pub const LEAST_MONTHS: i32 = 2;
pub const METHOD_ASSISTED: &str = "assisted";

/// Every criterion of docs/rules.md the elimination fails; empty when it may go ahead.
pub fn check_elimination(case: &EliminationCase) -> Vec<EliminationFailure> {
    let h = case.household;
    let mut failures = Vec::new();
    match h.identified_month {
        None => failures.push(EliminationFailure::NotIdentified),
        Some(identified) => {
            let months = identified.months_until(case.month);
            let needed = (case.wait_months.clamp(0, 120) as i32).max(LEAST_MONTHS);
            if months < needed {
                failures.push(EliminationFailure::TooSoon { identified, months, needed });
            }
        }
    }
    if case.method == METHOD_ASSISTED {
        measure_rule(case, &mut failures);
        income_rule(case, &mut failures);
    }
    if case.judged == Judged::Now {
        for (which, answer) in guarantees(h, case.members) {
            if answer != Some(false) {
                failures.push(EliminationFailure::GuaranteeNotSecure { which: which.to_string() });
            }
        }
    }
    if h.no_labor_capacity {
        failures.push(EliminationFailure::NoLaborCapacity);
    }
    failures
}

/// 三保障 and water as the household's answers and its members' 参保 say them.
pub fn guarantees(h: &Household, members: &[Member]) -> [(&'static str, Option<bool>); 4] {
    [
        ("school_dropout", h.school_dropout),
        ("no_medical_insurance", uninsured(h, members)),
        ("unsafe_housing", h.unsafe_housing),
        ("unsafe_water", h.unsafe_water),
    ]
}

/// 帮扶消除: a measure of this episode delivered by the end of the month, and one for
/// each risk. (A measure that ended before the identification was for an earlier risk.)
fn measure_rule(case: &EliminationCase, failures: &mut Vec<EliminationFailure>) {
    let h = case.household;
    let month_end = case.month.last_day();
    let episode: Vec<&Measure> = case.measures.iter().filter(|m| m.in_episode(h.identified_month)).collect();
    if !episode.iter().any(|m| m.delivered_by_day(month_end)) {
        failures.push(EliminationFailure::NoMeasure);
    }
    for risk in &h.risks {
        if let Some(needed) = answering_categories(risk)
            && !episode.iter().any(|m| needed.contains(&m.category.as_str()))
        {
            failures.push(EliminationFailure::RiskWithoutMeasure { risk: risk.clone() });
        }
    }
}

/// The income 帮扶消除 is judged on: the 12 months before the elimination, else the
/// calendar year of its month, else that year's expected income — never an older year's
/// nor the 12 months before identification. Judged later, the expected income stands
/// before the calendar year's: that is what there was in its month, and a year's full
/// figure recorded since is news of the household, not of its elimination.
pub fn elimination_income(incomes: &[Income], month: YearMonth, judged: Judged) -> Option<&Income> {
    let year = i64::from(month.year);
    let of = |p: &str| incomes.iter().find(|i| i.year == year && i.period == p);
    let calendar = || super::income::income_of_year(incomes, year);
    let before = of(period::BEFORE_ELIMINATION);
    match judged {
        Judged::Now => before.or_else(calendar).or_else(|| of(period::EXPECTED)),
        Judged::Later => before.or_else(|| of(period::EXPECTED)).or_else(calendar),
    }
}

/// 帮扶消除 is judged on the income before the elimination, divided among the members of
/// its period, against the line of the elimination's year.
fn income_rule(case: &EliminationCase, failures: &mut Vec<EliminationFailure>) {
    let year = case.month.year;
    let Some(line_fen) = case.line_fen else {
        // Judged later, a line not entered is the ledger's gap, not the elimination's
        // fault: `line-missing` asks for the line of each year with eliminations.
        if case.judged == Judged::Now {
            failures.push(EliminationFailure::NoLine { year });
        }
        return;
    };
    let Some(income) = elimination_income(case.incomes, case.month, case.judged) else {
        failures.push(EliminationFailure::NoIncome { year });
        return;
    };
    let months = (case.household.identified_month, Some(case.month));
    match income.per_capita_fen(members_for(income, case.members, months)) {
        None => failures.push(EliminationFailure::NoMembers { year }),
        Some(per_capita_fen) if per_capita_fen < line_fen => failures.push(EliminationFailure::IncomeBelowLine {
            per_capita_fen,
            line_fen,
            year,
            period: income.period.clone(),
        }),
        Some(_) => {}
    }
}

/// 有成员未参加基本医疗保险, as the members say: yes when a present member is not
/// insured, no when all are; the household's own answer only when no member is recorded.
pub fn uninsured(h: &Household, members: &[Member]) -> Option<bool> {
    let present: Vec<&Member> = members.iter().filter(|m| m.is_current()).collect();
    if present.is_empty() { h.no_medical_insurance } else { Some(present.iter().any(|m| !m.medical_insurance)) }
}

#[cfg(test)]
mod tests;
