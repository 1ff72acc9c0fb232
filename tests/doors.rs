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
