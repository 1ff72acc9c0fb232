//! Spreadsheets made to hurt: a cell far larger than Excel allows, more rows or
//! columns than a sheet has, a CSV of one enormous line, a file larger than any
//! export, and arbitrary bytes. Each ends in one sentence (exit 1) before memory
//! grows, on the command line and in the app's dry run; none panics.
#![allow(clippy::indexing_slicing)] // tests index what they just built

mod common;

use bangfu::app::Popup;
use bangfu::domain::vocab::Lang;
use common::*;
use crossterm::event::KeyCode;
use proptest::prelude::*;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A workbook with `sheet` as its only sheet's XML, as the national system's writer
/// packs one (deflated).
fn workbook(dir: &Path, name: &str, sheet: &mut dyn FnMut(&mut dyn Write)) -> PathBuf {
    let path = dir.join(name);
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&path).unwrap());
    let deflated = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let parts = [
        (
            "_rels/.rels",
            r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
        ),
        (
            "xl/_rels/workbook.xml.rels",
            r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#,
        ),
        (
            "xl/workbook.xml",
            r#"<workbook xmlns:r="r"><sheets><sheet name="人员" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
        ),
    ];
    for (name, xml) in parts {
        zip.start_file(name, deflated).unwrap();
        zip.write_all(xml.as_bytes()).unwrap();
    }
    zip.start_file("xl/worksheets/sheet1.xml", deflated.large_file(true)).unwrap();
    zip.write_all(b"<worksheet><sheetData>").unwrap();
    sheet(&mut zip);
    zip.write_all(b"</sheetData></worksheet>").unwrap();
    zip.finish().unwrap();
    path
}

const HEADER: &[u8] =
    "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>户编号</t></is></c><c r=\"B1\" t=\"inlineStr\"><is><t>姓名</t></is></c><c r=\"C1\" t=\"inlineStr\"><is><t>证件号码</t></is></c></row>".as_bytes();

/// `bangfu import FILE --dry-run` on an empty ledger, within 4 GiB of address space
/// as on an old laptop: its exit code and what it said.
fn dry_run(dir: &Path, file: &Path) -> (Option<i32>, String) {
    let ledger = dir.join("ledger.db");
    let line = format!(
        "ulimit -v 4194304; exec '{}' --db '{}' import '{}' --dry-run",
        env!("CARGO_BIN_EXE_bangfu"),
        ledger.display(),
        file.display()
    );
    let out = Command::new("sh").args(["-c", &line]).env_remove("BANGFU_LANG").output().unwrap();
    (out.status.code(), String::from_utf8_lossy(&out.stderr).into_owned())
}

fn refused(dir: &Path, file: &Path, says: &str) {
    let (code, said) = dry_run(dir, file);
    assert_eq!(code, Some(1), "{said}");
    assert!(said.contains("超出程序能读取的范围") && said.contains(says), "{said}");
    assert_eq!(said.trim().lines().count(), 1, "one sentence: {said}");
}

#[test]
fn a_cell_larger_than_excel_allows_is_refused_before_it_is_held() {
    let dir = tempfile::tempdir().unwrap();
    // 64 MiB of one cell, deflated to a fraction of a megabyte: what a hostile file of
    // one 4 GiB cell does, stopped at the same place.
    let path = workbook(dir.path(), "一格.xlsx", &mut |out| {
        out.write_all(HEADER).unwrap();
        out.write_all(b"<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>").unwrap();
        let block = vec![b'A'; 1 << 20];
        for _ in 0..64 {
            out.write_all(&block).unwrap();
        }
        out.write_all(b"</t></is></c></row>").unwrap();
    });
    assert!(std::fs::metadata(&path).unwrap().len() < 1 << 20);
    refused(dir.path(), &path, "8 MB");
    // Just past Excel's 32,767 characters, in pieces small enough to pass one by one.
    let path = workbook(dir.path(), "长格.xlsx", &mut |out| {
        out.write_all(HEADER).unwrap();
        out.write_all(b"<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>").unwrap();
        for _ in 0..=32_767 / 1000 {
            out.write_all("字".repeat(1000).as_bytes()).unwrap();
            out.write_all(b"<!---->").unwrap();
        }
        out.write_all(b"</t></is></c></row>").unwrap();
    });
    refused(dir.path(), &path, "32,767");
}

#[test]
fn rows_and_columns_past_a_sheets_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = workbook(dir.path(), "多行.xlsx", &mut |out| {
        out.write_all(HEADER).unwrap();
        out.write_all(b"<row r=\"1048577\"><c r=\"A1048577\"><v>1</v></c></row>").unwrap();
    });
    refused(dir.path(), &path, "1,048,576");
    let path = workbook(dir.path(), "多列.xlsx", &mut |out| {
        out.write_all(HEADER).unwrap();
        out.write_all(b"<row r=\"2\"><c r=\"XFE2\"><v>1</v></c></row>").unwrap();
    });
    refused(dir.path(), &path, "16,384");
}

#[test]
fn a_csv_of_one_enormous_line_or_of_too_many_bytes_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("一行.csv");
    let mut line = "户编号,姓名,证件号码\n".as_bytes().to_vec();
    line.extend(std::iter::repeat_n(b'9', 5 << 20));
    std::fs::write(&path, &line).unwrap();
    refused(dir.path(), &path, "4 MB");
    // A file larger than any export (sparse: no disk is spent), refused by its size.
    let path = dir.path().join("巨大.csv");
    std::fs::File::create(&path).unwrap().set_len((512 << 20) + 1).unwrap();
    refused(dir.path(), &path, "512 MB");
}

#[test]
fn the_apps_dry_run_shows_the_refusal_in_its_popup() {
    let fixture = empty_ledger();
    let path = fixture.dir.path().join("一行.csv");
    let mut line = "户编号,姓名,证件号码\n".as_bytes().to_vec();
    line.extend(std::iter::repeat_n(b'9', 5 << 20));
    std::fs::write(&path, &line).unwrap();
    let mut app = app_on(&fixture, Lang::Zh);
    app.handle_key(key(KeyCode::Char('1')));
    app.handle_key(key(KeyCode::Char('I')));
    app.handle_key(ctrl('u'));
    type_text(&mut app, &path.display().to_string());
    app.handle_key(key(KeyCode::Enter));
    app.run_pending();
    while app.import_running() {
        app.poll_import();
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    let said = match app.popups.last() {
        Some(Popup::Message { text, .. }) => text.clone(),
        _ => panic!("no message: {:?}", app.status),
    };
    assert!(said.contains("超出程序能读取的范围") && said.contains("4 MB"), "{said}");
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("超出程序能读取"), "{screen}");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    /// Arbitrary bytes named as a sheet are read, or refused with a reason; never a panic.
    #[test]
    fn arbitrary_bytes_never_panic_a_reader(bytes in proptest::collection::vec(any::<u8>(), 0..4096), ext in "(csv|xlsx|xls|ods)") {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(format!("f.{ext}"));
        std::fs::write(&path, &bytes).unwrap();
        let _ = bangfu::sheets::read_rows(&path);
    }

    /// A real package around arbitrary sheet XML: tags cut, nested, unclosed, huge
    /// references, entities; read or refused, never a panic.
    #[test]
    fn hostile_sheet_xml_never_panics_the_xlsx_reader(pieces in proptest::collection::vec(
        prop_oneof![
            Just("<row>".to_string()), Just("</row>".to_string()), Just("<c t=\"s\"><v>".to_string()),
            Just("<c r=\"XFD1048576\">".to_string()), Just("<c r=\"ZZZZZZZZZZZZZZ1\">".to_string()),
            Just("<row r=\"99999999999999999999\">".to_string()), Just("</v></c>".to_string()),
            Just("<row r=\"18446744073709551615\"/>".to_string()), Just("<c r=\"XFD18446744073709551615\">".to_string()),
            Just("<is><t>".to_string()), Just("</t></is>".to_string()), Just("&#x1F600;&amp;&bogus;".to_string()),
            Just("<![CDATA[".to_string()), Just("]]>".to_string()), Just("<!--".to_string()), Just("_x001B_".to_string()),
            "[a-z0-9<>/\"= ]{0,12}",
        ], 0..60)) {
        let dir = tempfile::tempdir().unwrap();
        let xml = pieces.concat();
        let path = workbook(dir.path(), "f.xlsx", &mut |out| out.write_all(xml.as_bytes()).unwrap());
        let _ = bangfu::sheets::read_rows(&path);
    }
}
