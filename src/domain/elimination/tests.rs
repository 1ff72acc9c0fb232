//! The rules of elimination at their boundaries.

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
        wait_months: 6,
        month: month(2026, 3),
        method: METHOD_ASSISTED,
        judged: Judged::Now,
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
        [EliminationFailure::IncomeBelowLine {
            per_capita_fen: 700_000,
            line_fen: 730_000,
            year: 2026,
            period: "year".into()
        }]
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
    let incomes: Vec<Income> = income
        .map(|wages| Income { year: i64::from(m.year), wages, period: "year".into(), ..Income::default() })
        .into_iter()
        .collect();
    check_elimination(&EliminationCase {
        household: h,
        members,
        measures: &measures,
        incomes: &incomes,
        line_fen,
        wait_months: 6,
        month: m,
        method: METHOD_ASSISTED,
        judged: Judged::Now,
    })
}

#[test]
fn six_months_after_identification_not_five() {
    let h = secure_household(month(2026, 1));
    let m = measure(day(2026, 2, 1));
    let l = line(730_000);
    assert_eq!(
        check(&h, &[&m], Some(800_000), Some(&l), month(2026, 6)),
        [EliminationFailure::TooSoon { identified: month(2026, 1), months: 5, needed: 6 }]
    );
    assert!(check(&h, &[&m], Some(800_000), Some(&l), month(2026, 7)).is_empty());
}

#[test]
fn never_in_the_same_or_the_next_month() {
    let h = secure_household(month(2026, 7));
    let m = measure(day(2026, 7, 1));
    let l = line(730_000);
    for (m2, months) in [(month(2026, 7), 0), (month(2026, 8), 1)] {
        assert!(check(&h, &[&m], Some(800_000), Some(&l), m2).contains(&EliminationFailure::TooSoon {
            identified: month(2026, 7),
            months,
            needed: 6
        }));
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
        [EliminationFailure::IncomeBelowLine {
            per_capita_fen: 729_999,
            line_fen: 730_000,
            year: 2026,
            period: "year".into()
        }]
    );
    assert!(check(&h, &[&m], Some(730_000), Some(&l), month(2026, 9)).is_empty());
    assert_eq!(check(&h, &[&m], None, Some(&l), month(2026, 9)), [EliminationFailure::NoIncome { year: 2026 }]);
    assert_eq!(check(&h, &[&m], Some(900_000), None, month(2026, 9)), [EliminationFailure::NoLine { year: 2026 }]);
}

fn natural(h: &Household, measures: &[Measure], wait_months: i64, m: YearMonth) -> Vec<EliminationFailure> {
    check_elimination(&EliminationCase {
        household: h,
        members: &[member(None, None)],
        measures,
        incomes: &[],
        line_fen: None,
        wait_months,
        month: m,
        method: "natural",
        judged: Judged::Now,
    })
}

/// 自然消除 is a risk that ended without assistance: no measure, no income asked.
#[test]
fn natural_elimination_needs_no_measure_and_no_income() {
    let mut h = secure_household(month(2026, 1));
    h.risks = vec!["illness".into(), "accident".into()];
    assert!(natural(&h, &[], 6, month(2026, 9)).is_empty());
    // The waiting time and 三保障 still hold for it.
    assert_eq!(
        natural(&h, &[], 6, month(2026, 6)),
        [EliminationFailure::TooSoon { identified: month(2026, 1), months: 5, needed: 6 }]
    );
    h.unsafe_water = Some(true);
    assert_eq!(
        natural(&h, &[], 6, month(2026, 9)),
        [EliminationFailure::GuaranteeNotSecure { which: "unsafe_water".into() }]
    );
}

/// The waiting time is the province's (a ledger's line record), never under two months.
#[test]
fn the_waiting_time_is_the_provinces_and_never_under_two_months() {
    let h = secure_household(month(2026, 1));
    assert!(natural(&h, &[], 3, month(2026, 4)).is_empty(), "three months asked, three gone");
    assert_eq!(
        natural(&h, &[], 3, month(2026, 3)),
        [EliminationFailure::TooSoon { identified: month(2026, 1), months: 2, needed: 3 }]
    );
    assert!(natural(&h, &[], 0, month(2026, 3)).is_empty(), "two months at least");
    assert_eq!(
        natural(&h, &[], 0, month(2026, 2)),
        [EliminationFailure::TooSoon { identified: month(2026, 1), months: 1, needed: 2 }]
    );
    assert!(!natural(&h, &[], 12, month(2026, 12)).is_empty());
    assert!(natural(&h, &[], 12, month(2027, 1)).is_empty());
}

fn assisted_with(h: &Household, incomes: &[Income], m: YearMonth) -> Vec<EliminationFailure> {
    let measure = Measure { category: "health".into(), ..measure(day(2026, 2, 1)) };
    check_elimination(&EliminationCase {
        household: h,
        members: &[member(None, None), member(None, None)],
        measures: std::slice::from_ref(&measure),
        incomes,
        line_fen: Some(730_000),
        wait_months: 6,
        month: m,
        method: METHOD_ASSISTED,
        judged: Judged::Now,
    })
}

fn income_of(period: &str, year: i64, net_fen: i64) -> Income {
    Income { year, period: period.into(), wages: net_fen, ..Income::default() }
}

/// 帮扶消除 in March: the 12 months before it, or the year's expected income (said as
/// such when short) — not last year's figure, not the 12 months before identification.
#[test]
fn assisted_elimination_reads_the_twelve_months_before_it_or_the_years_expected_income() {
    let h = secure_household(month(2025, 6));
    let march = month(2026, 3);
    // Two members: 14,600 元 is 7,300 a head, at the line; a fen less is below it.
    let before = income_of("before_elimination", 2026, 1_460_000);
    assert!(assisted_with(&h, std::slice::from_ref(&before), march).is_empty());
    let short = income_of("before_elimination", 2026, 1_459_999);
    assert_eq!(
        assisted_with(&h, std::slice::from_ref(&short), march),
        [EliminationFailure::IncomeBelowLine {
            per_capita_fen: 729_999,
            line_fen: 730_000,
            year: 2026,
            period: "before_elimination".into()
        }]
    );
    let expected = income_of("expected", 2026, 1_500_000);
    assert!(assisted_with(&h, std::slice::from_ref(&expected), march).is_empty());
    let expected_short = income_of("expected", 2026, 1_000_000);
    assert!(matches!(
        assisted_with(&h, std::slice::from_ref(&expected_short), march).as_slice(),
        [EliminationFailure::IncomeBelowLine { period, .. }] if period == "expected"
    ));
    // The 12 months before an elimination stand before the year's figures.
    assert!(assisted_with(&h, &[expected_short.clone(), before.clone()], march).is_empty());
    for old in [income_of("year", 2025, 9_000_000), income_of("before_identification", 2026, 9_000_000)] {
        assert_eq!(assisted_with(&h, &[old], march), [EliminationFailure::NoIncome { year: 2026 }]);
    }
}

/// An elimination judged later (a warning) is judged on what is dated in its month:
/// a 三保障 problem now is a new risk (再标注), not a fault of it.
#[test]
fn a_past_elimination_is_not_judged_on_todays_guarantees() {
    let mut h = secure_household(month(2026, 1));
    h.unsafe_housing = Some(true);
    let m = measure(day(2026, 2, 1));
    let incomes = [Income { year: 2026, wages: 900_000, period: "year".into(), ..Income::default() }];
    let mut case = EliminationCase {
        household: &h,
        members: &[member(None, None)],
        measures: std::slice::from_ref(&m),
        incomes: &incomes,
        line_fen: Some(730_000),
        wait_months: 6,
        month: month(2026, 9),
        method: METHOD_ASSISTED,
        judged: Judged::Now,
    };
    assert_eq!(check_elimination(&case), [EliminationFailure::GuaranteeNotSecure { which: "unsafe_housing".into() }]);
    case.judged = Judged::Later;
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
