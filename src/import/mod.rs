//! `bangfu import`: the national export brought into the ledger by reconciling, not
//! retyping (docs/national.md). A household is matched by 户编号, a person by ID number
//! (else by name within the household); what is new is added, what differs is updated
//! field by field as ops (so history and merge see it), what is the same is left
//! alone — importing one file twice changes nothing. Villages are found in the ledger
//! by name, or in the official list of the ledger's county; an empty ledger takes its
//! county from the file. A dry run plans the same and writes nothing.

mod households;
mod known;
pub mod lists;
mod plan;
mod reconcile;
pub mod text;

use crate::domain::Draft;
use crate::domain::divisions::{
    CountyChoice, all_counties, county_of_village, short_village_name, townships_of_county, villages_of_township,
};
use crate::domain::national::{ExportHousehold, ExportRead, Layout, RowIssue, find_layout, read_export};
use crate::domain::record::Record;
use crate::domain::village::Village;
use crate::store::{Store, StoreError};
use chrono::{Datelike, NaiveDate};
use households::{Claim, plan_all};
use known::Known;
use plan::Plan;
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
    /// (row number, household head, which fields as `form.field`) of each change.
    pub changes: Vec<(usize, String, Vec<String>)>,
    pub income_year: i32,
}

impl ImportReport {
    /// Adds what another part of the same import found.
    fn join(&mut self, other: ImportReport) {
        self.households_new += other.households_new;
        self.households_changed += other.households_changed;
        self.households_unchanged += other.households_unchanged;
        self.people_new += other.people_new;
        self.people_changed += other.people_changed;
        self.people_unchanged += other.people_unchanged;
        self.villages_new.extend(other.villages_new);
        self.issues.extend(other.issues);
        self.changes.extend(other.changes);
    }
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
    /// The file says nothing of 基本医疗保险 (no column per person, none for the
    /// household): its new people are recorded as not insured, to be confirmed.
    NoInsuranceColumn,
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

/// What a file brought in was: the national export, or the cooperation lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Imported {
    National(ImportReport),
    Lists(lists::ListsReport),
}

/// Brings in a file of either kind, told by its sheets' headers: a workbook of the
/// cooperation lists (协作台账) as its lists, anything else as the national export.
/// The command line and the app both import through here.
pub fn import_any(
    store: &mut Store,
    path: &std::path::Path,
    dry_run: bool,
    today: NaiveDate,
    progress: &mut dyn FnMut(ImportStep),
) -> Result<Imported, ImportError> {
    if lists::holds_lists(path)? {
        return lists::import_lists(store, path, dry_run).map(Imported::Lists);
    }
    import_file_with(store, path, dry_run, today, progress).map(Imported::National)
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
    let ExportRead { households, issues, .. } = read;
    let mut report = ImportReport { income_year: year, ..ImportReport::default() };
    report.issues.extend(issues.into_iter().map(|(line, issue)| (line, Issue::Row(issue))));
    if !layout.says_insurance() {
        report.issues.push((layout.header_row + 1, Issue::NoInsuranceColumn));
    }
    let mut run = Run {
        places: Places::load(store, &households)?,
        known: Known::load(store, &households, year)?,
        year,
        done: 0,
        total: households.len(),
        report,
        dispose: disposal(),
    };
    // The dry run and the import are one planning; only what becomes of each batch's
    // plan differs: left, or written.
    if dry_run {
        let baselines = |ids: &[String]| store.import_baselines(ids);
        run.each_batch(households, progress, &baselines, &mut |_| Ok(()))?;
    } else {
        let new_order = crate::export::national_headers(store)? != layout.headers;
        let columns = serde_json::to_string(&layout.headers).unwrap_or_default();
        store.write(|w| {
            let mut written = 0;
            let w = std::cell::RefCell::new(w);
            let baselines = |ids: &[String]| w.borrow().import_baselines(ids);
            run.each_batch(households, progress, &baselines, &mut |plan| {
                let mut w = w.borrow_mut();
                written += plan.size();
                // Many records: the derived tables are worked out once at the end.
                if written > plan::REBUILD_ABOVE {
                    w.defer_derive();
                }
                plan.apply(&mut w)
            })?;
            let w = w.into_inner();
            progress(ImportStep::Writing);
            // The order an export would write anyway is not noted again: an export
            // imported back changes nothing, not even a setting.
            if new_order { w.set_setting(COLUMNS_SETTING, &columns) } else { Ok(()) }
        })?;
    }
    let mut report = run.report;
    // In file order, whichever step found them.
    report.issues.sort_by_key(|(line, _)| *line);
    report.changes.sort_by_key(|(line, _, _)| *line);
    Ok(report)
}

/// Households planned (and written) a batch at a time, so that a county's planned
/// records are never all held at once: the export's households are let go as they are
/// planned, each batch's plan once it is written.
const BATCH: usize = 2_000;

/// An import under way: the places and the ledger's side of the export, read before,
/// and what it has found so far.
struct Run {
    places: Places,
    known: Known,
    year: i32,
    done: usize,
    total: usize,
    report: ImportReport,
    dispose: std::sync::mpsc::Sender<Box<dyn Send>>,
}

impl Run {
    /// Plans the households in file order, a batch at a time, handing each batch's plan
    /// to `sink`.
    fn each_batch(
        &mut self,
        households: Vec<ExportHousehold>,
        progress: &mut dyn FnMut(ImportStep),
        baselines: &ReadBaselines,
        sink: &mut dyn FnMut(&mut Plan) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        let mut households = households.into_iter();
        loop {
            let batch: Vec<ExportHousehold> = households.by_ref().take(BATCH).collect();
            if batch.is_empty() {
                return Ok(());
            }
            let mut plan = Plan::default();
            let mut claims = Vec::with_capacity(batch.len());
            for h in &batch {
                let Some(village_id) = self.places.village_for(h, &mut plan, &mut self.report) else { continue };
                claims.push(Claim::take(&mut self.known, h, village_id));
            }
            let ids: Vec<String> = claims.iter().flat_map(|c| c.record_ids(&self.known)).collect();
            self.known.set_baselines(baselines(&ids)?);
            let (done, total) = (self.done, self.total);
            plan_all(&self.known, claims, self.year, &mut plan, &mut self.report, &mut |step| match step {
                ImportStep::Checking { done: d, .. } => progress(ImportStep::Checking { done: done + d, total }),
                other => progress(other),
            });
            self.done += batch.len();
            self.report.villages_new.extend(plan.villages.iter().map(|v| v.name.clone()));
            sink(&mut plan)?;
            // Millions of small strings in a county: freed on the side.
            let _ = self.dispose.send(Box::new((batch, plan)));
        }
    }
}

/// Reads what the last import set some records' fields to (the store outside a
/// write, or the write under way).
type ReadBaselines<'a> = dyn Fn(&[String]) -> Result<crate::store::Baselines, StoreError> + 'a;

/// A thread that frees what is sent to it.
fn disposal() -> std::sync::mpsc::Sender<Box<dyn Send>> {
    let (tx, rx) = std::sync::mpsc::channel::<Box<dyn Send>>();
    std::thread::spawn(move || rx.into_iter().for_each(drop));
    tx
}

/// The ledger's villages by township and name, and the county whose official list
/// supplies the ones it lacks.
struct Places {
    known: BTreeMap<(String, String), String>,
    by_code: BTreeMap<String, String>,
    /// The ledger's villages by name: (id, township — empty for one entered by name alone).
    by_name: BTreeMap<String, Vec<(String, String)>>,
    county: Option<String>,
    county_name: String,
}

impl Places {
    fn load(store: &Store, households: &[ExportHousehold]) -> Result<Places, StoreError> {
        let villages: Vec<Village> = store.all()?;
        let mut known = BTreeMap::new();
        let mut by_name: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
        let mut by_code = BTreeMap::new();
        for v in &villages {
            if let Some(code) = &v.code {
                by_code.insert(code.clone(), v.id.clone());
            }
            known.insert((v.township.clone(), short_village_name(&v.name)), v.id.clone());
            by_name.entry(short_village_name(&v.name)).or_default().push((v.id.clone(), v.township.clone()));
        }
        let county = villages.iter().filter_map(|v| v.code.as_deref()).find_map(county_of_village);
        let (county, county_name) = match county {
            Some(c) => (Some(c.code), c.name),
            None => {
                let name = households.iter().map(|h| h.county.clone()).find(|c| !c.is_empty()).unwrap_or_default();
                let city = households
                    .iter()
                    .flat_map(|h| h.people.iter())
                    .find_map(|p| p.extra.get("市").map(str::to_string))
                    .unwrap_or_default();
                (county_named(&name, &city).map(|c| c.code), name)
            }
        };
        Ok(Places { known, by_code, by_name, county, county_name })
    }

    /// The ledger village a household belongs to, adding it from the official list
    /// when the ledger lacks it; `None` (and the rows reported) when it is in neither.
    /// A village is the file's township's before it is a namesake elsewhere: 青龙村 of
    /// 雪山镇 is not 青龙村 of another township that the ledger happens to hold; one the
    /// ledger holds by its name alone (no township) is the file's, when it is the only one.
    fn village_for(&mut self, h: &ExportHousehold, plan: &mut Plan, report: &mut ImportReport) -> Option<String> {
        let name = short_village_name(&h.village);
        let key = (h.township.clone(), name.clone());
        if let Some(id) = self.known.get(&key) {
            return Some(id.clone());
        }
        let found = self.find_village(h, &name, plan);
        match &found {
            // Found once, found for every household of that place (a file without 乡
            // would otherwise search the county's list again for each).
            Some(id) => {
                self.known.insert(key, id.clone());
            }
            None => {
                let issue = match self.county {
                    None => Issue::UnknownCounty { county: self.county_name.clone() },
                    Some(_) => Issue::UnknownVillage { township: h.township.clone(), village: h.village.clone() },
                };
                report.issues.extend(h.people.iter().map(|p| (p.line, issue.clone())));
            }
        }
        found
    }

    fn find_village(&mut self, h: &ExportHousehold, name: &str, plan: &mut Plan) -> Option<String> {
        let namesakes = self.by_name.get(name).map(Vec::as_slice).unwrap_or_default();
        if let [(only, township)] = namesakes
            && (township.is_empty() || h.township.is_empty())
        {
            return Some(only.clone());
        }
        let official = self.county.as_ref().and_then(|county| {
            townships_of_county(county)
                .into_iter()
                .filter(|t| t.name == h.township || h.township.is_empty())
                .flat_map(|t| villages_of_township(&t.code))
                .find(|v| short_village_name(&v.name) == name)
        });
        let Some(official) = official else {
            // In no official list the ledger knows: the ledger's one village of that name.
            return match namesakes {
                [(only, _)] => Some(only.clone()),
                _ => None,
            };
        };
        if let Some(id) = self.by_code.get(&official.code) {
            return Some(id.clone());
        }
        let draft = Draft::default().with("code", &official.code).with("name", name);
        let mut village = Village::from_draft("", &draft).ok()?;
        village.id = crate::store::new_id();
        self.known.insert((village.township.clone(), name.to_string()), village.id.clone());
        self.by_code.insert(official.code.clone(), village.id.clone());
        self.by_name.entry(name.to_string()).or_default().push((village.id.clone(), village.township.clone()));
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
