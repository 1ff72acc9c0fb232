//! A cadre corrects what she mistyped (issue 8, item 3): an income, a measure and a
//! workflow step are corrected or deleted from the household's details, with a
//! reason, and the rules run again; a step deleted takes back what it set; the
//! household form's elimination box records its steps both ways; nothing done is
//! dated ahead; a member who left is kept but not counted.

#![allow(clippy::indexing_slicing)] // tests index what they just built

mod common;

use bangfu::app::{App, Popup, RecordKind, Tab};
use bangfu::domain::dates::YearMonth;
use bangfu::domain::household::Household;
use bangfu::domain::income::{Income, Threshold};
use bangfu::domain::measure::Measure;
use bangfu::domain::member::Member;
use bangfu::domain::monitoring::{MonitoringEvent, Step};
use bangfu::domain::village::Village;
use bangfu::domain::vocab::Lang;
use bangfu::domain::warnings::rule;
use bangfu::domain::{Draft, Record};
use bangfu::store::Store;
use chrono::NaiveDate;
use common::*;
use crossterm::event::KeyCode;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// One village with the 2026 line, one household identified in March 2026 (risk
/// 因病, an insured head, a 健康帮扶 measure, this year's income), and — when asked —
/// its approval and elimination as steps.
fn ledger(eliminated: bool) -> (Fixture, String) {
    let fixture = empty_ledger();
    let mut store = Store::open(&fixture.path).unwrap();
    let mut v = Village::from_draft("", &Draft::default().with("name", "柳林村").with("code", "511903100204")).unwrap();
    store.insert(&mut v).unwrap();
    let mut line = Threshold { province: "51".into(), year: 2026, amount: 760_000, ..Threshold::default() };
    store.insert(&mut line).unwrap();
    let mut h = Household {
        village_id: v.id.clone(),
        head_name: "张三".into(),
        household_type: Some("lifted".into()),
        monitor_category: Some("unstable".into()),
        identified_month: YearMonth::new(2026, 3),
        risks: vec!["illness".into()],
        helper: "李明".into(),
        school_dropout: Some(false),
        unsafe_housing: Some(false),
        unsafe_water: Some(false),
        ..Household::default()
    };
    let id = store.insert(&mut h).unwrap();
    let mut head = Member {
        household_id: id.clone(),
        name: "张三".into(),
        relation: Some("self".into()),
        medical_insurance: true,
        ..Member::default()
    };
    store.insert(&mut head).unwrap();
    let mut measure = Measure {
        household_id: id.clone(),
        category: "health".into(),
        item: "慢病签约".into(),
        start: day(2026, 4, 1),
        ..Measure::default()
    };
    store.insert(&mut measure).unwrap();
    let mut income = Income { household_id: id.clone(), year: 2026, wages: 900_000, ..Income::default() };
    store.insert(&mut income).unwrap();
    if eliminated {
        let step = |step: Step, date, month| MonitoringEvent {
            household_id: id.clone(),
            episode: 1,
            step: step.code().into(),
            date,
            month,
            by: "李明".into(),
            ..MonitoringEvent::default()
        };
        let mut approval = step(Step::CountyApproval, day(2026, 3, 20), YearMonth::new(2026, 3));
        approval.category = Some("unstable".into());
        store.insert(&mut approval).unwrap();
        let mut eliminate = step(Step::Eliminate, day(2026, 10, 20), YearMonth::new(2026, 10));
        eliminate.method = Some("assisted".into());
        store.insert(&mut eliminate).unwrap();
        h.risk_eliminated = true;
        h.eliminated_month = YearMonth::new(2026, 10);
        h.elimination_method = Some("assisted".into());
        store.update(&h).unwrap();
    }
    (fixture, id)
}

fn open_details(app: &mut App) {
    press(app, &[KeyCode::Char('3'), KeyCode::Enter]);
    assert!(app.tabs[Tab::Households.index()].detail_open);
}

/// Moves the details' cursor to the `n`th part (members, steps, measures, incomes, visits).
fn to_part(app: &mut App, n: usize) {
    press(app, &[KeyCode::Home]);
    for _ in 0..n {
        app.handle_key(key(KeyCode::Down));
    }
}

fn delete_with_reason(app: &mut App, reason: &str) {
    app.handle_key(key(KeyCode::Char('d')));
    assert!(matches!(app.popups.last(), Some(Popup::Delete(_))), "asks for a reason");
    type_text(app, reason);
    app.handle_key(key(KeyCode::Enter));
}

fn popup_text(app: &App) -> String {
    match app.popups.last() {
        Some(Popup::Message { title, text }) => format!("{title}\n{text}"),
        _ => String::new(),
    }
}

fn household(fixture: &Fixture, id: &str) -> Household {
    Store::open(&fixture.path).unwrap().get(id).unwrap().unwrap()
}

#[test]
fn a_mistyped_income_is_corrected_and_a_wrong_measure_deleted_from_the_details() {
    let (fixture, id) = ledger(false);
    let mut app = app_on(&fixture, Lang::Zh);
    open_details(&mut app);
    // Parts: the head (0), the measure (1), the income (2).
    to_part(&mut app, 2);
    app.handle_key(key(KeyCode::Char('e')));
    assert!(matches!(app.popups.last(), Some(Popup::Form(f)) if f.kind == RecordKind::Income));
    for _ in 0..2 {
        app.handle_key(key(KeyCode::Tab));
    }
    app.handle_key(ctrl('u'));
    type_text(&mut app, "9500");
    app.handle_key(ctrl('s'));
    assert!(app.popups.is_empty(), "{:?}", app.status);
    let incomes: Vec<Income> = app.store.children("household_id", &id, "").unwrap();
    assert_eq!((incomes.len(), incomes[0].wages), (1, 950_000), "corrected in place, not added");

    to_part(&mut app, 1);
    delete_with_reason(&mut app, "录错了户");
    assert!(app.store.children::<Measure>("household_id", &id, "").unwrap().is_empty());
    let deletion = app.store.deletions(10).unwrap().into_iter().next().unwrap();
    assert_eq!(deletion.reason.as_deref(), Some("录错了户"));
    // The rules ran again: the household now lacks its measure.
    let rules: Vec<String> = warnings(&app).into_iter().map(|w| w.rule).collect();
    assert!(rules.iter().any(|r| r == rule::RISK_WITHOUT_MEASURE), "{rules:?}");
}

#[test]
fn deleting_the_elimination_step_takes_the_household_back_to_monitored() {
    let (fixture, id) = ledger(true);
    let mut app = app_on(&fixture, Lang::Zh);
    open_details(&mut app);
    // Parts: the head (0), approval (1), elimination (2).
    to_part(&mut app, 1);
    delete_with_reason(&mut app, "顺序错了");
    assert!(popup_text(&app).contains("只能删除最近的一步"), "{}", popup_text(&app));
    app.handle_key(key(KeyCode::Esc));
    to_part(&mut app, 2);
    delete_with_reason(&mut app, "误标消除");
    let h = household(&fixture, &id);
    assert!(!h.risk_eliminated && h.eliminated_month.is_none(), "{h:?}");
    assert_eq!(h.identified_month, YearMonth::new(2026, 3), "still monitored from March");
}

#[test]
fn a_step_is_corrected_in_place_and_its_kind_kept() {
    let (fixture, id) = ledger(true);
    let mut app = app_on(&fixture, Lang::Zh);
    open_details(&mut app);
    to_part(&mut app, 2);
    app.handle_key(key(KeyCode::Char('e')));
    assert!(matches!(app.popups.last(), Some(Popup::Form(f)) if f.kind == RecordKind::Step));
    app.handle_key(key(KeyCode::Tab));
    app.handle_key(ctrl('u'));
    type_text(&mut app, "2026-10-22");
    app.handle_key(ctrl('s'));
    assert!(app.popups.is_empty(), "{} / {:?}", popup_text(&app), app.status);
    let events: Vec<MonitoringEvent> = app.store.children("household_id", &id, "ORDER BY t.date").unwrap();
    assert_eq!(events.len(), 2, "corrected, not added");
    assert_eq!(events[1].date, day(2026, 10, 22));
    // Before the approval it would follow: refused.
    to_part(&mut app, 2);
    app.handle_key(key(KeyCode::Char('e')));
    app.handle_key(key(KeyCode::Tab));
    app.handle_key(ctrl('u'));
    type_text(&mut app, "2026-03-01");
    app.handle_key(ctrl('s'));
    assert!(popup_text(&app).contains("日期须在前后两步之间"), "{}", popup_text(&app));
}

#[test]
fn unticking_elimination_in_the_household_form_records_a_withdrawal() {
    let (fixture, id) = ledger(true);
    let mut app = app_on(&fixture, Lang::Zh);
    app.open_edit_form(RecordKind::Household, &id);
    let Some(Popup::Form(open)) = app.popups.last_mut() else { panic!("form") };
    open.form.focus_key("risk_eliminated");
    app.handle_key(key(KeyCode::Char(' ')));
    app.handle_key(ctrl('s'));
    assert!(app.popups.is_empty(), "{} / {:?}", popup_text(&app), app.status);
    let events: Vec<MonitoringEvent> = app.store.children("household_id", &id, "ORDER BY t.date, t.id").unwrap();
    assert!(events.iter().any(|e| e.step() == Some(Step::Withdraw)), "{events:?}");
    assert!(!household(&fixture, &id).risk_eliminated);
}

#[test]
fn a_new_household_cannot_be_entered_already_eliminated() {
    let (fixture, id) = ledger(false);
    let mut app = app_on(&fixture, Lang::Zh);
    let village = household(&fixture, &id).village_id;
    let preset = Draft::default()
        .with("village_id", &village)
        .with("head_name", "李四")
        .with("monitor_category", "marginal")
        .with("identified_month", "2025-01")
        .with("risks", "illness")
        .with("risk_eliminated", "1")
        .with("eliminated_month", "2026-01")
        .with("elimination_method", "natural");
    app.open_new_form(RecordKind::Household, preset);
    app.handle_key(ctrl('s'));
    assert!(popup_text(&app).contains("不能直接标为风险已消除"), "{}", popup_text(&app));
    assert_eq!(all::<Household>(&app).len(), 1);
}

#[test]
fn nothing_done_is_dated_ahead_and_a_member_who_left_is_kept_but_not_counted() {
    let (fixture, id) = ledger(false);
    let mut app = app_on(&fixture, Lang::Zh);
    let preset = Draft::default().with("household_id", &id).with("name", "张小").with("birth_date", "2027-01-01");
    app.open_new_form(RecordKind::Member, preset);
    app.handle_key(ctrl('s'));
    let status = app.status.clone().unwrap_or_default();
    assert!(status.contains("不能晚于今天"), "{status}");
    app.handle_key(key(KeyCode::Esc));
    app.handle_key(key(KeyCode::Char('y')));
    // Nor one read from an ID number.
    let body = "51190320270101002";
    let number = format!("{body}{}", bangfu::domain::idnum::check_char(body).unwrap());
    let preset = Draft::default().with("household_id", &id).with("name", "张小").with("id_number", &number);
    app.open_new_form(RecordKind::Member, preset);
    app.handle_key(ctrl('s'));
    let status = app.status.clone().unwrap_or_default();
    assert!(status.contains("证件号码") && status.contains("不能晚于今天"), "{status}");
    app.handle_key(key(KeyCode::Esc));
    app.handle_key(key(KeyCode::Char('y')));

    // The head's mother joined and died this year: kept on record, not counted today.
    let preset = Draft::default()
        .with("household_id", &id)
        .with("name", "王秀英")
        .with("birth_date", "1940-02-03")
        .with("left_on", "2026-06-01");
    app.open_new_form(RecordKind::Member, preset);
    app.handle_key(ctrl('s'));
    let status = app.status.clone().unwrap_or_default();
    assert!(status.contains("离户原因"), "a leaving needs its reason: {status}");
    let Some(Popup::Form(open)) = app.popups.last_mut() else { panic!("form") };
    open.form.focus_key("left_reason");
    type_text(&mut app, "sw");
    app.handle_key(key(KeyCode::Enter));
    app.handle_key(ctrl('s'));
    assert!(app.popups.is_empty(), "{:?}", app.status);
    let members: Vec<Member> = app.store.children("household_id", &id, "").unwrap();
    assert_eq!(members.len(), 2);
    let row = shown(&app, Tab::Households).into_iter().next().unwrap();
    assert_eq!(row.extras::<bangfu::store::HouseholdRow>().member_count, 1, "only the present member counts");
}
