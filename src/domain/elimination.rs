//! Elimination (docs/rules.md, "Elimination"): allowed only when every criterion holds, and
//! refused with each failing criterion and its figures.

use super::dates::YearMonth;
use super::household::Household;
use super::income::Threshold;
use super::measure::Measure;
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
    /// Income is recorded but no member is, so there is no income per head.
    NoMembers,
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
}

/// Everything the elimination rules look at.
pub struct EliminationCase<'a> {
    pub household: &'a Household,
    pub measures: &'a [&'a Measure],
    /// 人均纯收入 for the year of the elimination month, when income was recorded.
    pub per_capita_fen: Option<i64>,
    /// Whether any income is recorded for that year (with no members there is no per-head figure).
    pub income_recorded: bool,
    pub line: Option<&'a Threshold>,
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
    let month_end =
        case.month.first_day().checked_add_months(chrono::Months::new(1)).map(|d| d.pred_opt().unwrap_or(d));
    let delivered = month_end.is_some_and(|end| case.measures.iter().any(|m| m.delivered_by_day(end)));
    if !delivered {
        failures.push(EliminationFailure::NoMeasure);
    }
    if case.method == METHOD_ASSISTED {
        let year = case.month.year;
        match (case.per_capita_fen, case.line) {
            (_, None) => failures.push(EliminationFailure::NoLine { year }),
            (None, Some(_)) if case.income_recorded => failures.push(EliminationFailure::NoMembers),
            (None, Some(_)) => failures.push(EliminationFailure::NoIncome { year }),
            (Some(income), Some(line)) if income < line.amount => failures.push(EliminationFailure::IncomeBelowLine {
                per_capita_fen: income,
                line_fen: line.amount,
                year,
            }),
            _ => {}
        }
    }
    for (which, answer) in [
        ("school_dropout", h.school_dropout),
        ("no_medical_insurance", h.no_medical_insurance),
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

#[cfg(test)]
mod tests {
    use super::*;
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

    fn line(amount_fen: i64) -> Threshold {
        Threshold { province: "51".into(), year: 2026, amount: amount_fen, ..Threshold::default() }
    }

    fn check(
        h: &Household,
        measures: &[&Measure],
        income: Option<i64>,
        line: Option<&Threshold>,
        m: YearMonth,
    ) -> Vec<EliminationFailure> {
        check_elimination(&EliminationCase {
            household: h,
            measures,
            per_capita_fen: income,
            income_recorded: income.is_some(),
            line,
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
            measures: &[&m],
            per_capita_fen: Some(1),
            income_recorded: true,
            line: None,
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
