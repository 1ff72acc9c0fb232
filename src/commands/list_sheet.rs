//! `bangfu list TABLE --xlsx OUT.xlsx`: a table for people to open in Excel, WPS or
//! LibreOffice, where `--csv` stays plain for scripts. Every cell is text, so a
//! 户编号 or an ID number keeps all its digits (a CSV opened in a spreadsheet turns
//! 5119031002040001 into 5119031002040000); codes as their labels, yes/no as 是/否,
//! money in 元 with the unit in its header; a record a row points at (its village,
//! household, cadre, project, member) by name, its id in the column beside.

use crate::domain::field::{FieldDef, Kind, RecordDef};
use crate::domain::record::Record;
use crate::domain::vocab::Vocab;
use crate::domain::{FieldValue, cadre, household, member, project, village};
use crate::store::{Store, StoreError};
use crate::ui::Labels;
use rust_xlsxwriter::{Format, Workbook};
use std::collections::HashMap;
use std::path::Path;

/// Record names by id, for each table a row may point at.
pub(super) type Names = HashMap<&'static str, HashMap<String, String>>;

pub(super) fn write<T: Record>(
    store: &Store,
    labels: &Labels,
    vocab: &Vocab,
    reveal: bool,
    path: &Path,
) -> Result<usize, crate::report::ReportError> {
    let def = T::DEF;
    let names = names_for(store, def)?;
    let refs = Refs::NamesAndIds;
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let bold = Format::new().set_bold();
    let header = header(labels, def, refs);
    for (c, text) in header.iter().enumerate() {
        sheet.write_string_with_format(0, c as u16, text, &bold).map_err(sheet_error)?;
        let width = crate::ui::text::width(text).clamp(8, 40) as f64 + 2.0;
        sheet.set_column_width(c as u16, width).map_err(sheet_error)?;
    }
    sheet.set_freeze_panes(1, 0).map_err(sheet_error)?;
    let mut row = 0u32;
    store.each::<T>(|record| {
        row += 1;
        for (c, text) in cells(labels, vocab, &names, &record, (reveal, refs)).iter().enumerate() {
            sheet.write_string(row, c as u16, text).map_err(|e| StoreError::Io {
                path: path.to_path_buf(),
                source: std::io::Error::other(e.to_string()),
            })?;
        }
        Ok(())
    })?;
    crate::report::save_private(&mut book, path)?;
    Ok(row as usize)
}

fn sheet_error(e: rust_xlsxwriter::XlsxError) -> crate::report::ReportError {
    crate::report::ReportError::Write(e.to_string())
}

/// The tables a record of `def` points at, their records' names by id.
pub(super) fn names_for(store: &Store, def: &RecordDef) -> Result<Names, StoreError> {
    let mut names = Names::new();
    for f in def.fields {
        let Kind::Ref(target) = f.kind else { continue };
        if names.contains_key(target) {
            continue;
        }
        let by_id: HashMap<String, String> = match target {
            "villages" => store.all::<village::Village>()?.into_iter().map(|r| (r.id, r.name)).collect(),
            "households" => store.all::<household::Household>()?.into_iter().map(|r| (r.id, r.head_name)).collect(),
            "members" => store.all::<member::Member>()?.into_iter().map(|r| (r.id, r.name)).collect(),
            "projects" => store.all::<project::Project>()?.into_iter().map(|r| (r.id, r.name)).collect(),
            "cadres" => store.all::<cadre::Cadre>()?.into_iter().map(|r| (r.id, r.name)).collect(),
            _ => continue,
        };
        names.insert(target, by_id);
    }
    Ok(names)
}

/// How a column pointing at another record is written.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Refs {
    /// Its id (CSV and JSON, for scripts; the record's own id headed `id`).
    Ids,
    /// Its name (a table on a terminal).
    Names,
    /// Its name, its id in the column beside (a workbook).
    NamesAndIds,
}

/// Field labels in the user's language (CSV, the terminal's table and the workbook
/// share them); money with its unit; a reference as `refs` says.
pub(super) fn header(labels: &Labels, def: &RecordDef, refs: Refs) -> Vec<String> {
    let id = labels.t("check.field_id");
    let mut out = vec![if refs == Refs::Ids { "id".to_string() } else { id.to_string() }];
    for f in def.fields {
        let label = labels.field(def.prefix, f.key);
        let label = if label == "?" { f.key.to_string() } else { label.to_string() };
        match f.kind {
            Kind::Money => out.push(format!("{label}（{}）", labels.t("unit.yuan"))),
            Kind::Ref(_) => {
                out.push(label.clone());
                if refs == Refs::NamesAndIds {
                    out.push(format!("{label}（{id}）"));
                }
            }
            _ => match f.arity() {
                0 | 1 => out.push(label),
                n => out.extend((1..=n).map(|i| format!("{label}{i}"))),
            },
        }
    }
    out
}

/// A record's cells as people read them; `(reveal, refs)`: ID numbers in full, and
/// how a reference is written (by name, with its id beside when asked).
pub(super) fn cells<T: Record>(
    labels: &Labels,
    vocab: &Vocab,
    names: &Names,
    record: &T,
    (reveal, refs): (bool, Refs),
) -> Vec<String> {
    let mut out = vec![record.id().to_string()];
    for (def, values) in super::list::field_values(record, reveal) {
        for value in values {
            match def.kind {
                Kind::Ref(target) => {
                    let id = value.to_text();
                    let name = || names.get(target).and_then(|n| n.get(&id)).cloned().unwrap_or_default();
                    match refs {
                        Refs::Ids => out.push(id),
                        Refs::Names => out.push(name()),
                        Refs::NamesAndIds => {
                            out.push(name());
                            out.push(id);
                        }
                    }
                }
                _ => out.push(cell(labels, vocab, def, &value)),
            }
        }
    }
    out.into_iter().map(|c| crate::domain::stored::escaped(&c).into_owned()).collect()
}

/// Yes/no as 是/否 (an unconfirmed one empty); the rest as the CSV writes it.
fn cell(labels: &Labels, vocab: &Vocab, def: &FieldDef, value: &FieldValue) -> String {
    match (def.kind, value.as_int()) {
        (Kind::Flag | Kind::Tri, Some(1)) => labels.t("common.yes").to_string(),
        (Kind::Flag | Kind::Tri, Some(0)) => labels.t("common.no").to_string(),
        _ => super::list::csv_cell(labels, vocab, def, value),
    }
}
