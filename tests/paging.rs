//! Reading a list a window at a time gives the rows reading it whole does: by
//! offset from either end, by keyset after or before a row, and a record's position.

mod common;

use bangfu::cli::Scale;
use bangfu::domain::search::Query;
use bangfu::store::{ListKind, ListQuery, ListRow, Store, TaskView};
use common::today;

fn ids(rows: Vec<ListRow>) -> Vec<String> {
    rows.into_iter().map(|r| r.id).collect()
}

#[test]
fn windows_pages_and_positions_agree_with_the_whole_list() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("台账.db");
    // Two years of visits: more than the 1,000 rows from which the far end is read backwards.
    bangfu::demo::write(&path, Scale::Small, 11, 2, today()).unwrap();
    let store = Store::open_with(&path, today(), &mut |_, _| {}).unwrap();
    let kinds = [
        ListKind::Villages,
        ListKind::Households,
        ListKind::Projects,
        ListKind::Visits,
        ListKind::VisitsDue,
        ListKind::Tasks(TaskView::All),
        ListKind::Tasks(TaskView::Overdue),
        ListKind::People,
        ListKind::Settings,
        ListKind::Warnings,
    ];
    let mut long_lists = 0;
    for kind in kinds {
        for text in ["", "z", "2"] {
            let q = ListQuery { kind, filter: Query::parse(text), today: today() };
            let all = ids(store.list_window(&q, 0, usize::MAX / 2, usize::MAX).unwrap());
            let n = all.len();
            long_lists += usize::from(n > 1000);
            let count = store.list_count(&q).unwrap();
            if count.exact {
                assert_eq!(count.rows, n, "{kind:?} {text:?}: count");
            }
            for start in [0, 1, 7, n / 2, n / 2 + 1, n.saturating_sub(10), n.saturating_sub(3)] {
                let window = ids(store.list_window(&q, start, 10, n).unwrap());
                let want = all.get(start.min(n)..(start + 10).min(n)).unwrap();
                assert_eq!(window, want, "{kind:?} {text:?}: window at {start} of {n}");
            }
            let mut paged = ids(store.list_window(&q, 0, 9, n).unwrap());
            let mut last = store.list_window(&q, 0, 9, n).unwrap().pop();
            while let Some(row) = last {
                let more = store.list_after(&q, &row, 9).unwrap();
                last = more.last().cloned();
                paged.extend(ids(more));
            }
            assert_eq!(paged, all, "{kind:?} {text:?}: paging forwards");
            if let Some(end) = n.checked_sub(9) {
                let mut tail = store.list_window(&q, end, 9, n).unwrap();
                let mut backwards = ids(tail.clone());
                while let Some(first) = tail.first().cloned() {
                    tail = store.list_before(&q, &first, 9).unwrap();
                    backwards.splice(0..0, ids(tail.clone()));
                }
                assert_eq!(backwards, all, "{kind:?} {text:?}: paging backwards");
            }
            for index in [0, n / 3, n.saturating_sub(1)].into_iter().filter(|i| *i < n) {
                let position = store.list_position(&q, &all[index]).unwrap();
                assert_eq!(position, Some(index), "{kind:?} {text:?}: position of row {index}");
            }
        }
    }
    assert!(long_lists >= 1, "at least one list is long enough to be read from its far end");
}

/// A broad filter on a long list shows an approximate count, made exact (and right)
/// once the cursor reaches the end of the list.
#[test]
fn an_estimated_count_is_marked_and_corrected_at_the_end() {
    use bangfu::app::Tab;
    use bangfu::domain::vocab::Lang;
    use common::{Fixture, app_on, key, press, render, type_text};
    use crossterm::event::KeyCode;

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("台账.db");
    bangfu::demo::write(&path, Scale::Small, 11, 2, today()).unwrap();
    let fixture = Fixture { dir, path };
    let mut app = app_on(&fixture, Lang::Zh);
    press(&mut app, &[KeyCode::Char('5'), KeyCode::Char('/')]);
    // "w" is estimated above what it finds on this ledger (1,040 against 743).
    type_text(&mut app, "w");
    let screen = render(&mut app, 100, 30);
    let list = &app.tabs[Tab::Visits.index()].list;
    assert!(!list.exact, "a broad filter over the visits is estimated");
    let filter_line = screen.lines().rev().nth(2).unwrap();
    assert!(filter_line.contains(&format!("约 {}/", list.count)), "{filter_line}");

    let q = app.list_query(Tab::Visits).unwrap();
    let truth = app.store.list_window(&q, 0, usize::MAX / 2, usize::MAX).unwrap();
    press(&mut app, &[KeyCode::Enter, KeyCode::Char('G')]);
    let screen = render(&mut app, 100, 30);
    let list = &app.tabs[Tab::Visits.index()].list;
    assert!(list.exact, "reaching the end counts the list");
    assert_eq!(list.count, truth.len());
    assert_eq!(app.selected_id(Tab::Visits), truth.last().map(|r| r.id.clone()));
    assert!(!screen.contains("约 "), "{screen}");
    app.handle_key(key(KeyCode::Char('g')));
    assert_eq!(app.selected_id(Tab::Visits), truth.first().map(|r| r.id.clone()));

    // Paging down instead reads on from the rows shown, and stops at the true end.
    press(&mut app, &[KeyCode::Char('/'), KeyCode::Esc, KeyCode::Char('/')]);
    type_text(&mut app, "w");
    app.handle_key(key(KeyCode::Enter));
    render(&mut app, 100, 30);
    assert!(!app.tabs[Tab::Visits.index()].list.exact);
    for _ in 0..150 {
        app.handle_key(key(KeyCode::PageDown));
        render(&mut app, 100, 30);
    }
    let list = &app.tabs[Tab::Visits.index()].list;
    assert_eq!((list.count, list.exact), (truth.len(), true));
    assert_eq!(app.selected_id(Tab::Visits), truth.last().map(|r| r.id.clone()));
}

/// What each list adds to its records reads back as the list's own typed row, in
/// place after the record's columns, against the records themselves: a village's
/// households counted, a household's village and members, a visit's household, a
/// task's subject, a person's villages, a setting's kind, a warning's rule.
#[test]
fn each_list_reads_its_typed_rows_against_the_records() {
    use bangfu::domain::cadre::Cadre;
    use bangfu::domain::household::Household;
    use bangfu::domain::visit::Visit;
    use bangfu::store::{
        CadreRow, HouseholdRow, ProjectRow, Setting, SettingRow, TaskRow, VillageRow, VisitRow, WarningRow,
    };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("台账.db");
    bangfu::demo::write(&path, Scale::Small, 7, 1, today()).unwrap();
    let store = Store::open_with(&path, today(), &mut |_, _| {}).unwrap();
    let rows = |kind| {
        let q = ListQuery { kind, filter: Query::default(), today: today() };
        store.list_window(&q, 0, 100_000, 0).unwrap()
    };
    let households: Vec<Household> = store.all().unwrap();
    let villages = rows(ListKind::Villages);
    let counted: i64 = villages.iter().map(|r| r.extras::<VillageRow>().households).sum();
    assert_eq!(counted as usize, households.len());
    for r in rows(ListKind::Households) {
        let (h, facts): (Household, HouseholdRow) = (r.record(), r.extras());
        assert_eq!(h.id, r.id);
        assert_eq!(Some(facts.village_name), store.village_name(&h.village_id).ok(), "{}", h.head_name);
        assert!(facts.member_count >= 1, "{}", h.head_name);
    }
    for r in rows(ListKind::Visits).iter().take(50) {
        let (v, to): (Visit, VisitRow) = (r.record(), r.extras());
        assert_eq!(to.village_name, store.village_name(&v.village_id).unwrap());
        if let Some(h) = &v.household_id {
            assert_eq!(Some(to.head_name), store.household_label(h).unwrap().map(|(head, _)| head));
        }
    }
    assert!(rows(ListKind::Projects).iter().all(|r| !r.extras::<ProjectRow>().village_name.is_empty()));
    let tasks = rows(ListKind::Tasks(TaskView::All));
    assert!(!tasks.is_empty() && tasks.iter().all(|r| !r.extras::<TaskRow>().subject_name.is_empty()));
    for r in rows(ListKind::People) {
        let (c, works): (Cadre, CadreRow) = (r.record(), r.extras());
        assert_eq!(works.village_names.split('、').filter(|n| !n.is_empty()).count(), c.villages.len(), "{}", c.name);
    }
    let settings: Vec<SettingRow> = rows(ListKind::Settings).iter().map(|r| r.extras()).collect();
    for kind in [Setting::Threshold, Setting::VisitRule, Setting::Weight] {
        assert!(settings.iter().any(|s| s.setting() == Some(kind)), "{kind:?}");
    }
    let warnings = rows(ListKind::Warnings);
    assert!(!warnings.is_empty());
    for r in &warnings {
        let (w, typed): (WarningRow, _) = (r.extras(), r.warning());
        assert_eq!((w.id, w.rule), (r.id.clone(), typed.rule));
    }
}

/// A list made from a declaration pages and places its rows right when many share
/// every key but the id — needs with no deadline, of one status, overdue or not —
/// read one row at a time forwards and backwards, and each row's position.
#[test]
fn a_declared_list_pages_through_rows_with_empty_keys() {
    use bangfu::domain::need::Need;
    use bangfu::store::RecordList;
    static NEEDS: RecordList = RecordList {
        kind: bangfu::domain::registry::RecordKind::Need,
        columns: &["title", "township", "deadline", "status"],
        order: &["status", "township", "deadline"],
    };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("台账.db");
    let mut store = Store::open_with(&path, today(), &mut |_, _| {}).unwrap();
    let day = |m, d| chrono::NaiveDate::from_ymd_opt(2026, m, d);
    let shapes = [
        ("", None, "not_started"),
        ("", None, "not_started"),
        ("青山镇", None, "not_started"),
        ("", day(12, 1), "not_started"),
        ("", None, "in_progress"),
        ("", day(10, 1), "in_progress"),
        ("", None, "not_started"),
        ("青山镇", day(9, 1), "done"),
        ("青山镇", None, "done"),
    ];
    store
        .write(|w| {
            for (n, (township, deadline, status)) in shapes.iter().enumerate() {
                let mut need = Need {
                    title: format!("需求{n}"),
                    class: "other".into(),
                    township: if township.is_empty() { "明阳镇".into() } else { township.to_string() },
                    owner: "李红".into(),
                    deadline: *deadline,
                    status: status.to_string(),
                    ..Need::default()
                };
                w.insert(&mut need)?;
            }
            Ok(())
        })
        .unwrap();
    let q = ListQuery { kind: ListKind::Records(&NEEDS), filter: Query::default(), today: today() };
    let all = ids(store.list_window(&q, 0, 100, usize::MAX).unwrap());
    assert_eq!(all.len(), shapes.len());
    let mut one_by_one = ids(store.list_window(&q, 0, 1, all.len()).unwrap());
    while one_by_one.len() < all.len() {
        let last = store.list_window(&q, one_by_one.len() - 1, 1, all.len()).unwrap().pop().unwrap();
        let next = store.list_after(&q, &last, 1).unwrap();
        assert_eq!(next.len(), 1, "paging stopped after {}", one_by_one.len());
        one_by_one.extend(ids(next));
    }
    assert_eq!(one_by_one, all, "forwards");
    let last = store.list_window(&q, all.len() - 1, 1, all.len()).unwrap().pop().unwrap();
    assert_eq!(ids(store.list_before(&q, &last, 100).unwrap()), all[..all.len() - 1], "backwards");
    for (index, id) in all.iter().enumerate() {
        assert_eq!(store.list_position(&q, id).unwrap(), Some(index), "position of row {index}");
    }
}
