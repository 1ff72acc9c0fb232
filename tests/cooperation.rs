//! The assisting side's ledger (issue 24): a side's year against its agreement,
//! counted by hand; targets added and refused through the app; sides found by pinyin;
//! the demo's partner with a target on every indicator.

#![allow(clippy::indexing_slicing)] // tests index what they just built

mod common;

use bangfu::app::{Popup, RecordKind, Tab};
use bangfu::domain::Draft;
use bangfu::domain::cooperation::{Exchange, Indicator, Party, Placement, Purchase, Target, Training};
use bangfu::domain::dates::YearMonth;
use bangfu::domain::project::{FundArrival, Project};
use bangfu::domain::record::Record;
use bangfu::domain::village::Village;
use bangfu::domain::vocab::Lang;
use bangfu::store::Store;
use common::side::*;
use common::*;
use crossterm::event::KeyCode;

/// Each indicator, counted by hand from the records of `ledger_with_a_side`, as of
/// today (2026-11-15).
#[test]
fn a_sides_year_is_counted_as_a_clerk_counts_it() {
    let (fixture, party_id) = ledger_with_a_side();
    let store = Store::open(&fixture.path).unwrap();
    let party: Party = store.get(&party_id).unwrap().unwrap();
    let progress = store.party_progress(&party, 2026, today()).unwrap();
    let got: Vec<(Indicator, Option<i64>, i64, Option<i64>)> =
        progress.iter().map(|p| (p.indicator, p.target.as_ref().map(Target::value), p.actual, p.percent())).collect();
    assert_eq!(
        got,
        [
            (Indicator::Funds, Some(100_000_000), 30_000_000, Some(30)),
            (Indicator::Projects, None, 1, None),
            (Indicator::Jobs, Some(3), 2, Some(66)),
            (Indicator::Purchases, Some(10_000_000), 7_500_000, Some(75)),
            (Indicator::Exchanges, None, 1, None),
            (Indicator::Trained, Some(50), 33, Some(66)),
        ]
    );
    // As of the end of May: the November placement and purchase, the June and September
    // trainings are not yet done.
    let may: Vec<i64> =
        store.party_progress(&party, 2026, day(2026, 5, 31)).unwrap().iter().map(|p| p.actual).collect();
    assert_eq!(may, [30_000_000, 1, 1, 4_000_000, 1, 0]);
    // 2025: the arrival of New Year's Eve, the old project, December's placement, a training.
    let last_year: Vec<i64> = store.party_progress(&party, 2025, today()).unwrap().iter().map(|p| p.actual).collect();
    assert_eq!(last_year, [10_000_000, 1, 1, 0, 0, 40]);
}

/// A money indicator takes an amount and a number indicator a number, never the other.
#[test]
fn a_target_takes_the_unit_of_its_indicator() {
    let draft = |indicator: &str, amount: &str, count: &str| {
        Draft::default()
            .with("party_id", "p")
            .with("year", "2026")
            .with("indicator", indicator)
            .with("amount", amount)
            .with("count", count)
    };
    assert!(Target::from_draft("", &draft("funds", "50万", "")).is_ok());
    assert!(Target::from_draft("", &draft("jobs", "", "1200")).is_ok());
    let fields = |r: Result<Target, Vec<bangfu::domain::invalid::FieldError>>| {
        r.err().unwrap_or_default().into_iter().map(|e| e.field).collect::<Vec<_>>()
    };
    assert_eq!(fields(Target::from_draft("", &draft("funds", "", "12"))), ["amount", "count"]);
    assert_eq!(fields(Target::from_draft("", &draft("jobs", "", ""))), ["count"]);
    assert_eq!(fields(Target::from_draft("", &draft("trained", "", "0"))), ["count"]);
}

fn screen_has(app: &mut bangfu::app::App, text: &str) -> bool {
    render(app, 100, 30).contains(text)
}

/// 协作: the side found by pinyin, its details show the year against the agreement; a
/// target added with `a` shows at once, a second for the same indicator is refused
/// naming where the first is, and `u` takes the first back.
#[test]
fn targets_are_added_in_the_sides_details_once_per_indicator() {
    let (fixture, _) = ledger_with_a_side();
    let mut app = app_on(&fixture, Lang::Zh);
    app.handle_key(key(KeyCode::Char('8')));
    assert_eq!(app.tab, Tab::Cooperation);
    press(&mut app, &[KeyCode::Char('/')]);
    type_text(&mut app, "jhs");
    press(&mut app, &[KeyCode::Enter, KeyCode::Enter]);
    let screen = render(&mut app, 100, 30);
    assert!(screen.contains("劳务协作转移就业：目标 3 · 实际 2 · 完成 66%"), "{screen}");
    assert!(screen.contains("干部人才交流：实际 1（未定目标）"), "{screen}");
    let add_exchanges = |app: &mut bangfu::app::App| {
        press(app, &[KeyCode::Char('a')]);
        assert!(matches!(app.popups.last(), Some(Popup::Form(f)) if f.kind == RecordKind::Target));
        press(app, &[KeyCode::Tab]);
        type_text(app, "gbrc");
        press(app, &[KeyCode::Enter, KeyCode::Tab]);
        type_text(app, "4");
        app.handle_key(ctrl('s'));
    };
    add_exchanges(&mut app);
    assert!(app.popups.is_empty(), "{}", render(&mut app, 100, 30));
    assert!(screen_has(&mut app, "干部人才交流：目标 4 · 实际 1 · 完成 25%"));
    add_exchanges(&mut app);
    let refused = render(&mut app, 100, 30);
    assert!(refused.contains("2026 年已有「干部人才交流」目标"), "{refused}");
    // The refusal, then the form, closed; the one target undone.
    press(&mut app, &[KeyCode::Esc, KeyCode::Esc, KeyCode::Char('y')]);
    assert!(app.popups.is_empty(), "{}", render(&mut app, 100, 30));
    press(&mut app, &[KeyCode::Char('u')]);
    assert!(screen_has(&mut app, "干部人才交流：实际 1（未定目标）"));
    let store = Store::open(&fixture.path).unwrap();
    let live: Vec<Target> = store.all().unwrap();
    assert_eq!(live.len(), 4, "the undone target is gone");
}

/// The demo's partner has targets beyond funds and records of every kind; every side
/// whose money arrived by the third quarter's end has a funds target; the one warning
/// the agreements raise is the partner's trainings, behind on purpose.
#[test]
fn the_demo_has_a_partner_with_a_years_agreement() {
    let fixture = demo_ledger();
    let store = Store::open(&fixture.path).unwrap();
    let parties: Vec<Party> = store.all().unwrap();
    assert!(parties.len() >= 2, "{}", parties.len());
    let targets: Vec<Target> = store.all().unwrap();
    let beyond_funds = |p: &Party| targets.iter().filter(|t| t.party_id == p.id && t.indicator != "funds").count();
    let full: Vec<&Party> = parties.iter().filter(|p| beyond_funds(p) > 0).collect();
    assert_eq!(full.len(), 1, "one partner with a whole agreement");
    assert!(beyond_funds(full[0]) >= 5, "jobs, purchases, exchanges, trainings, projects");
    let september = day(2026, 9, 30);
    let mut warned = Vec::new();
    for p in &parties {
        let arrived = store.side_records(p).unwrap().actual(Indicator::Funds, day(2026, 1, 1), september);
        let agreed = targets.iter().any(|t| t.party_id == p.id && t.indicator == "funds");
        assert_eq!(agreed, arrived > 0, "{}", p.name);
        for w in store.record_warnings_of("parties", &p.id, today()).unwrap() {
            warned.push(format!("{} {:?}", w.rule, w.facts.iter().find(|(k, _)| k == "indicator").map(|(_, f)| f)));
        }
    }
    assert_eq!(warned.len(), 1, "{warned:?}");
    assert!(warned[0].contains("target-behind") && warned[0].contains("trained"), "{warned:?}");
    assert!(!store.all::<Placement>().unwrap().is_empty());
    assert!(!store.all::<Purchase>().unwrap().is_empty());
    assert!(!store.all::<Exchange>().unwrap().is_empty());
    assert!(!store.all::<Training>().unwrap().is_empty());
    let progress = store.party_progress(full[0], 2026, today()).unwrap();
    assert!(progress.iter().all(|p| p.actual > 0), "{progress:?}");
}

/// Each view's details say their own keys: a side's add a target, a placement's do not.
#[test]
fn each_views_details_offer_their_own_keys() {
    let fixture = demo_ledger();
    let mut app = app_on(&fixture, Lang::Zh);
    press(&mut app, &[KeyCode::Char('8'), KeyCode::Enter]);
    let side = render(&mut app, 80, 24);
    assert!(side.lines().last().unwrap_or_default().contains("a 加目标"), "{side}");
    press(&mut app, &[KeyCode::Esc, KeyCode::Char('f'), KeyCode::Enter]);
    assert_eq!(app.view_of(Tab::Cooperation).record, Some(RecordKind::Placement));
    let placement = render(&mut app, 80, 24);
    let keys = placement.lines().last().unwrap_or_default().to_string();
    assert!(!keys.contains("加目标") && keys.contains("e 修改"), "{placement}");
}

/// 月例会 on 任务: in a meeting's details `a` adds a task it decided — its source the
/// meeting — which the meeting's details then list and the task's details name.
#[test]
fn a_meeting_decides_tasks_that_name_it() {
    use bangfu::domain::meeting::Meeting;
    use bangfu::domain::task::Task;
    let fixture = demo_ledger();
    let mut app = app_on(&fixture, Lang::Zh);
    app.handle_key(key(KeyCode::Char('6')));
    while app.view_of(Tab::Tasks).record != Some(RecordKind::Meeting) {
        app.handle_key(key(KeyCode::Char('f')));
    }
    press(&mut app, &[KeyCode::Enter]);
    let meeting = app.tab_state().list.selected_row().unwrap().record::<Meeting>();
    press(&mut app, &[KeyCode::Char('a')]);
    type_text(&mut app, "落实消费帮扶订单");
    for _ in 0..4 {
        app.handle_key(key(KeyCode::Tab));
    }
    type_text(&mut app, "袁维成");
    app.handle_key(ctrl('s'));
    assert!(app.popups.is_empty(), "{}", render(&mut app, 100, 30));
    let screen = render(&mut app, 100, 30);
    assert!(screen.contains("── 由此产生 ──") && screen.contains("· 落实消费帮扶订单"), "{screen}");
    let task = app.store.all::<Task>().unwrap().into_iter().find(|t| t.title == "落实消费帮扶订单").unwrap();
    assert_eq!((task.meeting_id.as_deref(), task.source.as_deref()), (Some(meeting.id.as_str()), Some("meeting")));
    assert_eq!(task.owner, "袁维成");
    // On the task list, its details name the meeting.
    while app.view_of(Tab::Tasks).record != Some(RecordKind::Task) {
        app.handle_key(key(KeyCode::Char('f')));
    }
    press(&mut app, &[KeyCode::Char('/')]);
    type_text(&mut app, "落实消费");
    press(&mut app, &[KeyCode::Enter, KeyCode::Enter]);
    let details = render(&mut app, 100, 30);
    assert!(details.contains(&format!("议定会议 {}", meeting.title)), "{details}");
}

/// A donation is money or goods: neither is refused, goods alone are enough.
#[test]
fn a_donation_is_money_or_goods() {
    use bangfu::domain::cooperation::Donation;
    let draft = |amount: &str, goods: &str| {
        Draft::default()
            .with("donor", "某商会")
            .with("party_id", "p")
            .with("date", "2026-05-01")
            .with("amount", amount)
            .with("goods", goods)
    };
    assert!(Donation::from_draft("", &draft("5万", "")).is_ok());
    assert!(Donation::from_draft("", &draft("", "冬衣 300 件")).is_ok());
    let errors = Donation::from_draft("", &draft("", "")).err().unwrap_or_default();
    assert_eq!(errors.iter().map(|e| e.field).collect::<Vec<_>>(), ["amount"]);
}

/// The side's warnings follow its records: behind at the third quarter's end, on pace
/// once the summer's placements, purchase, training and money are entered (the lists
/// name the side by id, an arrival by name; each counts its warnings again).
#[test]
fn a_sides_warnings_follow_what_is_entered() {
    let (fixture, party) = ledger_with_a_side();
    let mut store = Store::open(&fixture.path).unwrap();
    let behind = |store: &Store| -> Vec<String> {
        let warnings = store.record_warnings_of("parties", &party, today()).unwrap();
        let mut indicators: Vec<String> = warnings
            .iter()
            .filter(|w| w.rule == "target-behind")
            .filter_map(|w| w.facts.iter().find(|(k, _)| k == "indicator").map(|(_, f)| format!("{f:?}")))
            .collect();
        indicators.sort();
        indicators
    };
    // By September (pace 75%): jobs 1 of 3, funds 30万 of 100万, purchases 4万 of 10万,
    // trainings 33 of 50 — all four behind.
    let now = behind(&store);
    assert_eq!(now.len(), 4, "{now:?}");
    for (found, indicator) in now.iter().zip(["funds", "jobs", "purchases", "trained"]) {
        assert!(found.contains(indicator), "{now:?}");
    }
    let project: Project = store.all().unwrap().into_iter().find(|p: &Project| p.name == "茶叶加工厂").unwrap();
    store
        .write(|w| {
            for _ in 0..2 {
                let mut p = Placement {
                    party_id: party.clone(),
                    name: "八月".into(),
                    started: month(2026, 8),
                    ..Placement::default()
                };
                w.insert(&mut p)?;
            }
            let mut bought = Purchase {
                party_id: party.clone(),
                date: day(2026, 9, 1),
                buyer: "金华市总工会".into(),
                product: "腊肉".into(),
                amount: 4_000_000,
                ..Purchase::default()
            };
            w.insert(&mut bought)?;
            let mut trained = Training {
                party_id: party.clone(),
                title: "九月培训".into(),
                date: day(2026, 9, 2),
                headcount: 5,
                ..Training::default()
            };
            w.insert(&mut trained)?;
            let mut a = FundArrival {
                project_id: project.id.clone(),
                date: day(2026, 9, 20),
                amount: 50_000_000,
                party: SIDE.into(),
                ..FundArrival::default()
            };
            w.insert(&mut a).map(drop)
        })
        .unwrap();
    assert!(behind(&store).is_empty(), "{:?}", behind(&store));
}

/// Money of a project deleted is no longer the side's (as 月调度 counts it).
#[test]
fn a_deleted_projects_money_leaves_the_sides_figure() {
    let (fixture, party_id) = ledger_with_a_side();
    let mut store = Store::open(&fixture.path).unwrap();
    let party: Party = store.get(&party_id).unwrap().unwrap();
    let funds = |store: &Store| store.party_progress(&party, 2026, today()).unwrap()[0].actual;
    assert_eq!(funds(&store), 30_000_000);
    let project = store.all::<Project>().unwrap().into_iter().find(|p| p.name == "茶叶加工厂").unwrap();
    store.write(|w| w.delete("projects", &project.id)).unwrap();
    assert_eq!(funds(&store), 0);
}

/// Targets of other years are listed in the side's details and walked like this
/// year's, so next year's agreement can be corrected before it starts.
#[test]
fn other_years_targets_are_shown_and_reached() {
    let (fixture, party) = ledger_with_a_side();
    let mut store = Store::open(&fixture.path).unwrap();
    let mut next = Target { year: 2027, ..target(&party, Indicator::Trained, 100) };
    store.write(|w| w.insert(&mut next).map(drop)).unwrap();
    let mut app = app_on(&fixture, Lang::Zh);
    press(&mut app, &[KeyCode::Char('8'), KeyCode::Enter]);
    let screen = render(&mut app, 100, 40);
    assert!(screen.contains("── 其他年度目标 ──") && screen.contains("2027 年培训：目标 100"), "{screen}");
    press(&mut app, &[KeyCode::End, KeyCode::Char('e')]);
    match app.popups.last() {
        Some(Popup::Form(f)) => assert_eq!((f.kind, f.record_id.as_str()), (RecordKind::Target, next.id.as_str())),
        _ => panic!("e opens next year's target: {}", render(&mut app, 100, 40)),
    }
}

/// A village may have several sides: one the side's record lists counts for it — in
/// its 月调度 (villages and projects) and among the sides 概览's B steps through —
/// though the village names another 帮扶方, or none.
#[test]
fn a_village_the_side_lists_is_the_sides() {
    use bangfu::domain::side::Side;
    let (fixture, party_id) = ledger_with_a_side();
    let mut store = Store::open(&fixture.path).unwrap();
    let mut party: Party = store.get(&party_id).unwrap().unwrap();
    let mut other = Village {
        name: "银星村".into(),
        township: "青山镇".into(),
        assisting_party: "宜宾市".into(),
        ..Village::default()
    };
    store
        .write(|w| {
            w.insert(&mut other)?;
            let mut road = Project {
                name: "银星村产业路".into(),
                village_id: Some(other.id.clone()),
                planned_start_month: Some(month(2026, 6)),
                ..Project::default()
            };
            w.insert(&mut road)?;
            party.villages.push(other.id.clone());
            w.update(&party).map(drop)
        })
        .unwrap();
    let side = Side::Party(SIDE.into());
    let november = YearMonth::of(today());
    let figures = store.month_figures_of(november, today(), Some(&side)).unwrap();
    let names: Vec<&str> = figures.villages.iter().map(|f| f.village_name.as_str()).collect();
    assert!(names.contains(&"金星村") && names.contains(&"银星村"), "{names:?}");
    let yibin = store.month_figures_of(november, today(), Some(&Side::Party("宜宾市".into()))).unwrap();
    assert_eq!(yibin.villages.len(), 1, "宜宾市 keeps the village that names it");
    // The side's projects: 金星村's two and 银星村's road.
    assert_eq!(figures.work.projects, 3);
    assert!(store.assisting_sides().unwrap().contains(&side));
}

/// A placement entered on 协作: the side picked by pinyin from the ledger's sides (not
/// an id typed), the month, saved and listed.
#[test]
fn a_placement_is_entered_with_its_side_picked() {
    let (fixture, party) = ledger_with_a_side();
    let mut app = app_on(&fixture, Lang::Zh);
    press(&mut app, &[KeyCode::Char('8'), KeyCode::Char('f'), KeyCode::Char('a')]);
    type_text(&mut app, "周小燕");
    press(&mut app, &[KeyCode::Tab]);
    type_text(&mut app, "jhs");
    let offered = render(&mut app, 100, 30);
    assert!(offered.contains("浙江省金华市"), "{offered}");
    press(&mut app, &[KeyCode::Enter]);
    for _ in 0..3 {
        press(&mut app, &[KeyCode::Tab]);
    }
    type_text(&mut app, "2026-10");
    app.handle_key(ctrl('s'));
    assert!(app.popups.is_empty(), "{}", render(&mut app, 100, 30));
    let placed = app.store.all::<Placement>().unwrap().into_iter().find(|p| p.name == "周小燕").unwrap();
    assert_eq!((placed.party_id.as_str(), placed.started), (party.as_str(), month(2026, 10)));
}

/// An arrival's 帮扶方 is suggested from the ledger's sides as typed, so the name its
/// side's figures are counted by is the one written.
#[test]
fn an_arrivals_side_is_suggested_from_the_sides() {
    let (fixture, _) = ledger_with_a_side();
    let mut app = app_on(&fixture, Lang::Zh);
    press(&mut app, &[KeyCode::Char('4'), KeyCode::Char('z')]);
    while app.open_form().is_some_and(|f| f.form.focused().key != "party") {
        press(&mut app, &[KeyCode::Tab]);
    }
    app.handle_key(ctrl('u'));
    type_text(&mut app, "jh");
    let screen = render(&mut app, 100, 30);
    assert!(screen.contains("┌ 1 项") && screen.contains("│浙江省金华市"), "{screen}");
}

/// An arrival naming a side the ledger does not have (宜宾市: no side record, no
/// village names it) is warned of on its project — its money counts toward no side —
/// through the project's own saves, until a side of that name is recorded; a village
/// naming it is enough too. The demo names only its sides.
#[test]
fn a_side_named_but_not_kept_is_warned_of() {
    let (fixture, _) = ledger_with_a_side();
    let mut store = Store::open(&fixture.path).unwrap();
    let unknown = |store: &Store| -> Vec<(String, String)> {
        let mut found = Vec::new();
        store
            .each_warning(today(), |w| {
                if w.rule == "side-unknown" {
                    let party = w.facts.iter().find(|(k, _)| k == "party").map(|(_, f)| format!("{f:?}"));
                    found.push((w.record_id.clone(), party.unwrap_or_default()));
                }
                Ok(())
            })
            .unwrap();
        found
    };
    let mut project: Project = store.all().unwrap().into_iter().find(|p: &Project| p.name == "茶叶加工厂").unwrap();
    let found = unknown(&store);
    assert!(found.len() == 1 && found[0].0 == project.id && found[0].1.contains("宜宾市"), "{found:?}");
    let warned = store.record_warnings_of("projects", &project.id, today()).unwrap();
    let labels = bangfu::ui::Labels::get(Lang::Zh);
    let text = bangfu::ui::warning_text::warning_message(labels, &store.vocab().unwrap(), &warned[0], today());
    assert!(text.contains("“宜宾市”不是台账中的帮扶方"), "{text}");
    // The project saved again keeps it.
    project.content = "加工车间一座".into();
    store.write(|w| w.update(&project).map(drop)).unwrap();
    assert_eq!(unknown(&store).len(), 1);
    // A side of that name recorded: gone; deleted: back.
    let id = store
        .write(|w| {
            let mut p = Party { name: "宜宾市".into(), ..Party::default() };
            w.insert(&mut p)
        })
        .unwrap();
    assert!(unknown(&store).is_empty());
    store.write(|w| w.delete("parties", &id)).unwrap();
    assert_eq!(unknown(&store).len(), 1);
    // A village naming it makes it a side too.
    let mut village: Village = store.all().unwrap().remove(0);
    village.assisting_party = "宜宾市".into();
    store.write(|w| w.update(&village).map(drop)).unwrap();
    assert!(unknown(&store).is_empty(), "{:?}", unknown(&store));
    drop(store);
    let demo = demo_ledger();
    let store = Store::open(&demo.path).unwrap();
    assert!(unknown(&store).is_empty(), "{:?}", unknown(&store));
}

/// The side's lists are found by the side they name, by pinyin: `jhs` on 消费帮扶 keeps
/// the purchases of 浙江省金华市 and no other side's.
#[test]
fn a_sides_records_are_found_by_its_pinyin() {
    let (fixture, party) = ledger_with_a_side();
    let mut store = Store::open(&fixture.path).unwrap();
    store
        .write(|w| {
            let mut other = Party { name: "宜宾市".into(), ..Party::default() };
            w.insert(&mut other)?;
            let mut pu = Purchase {
                party_id: other.id.clone(),
                date: day(2026, 6, 1),
                buyer: "宜宾市某超市".into(),
                product: "茶叶".into(),
                amount: 100,
                ..Purchase::default()
            };
            w.insert(&mut pu).map(drop)
        })
        .unwrap();
    drop(store);
    let mut app = app_on(&fixture, Lang::Zh);
    app.handle_key(key(KeyCode::Char('8')));
    while app.view_of(Tab::Cooperation).record != Some(RecordKind::Purchase) {
        app.handle_key(key(KeyCode::Char('f')));
    }
    press(&mut app, &[KeyCode::Char('/')]);
    type_text(&mut app, "jhs");
    let rows: Vec<Purchase> = (0..app.tab_state().list.count)
        .filter_map(|i| app.tab_state().list.row(i).map(|r| r.record::<Purchase>()))
        .collect();
    assert_eq!(rows.len(), 2, "{rows:?}");
    assert!(rows.iter().all(|p| p.party_id == party), "{rows:?}");
}
