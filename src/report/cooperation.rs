//! `bangfu report cooperation PATH.xlsx`: the assisting side's ledger (协作台账) — first
//! each side's year against its agreement (目标, 实际, 完成率), then a sheet per list
//! (帮扶方, 劳务协作, 消费帮扶, 干部人才交流, 培训), each a column per field of the
//! record's declaration under its Chinese label, the same sheets `bangfu import
//! cooperation` reads back (docs/cooperation.md).

use super::ReportError;
use super::book::Table;
use crate::domain::cooperation::{INDICATOR, Indicator, Party};
use crate::domain::field::{FieldDef, Kind};
use crate::domain::record::Record;
use crate::domain::registry::RecordKind;
use crate::domain::village::Village;
use crate::domain::vocab::{Lang, Vocab, list};
use crate::store::{SheetNames, Store};
use crate::ui::Labels;
use chrono::NaiveDate;
use rust_xlsxwriter::{Workbook, XlsxError};
use std::collections::HashMap;
use std::path::Path;

/// The lists of the ledger, a sheet each, in order: the side's own lists (as 协作
/// shows them), then the needs list and the meetings, which name villages, projects
/// and tasks rather than sides.
pub const LISTS: [RecordKind; 10] = {
    let [a, b, c, d, e, f, g, h] = crate::domain::cooperation::SIDE_KINDS;
    [a, b, c, d, e, f, g, h, RecordKind::Need, RecordKind::Meeting]
};

/// What the workbook holds.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct CooperationCounts {
    pub sides: usize,
    pub records: usize,
}

/// The names a sheet prints for ids and codes, read once.
pub struct Names {
    pub vocab: Vocab,
    pub records: SheetNames,
}

impl Names {
    pub fn read(store: &Store) -> Result<Names, crate::store::StoreError> {
        Ok(Names { vocab: store.vocab()?, records: store.sheet_names()? })
    }

    /// A field's value as the sheet shows it: a code by its label, an id by its name.
    pub fn cell(&self, field: &FieldDef, value: &str) -> String {
        let name = |table: &str, id: &str| self.records.name(table, id);
        match field.kind {
            Kind::Code(list) if !value.is_empty() => self.vocab.label(list, value, Lang::Zh).to_string(),
            Kind::Ref(table) => name(table, value),
            Kind::Refs(table) => {
                value.split(',').filter(|s| !s.is_empty()).map(|id| name(table, id)).collect::<Vec<_>>().join("、")
            }
            Kind::Flag => match value {
                "1" | "true" | "yes" => "是".into(),
                "" => String::new(),
                _ => "否".into(),
            },
            _ => value.to_string(),
        }
    }
}

/// The fields a list's sheet has: every field a form shows, in declared order.
pub fn sheet_fields(kind: RecordKind) -> Vec<&'static FieldDef> {
    kind.def().form_fields().collect()
}

/// Writes the workbook for `year`, its actuals counted to `today`.
pub fn cooperation_report(
    store: &Store,
    labels: &Labels,
    year: i32,
    today: NaiveDate,
    path: &Path,
) -> Result<CooperationCounts, ReportError> {
    let names = Names::read(store)?;
    let signed = super::signature(store, labels, today)?;
    let mut book = Workbook::new();
    let until = today.min(NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(today));
    let sides = targets_sheet(&mut book, store, labels, &names, (year, until), None, &signed)?;
    let mut records = 0;
    for kind in LISTS {
        records += list_sheet(&mut book, store, labels, &names, kind, &signed)?;
    }
    needs_count_sheet(&mut book, store, labels, &names, today, &signed)?;
    super::save_private(&mut book, path)?;
    Ok(CooperationCounts { sides, records })
}

/// 目标完成情况: a row per side and indicator — its target, what was done from the
/// year's start to `until`, the rate; of every side, or of the side or force `only`.
pub(super) fn targets_sheet(
    book: &mut Workbook,
    store: &Store,
    labels: &Labels,
    names: &Names,
    (year, until): (i32, NaiveDate),
    only: Option<&crate::domain::side::Side>,
    signed: &super::book::Signature,
) -> Result<usize, ReportError> {
    let head: Vec<String> = [
        "ledger.seq",
        "party.name",
        "party.force",
        "target.indicator",
        "coop.unit",
        "coop.target",
        "coop.actual",
        "coop.rate",
    ]
    .iter()
    .map(|k| labels.t(k).to_string())
    .collect();
    let sheet = book.add_worksheet();
    sheet.set_name(labels.t("coop.sheet_targets"))?;
    let title = labels
        .f("coop.title_targets", &[("year", &year.to_string()), ("day", &crate::domain::dates::format_date(until))]);
    let mut t = Table::new(sheet, &title, &head)?;
    let mut parties: Vec<Party> = store.all()?;
    // One side's report: that side; one force's: the sides of that force.
    parties.retain(|p| match only {
        None => true,
        Some(crate::domain::side::Side::Party(name)) => p.name == *name,
        Some(crate::domain::side::Side::Force(code)) => p.force.as_deref() == Some(code.as_str()),
    });
    parties.sort_by(|a, b| a.name.cmp(&b.name));
    let mut n = 0;
    for party in &parties {
        // What was agreed or done: an indicator with neither is not the side's.
        for p in store.party_progress(party, year, until)?.into_iter().filter(|p| p.target.is_some() || p.actual != 0) {
            n += 1;
            t.count(0, n, false)?;
            t.text(1, &party.name)?;
            t.text(2, party.force.as_deref().map_or("", |f| names.vocab.label(list::ASSIST_FORCE, f, Lang::Zh)))?;
            t.text(3, names.vocab.label(INDICATOR, p.indicator.code(), Lang::Zh))?;
            t.text(4, labels.t(unit_key(p.indicator)))?;
            let figure = |t: &mut Table, c, v: i64| -> Result<(), XlsxError> {
                if p.indicator.is_money() { t.yuan(c, v, false) } else { t.count(c, v, false) }
            };
            match &p.target {
                Some(target) => figure(&mut t, 5, target.value())?,
                None => t.text(5, "")?,
            }
            figure(&mut t, 6, p.actual)?;
            // Rounded down, as the screen says it (199 of 200 is 99%, not met).
            t.share_floor(7, p.actual, p.target.as_ref().map_or(0, |t| t.value()))?;
            t.next_row();
        }
    }
    t.finish(signed)?;
    Ok(parties.len())
}

/// The unit an indicator is counted in.
fn unit_key(indicator: Indicator) -> &'static str {
    match indicator {
        Indicator::Funds | Indicator::Purchases => "unit.yuan",
        Indicator::Projects => "coop.unit_projects",
        Indicator::Jobs => "coop.unit_people",
        Indicator::Exchanges | Indicator::Trained => "coop.unit_times",
    }
}

/// A list's sheet: its records in the list's order, a column per field.
fn list_sheet(
    book: &mut Workbook,
    store: &Store,
    labels: &Labels,
    names: &Names,
    kind: RecordKind,
    signed: &super::book::Signature,
) -> Result<usize, ReportError> {
    let def = kind.def();
    let fields = sheet_fields(kind);
    let head: Vec<String> = fields.iter().map(|f| header_of(labels, def.prefix, f)).collect();
    let sheet = book.add_worksheet();
    sheet.set_name(labels.t(&format!("table.{}", def.table)))?;
    let mut t = Table::new(sheet, labels.t(&format!("table.{}", def.table)), &head)?;
    let drafts = crate::domain::registry::with_record!(kind, T => {
        store.all::<T>()?.into_iter().map(|r| r.to_draft()).collect::<Vec<_>>()
    });
    for draft in &drafts {
        for (c, f) in fields.iter().enumerate() {
            let value = draft.get(f.key);
            match f.kind {
                Kind::Money if !value.is_empty() => {
                    t.yuan(c, crate::domain::money::parse_fen(value).unwrap_or(0), false)?
                }
                Kind::Count if !value.is_empty() => t.count(c, value.parse().unwrap_or(0), false)?,
                _ => t.text(c, &names.cell(f, value))?,
            }
        }
        t.next_row();
    }
    t.finish(signed)?;
    Ok(drafts.len())
}

/// A column's header: the field's label, money with its unit (the cells are 元).
pub fn header_of(labels: &Labels, prefix: &str, f: &FieldDef) -> String {
    let label = labels.field(prefix, f.key);
    match f.kind {
        Kind::Money => format!("{label}（{}）", labels.t("unit.yuan")),
        _ => label.to_string(),
    }
}

/// 需求清单统计: needs by township — by class, by status, and how many are overdue
/// (open past their deadline) — with a total row. A village's need counts under its
/// village's township.
fn needs_count_sheet(
    book: &mut Workbook,
    store: &Store,
    labels: &Labels,
    names: &Names,
    today: NaiveDate,
    signed: &super::book::Signature,
) -> Result<(), ReportError> {
    use crate::domain::need::{NEED_CLASS, Need, NeedCount, count_needs};
    let classes: Vec<(String, String)> =
        names.vocab.choices(NEED_CLASS).map(|e| (e.code.clone(), e.label(Lang::Zh).to_string())).collect();
    let statuses: Vec<(String, String)> =
        names.vocab.choices(list::TASK_STATUS).map(|e| (e.code.clone(), e.label(Lang::Zh).to_string())).collect();
    let townships: HashMap<String, String> = store.all::<Village>()?.into_iter().map(|v| (v.id, v.township)).collect();
    let needs: Vec<Need> = store.all()?;
    let township = |n: &Need| match &n.village_id {
        Some(v) => townships.get(v).cloned().unwrap_or_default(),
        None => n.township.clone(),
    };
    let codes = |list: &[(String, String)]| list.iter().map(|(code, _)| code.clone()).collect::<Vec<_>>();
    let rows = count_needs(needs.iter().map(|n| (n, township(n))), &codes(&classes), &codes(&statuses), today);
    let mut head = vec![labels.t("ledger.township").to_string()];
    head.extend(classes.iter().map(|(_, l)| l.clone()));
    head.extend(statuses.iter().map(|(_, l)| l.clone()));
    head.push(labels.t("coop.needs_overdue").into());
    head.push(labels.t("report.total").into());
    let sheet = book.add_worksheet();
    sheet.set_name(labels.t("coop.sheet_needs_count"))?;
    let title = labels.f("coop.title_needs_count", &[("day", &crate::domain::dates::format_date(today))]);
    let mut t = Table::new(sheet, &title, &head)?;
    let mut total = NeedCount::none(classes.len(), statuses.len());
    let cells = |c: &NeedCount| -> Vec<i64> {
        let mut cells = c.classes.clone();
        cells.extend(&c.statuses);
        cells.extend([c.overdue, c.total]);
        cells
    };
    for (township, counts) in &rows {
        t.text(0, township)?;
        for (i, n) in cells(counts).into_iter().enumerate() {
            t.count(i + 1, n, false)?;
        }
        total = total.plus(counts);
        t.next_row();
    }
    t.bold(0, labels.t("report.total"))?;
    for (i, n) in cells(&total).into_iter().enumerate() {
        t.count(i + 1, n, true)?;
    }
    t.next_row();
    t.finish(signed)?;
    Ok(())
}
