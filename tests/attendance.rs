//! A cadre's days in the village (issue 9, item 4): recorded on 人员 with `t`, one
//! record per month, corrected from the details, refused beyond the month's days.

#![allow(clippy::indexing_slicing)] // tests index what they just built

mod common;

use bangfu::app::{Popup, RecordKind, Tab};
use bangfu::domain::cadre::{Attendance, Cadre};
use bangfu::domain::dates::YearMonth;
use bangfu::domain::vocab::Lang;
use common::*;
use crossterm::event::KeyCode;

/// The people tab, on the first 第一书记 the list shows; its id.
fn on_first_cadre(app: &mut bangfu::app::App) -> String {
    app.handle_key(key(KeyCode::Char('7')));
    render(app, 120, 40);
    let rows = shown(app, Tab::People);
    let at = rows.iter().position(|r| r.record::<Cadre>().role.as_deref() == Some("first_secretary")).unwrap();
    for _ in 0..at {
        app.handle_key(key(KeyCode::Down));
    }
    rows[at].id.clone()
}

fn months_of(app: &bangfu::app::App, cadre: &str) -> Vec<Attendance> {
    app.store.children("cadre_id", cadre, "ORDER BY t.month").unwrap()
}

fn form_kind(app: &bangfu::app::App) -> Option<RecordKind> {
    match app.popups.last() {
        Some(Popup::Form(f)) => Some(f.kind),
        _ => None,
    }
}

/// An empty ledger but for one 第一书记.
fn ledger_with_one_secretary() -> Fixture {
    let fixture = empty_ledger();
    let mut store = bangfu::store::Store::open(&fixture.path).unwrap();
    let mut c = Cadre { name: "冉林".into(), role: Some("first_secretary".into()), ..Cadre::default() };
    store.write(|w| w.insert(&mut c).map(drop)).unwrap();
    fixture
}

#[test]
fn this_months_days_are_recorded_once_and_corrected_in_place() {
    let fixture = ledger_with_one_secretary();
    let mut app = app_on(&fixture, Lang::Zh);
    let cadre = on_first_cadre(&mut app);
    app.handle_key(key(KeyCode::Char('t')));
    assert_eq!(form_kind(&app), Some(RecordKind::Attendance));
    type_text(&mut app, "１８"); // a Chinese keyboard's full-width digits
    app.handle_key(key(KeyCode::Tab));
    type_text(&mut app, "2");
    app.handle_key(ctrl('s'));
    assert!(app.popups.is_empty(), "{:?}", app.status);
    let months = months_of(&app, &cadre);
    assert_eq!(months.len(), 1);
    assert_eq!((months[0].month, months[0].days_in_village, months[0].sick_leave), (YearMonth::of(today()), 18, 2));

    // `t` again opens the same month to correct, never a second record.
    app.handle_key(key(KeyCode::Char('t')));
    app.handle_key(ctrl('u'));
    type_text(&mut app, "20");
    app.handle_key(ctrl('s'));
    assert!(app.popups.is_empty(), "{:?}", app.status);
    let months = months_of(&app, &cadre);
    assert_eq!((months.len(), months[0].days_in_village), (1, 20));

    // The details list the month; the cursor walks to it and `e` corrects it.
    app.handle_key(key(KeyCode::Enter));
    let screen = render(&mut app, 120, 40);
    assert!(screen.contains("在村考勤") && screen.contains("2026-11  在村 20 天 · 病假 2"), "{screen}");
    app.handle_key(key(KeyCode::Char('e')));
    assert_eq!(form_kind(&app), Some(RecordKind::Attendance));
    app.handle_key(key(KeyCode::Esc));
}

#[test]
fn more_days_than_the_month_has_are_refused() {
    let fixture = ledger_with_one_secretary();
    let mut app = app_on(&fixture, Lang::Zh);
    let cadre = on_first_cadre(&mut app);
    app.handle_key(key(KeyCode::Char('t')));
    // November has 30 days: 28 in the village and 3 of leave do not fit.
    type_text(&mut app, "28");
    app.handle_key(key(KeyCode::Tab));
    type_text(&mut app, "3");
    app.handle_key(ctrl('s'));
    assert_eq!(form_kind(&app), Some(RecordKind::Attendance), "refused, the form stays");
    assert!(render(&mut app, 100, 30).contains("超过当月天数（30 天）"));
    assert!(months_of(&app, &cadre).is_empty());
    // 28 + 2 is the whole month: accepted.
    app.handle_key(ctrl('u'));
    type_text(&mut app, "2");
    app.handle_key(ctrl('s'));
    assert!(app.popups.is_empty(), "{:?}", app.status);
    assert_eq!(months_of(&app, &cadre).len(), 1);
}

#[test]
fn a_second_record_for_a_month_already_kept_is_refused_naming_it() {
    let fixture = demo_ledger();
    let mut app = app_on(&fixture, Lang::Zh);
    let cadre = on_first_cadre(&mut app);
    let before = months_of(&app, &cadre);
    assert!(!before.is_empty(), "the demo's first secretaries have this year's months");
    let october = before.iter().find(|a| a.month == YearMonth::new(2026, 10).unwrap()).unwrap().clone();
    app.handle_key(key(KeyCode::Char('t')));
    // Back to the month field, and October typed over November.
    app.handle_key(key(KeyCode::BackTab));
    app.handle_key(ctrl('u'));
    type_text(&mut app, "2026-10");
    app.handle_key(key(KeyCode::Tab));
    type_text(&mut app, "5");
    app.handle_key(ctrl('s'));
    let screen = render(&mut app, 120, 40);
    assert!(screen.contains("2026-10 已有在村记录"), "{screen}");
    assert_eq!(months_of(&app, &cadre), before, "nothing written");
    assert_eq!(october.days_in_village, before.iter().find(|a| a.id == october.id).unwrap().days_in_village);
}
