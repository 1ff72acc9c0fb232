//! 季通报 and 年考评 (issue 22, items 4 and 5): a quarter counted by hand on a small
//! ledger — visits, tasks, projects, funds, the weighted score and the ranks — read
//! back from the written workbook; a quarter's visit figures equal the three months'
//! 月调度 figures on the demo; the weights are a setting that changes the score.

#![allow(clippy::indexing_slicing)] // tests index what they just built

mod common;

use bangfu::domain::assessment::{INDICATORS, Period, WEIGHT_PREFIX};
use bangfu::domain::cadre::Cadre;
use bangfu::domain::dates::YearMonth;
use bangfu::domain::household::Household;
use bangfu::domain::measure::Measure;
use bangfu::domain::project::Project;
use bangfu::domain::record::Subject;
use bangfu::domain::task::Task;
use bangfu::domain::village::Village;
use bangfu::domain::visit::Visit;
use bangfu::domain::vocab::Lang;
use bangfu::domain::{Draft, Record};
use bangfu::report::period_report;
use bangfu::store::{Store, TimeSource};
use bangfu::ui::Labels;
use calamine::{Data, DataType, Reader};
use chrono::NaiveDate;
use common::*;

const JAN_2026_MS: i64 = 1_767_225_600_000;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn today() -> NaiveDate {
    day(2026, 12, 4)
}

fn q3() -> Period {
    Period::Quarter { year: 2026, quarter: 3 }
}

fn village(store: &mut Store, name: &str, township: &str, party: &str) -> String {
    let draft = Draft::default().with("name", name).with("township", township).with("assisting_party", party);
    let mut v = Village::from_draft("", &draft).unwrap();
    store.insert(&mut v).unwrap()
}

fn monitored(store: &mut Store, village: &str, name: &str, helper: &str) -> String {
    let mut h = Household {
        village_id: village.into(),
        head_name: name.into(),
        household_type: Some("lifted".into()),
        monitor_category: Some("marginal".into()),
        identified_month: YearMonth::new(2026, 1),
        risks: vec!["illness".into()],
        helper: helper.into(),
        ..Household::default()
    };
    store.insert(&mut h).unwrap()
}

fn home_visit(store: &mut Store, village: &str, household: &str, date: NaiveDate) {
    let mut v = Visit {
        household_id: Some(household.into()),
        village_id: village.into(),
        date,
        visit_type: "home".into(),
        visitors: "王芳".into(),
        ..Visit::default()
    };
    store.insert(&mut v).unwrap();
}

fn task(store: &mut Store, village: &str, deadline: NaiveDate, closed: Option<NaiveDate>) {
    let mut t = Task {
        title: format!("事项 {deadline}"),
        subject: Some(Subject::new("village", village)),
        owner: "王芳".into(),
        deadline: Some(deadline),
        status: if closed.is_some() { "closed".into() } else { "in_progress".into() },
        evidence: if closed.is_some() { "照片".into() } else { String::new() },
        closed_on: closed,
        closed_by: if closed.is_some() { "王芳".into() } else { String::new() },
        ..Task::default()
    };
    store.insert(&mut t).unwrap();
}

fn project(store: &mut Store, village: &str, planned: (i32, u32), started: Option<(i32, u32)>, arrived_wan: i64) {
    let mut p = Project {
        name: format!("项目 {planned:?}"),
        village_id: Some(village.into()),
        status: Some(if started.is_some() { "started" } else { "approved" }.into()),
        planned_start_month: YearMonth::new(planned.0, planned.1),
        start_month: started.and_then(|(y, m)| YearMonth::new(y, m)),
        fund_assisting: 100 * 1_000_000,
        ..Project::default()
    };
    let id = store.insert(&mut p).unwrap();
    // Arrived in the month it was planned to start, on the 10th.
    if arrived_wan > 0 {
        let mut a = bangfu::domain::project::FundArrival {
            project_id: id,
            date: day(planned.0, planned.1, 10),
            amount: arrived_wan * 1_000_000,
            source: Some("assisting".into()),
            ..Default::default()
        };
        store.insert(&mut a).unwrap();
    }
}

/// 柳林镇柳林村: 甲 (王芳's) visited at home in July, August and September with a
/// measure since February; tasks due in the quarter, two closed by its end; two
/// projects planned for 2026 by September, one started, 50 of 200 万 arrived.
/// 白马镇青山村: 乙 (李强's) visited in July only, no measure, no tasks or projects.
fn small_ledger() -> Fixture {
    let fixture = empty_ledger();
    let mut store = Store::open(&fixture.path).unwrap();
    store.set_time_source(TimeSource::fixed(JAN_2026_MS, 1));
    let liulin = village(&mut store, "柳林村", "柳林镇", "宜宾市");
    let qingshan = village(&mut store, "青山村", "白马镇", "宜宾市");
    let a = monitored(&mut store, &liulin, "甲", "王芳");
    let b = monitored(&mut store, &qingshan, "乙", "李强");
    for m in [7, 8, 9] {
        home_visit(&mut store, &liulin, &a, day(2026, m, 5));
    }
    home_visit(&mut store, &qingshan, &b, day(2026, 7, 10));
    let mut measure =
        Measure { household_id: a.clone(), category: "industry".into(), start: day(2026, 2, 1), ..Measure::default() };
    store.insert(&mut measure).unwrap();
    // Due in the quarter and closed in time; due and open; closed before the quarter
    // (not counted); due before it, closed late in it; due after it (not counted);
    // due in it, closed after it.
    task(&mut store, &liulin, day(2026, 8, 15), Some(day(2026, 8, 10)));
    task(&mut store, &liulin, day(2026, 9, 30), None);
    task(&mut store, &liulin, day(2026, 6, 30), Some(day(2026, 6, 20)));
    task(&mut store, &liulin, day(2026, 6, 30), Some(day(2026, 7, 5)));
    task(&mut store, &liulin, day(2026, 10, 15), None);
    task(&mut store, &liulin, day(2026, 9, 1), Some(day(2026, 10, 2)));
    // Planned in March and started in April; planned in August, not started; planned
    // for November and for 2025: not in the quarter's 开工率.
    project(&mut store, &liulin, (2026, 3), Some((2026, 4)), 50);
    project(&mut store, &liulin, (2026, 8), None, 0);
    project(&mut store, &liulin, (2026, 11), None, 100);
    project(&mut store, &liulin, (2025, 5), Some((2025, 6)), 100);
    for name in ["王芳", "李强", "张三"] {
        let mut c = Cadre::from_draft("", &Draft::default().with("name", name)).unwrap();
        store.insert(&mut c).unwrap();
    }
    fixture
}

fn sheet(path: &std::path::Path, name: &str) -> Vec<Vec<Data>> {
    let mut book = calamine::open_workbook_auto(path).unwrap();
    let range = book.worksheet_range(name).unwrap();
    range.rows().map(|r| r.to_vec()).collect()
}

fn text(cell: &Data) -> String {
    match cell {
        Data::Empty => String::new(),
        Data::Float(f) => format!("{f}"),
        other => other.to_string(),
    }
}

/// The row whose cells after the rank begin with `names`.
fn row_of<'a>(rows: &'a [Vec<Data>], names: &[&str]) -> &'a [Data] {
    rows.iter().find(|r| names.iter().enumerate().all(|(i, n)| text(&r[i + 1]) == *n)).unwrap()
}

#[test]
fn a_quarter_matches_a_hand_count() {
    let fixture = small_ledger();
    let store = Store::open(&fixture.path).unwrap();
    let tallies = store.period_tallies(q3(), today()).unwrap();
    let liulin = tallies.villages.values().find(|t| t.projects_planned > 0).unwrap();
    // Visits: due and done in each of the three months; on time at the end.
    assert_eq!((liulin.visits_due, liulin.visits_done, liulin.due_end, liulin.overdue_end), (3, 3, 1, 0));
    assert_eq!((liulin.monitored_end, liulin.with_measure_end), (1, 1));
    assert_eq!((liulin.tasks_due, liulin.tasks_closed, liulin.tasks_overdue_end), (4, 2, 2));
    assert_eq!((liulin.projects_planned, liulin.projects_started), (2, 1));
    assert_eq!((liulin.planned_fen, liulin.arrived_fen), (200 * 1_000_000, 50 * 1_000_000));
    let qingshan = tallies.villages.values().find(|t| t.projects_planned == 0).unwrap();
    // Visited in July; due in August and September without one, owed at the end.
    assert_eq!((qingshan.visits_due, qingshan.visits_done, qingshan.due_end, qingshan.overdue_end), (3, 1, 1, 1));
    assert_eq!((qingshan.monitored_end, qingshan.with_measure_end, qingshan.tasks_due), (1, 0, 0));
    assert_eq!(tallies.cadres["王芳"].tasks_due, 4);
    assert_eq!(tallies.cadres["李强"].visits_done, 1);
}

#[test]
fn the_bulletin_scores_and_ranks_as_counted_by_hand() {
    let fixture = small_ledger();
    let path = fixture.dir.path().join("季通报.xlsx");
    let mut store = Store::open(&fixture.path).unwrap();
    let n = period_report(&mut store, Labels::get(Lang::Zh), q3(), today(), &path).unwrap();
    assert_eq!(n, 2);
    let villages = sheet(&path, "村排名");
    assert_eq!(text(&villages[0][0]), "2026年第三季度村排名");
    let header: Vec<String> = villages[1].iter().map(text).collect();
    assert_eq!(header[3], "走访完成率（权重25）");
    assert_eq!(header[9], "综合得分");
    // 柳林村: visits 100, on time 100, measures 100, tasks 50, started 50, funds 25:
    // (25×100 + 15×100 + 20×100 + 15×50 + 15×50 + 10×25) ÷ 100 = 77.50.
    let liulin = row_of(&villages, &["柳林镇", "柳林村"]);
    let figures: Vec<String> = liulin[3..10].iter().map(text).collect();
    assert_eq!(figures, ["100", "100", "100", "50", "50", "25", "77.5"]);
    assert_eq!(text(&liulin[0]), "1");
    // 青山村: visits 1 of 3 (33.33), on time 0, measures 0, no tasks or projects:
    // their weights go to the rest: 25×33.33 ÷ 60 = 13.89.
    let qingshan = row_of(&villages, &["白马镇", "青山村"]);
    let figures: Vec<String> = qingshan[3..10].iter().map(text).collect();
    assert_eq!(figures, ["33.33", "0", "0", "", "", "", "13.89"]);
    assert_eq!(text(&qingshan[0]), "2");
    // The quarter before: no visits in it (both 0), 柳林村's measure, a task of two
    // closed, March's project started with half its money: first then too.
    assert_eq!((text(&liulin[10]), text(&liulin[11])), ("1".to_string(), "—".to_string()));
    let towns = sheet(&path, "乡镇排名");
    assert_eq!(text(&row_of(&towns, &["柳林镇"])[0]), "1");
    // The assisting side is scored on its two villages' sums, not their average.
    let parties = sheet(&path, "帮扶方排名");
    let party = row_of(&parties, &["宜宾市"]);
    assert_eq!(text(&party[2]), "66.67", "4 of 6 visits done: {party:?}");
    // (25×66.67 + 15×50 + 20×50 + 15×50 + 15×50 + 10×25) ÷ 100, not (77.50 + 13.89) ÷ 2;
    // no agreement recorded, so its weight goes to the rest.
    assert_eq!(text(&parties[1][8]), "协议目标完成率（权重20）");
    assert_eq!((text(&party[8]), text(&party[9])), (String::new(), "51.67".to_string()));
    // The villages are not judged on an agreement: their sheet has no such column.
    assert!(!header.iter().any(|h| h.starts_with("协议目标完成率")), "{header:?}");
    let words: Vec<String> = sheet(&path, "通报").iter().map(|r| text(&r[0])).collect();
    let words = words.join("\n");
    assert!(words.contains("综合得分居前的村：柳林镇柳林村；居后的村：白马镇青山村。"), "{words}");
    assert!(words.contains("期末走访逾期 1 户，较多的是白马镇青山村 1 户；期末逾期未销号事项 2 项。"), "{words}");
    assert!(words.contains("走访完成率（权重 25）：本期各月已走访户次"), "{words}");
}

#[test]
fn the_year_scores_cadres_on_their_households_and_tasks() {
    let fixture = small_ledger();
    let path = fixture.dir.path().join("年考评.xlsx");
    let mut store = Store::open(&fixture.path).unwrap();
    period_report(&mut store, Labels::get(Lang::Zh), Period::Year(2026), today(), &path).unwrap();
    let cadres = sheet(&path, "干部得分");
    let header: Vec<String> = cadres[1].iter().map(text).collect();
    // A cadre has no projects or funds: four indicators.
    assert_eq!(
        header[3..8],
        ["走访完成率（权重25）", "按时走访率（权重15）", "措施覆盖率（权重20）", "事项销号率（权重15）", "综合得分"]
    );
    let wang = row_of(&cadres, &["王芳"]);
    assert_eq!(text(&wang[0]), "1");
    // Nobody's work: listed, not ranked.
    let zhang = row_of(&cadres, &["张三"]);
    assert_eq!((text(&zhang[0]), text(&zhang[7])), (String::new(), String::new()));
    assert_eq!(cadres.iter().filter(|r| text(&r[1]) == "张三").count(), 1);
    assert!(sheet(&path, "说明").iter().any(|r| text(&r[0]).starts_with("综合得分 = Σ")));
}

#[test]
fn a_weight_written_in_the_ledger_changes_the_score() {
    let fixture = small_ledger();
    let path = fixture.dir.path().join("季通报.xlsx");
    let mut store = Store::open(&fixture.path).unwrap();
    // Only visits count: 柳林村 100, 青山村 33.33.
    for i in INDICATORS {
        let weight = if i.code == "visits" { "1" } else { "0" };
        store.set_setting(&format!("{WEIGHT_PREFIX}{}", i.code), weight).unwrap();
    }
    period_report(&mut store, Labels::get(Lang::Zh), q3(), today(), &path).unwrap();
    let villages = sheet(&path, "村排名");
    assert_eq!(text(&villages[1][3]), "走访完成率（权重1）");
    assert_eq!(text(&row_of(&villages, &["白马镇", "青山村"])[9]), "33.33");
    assert_eq!(text(&row_of(&villages, &["柳林镇", "柳林村"])[9]), "100");
}

/// On the demo, a past quarter's visit figures per village are its three months'
/// 月调度 figures: visits due and done summed, on time, monitored and measures at
/// the last month's end, identifications and eliminations summed.
#[test]
fn a_quarter_is_its_three_months() {
    let fixture = demo_ledger();
    let store = Store::open(&fixture.path).unwrap();
    let tallies = store.period_tallies(q3(), today()).unwrap();
    let months: Vec<_> = q3().months().into_iter().map(|m| store.month_figures(m, today()).unwrap()).collect();
    let mut checked = 0;
    for (i, village) in months[0].villages.iter().enumerate() {
        let t = tallies.villages.get(&village.village_id).cloned().unwrap_or_default();
        let sum = |read: fn(&bangfu::store::Figures) -> i64| months.iter().map(|m| read(&m.villages[i])).sum::<i64>();
        let last = &months[2].villages[i];
        assert_eq!(
            (t.visits_due, t.visits_done, t.identified, t.eliminated),
            (
                sum(|f| f.visits_required),
                sum(|f| f.visited),
                sum(|f| f.identified_this_month),
                sum(|f| f.eliminated_this_month)
            ),
            "{}",
            village.village_name
        );
        assert_eq!(
            (t.due_end, t.overdue_end, t.monitored_end, t.with_measure_end),
            (last.visits_required, last.visits_overdue, last.monitored, last.with_measure),
            "{}",
            village.village_name
        );
        checked += usize::from(t.visits_due > 0);
    }
    assert!(checked > 5, "only {checked} villages had visits due");
}

#[test]
fn the_command_line_writes_both_and_refuses_a_bad_quarter() {
    let fixture = small_ledger();
    let out = fixture.dir.path().join("q.xlsx");
    let run = |args: &[&str]| run_bangfu(&fixture.path, args);
    let written = run(&["report", "quarter", "2026-Q3", out.to_str().unwrap()]);
    assert!(written.status.success(), "{written:?}");
    assert!(String::from_utf8_lossy(&written.stdout).contains("2 个村参加排名"), "{written:?}");
    let year = fixture.dir.path().join("y.xlsx");
    assert!(run(&["report", "year", "2026", year.to_str().unwrap()]).status.success());
    // A quarter not yet begun has nothing to count: refused, not an empty sheet.
    let early = run(&["report", "quarter", "2099-Q2", out.to_str().unwrap()]);
    let said = String::from_utf8_lossy(&early.stderr);
    assert!(!early.status.success() && said.contains("还没有开始"), "{said}");
    let bad = run(&["report", "quarter", "2026-13", out.to_str().unwrap()]);
    assert!(!bad.status.success());
    let said = String::from_utf8_lossy(&bad.stderr);
    assert!(said.contains("2026-Q3") && !said.contains("panicked"), "{said}");
}

#[test]
fn every_indicator_is_named_and_defined_in_both_languages() {
    for lang in [Lang::Zh, Lang::En] {
        let labels = Labels::get(lang);
        for i in INDICATORS {
            for key in [format!("ind.{}", i.code), format!("ind.def.{}", i.code)] {
                assert_ne!(labels.t(&key), key, "{lang:?} lacks {key}");
            }
        }
        for q in 1..=4 {
            assert_ne!(labels.t(&format!("period.q{q}")), format!("period.q{q}"));
        }
    }
}

/// 设置 lists the weights; `e` on one changes it (a whole number 0–100, refused
/// otherwise, with the form kept), the assessment uses it, and `u` names it.
#[test]
fn a_weight_is_changed_on_the_settings_tab() {
    use crossterm::event::KeyCode;
    let fixture = demo_ledger();
    let mut app = app_on(&fixture, Lang::Zh);
    app.handle_key(key(KeyCode::Char('9')));
    app.handle_key(key(KeyCode::End));
    app.handle_key(key(KeyCode::Up));
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("考评权重") && screen.contains("资金到位率") && screen.contains("10（默认）"), "{screen}");
    assert!(screen.contains("协议目标完成率") && screen.contains("20（默认）"), "{screen}");
    app.handle_key(key(KeyCode::Char('e')));
    app.handle_key(ctrl('u'));
    type_text(&mut app, "120");
    app.handle_key(key(KeyCode::Enter));
    assert!(app.status.as_deref().unwrap_or_default().contains("0 到 100 的整数"), "{:?}", app.status);
    assert!(matches!(app.popups.last(), Some(bangfu::app::Popup::MonthNote(_))), "the prompt stays to correct");
    app.handle_key(ctrl('u'));
    type_text(&mut app, "３０");
    app.handle_key(key(KeyCode::Enter));
    assert!(app.popups.is_empty());
    let funds = app.store.assessment_weights().unwrap().into_iter().find(|(i, _)| i.code == "funds").unwrap();
    assert_eq!(funds.1, 30);
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("资金到位率") && !screen.contains("10（默认）"), "{screen}");
    app.handle_key(key(KeyCode::Char('u')));
    assert!(app.status.as_deref().unwrap_or_default().contains("考评权重：资金到位率"), "{:?}", app.status);
    let funds = app.store.assessment_weights().unwrap().into_iter().find(|(i, _)| i.code == "funds").unwrap();
    assert_eq!(funds.1, 10);
}

/// 月调度 of one assisting side (issue 22, item 3): from the command line its villages
/// only, their sum as the total, its projects; on 概览 `B` shows the same figures and
/// `p` offers the report under the side's name.
#[test]
fn a_month_report_of_one_assisting_side() {
    use bangfu::domain::side::Side;
    use crossterm::event::KeyCode;
    let fixture = demo_ledger();
    let store = Store::open(&fixture.path).unwrap();
    let sides = store.assisting_sides().unwrap();
    let Some(Side::Party(party)) = sides.first().cloned() else { panic!("no 帮扶方 in the demo: {sides:?}") };
    let villages: Vec<Village> = store.all().unwrap();
    let ours: Vec<&Village> = villages.iter().filter(|v| v.assisting_party == party).collect();
    let projects: Vec<Project> = store.all().unwrap();
    let side_of = |p: &Project| match p.assisting_party.is_empty() {
        false => p.assisting_party.clone(),
        true => villages
            .iter()
            .find(|v| Some(&v.id) == p.village_id.as_ref())
            .map(|v| v.assisting_party.clone())
            .unwrap_or_default(),
    };
    let month = YearMonth::new(2026, 11).unwrap();
    let side = Side::Party(party.clone());
    let figures = store.month_figures_of(month, today(), Some(&side)).unwrap();
    assert_eq!(figures.villages.len(), ours.len());
    assert_eq!(figures.work.projects, projects.iter().filter(|p| side_of(p) == party).count() as i64);
    let all = store.month_figures(month, today()).unwrap();
    let households: i64 =
        all.villages.iter().filter(|f| ours.iter().any(|v| v.id == f.village_id)).map(|f| f.households).sum();
    assert_eq!(figures.whole.households, households);
    // Its money: the arrivals of its projects by the month's end; its tasks: those of
    // its villages (named, or through their household or project).
    let arrivals: Vec<bangfu::domain::project::FundArrival> = store.all().unwrap();
    let month_end = month.last_day();
    let arrived: i64 = arrivals
        .iter()
        .filter(|a| a.date <= month_end && projects.iter().any(|p| p.id == a.project_id && side_of(p) == party))
        .map(|a| a.amount)
        .sum();
    assert_eq!(figures.work.arrived_fen, arrived);
    let households_all: Vec<bangfu::domain::household::Household> = store.all().unwrap();
    let village_of_task = |t: &Task| {
        let subject = t.subject.as_ref()?;
        match subject.kind.as_str() {
            "village" => Some(subject.id.clone()),
            "household" => households_all.iter().find(|h| h.id == subject.id).map(|h| h.village_id.clone()),
            _ => projects.iter().find(|p| p.id == subject.id).and_then(|p| p.village_id.clone()),
        }
    };
    let tasks: Vec<Task> = store.all().unwrap();
    let open = tasks
        .iter()
        .filter(|t| t.is_open() && village_of_task(t).is_some_and(|v| ours.iter().any(|o| o.id == v)))
        .count() as i64;
    assert_eq!(figures.work.tasks_open, open);
    assert!(figures.work.tasks_open < all.work.tasks_open);
    drop(store);

    let out = fixture.dir.path().join("side.xlsx");
    let run = |args: &[&str]| run_bangfu(&fixture.path, args);
    let written = run(&["report", "month", "2026-11", out.to_str().unwrap(), "--party", &party]);
    assert!(written.status.success(), "{written:?}");
    let rows = sheet(&out, "月调度");
    assert!(text(&rows[0][0]).ends_with(&format!("（帮扶方：{party}）")), "{:?}", rows[0]);
    let listed: Vec<String> =
        rows.iter().skip(2).map(|r| text(&r[1])).filter(|n| ours.iter().any(|v| &v.name == n)).collect();
    assert_eq!(listed.len(), ours.len());
    let unknown = run(&["report", "month", "2026-11", out.to_str().unwrap(), "--party", "没有这家"]);
    let said = String::from_utf8_lossy(&unknown.stderr);
    assert!(!unknown.status.success() && said.contains("没有这家") && said.contains(&party), "{said}");

    let mut app = app_on(&fixture, Lang::Zh);
    app.handle_key(key(KeyCode::Char('1')));
    app.handle_key(key(KeyCode::Char('B')));
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains(&format!("帮扶方：{party}")), "{screen}");
    assert_eq!(app.overview.figures.whole.households, households);
    app.handle_key(key(KeyCode::Char('p')));
    let Some(bangfu::app::Popup::Files(view)) = app.popups.last() else { panic!("no files popup") };
    assert!(view.path.value().ends_with(&format!("月调度-2026-11-{party}.xlsx")), "{}", view.path.value());
    app.handle_key(key(KeyCode::Esc));
    for _ in 0..sides.len() {
        app.handle_key(key(KeyCode::Char('B')));
    }
    render(&mut app, 80, 24);
    assert_eq!(app.overview.side, None, "after the last side, the whole ledger again");
    assert_eq!(app.overview.figures.whole.households, all.whole.households);
}

/// 概览's third view (`f` twice): the last quarter ended, its villages ranked as the
/// bulletin ranks them; counted after the screen says so; Enter opens the village.
#[test]
fn the_overview_ranks_the_last_quarters_villages_as_the_bulletin_does() {
    use crossterm::event::KeyCode;
    let fixture = demo_ledger();
    let mut app = app_on(&fixture, Lang::Zh);
    for k in ['1', 'f', 'f'] {
        app.handle_key(key(KeyCode::Char(k)));
    }
    assert!(render(&mut app, 80, 24).contains("正在计算 2026年第三季度 的排名"));
    assert!(app.run_pending());
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("2026年第三季度 村排名"), "{screen}");
    let shown = app.overview.ranking.clone().unwrap().villages;
    let path = fixture.dir.path().join("季通报.xlsx");
    period_report(&mut app.store, Labels::get(Lang::Zh), q3(), app.today, &path).unwrap();
    let written = sheet(&path, "村排名");
    for (v, row) in shown.iter().zip(written.iter().skip(2)) {
        assert_eq!((v.township.clone(), v.name.clone()), (text(&row[1]), text(&row[2])));
        assert_eq!(v.score.map(|s| s as f64 / 100.0), Some(row[9].as_f64().unwrap()), "{}", v.name);
    }
    assert!(screen.contains(&shown[0].name), "{screen}");
    // One side's villages (B): their ranks in the county kept.
    app.handle_key(key(KeyCode::Char('B')));
    render(&mut app, 80, 24);
    let ours: Vec<String> = app.overview.figures.villages.iter().map(|f| f.village_id.clone()).collect();
    let rows: Vec<(String, Option<usize>)> =
        app.ranking_rows().iter().map(|v| (v.village_id.clone(), v.rank)).collect();
    let want: Vec<(String, Option<usize>)> =
        shown.iter().filter(|v| ours.contains(&v.village_id)).map(|v| (v.village_id.clone(), v.rank)).collect();
    assert!(!rows.is_empty() && rows.len() < shown.len());
    assert_eq!(rows, want);
    app.handle_key(key(KeyCode::Down));
    app.handle_key(key(KeyCode::Enter));
    assert_eq!(app.tab, bangfu::app::Tab::Villages);
    assert_eq!(app.tab_state().list.selected_row().unwrap().id, want[1.min(want.len() - 1)].0);
}

/// A quarter gone by is as it stood (issue 22, item 1): in November a project planned
/// for August starts and more money arrives, a task of the quarter is deleted, another
/// closed — the third quarter's tallies and its bulletin do not move.
#[test]
fn later_work_leaves_a_past_quarter_as_it_was() {
    const NOV_20_MS: i64 = 1_795_132_800_000;
    let fixture = small_ledger();
    let mut store = Store::open(&fixture.path).unwrap();
    let before = store.period_tallies(q3(), today()).unwrap();
    store.set_time_source(TimeSource::fixed(NOV_20_MS, 9));
    let projects: Vec<Project> = store.all().unwrap();
    let mut august = projects.iter().find(|p| p.planned_start_month == YearMonth::new(2026, 8)).unwrap().clone();
    august.status = Some("started".into());
    august.start_month = YearMonth::new(2026, 11);
    store.update(&august).unwrap();
    let march = projects.iter().find(|p| p.planned_start_month == YearMonth::new(2026, 3)).unwrap();
    let mut more = bangfu::domain::project::FundArrival {
        project_id: march.id.clone(),
        date: day(2026, 11, 5),
        amount: 30 * 1_000_000,
        ..Default::default()
    };
    store.insert(&mut more).unwrap();
    let tasks: Vec<Task> = store.all().unwrap();
    let open = tasks.iter().find(|t| t.deadline == Some(day(2026, 9, 30))).unwrap();
    store.delete::<Task>(&open.id).unwrap();
    let mut late = tasks.iter().find(|t| t.deadline == Some(day(2026, 10, 15))).unwrap().clone();
    late.status = "closed".into();
    late.closed_on = Some(day(2026, 11, 19));
    late.evidence = "照片".into();
    store.update(&late).unwrap();
    let after = store.period_tallies(q3(), today()).unwrap();
    assert_eq!(before.villages, after.villages);
    assert_eq!(before.cadres, after.cadres);
    // The year to date sees November's work.
    let year = store.period_tallies(Period::Year(2026), today()).unwrap();
    let liulin = year.villages.values().find(|t| t.projects_planned > 0).unwrap();
    assert_eq!(liulin.projects_started, 2, "March's and August's (November's project counts in the year too)");
}
