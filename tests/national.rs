//! The national export brought in (issue 9, item 1): a generated export with the
//! awkward things real ones hold, imported into an empty ledger, imported again with
//! nothing changed, a newer export's changes listed and applied as ops, a dry run that
//! writes nothing, and the rows that cannot be taken named by row number.

#![allow(clippy::indexing_slicing)] // tests index what they just built

mod common;

use bangfu::domain::divisions::{townships_of_county, villages_of_township};
use bangfu::domain::household::Household;
use bangfu::domain::idnum::check_char;
use bangfu::domain::member::Member;
use bangfu::domain::national::COLUMNS;
use bangfu::domain::village::Village;
use bangfu::import::{ImportReport, Issue, import_file};
use bangfu::store::Store;
use common::*;
use std::path::Path;

/// Columns the ledger does not model, which must be kept.
const EXTRA: [&str; 3] = ["省", "市", "信息采集人"];

/// An export of `households` households of 恩阳区 with three people each: title rows,
/// the header on row 3, one row per person, an empty row between households.
fn export(households: usize) -> Vec<Vec<String>> {
    let mut headers: Vec<String> = EXTRA.iter().take(2).map(|s| s.to_string()).collect();
    headers.extend(COLUMNS.iter().map(|(h, _)| h.to_string()));
    headers.push("人均纯收入（元）".into());
    headers.push(EXTRA[2].into());
    let mut rows =
        vec![vec!["（自定义）监测对象信息 2026年".to_string()], vec!["导出单位：恩阳区".to_string()], headers.clone()];
    let towns = townships_of_county("511903");
    let mut serial = 0;
    for n in 0..households {
        let town = &towns[n % 3];
        let village = &villages_of_township(&town.code)[0];
        let number = format!("{}{:04}", village.code, n + 1);
        let people = [("户主", "男", 1970, "初中"), ("配偶", "女", 1972, "小学"), ("之子", "男", 2000, "高中")];
        for (i, (relation, sex, year, education)) in people.iter().enumerate() {
            serial += 1;
            let odd = if *sex == "男" { 1 } else { 0 };
            let body = format!("511903{year}0{}1{}{:02}{odd}", (n % 9) + 1, (n % 9), serial % 100);
            let id = format!("{body}{}", check_char(&body).unwrap());
            let mut cells: Vec<String> = vec!["四川省".into(), "巴中市".into()];
            for (header, _) in COLUMNS {
                let value = match *header {
                    "县" => "恩阳区".to_string(),
                    "乡" => town.name.clone(),
                    "村" => village.name.clone(),
                    "户编号" => number.clone(),
                    "姓名" => name_of(n, i),
                    "证件号码" => id.clone(),
                    "证件类型" => "居民身份证".into(),
                    "与户主关系" => relation.to_string(),
                    "性别" => sex.to_string(),
                    "民族" => "汉族".into(),
                    "文化程度" => education.to_string(),
                    "户类型" => "脱贫户".into(),
                    "监测对象类别" if n % 2 == 0 => "脱贫不稳定户".into(),
                    "识别监测时间" if n % 2 == 0 => "202403".into(),
                    "风险是否已消除" => "否".into(),
                    "致贫/返贫风险1" if n % 2 == 0 => "因病".into(),
                    "工资性收入" => "24000".into(),
                    "转移性收入" => "1200.5".into(),
                    "健康帮扶" if n % 2 == 0 => "是".into(),
                    "户联系电话" => format!("138{:08}", n),
                    _ => String::new(),
                };
                cells.push(value);
            }
            // (24,000 + 1,200.50) ÷ 3, to the fen below, as bangfu writes it.
            cells.push("8400.16".into());
            cells.push("李明".into());
            rows.push(cells);
        }
        rows.push(vec![String::new(); headers.len()]);
    }
    rows
}

/// A name made of letters (digits are refused in names): a surname, then the
/// household's number in Chinese numerals, then who in it.
fn name_of(n: usize, i: usize) -> String {
    const DIGITS: [char; 10] = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九'];
    let surname = ["王", "李", "张", "刘", "陈", "杨"][n % 6];
    format!("{surname}{}{}{}", DIGITS[n / 10 % 10], DIGITS[n % 10], ["甲", "乙", "丙"][i])
}

/// An empty ledger with an export of `households` households imported: the ledger,
/// the export's file and its rows.
fn imported(households: usize) -> (Fixture, std::path::PathBuf, Vec<Vec<String>>) {
    let fixture = empty_ledger();
    let rows = export(households);
    let file = fixture.dir.path().join("一月.csv");
    write_csv(&file, &rows);
    import(&fixture, &file, false);
    (fixture, file, rows)
}

fn column(rows: &[Vec<String>], header: &str) -> usize {
    rows[2].iter().position(|h| h == header).unwrap()
}

fn import(fixture: &Fixture, file: &Path, dry_run: bool) -> ImportReport {
    let mut store = Store::open_with(&fixture.path, today(), &mut |_, _| {}).unwrap();
    import_file(&mut store, file, dry_run, today()).unwrap()
}

fn ops(fixture: &Fixture) -> i64 {
    Store::open(&fixture.path).unwrap().op_count().unwrap()
}

#[test]
fn an_export_imports_then_again_with_nothing_changed() {
    let fixture = empty_ledger();
    let rows = export(6);
    let file = fixture.dir.path().join("监测对象信息.csv");
    write_csv(&file, &rows);

    let dry = import(&fixture, &file, true);
    assert_eq!((dry.households_new, dry.people_new), (6, 18));
    assert_eq!(ops(&fixture), 0, "a dry run writes nothing");

    let first = import(&fixture, &file, false);
    assert_eq!((first.households_new, first.people_new, first.villages_new.len()), (6, 18, 3));
    assert!(first.issues.is_empty(), "{:?}", first.issues);
    assert_eq!(first.income_year, 2026, "the year in the title");
    let store = Store::open(&fixture.path).unwrap();
    let villages: Vec<Village> = store.all().unwrap();
    assert!(villages.iter().all(|v| v.code.is_some() && !v.name.contains("委员会")), "from the official list");
    let households: Vec<Household> = store.all().unwrap();
    let monitored = households.iter().find(|h| h.monitor_category.is_some()).unwrap();
    assert_eq!(monitored.risks, ["illness"]);
    assert_eq!(monitored.identified_month.unwrap().to_string(), "2024-03");
    // Columns bangfu does not model are kept: those the same on every row of a
    // household once, as the household's; the others per person.
    let kept: serde_json::Value = serde_json::from_str(&households[0].extra).unwrap();
    assert_eq!(kept["信息采集人"], "李明", "columns bangfu does not model are kept");
    assert!(kept.get("人均纯收入（元）").is_none(), "人均纯收入 is read, not kept: {kept}");
    let members: Vec<Member> = store.all().unwrap();
    // (Every other column is the same for the whole household here: none is left.)
    assert_eq!(members[0].extra, "", "kept once, with the household");
    let before = ops(&fixture);

    let again = import(&fixture, &file, false);
    assert_eq!((again.households_new, again.households_changed, again.households_unchanged), (0, 0, 6));
    assert_eq!((again.people_new, again.people_changed, again.people_unchanged), (0, 0, 18));
    assert_eq!(ops(&fixture), before, "nothing written again, not even the column order");
}

#[test]
fn a_newer_export_changes_what_changed_and_a_dry_run_lists_it_first() {
    let fixture = empty_ledger();
    let mut rows = export(4);
    let file = fixture.dir.path().join("一月.xlsx");
    write_xlsx(&file, &rows);
    import(&fixture, &file, false);

    let education = column(&rows, "文化程度");
    let phone = column(&rows, "户联系电话");
    rows[3][education] = "大专及以上".into();
    rows[3][phone] = "13900000000".into();
    let newer = fixture.dir.path().join("二月.xlsx");
    write_xlsx(&newer, &rows);
    let before = ops(&fixture);
    let dry = import(&fixture, &newer, true);
    assert_eq!((dry.households_changed, dry.people_changed), (1, 1));
    assert!(dry.changes.iter().any(|(line, _, fields)| *line == 4 && fields.contains(&"member.education".to_string())));
    // Said by the fields' labels, not their names in code.
    let labels = bangfu::ui::Labels::get(bangfu::domain::vocab::Lang::Zh);
    let said = bangfu::import::text::report_lines(labels, &dry, true, 20).join("\n");
    assert!(said.contains("文化程度") && !said.contains("education"), "{said}");
    assert_eq!(ops(&fixture), before, "nothing written");

    import(&fixture, &newer, false);
    let store = Store::open(&fixture.path).unwrap();
    let member = store.member_by_id_number(&rows[3][column(&rows, "证件号码")]).unwrap().unwrap();
    assert_eq!(member.education.as_deref(), Some("college"));
    let changes = store.history(&member.id).unwrap();
    assert!(changes.len() >= 2, "the change is an op in the member's history");
}

/// The same rows as CSV and as xlsx (where an empty row is no row at all in the
/// sheet's XML) are named by the same row numbers.
#[test]
fn rows_that_cannot_be_taken_are_named_by_row_and_odd_labels_are_kept() {
    for name in ["有问题.csv", "有问题.xlsx"] {
        rows_named_by_row(name);
    }
}

fn rows_named_by_row(name: &str) {
    let fixture = empty_ledger();
    let mut rows = export(3);
    let id = column(&rows, "证件号码");
    let nation = column(&rows, "民族");
    // Row 4 (the first person): a wrong check character; row 5: an unknown label;
    // row 8: the first person again.
    let mut bad = rows[3][id].clone();
    let last = bad.pop().unwrap();
    bad.push(if last == '1' { '2' } else { '1' });
    rows[3][id] = bad;
    rows[4][nation] = "火星族".into();
    let twice = rows[7].clone();
    rows.push(vec![String::new(); 1]);
    rows.push(twice.clone());
    rows.push({
        let mut r = twice;
        r[id] = rows[8][id].clone();
        r
    });
    let file = fixture.dir.path().join(name);
    match name.ends_with(".csv") {
        true => write_csv(&file, &rows),
        false => write_xlsx(&file, &rows),
    }
    let report = import(&fixture, &file, false);
    let lines: Vec<usize> = report.issues.iter().map(|(l, _)| *l).collect();
    assert!(
        report
            .issues
            .iter()
            .any(|(l, i)| *l == 4 && matches!(i, Issue::Row(bangfu::domain::national::RowIssue::BadId { .. })))
    );
    assert!(
        report
            .issues
            .iter()
            .any(|(l, i)| *l == 5 && matches!(i, Issue::Row(bangfu::domain::national::RowIssue::UnknownLabel { .. })))
    );
    assert!(lines.iter().any(|l| *l > 12), "{name}: the repeated person is named: {lines:?}");
    assert_eq!(report.people_new, 8, "all but the bad ID and the repeats");
    let store = Store::open(&fixture.path).unwrap();
    let odd = store.member_by_id_number(&rows[4][id]).unwrap().unwrap();
    assert_eq!(odd.ethnicity, None);
    assert!(odd.extra.contains("火星族"), "kept as it came: {}", odd.extra);
}

/// A sheet whose XML breaks off halfway is refused as a whole: nothing of its first
/// half is written (a half-read county would look like a county that lost people).
#[test]
fn a_sheet_broken_halfway_is_refused_and_nothing_is_written() {
    let fixture = empty_ledger();
    let whole = fixture.dir.path().join("完整.xlsx");
    write_xlsx(&whole, &export(40));
    let broken = fixture.dir.path().join("损坏.xlsx");
    let mut from = zip::ZipArchive::new(std::fs::File::open(&whole).unwrap()).unwrap();
    let mut to = zip::ZipWriter::new(std::fs::File::create(&broken).unwrap());
    for i in 0..from.len() {
        let mut part = from.by_index(i).unwrap();
        let name = part.name().unwrap().to_string();
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut part, &mut bytes).unwrap();
        if name.contains("worksheets/") {
            bytes.truncate(bytes.len() * 2 / 3);
            bytes.extend_from_slice(b"<c r=\"A1\"><v>1</x></c>");
        }
        to.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
        std::io::Write::write_all(&mut to, &bytes).unwrap();
    }
    to.finish().unwrap();
    let before = ops(&fixture);
    let mut store = Store::open_with(&fixture.path, today(), &mut |_, _| {}).unwrap();
    let result = import_file(&mut store, &broken, false, today());
    let Err(error) = result else { panic!("a broken sheet imported") };
    assert!(matches!(error, bangfu::import::ImportError::Sheet(bangfu::sheets::SheetError::Damaged { .. })));
    // Said as one sentence a clerk can act on, as for a CSV renamed to .xlsx.
    let labels = bangfu::ui::Labels::get(bangfu::domain::vocab::Lang::Zh);
    let said = bangfu::import::text::error_sentence(labels, &error);
    assert!(said.contains("已损坏") && said.contains("台账未改动"), "{said}");
    let renamed = fixture.dir.path().join("其实是文本.xlsx");
    std::fs::write(&renamed, "户编号,姓名,证件号码\n").unwrap();
    let Err(error) = import_file(&mut store, &renamed, true, today()) else { panic!("a text file read as xlsx") };
    assert_eq!(bangfu::import::text::error_sentence(labels, &error), said.replace("损坏.xlsx", "其实是文本.xlsx"));
    drop(store);
    assert_eq!(ops(&fixture), before, "nothing written");
    assert!(import(&fixture, &whole, true).people_new > 0, "the whole file reads");
}

#[test]
fn an_export_of_villages_nobody_knows_is_refused_row_by_row() {
    let fixture = empty_ledger();
    let mut rows = export(1);
    let village = column(&rows, "村");
    for r in rows.iter_mut().skip(3).filter(|r| r.iter().any(|c| !c.is_empty())) {
        r[village] = "不存在村".into();
    }
    let file = fixture.dir.path().join("x.csv");
    write_csv(&file, &rows);
    let report = import(&fixture, &file, false);
    assert_eq!(report.households_new, 0);
    assert_eq!(report.issues.len(), 3);
    assert!(report.issues.iter().all(|(_, i)| matches!(i, Issue::UnknownVillage { .. })));
}

/// Import → export → import: nothing changes, and the columns bangfu does not model
/// come back as they went in (issue 9, item 2).
#[test]
fn an_exported_ledger_imports_back_unchanged_with_every_column() {
    let (fixture, _, rows) = imported(5);
    for name in ["导出.xlsx", "导出.csv"] {
        let out = fixture.dir.path().join(name);
        let mut store = Store::open(&fixture.path).unwrap();
        let written = bangfu::export::export_national(&mut store, &out, 2026, "监测对象信息 2026年").unwrap();
        assert_eq!(written, 15);
        let back = bangfu::sheets::read_rows(&out).unwrap();
        assert_eq!(back[2], rows[2], "{name}: the column order of the import");
        let collector = column(&rows, "信息采集人");
        let people: Vec<&Vec<String>> = back.iter().skip(3).collect();
        assert!(people.iter().all(|r| r[collector] == "李明"), "{name}: kept columns written back");
        let id = column(&rows, "证件号码");
        assert!(people.iter().all(|r| r[id].len() == 18), "{name}: ID numbers in full, as text");
        let again = import(&fixture, &out, false);
        assert_eq!((again.households_unchanged, again.people_unchanged), (5, 15), "{name}: {again:?}");
        assert_eq!((again.households_changed, again.people_changed, again.issues.len()), (0, 0, 0), "{name}");
    }
    let seen = Store::open(&fixture.path).unwrap().disclosures(5).unwrap();
    assert!(seen.iter().any(|d| d.what == "export"), "the full numbers' export is recorded");
}

/// A correction made in bangfu is never undone by re-importing an export that did not
/// change that field; a field changed on both sides keeps bangfu's value and is named.
#[test]
fn a_correction_made_here_survives_the_next_import() {
    let fixture = empty_ledger();
    let mut rows = export(2);
    let file = fixture.dir.path().join("一月.csv");
    write_csv(&file, &rows);
    import(&fixture, &file, false);
    let id = rows[3][column(&rows, "证件号码")].clone();
    {
        let mut store = Store::open(&fixture.path).unwrap();
        let mut m = store.member_by_id_number(&id).unwrap().unwrap();
        m.education = Some("senior".into());
        store.write(|w| w.update(&m).map(drop)).unwrap();
    }
    let again = import(&fixture, &file, false);
    assert_eq!(again.people_changed, 0, "{again:?}");
    let store = Store::open(&fixture.path).unwrap();
    assert_eq!(store.member_by_id_number(&id).unwrap().unwrap().education.as_deref(), Some("senior"));
    drop(store);

    // The export now says 大专及以上 for that person and a new ethnicity for another.
    let (education, nation) = (column(&rows, "文化程度"), column(&rows, "民族"));
    rows[3][education] = "大专及以上".into();
    rows[4][nation] = "彝族".into();
    let newer = fixture.dir.path().join("二月.csv");
    write_csv(&newer, &rows);
    let report = import(&fixture, &newer, false);
    assert!(
        report
            .issues
            .iter()
            .any(|(line, i)| *line == 4 && matches!(i, Issue::Conflict { field, .. } if field == "education")),
        "{:?}",
        report.issues
    );
    let mut store = Store::open(&fixture.path).unwrap();
    let other = store.member_by_id_number(&rows[4][column(&rows, "证件号码")]).unwrap().unwrap();
    assert_eq!(other.ethnicity.as_deref(), Some("yi"), "changed only there: taken");
    // Changed on both sides: both values stand as a dispute for a person (`C`), as two
    // copies' edits do after a merge; bangfu's value is one of them, nothing lost.
    let member = store.member_by_id_number(&id).unwrap().unwrap();
    let disputes = store.disputes().unwrap();
    assert_eq!(disputes.len(), 1, "{disputes:?}");
    let dispute = &disputes[0];
    assert_eq!(
        (dispute.table.as_str(), dispute.record_id.as_str(), dispute.field.as_str()),
        ("members", member.id.as_str(), "education")
    );
    let values: Vec<String> = dispute.options.iter().filter_map(|c| c.op.new_value.clone()).collect();
    assert!(values.iter().any(|v| v.contains("senior")) && values.iter().any(|v| v.contains("college")), "{values:?}");
    // The person keeps bangfu's value: settled, and the next import of that file leaves it.
    let ours =
        dispute.options.iter().find(|c| c.op.new_value.as_deref().is_some_and(|v| v.contains("senior"))).unwrap();
    store.settle(dispute, &ours.op.op_id).unwrap();
    assert!(store.disputes().unwrap().is_empty());
    drop(store);
    import(&fixture, &newer, false);
    let store = Store::open(&fixture.path).unwrap();
    assert_eq!(store.member_by_id_number(&id).unwrap().unwrap().education.as_deref(), Some("senior"));
    assert!(store.disputes().unwrap().is_empty(), "a settled dispute does not come back");
}

/// A member added in bangfu (a newborn) is exported with the household's columns that
/// bangfu does not model, not with empty cells where the national system has values.
#[test]
fn a_member_added_here_is_exported_with_the_households_kept_columns() {
    let (fixture, _, rows) = imported(2);
    let mut store = Store::open(&fixture.path).unwrap();
    let household: Household = store.all().unwrap().into_iter().next().unwrap();
    let mut baby = Member {
        household_id: household.id.clone(),
        name: "新生儿".into(),
        relation: Some("grandchild".into()),
        ..Member::default()
    };
    store.write(|w| w.insert(&mut baby).map(drop)).unwrap();
    let out = fixture.dir.path().join("导出.csv");
    bangfu::export::export_national(&mut store, &out, 2026, "监测对象信息 2026年").unwrap();
    let back = bangfu::sheets::read_rows(&out).unwrap();
    let name = column(&rows, "姓名");
    let row = back.iter().find(|r| r.get(name).is_some_and(|n| n == "新生儿")).unwrap();
    assert_eq!(row[column(&rows, "信息采集人")], "李明");
}

/// A real .xls (Excel 97–2003, as older county machines still save): the national
/// layout written by bangfu, cut to 36 people and saved as .xls by LibreOffice 7.4.
#[test]
fn an_old_excel_file_imports_like_its_xlsx() {
    let fixture = empty_ledger();
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/national-sample.xls");
    let dry = import(&fixture, &file, true);
    assert_eq!((dry.households_new, dry.people_new, dry.villages_new.len()), (12, 36, 2), "{dry:?}");
    let first = import(&fixture, &file, false);
    assert_eq!((first.households_new, first.people_new), (12, 36));
    // Three rows have no 户编号 (a household not yet in the national system): taken
    // as one household, found again by its people's ID numbers.
    assert!(first.issues.is_empty(), "{:?}", first.issues);
    let store = Store::open(&fixture.path).unwrap();
    let members: Vec<Member> = store.all().unwrap();
    assert!(members.iter().filter_map(|m| m.id_number.as_deref()).all(|n| n.len() == 18), "ID numbers whole");
    let again = import(&fixture, &file, false);
    assert_eq!((again.households_unchanged, again.people_unchanged), (12, 36), "{again:?}");
}

/// A ledger imported before household-level columns were kept (format 8 kept every
/// column per person) re-imports the same export with nothing reported changed, and
/// still writes every column back.
#[test]
fn a_ledger_imported_when_columns_were_kept_per_person_reimports_unchanged() {
    let (fixture, file, _) = imported(3);
    {
        // As format 8 stored it: the household's columns on every person, none on the household.
        let mut store = Store::open(&fixture.path).unwrap();
        let households: Vec<Household> = store.all().unwrap();
        let members: Vec<Member> = store.all().unwrap();
        let conn = rusqlite::Connection::open(&fixture.path).unwrap();
        for m in &members {
            let h = households.iter().find(|h| h.id == m.household_id).unwrap();
            let mut all: std::collections::BTreeMap<String, String> = serde_json::from_str(&h.extra).unwrap();
            if !m.extra.is_empty() {
                all.extend(serde_json::from_str::<std::collections::BTreeMap<String, String>>(&m.extra).unwrap());
            }
            let json = serde_json::to_string(&all).unwrap();
            conn.execute("UPDATE members SET national_extra = ?1 WHERE id = ?2", rusqlite::params![json, m.id])
                .unwrap();
            conn.execute(
                "UPDATE import_baselines SET fields = json_set(fields, '$.extra', ?1) WHERE record_id = ?2",
                rusqlite::params![json, m.id],
            )
            .unwrap();
        }
        conn.execute("UPDATE households SET national_extra = NULL", []).unwrap();
        conn.execute(
            "UPDATE import_baselines SET fields = json_remove(fields, '$.extra') WHERE table_name = 'households'",
            [],
        )
        .unwrap();
        store.rebuild_derived(&mut |_, _| {}).unwrap();
    }
    let again = import(&fixture, &file, false);
    assert_eq!((again.households_changed, again.people_changed), (0, 0), "{:?}", again.changes);
    assert_eq!((again.households_unchanged, again.people_unchanged), (3, 9));
    let store = Store::open(&fixture.path).unwrap();
    let households: Vec<Household> = store.all().unwrap();
    assert!(households.iter().all(|h| h.extra.contains("信息采集人")), "kept with the household from now on");
    let third = import(&fixture, &file, false);
    assert_eq!((third.households_changed, third.people_changed), (0, 0));
}

/// A ledger typed in bangfu (nothing imported, no kept columns) exported and imported
/// back changes nobody: a record with no kept columns is not told it gained some.
#[test]
fn a_ledger_typed_here_imports_its_own_export_with_nobody_changed() {
    let fixture = demo_ledger();
    let out = fixture.dir.path().join("导出.csv");
    let mut store = Store::open(&fixture.path).unwrap();
    bangfu::export::export_national(&mut store, &out, 2026, "监测对象信息 2026年").unwrap();
    let again = import(&fixture, &out, true);
    assert!(again.people_unchanged > 300, "{again:?}");
    assert_eq!((again.households_changed, again.people_changed), (0, 0), "{:?}", again.changes.first());
}

/// An import made before this build stored "no kept columns of one's own" as `{}`:
/// the same export again changes nobody.
#[test]
fn people_stored_with_an_empty_set_of_kept_columns_reimport_unchanged() {
    let (fixture, file, _) = imported(3);
    let conn = rusqlite::Connection::open(&fixture.path).unwrap();
    let marked = conn.execute("UPDATE members SET national_extra = '{}' WHERE national_extra = ''", []).unwrap();
    assert_eq!(marked, 9, "every person's columns are the household's in this export");
    conn.execute(
        "UPDATE import_baselines SET fields = json_set(fields, '$.extra', '{}') WHERE table_name = 'members'",
        [],
    )
    .unwrap();
    let again = import(&fixture, &file, false);
    assert_eq!((again.households_changed, again.people_changed), (0, 0), "{:?}", again.changes.first());
}
