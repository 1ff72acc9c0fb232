//! Spreadsheets written as rows are made: CSV and xlsx, on a thread of their own.

use std::path::Path;

/// A spreadsheet written row by row on a thread of its own, while the rows are still
/// being made (a county's national export: reading the ledger and writing 10 million
/// cells take about as long as each other). `.csv` or `.xlsx`, by the path.
pub struct SheetWriter {
    rows: Option<std::sync::mpsc::SyncSender<Vec<Row>>>,
    /// Rows handed over together, not one by one (each hand-over wakes the writer).
    batch: Vec<Row>,
    writing: std::thread::JoinHandle<Result<(), String>>,
}

const BATCH: usize = 256;

impl SheetWriter {
    /// Starts writing to `path`; row `header_row` (0-based) is the header.
    pub fn start(path: &Path, header_row: usize) -> SheetWriter {
        let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<Row>>(16);
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
    pub fn push(&mut self, row: Row) -> bool {
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
fn write_csv(path: &Path, rows: impl Iterator<Item = Row>) -> Result<(), String> {
    use std::io::Write;
    let mut file = std::io::BufWriter::new(std::fs::File::create(path).map_err(|e| e.to_string())?);
    file.write_all("\u{feff}".as_bytes()).map_err(|e| e.to_string())?;
    let mut writer = csv::WriterBuilder::new().flexible(true).from_writer(file);
    for row in rows {
        writer.write_record(row.cells()).map_err(|e| e.to_string())?;
    }
    writer.flush().map_err(|e| e.to_string())
}

/// The rows whose texts set the column widths: enough to see what a column holds.
const WIDTH_SAMPLE: usize = 2_000;

/// An xlsx sheet of text cells, columns as wide as their Chinese text.
fn write_xlsx(path: &Path, mut rows: impl Iterator<Item = Row>, header_row: usize) -> Result<(), String> {
    // Rows go out as they are written (a county's 60,000 people in little memory); the
    // widths are known first, from the texts of the first rows.
    let first: Vec<Row> = rows.by_ref().take(header_row + 1 + WIDTH_SAMPLE).collect();
    let widths = column_widths(&first, header_row);
    super::xlsx::write_text_sheet(path, first.into_iter().chain(rows), header_row, &widths)
}

/// Each column as wide as its widest text in display cells (title rows span the
/// sheet and do not count).
fn column_widths(rows: &[Row], header_row: usize) -> Vec<usize> {
    let mut widths: Vec<usize> = Vec::new();
    for row in rows.iter().skip(header_row) {
        if widths.len() < row.len() {
            widths.resize(row.len(), 0);
        }
        for (slot, text) in widths.iter_mut().zip(row.cells()) {
            *slot = (*slot).max(unicode_width::UnicodeWidthStr::width(text));
        }
    }
    widths
}

/// One row's cell texts in one buffer: a county's export is 8 million cells, made on
/// one thread and written on another, and one allocation a row instead of one a cell
/// is a second off its time.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Row {
    text: String,
    /// Where each cell's text ends in `text`.
    ends: Vec<usize>,
}

impl Row {
    pub fn with_capacity(cells: usize) -> Row {
        Row { text: String::with_capacity(cells * 8), ends: Vec::with_capacity(cells) }
    }

    /// Adds the next cell.
    pub fn push(&mut self, cell: &str) {
        self.text.push_str(cell);
        self.ends.push(self.text.len());
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    pub fn cells(&self) -> impl Iterator<Item = &str> {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts.zip(&self.ends).map(|(start, end)| self.text.get(start..*end).unwrap_or(""))
    }
}

impl<S: AsRef<str>> FromIterator<S> for Row {
    fn from_iter<I: IntoIterator<Item = S>>(cells: I) -> Row {
        let mut row = Row::default();
        cells.into_iter().for_each(|c| row.push(c.as_ref()));
        row
    }
}
