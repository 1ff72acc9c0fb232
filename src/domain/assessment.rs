//! 季通报 and 年考评 (docs/reports.md): what a unit (village, township, assisting
//! side, cadre) did in a period, the indicators it is judged on with their
//! direction and weight, its score, and its rank among its peers. Pure arithmetic
//! in integers: a rate is kept in hundredths of a percent (basis points), so the
//! sheet's printed rates and weights recompute its score exactly.

use super::dates::YearMonth;
use std::fmt;

/// A quarter or a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Period {
    Quarter { year: i32, quarter: u32 },
    Year(i32),
}

impl Period {
    /// The quarter a month falls in.
    pub fn quarter_of(month: YearMonth) -> Period {
        Period::Quarter { year: month.year, quarter: (month.month - 1) / 3 + 1 }
    }

    /// The period's months, first to last.
    pub fn months(self) -> Vec<YearMonth> {
        let (year, first, count) = match self {
            Period::Quarter { year, quarter } => (year, (quarter - 1) * 3 + 1, 3),
            Period::Year(year) => (year, 1, 12),
        };
        (first..first + count).filter_map(|m| YearMonth::new(year, m)).collect()
    }

    /// The quarter (or year) before: what a bulletin's change of rank is against.
    pub fn previous(self) -> Period {
        match self {
            Period::Quarter { year, quarter: 1 } => Period::Quarter { year: year - 1, quarter: 4 },
            Period::Quarter { year, quarter } => Period::Quarter { year, quarter: quarter - 1 },
            Period::Year(year) => Period::Year(year - 1),
        }
    }

    pub fn year(self) -> i32 {
        match self {
            Period::Quarter { year, .. } | Period::Year(year) => year,
        }
    }

    /// The quarter a bulletin is written for while `shown` is on screen: its own once
    /// it has ended by `today`, else the one before (in November, the third).
    pub fn bulletin_quarter(shown: YearMonth, today: YearMonth) -> Period {
        let own = Period::quarter_of(shown);
        if own.months().last().is_some_and(|last| *last < today) { own } else { own.previous() }
    }

    /// Whether the period is still running on `today`'s month (counted to date).
    pub fn running(self, today: YearMonth) -> bool {
        self.months().last().is_some_and(|last| *last >= today)
    }

    /// The period's months that have begun by `today` (a period still running is
    /// counted to date).
    pub fn months_begun(self, today: YearMonth) -> Vec<YearMonth> {
        self.months().into_iter().filter(|m| *m <= today).collect()
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Period::Quarter { year, quarter } => write!(f, "{year:04}-Q{quarter}"),
            Period::Year(year) => write!(f, "{year:04}"),
        }
    }
}

/// Parses a quarter: `2026-Q3`, `2026Q3`, `2026-q3`, `2026年第3季度`, full-width
/// digits as typed by an input method.
pub fn parse_quarter(text: &str) -> Option<Period> {
    let text: String = super::record::halfwidth(text).chars().filter(|c| !c.is_whitespace()).collect();
    let digits: Vec<u32> = text
        .split(|c: char| !c.is_ascii_digit())
        .filter(|p| !p.is_empty())
        .map(|p| p.parse().ok())
        .collect::<Option<_>>()?;
    let marked = text.contains(['Q', 'q']) || text.contains('季');
    match digits.as_slice() {
        [year, quarter] if marked && (1..=4).contains(quarter) && (1900..=2200).contains(year) => {
            Some(Period::Quarter { year: *year as i32, quarter: *quarter })
        }
        _ => None,
    }
}

/// An indicator a unit is judged on: its code (the setting key's tail, the label
/// key's tail) and default weight. Every indicator is a rate where more is better:
/// what counts against a unit (visits overdue) is scored as its complement (visits
/// on time), so a column shows what its header says.
#[derive(Debug, Clone, Copy)]
pub struct Indicator {
    pub code: &'static str,
    pub default_weight: u32,
    /// Who is judged on it (a cadre has no projects or funds; only a side has an
    /// agreement).
    pub judges: &'static [Judged],
    /// The shares it is a rate of: (part, whole).
    pub read: fn(&Tally) -> (i64, i64),
}

/// The kinds of unit a bulletin ranks, each among its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Judged {
    /// Townships and villages.
    Places,
    /// Assisting sides (帮扶方), on their villages' sums and their own agreement.
    Sides,
    Cadres,
}

const EVERYONE: &[Judged] = &[Judged::Places, Judged::Sides, Judged::Cadres];
const NOT_CADRES: &[Judged] = &[Judged::Places, Judged::Sides];

/// The indicators, in the order of the sheets and of 设置. A village's defaults sum to
/// 100; a side has its agreement besides.
pub const INDICATORS: [Indicator; 7] = [
    Indicator { code: "visits", default_weight: 25, judges: EVERYONE, read: |t| (t.visits_done, t.visits_due) },
    Indicator {
        code: "on_time",
        default_weight: 15,
        judges: EVERYONE,
        read: |t| (t.due_end - t.overdue_end, t.due_end),
    },
    Indicator {
        code: "measures",
        default_weight: 20,
        judges: EVERYONE,
        read: |t| (t.with_measure_end, t.monitored_end),
    },
    Indicator { code: "tasks", default_weight: 15, judges: EVERYONE, read: |t| (t.tasks_closed, t.tasks_due) },
    Indicator {
        code: "starts",
        default_weight: 15,
        judges: NOT_CADRES,
        read: |t| (t.projects_started, t.projects_planned),
    },
    Indicator { code: "funds", default_weight: 10, judges: NOT_CADRES, read: |t| (t.arrived_fen, t.planned_fen) },
    Indicator {
        code: "agreement",
        default_weight: 20,
        judges: &[Judged::Sides],
        read: |t| (t.agreement_bp, t.agreement_whole),
    },
];

impl Indicator {
    pub fn judges(&self, unit: Judged) -> bool {
        self.judges.contains(&unit)
    }
}

/// The weights of the indicators a kind of unit is judged on.
pub fn weights_of(weights: &[(Indicator, u32)], unit: Judged) -> Vec<(Indicator, u32)> {
    weights.iter().filter(|(i, _)| i.judges(unit)).copied().collect()
}

/// The setting holding an indicator's weight (`assessment_weight:visits`): one
/// setting each, so two people changing two weights merge without a conflict.
pub const WEIGHT_PREFIX: &str = "assessment_weight:";

/// The largest weight one indicator may have.
pub const MAX_WEIGHT: u32 = 100;

/// The setting of an indicator's weight.
pub fn weight_key(indicator: &Indicator) -> String {
    format!("{WEIGHT_PREFIX}{}", indicator.code)
}

/// The indicator a weight's setting is of.
pub fn indicator_of_key(key: &str) -> Option<&'static Indicator> {
    let code = key.strip_prefix(WEIGHT_PREFIX)?;
    INDICATORS.iter().find(|i| i.code == code)
}

/// A weight as typed: a whole number from 0 to 100 (full-width digits too).
pub fn parse_weight(text: &str) -> Option<u32> {
    super::record::halfwidth(text).trim().parse::<u32>().ok().filter(|w| *w <= MAX_WEIGHT)
}

/// What a unit did in a period. Visits are summed over its months (a household due
/// in three months counts three times); the `_end` figures are as the period ended.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tally {
    pub visits_due: i64,
    pub visits_done: i64,
    pub due_end: i64,
    pub overdue_end: i64,
    pub monitored_end: i64,
    pub with_measure_end: i64,
    pub identified: i64,
    pub eliminated: i64,
    pub tasks_due: i64,
    pub tasks_closed: i64,
    pub tasks_overdue_end: i64,
    pub projects_planned: i64,
    pub projects_started: i64,
    pub planned_fen: i64,
    pub arrived_fen: i64,
    /// A side's agreement at the period's end: the sum of its indicators' rates
    /// against 序时进度 (basis points each), and 10 000 per indicator judged — so the
    /// indicator is their average (`agreement_rate`).
    pub agreement_bp: i64,
    pub agreement_whole: i64,
}

impl Tally {
    pub fn add(&mut self, o: &Tally) {
        let pairs: [(&mut i64, i64); 17] = [
            (&mut self.visits_due, o.visits_due),
            (&mut self.visits_done, o.visits_done),
            (&mut self.due_end, o.due_end),
            (&mut self.overdue_end, o.overdue_end),
            (&mut self.monitored_end, o.monitored_end),
            (&mut self.with_measure_end, o.with_measure_end),
            (&mut self.identified, o.identified),
            (&mut self.eliminated, o.eliminated),
            (&mut self.tasks_due, o.tasks_due),
            (&mut self.tasks_closed, o.tasks_closed),
            (&mut self.tasks_overdue_end, o.tasks_overdue_end),
            (&mut self.projects_planned, o.projects_planned),
            (&mut self.projects_started, o.projects_started),
            (&mut self.planned_fen, o.planned_fen),
            (&mut self.arrived_fen, o.arrived_fen),
            (&mut self.agreement_bp, o.agreement_bp),
            (&mut self.agreement_whole, o.agreement_whole),
        ];
        for (total, more) in pairs {
            *total = total.saturating_add(more);
        }
    }
}

/// A share in basis points (hundredths of a percent), rounded half up; `None` when
/// there is nothing it is a share of (the unit is not judged on it). Capped at 100 %
/// (money arrived beyond the plan is not more than all of it).
pub fn rate_bp(part: i64, whole: i64) -> Option<i64> {
    if whole <= 0 {
        return None;
    }
    let part = i128::from(part.clamp(0, whole));
    Some(((part * 20_000 + i128::from(whole)) / (2 * i128::from(whole))) as i64)
}

/// An indicator's score in basis points: its rate.
pub fn indicator_bp(indicator: &Indicator, tally: &Tally) -> Option<i64> {
    let (part, whole) = (indicator.read)(tally);
    rate_bp(part, whole)
}

/// The weighted score in basis points (100.00 points = 10 000): Σ weight × indicator
/// ÷ Σ weight over the indicators the unit is judged on (one without a whole — a
/// village with no projects — gives its weight to the others). Rounded half up.
/// `None` when the unit is judged on nothing.
pub fn score_bp(tally: &Tally, weights: &[(Indicator, u32)]) -> Option<i64> {
    let (mut sum, mut weight) = (0i128, 0i128);
    for (indicator, w) in weights {
        if let Some(bp) = indicator_bp(indicator, tally) {
            sum += i128::from(*w) * i128::from(bp);
            weight += i128::from(*w);
        }
    }
    (weight > 0).then(|| ((sum * 2 + weight) / (2 * weight)) as i64)
}

/// Ranks scores, best first: equal scores share a rank and the next rank skips
/// (1, 2, 2, 4). A unit with no score has no rank.
pub fn ranks(scores: &[Option<i64>]) -> Vec<Option<usize>> {
    scores.iter().map(|s| s.map(|s| 1 + scores.iter().flatten().filter(|o| **o > s).count())).collect()
}

/// Basis points as a percentage with two decimals (87.5 % → "87.50").
pub fn bp_text(bp: i64) -> String {
    format!("{}.{:02}", bp / 100, bp % 100)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::indexing_slicing)]
    use super::*;

    fn weights() -> Vec<(Indicator, u32)> {
        INDICATORS.iter().map(|i| (*i, i.default_weight)).collect()
    }

    #[test]
    fn quarters_are_read_as_written() {
        assert_eq!(parse_quarter("2026-Q3"), Some(Period::Quarter { year: 2026, quarter: 3 }));
        assert_eq!(parse_quarter("２０２６ｑ１"), Some(Period::Quarter { year: 2026, quarter: 1 }));
        assert_eq!(parse_quarter("2026年第4季度"), Some(Period::Quarter { year: 2026, quarter: 4 }));
        assert_eq!(parse_quarter("2026-Q5"), None);
        assert_eq!(parse_quarter("2026-03"), None);
        assert_eq!(Period::Quarter { year: 2026, quarter: 1 }.previous().to_string(), "2025-Q4");
        assert_eq!(Period::quarter_of(YearMonth { year: 2026, month: 9 }).to_string(), "2026-Q3");
        let (nov, dec) = (YearMonth { year: 2026, month: 11 }, YearMonth { year: 2026, month: 12 });
        assert_eq!(Period::bulletin_quarter(nov, dec).to_string(), "2026-Q3");
        assert_eq!(Period::bulletin_quarter(YearMonth { year: 2026, month: 8 }, dec).to_string(), "2026-Q3");
        assert_eq!(Period::bulletin_quarter(YearMonth { year: 2026, month: 1 }, dec).to_string(), "2026-Q1");
        assert!(Period::Year(2026).running(dec) && !Period::Year(2025).running(dec));
        let q3 = Period::Quarter { year: 2026, quarter: 3 }.months();
        assert_eq!(q3.iter().map(|m| m.to_string()).collect::<Vec<_>>(), ["2026-07", "2026-08", "2026-09"]);
    }

    #[test]
    fn a_weight_is_a_whole_number_from_0_to_100() {
        for (typed, read) in [("0", Some(0)), ("100", Some(100)), (" 20 ", Some(20)), ("２０", Some(20))] {
            assert_eq!(parse_weight(typed), read, "{typed}");
        }
        for typed in ["101", "-1", "2.5", "", "二十"] {
            assert_eq!(parse_weight(typed), None, "{typed}");
        }
    }

    #[test]
    fn a_villages_defaults_weigh_one_hundred() {
        let places = weights_of(&weights(), Judged::Places);
        assert_eq!(places.iter().map(|(_, w)| w).sum::<u32>(), 100);
        assert!(weights_of(&weights(), Judged::Cadres).iter().all(|(i, _)| i.judges(Judged::Places)));
        assert_eq!(weights_of(&weights(), Judged::Sides).len(), INDICATORS.len());
    }

    #[test]
    fn rates_round_half_up_and_stop_at_all() {
        assert_eq!(rate_bp(1, 3), Some(3333));
        assert_eq!(rate_bp(2, 3), Some(6667));
        assert_eq!(rate_bp(1, 8), Some(1250));
        assert_eq!(rate_bp(5, 4), Some(10_000));
        assert_eq!(rate_bp(0, 0), None);
        assert_eq!(bp_text(6667), "66.67");
        assert_eq!(bp_text(10_000), "100.00");
    }

    #[test]
    fn a_score_recomputes_from_its_printed_rates() {
        // Visits 9 of 10, 3 of 4 on time (1 overdue), 3 of 4 with measures, tasks 1 of 2, no
        // projects: the projects' and funds' weights go to the others.
        let t = Tally {
            visits_done: 9,
            visits_due: 10,
            overdue_end: 1,
            due_end: 4,
            with_measure_end: 3,
            monitored_end: 4,
            tasks_closed: 1,
            tasks_due: 2,
            ..Tally::default()
        };
        // (25×9000 + 15×7500 + 20×7500 + 15×5000) ÷ 75 = 7500 → 75.00 points.
        assert_eq!(score_bp(&t, &weights()), Some(7500));
        assert_eq!(score_bp(&Tally::default(), &weights()), None);
    }

    #[test]
    fn equal_scores_share_a_rank() {
        assert_eq!(
            ranks(&[Some(9000), Some(9500), Some(9000), None, Some(100)]),
            [Some(2), Some(1), Some(2), None, Some(4)]
        );
    }
}
