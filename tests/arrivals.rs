//! Funds as they arrive (issue 22, item 2): each arrival a dated record with its
//! source, so 到位 "as at" a month's end, 到位 by source and 撬动 on arrived money are
//! sums — counted by hand here; a project's 到位 is kept equal to its arrivals through
//! saves, deletions, undo and merges; an older file's one figure becomes one arrival
//! that two copies upgraded apart agree on.

#![allow(clippy::indexing_slicing)] // tests index what they just built

mod common;

use bangfu::domain::dates::YearMonth;
use bangfu::domain::project::{FundArrival, Project};
use bangfu::domain::village::Village;
use bangfu::domain::vocab::Lang;
use bangfu::domain::{Draft, Record};
use bangfu::store::Store;
use bangfu::ui::Labels;
use calamine::{Data, Reader};
use chrono::NaiveDate;
use common::*;

const WAN: i64 = 1_000_000;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn month(m: u32) -> YearMonth {
    YearMonth::new(2026, m).unwrap()
}

fn arrival(store: &mut Store, project: &str, date: NaiveDate, wan: i64, source: &str) -> String {
    let mut a = FundArrival {
        project_id: project.into(),
        date,
        amount: wan * WAN,
        source: Some(source.into()),
        party: "宜宾市".into(),
        ..FundArrival::default()
    };
    store.insert(&mut a).unwrap()
}

/// One project planning 中央 100万, 帮扶方 100万, 社会 50万; arriving 中央 40万 on 10
/// August, 帮扶方 60万 on 20 September, 社会 30万 on 5 October, 帮扶方 20万 on 2 November.
fn small_ledger() -> (Fixture, String) {
    let fixture = empty_ledger();
    let mut store = Store::open(&fixture.path).unwrap();
    // Entered in July: a past month counts the projects the ledger held at its end.
    store.set_time_source(bangfu::store::TimeSource::fixed(1_782_864_000_000, 1));
    let mut v =
        Village::from_draft("", &Draft::default().with("name", "柳林村").with("assisting_party", "宜宾市")).unwrap();
    let village = store.insert(&mut v).unwrap();
    let mut p = Project {
        name: "产业路".into(),
        village_id: Some(village),
        status: Some("started".into()),
        planned_start_month: Some(month(7)),
        start_month: Some(month(7)),
        fund_central: 100 * WAN,
        fund_assisting: 100 * WAN,
        fund_social: 50 * WAN,
        ..Project::default()
    };
    let project = store.insert(&mut p).unwrap();
    arrival(&mut store, &project, day(2026, 8, 10), 40, "central");
    arrival(&mut store, &project, day(2026, 9, 20), 60, "assisting");
    arrival(&mut store, &project, day(2026, 10, 5), 30, "social");
    arrival(&mut store, &project, day(2026, 11, 2), 20, "assisting");
    (fixture, project)
}

#[test]
fn arrived_as_at_each_months_end_by_source_matches_a_hand_count() {
    let (fixture, project) = small_ledger();
    let store = Store::open(&fixture.path).unwrap();
    let today = day(2026, 12, 4);
    let work = |m| store.month_figures(month(m), today).unwrap().work;
    // July: nothing yet. September: 中央 40 and 帮扶方 60, no 撬动 (0 ÷ 60).
    assert_eq!((work(7).arrived_fen, work(7).leveraged()), (0, (0, None)));
    let sep = work(9);
    assert_eq!(sep.arrived_fen, 100 * WAN);
    assert_eq!(sep.arrived_by_source, [("central".to_string(), 40 * WAN), ("assisting".to_string(), 60 * WAN)]);
    assert_eq!(sep.leveraged(), (0, Some(0)));
    // October: 社会 30 on 帮扶方 60: 0.50. November: 30 on 80: 0.375, rounded half up.
    assert_eq!((work(10).arrived_fen, work(10).leveraged()), (130 * WAN, (30 * WAN, Some(50))));
    assert_eq!((work(11).arrived_fen, work(11).leveraged()), (150 * WAN, (30 * WAN, Some(38))));
    // The project's 到位 is the sum of all its arrivals.
    assert_eq!(store.get::<Project>(&project).unwrap().unwrap().arrived, 150 * WAN);
}

#[test]
fn the_month_report_writes_arrived_by_source_and_leverage() {
    let (fixture, _) = small_ledger();
    let out = fixture.dir.path().join("月调度.xlsx");
    let mut store = Store::open(&fixture.path).unwrap();
    bangfu::report::month_report(&mut store, Labels::get(Lang::Zh), month(10), day(2026, 12, 4), &out).unwrap();
    let mut book = calamine::open_workbook_auto(&out).unwrap();
    let rows: Vec<Vec<Data>> = book.worksheet_range("月调度").unwrap().rows().map(|r| r.to_vec()).collect();
    let value = |name: &str| {
        let row = rows.iter().find(|r| r[0] == name).unwrap_or_else(|| panic!("no row {name}"));
        row[1].to_string()
    };
    assert_eq!(value("到位资金（万元）"), "130");
    assert_eq!(value("　其中：中央衔接资金（万元）"), "40");
    assert_eq!(value("　其中：帮扶方资金（万元）"), "60");
    assert_eq!(value("　其中：社会/撬动资金（万元）"), "30");
    assert_eq!(value("撬动资金到位（万元）"), "30");
    assert_eq!(value("撬动比（按到位资金）"), "0.5");
}

#[test]
fn a_projects_arrived_follows_its_arrivals_through_deletion_and_undo() {
    let (fixture, project) = small_ledger();
    let mut store = Store::open(&fixture.path).unwrap();
    let last = store.all::<FundArrival>().unwrap().into_iter().find(|a| a.date == day(2026, 11, 2)).unwrap();
    store.delete::<FundArrival>(&last.id).unwrap();
    assert_eq!(store.get::<Project>(&project).unwrap().unwrap().arrived, 130 * WAN);
    let batch = store.last_batch().unwrap().to_string();
    store.undo_batch(&batch).unwrap();
    assert_eq!(store.get::<Project>(&project).unwrap().unwrap().arrived, 150 * WAN);
    // A hand-edited total is put right by a rebuild.
    drop(store);
    let conn = rusqlite::Connection::open(&fixture.path).unwrap();
    conn.execute("UPDATE projects SET arrived_fen = 1", []).unwrap();
    drop(conn);
    let mut store = Store::open(&fixture.path).unwrap();
    store.rebuild_derived(&mut |_, _| {}).unwrap();
    assert_eq!(store.get::<Project>(&project).unwrap().unwrap().arrived, 150 * WAN);
}

/// Two copies each record an arrival for the same project: merged, both arrivals are
/// there and the project's 到位 is their sum, with nothing for a person to settle.
#[test]
fn arrivals_in_two_copies_merge_into_their_sum() {
    let (fixture, project) = small_ledger();
    let other = fixture.dir.path().join("另一份.db");
    std::fs::copy(&fixture.path, &other).unwrap();
    {
        let mut here = Store::open(&fixture.path).unwrap();
        arrival(&mut here, &project, day(2026, 11, 20), 5, "central");
        let mut there = Store::open(&other).unwrap();
        arrival(&mut there, &project, day(2026, 11, 21), 7, "social");
    }
    let mut store = Store::open(&fixture.path).unwrap();
    let report = store.merge_from(&other, false, false).unwrap();
    assert_eq!(report.conflicts, 0, "{report:?}");
    assert_eq!(store.all::<FundArrival>().unwrap().len(), 6);
    assert_eq!(store.get::<Project>(&project).unwrap().unwrap().arrived, 162 * WAN);
}

/// A file of format 12 kept one 到位 per project: upgraded, it is one arrival of that
/// amount, its source not split; two copies upgraded apart make the same one, so a
/// merge keeps the sum.
#[test]
fn an_older_files_total_becomes_one_arrival_every_copy_agrees_on() {
    use bangfu::store::migrations::migrate_to;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("旧台账.db");
    {
        let mut conn = rusqlite::Connection::open(&path).unwrap();
        migrate_to(&mut conn, 12, day(2026, 11, 15), &mut |_, _| {}).unwrap();
        conn.execute_batch(
            "INSERT INTO villages (id, name, created_at, updated_at)
                 VALUES ('00000000000000000000000000000001', '柳林村', '2026-03-01T00:00:00Z', '2026-03-01T00:00:00Z');
             INSERT INTO projects (id, name, village_id, arrived_fen, fund_central_fen, created_at, updated_at)
                 VALUES ('00000000000000000000000000000002', '产业路', '00000000000000000000000000000001',
                         80000000, 100000000, '2026-03-01T00:00:00Z', '2026-09-30T08:00:00Z');",
        )
        .unwrap();
    }
    let copy = dir.path().join("旧台账副本.db");
    std::fs::copy(&path, &copy).unwrap();
    let mut store = Store::open(&path).unwrap();
    let arrivals = store.all::<FundArrival>().unwrap();
    assert_eq!(arrivals.len(), 1);
    assert_eq!((arrivals[0].amount, arrivals[0].date, arrivals[0].source.clone()), (80 * WAN, day(2026, 9, 30), None));
    drop(Store::open(&copy).unwrap());
    store.merge_from(&copy, false, false).unwrap();
    assert_eq!(store.all::<FundArrival>().unwrap().len(), 1, "the same arrival in both copies");
    let p: Project = store.get("00000000000000000000000000000002").unwrap().unwrap();
    assert_eq!(p.arrived, 80 * WAN);
}

/// `z` on 项目: a new arrival for the selected project, dated today, its source the
/// one planned most (中央 and 帮扶方 plan 100万 each: the later), from the village's
/// 帮扶方; the amount typed in 万; the details list it and the 到位 follows.
#[test]
fn an_arrival_is_recorded_from_the_projects_tab() {
    use crossterm::event::KeyCode;
    let (fixture, project) = small_ledger();
    let mut app = app_on(&fixture, Lang::Zh);
    app.handle_key(key(KeyCode::Char('4')));
    app.handle_key(key(KeyCode::Char('z')));
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("资金到位") && screen.contains("帮扶方资金") && screen.contains("宜宾市"), "{screen}");
    type_text(&mut app, "12.5万");
    app.handle_key(ctrl('s'));
    assert!(app.popups.is_empty(), "saved: {}", render(&mut app, 80, 24));
    let p: Project = app.store.get(&project).unwrap().unwrap();
    assert_eq!(p.arrived, 1625 * WAN / 10);
    app.handle_key(key(KeyCode::Enter));
    let screen = render(&mut app, 120, 40);
    assert!(screen.contains("12.50 万元 · 帮扶方资金 · 宜宾市"), "{screen}");
}

/// In a project's details ↑↓ walk its arrivals (newest first) and `e` / `d` act on the
/// one selected — never the project, and never an arrival other than the one marked.
#[test]
fn a_projects_details_walk_its_arrivals() {
    use bangfu::app::Popup;
    use crossterm::event::KeyCode;
    let (fixture, _) = small_ledger();
    let mut app = app_on(&fixture, Lang::Zh);
    press(&mut app, &[KeyCode::Char('4'), KeyCode::Enter, KeyCode::Down]);
    let screen = render(&mut app, 80, 40);
    assert!(screen.contains("› 2026-10-05"), "{screen}");
    assert!(screen.lines().last().unwrap_or_default().contains("选到位"), "{screen}");
    press(&mut app, &[KeyCode::Char('d')]);
    let asked = render(&mut app, 80, 40);
    assert!(asked.contains("2026-10-05 30.00 万元"), "{asked}");
    press(&mut app, &[KeyCode::Esc, KeyCode::Char('e')]);
    match app.popups.last() {
        Some(Popup::Form(f)) => assert_eq!(f.kind, bangfu::app::RecordKind::Arrival),
        _ => panic!("e opens the selected arrival: {}", render(&mut app, 80, 40)),
    }
}
