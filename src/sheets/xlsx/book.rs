//! What the first sheet's cells need from the rest of an xlsx package: which part the
//! sheet is, the shared strings, which cell styles show a number as a date, and
//! whether the workbook counts days from 1904.

use super::xml::{Event, XmlReader, attr, push_text};
use crate::sheets::SheetError;
use crate::sheets::limits::{Limit, MAX_CELL_BYTES, MAX_CELLS, MAX_TEXT_BYTES};
use std::fs::File;
use std::io::BufReader;

pub(in crate::sheets) struct Book {
    archive: zip::ZipArchive<BufReader<File>>,
    sheet: String,
    /// Every sheet's part, in the workbook's order.
    sheets: Vec<String>,
    shared_strings: Option<String>,
    styles: Option<String>,
    pub(super) date1904: bool,
}

type Part<'a> = XmlReader<zip::read::ZipFile<'a, BufReader<File>>>;

impl Book {
    /// Opens the package and finds its first sheet (in the workbook's order, as Excel
    /// shows the tabs). A file that is not an xlsx package is `Damaged`.
    pub(in crate::sheets) fn open(path: &std::path::Path) -> Result<Book, SheetError> {
        let shown = path.display().to_string();
        let file = File::open(path).map_err(|e| SheetError::Read { path: shown.clone(), detail: e.to_string() })?;
        let damaged = |detail: String| SheetError::Damaged { path: shown.clone(), detail };
        let archive = zip::ZipArchive::new(BufReader::new(file)).map_err(|e| damaged(e.to_string()))?;
        let mut book = Book {
            archive,
            sheet: String::new(),
            sheets: Vec::new(),
            shared_strings: None,
            styles: None,
            date1904: false,
        };
        book.find_parts().map_err(damaged)?;
        Ok(book)
    }

    fn find_parts(&mut self) -> Result<(), String> {
        let package = self.relationships("_rels/.rels")?;
        let workbook = package
            .iter()
            .find(|r| r.kind.ends_with("/officeDocument"))
            .map_or_else(|| "xl/workbook.xml".to_string(), |r| resolve("", &r.target));
        let (folder, file) = workbook.rsplit_once('/').unwrap_or(("", &workbook));
        let related = self.relationships(&format!("{folder}/_rels/{file}.rels"))?;
        let target = |id: &str| related.iter().find(|r| r.id == id).map(|r| resolve(folder, &r.target));
        let of_kind = |kind: &str| related.iter().find(|r| r.kind.ends_with(kind)).map(|r| resolve(folder, &r.target));
        let (sheet_ids, date1904) = self.workbook(&workbook)?;
        self.sheets = sheet_ids.iter().filter_map(|id| target(id)).collect();
        self.sheet = self.sheets.first().cloned().ok_or("the workbook has no sheet")?;
        self.shared_strings = of_kind("/sharedStrings");
        self.styles = of_kind("/styles");
        self.date1904 = date1904;
        Ok(())
    }

    /// The relationship ids of the sheets, in order, and the 1904 date system's flag.
    fn workbook(&mut self, name: &str) -> Result<(Vec<String>, bool), String> {
        let mut xml = self.part(name)?.ok_or("the package has no workbook")?;
        let (mut sheets, mut date1904) = (Vec::new(), false);
        while let Some(event) = xml.next_event()? {
            if let Event::Start { name, attrs, .. } = event {
                match name {
                    b"sheet" if sheets.len() < crate::sheets::limits::MAX_SHEETS => {
                        sheets.extend(attr(attrs, b"id").map(text))
                    }
                    b"workbookPr" => date1904 = attr(attrs, b"date1904").is_some_and(|v| v == b"1" || v == b"true"),
                    _ => {}
                }
            }
        }
        Ok((sheets, date1904))
    }

    fn relationships(&mut self, name: &str) -> Result<Vec<Relationship>, String> {
        let Some(mut xml) = self.part(name)? else { return Ok(Vec::new()) };
        let mut found = Vec::new();
        while let Some(event) = xml.next_event()? {
            if let Event::Start { name: b"Relationship", attrs, .. } = event {
                found.push(Relationship {
                    id: attr(attrs, b"Id").map(text).unwrap_or_default(),
                    kind: attr(attrs, b"Type").map(text).unwrap_or_default(),
                    target: attr(attrs, b"Target").map(text).unwrap_or_default(),
                });
            }
        }
        Ok(found)
    }

    /// A part of the package by name, as written or in other letter case (writers
    /// differ); `None` when it has none.
    fn part(&mut self, name: &str) -> Result<Option<Part<'_>>, String> {
        let archive = &self.archive;
        let index = archive.index_for_name(name).or_else(|| {
            (0..archive.len())
                .find(|&i| archive.name_for_index(i).is_some_and(|n| n.is_ok_and(|n| n.eq_ignore_ascii_case(name))))
        });
        let Some(index) = index else { return Ok(None) };
        let file = self.archive.by_index(index).map_err(|e| e.to_string())?;
        Ok(Some(XmlReader::new(file)))
    }

    /// Reads the sheet at `index` (in the workbook's order) instead of the first;
    /// false when there is none.
    pub(in crate::sheets) fn choose(&mut self, index: usize) -> bool {
        match self.sheets.get(index) {
            Some(sheet) => {
                self.sheet = sheet.clone();
                true
            }
            None => false,
        }
    }

    /// The chosen sheet's XML (the first unless another was chosen).
    pub(super) fn sheet(&mut self) -> Result<Part<'_>, String> {
        let name = self.sheet.clone();
        self.part(&name)?.ok_or_else(|| format!("the package has no {name}"))
    }

    /// The workbook's shared strings, in order, as Excel shows them: the runs of a
    /// rich string joined, phonetic guides (`rPh`) left out, `_xHHHH_` unescaped.
    pub(super) fn shared_strings(&mut self) -> Result<Vec<String>, String> {
        let Some(name) = self.shared_strings.clone() else { return Ok(Vec::new()) };
        let Some(mut xml) = self.part(&name)? else { return Ok(Vec::new()) };
        let mut strings = Vec::new();
        let (mut current, mut in_text, mut phonetic) = (String::new(), false, 0usize);
        let mut total = 0usize;
        while let Some(event) = xml.next_event()? {
            if current.len() > MAX_CELL_BYTES {
                return Err(Limit::CellChars.error());
            }
            if strings.len() > MAX_CELLS {
                return Err(Limit::Cells.error());
            }
            match event {
                Event::Start { name: b"si", empty, .. } => {
                    current.clear();
                    if empty {
                        strings.push(String::new());
                    }
                }
                Event::Start { name: b"rPh", empty: false, .. } => phonetic += 1,
                Event::End { name: b"rPh" } => phonetic = phonetic.saturating_sub(1),
                Event::Start { name: b"t", empty, .. } => in_text = !empty && phonetic == 0,
                Event::End { name: b"t" } => in_text = false,
                Event::Text(raw) if in_text => push_text(&mut current, raw),
                Event::CData(raw) if in_text => current.push_str(&String::from_utf8_lossy(raw)),
                Event::End { name: b"si" } => {
                    total += current.len();
                    if total > MAX_TEXT_BYTES {
                        return Err(Limit::TextBytes.error());
                    }
                    strings.push(super::unescape_excel(&current).into_owned())
                }
                _ => {}
            }
        }
        Ok(strings)
    }

    /// For each cell style (the `s` of a cell), whether it shows a number as a date.
    pub(super) fn date_styles(&mut self) -> Result<Vec<bool>, String> {
        let Some(name) = self.styles.clone() else { return Ok(Vec::new()) };
        let Some(mut xml) = self.part(&name)? else { return Ok(Vec::new()) };
        let mut custom: Vec<(Vec<u8>, bool)> = Vec::new();
        let mut styles = Vec::new();
        let mut in_cell_styles = false;
        while let Some(event) = xml.next_event()? {
            match event {
                Event::Start { name: b"numFmt", attrs, .. } => {
                    let id = attr(attrs, b"numFmtId").unwrap_or_default().to_vec();
                    let code = attr(attrs, b"formatCode").map(text).unwrap_or_default();
                    custom.push((id, is_date_format(&code)));
                }
                Event::Start { name: b"cellXfs", empty, .. } => in_cell_styles = !empty,
                Event::End { name: b"cellXfs" } => in_cell_styles = false,
                Event::Start { name: b"xf", .. } if in_cell_styles && styles.len() > MAX_CELLS => {
                    return Err(Limit::Cells.error());
                }
                Event::Start { name: b"xf", attrs, .. } if in_cell_styles => {
                    let id = attr(attrs, b"numFmtId").unwrap_or(b"0");
                    let date = match custom.iter().find(|(c, _)| c == id) {
                        Some((_, date)) => *date,
                        None => {
                            std::str::from_utf8(id).ok().and_then(|i| i.parse().ok()).is_some_and(is_date_format_id)
                        }
                    };
                    styles.push(date);
                }
                _ => {}
            }
        }
        Ok(styles)
    }
}

struct Relationship {
    id: String,
    kind: String,
    target: String,
}

/// An attribute's value as text, entities decoded.
fn text(raw: &[u8]) -> String {
    let mut out = String::new();
    push_text(&mut out, raw);
    out
}

/// A relationship's target as a part name: relative to the folder of the part that
/// names it, or from the package's root when it begins with `/`.
fn resolve(folder: &str, target: &str) -> String {
    let joined = match target.strip_prefix('/') {
        Some(rooted) => rooted.to_string(),
        None if folder.is_empty() => target.to_string(),
        None => format!("{folder}/{target}"),
    };
    let mut parts: Vec<&str> = Vec::new();
    for part in joined.split('/') {
        match part {
            ".." => drop(parts.pop()),
            "." | "" => {}
            part => parts.push(part),
        }
    }
    parts.join("/")
}

/// Excel's built-in number formats that show a date or a time: the international
/// ones (14–22, 45–47) and those of a Chinese Excel (27–36, 50–58: `yyyy"年"m"月"d"日"`
/// and its kin), which a cadre's workbook is full of.
fn is_date_format_id(id: u32) -> bool {
    matches!(id, 14..=22 | 27..=36 | 45..=47 | 50..=58)
}

/// Whether a custom number format shows a date or a time: a d, m, y, h or s in its
/// first section outside quoted text, escapes and `[…]` (colours, locales, conditions).
fn is_date_format(code: &str) -> bool {
    let (mut quoted, mut escaped, mut bracket) = (false, false, false);
    for c in code.chars() {
        match c {
            _ if escaped => escaped = false,
            '"' => quoted = !quoted,
            _ if quoted => {}
            '\\' | '_' | '*' => escaped = true,
            '[' => bracket = true,
            ']' => bracket = false,
            _ if bracket => {}
            ';' => return false,
            'd' | 'm' | 'y' | 'h' | 's' | 'D' | 'M' | 'Y' | 'H' | 'S' => return true,
            _ => {}
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_formats_are_told_from_number_formats() {
        for date in
            ["yyyy-mm-dd", "yyyy\"年\"m\"月\"d\"日\"", "[$-804]yyyy年m月d日", "m/d/yy h:mm", "[h]:mm:ss", "YYYYMM"]
        {
            assert!(is_date_format(date), "{date}");
        }
        for number in ["General", "0.00", "#,##0.00\"元\"", "[Red]0.00", "0.00_);[Red](0.00)", "@", "\"day\"0", "0\\d"]
        {
            assert!(!is_date_format(number), "{number}");
        }
        assert!(is_date_format_id(14) && is_date_format_id(31) && is_date_format_id(58));
        assert!(!is_date_format_id(0) && !is_date_format_id(49) && !is_date_format_id(164));
    }

    #[test]
    fn targets_resolve_against_the_naming_part() {
        assert_eq!(resolve("xl", "worksheets/sheet1.xml"), "xl/worksheets/sheet1.xml");
        assert_eq!(resolve("xl", "/xl/worksheets/sheet1.xml"), "xl/worksheets/sheet1.xml");
        assert_eq!(resolve("xl/sub", "../sharedStrings.xml"), "xl/sharedStrings.xml");
        assert_eq!(resolve("", "xl/workbook.xml"), "xl/workbook.xml");
    }
}
