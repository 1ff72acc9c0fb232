//! The visit schedule (docs/rules.md, "Visits"): which households must be visited how
//! often, by calendar period — a monthly rule is met by a visit in the month, a quarterly
//! one by a visit in the calendar quarter — and when a household is overdue: only once a
//! period has ended without its visits.

use super::Draft;
use super::field::{FieldDef, Kind};
use super::household::{Household, TYPE_LIFTED};
use super::invalid::{Checker, Invalid};
use super::record::Validate;
use super::vocab::list;
use chrono::{Datelike, NaiveDate};

/// Groups of households a rule applies to.
pub const GROUP_MONITORED: &str = "monitored";
pub const GROUP_SETTLED: &str = "settled";
pub const GROUP_OTHER: &str = "other";

pub const PERIOD_MONTH: &str = "month";
pub const PERIOD_QUARTER: &str = "quarter";

/// Days before the due date from which a visit shows as "due".
pub const DUE_SOON_DAYS: i64 = 7;

crate::record! {
    /// How many visits a group of households needs per calendar month or quarter.
    pub struct VisitRule in "visit_rules" as "visit_rule" {
        group: String = FieldDef::new(Kind::Code(list::VISIT_GROUP)).required().col(&["group_code"]),
        /// 0 means no visits are required.
        visits: i64 = FieldDef::new(Kind::Int(0, 31)).required(),
        period: String = FieldDef::new(Kind::Code(list::VISIT_PERIOD)).required(),
        /// Only a visit at the home counts (入户): a phone call does not.
        home_only: bool = FieldDef::new(Kind::Flag),
    }
}

impl Validate for VisitRule {
    fn validate(&mut self, _draft: &Draft, c: &mut Checker) {
        if !self.period.is_empty() && self.period != PERIOD_MONTH && self.period != PERIOD_QUARTER {
            c.fail("period", Invalid::NotAChoice);
        }
    }
}

/// A calendar month or quarter, as a count of them since year 0 (so the next is +1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Period {
    index: i64,
    months: u32,
}

impl Period {
    /// The month or quarter (`months` 1 or 3) a day falls in.
    pub fn of(day: NaiveDate, months: u32) -> Period {
        let months = months.max(1);
        let index = (i64::from(day.year()) * 12 + i64::from(day.month0())) / i64::from(months);
        Period { index, months }
    }

    pub fn next(self) -> Period {
        Period { index: self.index + 1, ..self }
    }

    pub fn first_day(self) -> NaiveDate {
        let month = self.index * i64::from(self.months);
        let (year, month0) = (month.div_euclid(12) as i32, month.rem_euclid(12) as u32);
        NaiveDate::from_ymd_opt(year, month0 + 1, 1).unwrap_or(NaiveDate::MIN)
    }

    pub fn last_day(self) -> NaiveDate {
        self.next().first_day().pred_opt().unwrap_or(NaiveDate::MAX)
    }
}

impl VisitRule {
    fn period_months(&self) -> u32 {
        if self.period == PERIOD_QUARTER { 3 } else { 1 }
    }

    /// The period a day falls in under this rule.
    pub fn period_of(&self, day: NaiveDate) -> Period {
        Period::of(day, self.period_months())
    }
}

/// A household's visits as the schedule reads them: the dates of the latest visit's
/// calendar quarter (and of any earlier ones read with them), of every kind and of
/// those at the home. A quarter holds every period a rule counts in.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VisitDays {
    pub any: Vec<NaiveDate>,
    pub home: Vec<NaiveDate>,
}

impl VisitDays {
    /// From each visit's date and whether it was at the home.
    pub fn of(visits: impl IntoIterator<Item = (NaiveDate, bool)>) -> VisitDays {
        let mut days = VisitDays::default();
        for (date, at_home) in visits {
            days.any.push(date);
            if at_home {
                days.home.push(date);
            }
        }
        days
    }

    pub fn last(&self) -> Option<NaiveDate> {
        self.any.iter().max().copied()
    }
}

/// Which rule group a household falls in: monitored with risk not eliminated;
/// eliminated or 脱贫户; everyone else.
pub fn group_of(h: &Household) -> &'static str {
    if h.is_monitored() && !h.risk_eliminated {
        GROUP_MONITORED
    } else if h.is_monitored() || h.household_type.as_deref() == Some(TYPE_LIFTED) {
        GROUP_SETTLED
    } else {
        GROUP_OTHER
    }
}

/// Where a household stands with its visits. The due date follows from the records
/// alone; how late it is depends on the day it is looked at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Due {
    /// The last visit of any kind.
    pub last_visit: Option<NaiveDate>,
    /// The last day of the first period still without its visits.
    pub next_due: NaiveDate,
}

impl Due {
    /// Days past the due date (0 when not yet due).
    pub fn days_overdue(&self, today: NaiveDate) -> i64 {
        (today - self.next_due).num_days().max(0)
    }

    pub fn is_overdue(&self, today: NaiveDate) -> bool {
        self.days_overdue(today) > 0
    }

    /// Overdue, or due within the coming week.
    pub fn is_due(&self, today: NaiveDate) -> bool {
        (self.next_due - today).num_days() <= DUE_SOON_DAYS
    }
}

/// When the household's next visits are due; `None` when its group needs none. The
/// period due is the one of the last visit that counts, while it lacks visits, else
/// the one after; never one before the rule applies to the household — a monitored one
/// from its identification month, an eliminated one from its elimination month. A
/// household never visited in the ledger is due from then, or from `since`, the day it
/// was entered, if later: one imported today was visited before, where the ledger
/// cannot see. A rule asking for 入户 counts only visits at the home.
pub fn due(h: &Household, visits: &VisitDays, rules: &[VisitRule], since: NaiveDate) -> Option<Due> {
    let group = group_of(h);
    let rule = rules.iter().find(|r| r.group == group).filter(|r| r.visits > 0)?;
    let applies_from = match group {
        GROUP_MONITORED => h.identified_month.map(|m| m.first_day()),
        _ if h.risk_eliminated => h.eliminated_month.map(|m| m.first_day()),
        _ => None,
    };
    let counted = if rule.home_only { &visits.home } else { &visits.any };
    let first = match (applies_from, visits.any.is_empty()) {
        (Some(from), true) => rule.period_of(from.max(since)),
        (Some(from), false) => rule.period_of(from),
        (None, _) => rule.period_of(since),
    };
    let period = match counted.iter().max() {
        None => first,
        Some(&last) => {
            let at = rule.period_of(last);
            let done = counted.iter().filter(|d| rule.period_of(**d) == at).count() as i64;
            if done >= rule.visits { at.next() } else { at }
        }
    };
    Some(Due { last_visit: visits.last(), next_due: period.max(first).last_day() })
}

/// The rules a new ledger starts with: monthly, at the home, for monitored households
/// whose risk is not eliminated; quarterly for eliminated ones and 脱贫户; none for the others.
pub fn default_rules() -> Vec<VisitRule> {
    let rule = |group: &str, visits, period: &str, home_only| VisitRule {
        id: String::new(),
        group: group.into(),
        visits,
        period: period.into(),
        home_only,
    };
    vec![
        rule(GROUP_MONITORED, 1, PERIOD_MONTH, true),
        rule(GROUP_SETTLED, 1, PERIOD_QUARTER, false),
        rule(GROUP_OTHER, 0, PERIOD_QUARTER, false),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::dates::YearMonth;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn monitored() -> Household {
        Household {
            monitor_category: Some("marginal".into()),
            identified_month: YearMonth::new(2026, 3),
            ..Household::default()
        }
    }

    fn settled() -> Household {
        Household { risk_eliminated: true, eliminated_month: YearMonth::new(2025, 6), ..monitored() }
    }

    fn home(days: &[NaiveDate]) -> VisitDays {
        VisitDays::of(days.iter().map(|d| (*d, true)))
    }

    fn due_on(h: &Household, days: &VisitDays) -> NaiveDate {
        due(h, days, &default_rules(), day(2020, 1, 1)).unwrap().next_due
    }

    #[test]
    fn a_monthly_rule_is_met_by_a_visit_in_the_month_and_late_only_after_it() {
        // Visited on 1 April: May is due, by 31 May; not late on 31 May, late on 1 June.
        let d = due(&monitored(), &home(&[day(2026, 4, 1)]), &default_rules(), day(2020, 1, 1)).unwrap();
        assert_eq!(d.next_due, day(2026, 5, 31));
        assert!(!d.is_overdue(day(2026, 5, 31)) && d.is_due(day(2026, 5, 31)));
        assert_eq!(d.days_overdue(day(2026, 6, 1)), 1);
        // Visited on 30 April: still May, not 30 May.
        assert_eq!(due_on(&monitored(), &home(&[day(2026, 4, 30)])), day(2026, 5, 31));
        // February ends on the 28th.
        let h = Household { identified_month: YearMonth::new(2026, 1), ..monitored() };
        assert_eq!(due_on(&h, &home(&[day(2026, 1, 31)])), day(2026, 2, 28));
    }

    /// Visited in July–September under 每季度一次: due by 31 December, not overdue in November.
    #[test]
    fn a_quarterly_rule_is_met_in_the_calendar_quarter() {
        for visited in [day(2026, 7, 1), day(2026, 8, 15), day(2026, 9, 30)] {
            let d = due(&settled(), &home(&[visited]), &default_rules(), day(2020, 1, 1)).unwrap();
            assert_eq!(d.next_due, day(2026, 12, 31), "{visited}");
            assert!(!d.is_overdue(day(2026, 11, 15)));
            assert!(d.is_overdue(day(2027, 1, 1)));
        }
        // Across the year end: a visit in Q4 makes Q1 of the next year due.
        assert_eq!(due_on(&settled(), &home(&[day(2026, 11, 20)])), day(2027, 3, 31));
    }

    #[test]
    fn a_phone_call_does_not_meet_a_rule_asking_for_a_visit_at_home() {
        let phoned = VisitDays::of([(day(2026, 4, 10), false), (day(2026, 5, 3), false)]);
        // The monthly rule asks for 入户: the household was never visited at home since March.
        let d = due(&monitored(), &phoned, &default_rules(), day(2020, 1, 1)).unwrap();
        assert_eq!(d.next_due, day(2026, 3, 31));
        assert_eq!(d.last_visit, Some(day(2026, 5, 3)), "the last visit is still said");
        // The quarterly rule does not: a call in May meets the second quarter.
        let d = due(&settled(), &phoned, &default_rules(), day(2020, 1, 1)).unwrap();
        assert_eq!(d.next_due, day(2026, 9, 30));
        // One visit at home in May meets May.
        let mixed = VisitDays::of([(day(2026, 4, 10), false), (day(2026, 5, 3), true)]);
        assert_eq!(due_on(&monitored(), &mixed), day(2026, 6, 30));
    }

    #[test]
    fn ordinary_households_need_no_visits_and_lifted_ones_quarterly() {
        let rules = default_rules();
        let ordinary = Household { household_type: Some("ordinary".into()), ..Household::default() };
        assert_eq!(due(&ordinary, &VisitDays::default(), &rules, day(2026, 5, 1)), None);
        let lifted = Household { household_type: Some("lifted".into()), ..Household::default() };
        assert_eq!(group_of(&lifted), GROUP_SETTLED);
        let never = due(&lifted, &VisitDays::default(), &rules, day(2026, 5, 1)).unwrap();
        assert_eq!(never.next_due, day(2026, 6, 30), "due by the end of the quarter it was entered in");
    }

    #[test]
    fn never_visited_is_due_by_the_end_of_the_identification_or_elimination_period() {
        let d = due(&monitored(), &VisitDays::default(), &default_rules(), day(2020, 1, 1)).unwrap();
        assert_eq!((d.next_due, d.days_overdue(day(2026, 4, 10))), (day(2026, 3, 31), 10));
        let mut h = monitored();
        h.risk_eliminated = true;
        h.eliminated_month = YearMonth::new(2026, 9);
        assert_eq!(due_on(&h, &VisitDays::default()), day(2026, 9, 30));
        // A visit before the identification does not count for it.
        assert_eq!(due_on(&monitored(), &home(&[day(2026, 1, 10)])), day(2026, 3, 31));
    }

    #[test]
    fn twice_a_month_needs_two_visits_in_the_month() {
        let rules = vec![VisitRule {
            group: GROUP_MONITORED.into(),
            visits: 2,
            period: PERIOD_MONTH.into(),
            ..Default::default()
        }];
        let once = due(&monitored(), &home(&[day(2026, 4, 3)]), &rules, day(2020, 1, 1)).unwrap();
        assert_eq!(once.next_due, day(2026, 4, 30), "April still lacks its second visit");
        let twice = due(&monitored(), &home(&[day(2026, 4, 3), day(2026, 4, 20)]), &rules, day(2020, 1, 1)).unwrap();
        assert_eq!(twice.next_due, day(2026, 5, 31));
        // Two visits across a month end are one in each month.
        let split = due(&monitored(), &home(&[day(2026, 4, 30), day(2026, 5, 1)]), &rules, day(2020, 1, 1)).unwrap();
        assert_eq!(split.next_due, day(2026, 5, 31));
    }

    /// A household imported today, identified years ago, with no visit in the ledger is
    /// due by the end of this month, not overdue since its identification.
    #[test]
    fn a_household_new_to_the_ledger_is_due_from_the_day_it_came() {
        let h = Household { identified_month: YearMonth::new(2023, 7), ..monitored() };
        let came = day(2026, 12, 4);
        let d = due(&h, &VisitDays::default(), &default_rules(), came).unwrap();
        assert_eq!(d.next_due, day(2026, 12, 31));
        // Its visits typed in afterwards are its history: a gap in it is late.
        let d = due(&h, &home(&[day(2026, 9, 10)]), &default_rules(), came).unwrap();
        assert_eq!(d.next_due, day(2026, 10, 31));
    }

    #[test]
    fn periods_count_across_years() {
        let q = Period::of(day(2026, 11, 20), 3);
        assert_eq!((q.first_day(), q.last_day()), (day(2026, 10, 1), day(2026, 12, 31)));
        assert_eq!(q.next().first_day(), day(2027, 1, 1));
        let m = Period::of(day(2024, 2, 10), 1);
        assert_eq!(m.last_day(), day(2024, 2, 29));
    }
}
