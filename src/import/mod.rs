//! `bangfu import`: the national export brought into the ledger by reconciling, not
//! retyping (docs/national.md). A household is matched by 户编号, a person by ID number
//! (else by name within the household); what is new is added, what differs is updated
//! field by field as ops (so history and merge see it), what is the same is left
//! alone — importing one file twice changes nothing. Villages are found in the ledger
//! by name, or in the official list of the ledger's county; an empty ledger takes its
//! county from the file. A dry run plans the same and writes nothing.

mod known;
mod plan;
mod reconcile;
pub mod text;

use crate::domain::Draft;
use crate::domain::divisions::{
    CountyChoice, all_counties, county_of_village, short_village_name, townships_of_county, villages_of_township,
};
use crate::domain::household::Household;
use crate::domain::income::Income;
use crate::domain::measure::Measure;
use crate::domain::member::Member;
use crate::domain::national::{ExportHousehold, ExportRead, Layout, RowIssue, find_layout, read_export};
use crate::domain::record::Record;
use crate::domain::village::Village;
use crate::store::{Store, StoreError};
use chrono::{Datelike, NaiveDate};
use known::Known;
use plan::{Insert, Plan, Update};
use reconcile::{as_stored, noted, reconcile, same_cells};
use std::collections::BTreeMap;

/// The setting that keeps the column order of the last import, for the export.
pub const COLUMNS_SETTING: &str = "national_columns";

/// What an import did (or, dry, would do).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportReport {
    pub households_new: usize,
    pub households_changed: usize,
    pub households_unchanged: usize,
    pub people_new: usize,
    pub people_changed: usize,
    pub people_unchanged: usize,
    pub villages_new: Vec<String>,
    /// (row number, what was wrong) — rows left out, and cells kept as they came.
    pub issues: Vec<(usize, Issue)>,
    /// (row number, household head, which fields) of each change.
    pub changes: Vec<(usize, String, Vec<String>)>,
    pub income_year: i32,
}

/// What was not right with a row, for the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Issue {
    Row(RowIssue),
    /// The village named is neither in the ledger nor in the county's official list.
    UnknownVillage {
        township: String,
        village: String,
    },
    /// The county of an empty ledger could not be told from the file.
    UnknownCounty {
        county: String,
    },
    /// The household or person does not pass the ledger's checks (the fields named).
    Invalid {
        fields: Vec<String>,
    },
    /// Changed in bangfu since the last import and differently in this export: bangfu's
    /// value is kept, both are named for a person to decide.
    Conflict {
        who: String,
        field: String,
        ours: String,
        theirs: String,
    },
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error(transparent)]
    Sheet(#[from] crate::sheets::SheetError),
    #[error("no header row naming 户编号, 姓名 and 证件号码 in the first twenty rows")]
    NoHeader,
    #[error(transparent)]
    Store(#[from] StoreError),
}

/// Reads the file and reconciles it with the ledger; writes only when `dry_run` is false.
pub fn import_file(
    store: &mut Store,
    path: &std::path::Path,
    dry_run: bool,
    today: NaiveDate,
) -> Result<ImportReport, ImportError> {
    import_file_with(store, path, dry_run, today, &mut |_| {})
}

/// How far an import is, for a progress line on the terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportStep {
    Reading,
    /// Households compared with the ledger so far, of all.
    Checking {
        done: usize,
        total: usize,
    },
    Writing,
}

/// `import_file`, saying how far it is as it goes.
pub fn import_file_with(
    store: &mut Store,
    path: &std::path::Path,
    dry_run: bool,
    today: NaiveDate,
    progress: &mut dyn FnMut(ImportStep),
) -> Result<ImportReport, ImportError> {
    progress(ImportStep::Reading);
    // The people are read while the rest of the file is still being parsed.
    let mut stream = crate::sheets::stream_rows(path)?;
    let head: Vec<Vec<String>> = stream.by_ref().take(crate::domain::national::HEADER_WITHIN).collect();
    let Some(layout) = find_layout(&head) else {
        stream.finish()?;
        return Err(ImportError::NoHeader);
    };
    let vocab = store.vocab()?;
    let year = income_year(&head, &layout, today);
    let read = read_export(head.into_iter().chain(stream.by_ref()), &layout, &vocab);
    // A file broken halfway is an error, not an import of its first half.
    stream.finish()?;
    import_read(store, &layout, read, year, dry_run, progress)
}

/// How often (in households) the progress is said.
const PROGRESS_EVERY: usize = 500;

/// The year the export's incomes are for: a 20xx年 in the title rows, else this year.
fn income_year(rows: &[Vec<String>], layout: &Layout, today: NaiveDate) -> i32 {
    let titles: String = rows.iter().take(layout.header_row).flatten().cloned().collect::<Vec<_>>().join(" ");
    let chars: Vec<char> = titles.chars().collect();
    chars
        .windows(5)
        .find(|w| w.get(4) == Some(&'年') && w.iter().take(4).all(char::is_ascii_digit))
        .and_then(|w| w.iter().take(4).collect::<String>().parse().ok())
        .filter(|y| (2000..=today.year()).contains(y))
        .unwrap_or(today.year())
}

/// What an export set each field of a record to, by field key.
type Said = Vec<(String, String)>;

/// A record after an export, what the export said, and the fields that changed; or
/// why it does not pass.
type Reconciled<T> = Result<(T, Said, Beside<T>, Vec<String>), Vec<crate::domain::FieldError>>;

/// The record as the export has it on the fields changed on both sides, and those
/// fields: written beside bangfu's values, as disputes (`Writer::update_beside`).
type Beside<T> = Option<(T, Vec<String>)>;

fn import_read(
    store: &mut Store,
    layout: &Layout,
    read: ExportRead,
    year: i32,
    dry_run: bool,
    progress: &mut dyn FnMut(ImportStep),
) -> Result<ImportReport, ImportError> {
    let mut report = ImportReport { income_year: year, ..ImportReport::default() };
    report.issues.extend(read.issues.iter().map(|(line, issue)| (*line, Issue::Row(issue.clone()))));
    let mut places = Places::load(store, &read)?;
    let mut known = Known::load(store, &read, year)?;
    let mut plan = Plan::default();
    let total = read.households.len();
    for (done, h) in read.households.iter().enumerate() {
        if done % PROGRESS_EVERY == 0 {
            progress(ImportStep::Checking { done, total });
        }
        let Some(village_id) = places.village_for(h, &mut plan, &mut report) else { continue };
        plan_household(&mut known, h, &village_id, year, &mut plan, &mut report)?;
    }
    if !dry_run {
        progress(ImportStep::Writing);
        plan.write(store, &layout.headers)?;
    }
    report.villages_new = plan.villages.iter().map(|v| v.name.clone()).collect();
    Ok(report)
}

/// The ledger's villages by township and name, and the county whose official list
/// supplies the ones it lacks.
struct Places {
    known: BTreeMap<(String, String), String>,
    by_name: BTreeMap<String, Vec<String>>,
    county: Option<String>,
    county_name: String,
}

impl Places {
    fn load(store: &Store, read: &ExportRead) -> Result<Places, StoreError> {
        let villages: Vec<Village> = store.all()?;
        let mut known = BTreeMap::new();
        let mut by_name: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for v in &villages {
            known.insert((v.township.clone(), short_village_name(&v.name)), v.id.clone());
            by_name.entry(short_village_name(&v.name)).or_default().push(v.id.clone());
        }
        let county = villages.iter().filter_map(|v| v.code.as_deref()).find_map(county_of_village);
        let (county, county_name) = match county {
            Some(c) => (Some(c.code), c.name),
            None => {
                let name = read.households.iter().map(|h| h.county.clone()).find(|c| !c.is_empty()).unwrap_or_default();
                let city = read
                    .households
                    .iter()
                    .flat_map(|h| h.people.iter())
                    .find_map(|p| p.extra.get("市").map(str::to_string))
                    .unwrap_or_default();
                (county_named(&name, &city).map(|c| c.code), name)
            }
        };
        Ok(Places { known, by_name, county, county_name })
    }

    /// The ledger village a household belongs to, adding it from the official list
    /// when the ledger lacks it; `None` (and the rows reported) when it is in neither.
    fn village_for(&mut self, h: &ExportHousehold, plan: &mut Plan, report: &mut ImportReport) -> Option<String> {
        let name = short_village_name(&h.village);
        if let Some(id) = self.known.get(&(h.township.clone(), name.clone())) {
            return Some(id.clone());
        }
        if let Some([only]) = self.by_name.get(&name).map(Vec::as_slice) {
            return Some(only.clone());
        }
        let Some(county) = self.county.clone() else {
            let issue = Issue::UnknownCounty { county: self.county_name.clone() };
            report.issues.extend(h.people.iter().map(|p| (p.line, issue.clone())));
            return None;
        };
        let official = townships_of_county(&county)
            .into_iter()
            .filter(|t| t.name == h.township || h.township.is_empty())
            .flat_map(|t| villages_of_township(&t.code))
            .find(|v| short_village_name(&v.name) == name);
        let Some(official) = official else {
            let issue = Issue::UnknownVillage { township: h.township.clone(), village: h.village.clone() };
            report.issues.extend(h.people.iter().map(|p| (p.line, issue.clone())));
            return None;
        };
        let draft = Draft::default().with("code", &official.code).with("name", &name);
        let mut village = Village::from_draft("", &draft).ok()?;
        village.id = crate::store::new_id();
        self.known.insert((village.township.clone(), name.clone()), village.id.clone());
        self.by_name.entry(name).or_default().push(village.id.clone());
        let id = village.id.clone();
        plan.villages.push(village);
        Some(id)
    }
}

/// A county by name, told apart from its namesakes by its city when given.
fn county_named(name: &str, city: &str) -> Option<CountyChoice> {
    let matching: Vec<CountyChoice> = all_counties().into_iter().filter(|c| c.name == name.trim()).collect();
    match matching.as_slice() {
        [one] => Some(one.clone()),
        _ => matching.into_iter().find(|c| !city.is_empty() && c.context.starts_with(city.trim())),
    }
}

fn invalid(report: &mut ImportReport, line: usize, errors: &[crate::domain::FieldError]) {
    let fields = errors.iter().map(|e| e.field.to_string()).collect();
    report.issues.push((line, Issue::Invalid { fields }));
}

fn plan_household(
    known: &mut Known,
    h: &ExportHousehold,
    village_id: &str,
    year: i32,
    plan: &mut Plan,
    report: &mut ImportReport,
) -> Result<(), StoreError> {
    let head = h.people.iter().find(|p| p.draft.get("relation") == "self").or(h.people.first());
    let head_name = head.map(|p| p.draft.get("name").to_string()).unwrap_or_default();
    let existing = known.households.remove(&h.number);
    let extra = as_stored(h.extra.to_json(), existing.as_ref().map(|old| old.extra.as_str()));
    let fields = h
        .draft
        .clone()
        .with("number", &h.number)
        .with("head_name", &head_name)
        .with("village_id", village_id)
        .with("extra", &extra);
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
                if keys.is_empty() || first_lift {
                    report.households_unchanged += 1;
                } else {
                    report.households_changed += 1;
                    report.changes.push((h.first_line, head_name.clone(), keys));
                    plan.updates.push(Update::Household(Box::new(new.clone()), Box::new(old.clone())));
                }
                if let Some((r, keys)) = beside {
                    plan.updates.push(Update::HouseholdBeside(Box::new(r), keys));
                }
                new
            }
            Err(errors) => {
                invalid(report, h.first_line, &errors);
                return Ok(());
            }
        },
        None => match Household::from_draft("", &fields) {
            Ok(mut new) => {
                new.id = crate::store::new_id();
                plan.baselines.push(("households", new.id.clone(), noted(&new, &fields)));
                report.households_new += 1;
                plan.inserts.push(Insert::Household(Box::new(new.clone())));
                new
            }
            Err(errors) => {
                invalid(report, h.first_line, &errors);
                return Ok(());
            }
        },
    };
    let members: Vec<Member> = existing.as_ref().and_then(|old| known.members.remove(&old.id)).unwrap_or_default();
    for person in &h.people {
        plan_person(known, person, &household, &members, plan, report)?;
    }
    let income = existing.as_ref().and_then(|old| known.incomes.remove(&old.id));
    plan_income(known, h, &household, income, year, plan, report)?;
    let measures: Vec<Measure> = existing.as_ref().and_then(|old| known.measures.remove(&old.id)).unwrap_or_default();
    let start = household.identified_month.map_or_else(|| NaiveDate::from_ymd_opt(year, 1, 1), |m| Some(m.first_day()));
    for category in &h.measures {
        if measures.iter().any(|m| m.category == *category) {
            continue;
        }
        let Some(start) = start else { continue };
        let measure =
            Measure { household_id: household.id.clone(), category: category.to_string(), start, ..Measure::default() };
        plan.inserts.push(Insert::Measure(Box::new(measure)));
    }
    Ok(())
}

fn plan_person(
    known: &Known,
    person: &crate::domain::national::ExportPerson,
    household: &Household,
    members: &[Member],
    plan: &mut Plan,
    report: &mut ImportReport,
) -> Result<(), StoreError> {
    let number = person.draft.get("id_number").trim();
    let existing = match number {
        "" => members.iter().find(|m| m.name == person.draft.get("name")).cloned(),
        n => match members.iter().find(|m| m.id_number.as_deref() == Some(n)) {
            Some(m) => Some(m.clone()),
            None => known.by_id_number.get(n).cloned(),
        },
    };
    let said = as_stored(person.extra.to_json(), existing.as_ref().map(|m| m.extra.as_str()));
    let extra = match &existing {
        Some(m) if m.extra != said && same_cells(&m.extra, &person.extra, &household.extra) => m.extra.clone(),
        _ => said,
    };
    let fields = person.draft.clone().with("household_id", &household.id).with("extra", &extra);
    match existing {
        Some(old) => match reconcile(known, &old, &fields, (person.draft.get("name"), person.line), report) {
            Ok((new, said, beside, keys)) => {
                plan.baselines.push(("members", new.id.clone(), said));
                if keys.is_empty() {
                    report.people_unchanged += 1;
                } else {
                    report.people_changed += 1;
                    report.changes.push((person.line, new.name.clone(), keys));
                    plan.updates.push(Update::Member(Box::new(new), Box::new(old)));
                }
                if let Some((r, keys)) = beside {
                    plan.updates.push(Update::MemberBeside(Box::new(r), keys));
                }
            }
            Err(errors) => invalid(report, person.line, &errors),
        },
        None => match Member::from_draft("", &fields) {
            Ok(mut new) => {
                new.id = crate::store::new_id();
                plan.baselines.push(("members", new.id.clone(), noted(&new, &fields)));
                report.people_new += 1;
                plan.inserts.push(Insert::Member(Box::new(new)));
            }
            Err(errors) => invalid(report, person.line, &errors),
        },
    }
    Ok(())
}

fn plan_income(
    known: &Known,
    h: &ExportHousehold,
    household: &Household,
    existing: Option<Income>,
    year: i32,
    plan: &mut Plan,
    report: &mut ImportReport,
) -> Result<(), StoreError> {
    if h.income.is_empty() {
        return Ok(());
    }
    let mut fields = Draft::default().with("household_id", &household.id).with("year", year.to_string());
    for (key, fen) in &h.income {
        fields.set(key, crate::domain::money::format_plain(*fen));
    }
    match existing {
        Some(old) => {
            if let Ok((new, said, beside, keys)) =
                reconcile(known, &old, &fields, (&household.head_name, h.first_line), report)
            {
                plan.baselines.push(("incomes", new.id.clone(), said));
                if !keys.is_empty() {
                    report.changes.push((h.first_line, household.head_name.clone(), keys));
                    plan.updates.push(Update::Income(Box::new(new), Box::new(old)));
                }
                if let Some((r, keys)) = beside {
                    plan.updates.push(Update::IncomeBeside(Box::new(r), keys));
                }
            }
        }
        None => {
            if let Ok(mut new) = Income::from_draft("", &fields) {
                new.id = crate::store::new_id();
                plan.baselines.push(("incomes", new.id.clone(), noted(&new, &fields)));
                plan.inserts.push(Insert::Income(Box::new(new)));
            }
        }
    }
    Ok(())
}
