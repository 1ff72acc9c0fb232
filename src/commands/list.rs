//! `bangfu list TABLE [--json|--csv]`: every live record of a table, written as it
//! is read, so a table of a million visits needs no more memory than one of ten.
//! Columns and labels come from the records' declarations.

use crate::app::RecordKind;
use crate::cli::{CliError, store_error};
use crate::domain::FieldValue;
use crate::domain::field::{FieldDef, Kind, RecordDef};
use crate::domain::money::format_plain;
use crate::domain::record::{Record, split_codes};
use crate::domain::vocab::Vocab;
use crate::store::{Store, StoreError};
use crate::ui::Labels;
use std::io::Write;

/// How a list is written.
enum Format {
    Json,
    Csv,
    /// On a terminal, unless --csv or --json was asked for.
    Table,
}

/// The format, and whether masked fields are written in full.
struct Shown {
    format: Format,
    reveal: bool,
}

/// ID numbers are written masked (`511903********1234`) unless `reveal` asks for them
/// in full, which is first recorded in the ledger (who, when, which table) — and
/// refused when the ledger is open read-only, since it could not be recorded.
/// What `bangfu list` was asked for.
pub(super) struct Asked<'a> {
    pub json: bool,
    pub csv: bool,
    pub reveal: bool,
    pub xlsx: Option<&'a std::path::Path>,
}

pub(super) fn run(labels: &Labels, store: &mut Store, table: &str, asked: Asked) -> Result<(), CliError> {
    let Asked { json, csv, reveal, xlsx } = asked;
    let kind = RecordKind::of_table(table).ok_or_else(|| {
        let tables = RecordKind::tables().collect::<Vec<_>>().join(labels.t("common.list_separator"));
        CliError::User(labels.f("error.bad_table", &[("table", table), ("tables", &tables)]))
    })?;
    let vocab = store.vocab().map_err(|e| store_error(labels, e))?;
    let terminal = std::io::IsTerminal::is_terminal(&std::io::stdout());
    let format = match (json, csv, terminal) {
        (true, _, _) => Format::Json,
        (false, false, true) => Format::Table,
        _ => Format::Csv,
    };
    let holds_numbers = kind.def().fields.iter().any(|f| f.masked);
    if reveal && holds_numbers {
        // The exact command and the file it read (docs/privacy.md).
        let detail = super::command_line(store.path());
        store.record_disclosure("list", &detail).map_err(|e| match e {
            StoreError::ReadOnly => CliError::User(labels.t("error.reveal_read_only").to_string()),
            other => store_error(labels, other),
        })?;
    }
    if let Some(path) = xlsx {
        let written = crate::domain::registry::with_record!(kind, T => super::list_sheet::write::<T>(store, labels, &vocab, reveal, path));
        return match written {
            Ok(rows) => {
                let args = [("path", &*path.display().to_string()), ("rows", &*rows.to_string())];
                super::say(&labels.f("list.written", &args));
                Ok(())
            }
            Err(crate::report::ReportError::Store(e)) => Err(store_error(labels, e)),
            Err(other) => Err(CliError::User(labels.f("export.failed", &[("detail", &other.to_string())]))),
        };
    }
    let format = Shown { format, reveal };
    let out = std::io::stdout();
    let mut out = std::io::BufWriter::new(out.lock());
    let result =
        crate::domain::registry::with_record!(kind, T => write_all::<T>(store, labels, &vocab, &format, &mut out));
    match result.and_then(|()| out.flush().map_err(|e| StoreError::Io { path: Default::default(), source: e })) {
        Ok(()) => Ok(()),
        // `bangfu list … | head` closes the pipe early; that is not an error.
        Err(StoreError::Io { source, .. }) if source.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(store_error(labels, e)),
    }
}

fn io(e: std::io::Error) -> StoreError {
    StoreError::Io { path: Default::default(), source: e }
}

fn write_all<T: Record>(
    store: &Store,
    labels: &Labels,
    vocab: &Vocab,
    shown: &Shown,
    out: &mut impl Write,
) -> Result<(), StoreError> {
    let def = T::DEF;
    let mut first = true;
    let format = &shown.format;
    let line = crossterm::terminal::size().map_or(usize::MAX, |(w, _)| usize::from(w));
    // A person at a terminal reads names, 是/否 and units, as in --xlsx.
    let names = match format {
        Format::Table => super::list_sheet::names_for(store, def)?,
        _ => Default::default(),
    };
    let mut table =
        super::list_table::Table::new(super::list_sheet::header(labels, def, super::list_sheet::Refs::Names), line);
    match format {
        Format::Table => {}
        Format::Json => out.write_all(b"[").map_err(io)?,
        Format::Csv => {
            // A byte-order mark, so that Excel reads the Chinese right.
            out.write_all("\u{feff}".as_bytes()).map_err(io)?;
            write_csv(out, &csv_header(labels, def))?;
        }
    }
    store.each::<T>(|record| {
        match format {
            Format::Json => {
                let text = super::json_safe(
                    &serde_json::to_string_pretty(&json_row(&record, shown.reveal)).unwrap_or_default(),
                );
                let sep = if first { "\n" } else { ",\n" };
                out.write_all(format!("{sep}{text}").as_bytes()).map_err(io)?;
            }
            Format::Csv => write_csv(out, &csv_row(labels, vocab, &record, shown.reveal))?,
            Format::Table => table.push(
                super::list_sheet::cells(
                    labels,
                    vocab,
                    &names,
                    &record,
                    (shown.reveal, super::list_sheet::Refs::Names),
                ),
                out,
            )?,
        }
        first = false;
        Ok(())
    })?;
    match format {
        Format::Json => out.write_all(b"\n]\n").map_err(io)?,
        Format::Table => table.finish(out)?,
        Format::Csv => {}
    }
    Ok(())
}

/// A row of cells, each control character spelled out (`\x1b`): a sheet or a
/// terminal never gets the raw byte.
fn write_csv(out: &mut impl Write, cells: &[String]) -> Result<(), StoreError> {
    let mut writer = csv::WriterBuilder::new().has_headers(false).from_writer(Vec::new());
    writer
        .write_record(cells.iter().map(|c| crate::domain::stored::escaped(c).into_owned()))
        .map_err(|e| io(std::io::Error::other(e)))?;
    let bytes = writer.into_inner().map_err(|e| io(std::io::Error::other(e.to_string())))?;
    out.write_all(&bytes).map_err(io)
}

/// The stored values of each field, split by its columns (a link field: its ids); a
/// masked field's text masked unless revealed.
pub(super) fn field_values<T: Record>(record: &T, reveal: bool) -> Vec<(&'static FieldDef, Vec<FieldValue>)> {
    let values = record.values();
    let draft = record.to_draft();
    let mut at = 0;
    T::DEF
        .fields
        .iter()
        .map(|f| {
            let n = f.arity();
            let v = match f.kind {
                Kind::Links(_) => vec![FieldValue::opt_text(Some(draft.get(f.key)).filter(|s| !s.is_empty()))],
                _ => values.get(at..at + n).map(<[FieldValue]>::to_vec).unwrap_or_default(),
            };
            let v = if f.masked && !reveal { v.into_iter().map(masked).collect() } else { v };
            at += n;
            (f, v)
        })
        .collect()
}

fn masked(value: FieldValue) -> FieldValue {
    match value {
        FieldValue::Text(t) => FieldValue::Text(crate::domain::idnum::mask(&t)),
        other => other,
    }
}

fn json_row<T: Record>(record: &T, reveal: bool) -> serde_json::Value {
    let mut object = serde_json::Map::new();
    object.insert("id".into(), record.id().into());
    for (def, values) in field_values(record, reveal) {
        let names = match def.kind {
            Kind::Links(_) => vec![def.key.to_string()],
            _ => def.column_names(),
        };
        for (name, value) in names.into_iter().zip(values) {
            object.insert(name, serde_json::to_value(value).unwrap_or_default());
        }
    }
    serde_json::Value::Object(object)
}

/// Column headers in the user's language, as the workbook's (references by id).
fn csv_header(labels: &Labels, def: &RecordDef) -> Vec<String> {
    super::list_sheet::header(labels, def, super::list_sheet::Refs::Ids)
}

fn csv_row<T: Record>(labels: &Labels, vocab: &Vocab, record: &T, reveal: bool) -> Vec<String> {
    let mut cells = vec![record.id().to_string()];
    for (def, values) in field_values(record, reveal) {
        for value in values {
            cells.push(csv_cell(labels, vocab, def, &value));
        }
    }
    cells
}

/// Codes as their labels, money in 元; the rest as stored.
pub(super) fn csv_cell(labels: &Labels, vocab: &Vocab, def: &FieldDef, value: &FieldValue) -> String {
    match (def.kind, value) {
        (_, FieldValue::Null) => String::new(),
        (Kind::Money, v) => v.as_int().map(format_plain).unwrap_or_default(),
        (Kind::Code(list) | Kind::Codes(list, _), v) => vocab.labels(list, &split_codes(&v.to_text()), labels.lang),
        (_, v) => v.to_text(),
    }
}
