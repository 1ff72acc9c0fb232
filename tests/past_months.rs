//! A month gone by, as the ledger held it at its end (issue 22, item 1): the visits
//! due, done and still owed, counted by hand on a small ledger; and a report of a
//! past month that later work does not change.

#![allow(clippy::indexing_slicing)] // tests index what they just built

mod common;

use bangfu::domain::dates::YearMonth;
use bangfu::domain::household::Household;
use bangfu::domain::task::Task;
use bangfu::domain::village::Village;
use bangfu::domain::visit::Visit;
use bangfu::domain::{Draft, Record};
use bangfu::report::month_report;
use bangfu::store::{Store, TimeSource};
use chrono::NaiveDate;
use common::*;

const JAN_2026_MS: i64 = 1_767_225_600_000;
const NOV_20_2026_MS: i64 = 1_795_132_800_000;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn october() -> YearMonth {
    YearMonth::new(2026, 10).unwrap()
}

fn household(store: &mut Store, village: &str, name: &str, category: Option<&str>) -> String {
    let mut h = Household {
        village_id: village.into(),
        head_name: name.into(),
        household_type: Some("lifted".into()),
        monitor_category: category.map(str::to_string),
        identified_month: category.and(YearMonth::new(2026, 1)),
        risks: if category.is_some() { vec!["illness".into()] } else { Vec::new() },
        ..Household::default()
    };
    store.insert(&mut h).unwrap()
}

fn visit(store: &mut Store, village: &str, household: &str, date: NaiveDate, kind: &str) {
    let mut v = Visit {
        household_id: Some(household.into()),
        village_id: village.into(),
        date,
        visit_type: kind.into(),
        visitors: "王芳".into(),
        ..Visit::default()
    };
    store.insert(&mut v).unwrap();
}

/// Monitored households under the monthly rule at the home, one 脱贫户 under the
/// quarterly one, and one entered in November:
/// - 甲 visited at home in September and October: due, visited, not owed;
/// - 乙 visited in September only: due, not visited, owed;
/// - 丙 at home in September, by phone in October: due, visited (a visit), and owed
///   (the rule asks for one at the home);
/// - 丁 (脱贫户) visited in August: its quarter's visit is done, not due in October;
/// - 戊 entered on 20 November: not in October's figures.
fn small_ledger() -> (Fixture, String) {
    let fixture = empty_ledger();
    let mut store = Store::open(&fixture.path).unwrap();
    store.set_time_source(TimeSource::fixed(JAN_2026_MS, 1));
    let mut v = Village::from_draft("", &Draft::default().with("name", "柳林村").with("code", "511903100204")).unwrap();
    let village = store.insert(&mut v).unwrap();
    let a = household(&mut store, &village, "甲", Some("marginal"));
    let b = household(&mut store, &village, "乙", Some("marginal"));
    let c = household(&mut store, &village, "丙", Some("unstable"));
    let d = household(&mut store, &village, "丁", None);
    visit(&mut store, &village, &a, day(2026, 9, 5), "home");
    visit(&mut store, &village, &a, day(2026, 10, 8), "home");
    visit(&mut store, &village, &b, day(2026, 9, 10), "home");
    visit(&mut store, &village, &c, day(2026, 9, 2), "home");
    visit(&mut store, &village, &c, day(2026, 10, 3), "phone");
    visit(&mut store, &village, &d, day(2026, 8, 1), "home");
    store.set_time_source(TimeSource::fixed(NOV_20_2026_MS, 2));
    household(&mut store, &village, "戊", Some("sudden"));
    (fixture, village)
}

#[test]
fn a_past_months_visits_match_a_hand_count() {
    let (fixture, _) = small_ledger();
    let store = Store::open(&fixture.path).unwrap();
    let f = store.month_figures(october(), day(2026, 12, 4)).unwrap().whole;
    assert_eq!(
        (f.households, f.monitored, f.visits_required, f.visited, f.visits_overdue, f.visits_this_month),
        (4, 3, 3, 2, 2, 2),
        "{f:#?}"
    );
}

/// The October report, written in December, then again after November's and
/// December's work: a visit to every household, a new identification, a task
/// closed — the same figures, cell for cell.
#[test]
fn later_work_leaves_a_past_months_report_as_it_was() {
    let fixture = demo_ledger();
    let today = day(2026, 11, 15);
    let first = fixture.dir.path().join("first.xlsx");
    let again = fixture.dir.path().join("again.xlsx");
    {
        let mut store = Store::open(&fixture.path).unwrap();
        month_report(&mut store, bangfu::ui::Labels::get(bangfu::domain::vocab::Lang::Zh), october(), today, &first)
            .unwrap();
    }
    {
        let mut store = Store::open(&fixture.path).unwrap();
        store.set_time_source(TimeSource::fixed(NOV_20_2026_MS, 3));
        let households: Vec<Household> = store.all().unwrap();
        for h in &households {
            visit(&mut store, &h.village_id, &h.id, day(2026, 11, 12), "home");
        }
        let mut newly = households.iter().find(|h| h.monitor_category.is_none()).unwrap().clone();
        newly.monitor_category = Some("sudden".into());
        newly.identified_month = YearMonth::new(2026, 11);
        newly.risks = vec!["accident".into()];
        store.update(&newly).unwrap();
        let mut task = store.all::<Task>().unwrap().into_iter().find(|t| t.closed_on.is_none()).unwrap();
        task.status = "done".into();
        task.closed_on = Some(day(2026, 11, 14));
        store.update(&task).unwrap();
        month_report(&mut store, bangfu::ui::Labels::get(bangfu::domain::vocab::Lang::Zh), october(), today, &again)
            .unwrap();
    }
    let read = |p: &std::path::Path| {
        let mut book: calamine::Xlsx<_> = calamine::open_workbook(p).unwrap();
        let range = calamine::Reader::worksheet_range_at(&mut book, 0).unwrap().unwrap();
        range.rows().map(|r| r.iter().map(ToString::to_string).collect::<Vec<_>>()).collect::<Vec<_>>()
    };
    let (before, after) = (read(&first), read(&again));
    assert_eq!(before, after);
    // And the figures are there, not zeros for what was not kept.
    let store = Store::open(&fixture.path).unwrap();
    let f = store.month_figures(october(), today).unwrap().whole;
    assert!(f.visits_required > 0 && f.visited > 0, "{f:#?}");
}

/// The reports print (issue 22, item 6): A4 across for 月调度, A3 across for the wide
/// project ledger with its first columns repeated, the title and header rows on every
/// page, page numbers, and the 填报单位 / 填报人 / 填报日期 line under each table.
#[test]
fn reports_are_set_up_to_print() {
    use std::io::Read;
    let fixture = demo_ledger();
    let mut store = Store::open(&fixture.path).unwrap();
    let labels = bangfu::ui::Labels::get(bangfu::domain::vocab::Lang::Zh);
    let month = fixture.dir.path().join("month.xlsx");
    let ledgers = fixture.dir.path().join("ledgers.xlsx");
    month_report(&mut store, labels, october(), day(2026, 11, 15), &month).unwrap();
    bangfu::report::ledgers_report(&store, labels, 2026, day(2026, 11, 15), &ledgers).unwrap();
    let part = |path: &std::path::Path, name: &str| {
        let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
        let mut text = String::new();
        zip.by_name(name).unwrap().read_to_string(&mut text).unwrap();
        text
    };
    let sheet = part(&month, "xl/worksheets/sheet1.xml");
    assert!(sheet.contains(r#"paperSize="9""#) && sheet.contains(r#"orientation="landscape""#), "{sheet}");
    assert!(sheet.contains(r#"fitToHeight="0""#) && sheet.contains("第 &amp;P 页"), "fit to width, numbered");
    assert!(part(&month, "xl/workbook.xml").contains("_xlnm.Print_Titles"), "title and header on every page");
    let projects = part(&ledgers, "xl/worksheets/sheet1.xml");
    assert!(projects.contains(r#"paperSize="8""#), "the project ledger on A3");
    let workbook = part(&ledgers, "xl/workbook.xml");
    assert!(workbook.contains("$A:$D"), "its first four columns on every page: {workbook}");
    let strings = part(&month, "xl/sharedStrings.xml");
    assert!(strings.contains("填报单位：恩阳区") && strings.contains("填报日期：2026-11-15"), "{strings}");
}

/// 开工率 (issue 22, item 2) = projects started ÷ projects planned to start in the
/// year, by hand: three planned for 2026, one of them started → 33 %, not 100 %; one
/// planned for 2025 that started in 2026 counts for 2025; one with no month at all is
/// said apart, never silently dropped.
#[test]
fn the_start_rate_counts_against_the_plan() {
    use bangfu::domain::project::Project;
    let fixture = empty_ledger();
    let mut store = Store::open(&fixture.path).unwrap();
    // Entered in June 2025: a past month counts the projects the ledger held then.
    store.set_time_source(TimeSource::fixed(1_748_736_000_000, 4));
    let mut v = Village::from_draft("", &Draft::default().with("name", "柳林村")).unwrap();
    let village = store.insert(&mut v).unwrap();
    let project = |name: &str, planned: Option<(i32, u32)>, started: Option<(i32, u32)>, status: &str| Project {
        name: name.into(),
        village_id: Some(village.clone()),
        planned_start_month: planned.and_then(|(y, m)| YearMonth::new(y, m)),
        start_month: started.and_then(|(y, m)| YearMonth::new(y, m)),
        status: Some(status.into()),
        ..Project::default()
    };
    for mut p in [
        project("甲", Some((2026, 3)), None, "approved"),
        project("乙", Some((2026, 5)), Some((2026, 5)), "started"),
        project("丙", Some((2026, 9)), None, "in_library"),
        project("丁", Some((2025, 11)), Some((2026, 2)), "started"),
        project("戊", None, None, "reserve"),
    ] {
        store.insert(&mut p).unwrap();
    }
    let work = store.month_figures(october(), day(2026, 12, 4)).unwrap().work;
    assert_eq!((work.started_this_year, work.planned_this_year, work.without_start_month), (1, 3, 1));
    let last_year = store.month_figures(YearMonth::new(2025, 12).unwrap(), day(2026, 12, 4)).unwrap().work;
    assert_eq!((last_year.started_this_year, last_year.planned_this_year), (1, 1));
    // The report names the project no year counts, for its months to be written in.
    let out = fixture.dir.path().join("月调度.xlsx");
    let labels = bangfu::ui::Labels::get(bangfu::domain::vocab::Lang::Zh);
    month_report(&mut store, labels, october(), day(2026, 12, 4), &out).unwrap();
    let mut book = calamine::open_workbook_auto(&out).unwrap();
    let rows: Vec<Vec<calamine::Data>> =
        calamine::Reader::worksheet_range_at(&mut book, 0).unwrap().unwrap().rows().map(|r| r.to_vec()).collect();
    let row = rows.iter().find(|r| r[0] == labels.t("ov.without_start")).unwrap();
    assert_eq!((row[1].to_string(), row[2].to_string()), ("1".to_string(), "戊".to_string()));
}

/// A correction to a closed month's records shows in its figures, and the report
/// says it differs from what was first written (issue 22, item 1).
#[test]
fn a_corrected_past_month_says_it_changed_since_first_written() {
    let fixture = demo_ledger();
    let today = day(2026, 11, 15);
    let labels = bangfu::ui::Labels::get(bangfu::domain::vocab::Lang::Zh);
    let out = fixture.dir.path().join("report.xlsx");
    let mut store = Store::open(&fixture.path).unwrap();
    month_report(&mut store, labels, october(), today, &out).unwrap();
    let said = |path: &std::path::Path| {
        let mut book: calamine::Xlsx<_> = calamine::open_workbook(path).unwrap();
        let range = calamine::Reader::worksheet_range_at(&mut book, 0).unwrap().unwrap();
        range.rows().flat_map(|r| r.iter().map(ToString::to_string).collect::<Vec<_>>()).find(|t| t.starts_with("注："))
    };
    assert_eq!(said(&out), None, "first written: nothing to say");
    // A visit of October entered late, to a household that was owed one.
    let households: Vec<Household> = store.all().unwrap();
    let owed = households.iter().find(|h| h.monitor_category.is_some() && !h.risk_eliminated).unwrap();
    visit(&mut store, &owed.village_id.clone(), &owed.id.clone(), day(2026, 10, 20), "home");
    month_report(&mut store, labels, october(), today, &out).unwrap();
    let note = said(&out).expect("the report says it changed");
    assert!(note.contains("2026-11-15") && note.contains("1 个村"), "{note}");
}

/// A past month's projects as they were when it ended (issue 22, item 1): a project
/// started in November counts as not started in October's report written in December;
/// one deleted in November still counts in October; one entered in November does not;
/// its money as it was then.
#[test]
fn a_past_months_projects_are_as_they_were() {
    use bangfu::domain::project::Project;
    let fixture = empty_ledger();
    let mut store = Store::open(&fixture.path).unwrap();
    store.set_time_source(TimeSource::fixed(JAN_2026_MS, 1));
    let mut v = Village::from_draft("", &Draft::default().with("name", "柳林村")).unwrap();
    let village = store.insert(&mut v).unwrap();
    let project = |name: &str| Project {
        name: name.into(),
        village_id: Some(village.clone()),
        status: Some("approved".into()),
        planned_start_month: YearMonth::new(2026, 10),
        fund_central: 100_000_000,
        ..Project::default()
    };
    let mut road = project("产业路");
    store.insert(&mut road).unwrap();
    let mut water = project("饮水工程");
    store.insert(&mut water).unwrap();
    store.set_time_source(TimeSource::fixed(NOV_20_2026_MS, 3));
    road.status = Some("started".into());
    road.start_month = YearMonth::new(2026, 11);
    road.fund_central = 150_000_000;
    store.update(&road).unwrap();
    store.delete::<Project>(&water.id).unwrap();
    let mut late = project("新项目");
    store.insert(&mut late).unwrap();
    let today = day(2026, 12, 4);
    let oct = store.month_figures(october(), today).unwrap().work;
    assert_eq!((oct.projects, oct.by_status.clone()), (2, vec![("approved".to_string(), 2)]), "{oct:#?}");
    assert_eq!((oct.planned_this_year, oct.started_this_year, oct.planned_fen), (2, 0, 200_000_000));
    let nov = store.month_figures(YearMonth::new(2026, 11).unwrap(), today).unwrap().work;
    assert_eq!((nov.projects, nov.started_this_year, nov.planned_fen), (2, 1, 250_000_000), "{nov:#?}");
}

/// The whole ledger's visits read once, to today, give every earlier period and month
/// the figures each gets from its own reading (a publish counts five from one): a
/// household entered after the third quarter is in the fourth and the year, not in
/// the third, either way.
#[test]
fn one_reading_of_the_visits_counts_every_period_as_its_own_does() {
    use bangfu::domain::assessment::Period;
    let fixture = demo_ledger();
    let mut store = Store::open(&fixture.path).unwrap();
    let village: Village = store.all().unwrap().remove(0);
    let id = store
        .write(|w| {
            let mut h = Household {
                village_id: village.id.clone(),
                head_name: "晚录户".into(),
                monitor_category: Some("marginal".into()),
                // Identified in May, entered in the ledger only in October.
                identified_month: Some(YearMonth { year: 2026, month: 5 }),
                ..Household::default()
            };
            w.insert(&mut h)
        })
        .unwrap();
    drop(store);
    let conn = rusqlite::Connection::open(&fixture.path).unwrap();
    conn.execute("UPDATE households SET created_at = '2026-10-20T08:00:00Z' WHERE id = ?1", [&id]).unwrap();
    drop(conn);
    let mut store = Store::open(&fixture.path).unwrap();
    store.rebuild_derived(&mut |_, _| {}).unwrap();
    let periods =
        [Period::Quarter { year: 2026, quarter: 3 }, Period::Quarter { year: 2026, quarter: 4 }, Period::Year(2026)];
    let months = [YearMonth { year: 2026, month: 9 }, YearMonth { year: 2026, month: 10 }, YearMonth::of(today())];
    let count = |store: &Store| -> bangfu::store::Result<_> {
        let tallies: Vec<_> = periods.iter().map(|p| store.period_tallies(*p, today())).collect::<Result<_, _>>()?;
        let figures: Vec<_> = months.iter().map(|m| store.month_figures(*m, today())).collect::<Result<_, _>>()?;
        Ok((tallies, figures))
    };
    let alone = count(&store).unwrap();
    let shared = store.with_one_visit_book(today(), |s| count(s)).unwrap();
    assert_eq!(alone, shared);
    // The household counts from the fourth quarter on, not in the third.
    let monitored = |i: usize| alone.0[i].villages.get(&village.id).map_or(0, |t| t.monitored_end);
    let before = {
        let fresh = demo_ledger();
        let s = Store::open(&fresh.path).unwrap();
        let v = s.all::<Village>().unwrap().remove(0);
        let t = s.period_tallies(periods[0], today()).unwrap();
        t.villages.get(&v.id).map_or(0, |t| t.monitored_end)
    };
    assert_eq!(monitored(0), before, "not in the third quarter: the ledger did not hold it");
    let fourth_before = {
        let fresh = demo_ledger();
        let s = Store::open(&fresh.path).unwrap();
        let v = s.all::<Village>().unwrap().remove(0);
        let t = s.period_tallies(periods[1], today()).unwrap();
        t.villages.get(&v.id).map_or(0, |t| t.monitored_end)
    };
    assert_eq!(monitored(1), fourth_before + 1, "in the fourth");
}
