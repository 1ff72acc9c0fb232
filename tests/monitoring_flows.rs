//! Issue 3 as a cadre does it, with keys: a household from clue to identification,
//! elimination refused with its reasons and allowed once the measure and income are
//! in, a household leaving the due list after a visit, a task closed out, and the
//! overview's figures agreeing with the lists.

mod common;

use bangfu::app::{App, Popup, RecordKind, Tab};
use bangfu::domain::dates::YearMonth;
use bangfu::domain::household::Household;
use bangfu::domain::income::Income;
use bangfu::domain::income::Threshold;
use bangfu::domain::monitoring::MonitoringEvent;
use bangfu::domain::task::Task;
use bangfu::domain::task::TaskNote;
use bangfu::domain::village::Village;
use bangfu::domain::vocab::Lang;
use bangfu::domain::{Draft, Record};
use bangfu::store::Store;
use common::*;
use crossterm::event::KeyCode;

/// An empty ledger with one village, the 2026 line, and one household.
fn ledger_with(household: impl FnOnce(&str) -> Household) -> (Fixture, String) {
    let fixture = empty_ledger();
    let mut store = Store::open(&fixture.path).unwrap();
    let mut v = Village::from_draft("", &Draft::default().with("name", "柳林村").with("code", "511903100204")).unwrap();
    store.insert(&mut v).unwrap();
    let mut line =
        Threshold {
            province: "51".into(), year: 2026, amount: 760_000, source: "测试".into(), ..Threshold::default()
        };
    store.insert(&mut line).unwrap();
    let mut h = household(&v.id);
    let id = store.insert(&mut h).unwrap();
    let head = bangfu::domain::member::Member {
        household_id: id.clone(),
        name: h.head_name.clone(),
        relation: Some("self".into()),
        medical_insurance: true,
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

fn household(app: &App, id: &str) -> Household {
    app.store.get(id).unwrap().unwrap()
}

#[test]
fn from_clue_to_identification_with_the_publicity_rule() {
    // A clue about illness: county approval identifies a household with a risk.
    let (fixture, id) = ledger_with(|v| Household { risks: vec!["illness".into()], ..plain_household(v) });
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
    let h = household(&app, &id);
    assert_eq!(h.monitor_category.as_deref(), Some("marginal"));
    assert_eq!(h.identified_month, YearMonth::new(2026, 11));
    assert_eq!(app.store.children::<MonitoringEvent>("household_id", &id, "").unwrap().len(), 6);
    // Out of order: straight to elimination is refused, naming what may come next.
    record_step(&mut app, "2026-11-14", |_| {});
    let store = Store::open(&fixture.path).unwrap();
    assert_eq!(store.all::<MonitoringEvent>().unwrap().len(), 7, "拟消除 is allowed after identification");
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
    assert!(refused.contains("没有消除前12个月或 2026 年全年"), "{refused}");
    assert!(!household(&app, &id).risk_eliminated);
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
    assert!(refused.contains("人均纯收入（全年）5,000.00 元，低于 2026 年监测范围 7,600.00 元"), "{refused}");
    app.handle_key(key(KeyCode::Esc));
    app.handle_key(key(KeyCode::Esc));
    app.handle_key(key(KeyCode::Char('y')));

    let income = app.store.children::<Income>("household_id", &id, "").unwrap()[0].id.clone();
    app.open_edit_form(RecordKind::Income, &income);
    for _ in 0..2 {
        app.handle_key(key(KeyCode::Tab));
    }
    app.handle_key(ctrl('u'));
    type_text(&mut app, "8000");
    app.handle_key(ctrl('s'));
    record_step(&mut app, "2026-11-10", |_| {});
    assert!(!form_open(&app), "allowed now: {}", popup_text(&app));
    let h = household(&app, &id);
    assert!(h.risk_eliminated);
    assert_eq!((h.eliminated_month, h.elimination_method.as_deref()), (YearMonth::new(2026, 11), Some("assisted")));
}

#[test]
fn a_visit_takes_the_household_off_the_due_list() {
    let fixture = demo_ledger();
    let mut app = app_on(&fixture, Lang::Zh);
    press(&mut app, &[KeyCode::Char('5'), KeyCode::Char('f')]);
    assert_eq!(app.view_of(Tab::Visits).label, "view.due");
    let due = shown(&app, Tab::Visits);
    assert!(!due.is_empty(), "the demo has households due for a visit");
    let first = due[0].id.clone();
    assert!(due[0].extras::<bangfu::store::HouseholdRow>().next_due.unwrap() < today(), "most overdue first");
    assert_eq!(app.selected_id(Tab::Visits).as_deref(), Some(first.as_str()));
    app.handle_key(key(KeyCode::Char('v')));
    type_text(&mut app, "李明");
    app.handle_key(ctrl('s'));
    assert!(!form_open(&app), "{:?}", app.status);
    assert!(!shown_ids(&app, Tab::Visits).contains(&first));
    assert!(!warnings(&app).iter().any(|w| w.rule == "visit-overdue" && w.record_id == first));
}

#[test]
fn a_visit_follow_up_becomes_a_task_in_one_step() {
    let fixture = demo_ledger();
    let mut app = app_on(&fixture, Lang::Zh);
    let tasks_before = all::<Task>(&app).len();
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
    let tasks = all::<Task>(&app);
    assert_eq!(tasks.len(), tasks_before + 1);
    let task = tasks.iter().find(|t| t.title == "房屋漏雨需维修").unwrap();
    assert_eq!((task.owner.as_str(), task.source.as_deref()), ("李明", Some("visit")));
    assert_eq!(task.deadline, chrono::NaiveDate::from_ymd_opt(2026, 11, 30));
}

#[test]
fn a_task_gets_a_note_and_is_closed_out_with_evidence() {
    let fixture = demo_ledger();
    let mut app = app_on(&fixture, Lang::Zh);
    press(&mut app, &[KeyCode::Char('6'), KeyCode::Char('f'), KeyCode::Char('f')]);
    assert_eq!(app.view_of(Tab::Tasks).label, "view.overdue");
    let id = app.selected_id(Tab::Tasks).expect("the demo has overdue tasks");
    app.handle_key(key(KeyCode::Char('n')));
    type_text(&mut app, "已联系施工队");
    app.handle_key(ctrl('s'));
    assert!(!form_open(&app), "{:?}", app.status);
    let notes: Vec<TaskNote> = app.store.children("task_id", &id, "").unwrap();
    assert!(notes.iter().any(|n| n.text == "已联系施工队"));
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
    assert!(!shown_ids(&app, Tab::Tasks).contains(&id), "it leaves the overdue view");
}

#[test]
fn overview_figures_agree_with_the_lists() {
    let fixture = demo_ledger();
    let mut app = app_on(&fixture, Lang::Zh);
    let (f, w) = (app.overview.figures.whole.clone(), app.overview.figures.work.clone());
    let households: Vec<Household> = all(&app);
    let count = |n: usize| n as i64;
    assert_eq!(f.households, count(households.len()));
    assert_eq!(f.monitored, count(households.iter().filter(|h| h.monitor_category.is_some()).count()));
    assert_eq!(
        f.eliminated,
        count(households.iter().filter(|h| h.monitor_category.is_some() && h.risk_eliminated).count())
    );
    press(&mut app, &[KeyCode::Char('5'), KeyCode::Char('f')]);
    let overdue_in_list = shown(&app, Tab::Visits)
        .iter()
        .filter(|r| r.extras::<bangfu::store::HouseholdRow>().next_due.unwrap() < today())
        .count();
    assert_eq!(f.visits_overdue, count(overdue_in_list));
    press(&mut app, &[KeyCode::Char('6'), KeyCode::Char('f'), KeyCode::Char('f')]);
    assert_eq!(w.tasks_overdue, count(shown(&app, Tab::Tasks).len()));
    let tasks: Vec<Task> = all(&app);
    assert_eq!(w.tasks_open, count(tasks.iter().filter(|t| t.is_open()).count()));
    let by_rule: i64 = w.warnings_by_rule.iter().map(|(_, n)| n).sum();
    assert_eq!(by_rule, count(warnings(&app).len()));
}

#[test]
fn enter_on_a_warning_opens_its_household() {
    let fixture = demo_ledger();
    let mut app = app_on(&fixture, Lang::Zh);
    let all_warnings = warnings(&app);
    let target = all_warnings.iter().position(|w| w.household_id.is_some()).expect("the demo has warnings");
    for _ in 0..target {
        app.handle_key(key(KeyCode::Down));
    }
    app.handle_key(key(KeyCode::Enter));
    assert_eq!(app.tab, Tab::Households);
    assert_eq!(app.selected_id(Tab::Households), all_warnings[target].household_id);
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
    let m = &app.overview.figures;
    let sum = |f: fn(&bangfu::store::Figures) -> i64| m.villages.iter().map(f).sum::<i64>();
    assert_eq!(sum(|f| f.households), m.whole.households);
    assert_eq!(sum(|f| f.monitored), m.whole.monitored);
    assert_eq!(sum(|f| f.monitored_people), m.whole.monitored_people);
    assert_eq!(sum(|f| f.without_measure), m.whole.without_measure);
    assert_eq!(sum(|f| f.visited), m.whole.visited);
    assert_eq!(sum(|f| f.visits_overdue), m.whole.visits_overdue);
    let by_category: i64 = m.whole.by_category.iter().map(|(_, h, _)| h).sum();
    assert_eq!(by_category, m.whole.monitored);
}

/// 概览 for a past month counts the households as they stood when it ended: one
/// identified or eliminated later is not counted as such.
#[test]
fn a_past_month_is_counted_as_it_stood() {
    let fixture = demo_ledger();
    let store = Store::open(&fixture.path).unwrap();
    let households: Vec<Household> = store.all().unwrap();
    let latest = households.iter().filter(|h| h.risk_eliminated).filter_map(|h| h.eliminated_month).max().unwrap();
    let before = latest.plus(-1).unwrap();
    let then = store.month_figures(before, today()).unwrap();
    let monitored_then = |h: &&Household| h.is_monitored() && h.identified_month.is_none_or(|m| m <= before);
    let eliminated_then = households
        .iter()
        .filter(monitored_then)
        .filter(|h| h.risk_eliminated && h.eliminated_month.is_some_and(|m| m <= before));
    assert_eq!(then.whole.eliminated, eliminated_then.count() as i64);
    assert_eq!(then.whole.monitored, households.iter().filter(monitored_then).count() as i64);
    let now = store.month_figures(YearMonth::of(today()), today()).unwrap();
    assert!(now.whole.eliminated > then.whole.eliminated, "the later elimination counts only from its month");
    // Visits as the month ended (tests/past_months.rs counts them by hand).
    assert!(then.whole.visits_overdue <= then.whole.visits_required && then.whole.visits_required > 0);
    assert!(now.whole.visits_overdue <= now.whole.visits_required, "overdue among those required");
}

/// The fields a step needs are marked when the step is chosen (监测对象类别 at 县级审定),
/// and a step refused for its order keeps the form and what was typed in it.
#[test]
fn a_steps_own_fields_are_marked_and_a_refused_step_keeps_its_form() {
    let (fixture, _) = ledger_with(plain_household);
    let mut app = app_on(&fixture, Lang::Zh);
    press(&mut app, &[KeyCode::Char('3'), KeyCode::Char('s')]);
    let required = |app: &App, key: &str| match app.popups.last() {
        Some(Popup::Form(open)) => open.form.fields.iter().any(|f| f.key == key && f.required),
        _ => false,
    };
    assert!(required(&app, "channel"), "a clue needs its channel");
    assert!(!required(&app, "category"));
    if let Some(Popup::Form(open)) = app.popups.last_mut() {
        open.form.set_value("step", "county_approval");
        open.form.set_value("note", "先写的说明");
    }
    app.form_changed("step");
    assert!(required(&app, "category") && !required(&app, "channel"), "county approval needs the category");
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("监测对象类别*"), "marked on screen\n{screen}");
    if let Some(Popup::Form(open)) = app.popups.last_mut() {
        open.form.set_value("category", "marginal");
    }
    app.handle_key(ctrl('s'));
    assert!(popup_text(&app).contains("不能"), "refused for its order: {}", popup_text(&app));
    app.handle_key(key(KeyCode::Esc));
    let Some(Popup::Form(open)) = app.popups.last() else { panic!("the form stays after the refusal") };
    assert_eq!(open.form.value("note"), "先写的说明");
}
