//! A side's year: what it did (`SideRecords`), each indicator against its target
//! (`progress`), and the warning of a target behind 序时进度 (`party_warnings`) — one
//! definition of each figure for the screen, the reports and the warnings.

use super::{Exchange, INDICATOR, Indicator, Party, Placement, Progress, Purchase, Target, Training, UNIT};
use crate::domain::dates::YearMonth;
use crate::domain::record::Record;
use crate::domain::registry::{OwnWarnings, ReadRecord};
use crate::domain::warnings::{Fact, Warning, record_warning, rule};
use chrono::{Datelike, NaiveDate};

/// What a side did, as the ledger holds it: the records its figures are counted from
/// (its own lists by its id; the arrivals and projects that name it by its name — a
/// project by its own 帮扶方, else its village's). One definition of each figure, for
/// the screen, the reports and the warnings alike.
#[derive(Debug, Clone, Default)]
pub struct SideRecords {
    pub arrivals: Vec<crate::domain::project::FundArrival>,
    /// The side's projects, with the month each is planned (else started) in.
    pub projects: Vec<Option<YearMonth>>,
    pub placements: Vec<Placement>,
    pub purchases: Vec<Purchase>,
    pub exchanges: Vec<Exchange>,
    pub trainings: Vec<Training>,
}

impl SideRecords {
    /// What was done for `indicator` from `first` to `last` (both counted).
    pub fn actual(&self, indicator: Indicator, first: NaiveDate, last: NaiveDate) -> i64 {
        let within = |d: NaiveDate| first <= d && d <= last;
        let months = (YearMonth::of(first), YearMonth::of(last));
        let in_months = |m: YearMonth| months.0 <= m && m <= months.1;
        let count = |n: usize| n as i64;
        match indicator {
            Indicator::Funds => self.arrivals.iter().filter(|a| within(a.date)).map(|a| a.amount).sum(),
            Indicator::Projects => count(self.projects.iter().flatten().filter(|m| in_months(**m)).count()),
            Indicator::Jobs => count(self.placements.iter().filter(|p| in_months(p.started)).count()),
            Indicator::Purchases => self.purchases.iter().filter(|p| within(p.date)).map(|p| p.amount).sum(),
            Indicator::Exchanges => count(self.exchanges.iter().filter(|e| within(e.start)).count()),
            Indicator::Trained => self.trainings.iter().filter(|t| within(t.date)).map(|t| t.headcount).sum(),
        }
    }
}

/// Each indicator of a side's `year`: its target (the one entered first where a merge
/// brought two) and what was done from the year's start to `until`.
pub fn progress(targets: &[Target], done: &SideRecords, year: i32, until: NaiveDate) -> Vec<Progress> {
    let first = NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(until);
    let last = NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(until).min(until);
    Indicator::ALL
        .into_iter()
        .map(|indicator| {
            let target = targets.iter().find(|t| t.year == i64::from(year) && t.indicator == indicator.code()).cloned();
            let actual = if last < first { 0 } else { done.actual(indicator, first, last) };
            Progress { indicator, target, actual }
        })
        .collect()
}

/// A target behind 序时进度 at a quarter's end: done by then below the target's share of
/// the year gone (a quarter, a half, three quarters, all of it). Said from the day after
/// the quarter until the next quarter's end, when it is judged again; the projects are
/// not judged (a project's side may be its village's, which the side's records do not
/// tell), the rest are.
pub fn party_warnings(party: &Party, targets: &[Target], done: &SideRecords) -> Vec<Warning> {
    let mut out = Vec::new();
    // One target per year and indicator: the first entered, as the screen and the
    // reports count (a merge of two copies may bring two). `targets` come in the order
    // entered.
    let mut judged: Vec<(i64, &str)> = Vec::new();
    for t in targets {
        if judged.contains(&(t.year, t.indicator.as_str())) {
            continue;
        }
        judged.push((t.year, t.indicator.as_str()));
        let Some(indicator) = Indicator::of_code(&t.indicator).filter(|i| *i != Indicator::Projects) else { continue };
        let Ok(year) = i32::try_from(t.year) else { continue };
        let Some(first) = NaiveDate::from_ymd_opt(year, 1, 1) else { continue };
        let target = t.value();
        for quarter in 1..=4u32 {
            let Some(end) = quarter_end(year, quarter) else { continue };
            let actual = done.actual(indicator, first, end);
            // Behind when actual / target < quarter / 4, in whole numbers.
            if target <= 0 || actual * 4 >= target * i64::from(quarter) {
                continue;
            }
            let figure = |v: i64| if indicator.is_money() { Fact::Money(v) } else { Fact::Number(v) };
            let facts = vec![
                ("party", Fact::Text(party.name.clone())),
                ("unit", Fact::Code { list: UNIT.into(), code: indicator.unit().into() }),
                ("indicator", Fact::Code { list: INDICATOR.into(), code: t.indicator.clone() }),
                ("day", Fact::Date(end)),
                ("actual", figure(actual)),
                ("target", figure(target)),
                ("rate", Fact::Number(actual * 100 / target)),
                ("pace", Fact::Number(i64::from(quarter) * 25)),
            ];
            let mut w = record_warning(rule::TARGET_BEHIND, Party::DEF.table, &party.id, facts);
            w.from = end.succ_opt();
            w.until = quarter_end(year + i32::from(quarter == 4), quarter % 4 + 1).and_then(|d| d.succ_opt());
            out.push(w);
        }
    }
    out
}

/// A side's agreement as judged at `end` (季通报/年考评's 协议目标完成率): for each
/// indicator of `end`'s year with a target (the first entered; projects not judged, as
/// for the warning), what was done from 1 January to `end` against the target's share
/// of the year gone by `end`'s month (序时进度: at a quarter's end a quarter of it per
/// quarter, at the year's end all of it), as a rate in basis points, at most 10 000.
/// Returns their sum and 10 000 per indicator judged: the indicator is their average.
pub fn agreement_tally(targets: &[Target], done: &SideRecords, end: NaiveDate) -> (i64, i64) {
    let year = end.year();
    let Some(first) = NaiveDate::from_ymd_opt(year, 1, 1) else { return (0, 0) };
    let months_gone = i64::from(end.month());
    let mut judged: Vec<&str> = Vec::new();
    let (mut sum, mut whole) = (0, 0);
    for t in targets.iter().filter(|t| t.year == i64::from(year)) {
        if judged.contains(&t.indicator.as_str()) {
            continue;
        }
        judged.push(t.indicator.as_str());
        let Some(indicator) = Indicator::of_code(&t.indicator).filter(|i| *i != Indicator::Projects) else { continue };
        // done ÷ (target × months ÷ 12), in whole numbers.
        let pace = t.value().saturating_mul(months_gone);
        let done = done.actual(indicator, first, end).saturating_mul(12);
        if let Some(bp) = crate::domain::assessment::rate_bp(done, pace) {
            sum += bp;
            whole += 10_000;
        }
    }
    (sum, whole)
}

/// The last day of a quarter (1–4) of a year.
fn quarter_end(year: i32, quarter: u32) -> Option<NaiveDate> {
    let (month, day) = match quarter {
        1 => (3, 31),
        2 => (6, 30),
        3 => (9, 30),
        _ => (12, 31),
    };
    NaiveDate::from_ymd_opt(year, month, day)
}

impl OwnWarnings for Party {
    fn own_warnings<S: ReadRecord>(&self, source: &S) -> Result<Vec<Warning>, S::Error> {
        let targets: Vec<Target> = source.children("party_id", &self.id)?;
        if targets.is_empty() {
            return Ok(Vec::new());
        }
        Ok(party_warnings(self, &targets, &source.side_records(self)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, d).unwrap_or_default()
    }

    fn jobs_target(count: i64) -> Target {
        Target {
            id: "t".into(),
            party_id: "p".into(),
            year: 2026,
            indicator: "jobs".into(),
            count: Some(count),
            ..Target::default()
        }
    }

    fn placed(months: &[u32]) -> SideRecords {
        let placements =
            months.iter().map(|m| Placement { started: YearMonth::of(day(*m, 1)), ..Placement::default() }).collect();
        SideRecords { placements, ..SideRecords::default() }
    }

    /// 序时进度 at its boundary: a quarter of 8 is 2 — two placed by March is on pace,
    /// one is behind, said from 1 April until the end of June (judged again then).
    #[test]
    fn a_target_is_behind_below_the_years_share_gone_and_not_at_it() {
        let party = Party { id: "p".into(), name: "浙江省金华市".into(), ..Party::default() };
        let on_pace = party_warnings(&party, &[jobs_target(8)], &placed(&[1, 3, 4, 5, 6, 7, 8, 9]));
        assert!(on_pace.is_empty(), "{on_pace:?}");
        let behind = party_warnings(&party, &[jobs_target(8)], &placed(&[1, 4, 5, 6, 7, 8, 9, 12]));
        assert_eq!(behind.len(), 1, "{behind:?}");
        assert_eq!((behind[0].from, behind[0].until), (Some(day(4, 1)), Some(day(7, 1))));
        // The year's end: seven of eight is behind all year, said into the next spring.
        let short = party_warnings(&party, &[jobs_target(8)], &placed(&[1, 2, 4, 5, 7, 8, 10]));
        let year_end = short.iter().find(|w| w.from == NaiveDate::from_ymd_opt(2027, 1, 1));
        assert_eq!(year_end.and_then(|w| w.until), NaiveDate::from_ymd_opt(2027, 4, 1));
    }

    /// Two targets of one year and indicator (a merge's): the first entered is judged,
    /// as the screen counts it.
    #[test]
    fn the_first_of_two_targets_is_judged() {
        let party = Party { id: "p".into(), name: "宜宾市".into(), ..Party::default() };
        let done = placed(&[1, 3, 4, 5, 6, 7, 8, 9]);
        assert!(party_warnings(&party, &[jobs_target(8), jobs_target(100)], &done).is_empty());
        assert!(!party_warnings(&party, &[jobs_target(100), jobs_target(8)], &done).is_empty());
    }

    /// Projects are not judged: a project's side may be its village's.
    #[test]
    fn projects_are_not_judged_behind() {
        let party = Party { id: "p".into(), name: "宜宾市".into(), ..Party::default() };
        let target = Target { indicator: "projects".into(), count: Some(10), ..jobs_target(0) };
        assert!(party_warnings(&party, &[target], &SideRecords::default()).is_empty());
    }
}
