//! The first sheet of an xlsx, row by row, each cell as a person reads it in Excel:
//! shared and inline strings unescaped, whole numbers (an ID number or 户编号 stored as
//! a number) without a decimal point, numbers styled as dates as `YYYY-MM-DD`,
//! booleans as 是/否, error values as nothing.

use super::book::Book;
use super::xml::{Event, attr, each_attr, push_text};
use crate::sheets::limits::{Limit, MAX_CELL_BYTES, MAX_COLUMNS, MAX_ROWS};

/// Reads the sheet of `book` and hands each row to `push` (an empty row as an empty
/// list), until the sheet ends or `push` says `false`. Errors are the file's: XML not
/// whole, a shared string that is not there.
pub(in crate::sheets) fn read_sheet(mut book: Book, push: &mut dyn FnMut(Vec<String>) -> bool) -> Result<(), String> {
    let look = Lookups { shared: book.shared_strings()?, dates: book.date_styles()?, date1904: book.date1904 };
    let mut xml = book.sheet()?;
    let mut rows = Rows::default();
    let mut cell = Cell::default();
    let mut in_data = false;
    while let Some(event) = xml.next_event()? {
        // Whether the event ends a cell (most cells end with their start's tag).
        let ended = match event {
            Event::Start { name: b"sheetData", empty, .. } => {
                in_data = !empty;
                false
            }
            Event::End { name: b"sheetData" } => {
                in_data = false;
                false
            }
            _ if !in_data => false,
            Event::Start { name: b"row", attrs, .. } => {
                rows.start_row(attrs);
                false
            }
            Event::Start { name: b"c", attrs, empty } => {
                rows.start_cell(attrs, &mut cell);
                let (path, into): (&[&[u8]], _) = match cell.kind {
                    Kind::Inline => (&[b"is", b"t"], &mut cell.inline),
                    _ => (&[b"v"], &mut cell.value),
                };
                // (A cell written `<c …/>` has no value and ends at once, empty.)
                match (!empty).then(|| xml.leaf_text(path)) {
                    None => false,
                    Some(Some(raw)) => {
                        push_text(into, raw);
                        true
                    }
                    Some(None) => {
                        cell.open = true;
                        false
                    }
                }
            }
            Event::End { name: b"c" } if cell.open => {
                cell.open = false;
                true
            }
            event => {
                cell.take(event);
                false
            }
        };
        // A cell's text comes in pieces: it may not outgrow what Excel lets a cell hold.
        if cell.value.len().max(cell.inline.len()) > MAX_CELL_BYTES {
            return Err(Limit::CellChars.error());
        }
        if ended && !rows.place(cell.row, cell.column, look.text_of(&cell)?, push)? {
            return Ok(());
        }
    }
    rows.finish(push);
    Ok(())
}

/// What the cells' values are looked up in.
struct Lookups {
    shared: Vec<String>,
    dates: Vec<bool>,
    date1904: bool,
}

/// A cell being read: where it is, its type and style, and its value's text (one
/// for the whole sheet, its buffers reused from cell to cell).
#[derive(Default)]
struct Cell {
    row: usize,
    column: usize,
    kind: Kind,
    style: usize,
    open: bool,
    value: String,
    inline: String,
    into: Collecting,
    in_inline: bool,
    phonetic: usize,
}

/// A cell's `t`: what its value is.
#[derive(Default, Clone, Copy)]
enum Kind {
    Shared,
    Inline,
    /// A formula's text result.
    Formula,
    Bool,
    Error,
    Iso,
    #[default]
    Number,
}

impl Kind {
    fn of(t: Option<&[u8]>) -> Kind {
        match t {
            Some(b"s") => Kind::Shared,
            Some(b"inlineStr") => Kind::Inline,
            Some(b"str") => Kind::Formula,
            Some(b"b") => Kind::Bool,
            Some(b"e") => Kind::Error,
            Some(b"d") => Kind::Iso,
            _ => Kind::Number,
        }
    }
}

/// Where the text being read goes.
#[derive(Default, PartialEq)]
enum Collecting {
    #[default]
    Nowhere,
    Value,
    Inline,
}

impl Cell {
    fn take(&mut self, event: Event) {
        if !self.open {
            return;
        }
        match event {
            Event::Start { name: b"v", empty: false, .. } => self.into = Collecting::Value,
            Event::Start { name: b"is", empty: false, .. } => self.in_inline = true,
            Event::End { name: b"is" } => self.in_inline = false,
            Event::Start { name: b"rPh", empty: false, .. } => self.phonetic += 1,
            Event::End { name: b"rPh" } => self.phonetic = self.phonetic.saturating_sub(1),
            Event::Start { name: b"t", empty: false, .. } if self.in_inline && self.phonetic == 0 => {
                self.into = Collecting::Inline
            }
            Event::End { name: b"v" | b"t" } => self.into = Collecting::Nowhere,
            Event::Text(raw) => match self.into {
                Collecting::Value => push_text(&mut self.value, raw),
                Collecting::Inline => push_text(&mut self.inline, raw),
                Collecting::Nowhere => {}
            },
            Event::CData(raw) => match self.into {
                Collecting::Value => self.value.push_str(&String::from_utf8_lossy(raw)),
                Collecting::Inline => self.inline.push_str(&String::from_utf8_lossy(raw)),
                Collecting::Nowhere => {}
            },
            _ => {}
        }
    }
}

impl Lookups {
    fn text_of(&self, cell: &Cell) -> Result<String, String> {
        let value = cell.value.trim();
        Ok(match cell.kind {
            Kind::Shared => {
                let index: usize = value.parse().map_err(|_| format!("a shared string numbered {value:?}"))?;
                let shared = self.shared.get(index).ok_or_else(|| format!("no shared string {index}"))?;
                shared.trim().to_string()
            }
            Kind::Inline if !cell.inline.is_empty() || value.is_empty() => string_text(&cell.inline),
            Kind::Inline | Kind::Formula => string_text(&cell.value),
            Kind::Bool => match value {
                "1" | "true" => "是".to_string(),
                "0" | "false" => "否".to_string(),
                _ => String::new(),
            },
            Kind::Error => String::new(),
            Kind::Iso => value
                .get(..10)
                .filter(|day| crate::domain::dates::stored_date(day).is_some())
                .unwrap_or(value)
                .to_string(),
            Kind::Number => self.number_text(value, cell.style),
        })
    }

    /// A number cell: a date when its style shows one, else its digits as Excel
    /// shows a whole number (no `.0`, no exponent below 10^17).
    fn number_text(&self, value: &str, style: usize) -> String {
        let Ok(number) = value.parse::<f64>() else { return value.to_string() };
        if self.dates.get(style).copied().unwrap_or(false) {
            let serial = if self.date1904 { number + 1462.0 } else { number };
            if let Some(day) = crate::sheets::read::excel_day(serial) {
                return day.to_string();
            }
        }
        crate::sheets::read::number_text(number)
    }
}

fn string_text(text: &str) -> String {
    super::unescape_excel(text).trim().to_string()
}

/// The rows being made as their cells come: the row being filled and its number.
#[derive(Default)]
struct Rows {
    row: Vec<String>,
    /// The row `row` is (rows before it have been handed over).
    at: usize,
    /// Where a row or cell without an `r` goes: after the last one.
    next_row: usize,
    current_row: usize,
    next_column: usize,
}

impl Rows {
    fn start_row(&mut self, attrs: &[u8]) {
        let numbered = attr(attrs, b"r").and_then(|r| std::str::from_utf8(r).ok()?.parse::<usize>().ok());
        self.current_row = numbered.and_then(|r| r.checked_sub(1)).unwrap_or(self.next_row);
        self.next_row = self.current_row.saturating_add(1);
        self.next_column = 0;
    }

    fn start_cell(&mut self, attrs: &[u8], cell: &mut Cell) {
        let (mut reference, mut style, mut kind) = (None, None, None);
        each_attr(attrs, |name, value| match name {
            b"r" => reference = Some(value),
            b"s" => style = Some(value),
            b"t" => kind = Some(value),
            _ => {}
        });
        let (row, column) = reference.and_then(cell_reference).unwrap_or((self.current_row, self.next_column));
        self.next_column = column.saturating_add(1);
        cell.row = row;
        cell.column = column;
        cell.style = style.and_then(|s| std::str::from_utf8(s).ok()?.parse().ok()).unwrap_or(0);
        cell.kind = Kind::of(kind);
        cell.value.clear();
        cell.inline.clear();
        cell.into = Collecting::Nowhere;
        cell.in_inline = false;
        cell.phonetic = 0;
    }

    /// Puts a cell's text in its row, handing over the rows before it first. `false`
    /// when nobody takes the rows any more.
    fn place(
        &mut self,
        row: usize,
        column: usize,
        text: String,
        push: &mut dyn FnMut(Vec<String>) -> bool,
    ) -> Result<bool, String> {
        if row >= MAX_ROWS {
            return Err(Limit::Rows.error());
        }
        if column >= MAX_COLUMNS {
            return Err(Limit::Columns.error());
        }
        if text.is_empty() {
            return Ok(true);
        }
        // Rows are in order in a sheet's XML; one out of order joins the current row.
        while row > self.at {
            if !push(std::mem::take(&mut self.row)) {
                return Ok(false);
            }
            self.at += 1;
        }
        if self.row.len() <= column {
            self.row.resize(column + 1, String::new());
        }
        if let Some(slot) = self.row.get_mut(column) {
            *slot = text;
        }
        Ok(true)
    }

    fn finish(&mut self, push: &mut dyn FnMut(Vec<String>) -> bool) {
        if !self.row.is_empty() {
            push(std::mem::take(&mut self.row));
        }
    }
}

/// A cell reference such as `AB12` as (row, column) from 0.
fn cell_reference(reference: &[u8]) -> Option<(usize, usize)> {
    let letters = reference.iter().take_while(|b| b.is_ascii_alphabetic()).count();
    let (column, row) = reference.split_at(letters);
    let column = column
        .iter()
        .try_fold(0usize, |n, b| n.checked_mul(26)?.checked_add(usize::from(b.to_ascii_uppercase() - b'A') + 1))?;
    let row: usize = std::str::from_utf8(row).ok()?.parse().ok()?;
    Some((row.checked_sub(1)?, column.checked_sub(1)?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// A package of the given parts, as some other program wrote it.
    fn package(dir: &std::path::Path, parts: &[(&str, &str)]) -> std::path::PathBuf {
        let path = dir.join("别的程序.xlsx");
        let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
        for (name, xml) in parts {
            zip.start_file(*name, zip::write::SimpleFileOptions::default()).unwrap();
            zip.write_all(xml.as_bytes()).unwrap();
        }
        zip.finish().unwrap();
        path
    }

    /// What other writers do that bangfu's and Excel's files do not: namespace
    /// prefixes, the workbook elsewhere, part names in other letter case, spaces
    /// between tags, cells and rows without a reference, rich inline text with
    /// phonetic guides, CDATA, formulas, the 1904 date system and a Chinese Excel's
    /// built-in date format.
    #[test]
    fn sheets_from_other_writers_read_as_excel_shows_them() {
        let dir = tempfile::tempdir().unwrap();
        let rels = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
            <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="/book/wb.xml"/></Relationships>"#;
        let book_rels = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
            <Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="sheets/second.xml"/>
            <Relationship Id="rId7" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="sheets/first.xml"/>
            <Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="../book/Strings.xml"/>
            <Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#;
        let workbook = r#"<?xml version="1.0"?><x:workbook xmlns:x="urn:main" xmlns:r="urn:rel"><x:workbookPr date1904="1"/>
            <x:sheets><x:sheet name="人员" sheetId="2" r:id="rId7"/><x:sheet name="别的" sheetId="1" r:id="rId9"/></x:sheets></x:workbook>"#;
        let strings = r#"<sst xmlns="urn:main" count="2"><si><t>王</t></si><si><r><t>李</t></r><r><rPr><b/></rPr><t xml:space="preserve">明 </t></r><rPh sb="0" eb="1"><t>リ</t></rPh></si><si/></sst>"#;
        let styles = r#"<styleSheet xmlns="urn:main"><numFmts count="1"><numFmt numFmtId="170" formatCode="yyyy&quot;年&quot;m&quot;月&quot;"/></numFmts>
            <cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>
            <cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="31"/><xf numFmtId="170"/><xf numFmtId="4"/></cellXfs></styleSheet>"#;
        let sheet = r#"<?xml version="1.0" encoding="UTF-8"?>
            <x:worksheet xmlns:x="urn:main"><x:dimension ref="A1:D3"/>
              <x:sheetData>
                <x:row r="1">
                  <x:c r="A1" t="s"><x:v>1</x:v></x:c>
                  <x:c t="inlineStr"><x:is><x:r><x:t>张</x:t></x:r><x:r><x:t>三</x:t></x:r><x:rPh><x:t>チョウ</x:t></x:rPh></x:is></x:c>
                  <x:c r="D1" t="str"><x:f>A1&amp;"!"</x:f><x:v>李明 !</x:v></x:c>
                </x:row>
                <x:row>
                  <x:c s="1"><x:v>0</x:v></x:c><x:c s="2"><x:v>1</x:v></x:c><x:c s="3"><x:v>12.50</x:v></x:c>
                  <x:c t="inlineStr"><x:is><x:t><![CDATA[<第一组>]]></x:t></x:is></x:c>
                  <x:c t="e"><x:v>#N/A</x:v></x:c><x:c t="s"><x:v>2</x:v></x:c><x:c t="b"><x:v>1</x:v></x:c>
                </x:row>
                <x:row r="4"><x:c r="B4" t="s"><x:v>0</x:v></x:c></x:row>
              </x:sheetData>
            </x:worksheet>"#;
        let path = package(
            dir.path(),
            &[
                ("_rels/.rels", rels),
                ("book/_rels/wb.xml.rels", book_rels),
                ("book/wb.xml", workbook),
                ("book/STRINGS.xml", strings),
                ("book/styles.xml", styles),
                ("book/sheets/first.xml", sheet),
                (
                    "book/sheets/second.xml",
                    "<worksheet><sheetData><row><c t=\"inlineStr\"><is><t>错</t></is></c></row></sheetData></worksheet>",
                ),
            ],
        );
        let rows = crate::sheets::read_rows(&path).unwrap();
        let text = |r: usize| rows[r].iter().map(String::as_str).collect::<Vec<_>>();
        assert_eq!(text(0), ["李明", "张三", "", "李明 !", "", "", ""]);
        // Day 0 in 1904 is 1904-01-01; 12.50 in a number format is 12.5.
        assert_eq!(text(1), ["1904-01-01", "1904-01-02", "12.5", "<第一组>", "", "", "是"]);
        assert_eq!(text(2), [""; 7]);
        assert_eq!(text(3), ["", "王", "", "", "", "", ""]);
    }

    #[test]
    fn cell_references_read_as_excel_letters_them() {
        assert_eq!(cell_reference(b"A1"), Some((0, 0)));
        assert_eq!(cell_reference(b"Z3"), Some((2, 25)));
        assert_eq!(cell_reference(b"AA10"), Some((9, 26)));
        assert_eq!(cell_reference(b"xfd1048576"), Some((1_048_575, 16_383)));
        assert_eq!(cell_reference(b"A0"), None);
        assert_eq!(cell_reference(b"12"), None);
        assert_eq!(cell_reference(b"A"), None);
    }
}
