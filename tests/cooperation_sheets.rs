//! The assisting side's ledger in its sheets and reports (issue 24): 协作台账 written
//! and read back, a county's own sheets, the counts of needs and of the reserve by
//! hand, the sides in 月调度 and 季通报, names that repeat.

#![allow(clippy::indexing_slicing)] // tests index what they just built

mod common;

use bangfu::app::{RecordKind, Tab};
use bangfu::domain::cooperation::{Exchange, Indicator, Party, Placement, Purchase, Target, Training};
use bangfu::domain::dates::YearMonth;
use bangfu::domain::project::Project;
use bangfu::domain::village::Village;
use bangfu::domain::vocab::Lang;
use bangfu::store::Store;
use chrono::NaiveDate;
use common::sheets::sheet_cells;
use common::side::*;
use common::*;
use crossterm::event::KeyCode;

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
        // Each view keeps its own place: the reserve opens at its first sector, not
        // where the needs were left.
        let first = render(&mut app, 80, 24);
        assert!(first.contains(if lang == Lang::Zh { "农业" } else { "Agriculture" }), "{first}");
        app.handle_key(key(KeyCode::End));
        let screen = render(&mut app, 80, 24);
        let last = screen.lines().rfind(|l| l.contains(total)).unwrap_or_default().to_string();
        let figures: Vec<&str> = last.split_whitespace().collect();
        let wan = bangfu::domain::money::format_wan(planned);
        assert_eq!(figures[figures.len() - 2..], [reserve.len().to_string(), wan], "{screen}");
    }
}
