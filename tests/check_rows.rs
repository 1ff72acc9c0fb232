//! `bangfu check` on a ledger broken by hand, as DB Browser users do: each kind of
//! broken row is named with its table, record and field, and the file is unsound.

mod common;

use bangfu::domain::invalid::Invalid;
use bangfu::store::Store;
use common::{demo_ledger, today};

/// (what is done to the file, table, field, the problem `check` must name)
const BREAKAGES: &[(&str, &str, &str, Invalid)] = &[
    ("UPDATE projects SET paid_fen = '很多' WHERE rowid = 1", "projects", "paid", Invalid::Money),
    ("UPDATE projects SET fund_central_fen = -5 WHERE rowid = 2", "projects", "fund_central", Invalid::Money),
    ("UPDATE fund_arrivals SET amount_fen = '很多' WHERE rowid = 1", "fund_arrivals", "amount", Invalid::Money),
    (
        "UPDATE households SET identified_month = '2026-13' WHERE rowid = 1",
        "households",
        "identified_month",
        Invalid::Month,
    ),
    ("UPDATE members SET birth_date = '2026-02-30' WHERE rowid = 1", "members", "birth_date", Invalid::Date),
    ("UPDATE visits SET date = '昨天' WHERE rowid = 1", "visits", "date", Invalid::Date),
    (
        "UPDATE households SET monitor_category = 'zzz' WHERE rowid = 2",
        "households",
        "monitor_category",
        Invalid::NotAChoice,
    ),
    ("UPDATE members SET name = '' WHERE rowid = 2", "members", "name", Invalid::Required),
    ("UPDATE villages SET code = '村村村村村村' WHERE rowid = 2", "villages", "code", Invalid::DivisionCode),
    ("UPDATE members SET id = '1' WHERE rowid = 3", "members", "id", Invalid::MalformedId),
    ("UPDATE members SET medical_insurance = 7 WHERE rowid = 4", "members", "medical_insurance", Invalid::NotAChoice),
    ("UPDATE incomes SET year = '20x6' WHERE rowid = 1", "incomes", "year", Invalid::Number),
    (
        "UPDATE members SET name = '王' || char(27) || '[2J' WHERE rowid = 5",
        "members",
        "name",
        Invalid::ControlCharacter,
    ),
];

#[test]
fn every_kind_of_hand_broken_row_is_named() {
    let fixture = demo_ledger();
    assert!(
        Store::open_with(&fixture.path, today(), &mut |_, _| {}).unwrap().row_problems().unwrap().is_empty(),
        "the demo is sound"
    );
    let conn = rusqlite::Connection::open(&fixture.path).unwrap();
    for (sql, ..) in BREAKAGES {
        conn.execute_batch(sql).unwrap();
    }
    conn.execute_batch("PRAGMA foreign_keys = OFF; UPDATE households SET village_id = 'nope' WHERE rowid = 3;")
        .unwrap();
    drop(conn);
    let store = Store::open_with(&fixture.path, today(), &mut |_, _| {}).unwrap();
    let found = store.row_problems().unwrap();
    for (sql, table, field, problem) in BREAKAGES {
        assert!(
            found.iter().any(|p| p.table == *table && p.field == *field && p.problem == *problem),
            "{sql} was not found: {found:#?}"
        );
    }
    // A reference SQLite's foreign-key check also finds is named with its field too.
    assert!(
        found
            .iter()
            .any(|p| p.table == "households" && p.column == "village_id" && p.problem == Invalid::MissingRecord),
        "{found:#?}"
    );
    assert_eq!(found.len(), BREAKAGES.len() + 1, "nothing else is reported: {found:#?}");
    let orphans = store.foreign_key_check().unwrap();
    assert!(orphans.iter().any(|o| o.starts_with("households 0") && o.ends_with("→ villages")), "{orphans:?}");

    let out = std::process::Command::new(env!("CARGO_BIN_EXE_bangfu"))
        .args(["--db", &fixture.path.display().to_string(), "check"])
        .env_remove("BANGFU_LANG")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "a file with broken rows is unsound");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("有问题的记录：14 处") && text.contains("已支付资金"), "{text}");
}
