//! Arbitrary bytes as the sheet of a real xlsx package (and, one time in eight, as
//! the whole file): bangfu's own zip-and-XML reader must read them or refuse them
//! with a reason, never panic, hang, or grow past the limits — the first sheet, each
//! sheet by its place, and the cooperation lists' recogniser.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::io::Write;

const RELS: &str = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
const BOOK_RELS: &str = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#;
const BOOK: &str = r#"<workbook xmlns:r="r"><sheets><sheet name="a" sheetId="1" r:id="rId1"/></sheets></workbook>"#;

fuzz_target!(|bytes: &[u8]| {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fuzz.xlsx");
    if bytes.first().is_some_and(|b| b % 8 == 0) {
        std::fs::write(&path, bytes).unwrap();
    } else {
        let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
        let options = zip::write::SimpleFileOptions::default();
        for (name, part) in [
            ("_rels/.rels", RELS.as_bytes()),
            ("xl/_rels/workbook.xml.rels", BOOK_RELS.as_bytes()),
            ("xl/workbook.xml", BOOK.as_bytes()),
            ("xl/worksheets/sheet1.xml", bytes),
        ] {
            zip.start_file(name, options).unwrap();
            zip.write_all(part).unwrap();
        }
        zip.finish().unwrap();
    }
    let _ = bangfu::sheets::read_rows(&path);
    // Every sheet, as the cooperation lists' import reads them.
    for index in 0..4 {
        if let Ok(Some(mut sheet)) = bangfu::sheets::stream_sheet(&path, index) {
            sheet.by_ref().for_each(drop);
            let _ = sheet.finish();
        }
    }
    let _ = bangfu::import::lists::holds_lists(&path);
});
