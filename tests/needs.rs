//! 需求清单 (issue 23, item 4; issue 24, item 2): a need of a village or a township,
//! listed on 任务's fifth view from its declaration, found by pinyin, warned of from
//! the day after its deadline, closed out with `x`, kept by `check` and a merge.

#![allow(clippy::indexing_slicing)] // tests index what they just built

mod common;

use bangfu::app::{Popup, RecordKind, Tab};
use bangfu::domain::need::Need;
use bangfu::domain::village::Village;
use bangfu::domain::vocab::Lang;
use bangfu::store::Store;
use chrono::NaiveDate;
use common::*;
use crossterm::event::KeyCode;

fn day(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, d).unwrap()
}

/// An empty ledger with one village, 金星村 of 青山镇; its id.
fn ledger_with_a_village() -> (Fixture, String) {
    let fixture = empty_ledger();
    let mut store = Store::open(&fixture.path).unwrap();
    let mut v = Village { name: "金星村".into(), township: "青山镇".into(), ..Village::default() };
    store.write(|w| w.insert(&mut v).map(drop)).unwrap();
    (fixture, v.id)
}

fn need(title: &str, village: Option<&str>, deadline: NaiveDate, status: &str) -> Need {
    Need {
        title: title.into(),
        class: "infrastructure".into(),
        village_id: village.map(str::to_string),
        township: if village.is_none() { "青山镇".into() } else { String::new() },
        owner: "袁维成".into(),
        deadline: Some(deadline),
        status: status.into(),
        ..Need::default()
    }
}

fn insert(path: &std::path::Path, mut n: Need) -> String {
    let mut store = Store::open(path).unwrap();
    store.write(|w| w.insert(&mut n).map(drop)).unwrap();
    n.id
}

/// 任务, on the needs view.
fn on_needs(app: &mut bangfu::app::App) {
    app.handle_key(key(KeyCode::Char('6')));
    while app.view_of(Tab::Tasks).record != Some(RecordKind::Need) {
        app.handle_key(key(KeyCode::Char('f')));
    }
}

fn form_kind(app: &bangfu::app::App) -> Option<RecordKind> {
    match app.popups.last() {
        Some(Popup::Form(f)) => Some(f.kind),
        _ => None,
    }
}

/// What a warning holds for first, then not started, in progress and finished, each by
/// deadline; the overdue one marked; the village named, a township's need by its township.
#[test]
fn the_list_puts_overdue_needs_first_then_by_status_and_deadline() {
    let (fixture, village) = ledger_with_a_village();
    // today() is 2026-11-15.
    let later = insert(&fixture.path, need("村卫生室设备更新", Some(&village), day(12, 20), "not_started"));
    let sooner = insert(&fixture.path, need("电商直播技能培训", Some(&village), day(12, 1), "not_started"));
    let going = insert(&fixture.path, need("产业路灌溉渠维修", None, day(11, 30), "in_progress"));
    let overdue = insert(&fixture.path, need("通组道路硬化", Some(&village), day(11, 14), "in_progress"));
    let due_today = insert(&fixture.path, need("冷链仓储设施", Some(&village), day(11, 15), "in_progress"));
    let done = insert(&fixture.path, need("帮扶车间订单对接", Some(&village), day(10, 1), "done"));
    let mut app = app_on(&fixture, Lang::Zh);
    on_needs(&mut app);
    assert_eq!(shown_ids(&app, Tab::Tasks), [overdue.clone(), sooner, later, due_today, going, done]);
    let screen = render(&mut app, 80, 24);
    let line = |title: &str| screen.lines().find(|l| l.contains(title)).unwrap_or_default().to_string();
    assert!(line("通组道路硬化").starts_with('!'), "{screen}");
    // On its deadline a need is not yet overdue.
    assert!(!line("冷链仓储设施").starts_with('!'), "{screen}");
    assert!(line("通组道路硬化").contains("金星村") && line("通组道路硬化").contains("基础设施"), "{screen}");
    assert!(line("产业路灌溉渠维修").contains("青山镇"), "{screen}");
    // The warning is the ledger's, with its words, from the day after the deadline.
    let ws = warnings(&app);
    let w: Vec<_> = ws.iter().filter(|w| w.table == "needs").collect();
    assert_eq!(w.len(), 1, "{ws:?}");
    assert_eq!((w[0].record_id.as_str(), w[0].from), (overdue.as_str(), Some(day(11, 15))));
}

/// The filter finds a need by the pinyin initials of its village, the words of its
/// title and its owner's name.
#[test]
fn a_need_is_found_by_pinyin_of_its_village_title_or_owner() {
    let (fixture, village) = ledger_with_a_village();
    let road = insert(&fixture.path, need("通组道路硬化", Some(&village), day(12, 20), "not_started"));
    let mut township = need("劳务品牌培育", None, day(12, 20), "not_started");
    township.owner = "李红".into();
    let brand = insert(&fixture.path, township);
    let mut app = app_on(&fixture, Lang::Zh);
    on_needs(&mut app);
    for (typed, expected) in [("jxc", vec![road.clone()]), ("道路", vec![road.clone()]), ("lh", vec![brand.clone()])]
    {
        app.handle_key(key(KeyCode::Char('/')));
        app.handle_key(ctrl('u'));
        type_text(&mut app, typed);
        app.handle_key(key(KeyCode::Enter));
        assert_eq!(shown_ids(&app, Tab::Tasks), expected, "{typed}");
    }
}

/// `a` on the needs view adds a need (its village the selected one); a need names a
/// village or a township; `x` closes it out only with the evidence, and the warning goes.
#[test]
fn a_need_is_added_then_closed_out_with_its_evidence() {
    let (fixture, village) = ledger_with_a_village();
    let mut app = app_on(&fixture, Lang::Zh);
    app.handle_key(key(KeyCode::Char('2')));
    render(&mut app, 80, 24);
    on_needs(&mut app);
    app.handle_key(key(KeyCode::Char('a')));
    assert_eq!(form_kind(&app), Some(RecordKind::Need));
    type_text(&mut app, "村道硬化２．３公里");
    for (field, text) in [("class", "infrastructure"), ("owner", "袁维成"), ("deadline", "2026-11-01")] {
        if let Some(Popup::Form(open)) = app.popups.last_mut() {
            open.form.set_value(field, text);
        }
    }
    app.handle_key(ctrl('s'));
    assert!(app.popups.is_empty(), "{:?} {:?}", app.status, app.popups.last().map(|_| ()));
    let needs: Vec<Need> = all(&app);
    assert_eq!(needs.len(), 1);
    assert_eq!(needs[0].village_id.as_deref(), Some(village.as_str()));
    assert_eq!(needs[0].status, "not_started");
    assert_eq!(warnings(&app).iter().filter(|w| w.table == "needs").count(), 1);

    // x: the form closes it out today, by its owner, and waits for the evidence.
    render(&mut app, 80, 24);
    app.handle_key(key(KeyCode::Char('x')));
    assert_eq!(form_kind(&app), Some(RecordKind::Need));
    app.handle_key(ctrl('s'));
    assert_eq!(form_kind(&app), Some(RecordKind::Need), "saved without evidence");
    type_text(&mut app, "验收单已归档");
    app.handle_key(ctrl('s'));
    assert!(app.popups.is_empty(), "{:?}", app.status);
    let n: Vec<Need> = all(&app);
    assert_eq!((n[0].status.as_str(), n[0].closed_on, n[0].closed_by.as_str()), ("closed", Some(today()), "袁维成"));
    assert_eq!(warnings(&app).iter().filter(|w| w.table == "needs").count(), 0);
    // The progress key is a task's: on a need it asks for a task, and writes nothing.
    app.handle_key(key(KeyCode::Char('n')));
    assert!(app.popups.is_empty());
}

/// Enter on the overview's warning about a need opens it on 任务's needs view, details open.
#[test]
fn the_overview_warning_opens_the_need() {
    let (fixture, village) = ledger_with_a_village();
    let overdue = insert(&fixture.path, need("通组道路硬化", Some(&village), day(11, 1), "not_started"));
    let mut app = app_on(&fixture, Lang::Zh);
    render(&mut app, 120, 40);
    let warned = app.overview.warnings.count;
    let at =
        (0..warned).position(|i| app.overview.warnings.row(i).is_some_and(|r| r.warning().table == "needs")).unwrap();
    for _ in 0..at {
        app.handle_key(key(KeyCode::Down));
    }
    app.handle_key(key(KeyCode::Enter));
    assert_eq!((app.tab, app.view_of(Tab::Tasks).record), (Tab::Tasks, Some(RecordKind::Need)));
    let screen = render(&mut app, 120, 40);
    assert_eq!(app.state(Tab::Tasks).list.selected_row().map(|r| r.id.clone()), Some(overdue));
    assert!(screen.contains("尚未完成销号"), "{screen}");
}

/// `check` counts the needs; two copies' needs are both kept by a merge.
#[test]
fn needs_are_checked_and_merged() {
    let (fixture, village) = ledger_with_a_village();
    let other = fixture.dir.path().join("另一份.db");
    std::fs::copy(&fixture.path, &other).unwrap();
    insert(&fixture.path, need("通组道路硬化", Some(&village), day(12, 1), "not_started"));
    insert(&other, need("劳务品牌培育", None, day(12, 1), "not_started"));
    let mut store = Store::open(&fixture.path).unwrap();
    let report = store.merge_from(&other, false, false).unwrap();
    assert_eq!(report.conflicts, 0, "{report:?}");
    let titles: Vec<String> = store.all::<Need>().unwrap().into_iter().map(|n| n.title).collect();
    assert_eq!(titles.len(), 2, "{titles:?}");
    let counts = store.table_counts().unwrap();
    let needs = counts.iter().find(|c| c.table == "needs").expect("check counts the needs");
    assert_eq!(needs.live, 2);
}

/// Every kind is named in messages (the deleted list, undo, history): by its own
/// fields as the registry says, else by app/names.rs — a kind named by neither fails.
#[test]
fn a_record_of_every_kind_is_named() {
    let fixture = demo_ledger();
    let app = app_on(&fixture, Lang::Zh);
    let conn = rusqlite::Connection::open(&fixture.path).unwrap();
    for kind in RecordKind::ALL {
        let table = kind.def().table;
        let sql = format!("SELECT id FROM {table} WHERE deleted = 0 ORDER BY id LIMIT 1");
        let id: String = conn.query_row(&sql, [], |r| r.get(0)).unwrap_or_else(|_| panic!("the demo has no {table}"));
        assert!(!app.record_name(*kind, &id).trim().is_empty(), "{kind:?} has no name");
    }
}
