//! The cooperation lists (协作台账) brought in from a workbook: each sheet whose header
//! row names a list's fields (as `bangfu report cooperation` writes them, or as a
//! county's own sheet heads them) becomes that list's records. A side is known by its
//! name, a village by its name, a code by its label. A record already in the ledger is
//! found by what identifies it (a side by its name, a placement by the person, side
//! and month …): the same is left alone, a difference is a change, the rest is new —
//! importing a file written by bangfu changes nothing. A dry run plans the same and
//! writes nothing (docs/cooperation.md).

use super::ImportError;
use crate::domain::Draft;
use crate::domain::field::{FieldDef, Kind};
use crate::domain::invalid::FieldError;
use crate::domain::record::Record;
use crate::domain::registry::{RecordKind, with_record};
use crate::domain::vocab::{Lang, Vocab};
use crate::report::{COOPERATION_LISTS, header_of, sheet_fields};
use crate::store::{Named, SheetNames, Store};
use crate::ui::Labels;
use std::collections::HashMap;
use std::path::Path;

/// How many of a sheet's first rows are looked at for its header (a title above it).
const HEADER_ROWS: usize = 5;

/// What identifies a record of a list, for finding it again.
pub fn identity(kind: RecordKind) -> &'static [&'static str] {
    match kind {
        RecordKind::Party => &["name"],
        RecordKind::Placement => &["name", "party_id", "started"],
        RecordKind::Purchase => &["party_id", "date", "buyer", "product"],
        RecordKind::Exchange => &["person", "party_id", "start"],
        RecordKind::Training => &["party_id", "title", "date"],
        RecordKind::Need => &["title", "village_id", "township"],
        RecordKind::Park => &["name", "year"],
        RecordKind::Donation => &["donor", "party_id", "date"],
        RecordKind::Pairing => &["activity", "party_id", "date"],
        RecordKind::Meeting => &["title", "date"],
        RecordKind::Target => &["party_id", "year", "indicator"],
        _ => &["id"],
    }
}

/// What an import of the lists did (or, dry, would do), list by list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListsReport {
    pub lists: Vec<ListCount>,
    pub rejected: Vec<Rejected>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListCount {
    pub kind: RecordKind,
    pub new: usize,
    pub changed: usize,
    pub unchanged: usize,
}

/// A row left out, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejected {
    pub kind: RecordKind,
    /// The row as the spreadsheet numbers it.
    pub row: usize,
    pub problem: RowProblem,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RowProblem {
    /// The record does not pass its checks.
    Invalid(Vec<FieldError>),
    /// A name (a side, a village) the ledger does not hold, or holds more than once.
    UnknownName {
        field: &'static str,
        name: String,
    },
    AmbiguousName {
        field: &'static str,
        name: String,
    },
    /// A label that is none of the field's choices.
    UnknownChoice {
        field: &'static str,
        text: String,
    },
    /// The same record twice in the file: the row it repeats.
    Repeated {
        first: usize,
    },
}

/// A sheet's columns that are a list's fields: (column, field).
type Columns = Vec<(usize, &'static FieldDef)>;

/// One sheet recognised as a list: its header's columns by field, and its rows.
struct ListSheet {
    kind: RecordKind,
    columns: Columns,
    /// (row number, cells)
    rows: Vec<(usize, Vec<String>)>,
}

/// Whether the workbook holds any cooperation list (and is to be imported as such):
/// only each sheet's first rows are read, so a national export is not read twice.
pub fn holds_lists(path: &Path) -> Result<bool, ImportError> {
    for index in 0..crate::sheets::limits::MAX_SHEETS {
        let Some(mut stream) = crate::sheets::stream_sheet(path, index)? else { break };
        let head: Vec<Vec<String>> = stream.by_ref().take(HEADER_ROWS).collect();
        // The rest of the sheet is not wanted: dropping the stream stops its reader.
        drop(stream);
        if recognise(head.clone()).is_some() || recognise_targets(head).is_some() {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Imports the lists of the workbook at `path`.
pub fn import_lists(store: &mut Store, path: &Path, dry_run: bool) -> Result<ListsReport, ImportError> {
    let (sheets, targets) = read_lists(path)?;
    let mut report = ListsReport::default();
    let mut names = Names::read(store)?;
    // Sides first: the other lists name them.
    for kind in COOPERATION_LISTS {
        let mut plan = Plan::default();
        for sheet in sheets.iter().filter(|s| s.kind == kind) {
            plan_sheet(store, &names, sheet, &mut plan, &mut report.rejected)?;
        }
        report.lists.push(ListCount {
            kind,
            new: plan.new.len(),
            changed: plan.changed.len(),
            unchanged: plan.unchanged,
        });
        if dry_run {
            // Sides the file would add are known to the lists after them, as they would be.
            for draft in &plan.new {
                if kind == RecordKind::Party {
                    let name = draft.get("name");
                    names.records.expect("parties", name, &format!("new:{name}"));
                }
            }
            continue;
        }
        write_plan(store, kind, plan)?;
        if kind == RecordKind::Party {
            names = Names::read(store)?;
        }
    }
    // The agreements (目标完成's 年度目标), once the sides are known.
    if !targets.is_empty() {
        let mut plan = Plan::default();
        for sheet in &targets {
            plan_sheet(store, &names, &sheet.as_list(&names.vocab), &mut plan, &mut report.rejected)?;
        }
        let (new, changed, unchanged) = (plan.new.len(), plan.changed.len(), plan.unchanged);
        report.lists.push(ListCount { kind: RecordKind::Target, new, changed, unchanged });
        if !dry_run {
            write_plan(store, RecordKind::Target, plan)?;
        }
    }
    Ok(report)
}

/// A sheet of targets (目标完成, or a county's agreement sheet): a row per side and
/// indicator with its 年度目标; the year from its own column, else the title's
/// (2026年…). Rows without a target are what was done alone, not an agreement.
struct TargetSheet {
    year: String,
    /// Columns of the side, the indicator, the target and (when there is one) the year.
    party: usize,
    indicator: usize,
    target: usize,
    year_column: Option<usize>,
    rows: Vec<(usize, Vec<String>)>,
}

impl TargetSheet {
    /// Its rows as a list of targets: the figure an amount (元) or a number, as the
    /// indicator counts.
    fn as_list(&self, vocab: &Vocab) -> ListSheet {
        use crate::domain::cooperation::{INDICATOR, Indicator, Target};
        let def = Target::DEF;
        let field = |key| def.field(key).into_iter().collect::<Vec<_>>();
        let columns: Columns = ["party_id", "year", "indicator", "amount", "count"]
            .iter()
            .enumerate()
            .flat_map(|(i, key)| field(key).into_iter().map(move |f| (i, f)))
            .collect();
        let cell = |cells: &[String], c: usize| cells.get(c).map_or(String::new(), |s| s.trim().to_string());
        let rows = self
            .rows
            .iter()
            .filter(|(_, cells)| !cell(cells, self.target).is_empty())
            .map(|(row, cells)| {
                let indicator = cell(cells, self.indicator);
                let code = vocab.code_of(INDICATOR, &indicator).unwrap_or(&indicator);
                let money = Indicator::of_code(code).is_some_and(Indicator::is_money);
                let year = self.year_column.map_or(self.year.clone(), |c| cell(cells, c));
                let value = cell(cells, self.target);
                let (amount, count) = if money { (value, String::new()) } else { (String::new(), value) };
                (*row, vec![cell(cells, self.party), year, indicator, amount, count])
            })
            .collect();
        ListSheet { kind: RecordKind::Target, columns, rows }
    }
}

/// A sheet of targets, by its header: the side, the indicator and 年度目标.
fn recognise_targets(rows: Vec<Vec<String>>) -> Option<TargetSheet> {
    let labels = [Labels::get(Lang::Zh), Labels::get(Lang::En)];
    let named = |text: &str, key: (&str, &str)| {
        labels.iter().any(|l| if key.0.is_empty() { l.t(key.1) == text } else { l.field(key.0, key.1) == text })
    };
    for (at, header) in rows.iter().enumerate().take(HEADER_ROWS) {
        let column = |key| header.iter().position(|c| named(c.trim(), key));
        let (Some(party), Some(indicator), Some(target)) =
            (column(("party", "name")), column(("target", "indicator")), column(("", "coop.target")))
        else {
            continue;
        };
        let year_column = column(("target", "year"));
        // 2026年帮扶协议目标完成情况（截至 …）
        let title = rows.first().and_then(|r| r.iter().find(|c| !c.is_empty())).cloned().unwrap_or_default();
        let year: String = title.chars().take_while(char::is_ascii_digit).collect();
        if year_column.is_none() && year.len() != 4 {
            continue;
        }
        return Some(TargetSheet { year, party, indicator, target, year_column, rows: data_rows(rows, at) });
    }
    None
}

/// The records a list's rows make: new ones, changed ones (with their ids), and how
/// many are already as the ledger holds them.
#[derive(Default)]
struct Plan {
    new: Vec<Draft>,
    changed: Vec<(String, Draft)>,
    unchanged: usize,
}

fn plan_sheet(
    store: &Store,
    names: &Names,
    sheet: &ListSheet,
    plan: &mut Plan,
    rejected: &mut Vec<Rejected>,
) -> Result<(), ImportError> {
    let kind = sheet.kind;
    let key_of = |d: &Draft| identity(kind).iter().map(|k| d.get(k).to_string()).collect::<Vec<_>>();
    let existing: HashMap<Vec<String>, Draft> = with_record!(kind, T => {
        store.all::<T>()?.into_iter().map(|r| {
            let mut d = r.to_draft();
            d.set("id", r.id().to_string());
            (key_of(&d), d)
        }).collect()
    });
    let mut seen: HashMap<Vec<String>, usize> = HashMap::new();
    for (row, cells) in &sheet.rows {
        let reject = |problem| Rejected { kind, row: *row, problem };
        let draft = match names.draft_of(&sheet.columns, cells) {
            Ok(d) => d,
            Err(problem) => {
                rejected.push(reject(problem));
                continue;
            }
        };
        // The row as the ledger would keep it (a date cell 2026-03-01 as the month
        // 2026-03, a name trimmed), so that it is found as the record it is: every
        // required field has its column, so a row that does not pass here never will.
        let draft = match with_record!(kind, T => T::from_draft("", &draft).map(|r| r.to_draft())) {
            Ok(d) => d,
            Err(errors) => {
                rejected.push(reject(RowProblem::Invalid(errors)));
                continue;
            }
        };
        let key = key_of(&draft);
        if let Some(first) = seen.get(&key) {
            rejected.push(reject(RowProblem::Repeated { first: *first }));
            continue;
        }
        seen.insert(key.clone(), *row);
        let kept = existing.get(&key);
        let id = kept.map(|d| d.get("id").to_string()).unwrap_or_default();
        // What the row does not have a column for stays as the ledger holds it.
        let mut whole = kept.cloned().unwrap_or_default();
        for (_, f) in &sheet.columns {
            whole.set(f.key, draft.get(f.key).to_string());
        }
        let checked = with_record!(kind, T => T::from_draft(&id, &whole).map(|r| r.to_draft()));
        match (checked, kept) {
            (Err(errors), _) => rejected.push(reject(RowProblem::Invalid(errors))),
            (Ok(record), Some(before)) => {
                let same = sheet.columns.iter().all(|(_, f)| record.get(f.key) == before.get(f.key));
                if same {
                    plan.unchanged += 1;
                } else {
                    plan.changed.push((id, whole));
                }
            }
            (Ok(_), None) => plan.new.push(whole),
        }
    }
    Ok(())
}

/// Writes a list's plan in one transaction: each record through the op log.
fn write_plan(store: &mut Store, kind: RecordKind, plan: Plan) -> Result<(), ImportError> {
    if plan.new.is_empty() && plan.changed.is_empty() {
        return Ok(());
    }
    store.write(|w| {
        with_record!(kind, T => {
            for draft in &plan.new {
                if let Ok(mut record) = T::from_draft("", draft) {
                    w.insert(&mut record)?;
                }
            }
            for (id, draft) in &plan.changed {
                if let Ok(record) = T::from_draft(id, draft) {
                    w.update(&record)?;
                }
            }
        });
        Ok(())
    })?;
    Ok(())
}

/// Every sheet of the workbook that is a list, read whole, and the sheets of targets.
fn read_lists(path: &Path) -> Result<(Vec<ListSheet>, Vec<TargetSheet>), ImportError> {
    let (mut found, mut targets) = (Vec::new(), Vec::new());
    for index in 0..crate::sheets::limits::MAX_SHEETS {
        let Some(mut stream) = crate::sheets::stream_sheet(path, index)? else { break };
        let rows: Vec<Vec<String>> = stream.by_ref().collect();
        stream.finish()?;
        match recognise(rows.clone()) {
            Some(sheet) => found.push(sheet),
            None => targets.extend(recognise_targets(rows)),
        }
    }
    Ok((found, targets))
}

/// The list a sheet is, by its header row: the list whose field labels (in Chinese or
/// English) it names most — at least two, every required one, and most of the header.
fn recognise(rows: Vec<Vec<String>>) -> Option<ListSheet> {
    let labels = [Labels::get(Lang::Zh), Labels::get(Lang::En)];
    // (header row, list, its columns)
    let mut best: Option<(usize, RecordKind, Columns)> = None;
    for (at, header) in rows.iter().enumerate().take(HEADER_ROWS) {
        for kind in COOPERATION_LISTS {
            let def = kind.def();
            let columns: Columns = header
                .iter()
                .enumerate()
                .filter_map(|(c, text)| {
                    let f = sheet_fields(kind).into_iter().find(|f| {
                        labels
                            .iter()
                            .any(|l| header_of(l, def.prefix, f) == *text || l.field(def.prefix, f.key) == text)
                    })?;
                    Some((c, f))
                })
                .collect();
            let required = sheet_fields(kind)
                .into_iter()
                .filter(|f| f.required)
                .all(|f| columns.iter().any(|(_, c)| c.key == f.key));
            // Most of the header is the list's (the targets sheet names a side and its
            // force too, among figures that are no list's fields).
            let named = header.iter().filter(|c| !c.is_empty()).count();
            let mostly = columns.len() * 2 > named;
            if columns.len() >= 2 && required && mostly && best.as_ref().is_none_or(|b| columns.len() > b.2.len()) {
                best = Some((at, kind, columns));
            }
        }
    }
    let (at, kind, columns) = best?;
    Some(ListSheet { kind, columns, rows: data_rows(rows, at) })
}

/// The rows under a header at row `at`, numbered as the spreadsheet numbers them:
/// blank rows skipped, the data ending at the signature line (填报单位…).
fn data_rows(rows: Vec<Vec<String>>, at: usize) -> Vec<(usize, Vec<String>)> {
    rows.into_iter()
        .enumerate()
        .skip(at + 1)
        .take_while(|(_, cells)| !cells.iter().find(|c| !c.is_empty()).is_some_and(|c| is_signature(c)))
        .filter(|(_, cells)| cells.iter().any(|c| !c.is_empty()))
        .map(|(i, cells)| (i + 1, cells))
        .collect()
}

/// The line a report signs with under its table (填报单位：…), in either language.
fn is_signature(cell: &str) -> bool {
    [Labels::get(Lang::Zh), Labels::get(Lang::En)].iter().any(|l| {
        let unit = l.t("report.signed_unit");
        !unit.is_empty() && cell.starts_with(unit)
    })
}

/// What names in the sheets stand for: records by the names sheets write
/// (`SheetNames`), codes by label.
struct Names {
    vocab: Vocab,
    records: SheetNames,
}

impl Names {
    fn read(store: &Store) -> Result<Names, ImportError> {
        Ok(Names { vocab: store.vocab()?, records: store.sheet_names()? })
    }

    /// A row as a draft: each column's text as the form would have it typed.
    fn draft_of(&self, columns: &[(usize, &'static FieldDef)], cells: &[String]) -> Result<Draft, RowProblem> {
        let mut draft = Draft::default();
        for (c, f) in columns {
            let text = cells.get(*c).map_or("", |s| s.trim());
            draft.set(f.key, self.value_of(f, text)?);
        }
        Ok(draft)
    }

    fn value_of(&self, f: &'static FieldDef, text: &str) -> Result<String, RowProblem> {
        if text.is_empty() {
            return Ok(String::new());
        }
        let id_of = |table: &str, name: &str| -> Result<String, RowProblem> {
            match self.records.find(table, name) {
                Named::One(id) => Ok(id.to_string()),
                Named::Several => Err(RowProblem::AmbiguousName { field: f.key, name: name.into() }),
                Named::None => Err(RowProblem::UnknownName { field: f.key, name: name.into() }),
            }
        };
        Ok(match f.kind {
            Kind::Code(list) => match self.vocab.code_of(list, text) {
                Some(code) => code.to_string(),
                None if self.vocab.contains(list, text) => text.to_string(),
                None => return Err(RowProblem::UnknownChoice { field: f.key, text: text.into() }),
            },
            Kind::Ref(table) => id_of(table, text)?,
            Kind::Refs(table) => text
                .split(['、', ',', '，', ';', '；'])
                .map(str::trim)
                .filter(|n| !n.is_empty())
                .map(|n| id_of(table, n))
                .collect::<Result<Vec<_>, _>>()?
                .join(","),
            Kind::Flag => match text {
                "是" | "yes" | "Yes" | "1" | "在岗" => "1".into(),
                "否" | "no" | "No" | "0" | "不在岗" => "0".into(),
                _ => return Err(RowProblem::UnknownChoice { field: f.key, text: text.into() }),
            },
            _ => text.to_string(),
        })
    }
}
