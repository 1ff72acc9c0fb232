//! Rules at their edges, as a cadre meets them in the forms: nothing recorded as done
//! may be dated after today (a visit dated next year would clear the overdue list),
//! and a household has one income record per year.

mod common;

use bangfu::app::{App, Popup};
use bangfu::domain::income::Income;
use bangfu::domain::vocab::Lang;
use common::*;
use crossterm::event::KeyCode;

fn set_field(app: &mut App, key: &str, value: &str) {
    let Some(Popup::Form(open)) = app.popups.last_mut() else { panic!("no form open") };
    open.form.set_value(key, value);
}

fn saved(app: &App) -> bool {
    !app.popups.iter().any(|p| matches!(p, Popup::Form(_) | Popup::Message { .. }))
}

fn status(app: &App) -> String {
    let popup = app.popups.iter().rev().find_map(|p| match p {
        Popup::Message { text, .. } => Some(text.clone()),
        _ => None,
    });
    format!("{} {}", app.status.clone().unwrap_or_default(), popup.unwrap_or_default())
}

#[test]
fn a_visit_dated_after_today_is_refused_and_today_is_fine() {
    let fixture = demo_ledger();
    let mut app = app_on(&fixture, Lang::Zh);
    press(&mut app, &[KeyCode::Char('3'), KeyCode::Char('v')]);
    type_text(&mut app, "李明");
    set_field(&mut app, "date", "2026-11-16");
    app.handle_key(ctrl('s'));
    assert!(!saved(&app));
    assert!(status(&app).contains("不能晚于今天（2026-11-15）"), "{}", status(&app));
    set_field(&mut app, "date", "2026-11-15");
    app.handle_key(ctrl('s'));
    assert!(saved(&app), "{}", status(&app));
}

#[test]
fn a_household_identified_next_month_is_refused() {
    let fixture = demo_ledger();
    let mut app = app_on(&fixture, Lang::Zh);
    press(&mut app, &[KeyCode::Char('3'), KeyCode::Char('e')]);
    set_field(&mut app, "identified_month", "2026-12");
    app.handle_key(ctrl('s'));
    assert!(!saved(&app));
    assert!(status(&app).contains("识别监测时间") && status(&app).contains("不能晚于今天"), "{}", status(&app));
    set_field(&mut app, "identified_month", "2026-11");
    app.handle_key(ctrl('s'));
    assert!(!status(&app).contains("不能晚于今天"), "this month passes the date check: {}", status(&app));
}

#[test]
fn a_step_dated_after_today_is_refused() {
    let fixture = demo_ledger();
    let mut app = app_on(&fixture, Lang::Zh);
    press(&mut app, &[KeyCode::Char('3'), KeyCode::Char('s')]);
    assert!(matches!(app.popups.last(), Some(Popup::Form(_))));
    set_field(&mut app, "date", "2027-01-01");
    set_field(&mut app, "channel", "self_report");
    set_field(&mut app, "by", "李明");
    app.handle_key(ctrl('s'));
    assert!(!saved(&app));
    assert!(status(&app).contains("不能晚于今天"), "{}", status(&app));
}

#[test]
fn a_second_income_for_one_year_points_at_the_first_and_next_year_waits() {
    let fixture = demo_ledger();
    let mut app = app_on(&fixture, Lang::Zh);
    press(&mut app, &[KeyCode::Char('3')]);
    let household = app.selected_id(bangfu::app::Tab::Households).unwrap();
    let existing: Vec<Income> = app.store.children("household_id", &household, "").unwrap();
    let year = existing.first().map_or(2026, |i| i.year);
    for _ in 0..2 {
        app.handle_key(key(KeyCode::Char('i')));
        set_field(&mut app, "year", &year.to_string());
        set_field(&mut app, "wages", "5000");
        app.handle_key(ctrl('s'));
        if existing.is_empty() && saved(&app) {
            continue;
        }
        break;
    }
    let text = status(&app);
    assert!(text.contains(&format!("该户 {year} 年已有收入记录")), "{text}");
    let count = |app: &App| {
        app.store.children::<Income>("household_id", &household, "").unwrap().iter().filter(|i| i.year == year).count()
    };
    assert_eq!(count(&app), 1, "one record for the year");

    app.popups.clear();
    app.handle_key(key(KeyCode::Char('i')));
    set_field(&mut app, "year", "2027");
    app.handle_key(ctrl('s'));
    assert!(status(&app).contains("不能晚于今天"), "{}", status(&app));
}
