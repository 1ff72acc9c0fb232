//! `bangfu export national`: the ledger written back in the national system's person
//! layout (docs/national.md) — title rows, the header row, one row per person in the
//! column order of the last import (or the standard order), labels not codes, months
//! `YYYYMM`, 是/否, and every column the last import kept. It is the official upload
//! layout, so ID numbers are written in full, and the export is recorded as a
//! disclosure (docs/privacy.md).

use crate::domain::Draft;
use crate::domain::elimination::uninsured;
use crate::domain::field::Kind;
use crate::domain::household::Household;
use crate::domain::income::{Income, income_of_year, members_of_year};
use crate::domain::measure::Measure;
use crate::domain::member::Member;
use crate::domain::money::format_plain;
use crate::domain::national::{COLUMNS, Target, field_of, target_of};
use crate::domain::record::Record;
use crate::domain::village::Village;
use crate::domain::vocab::{Lang, Vocab, list};
use crate::sheets::Row;
use crate::store::{Store, StoreError};
use rustc_hash::FxHashMap;
use std::borrow::Cow;
use std::collections::HashMap;
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
    // What was written where, of which year, from which file (docs/privacy.md).
    let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf()).display().to_string();
    let detail = format!("bangfu export national {} --year {year} ({})", absolute(path), absolute(store.path()));
    store.record_disclosure("export", &crate::domain::stored::escaped(&detail))?;
    let fail = |detail: String| ExportError::Write { path: path.display().to_string(), detail };
    let mut sheet = crate::sheets::SheetWriter::start(path, 2);
    let mut people: usize = 0;
    let made = each_national_row(store, year, title, &mut |row| {
        people += 1;
        sheet.push(row)
    });
    // A writing that failed stopped the rows early (its error says why); rows that
    // could not be made leave no file.
    match made {
        Ok(()) => sheet.finish().map_err(fail)?,
        Err(e) => {
            sheet.abandon();
            return Err(e.into());
        }
    }
    Ok(people.saturating_sub(3))
}

/// The headers of the last import, else the standard ones.
pub fn national_headers(store: &Store) -> Result<Vec<String>, StoreError> {
    let kept: Option<Vec<String>> = store
        .setting(crate::import::COLUMNS_SETTING)?
        .and_then(|v| serde_json::from_str(&v).ok())
        .filter(|h: &Vec<String>| !h.is_empty());
    Ok(kept.unwrap_or_else(|| COLUMNS.iter().map(|(h, _)| h.to_string()).collect()))
}

/// Title rows, the header row, then one row per present member of each household,
/// each handed to `emit` as it is made (which says `false` to stop).
fn each_national_row(
    store: &Store,
    year: i32,
    title: &str,
    emit: &mut dyn FnMut(Row) -> bool,
) -> Result<(), StoreError> {
    let vocab = store.vocab()?;
    let headers = national_headers(store)?;
    let targets: Vec<Option<Target>> = headers.iter().map(|h| target_of(h)).collect();
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
    for top in [Row::from_iter([title]), Row::default(), headers.iter().collect()] {
        if !emit(top) {
            return Ok(());
        }
    }
    for h in &households {
        let all_members = members.get(&h.id).map(Vec::as_slice).unwrap_or_default();
        let income = incomes.get(&h.id).and_then(|all| income_of_year(all, i64::from(year)));
        let ours = Ours {
            household: h.to_draft(),
            record: h,
            village: villages.get(&h.village_id),
            income,
            per_capita: income.and_then(|i| i.per_capita_fen(members_of_year(all_members, year))),
            uninsured: uninsured(h, all_members),
            categories: measures.get(&h.id).cloned().unwrap_or_default(),
        };
        let mut people: Vec<&Member> = all_members.iter().filter(|m| m.is_current()).collect();
        people.sort_by_key(|m| !m.is_head());
        let shared = kept_cells(&h.extra);
        for m in people {
            // A person's own cell first, else the household's.
            let own = kept_cells(&m.extra);
            let kept = |header: &String| own.get(header.as_str()).or_else(|| shared.get(header.as_str())).cloned();
            let member = m.to_draft();
            let mut cells = Row::with_capacity(headers.len());
            for (header, target) in headers.iter().zip(&targets) {
                match target {
                    Some(t) => cells.push(&cell(&vocab, *t, &ours, &member)),
                    None => cells.push(&kept(header).unwrap_or_default()),
                }
            }
            if !emit(cells) {
                return Ok(());
            }
        }
    }
    Ok(())
}

/// The kept columns of a record as stored (JSON by header), read without copying
/// each text where they hold no escapes (a county export reads 60,000 of them).
fn kept_cells(json: &str) -> FxHashMap<Cow<'_, str>, Cow<'_, str>> {
    match serde_json::from_str::<FxHashMap<&str, &str>>(json) {
        Ok(cells) => cells.into_iter().map(|(k, v)| (Cow::Borrowed(k), Cow::Borrowed(v))).collect(),
        Err(_) => serde_json::from_str::<FxHashMap<String, String>>(json)
            .unwrap_or_default()
            .into_iter()
            .map(|(k, v)| (Cow::Owned(k), Cow::Owned(v)))
            .collect(),
    }
}

fn label<'a>(vocab: &'a Vocab, list: &str, code: Option<&'a str>) -> Cow<'a, str> {
    Cow::Borrowed(code.map_or("", |c| vocab.label(list, c, Lang::Zh)))
}

fn yes_no(b: bool) -> Cow<'static, str> {
    Cow::Borrowed(if b { "是" } else { "否" })
}

/// A record's field as the national layout writes it, from its declaration: a code as
/// its label, a flag as 是/否, a month `YYYYMM`, a date `YYYYMMDD`, the rest as kept.
fn field_cell<'a>(vocab: &'a Vocab, target: Target, draft: &'a Draft) -> Cow<'a, str> {
    let Some(def) = field_of(target) else { return Cow::Borrowed("") };
    let value = draft.get(def.key);
    match def.kind {
        _ if value.is_empty() => Cow::Borrowed(""),
        Kind::Code(list) => Cow::Borrowed(vocab.label(list, value, Lang::Zh)),
        Kind::Flag | Kind::Tri => yes_no(value == "1"),
        Kind::Month | Kind::Date => Cow::Owned(value.replace('-', "")),
        _ => Cow::Borrowed(value),
    }
}

/// What a household's rows say of the household, worked out once for its people.
struct Ours<'a> {
    household: Draft,
    record: &'a Household,
    village: Option<&'a Village>,
    income: Option<&'a Income>,
    /// 人均纯收入 of the year's income among the members of that year.
    per_capita: Option<i64>,
    /// 有家庭成员未参加基本医疗保险, as the members' own 参保 say.
    uninsured: Option<bool>,
    categories: Vec<String>,
}

fn cell<'a>(vocab: &'a Vocab, target: Target, ours: &'a Ours, member: &'a Draft) -> Cow<'a, str> {
    let place = |name: fn(&Village) -> &str| Cow::Borrowed(ours.village.map_or("", name));
    match target {
        Target::County => place(|v| &v.county),
        Target::Township => place(|v| &v.township),
        Target::Village => place(|v| &v.name),
        Target::Household(_) => field_cell(vocab, target, &ours.household),
        Target::Member(_) => field_cell(vocab, target, member),
        Target::Risk(n) => label(vocab, list::RISK, ours.record.risks.get(n.saturating_sub(1)).map(String::as_str)),
        Target::Income(key) => ours
            .income
            .and_then(|i| {
                let at = crate::domain::income::COMPONENTS.iter().position(|c| *c == key)?;
                i.components().get(at).copied()
            })
            .map_or(Cow::Borrowed(""), |fen| Cow::Owned(format_plain(fen))),
        Target::Measure(category) => yes_no(ours.categories.iter().any(|c| c == category)),
        Target::PerCapita => ours.per_capita.map_or(Cow::Borrowed(""), |fen| Cow::Owned(format_plain(fen))),
        Target::Uninsured => ours.uninsured.map_or(Cow::Borrowed(""), yes_no),
    }
}
