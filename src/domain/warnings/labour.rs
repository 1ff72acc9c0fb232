//! What inspectors check about a household's labour (docs/warnings.md): 缺劳动力 while
//! the household has labour enough for its dependants, and welfare as its only measure
//! while someone can work. Ages and stays change with the days, so each warning holds
//! for the days it is true.

use super::{Fact, HouseholdInputs, WORKING_FROM, WORKING_UNTIL, Warning, household_warning, rule};
use crate::domain::household::RISK_LACK_LABOR;
use crate::domain::measure::CATEGORY_WELFARE;
use crate::domain::member::Member;
use crate::domain::vocab::list;
use chrono::NaiveDate;

/// The spans of days in which someone of the household is of working age and able
/// to work (普通/技能劳动力), each with the first such member.
fn labour_spans(members: &[Member]) -> Vec<(NaiveDate, NaiveDate, &Member)> {
    let mut spans: Vec<(NaiveDate, NaiveDate, &Member)> = members
        .iter()
        .filter(|m| m.able_to_work())
        .filter_map(|m| Some((m.birthday(WORKING_FROM)?, m.birthday(WORKING_UNTIL)?, m)))
        .collect();
    spans.sort_by_key(|s| s.0);
    let mut merged: Vec<(NaiveDate, NaiveDate, &Member)> = Vec::new();
    for span in spans {
        match merged.last_mut() {
            Some(last) if span.0 <= last.1 => last.1 = last.1.max(span.1),
            _ => merged.push(span),
        }
    }
    merged
}

pub(super) fn labour_rules(i: &HouseholdInputs, out: &mut Vec<Warning>) {
    let h = i.household;
    if h.risks.iter().any(|r| r == RISK_LACK_LABOR) {
        for span in labour_enough_spans(i.members) {
            let facts = vec![
                ("member", Fact::Text(span.worker.name.clone())),
                ("skill", Fact::code(list::LABOR_SKILL, span.worker.labor_skill.as_deref().unwrap_or(""))),
                ("workers", Fact::Number(span.workers as i64)),
                ("people", Fact::Number(span.people as i64)),
            ];
            out.push(household_warning(rule::LACK_LABOR_CONTRADICTED, i, facts).during(Some(span.from), span.until));
        }
    }
    let welfare_only = !i.measures.is_empty() && i.measures.iter().all(|m| m.category == CATEGORY_WELFARE);
    if welfare_only {
        for (from, until, _) in labour_spans(i.members) {
            out.push(household_warning(rule::WELFARE_ONLY_WITH_LABOR, i, vec![]).during(Some(from), Some(until)));
        }
    }
}

/// Days in which a household has labour enough for its dependants: at least half of
/// its present members able to work (普通/技能劳动力) and of working age. One worker with
/// one dependant has; one worker supporting five has not (缺劳动力 stands).
struct LabourSpan<'a> {
    from: NaiveDate,
    until: Option<NaiveDate>,
    worker: &'a Member,
    workers: usize,
    people: usize,
}

fn labour_enough_spans(members: &[Member]) -> Vec<LabourSpan<'_>> {
    let mut days: Vec<NaiveDate> = members
        .iter()
        .flat_map(|m| {
            let ages = m.able_to_work().then(|| [m.birthday(WORKING_FROM), m.birthday(WORKING_UNTIL)]);
            let stay = [m.joined_on.or(m.birth_date), m.left_on];
            ages.into_iter().flatten().chain(stay).flatten()
        })
        .collect();
    days.sort();
    days.dedup();
    let mut spans: Vec<LabourSpan> = Vec::new();
    for (at, day) in days.iter().enumerate() {
        let present: Vec<&Member> = members.iter().filter(|m| m.belongs_on(*day)).collect();
        let workers: Vec<&&Member> = present
            .iter()
            .filter(|m| m.able_to_work() && m.age_on(*day).is_some_and(|a| (WORKING_FROM..WORKING_UNTIL).contains(&a)))
            .collect();
        let until = days.get(at + 1).copied();
        let enough = !workers.is_empty() && workers.len() * 2 >= present.len();
        match (enough, spans.last_mut()) {
            (true, Some(last))
                if last.until == Some(*day) && last.workers == workers.len() && last.people == present.len() =>
            {
                last.until = until
            }
            (true, _) => {
                if let Some(worker) = workers.first() {
                    spans.push(LabourSpan { from: *day, until, worker, workers: workers.len(), people: present.len() });
                }
            }
            (false, _) => {}
        }
    }
    spans
}
