//! The visit schedule (domain.md §3.6): which households must be visited how often,
//! and from the last visit, when the next one is due and how late it is.

use super::household::Household;
use super::invalid::Checker;
use super::{Draft, FieldError, FieldValue, Fields, Invalid, Record};
use chrono::{Months, NaiveDate};

/// Groups of households a rule applies to.
pub const GROUP_MONITORED: &str = "monitored";
pub const GROUP_SETTLED: &str = "settled";
pub const GROUP_OTHER: &str = "other";

pub const PERIOD_MONTH: &str = "month";
pub const PERIOD_QUARTER: &str = "quarter";

/// Days before the due date from which a visit shows as "due".
pub const DUE_SOON_DAYS: i64 = 7;

/// How many visits a group of households needs per month or quarter.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct VisitRule {
    pub id: String,
    pub group: String,
    /// 0 means no visits are required.
    pub visits: i64,
    pub period: String,
}

pub const FIELDS: &[&str] = &["group", "visits", "period"];

impl VisitRule {
    pub fn to_draft(&self) -> Draft {
        Draft::default().with("group", &self.group).with("visits", self.visits.to_string()).with("period", &self.period)
    }

    pub fn from_draft(id: &str, d: &Draft) -> Result<VisitRule, Vec<FieldError>> {
        let mut c = Checker::default();
        let group = c.required("group", d.get("group"));
        let visits = match d.get("visits").trim().parse::<i64>() {
            Ok(n) if (0..=31).contains(&n) => Some(n),
            _ => {
                c.fail("visits", Invalid::Number);
                None
            }
        };
        let period = d.get("period").trim();
        if period != PERIOD_MONTH && period != PERIOD_QUARTER {
            c.fail("period", Invalid::NotAChoice);
        }
        c.finish(|| VisitRule {
            id: id.to_string(),
            group: group.unwrap_or_default(),
            visits: visits.unwrap_or_default(),
            period: period.to_string(),
        })
    }

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

impl Record for VisitRule {
    const TABLE: &'static str = "visit_rules";
    fn id(&self) -> &str {
        &self.id
    }
    fn set_id(&mut self, id: String) {
        self.id = id;
    }
    fn columns(&self) -> Vec<(&'static str, FieldValue)> {
        vec![
            ("group_code", FieldValue::text(&self.group)),
            ("visits", FieldValue::Int(self.visits)),
            ("period", FieldValue::text(&self.period)),
        ]
    }
    fn from_fields(id: String, f: &Fields) -> Self {
        VisitRule { id, group: f.text("group_code"), visits: f.int("visits"), period: f.text("period") }
    }
}

/// Which rule group a household falls in: monitored with risk not eliminated;
/// eliminated or 脱贫户; everyone else.
pub fn group_of(h: &Household) -> &'static str {
    if h.is_monitored() && !h.risk_eliminated {
        GROUP_MONITORED
    } else if h.is_monitored() || h.household_type.as_deref() == Some("lifted") {
        GROUP_SETTLED
    } else {
        GROUP_OTHER
    }
}

/// Where a household stands with its visits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Due {
    pub last_visit: Option<NaiveDate>,
    pub next_due: NaiveDate,
    /// Days past the due date (0 when not yet due).
    pub days_overdue: i64,
}

impl Due {
    pub fn is_overdue(&self) -> bool {
        self.days_overdue > 0
    }

    /// Overdue, or due within the coming week.
    pub fn is_due(&self, today: NaiveDate) -> bool {
        (self.next_due - today).num_days() <= DUE_SOON_DAYS
    }
}

/// When the household's next visit is due; `None` when its group needs none.
/// A household never visited is due from its identification month (or today).
pub fn due(h: &Household, last_visit: Option<NaiveDate>, rules: &[VisitRule], today: NaiveDate) -> Option<Due> {
    let rule = rules.iter().find(|r| r.group == group_of(h)).filter(|r| r.visits > 0)?;
    let next_due = match last_visit {
        Some(last) => rule.next_after(last)?,
        None => h.identified_month.map(|m| m.first_day()).filter(|d| *d <= today).unwrap_or(today),
    };
    let days_overdue = (today - next_due).num_days().max(0);
    Some(Due { last_visit, next_due, days_overdue })
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
        // 31 January + one month is the last day of February.
        let d = due(&monitored(), Some(day(2026, 1, 31)), &rules, day(2026, 3, 1)).unwrap();
        assert_eq!(d.next_due, day(2026, 2, 28));
        assert_eq!(d.days_overdue, 1);
        let d = due(&monitored(), Some(day(2026, 2, 28)), &rules, day(2026, 3, 28)).unwrap();
        assert_eq!((d.next_due, d.days_overdue), (day(2026, 3, 28), 0));
        assert!(!d.is_overdue() && d.is_due(day(2026, 3, 28)));
    }

    #[test]
    fn quarterly_due_across_the_year_end() {
        let rules = default_rules();
        let mut h = monitored();
        h.risk_eliminated = true;
        let d = due(&h, Some(day(2025, 11, 20)), &rules, day(2026, 2, 25)).unwrap();
        assert_eq!(d.next_due, day(2026, 2, 20));
        assert_eq!(d.days_overdue, 5);
    }

    #[test]
    fn ordinary_households_need_no_visits_and_lifted_ones_quarterly() {
        let rules = default_rules();
        let ordinary = Household { household_type: Some("ordinary".into()), ..Household::default() };
        assert_eq!(due(&ordinary, None, &rules, day(2026, 5, 1)), None);
        let lifted = Household { household_type: Some("lifted".into()), ..Household::default() };
        assert_eq!(group_of(&lifted), GROUP_SETTLED);
    }

    #[test]
    fn never_visited_is_due_from_identification() {
        let d = due(&monitored(), None, &default_rules(), day(2026, 4, 10)).unwrap();
        assert_eq!((d.next_due, d.days_overdue), (day(2026, 3, 1), 40));
    }

    #[test]
    fn twice_a_month_is_every_fifteen_days() {
        let rule = VisitRule { visits: 2, period: PERIOD_MONTH.into(), ..VisitRule::default() };
        assert_eq!(rule.next_after(day(2026, 12, 25)), Some(day(2027, 1, 9)));
    }
}
