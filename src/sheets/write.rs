//! Spreadsheets written as rows are made: CSV and xlsx, on a thread of their own.

use std::path::Path;

/// A spreadsheet written row by row on a thread of its own, while the rows are still
/// being made (a county's national export: reading the ledger and writing 10 million
/// cells take about as long as each other). `.csv` or `.xlsx`, by the path.
pub struct SheetWriter {
    rows: Option<std::sync::mpsc::SyncSender<Vec<Row>>>,
    /// Rows handed over together, not one by one (each hand-over wakes the writer).
    batch: Vec<Row>,
    /// The file is written beside its place under a temporary name, and takes the
    /// place only once whole: a failure or a crash halfway never leaves half a file
    /// under the name (nor destroys the file that had it).
    writing: std::thread::JoinHandle<Result<tempfile::NamedTempFile, String>>,
    path: std::path::PathBuf,
}

const BATCH: usize = 256;

impl SheetWriter {
    /// Starts writing to `path`; row `header_row` (0-based) is the header.
    pub fn start(path: &Path, header_row: usize) -> SheetWriter {
        let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<Row>>(16);
        let csv = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("csv"));
        let folder = match path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => std::path::PathBuf::from("."),
        };
        let writing = std::thread::spawn(move || {
            let part = tempfile::Builder::new().prefix(".bangfu-").suffix(".part").tempfile_in(&folder);
            let part = part.map_err(|e| e.to_string())?;
            match csv {
                true => write_csv(part.path(), rx.into_iter().flatten())?,
                false => write_xlsx(part.path(), rx.into_iter().flatten(), header_row)?,
            }
            Ok(part)
        });
        SheetWriter { rows: Some(tx), batch: Vec::with_capacity(BATCH), writing, path: path.to_path_buf() }
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

    /// Waits for the last row to be written, then puts the file in its place.
    pub fn finish(mut self) -> Result<(), String> {
        self.hand_over();
        drop(self.rows.take());
        let part = self.writing.join().unwrap_or_else(|_| Err("the writing stopped".into()))?;
        part.persist(&self.path).map(drop).map_err(|e| e.error.to_string())
    }

    /// Stops writing and leaves no file (the rows could not all be made).
    pub fn abandon(mut self) {
        drop(self.rows.take());
        let _ = self.writing.join();
    }
}

/// A CSV Excel reads right: UTF-8 with a byte-order mark; a control character that
/// is no line break or tab (from an older or hand-edited file) spelled out, never raw.
fn write_csv(path: &Path, rows: impl Iterator<Item = Row>) -> Result<(), String> {
    use std::io::Write;
    let mut file = std::io::BufWriter::new(std::fs::File::create(path).map_err(|e| e.to_string())?);
    file.write_all("\u{feff}".as_bytes()).map_err(|e| e.to_string())?;
    let mut writer = csv::WriterBuilder::new().flexible(true).from_writer(file);
    for row in rows {
        for cell in row.cells() {
            writer.write_field(crate::domain::stored::escaped(cell).as_bytes()).map_err(|e| e.to_string())?;
        }
        writer.write_record(None::<&[u8]>).map_err(|e| e.to_string())?;
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

#[cfg(test)]
mod tests {
    use super::*;

    fn names_in(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> =
            std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
        names.sort();
        names
    }

    /// A file takes its name only once whole: an export given up halfway leaves the
    /// file that had the name as it was, and nothing beside it.
    #[test]
    fn a_sheet_given_up_leaves_the_file_that_was_there() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["导出.csv", "导出.xlsx"] {
            let path = dir.path().join(name);
            std::fs::write(&path, "上个月的").unwrap();
            let mut writer = SheetWriter::start(&path, 0);
            assert!(writer.push(Row::from_iter(["县", "姓名"])));
            writer.abandon();
            assert_eq!(std::fs::read_to_string(&path).unwrap(), "上个月的", "{name}");

            let mut writer = SheetWriter::start(&path, 0);
            assert!(writer.push(Row::from_iter(["县", "姓名"])));
            writer.finish().unwrap();
            assert_ne!(std::fs::read(&path).unwrap(), "上个月的".as_bytes(), "{name}: written whole, in its place");
        }
        assert_eq!(names_in(dir.path()), ["导出.csv", "导出.xlsx"], "no part files left");
    }
}
