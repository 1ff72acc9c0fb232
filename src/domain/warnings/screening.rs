//! Screening (docs/warnings.md, "Screening"): who should be monitored and is not (应纳未纳,
//! what inspections punish hardest as 漏评), an eliminated household at risk again, an
//! identification that took longer than the province allows, and one above the line
//! with no 刚性支出 recorded as its reason.

use super::{AtRisk, Fact, HouseholdInputs, Warning, household_warning, rule};
use crate::domain::elimination::{Judged, METHOD_ASSISTED, elimination_income, guarantees};
use crate::domain::income::{Income, identification_days_for, income_for, line_for, members_for, period, rank_in_year};
use crate::domain::monitoring::{MonitoringEvent, Step};

pub(super) fn screening_rules(i: &HouseholdInputs, out: &mut Vec<Warning>) {
    let h = i.household;
    if !h.is_monitored() {
        // One whose identification is under way is being looked at already.
        if !identifying(i.events) {
            at_risk_rule(i, rule::SHOULD_BE_MONITORED, None, out);
        }
    } else if h.risk_eliminated
        && let Some(month) = h.eliminated_month
    {
        // The income the elimination was judged on is its warning's, not news.
        let assisted = h.elimination_method.as_deref() == Some(METHOD_ASSISTED);
        let judged_on = assisted.then(|| elimination_income(i.incomes, month, Judged::Later)).flatten();
        let since = Since { year: i64::from(month.year), judged_on };
        at_risk_rule(i, rule::RISK_AFTER_ELIMINATION, Some(since), out);
    }
    if h.is_monitored() {
        slow_identification_rule(i, out);
        above_line_rule(i, out);
    }
}

/// Whether the household's newest step is a clue or a check on the way to county
/// approval (not refused, not yet approved).
fn identifying(events: &[MonitoringEvent]) -> bool {
    let newest = events.iter().max_by_key(|e| (e.episode, e.date));
    newest.and_then(MonitoringEvent::step).is_some_and(|s| {
        matches!(s, Step::Clue | Step::HomeCheck | Step::Deliberation | Step::Publicity | Step::TownshipReview)
    })
}

/// For an eliminated household: the incomes that are news since its elimination are
/// of its year or later, neither of the 12 months before it nor the one it was judged on.
struct Since<'a> {
    year: i64,
    judged_on: Option<&'a Income>,
}

impl Since<'_> {
    fn news(&self, income: &Income) -> bool {
        income.year >= self.year
            && income.period != period::BEFORE_ELIMINATION
            && !self.judged_on.is_some_and(|j| std::ptr::eq(j, income))
    }
}

/// What puts a household at risk now: its newest income (since its elimination, when
/// given) below the line of its year, and each 三保障/饮水 problem it has.
fn at_risk_rule(i: &HouseholdInputs, code: &'static str, since: Option<Since>, out: &mut Vec<Warning>) {
    let mut reasons: Vec<AtRisk> = Vec::new();
    if let Some((income, per_capita_fen, line_fen)) = income_below_line(i, since.as_ref()) {
        let period = income.period.clone();
        reasons.push(AtRisk::IncomeBelowLine { year: income.year, per_capita_fen, line_fen, period });
    }
    reasons.extend(
        guarantees(i.household, i.members)
            .into_iter()
            .filter(|(_, answer)| *answer == Some(true))
            .map(|(which, _)| AtRisk::Guarantee(which.to_string())),
    );
    if !reasons.is_empty() {
        out.push(household_warning(code, i, vec![("reasons", Fact::Risks(reasons))]));
    }
}

/// The household's newest income (not that before an identification; for an
/// eliminated household, news since), its 人均纯收入 and the line of its year, when it is
/// below the line.
fn income_below_line<'a>(i: &HouseholdInputs<'a>, since: Option<&Since>) -> Option<(&'a Income, i64, i64)> {
    let province = i.province?;
    let after = |inc: &&Income| since.is_none_or(|s| s.news(inc));
    let counted = || i.incomes.iter().filter(|inc| !inc.is_before_identification()).filter(after);
    let year = counted().map(|inc| inc.year).max()?;
    let income = counted().filter(|inc| inc.year == year).min_by_key(|inc| rank_in_year(inc))?;
    let h = i.household;
    let per_capita = income.per_capita_fen(members_for(income, i.members, (h.identified_month, h.eliminated_month)))?;
    let line = line_for(i.thresholds, province, income.year)?.amount;
    (per_capita < line).then_some((income, per_capita, line))
}

/// From the clue (or 再标注) that opened an episode to its county approval: no longer
/// than the province allows (docs/rules.md; fifteen days unless its line says otherwise).
fn slow_identification_rule(i: &HouseholdInputs, out: &mut Vec<Warning>) {
    let opened = |e: &&MonitoringEvent| matches!(e.step(), Some(Step::Clue | Step::Reidentify));
    for approval in i.events.iter().filter(|e| e.step() == Some(Step::CountyApproval)) {
        let Some(clue) = i
            .events
            .iter()
            .filter(opened)
            .filter(|e| e.episode == approval.episode && e.date <= approval.date)
            .max_by_key(|e| e.date)
        else {
            continue;
        };
        let days = (approval.date - clue.date).num_days();
        let limit =
            identification_days_for(i.thresholds, i.province, i64::from(chrono::Datelike::year(&approval.date)));
        if days > limit {
            let facts = vec![
                ("clue", Fact::Date(clue.date)),
                ("approved", Fact::Date(approval.date)),
                ("days", Fact::Number(days)),
                ("limit", Fact::Number(limit)),
            ];
            out.push(household_warning(rule::IDENTIFICATION_SLOW, i, facts));
        }
    }
}

/// The income an identification was made on: the 12 months before it — of this
/// identification, not an earlier episode's (counted in the year they end, or, as some
/// ledgers have it, the identification's year).
fn identification_income<'a>(i: &HouseholdInputs<'a>) -> Option<&'a Income> {
    let month = i.household.identified_month?;
    let ended = i64::from(month.first_day().pred_opt().map_or(month.year, |d| chrono::Datelike::year(&d)));
    i.incomes
        .iter()
        .filter(|inc| inc.is_before_identification() && inc.year <= i64::from(month.year))
        .max_by_key(|inc| (inc.year == ended, inc.year))
}

/// The income to look at for a typing error at identification: the 12 months before
/// it, else the identification year's as it stands for it.
pub(super) fn income_at_identification<'a>(i: &HouseholdInputs<'a>) -> Option<&'a Income> {
    let year = i64::from(i.household.identified_month?.year);
    identification_income(i).or_else(|| income_for(i.incomes, year).filter(|inc| inc.year == year))
}

/// Identified with 人均纯收入 at or above the line of its year, and no 合规自付支出 or other
/// 刚性支出 recorded with that income as the reason for monitoring.
fn above_line_rule(i: &HouseholdInputs, out: &mut Vec<Warning>) {
    let h = i.household;
    let (Some(month), Some(province)) = (h.identified_month, i.province) else { return };
    let Some(income) = identification_income(i) else { return };
    if income.has_rigid_spending() {
        return;
    }
    let counted = members_for(income, i.members, (h.identified_month, h.eliminated_month));
    let (Some(per_capita), Some(line)) =
        (income.per_capita_fen(counted), line_for(i.thresholds, province, i64::from(month.year)))
    else {
        return;
    };
    if per_capita >= line.amount {
        let facts = vec![
            ("month", Fact::Month(month)),
            ("income", Fact::Money(per_capita)),
            ("line", Fact::Money(line.amount)),
        ];
        out.push(household_warning(rule::IDENTIFIED_ABOVE_LINE, i, facts));
    }
}
