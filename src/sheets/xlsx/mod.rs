//! One sheet of text cells written straight into an xlsx package, for the national
//! export: a county's 60,000 people × 180 columns are 400 MB of sheet XML, and a
//! general workbook writer spent three seconds building it through a temporary file.
//! Here each cell's XML is written once into the deflating zip entry.
//!
//! The package holds the parts Excel itself needs and writes for such a sheet
//! (content types, relationships, workbook, styles, the sheet, document properties),
//! the header row bold and frozen, strings inline (`t="inlineStr"`) as Excel's own
//! streaming writers do, and text escaped as Excel escapes it: `& < >` as entities,
//! control characters as `_xHHHH_`, and a literal `_xHHHH_` with its underscore
//! escaped (`_x005F_`) so that it reads back as typed (`unescape_excel` below).
//!
//! Reading an xlsx is bangfu's own as well (`book`, `cells`, `xml`): the sheet's cells
//! streamed as they are inflated, several times faster than a general reader.

mod book;
mod cells;
mod xml;

pub(super) use book::Book;
pub(super) use cells::read_sheet;

use super::Row;
use std::io::{BufWriter, Seek, Write};
use std::path::Path;
use zip::write::SimpleFileOptions;

use crate::sheets::limits::{MAX_CELL_CHARS, MAX_COLUMNS, MAX_ROWS};

/// Writes `rows` as the only sheet of a new workbook at `path`; row `header_row`
/// (0-based) is bold and frozen, `widths` are the columns' widths in display cells.
pub(super) fn write_text_sheet(
    path: &Path,
    rows: impl Iterator<Item = Row>,
    header_row: usize,
    widths: &[usize],
) -> Result<(), String> {
    let file = std::fs::File::create(path).map_err(|e| e.to_string())?;
    let mut zip = zip::ZipWriter::new(BufWriter::with_capacity(1 << 16, file));
    for (name, xml) in PARTS {
        put_part(&mut zip, name, xml)?;
    }
    put_part(&mut zip, "docProps/core.xml", &core_properties())?;
    zip.start_file("xl/worksheets/sheet1.xml", options()).map_err(|e| e.to_string())?;
    {
        let mut sheet = SheetXml::new(BufWriter::with_capacity(1 << 18, &mut zip));
        sheet.begin(header_row, widths).map_err(|e| e.to_string())?;
        for (r, row) in rows.enumerate() {
            if r >= MAX_ROWS {
                return Err(format!("more than {MAX_ROWS} rows, the most an xlsx sheet holds; export .csv"));
            }
            sheet.row(r, &row, r == header_row)?;
        }
        sheet.end().map_err(|e| e.to_string())?;
    }
    let mut file = zip.finish().map_err(|e| e.to_string())?;
    file.flush().map_err(|e| e.to_string())
}

/// Deflate at level 3: a county's sheet in under a second, a file a fifth larger than
/// the default level's, which took three times as long.
fn options() -> SimpleFileOptions {
    SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(3))
        .last_modified_time(zip::DateTime::default())
}

fn put_part<W: Write + Seek>(zip: &mut zip::ZipWriter<W>, name: &str, xml: &str) -> Result<(), String> {
    zip.start_file(name, options()).map_err(|e| e.to_string())?;
    zip.write_all(xml.as_bytes()).map_err(|e| e.to_string())
}

/// The sheet's XML, written as it is made.
struct SheetXml<W: Write> {
    out: W,
    /// Column letters (`A`, `B`, … `AA`), made once per column.
    letters: Vec<String>,
}

impl<W: Write> SheetXml<W> {
    fn new(out: W) -> Self {
        SheetXml { out, letters: Vec::new() }
    }

    fn begin(&mut self, header_row: usize, widths: &[usize]) -> std::io::Result<()> {
        let below = header_row + 2;
        write!(
            self.out,
            "{XML_DECLARATION}<worksheet xmlns=\"{MAIN_NS}\" xmlns:r=\"{REL_NS}\"><sheetViews>\
             <sheetView tabSelected=\"1\" workbookViewId=\"0\"><pane ySplit=\"{}\" topLeftCell=\"A{below}\" \
             activePane=\"bottomLeft\" state=\"frozen\"/><selection pane=\"bottomLeft\" activeCell=\"A{below}\" \
             sqref=\"A{below}\"/></sheetView></sheetViews><sheetFormatPr defaultRowHeight=\"15\"/>",
            header_row + 1
        )?;
        if !widths.is_empty() {
            self.out.write_all(b"<cols>")?;
            for (c, w) in widths.iter().enumerate().take(MAX_COLUMNS) {
                // Excel's own padding on a width in characters of the default font.
                let width = (*w).clamp(4, 40) + 2;
                write!(self.out, "<col min=\"{0}\" max=\"{0}\" width=\"{width}.7109375\" customWidth=\"1\"/>", c + 1)?;
            }
            self.out.write_all(b"</cols>")?;
        }
        self.out.write_all(b"<sheetData>")
    }

    /// One row (`r` 0-based); empty cells, and rows with no text, are left out.
    fn row(&mut self, r: usize, cells: &Row, bold: bool) -> Result<(), String> {
        if cells.cells().all(str::is_empty) {
            return Ok(());
        }
        if cells.len() > MAX_COLUMNS {
            return Err(format!("more than {MAX_COLUMNS} columns, the most an xlsx sheet holds; export .csv"));
        }
        while self.letters.len() < cells.len() {
            self.letters.push(column_letters(self.letters.len()));
        }
        let number = (r + 1).to_string();
        if let Some((text, letters)) = cells.cells().zip(&self.letters).find(|(t, _)| too_long(t)) {
            return Err(format!(
                "cell {letters}{number} holds {} characters, more than an xlsx cell holds ({MAX_CELL_CHARS})",
                text.chars().count()
            ));
        }
        self.write_row(&number, cells, bold).map_err(|e| e.to_string())
    }

    /// Pieces written as they are: a county's 8 million cells through `write!` took
    /// a third of the writing's time.
    fn write_row(&mut self, number: &str, cells: &Row, bold: bool) -> std::io::Result<()> {
        let out = &mut self.out;
        out.write_all(b"<row r=\"")?;
        out.write_all(number.as_bytes())?;
        out.write_all(b"\">")?;
        for (text, letters) in cells.cells().zip(&self.letters) {
            if text.is_empty() {
                continue;
            }
            out.write_all(b"<c r=\"")?;
            out.write_all(letters.as_bytes())?;
            out.write_all(number.as_bytes())?;
            out.write_all(if bold { b"\" s=\"1\" t=\"inlineStr\"><is>" } else { b"\" t=\"inlineStr\"><is>" })?;
            out.write_all(if needs_preserve(text) { b"<t xml:space=\"preserve\">" } else { b"<t>" })?;
            write_escaped(out, text)?;
            out.write_all(b"</t></is></c>")?;
        }
        out.write_all(b"</row>")
    }

    fn end(&mut self) -> std::io::Result<()> {
        self.out.write_all(
            b"</sheetData><pageMargins left=\"0.7\" right=\"0.7\" top=\"0.75\" bottom=\"0.75\" \
              header=\"0.3\" footer=\"0.3\"/></worksheet>",
        )?;
        self.out.flush()
    }
}

/// `A` … `Z`, `AA` … for a 0-based column.
fn column_letters(column: usize) -> String {
    let mut n = column + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    letters.iter().rev().map(|b| char::from(*b)).collect()
}

fn too_long(text: &str) -> bool {
    text.len() > MAX_CELL_CHARS && text.chars().count() > MAX_CELL_CHARS
}

/// Leading or trailing white space is kept only when the text says so.
fn needs_preserve(text: &str) -> bool {
    text.starts_with(char::is_whitespace) || text.ends_with(char::is_whitespace)
}

/// Text as XML character data, escaped as Excel escapes it.
fn write_escaped(out: &mut impl Write, text: &str) -> std::io::Result<()> {
    let plain = |b: &u8| !matches!(b, b'&' | b'<' | b'>' | b'_' | 0xEF) && *b >= 0x20;
    if text.as_bytes().iter().all(plain) {
        return out.write_all(text.as_bytes());
    }
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        match c {
            '&' => out.write_all(b"&amp;")?,
            '<' => out.write_all(b"&lt;")?,
            '>' => out.write_all(b"&gt;")?,
            '\t' | '\n' => out.write_all(&[c as u8])?,
            '\u{0}'..='\u{1F}' | '\u{FFFE}' | '\u{FFFF}' => write!(out, "_x{:04X}_", u32::from(c))?,
            '_' if starts_excel_escape(rest) => out.write_all(b"_x005F_")?,
            _ => out.write_all(c.encode_utf8(&mut [0; 4]).as_bytes())?,
        }
        rest = rest.get(c.len_utf8()..).unwrap_or("");
    }
    Ok(())
}

/// Whether `text` begins with `_xHHHH_` (four hex digits), Excel's escape of one
/// UTF-16 unit.
fn starts_excel_escape(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() >= 7
        && b.starts_with(b"_x")
        && b.get(2..6).is_some_and(|hex| hex.iter().all(u8::is_ascii_hexdigit))
        && b.get(6) == Some(&b'_')
}

/// A string cell of an xlsx as Excel shows it: `_xHHHH_` is the character HHHH (a
/// control character, or `_` itself before a literal `_xHHHH_`). Readers of the file
/// format leave these as they are; Excel and WPS show the character.
pub(super) fn unescape_excel(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains("_x") {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        let escaped = starts_excel_escape(rest)
            .then(|| rest.get(2..6).and_then(|hex| u32::from_str_radix(hex, 16).ok()).and_then(char::from_u32))
            .flatten();
        match escaped {
            Some(ch) => {
                out.push(ch);
                rest = rest.get(7..).unwrap_or("");
            }
            None => {
                out.push(c);
                rest = rest.get(c.len_utf8()..).unwrap_or("");
            }
        }
    }
    std::borrow::Cow::Owned(out)
}

fn core_properties() -> String {
    let now = chrono::Utc::now().format("%Y-%m-%dT%H:%M:%SZ");
    format!(
        "{XML_DECLARATION}<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" \
         xmlns:dcmitype=\"http://purl.org/dc/dcmitype/\" xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\
         <dc:creator>bangfu</dc:creator><dcterms:created xsi:type=\"dcterms:W3CDTF\">{now}</dcterms:created>\
         <dcterms:modified xsi:type=\"dcterms:W3CDTF\">{now}</dcterms:modified></cp:coreProperties>"
    )
}

const XML_DECLARATION: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";
const MAIN_NS: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// The package's fixed parts.
const PARTS: [(&str, &str); 6] = [
    ("[Content_Types].xml", CONTENT_TYPES),
    ("_rels/.rels", PACKAGE_RELS),
    ("docProps/app.xml", APP_PROPERTIES),
    ("xl/workbook.xml", WORKBOOK),
    ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
    ("xl/styles.xml", STYLES),
];

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#;

const PACKAGE_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/></Relationships>"#;

const APP_PROPERTIES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><Application>Microsoft Excel</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop><HeadingPairs><vt:vector size="2" baseType="variant"><vt:variant><vt:lpstr>Worksheets</vt:lpstr></vt:variant><vt:variant><vt:i4>1</vt:i4></vt:variant></vt:vector></HeadingPairs><TitlesOfParts><vt:vector size="1" baseType="lpstr"><vt:lpstr>Sheet1</vt:lpstr></vt:vector></TitlesOfParts><LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged><AppVersion>12.0000</AppVersion></Properties>"#;

const WORKBOOK: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><bookViews><workbookView xWindow="240" yWindow="15" windowWidth="16095" windowHeight="9660"/></bookViews><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets><calcPr calcId="124519" fullCalcOnLoad="1"/></workbook>"#;

const WORKBOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#;

/// Two cell formats: the default, and bold for the header row.
const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font><font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles><dxfs count="0"/><tableStyles count="0" defaultTableStyle="TableStyleMedium9" defaultPivotStyle="PivotStyleLight16"/></styleSheet>"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_lettered_as_excel_letters_them() {
        let names: Vec<String> = [0, 25, 26, 51, 52, 701, 702, 16_383].into_iter().map(column_letters).collect();
        assert_eq!(names, ["A", "Z", "AA", "AZ", "BA", "ZZ", "AAA", "XFD"]);
    }

    #[test]
    fn text_is_escaped_as_excel_escapes_it_and_reads_back_as_typed() {
        let cases = [
            ("王秀英", "王秀英"),
            ("A&B <c>", "A&amp;B &lt;c&gt;"),
            ("一行\r\n二行\t", "一行_x000D_\n二行\t"),
            ("\u{1}", "_x0001_"),
            ("_x0041_ and _x12_", "_x005F_x0041_ and _x12_"),
            ("ＡＢ１２\u{FFFF}", "ＡＢ１２_xFFFF_"),
        ];
        for (text, xml) in cases {
            let mut out = Vec::new();
            write_escaped(&mut out, text).unwrap();
            assert_eq!(String::from_utf8(out).unwrap(), xml, "{text:?}");
            // A reader of the format unescapes the entities; the rest is Excel's.
            let entities = xml.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&");
            assert_eq!(unescape_excel(&entities), text, "{text:?}");
        }
    }

    /// The written package reads back, through a reader of the format, as the rows
    /// that went in: odd texts, empty rows and cells, more rows than set the widths.
    #[test]
    fn a_written_sheet_reads_back_as_written() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("导出.xlsx");
        let odd = ["A&B <c> \"q\" 'a'", "一行\r\n二行", "_x0041_", "\u{7}铃", "ＡＢ１２", "𠀀字", "=1+1"];
        let mut rows: Vec<Vec<String>> =
            vec![vec!["监测对象信息".into()], vec![], vec!["县".into(), "姓名".into(), "备注".into()]];
        for n in 0..2_500 {
            let note = odd[n % odd.len()].to_string();
            rows.push(vec!["某县".into(), format!("王{n}"), if n % 5 == 0 { String::new() } else { note }]);
        }
        let mut writer = super::super::SheetWriter::start(&path, 2);
        for row in &rows {
            assert!(writer.push(row.iter().collect()));
        }
        writer.finish().unwrap();
        let mut back = super::super::read_rows(&path).unwrap();
        // The reader pads short rows to the widest.
        back.iter_mut().for_each(|row| {
            while row.last().is_some_and(String::is_empty) {
                row.pop();
            }
        });
        let trimmed: Vec<Vec<String>> = rows
            .iter()
            .map(|row| {
                let mut r: Vec<String> = row.iter().map(|c| c.trim().to_string()).collect();
                while r.last().is_some_and(String::is_empty) {
                    r.pop();
                }
                r
            })
            .collect();
        assert_eq!(back, trimmed);
    }
}
