//! Planning each household of an export against what the ledger holds of it: what is
//! new, what changed, what is in dispute. The ledger's side of each household is taken
//! out of `Known` first, in file order, with ids for what may turn out new; then the
//! households are planned on two cores, each half into its own plan, joined in order.

use super::known::Known;
use super::plan::{Insert, Plan, Update};
use super::reconcile::{as_stored, noted, reconcile, same_cells};
use super::{ImportReport, ImportStep, Issue, PROGRESS_EVERY};
use crate::domain::Draft;
use crate::domain::household::Household;
use crate::domain::income::Income;
use crate::domain::measure::Measure;
use crate::domain::member::Member;
use crate::domain::national::{ExportHousehold, ExportPerson, RowIssue};
use crate::domain::record::Record;
use chrono::NaiveDate;

/// An export's household with the ledger's side of it, claimed before the planning.
pub(super) struct Claim<'a> {
    pub(super) household: &'a ExportHousehold,
    pub(super) village_id: String,
    existing: Option<Household>,
    members: Vec<Member>,
    income: Option<Income>,
    measures: Vec<Measure>,
    /// For a household the ledger lacks, the ids of it, its income and each person:
    /// made here in file order, as one core would make them while planning (ids in
    /// time order keep SQLite's inserts at the end of its indexes). A household the
    /// ledger has gets ids only for what turns out new (few: a re-import's are known).
    ids: Fresh,
}

struct Fresh {
    household: Option<String>,
    income: Option<String>,
    people: Vec<Option<String>>,
}

/// Changed fields as the report names them: `member.education`, for their labels.
fn of_form(form: &str, keys: &[String]) -> Vec<String> {
    keys.iter().map(|key| format!("{form}.{key}")).collect()
}

/// The id made in advance, else a new one.
fn or_new(id: Option<String>) -> String {
    id.unwrap_or_else(crate::store::new_id)
}

impl<'a> Claim<'a> {
    /// The ledger's records this household may touch, whose baselines its planning reads.
    pub(super) fn record_ids(&self, known: &Known) -> Vec<String> {
        let mut ids: Vec<String> = self.existing.iter().map(|h| h.id.clone()).collect();
        ids.extend(self.members.iter().map(|m| m.id.clone()));
        ids.extend(self.income.iter().map(|i| i.id.clone()));
        let numbers = self.household.people.iter().map(|p| p.draft.get("id_number").trim());
        ids.extend(numbers.filter_map(|n| known.holder_of(n)).map(|m| m.id.clone()));
        ids
    }

    /// Takes the ledger's records of `household` out of `known` (each claimed once).
    pub(super) fn take(known: &mut Known, household: &'a ExportHousehold, village_id: String) -> Claim<'a> {
        let existing = known.take_household(household, &village_id);
        let id = existing.as_ref().map(|h| h.id.clone()).unwrap_or_default();
        let new_id = || existing.is_none().then(crate::store::new_id);
        let ids = Fresh {
            household: new_id(),
            income: new_id(),
            people: household.people.iter().map(|_| new_id()).collect(),
        };
        Claim {
            household,
            village_id,
            members: known.members.remove(&id).unwrap_or_default(),
            income: known.incomes.remove(&id),
            measures: known.measures.remove(&id).unwrap_or_default(),
            existing,
            ids,
        }
    }
}

/// Plans every claimed household, half of them on another core, and says how far
/// it is as it goes; the plans and reports come back joined in file order.
pub(super) fn plan_all(
    known: &Known,
    mut claims: Vec<Claim>,
    year: i32,
    plan: &mut Plan,
    report: &mut ImportReport,
    progress: &mut dyn FnMut(ImportStep),
) {
    let total = claims.len();
    let second = claims.split_off(total / 2);
    let (their_plan, their_report) = std::thread::scope(|scope| {
        let other = scope.spawn(|| {
            let (mut plan, mut report) = (Plan::default(), ImportReport::default());
            plan_some(known, second, year, &mut plan, &mut report, &mut |_| {});
            (plan, report)
        });
        plan_some(known, claims, year, plan, report, &mut |done| {
            progress(ImportStep::Checking { done: (done * 2).min(total), total })
        });
        other.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    });
    plan.join(their_plan);
    report.join(their_report);
}

fn plan_some(
    known: &Known,
    claims: Vec<Claim>,
    year: i32,
    plan: &mut Plan,
    report: &mut ImportReport,
    progress: &mut dyn FnMut(usize),
) {
    for (done, claim) in claims.into_iter().enumerate() {
        if done % PROGRESS_EVERY == 0 {
            progress(done);
        }
        plan_household(known, claim, year, plan, report);
    }
}

fn invalid(report: &mut ImportReport, line: usize, errors: &[crate::domain::FieldError]) {
    let fields = errors.iter().map(|e| e.field.to_string()).collect();
    report.issues.push((line, Issue::Invalid { fields }));
}

fn plan_household(known: &Known, claim: Claim, year: i32, plan: &mut Plan, report: &mut ImportReport) {
    let Claim { household: h, village_id, existing, members, income, measures, ids } = claim;
    let head = h.people.iter().find(|p| p.draft.get("relation") == "self").or(h.people.first());
    let head_name = head.map(|p| p.draft.get("name").to_string()).unwrap_or_default();
    let extra = as_stored(h.extra.to_json(), existing.as_ref().map(|old| old.extra.as_str()));
    let mut fields =
        h.draft.to_draft().with("head_name", &head_name).with("village_id", &village_id).with("extra", &extra);
    // An export without 户编号 says nothing of it: a number given here meanwhile stays.
    if !h.number.is_empty() {
        fields.set("number", &h.number);
    }
    // Whether anything of a known household changes: itself, its income, its measures.
    let mut changed = false;
    let household = match &existing {
        Some(old) => match reconcile(known, old, &fields, (&head_name, h.first_line), report) {
            Ok((new, said, beside, keys)) => {
                plan.baselines.push(("households", new.id.clone(), said));
                // Kept columns met for the first time at the household (a file imported
                // before they were kept there) are stored without being a change to report.
                let first_lift = keys == ["extra"] && old.extra.is_empty();
                if first_lift {
                    plan.updates.push(Update::Household(Box::new(new.clone()), Box::new(old.clone())));
                }
                if !(keys.is_empty() || first_lift) {
                    changed = true;
                    report.changes.push((h.first_line, head_name.clone(), of_form("household", &keys)));
                    plan.updates.push(Update::Household(Box::new(new.clone()), Box::new(old.clone())));
                }
                if let Some((r, keys)) = beside {
                    plan.updates.push(Update::HouseholdBeside(Box::new(r), keys));
                }
                new
            }
            Err(errors) => {
                invalid(report, h.first_line, &errors);
                return;
            }
        },
        None => match Household::from_draft("", &fields) {
            Ok(mut new) => {
                new.id = or_new(ids.household);
                plan.baselines.push(("households", new.id.clone(), noted(&new, &fields)));
                report.households_new += 1;
                plan.inserts.push(Insert::Household(Box::new(new.clone())));
                new
            }
            Err(errors) => {
                invalid(report, h.first_line, &errors);
                return;
            }
        },
    };
    let fresh_people = ids.people.into_iter().chain(std::iter::repeat(None));
    for (person, id) in h.people.iter().zip(fresh_people) {
        changed |= plan_person(known, person, &household, &members, id, plan, report);
    }
    let known_household = existing.is_some();
    let income = plan_income(known, h, (&household, known_household), (income, ids.income), year, plan, report);
    check_per_capita(h, income.as_ref(), people_of_year(h, &members, year), report);
    changed |= income.is_some_and(|(_, touched)| touched);
    changed |= plan_measures(h, (&household, known_household), &measures, year, plan, report);
    if known_household {
        match changed {
            true => report.households_changed += 1,
            false => report.households_unchanged += 1,
        }
    }
}

/// A 是 in a measure category's column the household has no measure of adds one,
/// dated from its identification (else the year's first day); true when one is added.
fn plan_measures(
    h: &ExportHousehold,
    (household, known_household): (&Household, bool),
    measures: &[Measure],
    year: i32,
    plan: &mut Plan,
    report: &mut ImportReport,
) -> bool {
    let start = household.identified_month.map_or_else(|| NaiveDate::from_ymd_opt(year, 1, 1), |m| Some(m.first_day()));
    let Some(start) = start else { return false };
    let mut added = Vec::new();
    for category in &h.measures {
        if measures.iter().any(|m| m.category == *category) || added.contains(category) {
            continue;
        }
        added.push(*category);
        let measure =
            Measure { household_id: household.id.clone(), category: category.to_string(), start, ..Measure::default() };
        plan.inserts.push(Insert::Measure(Box::new(measure)));
    }
    if !added.is_empty() && known_household {
        report.changes.push((h.first_line, household.head_name.clone(), vec!["measure.category".to_string()]));
    }
    !added.is_empty()
}

/// Within a yuan of each other, the file's 人均纯收入 and the one its incomes give are
/// the same figure rounded another way (the national system may round to the yuan).
const PER_CAPITA_ROUNDING_FEN: i64 = 100;

/// 人均纯收入 as the file gives it is checked against what its income columns give for
/// the household's people of the year; a figure that differs by more than rounding is
/// reported, and the computed one is what bangfu shows and writes back.
fn check_per_capita(h: &ExportHousehold, income: Option<&(Income, bool)>, people: usize, report: &mut ImportReport) {
    let Some(file) = h.per_capita else { return };
    let computed = income.and_then(|(i, _)| i.per_capita_fen(people));
    if computed.is_none_or(|c| (c - file).abs() >= PER_CAPITA_ROUNDING_FEN) {
        report.issues.push((h.first_line, Issue::Row(RowIssue::PerCapitaDiffers { file, computed })));
    }
}

/// The people a year's income is divided among, as an export of that year counts them
/// (`income::members_of_year`): the file's people born by the year's end, and the
/// ledger's members of the household the file no longer lists who still belonged to it
/// then (one who died since).
fn people_of_year(h: &ExportHousehold, ledger: &[Member], year: i32) -> usize {
    let Some(end) = NaiveDate::from_ymd_opt(year, 12, 31) else { return h.people.len() };
    let born = |p: &ExportPerson| {
        let typed = crate::domain::dates::parse_date(p.draft.get("birth_date")).ok();
        let from_id =
            || crate::domain::idnum::parse_resident_id(p.draft.get("id_number").trim()).ok().map(|r| r.birth_date);
        typed.or_else(from_id)
    };
    let listed = h.people.iter().filter(|p| born(p).is_none_or(|b| b <= end)).count();
    let in_file = |m: &Member| {
        h.people.iter().any(|p| match m.id_number.as_deref() {
            Some(n) => p.draft.get("id_number").trim() == n,
            None => p.draft.get("name") == m.name,
        })
    };
    listed + ledger.iter().filter(|m| !m.is_current() && m.belongs_on(end) && !in_file(m)).count()
}

fn plan_person(
    known: &Known,
    person: &ExportPerson,
    household: &Household,
    members: &[Member],
    fresh_id: Option<String>,
    plan: &mut Plan,
    report: &mut ImportReport,
) -> bool {
    let number = person.draft.get("id_number").trim();
    let existing = match number {
        "" => members.iter().find(|m| m.name == person.draft.get("name")).cloned(),
        n => match members.iter().find(|m| m.id_number.as_deref() == Some(n)) {
            Some(m) => Some(m.clone()),
            None => known.holder_of(n).cloned(),
        },
    };
    let said = as_stored(person.extra.to_json(), existing.as_ref().map(|m| m.extra.as_str()));
    let extra = match &existing {
        Some(m) if m.extra != said && same_cells(&m.extra, &person.extra, &household.extra) => m.extra.clone(),
        _ => said,
    };
    let fields = person.draft.to_draft().with("household_id", &household.id).with("extra", &extra);
    match existing {
        Some(old) => match reconcile(known, &old, &fields, (person.draft.get("name"), person.line), report) {
            Ok((new, said, beside, keys)) => {
                plan.baselines.push(("members", new.id.clone(), said));
                let changed = !keys.is_empty() || beside.is_some();
                if keys.is_empty() {
                    report.people_unchanged += 1;
                } else {
                    report.people_changed += 1;
                    report.changes.push((person.line, new.name.clone(), of_form("member", &keys)));
                    plan.updates.push(Update::Member(Box::new(new), Box::new(old)));
                }
                if let Some((r, keys)) = beside {
                    plan.updates.push(Update::MemberBeside(Box::new(r), keys));
                }
                changed
            }
            Err(errors) => {
                invalid(report, person.line, &errors);
                false
            }
        },
        None => match Member::from_draft("", &fields) {
            Ok(mut new) => {
                new.id = or_new(fresh_id);
                plan.baselines.push(("members", new.id.clone(), noted(&new, &fields)));
                report.people_new += 1;
                plan.inserts.push(Insert::Member(Box::new(new)));
                true
            }
            Err(errors) => {
                invalid(report, person.line, &errors);
                false
            }
        },
    }
}

/// `income` is the ledger's income of the export's year, or the id a new one takes.
/// The income as it stands after the import, and whether the import adds or changes it.
fn plan_income(
    known: &Known,
    h: &ExportHousehold,
    (household, known_household): (&Household, bool),
    (existing, fresh_id): (Option<Income>, Option<String>),
    year: i32,
    plan: &mut Plan,
    report: &mut ImportReport,
) -> Option<(Income, bool)> {
    if h.income.is_empty() {
        return existing.map(|i| (i, false));
    }
    let mut fields = Draft::default().with("household_id", &household.id).with("year", year.to_string());
    for (key, fen) in &h.income {
        fields.set(key, crate::domain::money::format_plain(*fen));
    }
    match existing {
        Some(old) => {
            let (new, said, beside, keys) =
                reconcile(known, &old, &fields, (&household.head_name, h.first_line), report).ok()?;
            plan.baselines.push(("incomes", new.id.clone(), said));
            let touched = !keys.is_empty() || beside.is_some();
            if !keys.is_empty() {
                report.changes.push((h.first_line, household.head_name.clone(), of_form("income", &keys)));
                plan.updates.push(Update::Income(Box::new(new.clone()), Box::new(old)));
            }
            if let Some((r, keys)) = beside {
                plan.updates.push(Update::IncomeBeside(Box::new(r), keys));
            }
            Some((new, touched))
        }
        None => {
            let mut new = Income::from_draft("", &fields).ok()?;
            new.id = or_new(fresh_id);
            plan.baselines.push(("incomes", new.id.clone(), noted(&new, &fields)));
            plan.inserts.push(Insert::Income(Box::new(new.clone())));
            if known_household {
                report.changes.push((h.first_line, household.head_name.clone(), vec!["income.year".to_string()]));
            }
            Some((new, true))
        }
    }
}
