//! Many hands on one ledger, at the store: two sessions on one file (the lost update,
//! a clash on one field, a record deleted meanwhile), copies merged with their
//! disputes settled, undo, deletions restored, people entered twice, snapshots under
//! a stream of saves, and the permissions of a shared folder.

#![allow(clippy::indexing_slicing)] // tests index what they just built

mod common;

use bangfu::domain::household::Household;
use bangfu::domain::member::Member;
use bangfu::store::{Actor, Store, StoreError};
use common::{demo_ledger, today};
use std::path::{Path, PathBuf};

fn session(path: &Path, user: &str) -> Store {
    let mut store = Store::open_with(path, today(), &mut |_, _| {}).unwrap();
    store.set_actor(Actor { user: user.into(), host: format!("{user}-pc") });
    store
}

fn first_household(store: &Store) -> Household {
    store.all::<Household>().unwrap().into_iter().next().unwrap()
}

fn save_changed(store: &mut Store, record: &Household, before: &Household) -> Result<usize, StoreError> {
    store.write(|w| w.update_changed(record, before, &[]))
}

#[test]
fn a_save_keeps_what_another_session_saved_meanwhile() {
    let fixture = demo_ledger();
    let (mut first, mut second) = (session(&fixture.path, "wang"), session(&fixture.path, "li"));
    let opened_by_second = first_household(&second);
    let mut h = first_household(&first);
    h.phone = Some("13800138000".into());
    first.update(&h).unwrap();

    let mut mine = opened_by_second.clone();
    mine.notes = "已核实".into();
    save_changed(&mut second, &mine, &opened_by_second).unwrap();
    let now: Household = first.get(&h.id).unwrap().unwrap();
    assert_eq!(now.phone.as_deref(), Some("13800138000"), "the first session's phone stays");
    assert_eq!(now.notes, "已核实");
    let who: Vec<_> = first.ops_for(&h.id).unwrap().into_iter().filter_map(|o| Some((o.field?, o.os_user))).collect();
    assert!(who.contains(&("phone".into(), "wang".into())) && who.contains(&("notes".into(), "li".into())));
    assert!(!who.contains(&("phone".into(), "li".into())), "the log never says li changed the phone");
}

#[test]
fn the_same_field_changed_meanwhile_is_a_clash_with_both_values() {
    let fixture = demo_ledger();
    let (mut first, mut second) = (session(&fixture.path, "wang"), session(&fixture.path, "li"));
    let before = first_household(&second);
    let mut h = first_household(&first);
    h.phone = Some("13800138000".into());
    first.update(&h).unwrap();

    let mut mine = before.clone();
    mine.phone = Some("13912345678".into());
    let Err(StoreError::Clash(clashes)) = save_changed(&mut second, &mine, &before) else {
        panic!("a clash was expected")
    };
    assert_eq!(clashes.len(), 1);
    assert_eq!((clashes[0].field, clashes[0].theirs.as_str()), ("phone", "13800138000"));
    assert_eq!((clashes[0].user.as_str(), clashes[0].host.as_str()), ("wang", "wang-pc"));
    let kept: Household = second.get(&h.id).unwrap().unwrap();
    assert_eq!(kept.phone.as_deref(), Some("13800138000"), "nothing was overwritten");
    // The person chooses their own value: now it is saved.
    second.write(|w| w.update_changed(&mine, &before, &["phone"])).unwrap();
    assert_eq!(first.get::<Household>(&h.id).unwrap().unwrap().phone.as_deref(), Some("13912345678"));
    // The same value typed in both sessions is no clash.
    let again = first_household(&second);
    let mut same = first_household(&first);
    same.phone = Some("15011112222".into());
    first.update(&same).unwrap();
    let mut mine = again.clone();
    mine.phone = Some("15011112222".into());
    assert!(save_changed(&mut second, &mine, &again).is_ok());
}

#[test]
fn saving_a_record_deleted_meanwhile_is_refused() {
    let fixture = demo_ledger();
    let (mut first, mut second) = (session(&fixture.path, "wang"), session(&fixture.path, "li"));
    let before = first_household(&second);
    first.delete::<Household>(&before.id).unwrap();
    let mut mine = before.clone();
    mine.notes = "补充".into();
    assert!(matches!(save_changed(&mut second, &mine, &before), Err(StoreError::DeletedMeanwhile { .. })));
}

fn copies(fixture: &common::Fixture) -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("县里.db"), dir.path().join("村里 U盘.db"));
    std::fs::copy(&fixture.path, &a).unwrap();
    std::fs::copy(&fixture.path, &b).unwrap();
    (dir, a, b)
}

#[test]
fn two_copies_editing_one_field_leave_a_dispute_that_settles_and_merges() {
    let fixture = demo_ledger();
    let (_dir, a, b) = copies(&fixture);
    let (mut county, mut village) = (session(&a, "clerk"), session(&b, "cadre"));
    let mut h = first_household(&county);
    h.phone = Some("13800138000".into());
    county.update(&h).unwrap();
    let mut h2 = first_household(&village);
    h2.phone = Some("13912345678".into());
    village.update(&h2).unwrap();

    let report = county.merge_from(&b, false, false).unwrap();
    assert!(report.ops_in > 0 && report.conflicts == 1, "{report:?}");
    let disputes = county.disputes().unwrap();
    assert_eq!(disputes.len(), 1);
    let d = &disputes[0];
    assert_eq!((d.table.as_str(), d.field.as_str(), d.options.len()), ("households", "phone", 2));
    let users: Vec<&str> = d.options.iter().map(|c| c.op.os_user.as_str()).collect();
    assert!(users.contains(&"clerk") && users.contains(&"cadre"));
    let places: Vec<String> = d.options.iter().map(|c| c.copy_place.clone().unwrap_or_default()).collect();
    assert!(
        places.iter().any(|p| p.ends_with("县里.db")) && places.iter().any(|p| p.ends_with("村里 U盘.db")),
        "{places:?}"
    );
    // The later save shows until a person settles; the clerk keeps their own.
    let clerks = d.options.iter().find(|c| c.op.os_user == "clerk").unwrap().op.op_id.clone();
    county.settle(d, &clerks).unwrap();
    assert_eq!(county.dispute_count().unwrap(), 0);
    assert_eq!(county.get::<Household>(&h.id).unwrap().unwrap().phone.as_deref(), Some("13800138000"));
    // The settlement is an op: the village copy gets it with the next merge.
    village.merge_from(&a, false, false).unwrap();
    assert_eq!(village.dispute_count().unwrap(), 0);
    assert_eq!(village.get::<Household>(&h.id).unwrap().unwrap().phone.as_deref(), Some("13800138000"));
}

#[test]
fn an_edit_against_a_deletion_is_a_dispute_and_restoring_keeps_the_edit() {
    let fixture = demo_ledger();
    let (_dir, a, b) = copies(&fixture);
    let (mut county, mut village) = (session(&a, "clerk"), session(&b, "cadre"));
    let member = county.all::<Member>().unwrap().into_iter().next().unwrap();
    county.delete::<Member>(&member.id).unwrap();
    let mut edited = member.clone();
    edited.phone = Some("18600001111".into());
    village.update(&edited).unwrap();

    county.merge_from(&b, false, false).unwrap();
    let disputes = county.disputes().unwrap();
    assert_eq!(disputes.len(), 1);
    assert_eq!(disputes[0].field, "deleted");
    assert_eq!(disputes[0].options[0].op.kind, "delete", "the deletion comes first");
    let edit = disputes[0].options[1].op.op_id.clone();
    county.settle(&disputes[0], &edit).unwrap();
    let back: Member = county.get(&member.id).unwrap().expect("restored");
    assert_eq!(back.phone.as_deref(), Some("18600001111"));
    assert_eq!(county.dispute_count().unwrap(), 0);
}

#[test]
fn merge_refuses_another_ledger_and_a_dry_run_writes_nothing() {
    let fixture = demo_ledger();
    let (_dir, a, b) = copies(&fixture);
    let mut village = session(&b, "cadre");
    let mut h = first_household(&village);
    h.notes = "村里改的".into();
    village.update(&h).unwrap();
    let before = std::fs::read(&a).unwrap();
    let mut county = session(&a, "clerk");
    let report = county.merge_from(&b, false, true).unwrap();
    assert!(report.ops_in > 0 && report.records_changed == 1, "{report:?}");
    drop(county);
    assert_eq!(std::fs::read(&a).unwrap(), before, "a dry run leaves the file as it was");

    let other = tempfile::tempdir().unwrap();
    let stranger = other.path().join("别的台账.db");
    drop(Store::open_with(&stranger, today(), &mut |_, _| {}).unwrap());
    let mut county = session(&a, "clerk");
    assert!(matches!(county.merge_from(&stranger, false, false), Err(StoreError::OtherLedger { .. })));
    assert!(county.merge_from(&stranger, true, false).is_ok(), "--force merges it");
}

#[test]
fn the_same_person_added_in_two_copies_is_a_likely_duplicate() {
    let fixture = demo_ledger();
    let (_dir, a, b) = copies(&fixture);
    let (mut county, mut village) = (session(&a, "clerk"), session(&b, "cadre"));
    let h = first_household(&county);
    for store in [&mut county, &mut village] {
        let mut m = Member {
            household_id: h.id.clone(),
            name: "王小明".into(),
            id_number: Some("110101201003074514".into()),
            ..Member::default()
        };
        store.insert(&mut m).unwrap();
    }
    let report = county.merge_from(&b, false, false).unwrap();
    assert_eq!(report.duplicates, 1);
    let dups = county.duplicates().unwrap();
    assert_eq!(dups[0].holders.len(), 2);
    assert!(dups[0].holders.iter().all(|(_, name, _)| name == "王小明"));
}

#[test]
fn undo_takes_back_a_save_as_new_ops_and_leaves_what_others_changed() {
    let fixture = demo_ledger();
    let mut store = session(&fixture.path, "wang");
    let mut h = first_household(&store);
    let old_phone = h.phone.clone();
    h.phone = Some("13800138000".into());
    h.notes = "误改".into();
    store.update(&h).unwrap();
    let batch = store.last_batch().unwrap().to_string();
    // Another session changes the notes again; the undo leaves them.
    let mut other = session(&fixture.path, "li");
    let mut theirs: Household = other.get(&h.id).unwrap().unwrap();
    theirs.notes = "李改的".into();
    other.update(&theirs).unwrap();

    let undone = store.undo_batch(&batch).unwrap();
    assert_eq!((undone.taken_back, undone.left), (1, 1));
    let now: Household = store.get(&h.id).unwrap().unwrap();
    assert_eq!(now.phone, old_phone);
    assert_eq!(now.notes, "李改的");
    let last = store.ops_for(&h.id).unwrap().pop().unwrap();
    assert_eq!(last.note.as_deref(), Some(format!("undo:{batch}").as_str()));

    // Undoing an addition deletes it; undoing that brings it back.
    let mut m = Member { household_id: h.id.clone(), name: "新成员".into(), ..Member::default() };
    let id = store.insert(&mut m).unwrap();
    let added = store.last_batch().unwrap().to_string();
    store.undo_batch(&added).unwrap();
    assert!(store.get::<Member>(&id).unwrap().is_none());
    let removal = store.last_batch().unwrap().to_string();
    store.undo_batch(&removal).unwrap();
    assert!(store.get::<Member>(&id).unwrap().is_some());
}

#[test]
fn a_deleted_household_is_listed_with_its_reason_and_restored_with_its_members() {
    let fixture = demo_ledger();
    let mut store = session(&fixture.path, "wang");
    let h = first_household(&store);
    let members: Vec<String> =
        store.children::<Member>("household_id", &h.id, "").unwrap().iter().map(|m| m.id.clone()).collect();
    assert!(!members.is_empty());
    store
        .write(|w| {
            w.set_note(Some("整户迁出".into()));
            w.delete("households", &h.id)?;
            members.iter().try_for_each(|m| w.delete("members", m))
        })
        .unwrap();
    let deletions = store.deletions(10).unwrap();
    let d = &deletions[0];
    assert_eq!((d.table.as_str(), d.record_id.as_str()), ("households", h.id.as_str()));
    assert_eq!((d.reason.as_deref(), d.parts, d.user.as_str()), (Some("整户迁出"), members.len(), "wang"));
    assert_eq!(store.restore_batch(&d.batch.clone()).unwrap(), members.len() + 1);
    assert!(store.get::<Household>(&h.id).unwrap().is_some());
    assert_eq!(store.children::<Member>("household_id", &h.id, "").unwrap().len(), members.len());
    assert!(store.deletions(10).unwrap().iter().all(|d| d.record_id != h.id), "no longer listed");
}

#[test]
fn a_snapshot_taken_during_a_stream_of_saves_opens_and_checks_sound() {
    let fixture = demo_ledger();
    let path = fixture.path.clone();
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let writer = {
        let (path, stop) = (path.clone(), stop.clone());
        std::thread::spawn(move || {
            let mut store = session(&path, "writer");
            let mut h = first_household(&store);
            let mut n = 0u64;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                n += 1;
                h.notes = format!("第{n}次保存");
                store.update(&h).unwrap();
            }
            n
        })
    };
    let dir = tempfile::tempdir().unwrap();
    let mut store = session(&path, "clerk");
    for i in 0..5 {
        std::thread::sleep(std::time::Duration::from_millis(30));
        let out = dir.path().join(format!("快照 {i}.db"));
        store.snapshot(&out).unwrap();
        let copy = Store::open_with(&out, today(), &mut |_, _| {}).unwrap();
        assert_eq!(copy.integrity_check().unwrap(), ["ok"]);
        assert!(copy.foreign_key_check().unwrap().is_empty());
        let h = first_household(&copy);
        let saved: u64 = h.notes.trim_start_matches('第').trim_end_matches("次保存").parse().unwrap_or(0);
        let logged = copy.ops_for(&h.id).unwrap().iter().filter(|o| o.field.as_deref() == Some("notes")).count() as u64;
        assert_eq!(saved, logged, "the snapshot holds whole saves: its notes and its log agree");
    }
    assert!(store.snapshot(&dir.path().join("快照 0.db")).is_err(), "an existing file is never overwritten");
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    assert!(writer.join().unwrap() > 0);
}

#[cfg(unix)]
#[test]
fn a_ledger_in_a_group_shared_folder_is_group_writable() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let shared = dir.path().join("shared");
    std::fs::create_dir(&shared).unwrap();
    std::fs::set_permissions(&shared, std::fs::Permissions::from_mode(0o2770)).unwrap();
    let path = shared.join("县台账.db");
    let mut store = Store::open_with(&path, today(), &mut |_, _| {}).unwrap();
    assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o660);
    store.set_setting("x", "y").unwrap();
    let private = dir.path().join("mine.db");
    drop(Store::open_with(&private, today(), &mut |_, _| {}).unwrap());
    assert_eq!(std::fs::metadata(&private).unwrap().permissions().mode() & 0o777, 0o600);
}

#[test]
fn a_read_only_ledger_opens_for_reading_and_refuses_saves() {
    let fixture = demo_ledger();
    let mut store = Store::open_read_only(&fixture.path, today()).unwrap();
    assert!(store.read_only());
    assert!(!store.all::<Household>().unwrap().is_empty());
    let mut h = first_household(&store);
    h.notes = "x".into();
    assert!(matches!(store.update(&h), Err(StoreError::ReadOnly)));
}

#[test]
fn a_file_whose_header_is_being_written_is_not_called_foreign() {
    // A brand-new ledger cut off by a crash before its first commit: no mark yet, but a
    // journal to roll back. It must not be refused as "not a ledger".
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("台账.db");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch("CREATE TABLE t (x); DROP TABLE t;").unwrap();
    }
    let mut journal = path.as_os_str().to_os_string();
    journal.push("-journal");
    std::fs::write(PathBuf::from(&journal), b"not a real journal, but present").unwrap();
    let opened = Store::open_with(&path, today(), &mut |_, _| {});
    assert!(!matches!(opened, Err(StoreError::NotALedger { .. })), "{:?}", opened.err());
    // A foreign file with tables stays foreign, journal or not.
    let foreign = dir.path().join("别人的.db");
    rusqlite::Connection::open(&foreign).unwrap().execute_batch("CREATE TABLE t (x);").unwrap();
    let mut journal = foreign.as_os_str().to_os_string();
    journal.push("-journal");
    std::fs::write(PathBuf::from(&journal), b"present").unwrap();
    let before = std::fs::read(&foreign).unwrap();
    assert!(matches!(Store::open_with(&foreign, today(), &mut |_, _| {}), Err(StoreError::NotALedger { .. })));
    assert_eq!(std::fs::read(&foreign).unwrap(), before);
}
