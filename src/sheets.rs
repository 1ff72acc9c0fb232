//! Spreadsheets as people have them: `.xlsx`, `.xls` (Excel, WPS) and `.csv` read into
//! rows of cell texts, the way a person reads the cells — an ID number stored as a
//! number comes back as its digits, a date cell as `YYYY-MM-DD`, a CSV in UTF-8 (with
//! or without a byte-order mark) or in GBK as older Excel writes it.

use std::path::Path;

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
        "xlsx" | "xlsm" | "xls" | "xlsb" | "ods" => read_workbook(path).map_err(fail),
        _ => Err(SheetError::Kind { path: path.display().to_string() }),
    }
}

fn read_workbook(path: &Path) -> Result<Rows, String> {
    use calamine::Reader;
    let mut book = calamine::open_workbook_auto(path).map_err(|e| e.to_string())?;
    let range = book.worksheet_range_at(0).ok_or_else(|| "no sheet".to_string())?.map_err(|e| e.to_string())?;
    // A range starts at its first used cell: pad so that row numbers are the sheet's.
    let (top, left) = range.start().map_or((0, 0), |(r, c)| (r as usize, c as usize));
    let mut rows: Rows = vec![Vec::new(); top];
    for row in range.rows() {
        let mut cells = vec![String::new(); left];
        cells.extend(row.iter().map(cell_text));
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

/// A spreadsheet written row by row on a thread of its own, while the rows are still
/// being made (a county's national export: reading the ledger and writing 10 million
/// cells take about as long as each other). `.csv` or `.xlsx`, by the path.
pub struct SheetWriter {
    rows: Option<std::sync::mpsc::SyncSender<Vec<Vec<String>>>>,
    /// Rows handed over together, not one by one (each hand-over wakes the writer).
    batch: Vec<Vec<String>>,
    writing: std::thread::JoinHandle<Result<(), String>>,
}

const BATCH: usize = 256;

impl SheetWriter {
    /// Starts writing to `path`; row `header_row` (0-based) is the header.
    pub fn start(path: &Path, header_row: usize) -> SheetWriter {
        let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<Vec<String>>>(16);
        let path = path.to_path_buf();
        let csv = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv"));
        let writing = std::thread::spawn(move || match csv {
            true => write_csv(&path, rx.into_iter().flatten()),
            false => write_xlsx(&path, rx.into_iter().flatten(), header_row),
        });
        SheetWriter { rows: Some(tx), batch: Vec::with_capacity(BATCH), writing }
    }

    /// Hands over the next row; `false` when the writing has stopped (its error is
    /// what `finish` returns).
    pub fn push(&mut self, row: Vec<String>) -> bool {
        self.batch.push(row);
        self.batch.len() < BATCH || self.hand_over()
    }

    fn hand_over(&mut self) -> bool {
        let batch = std::mem::replace(&mut self.batch, Vec::with_capacity(BATCH));
        self.rows.as_ref().is_some_and(|tx| tx.send(batch).is_ok())
    }

    /// Waits for the last row to be written.
    pub fn finish(mut self) -> Result<(), String> {
        self.hand_over();
        drop(self.rows.take());
        self.writing.join().unwrap_or_else(|_| Err("the writing stopped".into()))
    }
}

/// A CSV Excel reads right: UTF-8 with a byte-order mark.
fn write_csv(path: &Path, rows: impl Iterator<Item = Vec<String>>) -> Result<(), String> {
    use std::io::Write;
    let mut file = std::io::BufWriter::new(std::fs::File::create(path).map_err(|e| e.to_string())?);
    file.write_all("\u{feff}".as_bytes()).map_err(|e| e.to_string())?;
    let mut writer = csv::WriterBuilder::new().flexible(true).from_writer(file);
    for row in rows {
        writer.write_record(&row).map_err(|e| e.to_string())?;
    }
    writer.flush().map_err(|e| e.to_string())
}

/// The rows whose texts set the column widths: enough to see what a column holds.
const WIDTH_SAMPLE: usize = 2_000;

/// An xlsx sheet of text cells (an ID number stays text, never a number that loses
/// digits), the header row bold and frozen, columns as wide as their Chinese text.
fn write_xlsx(path: &Path, mut rows: impl Iterator<Item = Vec<String>>, header_row: usize) -> Result<(), String> {
    use rust_xlsxwriter::{Format, Workbook};
    let err = |e: rust_xlsxwriter::XlsxError| e.to_string();
    let mut book = Workbook::new();
    // A quicker compression than the default: a county's 10 million cells took half
    // again as long for a file a fifth smaller.
    book.set_zip_compression_level(3);
    // Rows go out as they are written (a county's 60,000 people in little memory); the
    // widths are known first, from the texts of the first rows.
    let first: Vec<Vec<String>> = rows.by_ref().take(header_row + 1 + WIDTH_SAMPLE).collect();
    let widths = column_widths(&first, header_row);
    let sheet = book.add_worksheet_with_constant_memory().map_err(err)?;
    for (c, w) in widths.iter().enumerate() {
        let c16 = u16::try_from(c).map_err(|e| e.to_string())?;
        sheet.set_column_width(c16, (*w).clamp(4, 40) as f64 + 2.0).map_err(err)?;
    }
    let below = u32::try_from(header_row + 1).map_err(|e| e.to_string())?;
    sheet.set_freeze_panes(below, 0).map_err(err)?;
    let bold = Format::new().set_bold();
    for (r, row) in first.into_iter().chain(rows).enumerate() {
        let r32 = u32::try_from(r).map_err(|e| e.to_string())?;
        for (c, text) in row.iter().enumerate() {
            let c16 = u16::try_from(c).map_err(|e| e.to_string())?;
            if r == header_row {
                sheet.write_string_with_format(r32, c16, text, &bold).map_err(err)?;
            } else if !text.is_empty() {
                sheet.write_string(r32, c16, text).map_err(err)?;
            }
        }
    }
    book.save(path).map_err(err)
}

/// Each column as wide as its widest text in display cells (title rows span the
/// sheet and do not count).
fn column_widths(rows: &[Vec<String>], header_row: usize) -> Vec<usize> {
    let mut widths: Vec<usize> = Vec::new();
    for row in rows.iter().skip(header_row) {
        if widths.len() < row.len() {
            widths.resize(row.len(), 0);
        }
        for (slot, text) in widths.iter_mut().zip(row) {
            *slot = (*slot).max(unicode_width::UnicodeWidthStr::width(text.as_str()));
        }
    }
    widths
}
