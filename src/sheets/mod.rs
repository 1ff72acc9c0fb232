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

pub use read::{RowStream, stream_rows, stream_sheet};
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

/// A CSV as Excel and WPS write it: UTF-8 with or without a byte-order mark, or GBK;
/// a record that cannot be read is said with its row, never dropped.
pub fn read_csv(bytes: &[u8]) -> Result<Rows, String> {
    let mut rows = Rows::new();
    each_csv_row(bytes, &mut |row| {
        rows.push(row);
        true
    })?;
    Ok(rows)
}

/// Each row of a CSV handed to `take` as it is parsed, until it says `false`; the
/// first record that cannot be read stops it, named by its row.
fn each_csv_row(bytes: &[u8], take: &mut dyn FnMut(Vec<String>) -> bool) -> Result<(), String> {
    let bytes = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => std::borrow::Cow::Borrowed(t),
        Err(_) => encoding_rs::GBK.decode(bytes).0,
    };
    // (A file's size and lines were held to the limits before it was read.)
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    for (at, record) in reader.records().enumerate() {
        let record = record.map_err(|e| format!("row {}: {e}", e.position().map_or(at as u64 + 1, |p| p.line())))?;
        if !take(record.iter().map(|c| c.trim().to_string()).collect()) {
            return Ok(());
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::indexing_slicing)]
    use super::read_csv;

    /// Ragged rows, a quote inside a field, a quoted field left open to the end, GBK:
    /// every record is kept as written (issue 23: never dropped).
    #[test]
    fn every_record_of_an_odd_csv_is_kept() {
        let rows = read_csv("姓名,证件号码\n张三\n李四,5119,多一列\n王\"五,1\n\"赵六,未闭合\n末行".as_bytes()).unwrap();
        assert_eq!(rows.len(), 5, "{rows:?}");
        assert_eq!(rows[1], ["张三"]);
        assert_eq!(rows[2], ["李四", "5119", "多一列"]);
        assert_eq!(rows[3], ["王\"五", "1"]);
        assert!(rows[4][0].contains("赵六") && rows[4][0].contains("末行"), "{rows:?}");
        let (gbk, _, _) = encoding_rs::GBK.encode("户主,村\n张三,柳林村\n");
        assert_eq!(read_csv(&gbk).unwrap()[1], ["张三", "柳林村"]);
    }
}
