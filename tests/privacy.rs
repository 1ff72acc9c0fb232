//! Full ID numbers on screen (issue 8, item 9): shown masked everywhere; `r` on a
//! member shows the number in full and records who saw it; editing a member, which
//! shows it too, is recorded the same way.

#![allow(clippy::indexing_slicing)] // tests index what they just built

mod common;

use bangfu::app::{Popup, RecordKind, Tab};
use bangfu::domain::member::Member;
use bangfu::domain::vocab::Lang;
use common::*;
use crossterm::event::KeyCode;

#[test]
fn the_reveal_key_shows_the_number_and_records_it() {
    let fixture = demo_ledger();
    let mut app = app_on(&fixture, Lang::Zh);
    app.handle_key(key(KeyCode::Char('3')));
    app.handle_key(key(KeyCode::Char('r')));
    assert!(app.popups.is_empty(), "nothing shown without a member selected");
    assert!(app.status.as_deref().unwrap_or("").contains("选中一名成员"), "{:?}", app.status);
    assert!(app.store.disclosures(5).unwrap().is_empty());

    let screen = render(&mut app, 120, 40);
    app.handle_key(key(KeyCode::Enter));
    assert!(app.tabs[Tab::Households.index()].detail_open);
    let (_, member_id) = app.selected_part().unwrap();
    let member: Member = app.store.get(&member_id).unwrap().unwrap();
    let number = member.id_number.clone().unwrap();
    assert!(!render(&mut app, 120, 40).contains(&number), "masked in the details");
    assert!(!screen.contains(&number));
    app.handle_key(key(KeyCode::Char('r')));
    match app.popups.last() {
        Some(Popup::Message { title, text }) => {
            assert!(title.contains("已记入台账"), "{title}");
            assert!(text.contains(&number), "{text}");
        }
        _ => panic!("the number is shown"),
    }
    let seen = app.store.disclosures(5).unwrap();
    assert_eq!(seen.len(), 1);
    assert_eq!((seen[0].what.as_str(), seen[0].user.as_str()), ("screen", "cadre"));

    app.handle_key(key(KeyCode::Esc));
    let member = app.selected_part().unwrap();
    assert_eq!(member.0, RecordKind::Member);
    app.open_edit_form(RecordKind::Member, &member.1);
    assert_eq!(app.store.disclosures(5).unwrap().len(), 2, "editing shows it too");
}
