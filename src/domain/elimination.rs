//! Elimination (docs/rules.md, "Elimination"): allowed only when every criterion holds, and
//! refused with each failing criterion and its figures.

use super::dates::YearMonth;
use super::household::Household;
use super::income::{Income, income_of_year, members_of_year};
use super::measure::{Measure, answering_categories};
use super::member::Member;

/// One criterion of elimination (docs/rules.md) it fails, with the figures that show it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum EliminationFailure {
    NotIdentified,
    /// Identified in `identified`, only `months` whole months before the elimination month.
    TooSoon {
        identified: YearMonth,
        months: i32,
    },
    /// No measure delivered by the end of the elimination month.
    NoMeasure,
    /// 帮扶消除 needs income figures for the year.
    NoIncome {
        year: i32,
    },
    /// Income is recorded but no member of that year is, so there is no income per head.
    NoMembers {
        year: i32,
    },
    /// No monitoring line for the year, so income cannot be judged.
    NoLine {
        year: i32,
    },
    IncomeBelowLine {
        per_capita_fen: i64,
        line_fen: i64,
        year: i32,
    },
    /// One of 三保障 / water is not confirmed secure; `which` names it.
    GuaranteeNotSecure {
        which: String,
    },
    NoLaborCapacity,
    /// A risk of the household has no measure of this episode that answers it.
    RiskWithoutMeasure {
        risk: String,
    },
}

/// A household's records, as the elimination rules read them.
pub struct EliminationCase<'a> {
    pub household: &'a Household,
    pub members: &'a [Member],
    pub measures: &'a [Measure],
    pub incomes: &'a [Income],
    /// The province's line for the year of the elimination month, if entered.
    pub line_fen: Option<i64>,
    pub month: YearMonth,
    pub method: &'a str,
}

pub const MIN_MONTHS: i32 = 6;
pub const METHOD_ASSISTED: &str = "assisted";

/// Every criterion of docs/rules.md the elimination fails; empty when it may go ahead.
pub fn check_elimination(case: &EliminationCase) -> Vec<EliminationFailure> {
    let h = case.household;
    let mut failures = Vec::new();
    match h.identified_month {
        None => failures.push(EliminationFailure::NotIdentified),
        Some(identified) => {
            let months = identified.months_until(case.month);
            if months < MIN_MONTHS {
                failures.push(EliminationFailure::TooSoon { identified, months });
            }
        }
    }
    // Only this episode's measures count: one that ended before the identification
    // was for an earlier risk.
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
    if case.method == METHOD_ASSISTED {
        income_rule(case, &mut failures);
    }
    for (which, answer) in [
        ("school_dropout", h.school_dropout),
        ("no_medical_insurance", uninsured(h, case.members)),
        ("unsafe_housing", h.unsafe_housing),
        ("unsafe_water", h.unsafe_water),
    ] {
        if answer != Some(false) {
            failures.push(EliminationFailure::GuaranteeNotSecure { which: which.to_string() });
        }
    }
    if h.no_labor_capacity {
        failures.push(EliminationFailure::NoLaborCapacity);
    }
    failures
}

/// 帮扶消除 is judged on the income of the elimination month's year, divided among
/// the members of that year, against that year's line — never an older figure.
fn income_rule(case: &EliminationCase, failures: &mut Vec<EliminationFailure>) {
    let year = case.month.year;
    let income = income_of_year(case.incomes, i64::from(year));
    let Some(line_fen) = case.line_fen else {
        failures.push(EliminationFailure::NoLine { year });
        return;
    };
    let Some(income) = income else {
        failures.push(EliminationFailure::NoIncome { year });
        return;
    };
    match income.per_capita_fen(members_of_year(case.members, year)) {
        None => failures.push(EliminationFailure::NoMembers { year }),
        Some(per_capita_fen) if per_capita_fen < line_fen => {
            failures.push(EliminationFailure::IncomeBelowLine { per_capita_fen, line_fen, year })
        }
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
mod tests {
    use super::*;
    use crate::domain::income::Threshold;
    use chrono::NaiveDate;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn month(y: i32, m: u32) -> YearMonth {
        YearMonth::new(y, m).unwrap()
    }

    fn secure_household(identified: YearMonth) -> Household {
        Household {
            id: "h".into(),
            monitor_category: Some("marginal".into()),
            identified_month: Some(identified),
            school_dropout: Some(false),
            no_medical_insurance: Some(false),
            unsafe_housing: Some(false),
            unsafe_water: Some(false),
            ..Household::default()
        }
    }

    fn measure(start: NaiveDate) -> Measure {
        Measure { household_id: "h".into(), category: "employment".into(), start, ..Measure::default() }
    }

    #[test]
    fn a_measure_that_ended_before_this_identification_does_not_count() {
        let h = secure_household(month(2026, 1));
        let l = line(730_000);
        let ended = Measure { end: Some(day(2025, 12, 31)), ..measure(day(2024, 3, 1)) };
        assert_eq!(check(&h, &[&ended], Some(800_000), Some(&l), month(2026, 9)), [EliminationFailure::NoMeasure]);
        let running = Measure { end: Some(day(2026, 1, 1)), ..ended };
        assert!(check(&h, &[&running], Some(800_000), Some(&l), month(2026, 9)).is_empty());
    }

    #[test]
    fn only_the_elimination_years_income_counts_and_the_refusal_names_it() {
        let h = secure_household(month(2025, 6));
        let m = measure(day(2025, 7, 1));
        let last_year = Income { year: 2025, wages: 900_000, ..Income::default() };
        let case = EliminationCase {
            household: &h,
            members: &[member(None, None)],
            measures: std::slice::from_ref(&m),
            incomes: std::slice::from_ref(&last_year),
            line_fen: Some(730_000),
            month: month(2026, 3),
            method: METHOD_ASSISTED,
        };
        assert_eq!(check_elimination(&case), [EliminationFailure::NoIncome { year: 2026 }]);
    }

    #[test]
    fn per_capita_divides_among_the_members_of_that_year() {
        let h = secure_household(month(2026, 1));
        let m = measure(day(2026, 2, 1));
        // 14,000 元 between two: one died in 2026, so the year's figure is all one's.
        let two = [member(None, None), member(None, Some(day(2026, 5, 1)))];
        let l = Some(730_000);
        assert!(check_with(&h, &two, &[&m], Some(1_400_000), l, month(2026, 9)).is_empty());
        let both = [member(None, None), member(None, None)];
        assert_eq!(
            check_with(&h, &both, &[&m], Some(1_400_000), l, month(2026, 9)),
            [EliminationFailure::IncomeBelowLine { per_capita_fen: 700_000, line_fen: 730_000, year: 2026 }]
        );
        // A child who joined in 2027 is not counted for 2026.
        let born_later = [member(None, None), member(Some(day(2027, 1, 2)), None)];
        assert!(check_with(&h, &born_later, &[&m], Some(800_000), l, month(2026, 9)).is_empty());
    }

    #[test]
    fn each_risk_needs_its_measure_and_an_uninsured_member_is_not_secure() {
        let mut h = secure_household(month(2026, 1));
        h.risks = vec!["illness".into()];
        let m = measure(day(2026, 2, 1));
        let l = line(730_000);
        assert_eq!(
            check(&h, &[&m], Some(800_000), Some(&l), month(2026, 9)),
            [EliminationFailure::RiskWithoutMeasure { risk: "illness".into() }]
        );
        let health = Measure { category: "health".into(), ..m.clone() };
        assert!(check(&h, &[&health], Some(800_000), Some(&l), month(2026, 9)).is_empty());
        let uninsured = [Member { medical_insurance: false, ..member(None, None) }];
        assert_eq!(
            check_with(&h, &uninsured, &[&health], Some(800_000), Some(730_000), month(2026, 9)),
            [EliminationFailure::GuaranteeNotSecure { which: "no_medical_insurance".into() }]
        );
    }

    fn line(amount_fen: i64) -> Threshold {
        Threshold { province: "51".into(), year: 2026, amount: amount_fen, ..Threshold::default() }
    }

    /// One insured member, and (when given) a calendar-year income of that per-capita figure.
    fn check(
        h: &Household,
        measures: &[&Measure],
        income: Option<i64>,
        line: Option<&Threshold>,
        m: YearMonth,
    ) -> Vec<EliminationFailure> {
        let members = [member(None, None)];
        check_with(h, &members, measures, income, line.map(|l| l.amount), m)
    }

    fn member(joined: Option<NaiveDate>, left: Option<NaiveDate>) -> Member {
        Member { medical_insurance: true, joined_on: joined, left_on: left, ..Member::default() }
    }

    fn check_with(
        h: &Household,
        members: &[Member],
        measures: &[&Measure],
        income: Option<i64>,
        line_fen: Option<i64>,
        m: YearMonth,
    ) -> Vec<EliminationFailure> {
        let measures: Vec<Measure> = measures.iter().map(|m| (*m).clone()).collect();
        let incomes: Vec<Income> =
            income.map(|wages| Income { year: i64::from(m.year), wages, ..Income::default() }).into_iter().collect();
        check_elimination(&EliminationCase {
            household: h,
            members,
            measures: &measures,
            incomes: &incomes,
            line_fen,
            month: m,
            method: METHOD_ASSISTED,
        })
    }

    #[test]
    fn six_months_after_identification_not_five() {
        let h = secure_household(month(2026, 1));
        let m = measure(day(2026, 2, 1));
        let l = line(730_000);
        assert_eq!(
            check(&h, &[&m], Some(800_000), Some(&l), month(2026, 6)),
            [EliminationFailure::TooSoon { identified: month(2026, 1), months: 5 }]
        );
        assert!(check(&h, &[&m], Some(800_000), Some(&l), month(2026, 7)).is_empty());
    }

    #[test]
    fn never_in_the_same_or_the_next_month() {
        let h = secure_household(month(2026, 7));
        let m = measure(day(2026, 7, 1));
        let l = line(730_000);
        for (m2, months) in [(month(2026, 7), 0), (month(2026, 8), 1)] {
            assert!(
                check(&h, &[&m], Some(800_000), Some(&l), m2)
                    .contains(&EliminationFailure::TooSoon { identified: month(2026, 7), months })
            );
        }
        // Across a year end: 2025-12 → 2026-06 is six months.
        let h = secure_household(month(2025, 12));
        let early = measure(day(2026, 1, 5));
        assert!(check(&h, &[&early], Some(800_000), Some(&l), month(2026, 6)).is_empty());
    }

    #[test]
    fn income_one_fen_below_the_line_fails_exactly_at_it_passes() {
        let h = secure_household(month(2026, 1));
        let m = measure(day(2026, 2, 1));
        let l = line(730_000);
        assert_eq!(
            check(&h, &[&m], Some(729_999), Some(&l), month(2026, 9)),
            [EliminationFailure::IncomeBelowLine { per_capita_fen: 729_999, line_fen: 730_000, year: 2026 }]
        );
        assert!(check(&h, &[&m], Some(730_000), Some(&l), month(2026, 9)).is_empty());
        assert_eq!(check(&h, &[&m], None, Some(&l), month(2026, 9)), [EliminationFailure::NoIncome { year: 2026 }]);
        assert_eq!(check(&h, &[&m], Some(900_000), None, month(2026, 9)), [EliminationFailure::NoLine { year: 2026 }]);
    }

    #[test]
    fn natural_elimination_does_not_look_at_income() {
        let h = secure_household(month(2026, 1));
        let m = measure(day(2026, 2, 1));
        let case = EliminationCase {
            household: &h,
            members: &[],
            measures: &[m],
            incomes: &[],
            line_fen: None,
            month: month(2026, 9),
            method: "natural",
        };
        assert!(check_elimination(&case).is_empty());
    }

    #[test]
    fn a_measure_must_have_been_delivered_by_the_end_of_the_month() {
        let h = secure_household(month(2026, 1));
        let l = line(730_000);
        let late = measure(day(2026, 10, 1));
        assert_eq!(check(&h, &[&late], Some(800_000), Some(&l), month(2026, 9)), [EliminationFailure::NoMeasure]);
        let in_month = measure(day(2026, 9, 30));
        assert!(check(&h, &[&in_month], Some(800_000), Some(&l), month(2026, 9)).is_empty());
    }

    #[test]
    fn whole_household_without_labour_stays_monitored() {
        let mut h = secure_household(month(2026, 1));
        h.no_labor_capacity = true;
        let m = measure(day(2026, 2, 1));
        let l = line(730_000);
        assert_eq!(check(&h, &[&m], Some(800_000), Some(&l), month(2026, 9)), [EliminationFailure::NoLaborCapacity]);
    }

    #[test]
    fn guarantees_must_be_confirmed_secure() {
        let mut h = secure_household(month(2026, 1));
        h.unsafe_housing = Some(true);
        h.unsafe_water = None;
        let m = measure(day(2026, 2, 1));
        let l = line(730_000);
        assert_eq!(
            check(&h, &[&m], Some(800_000), Some(&l), month(2026, 9)),
            [
                EliminationFailure::GuaranteeNotSecure { which: "unsafe_housing".into() },
                EliminationFailure::GuaranteeNotSecure { which: "unsafe_water".into() }
            ]
        );
    }
}
