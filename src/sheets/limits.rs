//! How much of a spreadsheet bangfu reads before it says the file is too large
//! (docs/national.md, "Limits"): Excel's own limits for a sheet's rows, columns and
//! a cell's characters, and bounds on the whole file well above a county's national
//! export (60,000 people × 180 columns: 11 million cells, under 100 MB of text) and
//! well below what a 4 GB laptop holds. Each is checked before memory grows past it,
//! so a hostile file (one 4 GiB cell in a 4 MB xlsx, 25 million empty rows, a CSV of
//! one 2 GiB line) ends in a sentence, not in the allocator.

/// Excel's limits: a sheet's rows and columns, a cell's characters.
pub const MAX_ROWS: usize = 1_048_576;
pub const MAX_COLUMNS: usize = 16_384;
pub const MAX_CELL_CHARS: usize = 32_767;
/// Cells of the whole sheet, counted to each row's last filled cell.
pub const MAX_CELLS: usize = 25_000_000;
/// The text of all cells (and of an xlsx's shared strings), in bytes.
pub const MAX_TEXT_BYTES: usize = 512 << 20;
/// A CSV or `.xls` file, read whole (an xlsx is streamed), in bytes.
pub const MAX_FILE_BYTES: u64 = 512 << 20;
/// One line of a CSV, in bytes (16,384 cells of a few characters each).
pub const MAX_LINE_BYTES: usize = 4 << 20;
/// One piece of a sheet's XML (a tag, or the text between two tags), in bytes: a
/// cell of 32,767 characters, each escaped as an entity, fits many times over.
pub const MAX_PIECE_BYTES: usize = 8 << 20;
/// The most bytes a cell of `MAX_CELL_CHARS` characters takes in UTF-8.
pub const MAX_CELL_BYTES: usize = MAX_CELL_CHARS * 4;
/// The most sheets of a workbook bangfu reads (a workbook of lists has a handful).
pub const MAX_SHEETS: usize = 64;

/// Which limit a file went past.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    Rows,
    Columns,
    CellChars,
    Cells,
    TextBytes,
    FileBytes,
    LineBytes,
    PieceBytes,
}

/// The readers below `sheets` speak in plain strings (a damaged file's reason); a
/// limit travels through them under this mark and is told apart at the top.
const MARK: &str = "\u{0}limit:";

impl Limit {
    const ALL: [Limit; 8] = [
        Limit::Rows,
        Limit::Columns,
        Limit::CellChars,
        Limit::Cells,
        Limit::TextBytes,
        Limit::FileBytes,
        Limit::LineBytes,
        Limit::PieceBytes,
    ];

    /// The limit as a reader's error.
    pub(super) fn error(self) -> String {
        format!("{MARK}{}", self.key())
    }

    /// The limit a reader's error names, if it is one.
    pub(super) fn of_error(error: &str) -> Option<Limit> {
        let key = error.strip_prefix(MARK)?;
        Limit::ALL.into_iter().find(|l| l.key() == key)
    }

    /// Its label key's last part (`import.limit.rows`) and its name in errors.
    pub fn key(self) -> &'static str {
        match self {
            Limit::Rows => "rows",
            Limit::Columns => "columns",
            Limit::CellChars => "cell_chars",
            Limit::Cells => "cells",
            Limit::TextBytes => "text_bytes",
            Limit::FileBytes => "file_bytes",
            Limit::LineBytes => "line_bytes",
            Limit::PieceBytes => "piece_bytes",
        }
    }
}

/// Counts what a sheet has handed over so far, and says when it is past a limit.
#[derive(Debug, Default)]
pub(super) struct Tally {
    rows: usize,
    cells: usize,
    text: usize,
}

impl Tally {
    pub(super) fn add(&mut self, row: &[String]) -> Result<(), Limit> {
        self.rows += 1;
        self.cells += row.len();
        self.text += row.iter().map(String::len).sum::<usize>();
        if self.rows > MAX_ROWS {
            return Err(Limit::Rows);
        }
        if row.len() > MAX_COLUMNS {
            return Err(Limit::Columns);
        }
        if row.iter().any(|c| c.len() > MAX_CELL_CHARS && c.chars().count() > MAX_CELL_CHARS) {
            return Err(Limit::CellChars);
        }
        if self.cells > MAX_CELLS {
            return Err(Limit::Cells);
        }
        if self.text > MAX_TEXT_BYTES {
            return Err(Limit::TextBytes);
        }
        Ok(())
    }
}

/// Whether some line of a CSV is longer than `MAX_LINE_BYTES`.
pub(super) fn has_long_line(bytes: &[u8]) -> bool {
    let mut from = 0;
    // A line ends at `\n` or, as Excel for Mac writes them, at `\r` alone.
    for end in memchr::memchr2_iter(b'\n', b'\r', bytes).chain(std::iter::once(bytes.len())) {
        if end - from > MAX_LINE_BYTES {
            return true;
        }
        from = end + 1;
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_limit_travels_through_a_plain_error_and_back() {
        for limit in Limit::ALL {
            assert_eq!(Limit::of_error(&limit.error()), Some(limit));
        }
        assert_eq!(Limit::of_error("the XML breaks off inside a tag"), None);
    }

    #[test]
    fn a_tally_stops_at_each_limit() {
        let mut tally = Tally::default();
        assert_eq!(tally.add(&vec![String::new(); MAX_COLUMNS]), Ok(()));
        assert_eq!(tally.add(&vec![String::new(); MAX_COLUMNS + 1]), Err(Limit::Columns));
        let mut tally = Tally::default();
        assert_eq!(tally.add(&["字".repeat(MAX_CELL_CHARS)]), Ok(()));
        assert_eq!(tally.add(&["字".repeat(MAX_CELL_CHARS + 1)]), Err(Limit::CellChars));
        let mut tally = Tally { rows: MAX_ROWS - 1, ..Tally::default() };
        assert_eq!(tally.add(&[]), Ok(()));
        assert_eq!(tally.add(&[]), Err(Limit::Rows));
    }

    #[test]
    fn a_long_line_is_found_wherever_it_is() {
        let line = vec![b'a'; MAX_LINE_BYTES];
        let mut bytes = b"x\n".to_vec();
        bytes.extend_from_slice(&line);
        assert!(!has_long_line(&bytes));
        bytes.push(b'a');
        assert!(has_long_line(&bytes));
        bytes.push(b'\n');
        assert!(has_long_line(&bytes));
        let mac: Vec<u8> = std::iter::repeat_n(b"a,b\r".as_slice(), 2 << 20).flatten().copied().collect();
        assert!(!has_long_line(&mac), "lines ended by CR alone");
    }
}
