//! What inspectors check about a monitored household's support (docs/warnings.md,
//! "Monitoring and support"): the months in order, a long monitoring whose income has
//! long passed the line, a 危房 or 未参保 without the measure that answers it, a
//! 公益岗位 with nobody able to take it.

use super::{Fact, HouseholdInputs, Warning, household_warning, rule};
use crate::domain::elimination::uninsured;
use crate::domain::income::{income_for, line_for, members_of_year};
use crate::domain::measure::Measure;
use crate::domain::member::Member;

/// Months of monitoring after which an income this far above the line asks for elimination.
const LONG_MONITORING_MONTHS: u32 = 24;
/// "Far above": half as much again as the line.
const FAR_ABOVE_PERCENT: i64 = 150;
/// 劳动技能 of someone who can take a 公益岗位 (弱劳动力 included: such posts are meant for them).
const CAN_TAKE_PUBLIC_JOB: [&str; 3] = ["ordinary", "skilled", "weak"];

pub(super) fn support_rules(i: &HouseholdInputs, episode: &[&Measure], out: &mut Vec<Warning>) {
    let h = i.household;
    if let (Some(identified), Some(eliminated)) = (h.identified_month, h.eliminated_month)
        && eliminated < identified
    {
        let facts = vec![("identified", Fact::Month(identified)), ("eliminated", Fact::Month(eliminated))];
        out.push(household_warning(rule::ELIMINATED_BEFORE_IDENTIFIED, i, facts));
    }
    // An eliminated household with a problem now is at risk again (risk-after-elimination).
    if !h.risk_eliminated {
        long_monitoring_rule(i, out);
        let has = |categories: &[&str]| episode.iter().any(|m| categories.contains(&m.category.as_str()));
        if h.unsafe_housing == Some(true) && !has(&["housing", "relocation"]) {
            out.push(household_warning(rule::HOUSING_WITHOUT_MEASURE, i, vec![]));
        }
        // 医疗救助 and 资助参保 come as 综合保障 too.
        if uninsured(h, i.members) == Some(true) && !has(&["health", "welfare", "social"]) {
            out.push(household_warning(rule::UNINSURED_WITHOUT_HEALTH, i, vec![]));
        }
    }
    let able =
        |m: &&Member| m.is_current() && m.labor_skill.as_deref().is_some_and(|s| CAN_TAKE_PUBLIC_JOB.contains(&s));
    if let Some(job) = episode.iter().find(|m| m.category == "public_job")
        && !i.members.iter().any(|m| able(&m))
    {
        let mut w = household_warning(rule::PUBLIC_JOB_WITHOUT_WORKER, i, vec![("item", Fact::Text(job.item.clone()))]);
        w.table = "measures".into();
        w.record_id = job.id.clone();
        out.push(w);
    }
}

/// Monitored two years and more, its latest year's income half as much again as
/// that year's line: it should be considered for elimination, or its income checked.
fn long_monitoring_rule(i: &HouseholdInputs, out: &mut Vec<Warning>) {
    let h = i.household;
    let (Some(identified), Some(province)) = (h.identified_month, i.province) else { return };
    let Some(year) = i.incomes.iter().filter(|inc| !inc.is_before_identification()).map(|inc| inc.year).max() else {
        return;
    };
    let Some(income) = income_for(i.incomes, year) else { return };
    let (Some(per_capita), Some(line)) =
        (income.per_capita_fen(members_of_year(i.members, year as i32)), line_for(i.thresholds, province, year))
    else {
        return;
    };
    if per_capita.saturating_mul(100) < line.amount.saturating_mul(FAR_ABOVE_PERCENT) {
        return;
    }
    let from = identified.first_day().checked_add_months(chrono::Months::new(LONG_MONITORING_MONTHS));
    let facts = vec![
        ("month", Fact::Month(identified)),
        ("year", Fact::Number(year)),
        ("income", Fact::Money(per_capita)),
        ("line", Fact::Money(line.amount)),
    ];
    out.push(household_warning(rule::MONITORED_LONG_ABOVE_LINE, i, facts).during(from, None));
}
