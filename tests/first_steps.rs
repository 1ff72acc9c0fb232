//! First steps (issue 8, item 7): an empty ledger says what to do; a cadre chooses her
//! county by typing, then adds a village by its pinyin initials, or a whole township in
//! one step, each named as people say it.

#![allow(clippy::indexing_slicing)] // tests index what they just built

mod common;

use bangfu::app::{Popup, Tab};
use bangfu::domain::village::Village;
use bangfu::domain::vocab::Lang;
use common::*;
use crossterm::event::KeyCode;

fn picker_lines(app: &mut bangfu::app::App) -> String {
    render(app, 100, 30)
}

#[test]
fn an_empty_ledger_says_what_to_do_and_villages_come_from_the_list() {
    let fixture = empty_ledger();
    let mut app = app_on(&fixture, Lang::Zh);
    assert!(render(&mut app, 100, 30).contains("台账还是空的"), "the overview says where to begin");
    app.handle_key(key(KeyCode::Char('2')));
    assert!(render(&mut app, 100, 30).contains("从官方区划名录添加"));

    // The county, by pinyin initials: 恩阳区 (en yang qu).
    app.handle_key(key(KeyCode::Char('a')));
    assert!(matches!(app.popups.last(), Some(Popup::Divisions(_))));
    assert!(picker_lines(&mut app).contains("先选择所在县"));
    type_text(&mut app, "eyq");
    let screen = picker_lines(&mut app);
    assert!(screen.contains("恩阳区") && screen.contains("巴中市 · 四川省"), "{screen}");
    app.handle_key(key(KeyCode::Enter));

    // One village by initials: 柳林村 of 柳林镇? Any village whose initials match.
    type_text(&mut app, "登科");
    let screen = picker_lines(&mut app);
    assert!(screen.contains("登科街道（全部"), "{screen}");
    app.handle_key(key(KeyCode::Down));
    app.handle_key(key(KeyCode::Enter));
    let villages: Vec<Village> = all(&app);
    assert_eq!(villages.len(), 1, "{:?}", app.status);
    let first = villages[0].clone();
    assert!(!first.name.contains("委员会"), "named as people say it: {}", first.name);
    assert_eq!(first.township, "登科街道");
    assert!(first.code.as_deref().is_some_and(|c| c.starts_with("511903001")));

    // The whole township in one step; the one already added is not doubled.
    app.handle_key(key(KeyCode::Up));
    app.handle_key(key(KeyCode::Enter));
    let villages: Vec<Village> = all(&app);
    let in_town = bangfu::domain::divisions::villages_of_township("511903001").len();
    assert_eq!(villages.len(), in_town);
    assert!(app.status.as_deref().unwrap_or("").contains("已添加"), "{:?}", app.status);
    assert!(picker_lines(&mut app).contains("✓ 已添加"));
    app.handle_key(key(KeyCode::Enter));
    assert_eq!(all::<Village>(&app).len(), in_town, "adding again adds nothing");

    // Next time the ledger's county is known: straight to its villages.
    app.handle_key(key(KeyCode::Esc));
    assert!(app.popups.is_empty());
    assert_eq!(app.tab, Tab::Villages);
    app.handle_key(key(KeyCode::Char('a')));
    assert!(picker_lines(&mut app).contains("恩阳区"), "the title names the county");
}

#[test]
fn a_village_not_in_the_list_is_typed_in() {
    let fixture = empty_ledger();
    let mut app = app_on(&fixture, Lang::Zh);
    press(&mut app, &[KeyCode::Char('2'), KeyCode::Char('a')]);
    type_text(&mut app, "手工");
    let screen = render(&mut app, 100, 30);
    assert!(screen.contains("手工填写"), "offered before a county is chosen: {screen}");
    app.handle_key(key(KeyCode::Backspace));
    app.handle_key(key(KeyCode::Backspace));
    type_text(&mut app, "eyq");
    app.handle_key(key(KeyCode::Enter));
    type_text(&mut app, "手工");
    app.handle_key(key(KeyCode::Enter));
    assert!(matches!(app.popups.last(), Some(Popup::Form(f)) if f.kind == bangfu::app::RecordKind::Village));
}

/// "手工填写" stays when the search matches nothing, and the county chosen is kept
/// even when every village was typed in by hand (no code to tell it).
#[test]
fn by_hand_is_always_offered_and_the_county_is_remembered() {
    let fixture = empty_ledger();
    let mut app = app_on(&fixture, Lang::Zh);
    press(&mut app, &[KeyCode::Char('2'), KeyCode::Char('a')]);
    type_text(&mut app, "eyq");
    app.handle_key(key(KeyCode::Enter));
    type_text(&mut app, "不存在的村子");
    let screen = picker_lines(&mut app);
    assert!(screen.contains("手工填写"), "offered when nothing matches: {screen}");
    app.handle_key(key(KeyCode::Enter));
    type_text(&mut app, "自编村");
    app.handle_key(ctrl('s'));
    assert_eq!(all::<bangfu::domain::village::Village>(&app).len(), 1, "{:?}", app.status);
    app.handle_key(key(KeyCode::Char('a')));
    let screen = picker_lines(&mut app);
    assert!(screen.contains("恩阳区") && screen.contains("登科街道"), "the county's villages again: {screen}");
}
