//! Files as they really travel — a failed copy, a copy taken during a save, a copy
//! edited by hand or forged — met at every door of the command line: each is named
//! in one sentence, exit 1, and left byte-for-byte as it was; nothing forged gets
//! in, and nothing raw reaches a terminal.
#![allow(clippy::indexing_slicing)] // tests index what they just built

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn bangfu(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_bangfu"))
        .args(args)
        .env_remove("BANGFU_DB")
        .env_remove("BANGFU_LANG")
        .output()
        .unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn demo(dir: &Path, name: &str) -> PathBuf {
    let path = dir.join(name);
    let out = bangfu(&["demo", path.to_str().unwrap(), "--seed", "3"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    path
}

/// Every door: the app's command line commands that open a ledger.
fn doors(ledger: &str, good: &str, scratch: &Path) -> Vec<Vec<String>> {
    let s = |v: &[&str]| v.iter().map(|x| x.to_string()).collect::<Vec<_>>();
    let snapshot = scratch.join("snap.db").display().to_string();
    let sheet = scratch.join("out.xlsx").display().to_string();
    let csv = scratch.join("in.csv");
    std::fs::write(&csv, "户编号,户主姓名\n").unwrap();
    let csv = csv.display().to_string();
    vec![
        s(&["--db", ledger, "list", "villages"]),
        s(&["--db", ledger, "snapshot", &snapshot]),
        s(&["--db", ledger, "import", &csv, "--dry-run"]),
        s(&["--db", ledger, "import", &csv]),
        s(&["--db", ledger, "report", "month", "2026-10", &sheet]),
        s(&["--db", ledger, "export", "national", &sheet]),
        s(&["--db", ledger, "merge", good]),
        s(&["--db", good, "merge", ledger]),
    ]
}

fn refused_everywhere(bad: &Path, good: &Path, scratch: &Path, says: &str) {
    let before = std::fs::read(bad).unwrap();
    let good_before = std::fs::read(good).unwrap();
    for args in doors(bad.to_str().unwrap(), good.to_str().unwrap(), scratch) {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let out = bangfu(&args);
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        assert!(err.contains(says), "{args:?} says {err:?}, not {says:?}");
        assert_eq!(err.trim().lines().count(), 1, "one sentence: {err}");
        assert!(!err.contains("panicked") && !err.contains("数据库出错"), "{err}");
        assert_eq!(std::fs::read(bad).unwrap(), before, "{args:?} left the file as it was");
        assert_eq!(std::fs::read(good).unwrap(), good_before, "{args:?} left the good ledger as it was");
        assert!(!scratch.join("snap.db").exists() && !scratch.join("out.xlsx").exists());
    }
}

#[test]
fn an_empty_file_is_named_as_such_at_every_door() {
    let dir = tempfile::tempdir().unwrap();
    let good = demo(dir.path(), "good.db");
    let empty = dir.path().join("empty.db");
    std::fs::write(&empty, b"").unwrap();
    refused_everywhere(&empty, &good, dir.path(), "0 字节");
    let out = bangfu(&["--db", empty.to_str().unwrap(), "check"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(!text(&out.stdout).contains("正常"), "never 'Integrity check: ok' for a lost file");
}

#[test]
fn a_file_cut_short_is_named_as_such_at_every_door() {
    let dir = tempfile::tempdir().unwrap();
    let good = demo(dir.path(), "good.db");
    let cut = dir.path().join("cut.db");
    let whole = std::fs::read(&good).unwrap();
    std::fs::write(&cut, &whole[..whole.len() / 3]).unwrap();
    refused_everywhere(&cut, &good, dir.path(), "不完整");
    // A file shorter than SQLite's own header is cut short too, not "not a ledger".
    std::fs::write(&cut, &whole[..60]).unwrap();
    let out = bangfu(&["--db", cut.to_str().unwrap(), "list", "villages"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("不完整"), "{}", text(&out.stderr));
}

#[test]
fn a_damaged_copy_is_refused_at_every_door_and_check_lists_what_is_wrong() {
    let dir = tempfile::tempdir().unwrap();
    let good = demo(dir.path(), "good.db");
    let bad = dir.path().join("bad.db");
    let mut bytes = std::fs::read(&good).unwrap();
    // A page in the middle overwritten, as a copy taken during a save may hold it.
    let page = 4096 * 40;
    bytes[page..page + 4096].fill(0xff);
    // And its change counter moved on, as a save by another program (or an older bangfu)
    // leaves it: check lists the damage rather than recomputing over it.
    bytes[27] ^= 1;
    std::fs::write(&bad, &bytes).unwrap();
    refused_everywhere(&bad, &good, dir.path(), "已损坏");
    let out = bangfu(&["--db", bad.to_str().unwrap(), "check"]);
    assert_eq!(out.status.code(), Some(1));
    let said = text(&out.stdout);
    assert!(said.contains("完整性检查：") && said.contains("page"), "{said}");
    assert!(!said.contains("正常"), "{said}");
}

#[test]
fn a_folder_and_a_missing_folder_have_their_own_sentences_and_nothing_is_created() {
    let dir = tempfile::tempdir().unwrap();
    let out = bangfu(&["--db", dir.path().to_str().unwrap(), "list", "villages"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("是文件夹"), "{}", text(&out.stderr));
    let missing = dir.path().join("no-such-folder").join("ledger.db");
    let out = bangfu(&["--db", missing.to_str().unwrap(), "import", "/dev/null"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("不存在"), "{}", text(&out.stderr));
    assert!(!dir.path().join("no-such-folder").exists(), "no folder was made");
    let ledger = demo(dir.path(), "a.db");
    for args in [&["report", "month", "2026-10"][..], &["report", "ledgers"][..], &["export", "national"][..]] {
        let mut all = vec!["--db", ledger.to_str().unwrap()];
        all.extend_from_slice(args);
        let out_path = dir.path().join("no-such-folder").join("out.xlsx");
        all.push(out_path.to_str().unwrap());
        let out = bangfu(&all);
        let said = text(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert!(said.contains("no-such-folder") && said.contains("不存在"), "{args:?}: {said}");
    }
    assert!(!dir.path().join("no-such-folder").exists(), "no folder was made");
}

#[test]
fn read_only_commands_write_nothing_and_writing_commands_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = demo(dir.path(), "a.db");
    let other = demo(dir.path(), "b.db");
    let l = ledger.to_str().unwrap();
    let before = std::fs::read(&ledger).unwrap();
    for args in [
        vec!["--read-only", "--db", l, "merge", other.to_str().unwrap()],
        vec!["--read-only", "--db", l, "import", "/dev/null"],
        vec!["--read-only", "--db", l, "check", "--rebuild"],
    ] {
        let out = bangfu(&args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert!(text(&out.stderr).contains("--read-only"), "{}", text(&out.stderr));
    }
    let out = bangfu(&["--read-only", "--db", l, "check"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert_eq!(std::fs::read(&ledger).unwrap(), before, "nothing written");
    // A save cut off by a crash is not rolled back by a reader: it says who must.
    let journal = dir.path().join("a.db-journal");
    std::fs::write(&journal, vec![0xd9u8; 1024]).unwrap();
    let out = bangfu(&["--read-only", "--db", l, "check"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("不加 --read-only"), "{}", text(&out.stderr));
    assert!(journal.exists(), "the journal is left for a writer");
    assert_eq!(std::fs::read(&ledger).unwrap(), before);
}

#[test]
fn a_file_marked_read_only_is_opened_for_reading_even_by_root() {
    use std::os::unix::fs::PermissionsExt;
    // Anyone else is refused by the file system itself: what is tested is root.
    if unsafe { libc::geteuid() } != 0 {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let ledger = demo(dir.path(), "a.db");
    std::fs::set_permissions(&ledger, std::fs::Permissions::from_mode(0o444)).unwrap();
    let before = std::fs::read(&ledger).unwrap();
    let store = bangfu::store::Store::open(&ledger).unwrap();
    assert!(store.read_only(), "0444 is read-only whoever opens it");
    drop(store);
    assert_eq!(std::fs::read(&ledger).unwrap(), before);
}

/// Adds an op to a copy's log as a hand or a forger would: later than every other,
/// for a record of `table`, setting `field` to the JSON `value`.
fn forge(path: &Path, table: &str, field: &str, value: &str) {
    let conn = rusqlite::Connection::open(path).unwrap();
    let (record, copy): (String, String) = conn
        .query_row(
            &format!("SELECT r.id, o.copy_id FROM {table} r JOIN ops o ON o.record_id = r.id LIMIT 1"),
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let n: i64 = conn.query_row("SELECT count(*) FROM ops", [], |r| r.get(0)).unwrap();
    conn.execute(
        "INSERT INTO ops (op_id, hlc, table_name, record_id, kind, field, old_value, new_value, replaces, os_user, host, batch, copy_id, note)
         VALUES (?1, ?2, ?3, ?4, 'update', ?5, NULL, ?6, NULL, 'x', 'x', ?1, ?7, NULL)",
        rusqlite::params![format!("ffffffff-ffff-7fff-bfff-{n:012x}"), format!("099999999999999-{n:05}"), table, record, field, value, copy],
    )
    .unwrap();
}

#[test]
fn a_merge_refuses_values_no_form_writes_and_names_each_by_op() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = demo(dir.path(), "a.db");
    for (table, field, value, says) in [
        ("households", "head_name", r#""王\u001b]0;pwned\u0007""#, "控制字符"),
        ("households", "identified_month", r#""2026-13""#, "head"),
        ("households", "household_type", r#""zzz""#, "head"),
        ("projects", "fund_central_fen", r#""很多""#, "head"),
        ("projects", "fund_central_fen", "100000000000001", "1 万亿元"),
        ("households", "wages", "5", "没有这个字段"),
        ("households", "village_id", r#""019a2efb-0000-7000-8000-000000000000""#, "不存在"),
    ] {
        let other = dir.path().join("b.db");
        std::fs::copy(&ledger, &other).unwrap();
        forge(&other, table, field, value);
        let before = std::fs::read(&ledger).unwrap();
        let out = bangfu(&["--db", ledger.to_str().unwrap(), "merge", other.to_str().unwrap()]);
        let (said, err) = (text(&out.stdout), text(&out.stderr));
        assert_eq!(out.status.code(), Some(1), "{field}={value}: {said} {err}");
        assert!(err.contains("未合并"), "{err}");
        assert!(said.contains(field), "the op names its field: {said}");
        if says != "head" {
            assert!(said.contains(says), "{said}");
        }
        assert!(!said.contains('\u{1b}') && !err.contains('\u{1b}'), "nothing raw reaches the terminal");
        assert_eq!(std::fs::read(&ledger).unwrap(), before, "nothing merged");
        // A dry run is the same path: it refuses the same way.
        let out = bangfu(&["--db", ledger.to_str().unwrap(), "merge", other.to_str().unwrap(), "--dry-run"]);
        assert_eq!(out.status.code(), Some(1));
        std::fs::remove_file(&other).unwrap();
    }
}

#[test]
fn list_writes_control_characters_spelled_out() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = demo(dir.path(), "a.db");
    // An older or hand-edited file may hold them already.
    let conn = rusqlite::Connection::open(&ledger).unwrap();
    conn.execute("UPDATE villages SET name = '青龙' || char(27) || ']0;pwned' || char(7) || '村' WHERE rowid = 1", [])
        .unwrap();
    drop(conn);
    for format in [&[][..], &["--csv"][..], &["--json"][..]] {
        let mut args = vec!["--db", ledger.to_str().unwrap(), "list", "villages"];
        args.extend_from_slice(format);
        let out = bangfu(&args);
        let said = text(&out.stdout);
        assert!(said.contains("pwned"), "{format:?}: {said}");
        assert!(!said.bytes().any(|b| b == 0x1b || b == 0x07), "{format:?} wrote a raw control byte");
    }
    let out = bangfu(&["--db", ledger.to_str().unwrap(), "check"]);
    assert!(!out.stdout.iter().chain(&out.stderr).any(|b| *b == 0x1b), "check too");
}

fn check_json(ledger: &Path, read_only: bool) -> (Option<i32>, serde_json::Value) {
    let mut args = vec!["--db", ledger.to_str().unwrap(), "check", "--json"];
    if read_only {
        args.insert(0, "--read-only");
    }
    let out = bangfu(&args);
    (out.status.code(), serde_json::from_slice(&out.stdout).unwrap_or(serde_json::Value::Null))
}

#[test]
fn check_names_every_broken_row_and_recomputes_after_a_change_from_outside() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = demo(dir.path(), "a.db");
    // A file bangfu wrote last: its warnings are shown as saved, no false alarm.
    let (code, said) = check_json(&ledger, false);
    assert_eq!(code, Some(0));
    assert_eq!(said["derived"], "（依据本程序最后一次保存时算出的结果）");
    // Edited by hand: a visit dated 2099, an ID number twice, a household in a village
    // that is not there, money as text.
    let conn = rusqlite::Connection::open(&ledger).unwrap();
    conn.execute_batch(
        "PRAGMA foreign_keys = OFF;
         UPDATE visits SET date = '2099-01-01' WHERE rowid = 1;
         UPDATE members SET id_number = (SELECT id_number FROM members WHERE rowid = 1) WHERE rowid = 2;
         UPDATE households SET village_id = '019a2efb-0000-7000-8000-000000000000' WHERE rowid = 1;
         UPDATE incomes SET wages_fen = '很多' WHERE rowid = 1;",
    )
    .unwrap();
    drop(conn);
    let before = std::fs::read(&ledger).unwrap();
    let (code, said) = check_json(&ledger, true);
    assert_eq!(code, Some(1));
    assert!(said["derived"].as_str().unwrap().contains("可能已过时"), "{}", said["derived"]);
    assert_eq!(std::fs::read(&ledger).unwrap(), before, "reading only writes nothing");
    let (code, said) = check_json(&ledger, false);
    assert_eq!(code, Some(1));
    assert!(said["derived"].as_str().unwrap().contains("已按现有记录重新计算"), "{}", said["derived"]);
    let rows = said["broken_rows"].as_array().unwrap();
    let found = |table: &str, column: &str, problem: &str| {
        rows.iter().any(|r| {
            r["table"] == table && r["column"] == column && r["problem"].as_str().unwrap_or("").contains(problem)
        })
    };
    assert!(found("visits", "date", "不能晚于今天"), "{rows:?}");
    assert!(found("members", "id_number", "已登记给"), "{rows:?}");
    assert!(found("households", "village_id", "不存在"), "{rows:?}");
    assert!(found("incomes", "wages_fen", "金额"), "the column as the file names it: {rows:?}");
    assert!(
        !said["integrity"].as_str().unwrap().contains("households"),
        "named among the rows, not as the file's fault"
    );
    // Recomputed and noted: asked again, the warnings are current.
    let (_, said) = check_json(&ledger, false);
    assert_eq!(said["derived"], "（依据本程序最后一次保存时算出的结果）");
}

#[test]
fn reports_are_owner_only_whatever_the_umask() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let ledger = demo(dir.path(), "a.db");
    for (args, name) in
        [(&["report", "month", "2026-10"][..], "月调度.xlsx"), (&["report", "ledgers"][..], "三本台账.xlsx")]
    {
        let out_path = dir.path().join(name);
        let mut line = format!("umask 000; exec '{}' --db '{}'", env!("CARGO_BIN_EXE_bangfu"), ledger.display());
        for a in args {
            line.push_str(&format!(" {a}"));
        }
        line.push_str(&format!(" '{}'", out_path.display()));
        let out = Command::new("sh").args(["-c", &line]).output().unwrap();
        assert!(out.status.success(), "{}", text(&out.stderr));
        let mode = std::fs::metadata(&out_path).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "{name}");
    }
}

#[test]
fn a_damaged_file_opened_in_the_app_is_said_and_never_saved_into() {
    let dir = tempfile::tempdir().unwrap();
    let good = demo(dir.path(), "good.db");
    let bad = dir.path().join("bad.db");
    let mut bytes = std::fs::read(&good).unwrap();
    // A page of the visits' index: the app opens, its quick check finds it.
    // The root of an index of the op log that opening does not read: the app opens,
    // and its quick check beside the first screens finds it.
    let conn = rusqlite::Connection::open(&good).unwrap();
    let root: i64 =
        conn.query_row("SELECT rootpage FROM sqlite_master WHERE name = 'ops_batch'", [], |r| r.get(0)).unwrap();
    let size: i64 = conn.query_row("PRAGMA page_size", [], |r| r.get(0)).unwrap();
    let (root, size) = (root as usize, size as usize);
    drop(conn);
    let page = (root - 1) * size;
    bytes[page..page + size].fill(0xff);
    std::fs::write(&bad, &bytes).unwrap();
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 15).unwrap();
    let store = bangfu::store::Store::open_with(&bad, today, &mut |_, _| {}).unwrap();
    let mut app = bangfu::app::App::new(store, bangfu::domain::vocab::Lang::Zh, today).unwrap();
    while !app.store.verified() {
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    assert!(app.watch_door(), "the check's finding is news");
    match app.popups.last() {
        Some(bangfu::app::Popup::Message { text, .. }) => assert!(text.contains("已损坏"), "{text}"),
        _ => panic!("no message"),
    }
    let mut village = bangfu::domain::village::Village { name: "新村".into(), ..Default::default() };
    assert!(matches!(app.store.insert(&mut village), Err(bangfu::store::StoreError::Damaged { .. })));
    let after = std::fs::read(&bad).unwrap();
    let first_change = after.iter().zip(&bytes).position(|(a, b)| a != b);
    assert!(after.len() == bytes.len() && first_change.is_none(), "nothing saved into it: {first_change:?}");
}

/// A national export of the demo with one more column the ledger does not model.
fn export_with_kept_column(dir: &Path, ledger: &Path, value: &dyn Fn(usize) -> String) -> PathBuf {
    let plain = dir.join("plain.csv");
    let out = bangfu(&["--db", ledger.to_str().unwrap(), "export", "national", plain.to_str().unwrap()]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let bytes = std::fs::read(&plain).unwrap();
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(&bytes[3..]);
    let mut rows: Vec<Vec<String>> = reader.records().map(|r| r.unwrap().iter().map(String::from).collect()).collect();
    let header = rows.iter().position(|r| r.iter().any(|c| c == "证件号码")).unwrap();
    rows[header].push("户籍地址".into());
    for (i, row) in rows.iter_mut().enumerate().skip(header + 1) {
        if row.iter().any(|c| !c.is_empty()) {
            row.push(value(i));
        }
    }
    let path = dir.join("with-kept.csv");
    let mut writer = csv::WriterBuilder::new().flexible(true).from_path(&path).unwrap();
    for row in rows {
        writer.write_record(row).unwrap();
    }
    writer.flush().unwrap();
    path
}

#[test]
fn control_characters_in_kept_columns_are_taken_out_and_said_and_kept_changes_count() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = demo(dir.path(), "a.db");
    let l = ledger.to_str().unwrap();
    let hostile = export_with_kept_column(dir.path(), &ledger, &|i| format!("青龙村{}组\u{1b}]0;pwned\u{7}", i / 3));
    let out = bangfu(&["--db", l, "import", hostile.to_str().unwrap()]);
    let said = text(&out.stdout);
    assert!(out.status.success(), "{said}{}", text(&out.stderr));
    assert!(said.contains("控制字符") && said.contains("户籍地址"), "{said}");
    assert!(!said.contains('\u{1b}'));
    let back = dir.path().join("back.csv");
    assert!(bangfu(&["--db", l, "export", "national", back.to_str().unwrap()]).status.success());
    let written = std::fs::read_to_string(&back).unwrap();
    assert!(written.contains("青龙村1组]0;pwned"), "the text is kept");
    assert!(!written.contains('\u{1b}') && !written.contains('\u{7}'), "never the bytes");
    // A later export that changes only the kept column: households counted as changed.
    let changed = export_with_kept_column(dir.path(), &ledger, &|i| format!("白马村{}组", i / 3));
    let out = bangfu(&["--db", l, "import", changed.to_str().unwrap(), "--dry-run"]);
    let said = text(&out.stdout);
    let first = said.lines().next().unwrap();
    assert!(!first.contains("变动户 0") && !first.contains("变动人 0"), "{first}");
}

#[test]
fn figures_kept_while_reading_are_a_bangfu_save_and_only_in_a_sound_file() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = demo(dir.path(), "a.db");
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 15).unwrap();
    let month = bangfu::domain::dates::YearMonth::of(today);
    let mut store = bangfu::store::Store::open_with(&ledger, today, &mut |_, _| {}).unwrap();
    let before = std::fs::read(&ledger).unwrap();
    store.month_figures(month, today).unwrap();
    assert_eq!(std::fs::read(&ledger).unwrap(), before, "nothing kept before the file passed its check");
    store.verify().unwrap();
    store.month_figures(month, today).unwrap();
    assert_ne!(std::fs::read(&ledger).unwrap(), before, "kept once it passed");
    assert!(store.derived_current().unwrap(), "and not taken for a change from outside");
}

#[test]
fn a_merge_judges_only_what_it_brings() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = demo(dir.path(), "a.db");
    let other = dir.path().join("b.db");
    std::fs::copy(&ledger, &other).unwrap();
    // A value an older bangfu let in, here only: the merge does not bring it.
    let conn = rusqlite::Connection::open(&ledger).unwrap();
    conn.execute("UPDATE households SET notes = '旧' || char(27) || '值' WHERE rowid = 1", []).unwrap();
    drop(conn);
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 15).unwrap();
    let mut copy = bangfu::store::Store::open_with(&other, today, &mut |_, _| {}).unwrap();
    let mut h = copy.all::<bangfu::domain::household::Household>().unwrap().into_iter().next().unwrap();
    h.phone = Some("13800138000".into());
    copy.update(&h).unwrap();
    drop(copy);
    let out = bangfu(&["--db", ledger.to_str().unwrap(), "merge", other.to_str().unwrap()]);
    assert!(out.status.success(), "{}{}", text(&out.stdout), text(&out.stderr));
}

#[test]
fn a_disclosure_is_a_bangfu_save() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = demo(dir.path(), "a.db");
    let out = bangfu(&["--db", ledger.to_str().unwrap(), "list", "members", "--reveal"]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let (_, said) = check_json(&ledger, false);
    assert_eq!(said["derived"], "（依据本程序最后一次保存时算出的结果）", "no false alarm after a disclosure");
}
