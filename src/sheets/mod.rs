//! Spreadsheets as people have them: `.xlsx`, `.xls` (Excel, WPS) and `.csv` read into
//! rows of cell texts, the way a person reads the cells — an ID number stored as a
//! number comes back as its digits, a date cell as `YYYY-MM-DD`, a CSV in UTF-8 (with
//! or without a byte-order mark) or in GBK as older Excel writes it.

use std::path::Path;

mod write;
mod xlsx;

pub use write::{Row, SheetWriter};

/// One sheet: its rows, each a list of cell texts (trimmed; empty cells as "").
pub type Rows = Vec<Vec<String>>;

#[derive(Debug, thiserror::Error)]
pub enum SheetError {
    #[error("cannot read {path}: {detail}")]
    Read { path: String, detail: String },
    #[error("{path} is not a spreadsheet bangfu reads (.xlsx, .xls, .csv)")]
    Kind { path: String },
}

/// The first sheet of a workbook, or the rows of a CSV file.
pub fn read_rows(path: &Path) -> Result<Rows, SheetError> {
    let ext = path.extension().map(|e| e.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
    let fail = |detail: String| SheetError::Read { path: path.display().to_string(), detail };
    match ext.as_str() {
        "csv" | "txt" => {
            let bytes = std::fs::read(path).map_err(|e| fail(e.to_string()))?;
            Ok(read_csv(&bytes))
        }
        "xlsx" | "xlsm" | "xls" | "xlsb" | "ods" => {
            read_workbook(path, matches!(ext.as_str(), "xlsx" | "xlsm")).map_err(fail)
        }
        _ => Err(SheetError::Kind { path: path.display().to_string() }),
    }
}

/// `excel_escapes`: the format writes a control character as `_xHHHH_` (xlsx).
fn read_workbook(path: &Path, excel_escapes: bool) -> Result<Rows, String> {
    use calamine::Reader;
    let mut book = calamine::open_workbook_auto(path).map_err(|e| e.to_string())?;
    let range = book.worksheet_range_at(0).ok_or_else(|| "no sheet".to_string())?.map_err(|e| e.to_string())?;
    // A range starts at its first used cell: pad so that row numbers are the sheet's.
    let (top, left) = range.start().map_or((0, 0), |(r, c)| (r as usize, c as usize));
    let mut rows: Rows = vec![Vec::new(); top];
    for row in range.rows() {
        let mut cells = vec![String::new(); left];
        cells.extend(row.iter().map(|cell| match cell {
            calamine::Data::String(s) if excel_escapes => xlsx::unescape_excel(s).trim().to_string(),
            _ => cell_text(cell),
        }));
        rows.push(cells);
    }
    Ok(rows)
}

/// A cell as a person reads it. Whole numbers (an ID number or 户编号 stored as a
/// number) are written without a decimal point or exponent.
fn cell_text(cell: &calamine::Data) -> String {
    use calamine::Data;
    match cell {
        Data::Empty => String::new(),
        Data::String(s) => s.trim().to_string(),
        Data::Int(n) => n.to_string(),
        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e17 => format!("{f:.0}"),
        Data::Float(f) => f.to_string(),
        Data::Bool(b) => if *b { "是" } else { "否" }.to_string(),
        Data::DateTime(d) => excel_day(d.as_f64()).map_or_else(|| d.to_string(), |day| day.to_string()),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(_) => String::new(),
    }
}

/// An Excel serial date (days since 1899-12-30, the time as the fraction).
fn excel_day(serial: f64) -> Option<chrono::NaiveDate> {
    let epoch = chrono::NaiveDate::from_ymd_opt(1899, 12, 30)?;
    let days = serial.floor();
    (days.is_finite() && (0.0..2_958_466.0).contains(&days))
        .then(|| epoch.checked_add_days(chrono::Days::new(days as u64)))
        .flatten()
}

/// A CSV as Excel and WPS write it: UTF-8 with or without a byte-order mark, or GBK.
pub fn read_csv(bytes: &[u8]) -> Rows {
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t.to_string(),
        Err(_) => encoding_rs::GBK.decode(bytes).0.into_owned(),
    };
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    reader.records().flatten().map(|r| r.iter().map(|c| c.trim().to_string()).collect()).collect()
}
