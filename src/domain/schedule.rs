//! The visit schedule (docs/rules.md, "Visits"): which households must be visited how often,
//! and from the last visit, when the next one is due and how late it is.

use super::Draft;
use super::field::{FieldDef, Kind};
use super::household::{Household, TYPE_LIFTED};
use super::invalid::{Checker, Invalid};
use super::record::Validate;
use super::vocab::list;
use chrono::{Months, NaiveDate};

/// Groups of households a rule applies to.
pub const GROUP_MONITORED: &str = "monitored";
pub const GROUP_SETTLED: &str = "settled";
pub const GROUP_OTHER: &str = "other";

pub const PERIOD_MONTH: &str = "month";
pub const PERIOD_QUARTER: &str = "quarter";

/// Days before the due date from which a visit shows as "due".
pub const DUE_SOON_DAYS: i64 = 7;

crate::record! {
    /// How many visits a group of households needs per month or quarter.
    pub struct VisitRule in "visit_rules" as "visit_rule" {
        group: String = FieldDef::new(Kind::Code(list::VISIT_GROUP)).required().col(&["group_code"]),
        /// 0 means no visits are required.
        visits: i64 = FieldDef::new(Kind::Int(0, 31)).required(),
        period: String = FieldDef::new(Kind::Code(list::VISIT_PERIOD)).required(),
    }
}

impl Validate for VisitRule {
    fn validate(&mut self, _draft: &Draft, c: &mut Checker) {
        if !self.period.is_empty() && self.period != PERIOD_MONTH && self.period != PERIOD_QUARTER {
            c.fail("period", Invalid::NotAChoice);
        }
    }
}

impl VisitRule {
    fn period_months(&self) -> u32 {
        if self.period == PERIOD_QUARTER { 3 } else { 1 }
    }

    /// The date the next visit is due after a visit on `last`.
    pub fn next_after(&self, last: NaiveDate) -> Option<NaiveDate> {
        if self.visits <= 0 {
            return None;
        }
        if self.visits == 1 {
            return last.checked_add_months(Months::new(self.period_months()));
        }
        let period_days = 30 * self.period_months() as i64;
        last.checked_add_signed(chrono::Duration::days(period_days / self.visits))
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
    pub last_visit: Option<NaiveDate>,
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

/// When the household's next visit is due; `None` when its group needs none. A
/// household never visited is due from the day its rule applies: a monitored one from
/// its identification month, an eliminated one from its elimination month, any other
/// from `since` (the day it was entered in the ledger).
pub fn due(h: &Household, last_visit: Option<NaiveDate>, rules: &[VisitRule], since: NaiveDate) -> Option<Due> {
    let group = group_of(h);
    let rule = rules.iter().find(|r| r.group == group).filter(|r| r.visits > 0)?;
    let applies_from = match group {
        GROUP_MONITORED => h.identified_month.map(|m| m.first_day()),
        _ if h.risk_eliminated => h.eliminated_month.map(|m| m.first_day()),
        _ => None,
    };
    let next_due = match last_visit {
        Some(last) => rule.next_after(last)?,
        None => applies_from.unwrap_or(since),
    };
    Some(Due { last_visit, next_due })
}

/// The rules a new ledger starts with: monthly for monitored households whose risk
/// is not eliminated, quarterly for eliminated ones and 脱贫户, none for the others.
pub fn default_rules() -> Vec<VisitRule> {
    vec![
        VisitRule { id: String::new(), group: GROUP_MONITORED.into(), visits: 1, period: PERIOD_MONTH.into() },
        VisitRule { id: String::new(), group: GROUP_SETTLED.into(), visits: 1, period: PERIOD_QUARTER.into() },
        VisitRule { id: String::new(), group: GROUP_OTHER.into(), visits: 0, period: PERIOD_QUARTER.into() },
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

    #[test]
    fn monthly_due_across_month_ends() {
        let rules = default_rules();
        let since = day(2025, 1, 1);
        // 31 January + one month is the last day of February.
        let d = due(&monitored(), Some(day(2026, 1, 31)), &rules, since).unwrap();
        assert_eq!(d.next_due, day(2026, 2, 28));
        assert_eq!(d.days_overdue(day(2026, 3, 1)), 1);
        let d = due(&monitored(), Some(day(2026, 2, 28)), &rules, since).unwrap();
        assert_eq!((d.next_due, d.days_overdue(day(2026, 3, 28))), (day(2026, 3, 28), 0));
        assert!(!d.is_overdue(day(2026, 3, 28)) && d.is_due(day(2026, 3, 28)));
        assert!(d.is_overdue(day(2026, 3, 29)));
    }

    #[test]
    fn quarterly_due_across_the_year_end() {
        let rules = default_rules();
        let mut h = monitored();
        h.risk_eliminated = true;
        let d = due(&h, Some(day(2025, 11, 20)), &rules, day(2025, 1, 1)).unwrap();
        assert_eq!(d.next_due, day(2026, 2, 20));
        assert_eq!(d.days_overdue(day(2026, 2, 25)), 5);
    }

    #[test]
    fn ordinary_households_need_no_visits_and_lifted_ones_quarterly() {
        let rules = default_rules();
        let ordinary = Household { household_type: Some("ordinary".into()), ..Household::default() };
        assert_eq!(due(&ordinary, None, &rules, day(2026, 5, 1)), None);
        let lifted = Household { household_type: Some("lifted".into()), ..Household::default() };
        assert_eq!(group_of(&lifted), GROUP_SETTLED);
        let never = due(&lifted, None, &rules, day(2026, 5, 1)).unwrap();
        assert_eq!(never.next_due, day(2026, 5, 1), "due from the day it was entered");
    }

    #[test]
    fn never_visited_is_due_from_identification_or_elimination() {
        let d = due(&monitored(), None, &default_rules(), day(2020, 1, 1)).unwrap();
        assert_eq!((d.next_due, d.days_overdue(day(2026, 4, 10))), (day(2026, 3, 1), 40));
        let mut h = monitored();
        h.risk_eliminated = true;
        h.eliminated_month = YearMonth::new(2026, 9);
        assert_eq!(due(&h, None, &default_rules(), day(2020, 1, 1)).unwrap().next_due, day(2026, 9, 1));
    }

    #[test]
    fn twice_a_month_is_every_fifteen_days() {
        let rule = VisitRule { visits: 2, period: PERIOD_MONTH.into(), ..VisitRule::default() };
        assert_eq!(rule.next_after(day(2026, 12, 25)), Some(day(2027, 1, 9)));
    }
}
