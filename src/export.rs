//! `bangfu export national`: the ledger written back in the national system's person
//! layout (docs/national.md) — title rows, the header row, one row per person in the
//! column order of the last import (or the standard order), labels not codes, months
//! `YYYYMM`, 是/否, and every column the last import kept. It is the official upload
//! layout, so ID numbers are written in full, and the export is recorded as a
//! disclosure (docs/privacy.md).

use crate::domain::dates::YearMonth;
use crate::domain::household::Household;
use crate::domain::income::{Income, income_of_year};
use crate::domain::measure::Measure;
use crate::domain::member::Member;
use crate::domain::money::format_plain;
use crate::domain::national::{COLUMNS, Target, normalize_header};
use crate::domain::village::Village;
use crate::domain::vocab::{Lang, Vocab, list};
use crate::store::{Store, StoreError};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("cannot write {path}: {detail}")]
    Write { path: String, detail: String },
    #[error("{path}: bangfu writes .xlsx or .csv")]
    Kind { path: String },
}

/// How many people rows were written.
pub fn export_national(store: &mut Store, path: &Path, year: i32, title: &str) -> Result<usize, ExportError> {
    let ext = path.extension().map(|e| e.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
    if ext != "xlsx" && ext != "csv" {
        return Err(ExportError::Kind { path: path.display().to_string() });
    }
    let rows = national_rows(store, year, title)?;
    store.record_disclosure("export", &format!("bangfu export national {}", path.display()))?;
    let fail = |detail: String| ExportError::Write { path: path.display().to_string(), detail };
    if ext == "csv" {
        crate::sheets::write_csv(path, &rows).map_err(fail)?;
    } else {
        crate::sheets::write_xlsx(path, &rows, 2).map_err(fail)?;
    }
    Ok(rows.len().saturating_sub(3))
}

/// The headers of the last import, else the standard ones.
fn headers(store: &Store) -> Result<Vec<String>, StoreError> {
    let kept: Option<Vec<String>> = store
        .setting(crate::import::COLUMNS_SETTING)?
        .and_then(|v| serde_json::from_str(&v).ok())
        .filter(|h: &Vec<String>| !h.is_empty());
    Ok(kept.unwrap_or_else(|| COLUMNS.iter().map(|(h, _)| h.to_string()).collect()))
}

/// Title rows, the header row, then one row per present member of each household.
pub fn national_rows(store: &Store, year: i32, title: &str) -> Result<Vec<Vec<String>>, StoreError> {
    let vocab = store.vocab()?;
    let headers = headers(store)?;
    let targets: Vec<Option<Target>> = headers.iter().map(|h| target(h)).collect();
    let villages: HashMap<String, Village> = store.all::<Village>()?.into_iter().map(|v| (v.id.clone(), v)).collect();
    let mut members: HashMap<String, Vec<Member>> = HashMap::new();
    for m in store.all::<Member>()? {
        members.entry(m.household_id.clone()).or_default().push(m);
    }
    let mut incomes: HashMap<String, Vec<Income>> = HashMap::new();
    for i in store.all::<Income>()? {
        incomes.entry(i.household_id.clone()).or_default().push(i);
    }
    let mut measures: HashMap<String, Vec<String>> = HashMap::new();
    for m in store.all::<Measure>()? {
        measures.entry(m.household_id.clone()).or_default().push(m.category);
    }
    let mut households: Vec<Household> = store.all()?;
    let place =
        |h: &Household| villages.get(&h.village_id).map(|v| (v.code.clone().unwrap_or_default(), v.name.clone()));
    households.sort_by_key(|h| (place(h), h.number.clone()));
    let mut rows = vec![vec![title.to_string()], vec![String::new()], headers.clone()];
    for h in &households {
        let village = villages.get(&h.village_id);
        let income = incomes.get(&h.id).and_then(|all| income_of_year(all, i64::from(year)));
        let categories = measures.get(&h.id).cloned().unwrap_or_default();
        let mut people: Vec<&Member> =
            members.get(&h.id).map(|m| m.iter().filter(|m| m.is_current()).collect()).unwrap_or_default();
        people.sort_by_key(|m| !m.is_head());
        for m in people {
            let extra: BTreeMap<String, String> = serde_json::from_str(&m.extra).unwrap_or_default();
            let cells = headers
                .iter()
                .zip(&targets)
                .map(|(header, target)| match target {
                    Some(t) => cell(&vocab, *t, h, m, village, income, &categories),
                    None => extra.get(header).cloned().unwrap_or_default(),
                })
                .collect();
            rows.push(cells);
        }
    }
    Ok(rows)
}

fn target(header: &str) -> Option<Target> {
    let h = normalize_header(header).replace("致贫返贫", "致贫/返贫");
    COLUMNS.iter().find(|(name, _)| *name == h).map(|(_, t)| *t)
}

fn label(vocab: &Vocab, list: &str, code: Option<&str>) -> String {
    code.map_or(String::new(), |c| vocab.label(list, c, Lang::Zh).to_string())
}

fn yes_no(b: bool) -> String {
    if b { "是" } else { "否" }.to_string()
}

fn tri(b: Option<bool>) -> String {
    b.map_or(String::new(), yes_no)
}

fn month(m: Option<YearMonth>) -> String {
    m.map_or(String::new(), |m| format!("{:04}{:02}", m.year, m.month))
}

fn cell(
    vocab: &Vocab,
    target: Target,
    h: &Household,
    m: &Member,
    village: Option<&Village>,
    income: Option<&Income>,
    categories: &[String],
) -> String {
    match target {
        Target::County => village.map_or(String::new(), |v| v.county.clone()),
        Target::Township => village.map_or(String::new(), |v| v.township.clone()),
        Target::Village => village.map_or(String::new(), |v| v.name.clone()),
        Target::Household(key) => household_cell(vocab, key, h),
        Target::Member(key) => member_cell(vocab, key, m),
        Target::Risk(n) => label(vocab, list::RISK, h.risks.get(n.saturating_sub(1)).map(String::as_str)),
        Target::Income(key) => income.map_or(String::new(), |i| {
            let components: BTreeMap<&str, i64> =
                crate::domain::income::COMPONENTS.iter().copied().zip(i.components()).collect();
            components.get(key).map_or(String::new(), |fen| format_plain(*fen))
        }),
        Target::Measure(category) => yes_no(categories.iter().any(|c| c == category)),
    }
}

fn household_cell(vocab: &Vocab, key: &str, h: &Household) -> String {
    match key {
        "number" => h.number.clone(),
        "household_type" => label(vocab, list::HOUSEHOLD_TYPE, h.household_type.as_deref()),
        "monitor_category" => label(vocab, list::MONITOR_CATEGORY, h.monitor_category.as_deref()),
        "identified_month" => month(h.identified_month),
        "risk_eliminated" => {
            if h.is_monitored() {
                yes_no(h.risk_eliminated)
            } else {
                String::new()
            }
        }
        "eliminated_month" => month(h.eliminated_month),
        "elimination_method" => label(vocab, list::ELIMINATION_METHOD, h.elimination_method.as_deref()),
        "no_labor_capacity" => yes_no(h.no_labor_capacity),
        "school_dropout" => tri(h.school_dropout),
        "no_medical_insurance" => tri(h.no_medical_insurance),
        "unsafe_housing" => tri(h.unsafe_housing),
        "unsafe_water" => tri(h.unsafe_water),
        "phone" => h.phone.clone().unwrap_or_default(),
        _ => String::new(),
    }
}

fn member_cell(vocab: &Vocab, key: &str, m: &Member) -> String {
    let code = |list: &str, c: &Option<String>| label(vocab, list, c.as_deref());
    match key {
        "name" => m.name.clone(),
        "id_number" => m.id_number.clone().unwrap_or_default(),
        "id_type" => code(list::ID_TYPE, &m.id_type),
        "relation" => code(list::RELATION, &m.relation),
        "sex" => code(list::SEX, &m.sex),
        "birth_date" => m.birth_date.map_or(String::new(), |d| d.format("%Y%m%d").to_string()),
        "ethnicity" => code(list::ETHNICITY, &m.ethnicity),
        "education" => code(list::EDUCATION, &m.education),
        "schooling" => code(list::SCHOOLING, &m.schooling),
        "health" => code(list::HEALTH, &m.health),
        "labor_skill" => code(list::LABOR_SKILL, &m.labor_skill),
        "work_status" => code(list::WORK_STATUS, &m.work_status),
        _ => String::new(),
    }
}
