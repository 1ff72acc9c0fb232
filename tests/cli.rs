//! The command line, run as a user runs it: exit codes, messages, outputs.

use std::path::Path;
use std::process::{Command, Output};

fn bangfu(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_bangfu"));
    cmd.args(args).env_remove("BANGFU_DB").env_remove("BANGFU_LANG");
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().unwrap()
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn demo(dir: &Path, name: &str, seed: &str) -> String {
    let path = dir.join(name).display().to_string();
    let out = bangfu(&["demo", &path, "--seed", seed], &[]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    path
}

#[test]
fn same_seed_same_file() {
    let dir = tempfile::tempdir().unwrap();
    let a = demo(dir.path(), "a.db", "5");
    let b = demo(dir.path(), "b.db", "5");
    let c = demo(dir.path(), "c.db", "6");
    assert_eq!(std::fs::read(&a).unwrap(), std::fs::read(&b).unwrap());
    assert_ne!(std::fs::read(&a).unwrap(), std::fs::read(&c).unwrap());
}

#[test]
fn demo_refuses_to_overwrite() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo(dir.path(), "a.db", "1");
    let out = bangfu(&["demo", &path], &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("已存在"), "{}", text(&out.stderr));
}

#[test]
fn list_as_json_and_csv_with_db_before_or_after_the_command() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo(dir.path(), "a.db", "1");
    let out = bangfu(&["list", "villages", "--json", "--db", &path], &[]);
    assert!(out.status.success());
    let villages: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let villages = villages.as_array().unwrap();
    assert_eq!(villages.len(), 12);
    assert!(villages[0]["code"].as_str().unwrap().starts_with("511903"));

    let out = bangfu(&["--db", &path, "list", "households", "--csv"], &[]);
    assert!(out.status.success());
    let csv = text(&out.stdout);
    let header = csv.lines().next().unwrap();
    assert!(header.contains("户主姓名") && header.contains("监测对象类别"), "{header}");
    assert_eq!(csv.lines().count(), 121);

    let out = bangfu(&["list", "visits", "--csv"], &[("BANGFU_DB", &path), ("BANGFU_LANG", "en")]);
    assert!(text(&out.stdout).lines().next().unwrap().contains("Visitors"));
}

#[test]
fn check_counts_and_speaks_json() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo(dir.path(), "a.db", "1");
    let out = bangfu(&["check", "--json", "--db", &path], &[]);
    assert!(out.status.success());
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["integrity"], "ok");
    let households = report["counts"].as_array().unwrap().iter().find(|c| c["table"] == "households").unwrap();
    assert_eq!(households["live"], 120);
    let out = bangfu(&["--lang", "en", "check", "--db", &path], &[]);
    assert!(text(&out.stdout).contains("Integrity check: ok"));
}

#[test]
fn a_file_that_is_not_a_ledger_is_refused_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("名单.xlsx");
    std::fs::write(&path, b"PK\x03\x04 not a ledger").unwrap();
    let before = std::fs::read(&path).unwrap();
    let out = bangfu(&["check", "--db", path.to_str().unwrap()], &[]);
    assert_eq!(out.status.code(), Some(1));
    let err = text(&out.stderr);
    assert!(err.contains("不是帮扶台账文件") && err.contains("名单.xlsx"), "{err}");
    assert!(!err.contains("panicked") && !err.contains("backtrace"));
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn user_mistakes_exit_1_with_one_sentence() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo(dir.path(), "a.db", "1");
    for args in [
        vec!["list", "people", "--db", path.as_str()],
        vec!["--lang", "fr", "check", "--db", path.as_str()],
        vec!["frobnicate"],
    ] {
        let out = bangfu(&args, &[]);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert!(!text(&out.stderr).is_empty());
    }
}

#[test]
fn check_lists_warnings_by_stable_rule_and_still_exits_0() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo(dir.path(), "a.db", "1");
    let out = bangfu(&["check", "--json", "--db", &path], &[]);
    assert!(out.status.success(), "warnings do not make the file unsound");
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let warnings = report["warnings"].as_array().unwrap();
    assert!(!warnings.is_empty(), "the demo has things to fix");
    let known = bangfu::domain::warnings::rule::ALL;
    for w in warnings {
        assert!(known.contains(&w["rule"].as_str().unwrap()), "{w}");
        assert!(!w["message"].as_str().unwrap().is_empty());
        assert!(w["table"].is_string());
    }
    assert!(warnings.iter().any(|w| w["table"] == "households" && w["id"].is_string() && w["household_id"] == w["id"]));
}

#[test]
fn list_tasks_like_the_other_lists() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo(dir.path(), "a.db", "1");
    let out = bangfu(&["list", "tasks", "--json", "--db", &path], &[]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    let tasks: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(tasks.as_array().unwrap().iter().any(|t| t["status"] == "closed" && t["closed_by"] != ""));
    let out = bangfu(&["list", "tasks", "--csv", "--db", &path], &[]);
    assert!(text(&out.stdout).lines().next().unwrap().contains("id"));
}

#[test]
fn commands_on_a_mistyped_path_say_so_and_create_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("没有的目录").join("台帐.db");
    let path = missing.display().to_string();
    for args in [
        vec!["--db", &path, "check"],
        vec!["--db", &path, "list", "villages"],
        vec!["--db", &path, "snapshot", "/tmp/never-written.db"],
        vec!["--db", &path, "merge", &path],
    ] {
        let out = bangfu(&args, &[]);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {}", text(&out.stderr));
        assert!(text(&out.stderr).contains("找不到台账文件"), "{args:?}: {}", text(&out.stderr));
    }
    assert!(!missing.parent().unwrap().exists(), "no folder was created");
}

#[test]
fn snapshot_and_merge_on_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let a = demo(dir.path(), "县里.db", "3");
    let b = dir.path().join("村里 U盘.db").display().to_string();
    let out = bangfu(&["--db", &a, "snapshot", &b], &[]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    assert!(text(&out.stdout).contains("已写入快照"));
    let again = bangfu(&["--db", &a, "snapshot", &b], &[]);
    assert_eq!(again.status.code(), Some(1), "an existing file is never overwritten");
    let check = bangfu(&["--db", &b, "check"], &[]);
    assert!(check.status.success(), "{}", text(&check.stderr));
    let merged = bangfu(&["--db", &a, "merge", &b, "--json"], &[]);
    assert!(merged.status.success(), "{}", text(&merged.stderr));
    let report: serde_json::Value = serde_json::from_slice(&merged.stdout).unwrap();
    assert_eq!(report["ops_in"], 0, "a fresh snapshot holds nothing new");
    let other = demo(dir.path(), "别的.db", "4");
    let refused = bangfu(&["--db", &a, "merge", &other], &[]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(text(&refused.stderr).contains("不是这本台账的副本"), "{}", text(&refused.stderr));
}

/// Privacy (issue 8, item 9): ID numbers leave the ledger masked; `--reveal` writes
/// them in full only once who, when and what is recorded in the ledger, and never on
/// a file opened read-only.
#[test]
fn id_numbers_are_masked_unless_revealed_and_revealing_is_recorded() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo(dir.path(), "a.db", "1");
    let full_number = regex_like_full_id;
    for format in ["--csv", "--json"] {
        let out = bangfu(&["--db", &path, "list", "members", format], &[]);
        assert!(out.status.success());
        let listed = text(&out.stdout);
        assert!(listed.contains("********"), "{format}: masked");
        assert!(!full_number(&listed), "{format}: no full number");
    }
    let check = text(&bangfu(&["--db", &path, "check"], &[]).stdout);
    assert!(!check.contains("完整证件号码查看"), "nothing revealed yet");

    let out = bangfu(&["--db", &path, "--read-only", "list", "members", "--reveal"], &[]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains("只读"), "{}", text(&out.stderr));

    let out = bangfu(&["--db", &path, "list", "members", "--csv", "--reveal"], &[]);
    assert!(out.status.success());
    assert!(full_number(&text(&out.stdout)), "revealed in full");
    let check = text(&bangfu(&["--db", &path, "check"], &[]).stdout);
    // The exact command, with its flags, and the file it read.
    assert!(check.contains("完整证件号码查看") && check.contains("list members --csv --reveal"), "{check}");
    assert!(check.contains(&format!("({})", std::path::absolute(&path).unwrap().display())), "{check}");
}

/// Whether some line holds an 18-character ID number written in full.
fn regex_like_full_id(text: &str) -> bool {
    text.split([',', '"', '\n', ' ']).any(|cell| {
        let c: Vec<char> = cell.chars().collect();
        c.len() == 18 && c.iter().take(17).all(char::is_ascii_digit)
    })
}

/// Runs `bangfu ARGS` with standard output already closed (as `| head -c1` leaves it
/// once it has its byte): exit 0 and nothing on standard error.
fn into_closed_pipe(args: &[&str]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_bangfu"))
        .args(args)
        .env_remove("BANGFU_DB")
        .env_remove("BANGFU_LANG")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    child.wait_with_output().unwrap()
}

#[test]
fn every_command_into_a_closed_pipe_ends_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = demo(dir.path(), "a.db", "3");
    let other = demo(dir.path(), "b.db", "3");
    let out = |name: &str| dir.path().join(name).display().to_string();
    let commands: Vec<Vec<String>> = vec![
        vec!["--help".into()],
        vec!["--version".into()],
        vec!["help".into(), "list".into()],
        vec!["list".into(), "--help".into()],
        vec!["completions".into(), "bash".into()],
        vec!["man".into()],
        vec!["--db".into(), ledger.clone(), "list".into(), "members".into()],
        vec!["--db".into(), ledger.clone(), "list".into(), "visits".into(), "--json".into()],
        vec!["--db".into(), ledger.clone(), "check".into()],
        vec!["--db".into(), ledger.clone(), "check".into(), "--json".into()],
        vec!["--db".into(), ledger.clone(), "merge".into(), other.clone(), "--dry-run".into()],
        vec!["--db".into(), ledger.clone(), "report".into(), "ledgers".into(), out("三本台账.xlsx")],
        vec!["--db".into(), ledger.clone(), "export".into(), "national".into(), out("导出.csv")],
        vec!["--db".into(), ledger.clone(), "import".into(), out("导出.csv"), "--dry-run".into()],
    ];
    for run in 0..20 {
        for args in &commands {
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let done = into_closed_pipe(&args);
            assert_eq!(done.status.code(), Some(0), "run {run}: {args:?}: {}", text(&done.stderr));
            assert!(done.stderr.is_empty(), "run {run}: {args:?} said {}", text(&done.stderr));
        }
    }
}

#[test]
fn without_a_terminal_the_app_says_so_in_one_sentence() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = demo(dir.path(), "a.db", "3");
    let out = bangfu(&["--db", &ledger], &[]);
    assert_eq!(out.status.code(), Some(1));
    let said = text(&out.stderr);
    assert!(said.contains("没有终端") && said.trim().lines().count() == 1, "{said}");
}

#[test]
fn completions_and_a_manual_page_for_every_shell() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = bangfu(&["completions", shell], &[]);
        assert!(out.status.success() && text(&out.stdout).contains("bangfu"), "{shell}");
    }
    let man = text(&bangfu(&["man"], &[]).stdout);
    assert!(man.starts_with(".ie") && man.contains(".TH bangfu 1") && man.contains("merge"), "{man}");
}

#[test]
fn help_and_mistakes_speak_the_users_language() {
    let zh = text(&bangfu(&["--help"], &[]).stdout);
    assert!(
        zh.contains("用法：") && zh.contains("命令") && zh.contains("显示帮助") && !zh.contains("Print help"),
        "{zh}"
    );
    let en = text(&bangfu(&["--help"], &[("BANGFU_LANG", "en")]).stdout);
    assert!(en.contains("Usage:") && en.contains("Print help") && !en.contains("显示帮助"), "{en}");
    let list = text(&bangfu(&["help", "list"], &[]).stdout);
    assert!(
        list.contains("attendance") && list.contains("visit_rules") && list.contains("参数"),
        "table names listed: {list}"
    );
    for (args, says) in [
        (&["lst"][..], "没有“lst”这个命令。是不是要用：list？"),
        (&["list"][..], "缺少 <TABLE>"),
        (&["list", "villages", "--json", "--csv"][..], "不能与"),
        (&["demo", "x.db", "--scale", "big"][..], "“big”不对（可用：small、county）"),
        (&["check", "--bogus"][..], "没有“--bogus”这个选项"),
    ] {
        let out = bangfu(args, &[]);
        let err = text(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert!(err.contains(says) && err.trim().lines().count() == 1, "{args:?}: {err}");
        assert!(!err.contains("error:") && !err.contains("Usage:"), "no English from clap: {err}");
    }
    let err = text(&bangfu(&["--lang", "en", "lst"], &[]).stderr);
    assert!(err.starts_with("There is no command \"lst\".") && err.contains("Did you mean: list?"), "{err}");
}

#[test]
fn list_xlsx_keeps_every_digit_and_names_beside_ids() {
    use calamine::{Data, Reader};
    let dir = tempfile::tempdir().unwrap();
    let ledger = demo(dir.path(), "a.db", "3");
    let sheet = dir.path().join("户.xlsx");
    let out = bangfu(&["--db", &ledger, "list", "households", "--xlsx", sheet.to_str().unwrap()], &[]);
    assert!(out.status.success() && text(&out.stdout).contains("120 行"), "{}", text(&out.stderr));
    let mut book = calamine::open_workbook_auto(&sheet).unwrap();
    let range = book.worksheet_range_at(0).unwrap().unwrap();
    let rows: Vec<_> = range.rows().collect();
    let header: Vec<String> = rows[0].iter().map(|c| c.to_string()).collect();
    let at = |name: &str| header.iter().position(|h| h == name).unwrap_or_else(|| panic!("{name} in {header:?}"));
    let (number, village, village_id) = (at("户编号"), at("所在村"), at("所在村（编号）"));
    let numbered = rows.iter().skip(1).find(|r| !r[number].to_string().is_empty()).unwrap();
    // Text, not a number a spreadsheet rounds: all 16 digits.
    assert!(matches!(&numbered[number], Data::String(s) if s.len() == 16), "{:?}", numbered[number]);
    assert!(numbered[village].to_string().ends_with('村'), "a name: {:?}", numbered[village]);
    assert_eq!(numbered[village_id].to_string().len(), 36, "its id beside it");
    assert!(rows.iter().skip(1).all(|r| r.iter().all(|c| matches!(c, Data::String(_) | Data::Empty))));
    assert!(header.iter().any(|h| h.contains("是否") || h.contains("无劳动能力")), "{header:?}");
    assert!(
        rows.iter().skip(1).any(|r| r.iter().any(|c| matches!(c, Data::String(s) if s == "否"))),
        "yes/no as 是/否"
    );
    let mode = std::os::unix::fs::PermissionsExt::mode(&std::fs::metadata(&sheet).unwrap().permissions()) & 0o777;
    assert_eq!(mode, 0o600);
}

#[test]
fn list_on_a_terminal_is_an_aligned_table_and_in_a_pipe_csv() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = demo(dir.path(), "a.db", "3");
    // `script` gives the command a terminal of its own (util-linux, on every Debian).
    let line = format!("stty cols 80; '{}' --db '{ledger}' list villages", env!("CARGO_BIN_EXE_bangfu"));
    let out = Command::new("script").args(["-qec", &line, "/dev/null"]).env_remove("BANGFU_LANG").output().unwrap();
    let said = text(&out.stdout).replace('\r', "");
    let lines: Vec<&str> = said.lines().filter(|l| !l.trim().is_empty()).collect();
    assert!(lines[0].starts_with("村名") && !said.contains(','), "a table, not CSV: {said}");
    assert!(lines.iter().all(|l| bangfu::ui::text::width(l) <= 80), "no line wraps at 80 columns: {said}");
    // In terminal cells: each village's code starts under its header.
    let cells_before = |l: &str, what: &str| l.find(what).and_then(|i| l.get(..i)).map(bangfu::ui::text::width);
    let code = cells_before(lines[0], "统计用区划代码").unwrap();
    assert!(lines[1..].iter().all(|l| cells_before(l, "5119") == Some(code)), "aligned: {said}");
    let piped = text(&bangfu(&["--db", &ledger, "list", "villages"], &[]).stdout);
    assert!(piped.starts_with('\u{feff}') && piped.contains(','), "CSV in a pipe");
}
