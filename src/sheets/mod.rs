//! Spreadsheets as people have them: `.xlsx`, `.xls` (Excel, WPS) and `.csv` read into
//! rows of cell texts, the way a person reads the cells — an ID number stored as a
//! number comes back as its digits, a date cell as `YYYY-MM-DD`, a CSV in UTF-8 (with
//! or without a byte-order mark) or in GBK as older Excel writes it.

use std::path::Path;

pub mod limits;
mod read;
mod write;
mod xls_grid;
mod xlsx;

pub use read::{RowStream, stream_rows};
pub use write::{Row, SheetWriter};

/// One sheet: its rows, each a list of cell texts (trimmed; empty cells as "").
pub type Rows = Vec<Vec<String>>;

#[derive(Debug, thiserror::Error)]
pub enum SheetError {
    #[error("cannot read {path}: {detail}")]
    Read { path: String, detail: String },
    #[error("{path} is not a spreadsheet bangfu reads (.xlsx, .xls, .csv)")]
    Kind { path: String },
    /// Named as a workbook but not readable as one: damaged, cut short, or another
    /// kind of file renamed.
    #[error("{path} is damaged or not really a spreadsheet: {detail}")]
    Damaged { path: String, detail: String },
    /// Past one of the limits (`limits`): refused before it could fill the memory.
    #[error("{path} is larger than bangfu reads ({})", .limit.key())]
    TooLarge { path: String, limit: limits::Limit },
}

/// The first sheet of a workbook, or the rows of a CSV file, every row as wide as
/// the widest.
pub fn read_rows(path: &Path) -> Result<Rows, SheetError> {
    let mut stream = stream_rows(path)?;
    let mut rows: Rows = stream.by_ref().collect();
    stream.finish()?;
    let width = rows.iter().map(Vec::len).max().unwrap_or(0);
    rows.iter_mut().for_each(|row| row.resize(width, String::new()));
    Ok(rows)
}

/// A CSV as Excel and WPS write it: UTF-8 with or without a byte-order mark, or GBK.
pub fn read_csv(bytes: &[u8]) -> Rows {
    let mut rows = Rows::new();
    each_csv_row(bytes, &mut |row| {
        rows.push(row);
        true
    });
    rows
}

/// Each row of a CSV handed to `take` as it is parsed, until it says `false`.
fn each_csv_row(bytes: &[u8], take: &mut dyn FnMut(Vec<String>) -> bool) {
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => std::borrow::Cow::Borrowed(t),
        Err(_) => encoding_rs::GBK.decode(bytes).0,
    };
    // (A file's size and lines were held to the limits before it was read.)
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    for record in reader.records().flatten() {
        if !take(record.iter().map(|c| c.trim().to_string()).collect()) {
            return;
        }
    }
}
