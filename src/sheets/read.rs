//! Reading a sheet on a thread of its own, its rows handed over as they are read: a
//! county's xlsx is 400 MB of sheet XML, and the import reads the first rows' people
//! while the last rows are still being parsed (and never holds every row at once).

use super::{SheetError, xlsx::unescape_excel};
use std::path::Path;
use std::sync::mpsc::{Receiver, SyncSender};

/// Rows handed over together (each hand-over wakes the reader of the rows).
const BATCH: usize = 256;

/// The rows of a sheet, in order from its first row (an empty row as an empty list),
/// read on another thread. `finish` says whether the reading got to the end.
pub struct RowStream {
    batches: Receiver<Vec<Vec<String>>>,
    batch: std::vec::IntoIter<Vec<String>>,
    reading: Option<std::thread::JoinHandle<Result<(), String>>>,
    path: String,
}

impl Iterator for RowStream {
    type Item = Vec<String>;

    fn next(&mut self) -> Option<Vec<String>> {
        loop {
            if let Some(row) = self.batch.next() {
                return Some(row);
            }
            self.batch = self.batches.recv().ok()?.into_iter();
        }
    }
}

impl RowStream {
    /// Stops reading (whatever is left unread) and says whether what was read was
    /// the whole sheet: a file cut short or broken halfway is an error, not fewer rows.
    pub fn finish(mut self) -> Result<(), SheetError> {
        // The reader stops at its next hand-over once nobody takes the rows.
        let (_, closed) = std::sync::mpsc::sync_channel(0);
        drop(std::mem::replace(&mut self.batches, closed));
        let reading = self.reading.take().map(|r| r.join().unwrap_or_else(|_| Err("the reading stopped".into())));
        reading.unwrap_or(Ok(())).map_err(|detail| SheetError::Damaged { path: self.path.clone(), detail })
    }
}

/// Where the read rows go: batched, and `false` once nobody takes them.
struct Sink {
    batches: SyncSender<Vec<Vec<String>>>,
    batch: Vec<Vec<String>>,
}

impl Sink {
    fn push(&mut self, row: Vec<String>) -> bool {
        self.batch.push(row);
        self.batch.len() < BATCH || self.hand_over()
    }

    fn hand_over(&mut self) -> bool {
        let batch = std::mem::replace(&mut self.batch, Vec::with_capacity(BATCH));
        batch.is_empty() || self.batches.send(batch).is_ok()
    }
}

/// Starts reading the first sheet of a workbook, or a CSV file. A file that cannot
/// be opened, or is no spreadsheet, is an error here, before any row.
pub fn stream_rows(path: &Path) -> Result<RowStream, SheetError> {
    let ext = path.extension().map(|e| e.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
    let shown = path.display().to_string();
    let fail = |detail: String| SheetError::Read { path: shown.clone(), detail };
    let source = match ext.as_str() {
        "csv" | "txt" => Source::Csv(std::fs::read(path).map_err(|e| fail(e.to_string()))?),
        "xlsx" | "xlsm" | "xls" | "xlsb" | "ods" => match calamine::open_workbook_auto(path) {
            Ok(book) => Source::Book(Box::new(book)),
            Err(calamine::Error::Io(e)) => return Err(fail(e.to_string())),
            Err(e) => return Err(SheetError::Damaged { path: shown, detail: e.to_string() }),
        },
        _ => return Err(SheetError::Kind { path: shown }),
    };
    let (tx, rx) = std::sync::mpsc::sync_channel(4);
    let reading = std::thread::spawn(move || {
        let mut sink = Sink { batches: tx, batch: Vec::with_capacity(BATCH) };
        let read = match source {
            Source::Csv(bytes) => {
                super::each_csv_row(&bytes, &mut |row| sink.push(row));
                Ok(())
            }
            Source::Book(book) => match *book {
                calamine::Sheets::Xlsx(mut book) => read_xlsx(&mut book, &mut sink),
                mut book => read_other(&mut book, &mut sink),
            },
        };
        sink.hand_over();
        read
    });
    Ok(RowStream {
        batches: rx,
        batch: Vec::new().into_iter(),
        reading: Some(reading),
        path: path.display().to_string(),
    })
}

enum Source {
    Csv(Vec<u8>),
    Book(Box<calamine::Sheets<std::io::BufReader<std::fs::File>>>),
}

/// An xlsx cell by cell as the sheet's XML is parsed, rows made as their cells come.
fn read_xlsx<R: std::io::Read + std::io::Seek>(book: &mut calamine::Xlsx<R>, sink: &mut Sink) -> Result<(), String> {
    use calamine::Reader;
    let Some(name) = book.sheet_names().first().cloned() else { return Err("no sheet".into()) };
    let mut cells = book.worksheet_cells_reader(&name).map_err(|e| e.to_string())?;
    let mut row: Vec<String> = Vec::new();
    let mut at = 0u32;
    while let Some(cell) = cells.next_cell().map_err(|e| e.to_string())? {
        let (r, c) = cell.get_position();
        let value = cell.get_value();
        let text = match calamine::DataType::get_string(value) {
            Some(s) => unescape_excel(s).trim().to_string(),
            None => cell_text(value),
        };
        if text.is_empty() {
            continue;
        }
        // Rows are in order in a sheet's XML; one out of order joins the current row.
        while r > at {
            if !sink.push(std::mem::take(&mut row)) {
                return Ok(());
            }
            at += 1;
        }
        let c = c as usize;
        if row.len() <= c {
            row.resize(c + 1, String::new());
        }
        if let Some(slot) = row.get_mut(c) {
            *slot = text;
        }
    }
    if !row.is_empty() {
        sink.push(row);
    }
    Ok(())
}

/// `.xls`, `.xlsb`, `.ods`: the sheet read whole, then handed over row by row.
fn read_other<R: std::io::Read + std::io::Seek>(book: &mut calamine::Sheets<R>, sink: &mut Sink) -> Result<(), String> {
    use calamine::Reader;
    let range = book.worksheet_range_at(0).ok_or_else(|| "no sheet".to_string())?.map_err(|e| e.to_string())?;
    // A range starts at its first used cell: pad so that row numbers are the sheet's.
    let (top, left) = range.start().map_or((0, 0), |(r, c)| (r as usize, c as usize));
    for _ in 0..top {
        if !sink.push(Vec::new()) {
            return Ok(());
        }
    }
    for cells in range.rows() {
        let mut row = vec![String::new(); left];
        row.extend(cells.iter().map(cell_text));
        if !sink.push(row) {
            return Ok(());
        }
    }
    Ok(())
}

/// A cell as a person reads it. Whole numbers (an ID number or 户编号 stored as a
/// number) are written without a decimal point or exponent; a date as `YYYY-MM-DD`.
fn cell_text<T: calamine::DataType>(cell: &T) -> String {
    if let Some(s) = cell.get_string() {
        return s.trim().to_string();
    }
    if let Some(n) = cell.get_int() {
        return n.to_string();
    }
    if let Some(d) = cell.get_datetime() {
        return excel_day(d.as_f64()).map_or_else(|| d.to_string(), |day| day.to_string());
    }
    if let Some(f) = cell.get_float() {
        return if f.fract() == 0.0 && f.abs() < 1e17 { format!("{f:.0}") } else { f.to_string() };
    }
    if let Some(b) = cell.get_bool() {
        return if b { "是" } else { "否" }.to_string();
    }
    cell.get_datetime_iso().or_else(|| cell.get_duration_iso()).unwrap_or("").to_string()
}

/// An Excel serial date (days since 1899-12-30, the time as the fraction).
fn excel_day(serial: f64) -> Option<chrono::NaiveDate> {
    let epoch = chrono::NaiveDate::from_ymd_opt(1899, 12, 30)?;
    let days = serial.floor();
    (days.is_finite() && (0.0..2_958_466.0).contains(&days))
        .then(|| epoch.checked_add_days(chrono::Days::new(days as u64)))
        .flatten()
}
