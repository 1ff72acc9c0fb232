//! Drafts (issue 8, item 8): a form cut off by a dropped link comes back with its
//! household, on the household it was typed for; a form that was saved is not offered
//! again; each session keeps its own draft file, in a folder only its owner opens.

mod common;

use bangfu::app::{Popup, RecordKind, SavedDraft, Tab};
use bangfu::domain::member::Member;
use bangfu::domain::vocab::Lang;
use bangfu::drafts::DraftFiles;
use common::*;
use crossterm::event::KeyCode;

/// The draft the signal handler would write now.
fn slot(app: &bangfu::app::App) -> Option<SavedDraft> {
    app.draft_slot.lock().unwrap().clone()
}

/// A process id no running process has (above Linux's pid_max).
const ENDED: u32 = 4_000_000_000;

#[test]
fn a_member_draft_comes_back_with_its_household_and_saves() {
    let fixture = demo_ledger();
    let drafts_dir = fixture.dir.path().join("drafts");
    let mut app = app_on(&fixture, Lang::Zh);
    press(&mut app, &[KeyCode::Char('3'), KeyCode::Down, KeyCode::Down, KeyCode::Char('m')]);
    let household = app.selected_id(Tab::Households).unwrap();
    type_text(&mut app, "何小燕");
    let draft = slot(&app).expect("typing keeps a draft");
    assert_eq!(draft.values.get("household_id"), household);
    DraftFiles::in_dir(&drafts_dir, &fixture.path, ENDED).keep(Some(&draft)).unwrap();
    drop(app);

    // The next session: back on the household, the form open with what was typed.
    let mut app = app_on(&fixture, Lang::Zh);
    let saved = DraftFiles::in_dir(&drafts_dir, &fixture.path, std::process::id()).take_left_over().unwrap();
    app.resume_draft(saved);
    assert_eq!(app.tab, Tab::Households);
    assert_eq!(app.selected_id(Tab::Households).as_deref(), Some(household.as_str()));
    assert!(matches!(app.popups.last(), Some(Popup::Form(f)) if f.kind == RecordKind::Member));
    app.handle_key(ctrl('s'));
    assert!(app.popups.is_empty(), "{:?}", app.status);
    let members: Vec<Member> = app.store.children("household_id", &household, "").unwrap();
    assert!(members.iter().any(|m| m.name == "何小燕"), "saved to its household");
    assert!(DraftFiles::in_dir(&drafts_dir, &fixture.path, 1).take_left_over().is_none(), "taken over once, then gone");
}

#[test]
fn a_saved_form_leaves_no_draft() {
    let fixture = demo_ledger();
    let mut app = app_on(&fixture, Lang::Zh);
    press(&mut app, &[KeyCode::Char('3'), KeyCode::Char('m')]);
    type_text(&mut app, "何小燕");
    assert!(slot(&app).is_some());
    app.handle_key(ctrl('s'));
    assert!(app.popups.is_empty(), "{:?}", app.status);
    assert!(slot(&app).is_none(), "nothing to offer again");
}

#[test]
fn each_session_keeps_its_own_draft_and_leaves_running_ones_alone() {
    let fixture = demo_ledger();
    let dir = fixture.dir.path().join("drafts");
    let draft = |name: &str| SavedDraft {
        kind: RecordKind::Village,
        record_id: String::new(),
        values: bangfu::domain::Draft::default().with("name", name),
    };
    let running = DraftFiles::in_dir(&dir, &fixture.path, std::process::id());
    let ended = DraftFiles::in_dir(&dir, &fixture.path, ENDED);
    running.keep(Some(&draft("仍在编辑"))).unwrap();
    ended.keep(Some(&draft("断线留下"))).unwrap();
    assert_ne!(running.session_file(), ended.session_file());
    let newcomer = DraftFiles::in_dir(&dir, &fixture.path, ENDED - 1);
    let taken = newcomer.take_left_over().unwrap();
    assert_eq!(taken.values.get("name"), "断线留下");
    assert!(newcomer.take_left_over().is_none(), "a running session's draft is not taken");
    assert!(running.session_file().exists());
    // Another ledger's drafts are not offered either.
    let other = DraftFiles::in_dir(&dir, &fixture.dir.path().join("别的.db"), ENDED - 2);
    assert!(other.take_left_over().is_none());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&dir).unwrap().permissions().mode() & 0o777, 0o700);
        assert_eq!(std::fs::metadata(running.session_file()).unwrap().permissions().mode() & 0o777, 0o600);
    }
    running.keep(None).unwrap();
    assert!(!running.session_file().exists(), "a session ending cleanly leaves nothing");
}
