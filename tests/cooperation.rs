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
use chrono::NaiveDate;
use common::*;
use crossterm::event::KeyCode;

const SIDE: &str = "浙江省金华市";

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn month(y: i32, m: u32) -> YearMonth {
    YearMonth::of(day(y, m, 1))
}

fn target(party: &str, indicator: Indicator, value: i64) -> Target {
    let money = indicator.is_money();
    Target {
        party_id: party.into(),
        year: 2026,
        indicator: indicator.code().into(),
        amount: money.then_some(value),
        count: (!money).then_some(value),
        ..Target::default()
    }
}

/// A ledger with one village assisted by 浙江省金华市, the side, its targets and a
/// year of its work with records on both sides of every boundary; the side's id.
fn ledger_with_a_side() -> (Fixture, String) {
    let fixture = empty_ledger();
    let mut store = Store::open(&fixture.path).unwrap();
    let party = store
        .write(|w| {
            let mut v = Village {
                name: "金星村".into(),
                township: "青山镇".into(),
                assisting_party: SIDE.into(),
                ..Village::default()
            };
            w.insert(&mut v)?;
            let mut party = Party { name: SIDE.into(), villages: vec![v.id.clone()], ..Party::default() };
            w.insert(&mut party)?;
            let p = party.id.clone();
            for mut t in [
                target(&p, Indicator::Funds, 100_000_000),
                target(&p, Indicator::Jobs, 3),
                target(&p, Indicator::Purchases, 10_000_000),
                target(&p, Indicator::Trained, 50),
            ] {
                w.insert(&mut t)?;
            }
            // A project of the village (so of its side), planned for March; one of 2025.
            let mut project = Project {
                name: "茶叶加工厂".into(),
                village_id: Some(v.id.clone()),
                planned_start_month: Some(month(2026, 3)),
                ..Project::default()
            };
            w.insert(&mut project)?;
            let mut old = Project {
                name: "旧项目".into(),
                village_id: Some(v.id.clone()),
                start_month: Some(month(2025, 6)),
                ..Project::default()
            };
            w.insert(&mut old)?;
            // 30万 from the side this year; 10万 on New Year's Eve; 5万 from someone else.
            for (date, amount, from) in [
                (day(2026, 2, 1), 30_000_000, SIDE),
                (day(2025, 12, 31), 10_000_000, SIDE),
                (day(2026, 3, 1), 5_000_000, "宜宾市"),
            ] {
                let mut a = FundArrival {
                    project_id: project.id.clone(),
                    date,
                    amount,
                    party: from.into(),
                    ..FundArrival::default()
                };
                w.insert(&mut a)?;
            }
            // Started in January and November count; December 2025 does not.
            for started in [month(2026, 1), month(2026, 11), month(2025, 12)] {
                let mut pl =
                    Placement { party_id: p.clone(), name: "李小梅".into(), started, ..Placement::default() };
                w.insert(&mut pl)?;
            }
            let mut gone = Placement {
                party_id: p.clone(),
                name: "已删除".into(),
                started: month(2026, 5),
                ..Placement::default()
            };
            let gone_id = w.insert(&mut gone)?;
            w.delete("placements", &gone_id)?;
            // 4万 in May and 3.5万 today.
            for (date, amount) in [(day(2026, 5, 1), 4_000_000), (day(2026, 11, 15), 3_500_000)] {
                let mut pu = Purchase {
                    party_id: p.clone(),
                    date,
                    buyer: "金华市机关食堂".into(),
                    product: "高山茶叶".into(),
                    amount,
                    ..Purchase::default()
                };
                w.insert(&mut pu)?;
            }
            let mut e = Exchange {
                party_id: p.clone(),
                person: "王建国".into(),
                direction: "in".into(),
                start: day(2026, 4, 1),
                ..Exchange::default()
            };
            w.insert(&mut e)?;
            for (date, headcount) in [(day(2026, 6, 1), 20), (day(2026, 9, 1), 13), (day(2025, 9, 1), 40)] {
                let mut t =
                    Training {
                        party_id: p.clone(), title: "电商培训".into(), date, headcount, ..Training::default()
                    };
                w.insert(&mut t)?;
            }
            Ok(party.id)
        })
        .unwrap();
    (fixture, party)
}

/// Each indicator, counted by hand from the records above, as of today (2026-11-15).
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

fn write_ledger(store: &mut Store, path: &std::path::Path) {
    let labels = bangfu::ui::Labels::get(Lang::Zh);
    bangfu::report::write_output(store, labels, bangfu::report::Output::Cooperation(2026), today(), path).unwrap();
}

fn counts(r: &bangfu::import::lists::ListsReport) -> Vec<(usize, usize, usize)> {
    r.lists.iter().map(|c| (c.new, c.changed, c.unchanged)).collect()
}

/// 协作台账 written and read back is the identity: every record found unchanged, none
/// refused; a record deleted since comes back, one changed since is changed back, and
/// the sides' figures are again what they were. The dry run says the same and writes
/// nothing.
#[test]
fn the_cooperation_ledger_comes_back_as_it_was_written() {
    let fixture = demo_ledger();
    let mut store = Store::open(&fixture.path).unwrap();
    let book = fixture.dir.path().join("协作台账-2026.xlsx");
    write_ledger(&mut store, &book);
    let same = bangfu::import::lists::import_lists(&mut store, &book, true).unwrap();
    assert!(same.rejected.is_empty(), "{:?}", same.rejected);
    let sizes: Vec<usize> = [
        store.all::<Party>().unwrap().len(),
        store.all::<Placement>().unwrap().len(),
        store.all::<Purchase>().unwrap().len(),
        store.all::<Exchange>().unwrap().len(),
        store.all::<Training>().unwrap().len(),
        store.all::<bangfu::domain::cooperation::Park>().unwrap().len(),
        store.all::<bangfu::domain::cooperation::Donation>().unwrap().len(),
        store.all::<bangfu::domain::cooperation::Pairing>().unwrap().len(),
        store.all::<bangfu::domain::need::Need>().unwrap().len(),
        store.all::<bangfu::domain::meeting::Meeting>().unwrap().len(),
        store.all::<Target>().unwrap().len(),
    ]
    .to_vec();
    assert_eq!(counts(&same), sizes.iter().map(|n| (0, 0, *n)).collect::<Vec<_>>());
    let partner =
        store.all::<Party>().unwrap().into_iter().find(|p| {
            store.party_progress(p, 2026, today()).unwrap().iter().filter(|x| x.target.is_some()).count() >= 5
        });
    let partner = partner.expect("the demo's partner");
    // What the side agreed and did, by indicator (a target deleted comes back as a new
    // record, with the same figure).
    let figures = |store: &Store| -> Vec<(Indicator, Option<i64>, i64)> {
        store
            .party_progress(&partner, 2026, today())
            .unwrap()
            .into_iter()
            .map(|p| (p.indicator, p.target.map(|t| t.value()), p.actual))
            .collect()
    };
    let before = figures(&store);
    // Since the file was written: a placement deleted, a purchase's amount mistyped,
    // a target deleted and another changed.
    let placement = store.all::<Placement>().unwrap().remove(0);
    let mut purchase = store.all::<Purchase>().unwrap().remove(0);
    purchase.amount += 100;
    let mut targets: Vec<Target> = store.children("party_id", &partner.id, "ORDER BY t.id").unwrap();
    let gone = targets.remove(0);
    let mut changed = targets.remove(0);
    changed.count = changed.count.map(|n| n + 1);
    changed.amount = changed.amount.map(|n| n + 100);
    store
        .write(|w| {
            w.delete("placements", &placement.id)?;
            w.delete("party_targets", &gone.id)?;
            w.update(&changed)?;
            w.update(&purchase).map(drop)
        })
        .unwrap();
    let ops = store.op_count().unwrap();
    let dry = bangfu::import::lists::import_lists(&mut store, &book, true).unwrap();
    assert_eq!(store.op_count().unwrap(), ops, "a dry run writes nothing");
    let real = bangfu::import::lists::import_lists(&mut store, &book, false).unwrap();
    assert_eq!(dry, real, "the dry run and the import are one plan");
    assert_eq!(real.lists[1].new, 1);
    assert_eq!(real.lists[2].changed, 1);
    let agreed = real.lists.last().unwrap();
    assert_eq!((agreed.kind, agreed.new, agreed.changed), (RecordKind::Target, 1, 1), "{real:?}");
    assert_eq!(figures(&store), before);
    let again = bangfu::import::lists::import_lists(&mut store, &book, true).unwrap();
    assert!(counts(&again).iter().all(|(new, changed, _)| *new == 0 && *changed == 0), "{again:?}");
}

/// A county's own sheet, headed in Chinese as it keeps it: rows refused are named with
/// their row and reason — a village the ledger lacks, a choice that is none, a side
/// unknown, a date missing, the same person twice — and the rest come in.
#[test]
fn a_countys_own_sheet_comes_in_and_its_bad_rows_are_named() {
    let (fixture, _) = ledger_with_a_side();
    let csv = fixture.dir.path().join("劳务协作.csv");
    std::fs::write(
        &csv,
        "姓名,帮扶方,村,就业地,就业单位,就业时间,在岗\n\
         张秀英,浙江省金华市,金星村,浙江义乌,义乌某厂,2026-03,是\n\
         李四,浙江省金华市,银星村,浙江义乌,义乌某厂,2026-03,是\n\
         王五,宁波市,金星村,浙江义乌,义乌某厂,2026-03,是\n\
         赵六,浙江省金华市,金星村,浙江义乌,义乌某厂,,是\n\
         张秀英,浙江省金华市,金星村,浙江兰溪,兰溪某厂,2026-03,否\n",
    )
    .unwrap();
    let mut store = Store::open(&fixture.path).unwrap();
    let r = bangfu::import::lists::import_lists(&mut store, &csv, false).unwrap();
    assert_eq!(r.lists[1].new, 1, "{r:?}");
    let labels = bangfu::ui::Labels::get(Lang::Zh);
    let lines = bangfu::import::text::lists_report_lines(labels, &r, false, 50);
    let text = lines.join("\n");
    for expected in [
        "劳务协作：新增 1 条，修改 0 条，不变 0 条",
        "劳务协作 第 3 行未导入：村「银星村」台账中没有",
        "劳务协作 第 4 行未导入：帮扶方「宁波市」台账中没有",
        "劳务协作 第 5 行未导入：就业时间：必填",
        "劳务协作 第 6 行未导入：与第 2 行是同一条记录",
    ] {
        assert!(text.contains(expected), "{expected}\n{text}");
    }
    let names: Vec<String> = store.all::<Placement>().unwrap().into_iter().map(|p| p.name).collect();
    assert!(names.contains(&"张秀英".to_string()));
}

/// The cells of a sheet, as text.
fn sheet_cells(path: &std::path::Path, sheet: &str) -> Vec<Vec<String>> {
    use calamine::Reader;
    let mut book = calamine::open_workbook_auto(path).unwrap();
    let range = book.worksheet_range(sheet).unwrap();
    range.rows().map(|r| r.iter().map(|c| c.to_string()).collect()).collect()
}

/// 月调度 of October carries the sides' year as October ended — November's placement
/// and purchase not yet — and stays the same when November's work is added; one side's
/// 月调度 carries that side alone.
#[test]
fn the_month_report_carries_the_sides_year_as_the_month_ended() {
    let (fixture, party) = ledger_with_a_side();
    let mut store = Store::open(&fixture.path).unwrap();
    let labels = bangfu::ui::Labels::get(Lang::Zh);
    let october = YearMonth::new(2026, 10).unwrap();
    let path = fixture.dir.path().join("月调度-2026-10.xlsx");
    let write = |store: &mut Store, side| {
        bangfu::report::write_output(store, labels, bangfu::report::Output::Month(october, side), today(), &path)
            .unwrap();
        sheet_cells(&path, "目标完成")
    };
    let cells = write(&mut store, None);
    let row = |indicator: &str| cells.iter().find(|r| r.get(3).is_some_and(|c| c == indicator)).cloned().unwrap();
    assert!(cells[0][0].contains("截至 2026-10-31"), "{:?}", cells[0]);
    assert_eq!(row("劳务协作转移就业")[5..8], ["3", "1", "0.33"], "the rate rounded down, as the screen says it");
    assert_eq!(row("消费帮扶")[5..7], ["100000", "40000"]);
    assert_eq!(row("培训")[5..7], ["50", "33"]);
    let mut later =
        Placement { party_id: party, name: "十一月".into(), started: month(2026, 11), ..Placement::default() };
    store.write(|w| w.insert(&mut later).map(drop)).unwrap();
    assert_eq!(write(&mut store, None), cells, "November's work leaves October as it was");
    let side = bangfu::domain::side::Side::Party(SIDE.into());
    let of_side = write(&mut store, Some(side));
    assert!(
        of_side
            .iter()
            .skip(2)
            .filter(|r| r.get(1).is_some_and(|c| !c.is_empty() && !c.starts_with("填报")))
            .all(|r| r[1] == SIDE)
    );
}

/// 需求统计 counted by hand: a village's needs under its township, a township's own,
/// by class and status, the overdue one apart, and the total.
#[test]
fn needs_are_counted_by_township_class_and_status() {
    use bangfu::domain::need::Need;
    let (fixture, _) = ledger_with_a_side();
    let mut store = Store::open(&fixture.path).unwrap();
    let village: Village = store.all().unwrap().remove(0);
    let need = |title: &str, class: &str, status: &str, deadline: NaiveDate, village: Option<&str>| Need {
        title: title.into(),
        class: class.into(),
        status: status.into(),
        deadline: Some(deadline),
        village_id: village.map(str::to_string),
        township: if village.is_none() { "白河镇".into() } else { String::new() },
        owner: "袁维成".into(),
        evidence: if status == "closed" { "验收单".into() } else { String::new() },
        closed_on: (status == "closed").then(|| day(2026, 10, 1)),
        closed_by: if status == "closed" { "袁维成".into() } else { String::new() },
        ..Need::default()
    };
    store
        .write(|w| {
            for mut n in [
                need("通组道路硬化", "infrastructure", "in_progress", day(2026, 11, 1), Some(&village.id)),
                need("茶叶加工", "industry", "closed", day(2026, 9, 1), Some(&village.id)),
                need("劳务品牌培育", "employment", "not_started", day(2026, 12, 31), None),
            ] {
                w.insert(&mut n)?;
            }
            Ok(())
        })
        .unwrap();
    let path = fixture.dir.path().join("协作台账.xlsx");
    write_ledger(&mut store, &path);
    let cells = sheet_cells(&path, "需求统计");
    assert_eq!(
        cells[1],
        [
            "乡镇",
            "产业",
            "就业",
            "基础设施",
            "公共服务",
            "其他",
            "未启动",
            "推进中",
            "已完成",
            "已销号",
            "逾期未销号",
            "合计"
        ]
    );
    assert_eq!(cells[2], ["白河镇", "0", "1", "0", "0", "0", "1", "0", "0", "0", "0", "1"]);
    assert_eq!(cells[3], ["青山镇", "1", "0", "1", "0", "0", "0", "1", "0", "1", "1", "2"]);
    assert_eq!(cells[4], ["合计", "1", "1", "1", "0", "0", "1", "1", "0", "1", "1", "3"]);
}

/// 项目储备库 counted by hand: the projects not yet started, by sector and stage, with
/// their planned investment; a started project is not in it, one without a sector is
/// counted apart.
#[test]
fn the_project_reserve_is_totalled_by_sector() {
    let (fixture, _) = ledger_with_a_side();
    let mut store = Store::open(&fixture.path).unwrap();
    let village: Village = store.all().unwrap().remove(0);
    let project = |name: &str, status: &str, sector: Option<&str>, central_wan: i64, social_wan: i64| Project {
        name: name.into(),
        village_id: Some(village.id.clone()),
        status: Some(status.into()),
        sector: sector.map(str::to_string),
        fund_central: central_wan * 1_000_000,
        fund_social: social_wan * 1_000_000,
        ..Project::default()
    };
    store
        .write(|w| {
            for mut p in [
                project("水库除险加固", "reserve", Some("water"), 100, 0),
                project("灌区续建", "in_library", Some("water"), 50, 0),
                project("未分类项目", "approved", None, 20, 0),
                project("已开工的渠道", "started", Some("water"), 70, 0),
                project("产业路", "reserve", Some("transport"), 30, 10),
            ] {
                w.insert(&mut p)?;
            }
            Ok(())
        })
        .unwrap();
    let path = fixture.dir.path().join("三本台账.xlsx");
    let labels = bangfu::ui::Labels::get(Lang::Zh);
    let counts = bangfu::report::ledgers_report(&store, labels, 2026, today(), &path).unwrap();
    assert_eq!(counts.reserve, 4);
    let cells = sheet_cells(&path, "项目储备库");
    assert_eq!(cells[1][..3], ["行业领域", "谋划储备 个数", "谋划储备 总投资（元）"]);
    assert_eq!(cells[2], ["水利", "1", "1000000", "1", "500000", "0", "0", "2", "1500000"]);
    assert_eq!(cells[3], ["交通", "1", "400000", "0", "0", "0", "0", "1", "400000"]);
    assert_eq!(cells[4], ["未填行业领域", "0", "0", "0", "0", "1", "200000", "1", "200000"]);
    assert_eq!(cells[5], ["合计", "2", "1400000", "1", "500000", "1", "200000", "4", "2100000"]);
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

/// Read twice, a county's sheet is found the second time as it came the first: a date
/// cell in a month column, a name with a space around it, a blank row between rows —
/// nothing doubled; a yes/no that is neither is refused, not taken as 否.
#[test]
fn a_countys_sheet_read_twice_is_not_doubled() {
    let (fixture, _) = ledger_with_a_side();
    let csv = fixture.dir.path().join("劳务协作.csv");
    std::fs::write(
        &csv,
        "姓名,帮扶方,村,就业时间,在岗\n\
          张秀英 ,浙江省金华市,金星村,2026-03-01,是\n\
         ,,,,\n\
         李春梅,浙江省金华市,金星村,2026-04,在岗\n\
         王五,浙江省金华市,金星村,2026-05,√\n",
    )
    .unwrap();
    let mut store = Store::open(&fixture.path).unwrap();
    let first = bangfu::import::lists::import_lists(&mut store, &csv, false).unwrap();
    assert_eq!((first.lists[1].new, first.rejected.len()), (2, 1), "{first:?}");
    assert!(matches!(first.rejected[0].problem, bangfu::import::lists::RowProblem::UnknownChoice { .. }));
    let again = bangfu::import::lists::import_lists(&mut store, &csv, false).unwrap();
    assert_eq!((again.lists[1].new, again.lists[1].changed, again.lists[1].unchanged), (0, 0, 2), "{again:?}");
    assert_eq!(store.all::<Placement>().unwrap().len(), 3 + 2, "the side's three and the sheet's two");
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

/// A need answered by a task: the need's details name the task, the task's details
/// the need; 协作台账 writes the task by its title and reads it back.
#[test]
fn a_need_is_answered_by_a_task() {
    use bangfu::domain::need::Need;
    use bangfu::domain::task::Task;
    let fixture = empty_ledger();
    let mut store = Store::open(&fixture.path).unwrap();
    let (need_id, task_id) = store
        .write(|w| {
            let mut v = Village { name: "金星村".into(), township: "青山镇".into(), ..Village::default() };
            w.insert(&mut v)?;
            let mut t = Task { title: "联系冷链物流企业".into(), owner: "袁维成".into(), ..Task::default() };
            w.insert(&mut t)?;
            let mut n = Need {
                title: "建设茶叶冷库".into(),
                class: "industry".into(),
                village_id: Some(v.id.clone()),
                owner: "王芳".into(),
                task_id: Some(t.id.clone()),
                ..Need::default()
            };
            w.insert(&mut n)?;
            Ok((n.id, t.id))
        })
        .unwrap();
    let book = fixture.dir.path().join("协作台账.xlsx");
    write_ledger(&mut store, &book);
    let needs = sheet_cells(&book, "需求清单");
    assert!(needs.iter().any(|row| row.contains(&"联系冷链物流企业".to_string())), "{needs:?}");
    // The answer taken away, then read back from the sheet.
    let mut need: Need = store.get(&need_id).unwrap().unwrap();
    need.task_id = None;
    store.write(|w| w.update(&need).map(drop)).unwrap();
    bangfu::import::lists::import_lists(&mut store, &book, false).unwrap();
    let need: Need = store.get(&need_id).unwrap().unwrap();
    assert_eq!(need.task_id.as_deref(), Some(task_id.as_str()));
    drop(store);
    let mut app = app_on(&fixture, Lang::Zh);
    app.handle_key(key(KeyCode::Char('6')));
    press(&mut app, &[KeyCode::Enter]);
    let task = render(&mut app, 100, 30);
    assert!(task.contains("回应需求 建设茶叶冷库"), "{task}");
    press(&mut app, &[KeyCode::Esc]);
    while app.view_of(Tab::Tasks).record != Some(RecordKind::Need) {
        app.handle_key(key(KeyCode::Char('f')));
    }
    press(&mut app, &[KeyCode::Enter]);
    let need = render(&mut app, 100, 30);
    assert!(need.contains("联系冷链物流企业"), "{need}");
}

/// Two villages of one name in two townships, two projects of one name: 协作台账 writes
/// each with what tells it apart (新村（青山镇）, 村道硬化（青山镇新村） …) and reads
/// every row back to its own record; a hand-typed plain name that is two records is
/// refused, naming how to write it.
#[test]
fn repeated_names_come_back_to_their_own_records() {
    use bangfu::domain::need::Need;
    let fixture = empty_ledger();
    let mut store = Store::open(&fixture.path).unwrap();
    let needs: Vec<(String, String, String)> = store
        .write(|w| {
            let mut out = Vec::new();
            for township in ["青山镇", "龙泉镇"] {
                let mut v = Village { name: "新村".into(), township: township.into(), ..Village::default() };
                w.insert(&mut v)?;
                let mut p =
                    Project { name: "村道硬化".into(), village_id: Some(v.id.clone()), ..Project::default() };
                w.insert(&mut p)?;
                let mut n = Need {
                    title: "修通组道".into(),
                    class: "infrastructure".into(),
                    village_id: Some(v.id.clone()),
                    owner: "王芳".into(),
                    status: "not_started".into(),
                    project_id: Some(p.id.clone()),
                    ..Need::default()
                };
                w.insert(&mut n)?;
                out.push((n.id, v.id, p.id));
            }
            Ok(out)
        })
        .unwrap();
    let book = fixture.dir.path().join("协作台账.xlsx");
    write_ledger(&mut store, &book);
    let rows = sheet_cells(&book, "需求清单");
    for name in ["新村（青山镇）", "村道硬化（龙泉镇新村）"] {
        assert!(rows.iter().any(|r| r.contains(&name.to_string())), "{rows:?}");
    }
    let same = bangfu::import::lists::import_lists(&mut store, &book, true).unwrap();
    assert!(same.rejected.is_empty(), "{:?}", same.rejected);
    assert!(counts(&same).iter().all(|(new, changed, _)| *new == 0 && *changed == 0), "{same:?} {rows:?}");
    // Both needs deleted: each comes back to its own village and project.
    store
        .write(|w| {
            for (need, _, _) in &needs {
                w.delete("needs", need)?;
            }
            Ok(())
        })
        .unwrap();
    let back = bangfu::import::lists::import_lists(&mut store, &book, false).unwrap();
    assert!(back.rejected.is_empty(), "{:?}", back.rejected);
    let mut found: Vec<(Option<String>, Option<String>)> =
        store.all::<Need>().unwrap().into_iter().map(|n| (n.village_id, n.project_id)).collect();
    let mut want: Vec<(Option<String>, Option<String>)> =
        needs.iter().map(|(_, v, p)| (Some(v.clone()), Some(p.clone()))).collect();
    found.sort();
    want.sort();
    assert_eq!(found, want);
    // A county's sheet typing the plain name is refused for that row, saying how.
    let csv = fixture.dir.path().join("需求.csv");
    std::fs::write(&csv, "需求事项,类别,村,责任人\n硬化入户路,基础设施,新村,王芳\n").unwrap();
    let typed = bangfu::import::lists::import_lists(&mut store, &csv, true).unwrap();
    let text = bangfu::import::text::lists_report_lines(bangfu::ui::Labels::get(Lang::Zh), &typed, true, 10).join("\n");
    assert!(typed.rejected.len() == 1 && text.contains("新村（城关镇）"), "{text}");
}

/// 季通报 scores a side on its agreement too (协议目标完成率): each indicator's done by
/// the quarter's end against 序时进度, at most 100 %, averaged — counted by hand from
/// `ledger_with_a_side` at the end of September (9 months of 12 gone).
#[test]
fn the_bulletin_scores_a_side_on_its_agreement() {
    let (fixture, _) = ledger_with_a_side();
    let mut store = Store::open(&fixture.path).unwrap();
    let path = fixture.dir.path().join("季通报.xlsx");
    let q3 = bangfu::domain::assessment::Period::Quarter { year: 2026, quarter: 3 };
    bangfu::report::period_report(&mut store, bangfu::ui::Labels::get(Lang::Zh), q3, today(), &path).unwrap();
    let sides = sheet_cells(&path, "帮扶方排名");
    assert_eq!(sides[1][8], "协议目标完成率（权重20）");
    let side = sides.iter().find(|r| r[1] == SIDE).unwrap();
    // Funds 30万 of 75万 (40.00), jobs 1 of 2.25 (44.44), purchases 4万 of 7.5万
    // (53.33), trained 33 of 37.5 (88.00): (4000 + 4444 + 5333 + 8800) ÷ 4 = 56.44.
    assert_eq!(side[8], "56.44");
    // Its village has no households or tasks, and its project was entered after the
    // quarter (projects count as they stood at its end): the agreement alone scores.
    assert_eq!(side[9], "56.44");
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

/// 概览's 需求统计 and 项目储备 views count as the workbooks do: every class with its
/// needs by status and those overdue, the reserve by sector with its planned
/// investment in 万元, each with a total row that is the ledger's own count; at 80×24
/// in both languages.
#[test]
fn the_overview_counts_needs_and_the_reserve() {
    use bangfu::domain::need::Need;
    use bangfu::domain::project::RESERVE_STAGES;
    let fixture = demo_ledger();
    let store = Store::open(&fixture.path).unwrap();
    let needs: Vec<Need> = store.all().unwrap();
    let overdue = needs.iter().filter(|n| n.is_open() && n.deadline.is_some_and(|d| d < today())).count();
    let projects: Vec<Project> = store.all().unwrap();
    let reserve: Vec<&Project> =
        projects.iter().filter(|p| p.status.as_deref().is_some_and(|s| RESERVE_STAGES.contains(&s))).collect();
    let planned: i64 = reserve.iter().map(|p| p.planned_total_fen()).sum();
    assert!(!needs.is_empty() && overdue > 0 && !reserve.is_empty());
    drop(store);
    for lang in [Lang::Zh, Lang::En] {
        let mut app = app_on(&fixture, lang);
        let views = |app: &mut bangfu::app::App, n: usize| {
            for _ in 0..n {
                app.handle_key(key(KeyCode::Char('f')));
            }
        };
        views(&mut app, bangfu::app::OVERVIEW_NEEDS);
        render(&mut app, 80, 24);
        app.handle_key(key(KeyCode::End));
        let screen = render(&mut app, 80, 24);
        let total = if lang == Lang::Zh { "合计" } else { "Total" };
        let last = screen.lines().rfind(|l| l.contains(total)).unwrap_or_default().to_string();
        let figures: Vec<&str> = last.split_whitespace().collect();
        assert_eq!(figures[figures.len() - 2..], [overdue.to_string(), needs.len().to_string()], "{screen}");
        assert!(screen.contains(if lang == Lang::Zh { "公共服务" } else { "Public services" }), "{screen}");
        views(&mut app, 1);
        render(&mut app, 80, 24);
        app.handle_key(key(KeyCode::End));
        let screen = render(&mut app, 80, 24);
        let last = screen.lines().rfind(|l| l.contains(total)).unwrap_or_default().to_string();
        let figures: Vec<&str> = last.split_whitespace().collect();
        let wan = bangfu::domain::money::format_wan(planned);
        assert_eq!(figures[figures.len() - 2..], [reserve.len().to_string(), wan], "{screen}");
    }
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
