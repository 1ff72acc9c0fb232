//! What follows from a household's records and is kept beside them (docs/records.md,
//! "Derived facts"): the order lists show it in, what it is found by, its members and
//! visits counted, when its next visit is due, its income against the line, and its
//! warnings. Computed by one function from one household's records, whether one
//! household changed or the whole ledger is rebuilt, so the two always agree.

use super::household::Household;
use super::income::{Income, Threshold, income_for, line_for, members_for};
use super::measure::Measure;
use super::member::Member;
use super::schedule::{Due, VisitDays, VisitRule, due, group_of};
use super::search::tokens;
use super::village::Village;
use super::warnings::{HouseholdInputs, Warning, household_warnings};
use chrono::NaiveDate;

/// A household's records, as the derivation reads them.
pub struct HouseholdRecords<'a> {
    pub household: &'a Household,
    /// The day the household was entered in the ledger.
    pub since: NaiveDate,
    pub village: Option<&'a Village>,
    pub members: &'a [Member],
    pub measures: &'a [Measure],
    pub incomes: &'a [Income],
    pub events: &'a [super::monitoring::MonitoringEvent],
    /// The visits the schedule reads (the latest and those of its quarter).
    pub visits: &'a VisitDays,
    pub visit_count: i64,
    pub thresholds: &'a [Threshold],
    pub rules: &'a [VisitRule],
    pub id_holders: &'a dyn Fn(&Member) -> Vec<String>,
    /// The ledger's vocabularies: a household is found by its category's words too.
    pub vocab: &'a super::vocab::Vocab,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HouseholdFacts {
    pub sort_key: String,
    /// What the household is found by (see `search::tokens`).
    pub search: Vec<String>,
    pub member_count: i64,
    pub visit_count: i64,
    pub last_visit: Option<NaiveDate>,
    pub next_due: Option<NaiveDate>,
    pub visit_group: &'static str,
    pub first_measure: Option<NaiveDate>,
    /// The latest year with income recorded, its 人均纯收入 and the line for it.
    pub income_year: Option<i64>,
    pub per_capita_fen: Option<i64>,
    pub line_fen: Option<i64>,
    pub warnings: Vec<Warning>,
}

/// Lists show households by village (by division code, villages without one last),
/// group, number (unassigned last) and head.
pub fn household_sort_key(village: Option<&Village>, h: &Household) -> String {
    let (code, name) = village.map_or(("", ""), |v| (v.code.as_deref().unwrap_or(""), v.name.as_str()));
    let village_part = if code.is_empty() { format!("1{name}") } else { format!("0{code}{name}") };
    let number_part = if h.number.is_empty() { "1".to_string() } else { format!("0{}", h.number) };
    [village_part.as_str(), &h.group_name, &number_part, &h.head_name, &h.id].join("\u{1f}")
}

/// A household is found by its head, its members, its number, group, helper and phone,
/// the words of its category, type and risks in both languages (边缘, 因病, marginal),
/// and by the tail of any member's ID number (its village by the village's own key).
pub fn household_search_key(h: &Household, members: &[Member], vocab: &super::vocab::Vocab) -> Vec<String> {
    use super::vocab::list;
    let mut names: Vec<&str> = vec![&h.head_name, &h.helper];
    names.extend(members.iter().filter(|m| m.name != h.head_name).map(|m| m.name.as_str()));
    let mut words = vec![h.number.as_str(), &h.group_name, h.phone.as_deref().unwrap_or("")];
    let coded =
        [(list::MONITOR_CATEGORY, h.monitor_category.as_deref()), (list::HOUSEHOLD_TYPE, h.household_type.as_deref())];
    let codes =
        coded.into_iter().filter_map(|(l, c)| Some((l, c?))).chain(h.risks.iter().map(|r| (list::RISK, r.as_str())));
    for (l, code) in codes {
        if let Some(entry) = vocab.entry(l, code) {
            words.extend([entry.zh.as_str(), entry.en.as_str()]);
        }
    }
    let ids: Vec<&str> = members.iter().filter_map(|m| m.id_number.as_deref()).collect();
    tokens(&names, &words, &ids)
}

pub fn village_search_key(v: &Village) -> Vec<String> {
    tokens(&[&v.name, &v.township, &v.first_secretary], &[v.code.as_deref().unwrap_or("")], &[])
}

pub fn project_search_key(p: &super::project::Project) -> Vec<String> {
    tokens(&[&p.responsible_person], &[&p.name, &p.assisting_party, &p.implementing_unit], &[])
}

pub fn task_search_key(t: &super::task::Task) -> Vec<String> {
    tokens(&[&t.owner], &[&t.title, &t.lead_unit], &[])
}

pub fn cadre_search_key(c: &super::cadre::Cadre) -> Vec<String> {
    tokens(&[&c.name], &[&c.unit, c.phone.as_deref().unwrap_or("")], &[])
}

/// The visitors of a visit, each name on its own so initials never run across two.
pub fn visitors_search_key(visitors: &str) -> Vec<String> {
    let names: Vec<&str> = visitors.split(['、', ',', '，', ' ', '/']).collect();
    tokens(&names, &[], &[])
}

pub fn household_facts(r: &HouseholdRecords) -> HouseholdFacts {
    let h = r.household;
    let due: Option<Due> = due(h, r.visits, r.rules, r.since);
    let province = r.village.and_then(Village::province);
    let warnings = household_warnings(&HouseholdInputs {
        household: h,
        village_name: r.village.map_or("", |v| v.name.as_str()),
        province,
        members: r.members,
        measures: r.measures,
        incomes: r.incomes,
        events: r.events,
        thresholds: r.thresholds,
        due: due.as_ref(),
        id_holders: r.id_holders,
    });
    let income_year = r.incomes.iter().map(|i| i.year).max();
    let income = income_year.and_then(|y| income_for(r.incomes, y));
    HouseholdFacts {
        sort_key: household_sort_key(r.village, h),
        search: household_search_key(h, r.members, r.vocab),
        member_count: r.members.iter().filter(|m| m.is_current()).count() as i64,
        visit_count: r.visit_count,
        last_visit: r.visits.last(),
        next_due: due.map(|d| d.next_due),
        visit_group: group_of(h),
        first_measure: r.measures.iter().map(|m| m.start).min(),
        income_year,
        per_capita_fen: income
            .and_then(|i| i.per_capita_fen(members_for(i, r.members, (h.identified_month, h.eliminated_month)))),
        line_fen: income_year.zip(province).and_then(|(y, p)| line_for(r.thresholds, p, y)).map(|t| t.amount),
        warnings,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn households_sort_by_village_code_then_group_number_head() {
        let coded = Village { code: Some("511903100204".into()), name: "林家庙村".into(), ..Village::default() };
        let uncoded = Village { name: "新村".into(), ..Village::default() };
        let h = |group: &str, number: &str, head: &str| Household {
            group_name: group.into(),
            number: number.into(),
            head_name: head.into(),
            ..Household::default()
        };
        let mut keys = [
            household_sort_key(Some(&uncoded), &h("1组", "", "甲")),
            household_sort_key(Some(&coded), &h("2组", "", "乙")),
            household_sort_key(Some(&coded), &h("2组", "0007", "丙")),
            household_sort_key(Some(&coded), &h("1组", "0009", "丁")),
        ];
        keys.sort();
        let heads: Vec<&str> = keys.iter().map(|k| k.split('\u{1f}').nth(3).unwrap_or("")).collect();
        assert_eq!(heads, ["丁", "丙", "乙", "甲"]);
    }
}
