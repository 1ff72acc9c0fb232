//! `bangfu import`: the national export brought into the ledger by reconciling, not
//! retyping (docs/national.md). A household is matched by 户编号, a person by ID number
//! (else by name within the household); what is new is added, what differs is updated
//! field by field as ops (so history and merge see it), what is the same is left
//! alone — importing one file twice changes nothing. Villages are found in the ledger
//! by name, or in the official list of the ledger's county; an empty ledger takes its
//! county from the file. A dry run plans the same and writes nothing.

pub mod text;

use crate::domain::Draft;
use crate::domain::divisions::{
    CountyChoice, all_counties, county_of_village, short_village_name, townships_of_county, villages_of_township,
};
use crate::domain::household::Household;
use crate::domain::income::Income;
use crate::domain::measure::Measure;
use crate::domain::member::Member;
use crate::domain::national::{ExportHousehold, ExportRead, Kept, Layout, RowIssue, find_layout, read_export};
use crate::domain::record::Record;
use crate::domain::village::Village;
use crate::store::{Store, StoreError};
use chrono::{Datelike, NaiveDate};
use std::collections::{BTreeMap, HashMap};

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
    let rows = crate::sheets::read_rows(path)?;
    let layout = find_layout(&rows).ok_or(ImportError::NoHeader)?;
    let vocab = store.vocab()?;
    let year = income_year(&rows, &layout, today);
    let read = read_export(rows, &layout, &vocab);
    import_read(store, &layout, read, year, dry_run, progress)
}

/// Above this many records written, the derived tables are worked out once for the
/// whole ledger at the end (cheaper than record by record for a first import; a
/// re-import with a few changes stays record by record).
const REBUILD_ABOVE: usize = 5_000;

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

/// A planned write: new records and changed ones, applied in one transaction.
#[derive(Default)]
struct Plan {
    villages: Vec<Village>,
    inserts: Vec<Insert>,
    updates: Vec<Update>,
    /// (table, record id, what this export set each field to)
    baselines: Vec<(&'static str, String, Said)>,
}

enum Insert {
    Household(Box<Household>),
    Member(Box<Member>),
    Income(Box<Income>),
    Measure(Box<Measure>),
}

enum Update {
    Household(Box<Household>, Box<Household>),
    Member(Box<Member>, Box<Member>),
    Income(Box<Income>, Box<Income>),
    /// The export's values of fields changed on both sides, with those fields.
    HouseholdBeside(Box<Household>, Vec<String>),
    MemberBeside(Box<Member>, Vec<String>),
    IncomeBeside(Box<Income>, Vec<String>),
}

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
        let columns = serde_json::to_string(&layout.headers).unwrap_or_default();
        let bulk = plan.inserts.len() + plan.updates.len() > REBUILD_ABOVE;
        let write = |w: &mut crate::store::Writer| {
            if bulk {
                w.defer_derive();
            }
            for v in &mut plan.villages {
                w.insert(v)?;
            }
            for insert in &mut plan.inserts {
                match insert {
                    Insert::Household(r) => w.insert(r.as_mut()).map(drop)?,
                    Insert::Member(r) => w.insert(r.as_mut()).map(drop)?,
                    Insert::Income(r) => w.insert(r.as_mut()).map(drop)?,
                    Insert::Measure(r) => w.insert(r.as_mut()).map(drop)?,
                }
            }
            for update in &plan.updates {
                match update {
                    Update::Household(new, old) => w.update_changed(new.as_ref(), old.as_ref(), &[]).map(drop)?,
                    Update::Member(new, old) => w.update_changed(new.as_ref(), old.as_ref(), &[]).map(drop)?,
                    Update::Income(new, old) => w.update_changed(new.as_ref(), old.as_ref(), &[]).map(drop)?,
                    Update::HouseholdBeside(r, keys) => w.update_beside(r.as_ref(), &keys_of(keys)).map(drop)?,
                    Update::MemberBeside(r, keys) => w.update_beside(r.as_ref(), &keys_of(keys)).map(drop)?,
                    Update::IncomeBeside(r, keys) => w.update_beside(r.as_ref(), &keys_of(keys)).map(drop)?,
                }
            }
            for (table, id, fields) in &plan.baselines {
                w.set_import_baseline(table, id, fields)?;
            }
            w.set_setting(COLUMNS_SETTING, &columns)
        };
        match bulk {
            true => store.write_many(write)?,
            false => store.write(write)?,
        }
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

/// The ledger's side of the export's households, read before the planning in a few
/// queries (a county export is 20,000 households: queries for each, one by one, were
/// most of a re-import's time).
struct Known {
    /// By 户编号 (the oldest, if a number is held twice).
    households: HashMap<String, Household>,
    /// By household id.
    members: HashMap<String, Vec<Member>>,
    /// The export year's, by household id.
    incomes: HashMap<String, Income>,
    measures: HashMap<String, Vec<Measure>>,
    /// Live members holding the export's ID numbers, by number (one who moved house).
    by_id_number: HashMap<String, Member>,
    /// What the last import set, by record id, as stored (read when needed).
    baselines: HashMap<String, String>,
}

impl Known {
    /// What the last import set a record's fields to.
    fn baseline(&self, id: &str) -> BTreeMap<String, String> {
        // An unreadable baseline is as if there were none: every difference is the export's.
        self.baselines.get(id).and_then(|json| serde_json::from_str(json).ok()).unwrap_or_default()
    }

    fn load(store: &Store, read: &ExportRead, year: i32) -> Result<Known, StoreError> {
        let numbers: Vec<String> = read.households.iter().map(|h| h.number.clone()).collect();
        let mut households: HashMap<String, Household> = HashMap::new();
        for h in store.records_where_in::<Household>("number", &numbers)? {
            keep_oldest(&mut households, h.number.clone(), h, |h| h.id.as_str());
        }
        let ids: Vec<String> = households.values().map(|h| h.id.clone()).collect();
        let members = by_household(store.records_where_in::<Member>("household_id", &ids)?, |m| &m.household_id);
        let measures = by_household(store.records_where_in::<Measure>("household_id", &ids)?, |m| &m.household_id);
        let mut incomes: HashMap<String, Income> = HashMap::new();
        for i in store.records_where_in::<Income>("household_id", &ids)? {
            if i.year == i64::from(year) {
                keep_oldest(&mut incomes, i.household_id.clone(), i, |i| i.id.as_str());
            }
        }
        // Only the numbers not already met among the households' members (one who moved).
        let at_home: std::collections::HashSet<&str> =
            members.values().flatten().filter_map(|m| m.id_number.as_deref()).collect();
        let id_numbers: Vec<String> = read
            .households
            .iter()
            .flat_map(|h| h.people.iter().map(|p| p.draft.get("id_number").trim()))
            .filter(|n| !n.is_empty() && !at_home.contains(n))
            .map(str::to_string)
            .collect();
        let mut by_id_number: HashMap<String, Member> = HashMap::new();
        for m in store.records_where_in::<Member>("id_number", &id_numbers)? {
            if let Some(number) = m.id_number.clone() {
                keep_oldest(&mut by_id_number, number, m, |m| m.id.as_str());
            }
        }
        let mut records = ids;
        records.extend(members.values().flatten().map(|m| m.id.clone()));
        records.extend(by_id_number.values().map(|m| m.id.clone()));
        records.extend(incomes.values().map(|i| i.id.clone()));
        let baselines = store.import_baselines(&records)?;
        Ok(Known { households, members, incomes, measures, by_id_number, baselines })
    }
}

/// Keeps under `key` the record with the smallest id (as a lookup by it ordered by id).
fn keep_oldest<T>(map: &mut HashMap<String, T>, key: String, record: T, id: impl Fn(&T) -> &str) {
    match map.get(&key) {
        Some(kept) if id(kept) <= id(&record) => {}
        _ => {
            map.insert(key, record);
        }
    }
}

fn by_household<T>(records: Vec<T>, household: impl Fn(&T) -> &String) -> HashMap<String, Vec<T>> {
    let mut grouped: HashMap<String, Vec<T>> = HashMap::new();
    for record in records {
        grouped.entry(household(&record).clone()).or_default().push(record);
    }
    grouped
}

/// A county by name, told apart from its namesakes by its city when given.
fn county_named(name: &str, city: &str) -> Option<CountyChoice> {
    let matching: Vec<CountyChoice> = all_counties().into_iter().filter(|c| c.name == name.trim()).collect();
    match matching.as_slice() {
        [one] => Some(one.clone()),
        _ => matching.into_iter().find(|c| !city.is_empty() && c.context.starts_with(city.trim())),
    }
}

/// Whether a member's kept columns as stored say what the export says of that person,
/// reading the household's kept columns under the person's: a file imported before
/// household-level columns were kept (format 8) holds them per person, which is the
/// same export, not a change.
fn same_cells(stored: &str, person: &Kept, household: &str) -> bool {
    let Ok(stored) = serde_json::from_str::<BTreeMap<String, String>>(stored) else { return false };
    let shared: BTreeMap<String, String> = serde_json::from_str(household).unwrap_or_default();
    let mut said = shared;
    said.extend(person.iter().map(|(k, v)| (k.text.to_string(), v.to_string())));
    stored == said
}

/// No kept columns, said as the record already says it: an import before this build
/// stored none as `{}`, which is not a change to ``.
fn as_stored(said: String, stored: Option<&str>) -> String {
    match stored {
        Some(stored @ "{}") if said.is_empty() => stored.to_string(),
        _ => said,
    }
}

fn keys_of(keys: &[String]) -> Vec<&str> {
    keys.iter().map(String::as_str).collect()
}

/// The fields a draft sets, laid over a record's own draft.
fn overlay(base: Draft, over: &Draft) -> Draft {
    let mut d = base;
    for (k, v) in over.entries() {
        d.set(k, v.clone());
    }
    d
}

fn changed_keys<T: Record>(new: &T, old: &T) -> Vec<String> {
    let (a, b) = (new.to_draft(), old.to_draft());
    T::DEF.fields.iter().filter(|f| a.get(f.key) != b.get(f.key)).map(|f| f.key.to_string()).collect()
}

/// What this export sets, as the record holds it, for the baseline of the next import.
fn noted<T: Record>(record: &T, export: &Draft) -> Said {
    let held = record.to_draft();
    export
        .entries()
        .filter(|(k, _)| T::DEF.field(k).is_some())
        .map(|(k, _)| (k.clone(), as_noted(held.get(k)).into_owned()))
        .collect()
}

/// Longer values are noted in the baseline by a fingerprint: the baseline is only ever
/// compared, and the kept columns (a JSON of ~100 cells per person) would otherwise
/// be stored a third time, after the record and its op.
const NOTED_IN_FULL: usize = 64;

/// A value as the baseline notes it: itself, or the fingerprint of a long one (a
/// baseline written before fingerprints holds long values in full: they read alike).
fn as_noted(value: &str) -> std::borrow::Cow<'_, str> {
    if value.len() <= NOTED_IN_FULL || is_fingerprint(value) {
        return std::borrow::Cow::Borrowed(value);
    }
    let hash = crate::domain::fingerprint::fnv1a64(value);
    std::borrow::Cow::Owned(format!("{FINGERPRINT}{hash:016x}"))
}

/// What starts a fingerprint: a character no cell text holds.
const FINGERPRINT: &str = "\u{1}fnv64:";

fn is_fingerprint(value: &str) -> bool {
    value.starts_with(FINGERPRINT) && value.len() == FINGERPRINT.len() + 16
}

/// A matched record after this export, field by field: a field the export changed since
/// the last import takes the export's value — unless bangfu changed it too, then bangfu's
/// value stays and the export's is written beside it as a dispute (reported too); a
/// field the export did not change keeps
/// bangfu's value (a correction made here is never undone by an old figure there).
fn reconcile<T: Record>(
    known: &Known,
    old: &T,
    export: &Draft,
    (who, line): (&str, usize),
    report: &mut ImportReport,
) -> Reconciled<T> {
    let ours = old.to_draft();
    let theirs = T::from_draft(old.id(), &overlay(ours.clone(), export))?.to_draft();
    let modeled: Vec<&String> = export.entries().map(|(k, _)| k).filter(|k| T::DEF.field(k).is_some()).collect();
    // The baseline of the next import is what this export says, not what is kept.
    let said: Said = modeled.iter().map(|k| (k.to_string(), as_noted(theirs.get(k)).into_owned())).collect();
    // Read only when the two differ (a re-import mostly says again what is held).
    let base = std::cell::OnceCell::new();
    let (mut take, mut disputed) = (Draft::default(), Draft::default());
    for key in modeled {
        let (t, o) = (theirs.get(key), ours.get(key));
        if t == o {
            continue;
        }
        match base.get_or_init(|| known.baseline(old.id())).get(key.as_str()).map(|b| as_noted(b)) {
            Some(b) if b == as_noted(t) => {}
            Some(b) if b != as_noted(o) => {
                report.issues.push((
                    line,
                    Issue::Conflict { who: who.to_string(), field: key.clone(), ours: o.into(), theirs: t.into() },
                ));
                disputed.set(key, t);
            }
            _ => take.set(key, t),
        }
    }
    let beside = match disputed.entries().next() {
        None => None,
        Some(_) => T::from_draft(old.id(), &overlay(overlay(ours.clone(), &take), &disputed))
            .ok()
            .map(|r| (r, disputed.entries().map(|(k, _)| k.clone()).collect())),
    };
    if take.entries().next().is_none() {
        return Ok((old.clone(), said, beside, Vec::new()));
    }
    let new = T::from_draft(old.id(), &overlay(ours, &take))?;
    let changed = changed_keys(&new, old);
    Ok((new, said, beside, changed))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_long_value_is_noted_by_its_fingerprint_and_reads_alike_either_way() {
        assert_eq!(as_noted("脱贫不稳定户"), "脱贫不稳定户", "a short value is noted as it is");
        let cells = format!("{{\"家庭住址\":\"{}\"}}", "恩阳区柳林镇柳林村三组".repeat(4));
        let noted = as_noted(&cells);
        assert!(noted.len() < cells.len() && is_fingerprint(&noted), "{noted}");
        assert_eq!(as_noted(&noted), noted, "a fingerprint read back from the baseline is itself");
        let other = cells.replace("三组", "四组");
        assert_ne!(as_noted(&other), noted, "another value, another fingerprint");
    }
}
