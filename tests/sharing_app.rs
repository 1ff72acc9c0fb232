//! Two people on one ledger, as they use the app: the lost update keeps both edits, a
//! save shows in the other session without a key, a clash on one field reaches the
//! person with both values, and history, undo, deletions and disputes on screen.

#![allow(clippy::indexing_slicing)] // tests index what they just built

mod common;

use bangfu::app::{App, Popup, Tab};
use bangfu::domain::household::Household;
use bangfu::domain::vocab::Lang;
use bangfu::store::{Actor, Store, TimeSource};
use common::*;
use crossterm::event::KeyCode;

fn beijing() -> chrono::FixedOffset {
    chrono::FixedOffset::east_opt(8 * 3600).unwrap()
}

/// A second person's session on the same file, saving at fixed instants.
fn colleague(fixture: &Fixture) -> App {
    let mut store = Store::open_with(&fixture.path, today(), &mut |_, _| {}).unwrap();
    store.set_actor(Actor { user: "li".into(), host: "county-server".into() });
    store.set_time_source(TimeSource::fixed(1_795_000_000_000, 3));
    let mut app = App::new(store, Lang::Zh, today()).unwrap();
    app.file_label = "台账.db".into();
    app.time_zone = beijing();
    app
}

fn me(fixture: &Fixture) -> App {
    let mut app = app_on(fixture, Lang::Zh);
    app.time_zone = beijing();
    app
}

fn set_field(app: &mut App, key: &str, value: &str) {
    let Some(Popup::Form(open)) = app.popups.last_mut() else { panic!("no form open") };
    open.form.set_value(key, value);
}

fn household(app: &App, id: &str) -> Household {
    app.store.get(id).unwrap().unwrap()
}

/// Both open the first household's form on the households tab.
fn both_editing(fixture: &Fixture) -> (App, App, String) {
    let (mut a, mut b) = (me(fixture), colleague(fixture));
    for app in [&mut a, &mut b] {
        press(app, &[KeyCode::Char('3'), KeyCode::Char('e')]);
        assert!(matches!(app.popups.last(), Some(Popup::Form(_))));
    }
    let id = a.selected_id(Tab::Households).unwrap();
    assert_eq!(b.selected_id(Tab::Households).as_deref(), Some(id.as_str()));
    (a, b, id)
}

#[test]
fn the_lost_update_keeps_both_edits() {
    let fixture = demo_ledger();
    let (mut a, mut b, id) = both_editing(&fixture);
    set_field(&mut b, "phone", "13800138000");
    b.handle_key(ctrl('s'));
    assert!(b.popups.is_empty(), "{:?}", b.status);
    set_field(&mut a, "notes", "已核实收入");
    a.handle_key(ctrl('s'));
    assert!(a.popups.is_empty(), "{:?}", a.status);
    let h = household(&a, &id);
    assert_eq!(h.phone.as_deref(), Some("13800138000"), "li's phone is kept");
    assert_eq!(h.notes, "已核实收入");
}

#[test]
fn a_clash_on_one_field_shows_both_values_and_the_person_chooses() {
    let fixture = demo_ledger();
    let (mut a, mut b, id) = both_editing(&fixture);
    set_field(&mut b, "phone", "13800138000");
    b.handle_key(ctrl('s'));
    set_field(&mut a, "phone", "13912345678");
    set_field(&mut a, "notes", "换了号码");
    a.handle_key(ctrl('s'));
    assert!(matches!(a.popups.last(), Some(Popup::Clash(_))));
    insta::assert_snapshot!("clash_80x24", render(&mut a, 80, 24));
    assert_eq!(household(&a, &id).phone.as_deref(), Some("13800138000"), "nothing overwritten yet");

    // t: their number goes into the form; saving keeps it and saves the notes.
    a.handle_key(key(KeyCode::Char('t')));
    assert!(matches!(a.popups.last(), Some(Popup::Form(_))));
    a.handle_key(ctrl('s'));
    let h = household(&a, &id);
    assert_eq!((h.phone.as_deref(), h.notes.as_str()), (Some("13800138000"), "换了号码"));

    // Next time the person keeps their own: m saves it over the other's.
    press(&mut b, &[KeyCode::Char('e')]);
    press(&mut a, &[KeyCode::Char('e')]);
    set_field(&mut b, "phone", "15011112222");
    b.handle_key(ctrl('s'));
    set_field(&mut a, "phone", "18600001111");
    a.handle_key(ctrl('s'));
    a.handle_key(key(KeyCode::Char('m')));
    assert!(a.popups.is_empty());
    assert_eq!(household(&a, &id).phone.as_deref(), Some("18600001111"));
}

#[test]
fn another_sessions_save_shows_without_a_key_and_the_cursor_stays() {
    let fixture = demo_ledger();
    let (mut a, mut b) = (me(&fixture), colleague(&fixture));
    press(&mut a, &[KeyCode::Char('3'), KeyCode::Down, KeyCode::Down]);
    let selected = a.selected_id(Tab::Households).unwrap();
    let count = a.tabs[Tab::Households.index()].list.count;
    assert!(!a.watch_file(), "nothing changed yet");

    press(&mut b, &[KeyCode::Char('3'), KeyCode::Char('a')]);
    set_field(&mut b, "head_name", "新来户");
    let village = all::<bangfu::domain::village::Village>(&b)[0].id.clone();
    set_field(&mut b, "village_id", &village);
    b.handle_key(ctrl('s'));
    assert!(all::<Household>(&b).iter().any(|h| h.head_name == "新来户"), "{:?}", b.status);

    assert!(a.watch_file(), "the other session's save is noticed");
    render(&mut a, 100, 30);
    assert_eq!(a.tabs[Tab::Households.index()].list.count, count + 1);
    assert_eq!(a.selected_id(Tab::Households).as_deref(), Some(selected.as_str()), "the cursor stays on its household");
    assert!(!a.watch_file(), "noticed once");
}

#[test]
fn an_open_form_survives_another_sessions_save() {
    let fixture = demo_ledger();
    let (mut a, mut b, id) = both_editing(&fixture);
    set_field(&mut a, "notes", "正在填写");
    set_field(&mut b, "group_name", "三组");
    b.handle_key(ctrl('s'));
    assert!(a.watch_file());
    let Some(Popup::Form(open)) = a.popups.last() else { panic!("the form stays open") };
    assert_eq!(open.form.value("notes"), "正在填写");
    a.handle_key(ctrl('s'));
    let h = household(&a, &id);
    assert_eq!((h.group_name.as_str(), h.notes.as_str()), ("三组", "正在填写"));
}

#[test]
fn u_takes_back_the_sessions_saves_one_by_one() {
    let fixture = demo_ledger();
    let mut a = me(&fixture);
    press(&mut a, &[KeyCode::Char('3')]);
    let id = a.selected_id(Tab::Households).unwrap();
    let before = household(&a, &id);
    for notes in ["第一次", "第二次"] {
        a.handle_key(key(KeyCode::Char('e')));
        set_field(&mut a, "notes", notes);
        a.handle_key(ctrl('s'));
    }
    a.handle_key(key(KeyCode::Char('u')));
    assert_eq!(household(&a, &id).notes, "第一次");
    a.handle_key(key(KeyCode::Char('u')));
    assert_eq!(household(&a, &id).notes, before.notes);
    a.handle_key(key(KeyCode::Char('u')));
    assert!(a.status.as_deref().is_some_and(|s| s.contains("没有可撤销")), "{:?}", a.status);
    // Each undo is an op of its own, noted as such.
    let notes: Vec<_> = a.store.ops_for(&id).unwrap().into_iter().filter_map(|o| o.note).collect();
    assert_eq!(notes.iter().filter(|n| n.starts_with("undo:")).count(), 2);
}

/// `u` says what it takes back; a save about a record not on the screen is named and
/// asked about first (a second `u` once deleted a visit recorded on another tab), and
/// the deleted list says "撤销了…" in words, never an id.
#[test]
fn u_names_what_it_undoes_and_asks_when_it_is_not_on_screen() {
    let fixture = demo_ledger();
    let mut a = me(&fixture);
    press(&mut a, &[KeyCode::Char('3')]);
    let id = a.selected_id(Tab::Households).unwrap();
    let head = household(&a, &id).head_name;
    a.handle_key(key(KeyCode::Char('v')));
    set_field(&mut a, "visitors", "王芳");
    a.handle_key(ctrl('s'));
    let visits = |a: &App| a.store.children::<bangfu::domain::visit::Visit>("household_id", &id, "").unwrap().len();
    let recorded = visits(&a);
    // On 走访, another tab: the visit is not on screen, so u asks and names it.
    press(&mut a, &[KeyCode::Char('1'), KeyCode::Char('u')]);
    let screen = render(&mut a, 80, 24);
    assert!(matches!(a.popups.last(), Some(Popup::Confirm(_))), "asked first\n{screen}");
    assert!(screen.contains("撤销新增走访记录") && screen.contains(&head), "{screen}");
    a.handle_key(key(KeyCode::Char('n')));
    assert_eq!(visits(&a), recorded, "n keeps the visit");
    press(&mut a, &[KeyCode::Char('u'), KeyCode::Char('y')]);
    assert_eq!(visits(&a), recorded - 1, "y takes it back");
    let status = a.status.clone().unwrap_or_default();
    assert!(status.starts_with("已撤销：新增走访记录「") && status.contains(&head), "{status}");
    // The deleted list tells the undo in words.
    a.handle_key(key(KeyCode::Char('D')));
    let screen = render(&mut a, 100, 30);
    assert!(screen.contains("撤销了新增走访记录") && !screen.contains("undo:"), "{screen}");
    a.handle_key(key(KeyCode::Esc));
    // A save about the record on screen is taken back at once, named.
    press(&mut a, &[KeyCode::Char('3'), KeyCode::Char('e')]);
    set_field(&mut a, "notes", "看得见的修改");
    a.handle_key(ctrl('s'));
    a.handle_key(key(KeyCode::Char('u')));
    assert!(a.popups.is_empty(), "no question for what is on screen");
    let status = a.status.clone().unwrap_or_default();
    assert!(status.starts_with(&format!("已撤销：修改户「{head}」")), "{status}");
}

#[test]
fn a_deleted_household_is_found_under_d_and_restored() {
    let fixture = demo_ledger();
    let mut a = me(&fixture);
    a.store.set_time_source(TimeSource::fixed(1_795_000_000_000, 4));
    press(&mut a, &[KeyCode::Char('3')]);
    let id = a.selected_id(Tab::Households).unwrap();
    let visits = a.store.children::<bangfu::domain::visit::Visit>("household_id", &id, "").unwrap().len();
    assert!(visits > 0, "the demo household has visits");
    a.handle_key(key(KeyCode::Char('d')));
    type_text(&mut a, "整户迁出");
    a.handle_key(key(KeyCode::Enter));
    assert!(a.store.get::<Household>(&id).unwrap().is_none());
    assert!(
        a.store.children::<bangfu::domain::visit::Visit>("household_id", &id, "").unwrap().is_empty(),
        "its visits go with it"
    );
    a.handle_key(key(KeyCode::Char('D')));
    let screen = render(&mut a, 80, 24);
    assert!(screen.contains("整户迁出") && screen.contains("已删除的记录"), "{screen}");
    insta::assert_snapshot!("deleted_80x24", screen);
    a.handle_key(key(KeyCode::Enter));
    assert!(a.store.get::<Household>(&id).unwrap().is_some(), "restored");
    assert!(!a.store.children::<bangfu::domain::member::Member>("household_id", &id, "").unwrap().is_empty());
    assert_eq!(a.store.children::<bangfu::domain::visit::Visit>("household_id", &id, "").unwrap().len(), visits);
}

#[test]
fn h_shows_a_households_history() {
    let fixture = demo_ledger();
    let mut a = me(&fixture);
    a.store.set_time_source(TimeSource::fixed(1_795_000_000_000, 9));
    press(&mut a, &[KeyCode::Char('3'), KeyCode::Char('e')]);
    set_field(&mut a, "phone", "13800138000");
    set_field(&mut a, "household_type", "ordinary");
    a.handle_key(ctrl('s'));
    a.handle_key(key(KeyCode::Char('h')));
    assert!(matches!(a.popups.last(), Some(Popup::Log(_))));
    insta::assert_snapshot!("history_80x24", render(&mut a, 80, 24));
    let mut en = app_on(&fixture, Lang::En);
    en.time_zone = beijing();
    press(&mut en, &[KeyCode::Char('3'), KeyCode::Char('h')]);
    insta::assert_snapshot!("history_en_80x24", render(&mut en, 80, 24));
}

#[test]
fn disputes_from_a_merge_are_said_listed_and_settled_by_number() {
    let fixture = demo_ledger();
    let dir = tempfile::tempdir().unwrap();
    let other = dir.path().join("村里.db");
    std::fs::copy(&fixture.path, &other).unwrap();
    let mut village = Store::open_with(&other, today(), &mut |_, _| {}).unwrap();
    village.set_actor(Actor { user: "cadre".into(), host: "village-laptop".into() });
    village.set_time_source(TimeSource::fixed(1_795_000_000_000, 5));
    let mut h: Household = village.all::<Household>().unwrap().remove(0);
    h.phone = Some("13912345678".into());
    village.update(&h).unwrap();

    let mut a = me(&fixture);
    a.store.set_time_source(TimeSource::fixed(1_795_000_100_000, 6));
    let mut mine: Household = a.store.get(&h.id).unwrap().unwrap();
    mine.phone = Some("13800138000".into());
    a.store.update(&mine).unwrap();
    // The clerk merges from the command line while the app is open: the app hears of it.
    let mut clerk = Store::open_with(&fixture.path, today(), &mut |_, _| {}).unwrap();
    clerk.merge_from(&other, false, false).unwrap();
    assert!(a.watch_file());
    assert_eq!(a.disputes_waiting, 1);
    assert!(render(&mut a, 80, 24).contains("冲突 1 处（按 C）"));
    a.handle_key(key(KeyCode::Char('C')));
    let screen = render(&mut a, 80, 24);
    assert!(screen.contains("13912345678") && screen.contains("13800138000"), "{screen}");
    assert!(screen.contains("cadre@village-laptop"), "{screen}");
    // 1 takes the value listed first (the two are in op order).
    let first = match a.popups.last() {
        Some(Popup::Log(view)) => match &view.rows[0].target {
            bangfu::app::log_view::LogTarget::Settle(d) => d.options[0].op.new_value.clone().unwrap(),
            _ => panic!("a dispute first"),
        },
        _ => panic!("the disputes list"),
    };
    a.handle_key(key(KeyCode::Char('1')));
    assert_eq!(a.disputes_waiting, 0);
    let phone = household(&a, &h.id).phone.unwrap();
    assert_eq!(format!("\"{phone}\""), first);
}

#[test]
fn a_household_number_taken_in_another_session_is_refused() {
    let fixture = demo_ledger();
    let (mut a, mut b) = (me(&fixture), colleague(&fixture));
    press(&mut b, &[KeyCode::Char('3'), KeyCode::Char('e')]);
    set_field(&mut b, "number", "5119039999990001");
    b.handle_key(ctrl('s'));
    assert!(b.popups.is_empty(), "{:?}", b.status);
    let taken_by = b.selected_id(Tab::Households);
    let holders: Vec<String> =
        all::<Household>(&b).into_iter().filter(|h| h.number == "5119039999990001").map(|h| h.head_name).collect();
    assert_eq!(holders.len(), 1, "{holders:?} {:?}", b.status);
    press(&mut a, &[KeyCode::Char('3')]);
    while a.selected_id(Tab::Households) == taken_by {
        a.handle_key(key(KeyCode::Down));
    }
    a.handle_key(key(KeyCode::Char('e')));
    set_field(&mut a, "number", "5119039999990001");
    a.handle_key(ctrl('s'));
    assert!(matches!(a.popups.last(), Some(Popup::Form(_))), "not saved: {:?}", a.status);
    let status = a.status.clone().unwrap_or_default();
    assert!(status.contains("户编号") && status.contains("已"), "{status}");
}

#[test]
fn a_clash_on_the_risks_names_each_risk() {
    let fixture = demo_ledger();
    let (mut a, mut b, _) = both_editing(&fixture);
    set_field(&mut b, "risks", "illness,disability");
    b.handle_key(ctrl('s'));
    assert!(b.popups.is_empty(), "{:?}", b.status);
    set_field(&mut a, "risks", "schooling");
    a.handle_key(ctrl('s'));
    assert!(matches!(a.popups.last(), Some(Popup::Clash(_))), "{:?}", a.status);
    let screen = render(&mut a, 100, 30);
    assert!(screen.contains("因病、因残") && screen.contains("因学"), "{screen}");
}

#[test]
fn h_on_the_overview_shows_the_history_of_the_warnings_record() {
    let fixture = demo_ledger();
    let mut a = me(&fixture);
    a.handle_key(key(KeyCode::Char('h')));
    let Some(Popup::Log(view)) = a.popups.last() else { panic!("a history list") };
    assert!(!view.rows.is_empty(), "the record was created, at least");
}

/// Undoing a setting names it in words, and the month's notes on 概览 are on screen
/// there: taken back without a question.
#[test]
fn u_names_a_setting_in_words() {
    let fixture = demo_ledger();
    let mut a = me(&fixture);
    press(&mut a, &[KeyCode::Char('1'), KeyCode::Char('w')]);
    type_text(&mut a, "危房改造慢");
    press(&mut a, &[KeyCode::Enter, KeyCode::Esc, KeyCode::Char('u')]);
    assert!(a.popups.is_empty(), "the notes are on 概览: no question");
    let status = a.status.clone().unwrap_or_default();
    assert!(status.starts_with("已撤销：修改设置「存在问题（2026-11）」"), "{status}");
}
