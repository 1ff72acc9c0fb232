//! Reading a sheet on a thread of its own, its rows handed over as they are read: a
//! county's xlsx is 400 MB of sheet XML, and the import reads the first rows' people
//! while the last rows are still being parsed (and never holds every row at once).

use super::SheetError;
use super::limits::{Limit, MAX_FILE_BYTES, Tally};
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
        reading.unwrap_or(Ok(())).map_err(|detail| match Limit::of_error(&detail) {
            Some(limit) => SheetError::TooLarge { path: self.path.clone(), limit },
            None => SheetError::Damaged { path: self.path.clone(), detail },
        })
    }
}

/// Where the read rows go: batched, and `false` once nobody takes them.
struct Sink {
    batches: SyncSender<Vec<Vec<String>>>,
    batch: Vec<Vec<String>>,
    tally: Tally,
    /// The limit the rows went past, which ends the reading.
    past: Option<Limit>,
}

impl Sink {
    fn push(&mut self, row: Vec<String>) -> bool {
        if let Err(limit) = self.tally.add(&row) {
            self.past = Some(limit);
            return false;
        }
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
    let shown = path.display().to_string();
    stream_sheet(path, 0)?.ok_or(SheetError::Damaged { path: shown, detail: "the workbook has no sheet".into() })
}

/// Starts reading the sheet at `index` of a workbook (a CSV file is one sheet);
/// `None` when the workbook has no such sheet.
pub fn stream_sheet(path: &Path, index: usize) -> Result<Option<RowStream>, SheetError> {
    let ext = path.extension().map(|e| e.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
    let shown = path.display().to_string();
    let fail = |detail: String| SheetError::Read { path: shown.clone(), detail };
    let source = match ext.as_str() {
        "csv" | "txt" => {
            within_size(path, &shown)?;
            let bytes = std::fs::read(path).map_err(|e| fail(e.to_string()))?;
            if super::limits::has_long_line(&bytes) {
                return Err(SheetError::TooLarge { path: shown, limit: Limit::LineBytes });
            }
            if index > 0 {
                return Ok(None);
            }
            Source::Csv(bytes)
        }
        "xlsx" | "xlsm" => {
            let mut book = super::xlsx::Book::open(path)?;
            if !book.choose(index) {
                return Ok(None);
            }
            Source::Xlsx(Box::new(book))
        }
        // Read whole by calamine: the file's size and its sheets' grids bounded first.
        // (`.xlsb` and `.ods`, whose grids calamine lays out unbounded from a few bytes,
        // are not read: saved as .xlsx they are.)
        "xls" => {
            within_size(path, &shown)?;
            super::xls_grid::within_grid(path).map_err(|limit| SheetError::TooLarge { path: shown.clone(), limit })?;
            match calamine::open_workbook_auto(path) {
                Ok(book) if index < calamine::Reader::sheet_names(&book).len().min(super::limits::MAX_SHEETS) => {
                    Source::Book(Box::new(book), index)
                }
                Ok(_) => return Ok(None),
                Err(calamine::Error::Io(e)) => return Err(fail(e.to_string())),
                Err(e) => return Err(SheetError::Damaged { path: shown, detail: e.to_string() }),
            }
        }
        _ => return Err(SheetError::Kind { path: shown }),
    };
    let (tx, rx) = std::sync::mpsc::sync_channel(4);
    let reading = std::thread::spawn(move || {
        let mut sink = Sink { batches: tx, batch: Vec::with_capacity(BATCH), tally: Tally::default(), past: None };
        let read = match source {
            Source::Csv(bytes) => super::each_csv_row(&bytes, &mut |row| sink.push(row)),
            Source::Xlsx(book) => super::xlsx::read_sheet(*book, &mut |row| sink.push(row)),
            Source::Book(mut book, index) => read_other(&mut book, index, &mut sink),
        };
        sink.hand_over();
        match sink.past {
            Some(limit) => Err(limit.error()),
            None => read,
        }
    });
    Ok(Some(RowStream {
        batches: rx,
        batch: Vec::new().into_iter(),
        reading: Some(reading),
        path: path.display().to_string(),
    }))
}

/// A file read whole is at most `MAX_FILE_BYTES`.
fn within_size(path: &Path, shown: &str) -> Result<(), SheetError> {
    let size =
        std::fs::metadata(path).map_err(|e| SheetError::Read { path: shown.into(), detail: e.to_string() })?.len();
    match size > MAX_FILE_BYTES {
        true => Err(SheetError::TooLarge { path: shown.into(), limit: Limit::FileBytes }),
        false => Ok(()),
    }
}

enum Source {
    Csv(Vec<u8>),
    Xlsx(Box<super::xlsx::Book>),
    /// A workbook read by calamine, and the index of the sheet.
    Book(Box<calamine::Sheets<std::io::BufReader<std::fs::File>>>, usize),
}

/// `.xls`: the sheet read whole (its grid bounded first), then handed over row by row.
fn read_other<R: std::io::Read + std::io::Seek>(
    book: &mut calamine::Sheets<R>,
    index: usize,
    sink: &mut Sink,
) -> Result<(), String> {
    use calamine::Reader;
    let range = book.worksheet_range_at(index).ok_or_else(|| "no sheet".to_string())?.map_err(|e| e.to_string())?;
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
        return number_text(f);
    }
    if let Some(b) = cell.get_bool() {
        return if b { "是" } else { "否" }.to_string();
    }
    cell.get_datetime_iso().or_else(|| cell.get_duration_iso()).unwrap_or("").to_string()
}

/// A number as Excel shows a whole number in a General cell: without a decimal point
/// or an exponent (below 10^17); other numbers as they are.
pub(super) fn number_text(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e17 { format!("{f:.0}") } else { f.to_string() }
}

/// An Excel serial date (days since 1899-12-30, the time as the fraction).
pub(super) fn excel_day(serial: f64) -> Option<chrono::NaiveDate> {
    let epoch = chrono::NaiveDate::from_ymd_opt(1899, 12, 30)?;
    let days = serial.floor();
    (days.is_finite() && (0.0..2_958_466.0).contains(&days))
        .then(|| epoch.checked_add_days(chrono::Days::new(days as u64)))
        .flatten()
}

#[cfg(test)]
mod tests {
    use rust_xlsxwriter::{Format, Formula, Workbook};

    /// Rows without their trailing empty cells, and without trailing empty rows.
    fn tidy(mut rows: Vec<Vec<String>>) -> Vec<Vec<String>> {
        for row in &mut rows {
            while row.last().is_some_and(String::is_empty) {
                row.pop();
            }
        }
        while rows.last().is_some_and(Vec::is_empty) {
            rows.pop();
        }
        rows
    }

    /// A workbook as Excel and WPS write them (shared strings, styles, formulas, dates,
    /// rich text) reads through bangfu's own xlsx reader exactly as through calamine's.
    #[test]
    fn an_excel_workbook_reads_as_a_general_reader_reads_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("台账.xlsx");
        let mut book = Workbook::new();
        let sheet = book.add_worksheet();
        let bold = Format::new().set_bold();
        let day = Format::new().set_num_format("yyyy-mm-dd");
        let builtin_day = Format::new().set_num_format_index(14);
        let money = Format::new().set_num_format("#,##0.00\"元\"");
        let texts =
            ["王秀英", " 前后有空格 ", "A&B <c> \"q\" 'a'", "一行\r\n二行", "_x0041_", "\u{7}铃", "ＡＢ１２", "𠀀字"];
        for (col, text) in texts.iter().enumerate() {
            sheet.write_string_with_format(0, col as u16, *text, &bold).unwrap();
            sheet.write_string(2, col as u16, *text).unwrap();
        }
        let numbers = [511903195001010019.0, 5119031950.0, -3.5, 0.1 + 0.2, 1e20, 8000.17, 0.0];
        for (col, n) in numbers.iter().enumerate() {
            sheet.write_number(3, col as u16, *n).unwrap();
        }
        sheet.write_number_with_format(4, 0, 45_292.0, &day).unwrap();
        sheet.write_number_with_format(4, 1, 45_292.75, &builtin_day).unwrap();
        sheet.write_number_with_format(4, 2, 1234.5, &money).unwrap();
        sheet.write_boolean(4, 3, true).unwrap();
        sheet.write_boolean(4, 4, false).unwrap();
        sheet.write_formula(4, 5, Formula::new("=1+1").set_result("2")).unwrap();
        sheet.write_formula(4, 6, Formula::new("=\"甲\"&\"乙\"").set_result("甲乙")).unwrap();
        sheet.write_blank(4, 7, &bold).unwrap();
        let red = Format::new().set_font_color(rust_xlsxwriter::Color::Red);
        sheet.write_rich_string(5, 2, &[(&bold, "李"), (&red, "明 "), (&Format::default(), "户主")]).unwrap();
        sheet.write_string(9, 30, "远处").unwrap();
        book.save(&path).unwrap();

        let ours = tidy(super::super::read_rows(&path).unwrap());
        let calamine = {
            let mut book = calamine::open_workbook_auto(&path).unwrap();
            let mut rows = Vec::new();
            let mut sink = |row| {
                rows.push(row);
                true
            };
            read_calamine(&mut book, &mut sink);
            tidy(rows)
        };
        assert_eq!(ours, calamine);
        assert_eq!(ours[3][1], "5119031950", "a whole number as its digits");
        assert_eq!((ours[4][0].as_str(), ours[4][1].as_str()), ("2024-01-01", "2024-01-01"));
        assert_eq!(ours[5][2], "李明 户主");
        assert_eq!(ours[9][30], "远处");
    }

    /// calamine's reading of a sheet, as `read_other` hands it over.
    fn read_calamine<R: std::io::Read + std::io::Seek>(
        book: &mut calamine::Sheets<R>,
        take: &mut dyn FnMut(Vec<String>) -> bool,
    ) {
        use calamine::Reader;
        let range = book.worksheet_range_at(0).unwrap().unwrap();
        let (top, left) = range.start().map_or((0, 0), |(r, c)| (r as usize, c as usize));
        for _ in 0..top {
            take(Vec::new());
        }
        for cells in range.rows() {
            let mut row = vec![String::new(); left];
            row.extend(cells.iter().map(|cell| match calamine::DataType::get_string(cell) {
                Some(s) => super::super::xlsx::unescape_excel(s).trim().to_string(),
                None => super::cell_text(cell),
            }));
            take(row);
        }
    }
}
