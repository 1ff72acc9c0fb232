//! Issue 3 as a cadre does it, with keys: a household from clue to identification,
//! elimination refused with its reasons and allowed once the measure and income are
//! in, a household leaving the due list after a visit, a task closed out, and the
//! overview's figures agreeing with the lists.

mod common;

use bangfu::app::lists::{VIEW_DUE, VIEW_OVERDUE};
use bangfu::app::{App, Popup, Tab};
use bangfu::domain::Draft;
use bangfu::domain::dates::YearMonth;
use bangfu::domain::household::Household;
use bangfu::domain::income::Threshold;
use bangfu::domain::task::Task;
use bangfu::domain::village::Village;
use bangfu::domain::vocab::Lang;
use bangfu::store::Store;
use common::*;
use crossterm::event::KeyCode;

/// An empty ledger with one village, the 2026 line, and one household.
fn ledger_with(household: impl FnOnce(&str) -> Household) -> (Fixture, String) {
    let fixture = empty_ledger();
    let mut store = Store::open(&fixture.path).unwrap();
    let mut v = Village::from_draft("", &Draft::default().with("name", "柳林村").with("code", "511903100204")).unwrap();
    store.insert(&mut v).unwrap();
    let mut line = Threshold {
        province: "51".into(),
        year: 2026,
        amount_fen: 760_000,
        source: "测试".into(),
        ..Threshold::default()
    };
    store.insert(&mut line).unwrap();
    let mut h = household(&v.id);
    let id = store.insert(&mut h).unwrap();
    let head = bangfu::domain::member::Member {
        household_id: id.clone(),
        name: h.head_name.clone(),
        relation: Some("self".into()),
        ..Default::default()
    };
    store.insert(&mut head.clone()).unwrap();
    (fixture, id)
}

fn plain_household(village: &str) -> Household {
    Household {
        village_id: village.into(),
        head_name: "张三".into(),
        household_type: Some("lifted".into()),
        helper: "李明".into(),
        school_dropout: Some(false),
        no_medical_insurance: Some(false),
        unsafe_housing: Some(false),
        unsafe_water: Some(false),
        ..Household::default()
    }
}

fn popup_text(app: &App) -> String {
    match app.popups.last() {
        Some(Popup::Message { title, text }) => format!("{title}\n{text}"),
        _ => String::new(),
    }
}

/// `s`, then the date, then anything else the step needs, then Ctrl-S.
fn record_step(app: &mut App, date: &str, extra: impl FnOnce(&mut App)) {
    app.handle_key(key(KeyCode::Char('s')));
    app.handle_key(key(KeyCode::Tab));
    app.handle_key(ctrl('u'));
    type_text(app, date);
    extra(app);
    app.handle_key(ctrl('s'));
}

fn form_open(app: &App) -> bool {
    matches!(app.popups.last(), Some(Popup::Form(_)))
}

#[test]
fn from_clue_to_identification_with_the_publicity_rule() {
    let (fixture, id) = ledger_with(plain_household);
    let mut app = app_on(&fixture, Lang::Zh);
    app.handle_key(key(KeyCode::Char('3')));
    // The clue needs its channel: 干部排查 by pinyin initials.
    record_step(&mut app, "2026-11-01", |app| {
        for _ in 0..2 {
            app.handle_key(key(KeyCode::Tab));
        }
        type_text(app, "gbpc");
        app.handle_key(key(KeyCode::Enter));
    });
    assert!(!form_open(&app), "{:?}", app.status);
    for date in ["2026-11-02", "2026-11-03", "2026-11-04"] {
        record_step(&mut app, date, |_| {});
        assert!(!form_open(&app), "{date}: {:?}", app.status);
    }
    // 乡镇审核 four days into the publicity is refused, with the reason.
    record_step(&mut app, "2026-11-08", |_| {});
    assert!(popup_text(&app).contains("须满 5 天"), "{}", popup_text(&app));
    app.handle_key(key(KeyCode::Esc));
    app.handle_key(ctrl('u'));
    type_text(&mut app, "2026-11-09");
    app.handle_key(ctrl('s'));
    assert!(!form_open(&app), "{:?}", app.status);
    // 县级审定 decides the category; the household is then identified in that month.
    record_step(&mut app, "2026-11-12", |app| {
        for _ in 0..3 {
            app.handle_key(key(KeyCode::Tab));
        }
        type_text(app, "byyzp");
        app.handle_key(key(KeyCode::Enter));
    });
    assert!(!form_open(&app), "{:?}", app.status);
    let h = app.ledger.household(&id).unwrap();
    assert_eq!(h.monitor_category.as_deref(), Some("marginal"));
    assert_eq!(h.identified_month, YearMonth::new(2026, 11));
    assert_eq!(app.ledger.events_of(&id).len(), 6);
    // Out of order: straight to elimination is refused, naming what may come next.
    record_step(&mut app, "2026-11-14", |_| {});
    let store = Store::open(&fixture.path).unwrap();
    assert_eq!(
        store.load_all::<bangfu::domain::monitoring::MonitoringEvent>().unwrap().len(),
        7,
        "拟消除 is allowed after identification"
    );
    let saved: Household = store.get(&id).unwrap().unwrap();
    assert_eq!(saved.identified_month, YearMonth::new(2026, 11), "the household change was saved with the step");
}

fn monitored_since_march(village: &str) -> Household {
    Household {
        monitor_category: Some("unstable".into()),
        identified_month: YearMonth::new(2026, 3),
        risks: vec!["unstable_work".into()],
        ..plain_household(village)
    }
}

#[test]
fn elimination_is_refused_with_every_reason_then_allowed() {
    let (fixture, id) = ledger_with(monitored_since_march);
    let mut app = app_on(&fixture, Lang::Zh);
    app.handle_key(key(KeyCode::Char('3')));
    record_step(&mut app, "2026-11-01", |_| {}); // 拟消除风险
    assert!(!form_open(&app), "{:?}", app.status);
    record_step(&mut app, "2026-11-10", |_| {}); // 风险消除, 帮扶消除
    let refused = popup_text(&app);
    assert!(refused.contains("尚未落实任何帮扶措施"), "{refused} / {:?}", app.status);
    assert!(refused.contains("没有 2026 年的收入记录"), "{refused}");
    assert!(!app.ledger.household(&id).unwrap().risk_eliminated);
    app.handle_key(key(KeyCode::Esc));
    app.handle_key(key(KeyCode::Esc));
    app.handle_key(key(KeyCode::Char('y')));

    // The missing measure (就业帮扶) and this year's income: 8,000 元 for one person.
    app.handle_key(key(KeyCode::Char('c')));
    type_text(&mut app, "jybf");
    app.handle_key(key(KeyCode::Enter));
    type_text(&mut app, "稳岗就业补贴");
    app.handle_key(ctrl('s'));
    assert!(!form_open(&app), "{:?}", app.status);
    app.handle_key(key(KeyCode::Char('i')));
    app.handle_key(key(KeyCode::Tab));
    app.handle_key(key(KeyCode::Tab));
    type_text(&mut app, "5,000");
    app.handle_key(ctrl('s'));
    assert!(!form_open(&app), "{:?}", app.status);
    // Below the line: refused with the figures.
    record_step(&mut app, "2026-11-10", |_| {});
    let refused = popup_text(&app);
    assert!(refused.contains("人均纯收入 5,000.00 元，低于 2026 年监测范围 7,600.00 元"), "{refused}");
    app.handle_key(key(KeyCode::Esc));
    app.handle_key(key(KeyCode::Esc));
    app.handle_key(key(KeyCode::Char('y')));

    let income = app.ledger.work.incomes[0].id.clone();
    app.open_edit_form(bangfu::app::FormKind::Income, &income);
    for _ in 0..2 {
        app.handle_key(key(KeyCode::Tab));
    }
    app.handle_key(ctrl('u'));
    type_text(&mut app, "8000");
    app.handle_key(ctrl('s'));
    record_step(&mut app, "2026-11-10", |_| {});
    assert!(!form_open(&app), "allowed now: {}", popup_text(&app));
    let h = app.ledger.household(&id).unwrap();
    assert!(h.risk_eliminated);
    assert_eq!((h.eliminated_month, h.elimination_method.as_deref()), (YearMonth::new(2026, 11), Some("assisted")));
}

#[test]
fn a_visit_takes_the_household_off_the_due_list() {
    let fixture = demo_ledger();
    let mut app = app_on(&fixture, Lang::Zh);
    press(&mut app, &[KeyCode::Char('5'), KeyCode::Char('f')]);
    assert_eq!(app.tabs[Tab::Visits.index()].view, VIEW_DUE);
    let due = app.tabs[Tab::Visits.index()].rows.clone();
    assert!(!due.is_empty(), "the demo has households due for a visit");
    let first = app.ledger.households[due[0]].id.clone();
    assert!(app.ledger.work.dues[&first].is_overdue(), "most overdue first");
    app.handle_key(key(KeyCode::Char('v')));
    type_text(&mut app, "李明");
    app.handle_key(ctrl('s'));
    assert!(!form_open(&app), "{:?}", app.status);
    let still_due: Vec<&str> =
        app.tabs[Tab::Visits.index()].rows.iter().map(|&i| app.ledger.households[i].id.as_str()).collect();
    assert!(!still_due.contains(&first.as_str()));
    assert!(!app.ledger.work.warnings.iter().any(|w| w.rule == "visit-overdue" && w.record_id == first));
}

#[test]
fn a_visit_follow_up_becomes_a_task_in_one_step() {
    let fixture = demo_ledger();
    let mut app = app_on(&fixture, Lang::Zh);
    let tasks_before = app.ledger.work.tasks.len();
    press(&mut app, &[KeyCode::Char('3'), KeyCode::Char('v')]);
    type_text(&mut app, "李明");
    for _ in 0..3 {
        app.handle_key(key(KeyCode::Tab));
    }
    type_text(&mut app, "房屋漏雨需维修");
    for _ in 0..2 {
        app.handle_key(key(KeyCode::Tab));
    }
    type_text(&mut app, "2026-11-30");
    app.handle_key(key(KeyCode::Tab));
    app.handle_key(key(KeyCode::Char(' ')));
    app.handle_key(ctrl('s'));
    assert!(!form_open(&app), "{:?}", app.status);
    assert_eq!(app.ledger.work.tasks.len(), tasks_before + 1);
    let task = app.ledger.work.tasks.iter().find(|t| t.title == "房屋漏雨需维修").unwrap();
    assert_eq!((task.owner.as_str(), task.source.as_deref()), ("李明", Some("visit")));
    assert_eq!(task.deadline, chrono::NaiveDate::from_ymd_opt(2026, 11, 30));
}

#[test]
fn a_task_gets_a_note_and_is_closed_out_with_evidence() {
    let fixture = demo_ledger();
    let mut app = app_on(&fixture, Lang::Zh);
    press(&mut app, &[KeyCode::Char('6'), KeyCode::Char('f'), KeyCode::Char('f')]);
    assert_eq!(app.tabs[Tab::Tasks.index()].view, VIEW_OVERDUE);
    let id = app.selected_id(Tab::Tasks).expect("the demo has overdue tasks");
    app.handle_key(key(KeyCode::Char('n')));
    type_text(&mut app, "已联系施工队");
    app.handle_key(ctrl('s'));
    assert!(!form_open(&app), "{:?}", app.status);
    assert!(app.ledger.notes_of(&id).iter().any(|n| n.text == "已联系施工队"));
    app.handle_key(key(KeyCode::Char('x')));
    app.handle_key(ctrl('s'));
    assert!(form_open(&app), "closing out needs evidence");
    type_text(&mut app, "维修完成，照片2张");
    app.handle_key(ctrl('s'));
    assert!(!form_open(&app), "{:?}", app.status);
    let store = Store::open(&fixture.path).unwrap();
    let task: Task = store.get(&id).unwrap().unwrap();
    assert_eq!(task.status, "closed");
    assert_eq!(task.closed_on, Some(today()));
    assert!(
        !app.tabs[Tab::Tasks.index()].rows.iter().any(|&i| app.ledger.work.tasks[i].id == id),
        "it leaves the overdue view"
    );
}

#[test]
fn overview_figures_agree_with_the_lists_and_with_check() {
    let fixture = demo_ledger();
    let mut app = app_on(&fixture, Lang::Zh);
    let (f, w) = bangfu::tabs::overview_figures(&app);
    let store = Store::open(&fixture.path).unwrap();
    let households: Vec<Household> = store.load_all().unwrap();
    assert_eq!(f.households, households.len());
    assert_eq!(f.monitored, households.iter().filter(|h| h.monitor_category.is_some()).count());
    assert_eq!(f.eliminated, households.iter().filter(|h| h.monitor_category.is_some() && h.risk_eliminated).count());
    press(&mut app, &[KeyCode::Char('5'), KeyCode::Char('f')]);
    let due_rows = &app.tabs[Tab::Visits.index()].rows;
    let overdue_in_list =
        due_rows.iter().filter(|&&i| app.ledger.work.dues[&app.ledger.households[i].id].is_overdue()).count();
    assert_eq!(f.visits_overdue, overdue_in_list);
    press(&mut app, &[KeyCode::Char('6'), KeyCode::Char('f'), KeyCode::Char('f')]);
    assert_eq!(w.tasks_overdue, app.tabs[Tab::Tasks.index()].rows.len());
    let tasks: Vec<Task> = store.load_all().unwrap();
    assert_eq!(w.tasks_open, tasks.iter().filter(|t| t.is_open()).count());
    // `bangfu check` computes the same warnings from the file.
    let mut ledger = bangfu::app::ledger::Ledger::load(&store).unwrap();
    ledger.derive(today());
    assert_eq!(ledger.work.warnings, app.ledger.work.warnings);
    let by_rule: usize = w.warnings_by_rule.iter().map(|(_, n)| n).sum();
    assert_eq!(by_rule, app.ledger.work.warnings.len());
}

#[test]
fn enter_on_a_warning_opens_its_household() {
    let fixture = demo_ledger();
    let mut app = app_on(&fixture, Lang::Zh);
    let target = app.ledger.work.warnings.iter().position(|w| w.household_id.is_some()).expect("the demo has warnings");
    for _ in 0..target {
        app.handle_key(key(KeyCode::Down));
    }
    app.handle_key(key(KeyCode::Enter));
    assert_eq!(app.tab, Tab::Households);
    let household = app.ledger.work.warnings[target].household_id.clone();
    assert_eq!(app.selected_id(Tab::Households), household);
    assert!(app.tabs[Tab::Households.index()].detail_open);
}

#[test]
fn the_household_form_cannot_skip_the_elimination_rules() {
    let (fixture, id) = ledger_with(monitored_since_march);
    let mut app = app_on(&fixture, Lang::Zh);
    press(&mut app, &[KeyCode::Char('3'), KeyCode::Char('e')]);
    for _ in 0..9 {
        app.handle_key(key(KeyCode::Tab));
    }
    app.handle_key(key(KeyCode::Char(' ')));
    app.handle_key(key(KeyCode::Tab));
    type_text(&mut app, "2026-11");
    app.handle_key(key(KeyCode::Tab));
    type_text(&mut app, "bfxc");
    app.handle_key(key(KeyCode::Enter));
    app.handle_key(ctrl('s'));
    assert!(popup_text(&app).contains("尚未落实任何帮扶措施"), "{} / {:?}", popup_text(&app), app.status);
    let saved: Household = Store::open(&fixture.path).unwrap().get(&id).unwrap().unwrap();
    assert!(!saved.risk_eliminated, "nothing saved");
}

#[test]
fn the_villages_add_up_to_the_whole_file() {
    let fixture = demo_ledger();
    let app = app_on(&fixture, Lang::Zh);
    let m = bangfu::tabs::overview::figures_of_month(&app);
    let sum = |f: fn(&bangfu::app::overview::Figures) -> usize| m.villages.iter().map(f).sum::<usize>();
    assert_eq!(sum(|f| f.households), m.whole.households);
    assert_eq!(sum(|f| f.monitored), m.whole.monitored);
    assert_eq!(sum(|f| f.monitored_people), m.whole.monitored_people);
    assert_eq!(sum(|f| f.without_measure), m.whole.without_measure);
    assert_eq!(sum(|f| f.visited), m.whole.visited);
    assert_eq!(sum(|f| f.visits_overdue), m.whole.visits_overdue);
    let by_category: usize = m.whole.by_category.iter().map(|(_, h, _)| h).sum();
    assert_eq!(by_category, m.whole.monitored);
}
