//! The ledger file on temporary files: creation, the op log, soft delete,
//! reopening, refusal of foreign and newer files, and migration.

use bangfu::domain::household::Household;
use bangfu::domain::project::Project;
use bangfu::domain::schedule::VisitRule;
use bangfu::domain::village::Village;
use bangfu::domain::{Draft, Record};
use bangfu::store::migrations::{APPLICATION_ID, LATEST, migrate_to};
use bangfu::store::{Store, StoreError};
use std::path::PathBuf;

fn temp_ledger() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("台账.db");
    (dir, path)
}

fn village(name: &str) -> Village {
    Village::from_draft("", &Draft::default().with("name", name)).unwrap()
}

#[test]
fn a_new_ledger_is_private_seeded_and_current() {
    let (_dir, path) = temp_ledger();
    let store = Store::open(&path).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
    }
    let vocab = store.vocab().unwrap();
    assert_eq!(vocab.label("monitor_category", "marginal", Default::default()), "边缘易致贫户");
    assert_eq!(vocab.choices("risk").count(), 11);
    let conn = rusqlite::Connection::open(&path).unwrap();
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0)).unwrap();
    assert_eq!(version, LATEST);
}

#[test]
fn every_change_is_logged_with_what_it_replaced() {
    let (_dir, path) = temp_ledger();
    let mut store = Store::open(&path).unwrap();
    let mut v = village("柳林村");
    let id = store.insert(&mut v).unwrap();
    v.first_secretary = "李明".into();
    v.notes = "重点村".into();
    assert_eq!(store.update(&v).unwrap(), 2);
    assert_eq!(store.update(&v).unwrap(), 0, "saving unchanged values logs nothing");
    v.notes = "非重点村".into();
    store.update(&v).unwrap();
    store.delete::<Village>(&id).unwrap();

    let ops = store.ops_for(&id).unwrap();
    let kinds: Vec<_> = ops.iter().map(|o| (o.kind.as_str(), o.field.as_deref())).collect();
    assert_eq!(
        kinds,
        [
            ("create", None),
            ("update", Some("first_secretary")),
            ("update", Some("notes")),
            ("update", Some("notes")),
            ("delete", Some("deleted"))
        ]
    );
    let create = &ops[0];
    assert!(create.new_value.as_deref().unwrap().contains("柳林村"));
    assert_eq!(ops[1].replaces.as_deref(), Some(create.op_id.as_str()));
    assert_eq!(ops[3].replaces.as_deref(), Some(ops[2].op_id.as_str()));
    assert_eq!(ops[3].old_value.as_deref(), Some("\"重点村\""));
    assert!(ops.windows(2).all(|w| w[0].hlc < w[1].hlc), "clock strictly increases");
    assert!(!ops[0].os_user.is_empty() && !ops[0].host.is_empty());
}

#[test]
fn soft_deleted_records_stay_in_the_file_but_leave_the_lists() {
    let (_dir, path) = temp_ledger();
    let mut store = Store::open(&path).unwrap();
    let mut a = village("柳林村");
    let mut b = village("石河村");
    store.insert(&mut a).unwrap();
    store.insert(&mut b).unwrap();
    store.delete::<Village>(&a.id).unwrap();
    let live: Vec<String> = store.all::<Village>().unwrap().into_iter().map(|v| v.name).collect();
    assert_eq!(live, ["石河村"]);
    let counts = store.table_counts().unwrap();
    let villages = counts.iter().find(|c| c.table == "villages").unwrap();
    assert_eq!((villages.live, villages.deleted), (1, 1));
}

#[test]
fn reopening_finds_everything() {
    let (_dir, path) = temp_ledger();
    {
        let mut store = Store::open(&path).unwrap();
        let mut v = village("柳林村");
        store.insert(&mut v).unwrap();
        let d = Draft::default()
            .with("village_id", &v.id)
            .with("head_name", "张三")
            .with("monitor_category", "marginal")
            .with("identified_month", "2026-05");
        let mut h = Household::from_draft("", &d).unwrap();
        store.insert(&mut h).unwrap();
    }
    let store = Store::open(&path).unwrap();
    let households: Vec<Household> = store.all().unwrap();
    assert_eq!(households.len(), 1);
    assert_eq!(households[0].head_name, "张三");
    assert_eq!(households[0].identified_month.unwrap().to_string(), "2026-05");
}

#[test]
fn a_plain_copy_of_an_open_idle_ledger_holds_every_saved_change() {
    let (dir, path) = temp_ledger();
    let mut store = Store::open(&path).unwrap();
    let mut v = village("柳林村");
    store.insert(&mut v).unwrap();
    let copy = dir.path().join("copy.db");
    std::fs::copy(&path, &copy).unwrap();
    let copied = Store::open(&copy).unwrap();
    assert_eq!(copied.all::<Village>().unwrap().len(), 1);
    drop(store);
}

fn assert_refused_unchanged(path: &PathBuf, expect: impl Fn(&StoreError) -> bool) {
    let before = std::fs::read(path).unwrap();
    let err = Store::open(path).err().expect("must be refused");
    assert!(expect(&err), "unexpected error: {err}");
    assert_eq!(std::fs::read(path).unwrap(), before, "refused file must stay byte-for-byte");
    let mut siblings: Vec<_> =
        std::fs::read_dir(path.parent().unwrap()).unwrap().map(|e| e.unwrap().file_name()).collect();
    siblings.sort();
    assert_eq!(siblings.len(), 1, "no journal or backup left beside it: {siblings:?}");
}

#[test]
fn a_text_file_is_refused_and_left_alone() {
    let (_dir, path) = temp_ledger();
    std::fs::write(&path, "户编号,户主\n1,张三\n").unwrap();
    assert_refused_unchanged(&path, |e| matches!(e, StoreError::NotALedger { .. }));
}

#[test]
fn another_programs_sqlite_file_is_refused_and_left_alone() {
    let (_dir, path) = temp_ledger();
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);").unwrap();
    }
    assert_refused_unchanged(&path, |e| matches!(e, StoreError::NotALedger { .. }));
}

#[test]
fn a_ledger_from_a_newer_bangfu_is_refused_and_left_alone() {
    let (_dir, path) = temp_ledger();
    drop(Store::open(&path).unwrap());
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.pragma_update(None, "user_version", LATEST + 1).unwrap();
    }
    assert_refused_unchanged(&path, |e| matches!(e, StoreError::TooNew { found, .. } if *found == LATEST + 1));
}

#[test]
fn every_older_ledger_is_backed_up_then_migrated() {
    for version in 1..LATEST {
        let (dir, path) = temp_ledger();
        {
            let mut conn = rusqlite::Connection::open(&path).unwrap();
            migrate_to(&mut conn, version, chrono::NaiveDate::from_ymd_opt(2026, 11, 15).unwrap(), &mut |_, _| {})
                .unwrap();
            let app: i64 = conn.query_row("PRAGMA application_id", [], |r| r.get(0)).unwrap();
            assert_eq!(app, APPLICATION_ID);
        }
        let store = Store::open(&path).unwrap();
        assert!(!store.vocab().unwrap().is_empty(), "vocabularies seeded");
        assert_eq!(store.all::<VisitRule>().unwrap().len(), 3, "default visit rules seeded");
        let backup = dir.path().join(format!("台账.db.v{version}.bak"));
        assert!(backup.exists(), "backup of format {version} written before migrating");
    }
}

#[test]
fn project_beneficiaries_are_linked_and_unlinked_through_the_log() {
    let (_dir, path) = temp_ledger();
    let mut store = Store::open(&path).unwrap();
    let mut v = village("柳林村");
    store.insert(&mut v).unwrap();
    let mut ids = Vec::new();
    for name in ["张三", "李四", "王五"] {
        let mut h =
            Household::from_draft("", &Draft::default().with("village_id", &v.id).with("head_name", name)).unwrap();
        ids.push(store.insert(&mut h).unwrap());
    }
    let d = Draft::default()
        .with("name", "茶叶基地")
        .with("beneficiaries", ids[..2].join(","))
        .with("fund_central", "50万");
    let mut p = Project::from_draft("", &d).unwrap();
    store.insert(&mut p).unwrap();
    p.beneficiaries = vec![ids[1].clone(), ids[2].clone()];
    store.update(&p).unwrap();
    p.beneficiaries = vec![ids[0].clone(), ids[1].clone(), ids[2].clone()];
    store.update(&p).unwrap();
    let loaded: Project = store.get(&p.id).unwrap().unwrap();
    let mut got = loaded.beneficiaries.clone();
    got.sort();
    let mut want = ids.clone();
    want.sort();
    assert_eq!(got, want);
    assert_eq!(loaded.fund_central, 50_000_000);
    let links = store.table_counts().unwrap().into_iter().find(|c| c.table == "project_households").unwrap();
    assert_eq!((links.live, links.deleted), (3, 0), "a re-added household reuses its link");
}

/// What the last import set a record's fields to, by field (none: empty).
fn baseline_of(store: &Store, id: &str) -> std::collections::BTreeMap<String, String> {
    let stored = store.import_baselines(&[id.to_string()]).unwrap();
    stored.get(id).map(|fields| serde_json::from_str(fields).unwrap()).unwrap_or_default()
}

/// Format 10 keeps an import's baseline as one row per record: a file whose imports
/// were noted field by field (format 9) reads the same baseline after the upgrade.
#[test]
fn an_import_baseline_noted_field_by_field_reads_the_same_after_the_upgrade() {
    let (_dir, path) = temp_ledger();
    {
        let mut conn = rusqlite::Connection::open(&path).unwrap();
        migrate_to(&mut conn, 9, chrono::NaiveDate::from_ymd_opt(2026, 11, 15).unwrap(), &mut |_, _| {}).unwrap();
        for (field, value) in [("name", "王芳"), ("relation", "spouse"), ("extra", "{\"信息采集人\":\"李明\"}")]
        {
            conn.execute(
                "INSERT INTO import_baseline (table_name, record_id, field, value) VALUES ('members', 'm1', ?1, ?2)",
                [field, value],
            )
            .unwrap();
        }
    }
    let store = Store::open(&path).unwrap();
    let baseline = baseline_of(&store, "m1");
    let expected: std::collections::BTreeMap<String, String> =
        [("extra", "{\"信息采集人\":\"李明\"}"), ("name", "王芳"), ("relation", "spouse")]
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
    assert_eq!(baseline, expected);
    assert!(baseline_of(&store, "m2").is_empty());
}

/// An export without a column keeps what an earlier one set under it: the next export
/// that has the column again is still compared with it.
#[test]
fn an_import_baseline_keeps_the_fields_a_later_export_lacks() {
    let (_dir, path) = temp_ledger();
    let mut store = Store::open(&path).unwrap();
    let said = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    };
    store
        .write(|w| w.set_import_baseline("households", "h1", &said(&[("phone", "13800000001"), ("risks", "illness")])))
        .unwrap();
    store.write(|w| w.set_import_baseline("households", "h1", &said(&[("risks", "disability")]))).unwrap();
    let baseline = baseline_of(&store, "h1");
    assert_eq!(baseline.get("phone").map(String::as_str), Some("13800000001"));
    assert_eq!(baseline.get("risks").map(String::as_str), Some("disability"));
}
