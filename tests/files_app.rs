//! Files in and out from the app (issue 9, item 6): `p` on 概览 writes a report or an
//! export and says where it went; `I` imports a national export only after its dry
//! run is shown, and `Esc` there writes nothing.

#![allow(clippy::indexing_slicing)] // tests index what they just built

mod common;

use bangfu::app::Popup;
use bangfu::app::files::Stage;
use bangfu::domain::household::Household;
use bangfu::domain::vocab::Lang;
use bangfu::report::Output;
use calamine::Reader;
use common::*;
use crossterm::event::KeyCode;

fn stage(app: &bangfu::app::App) -> Option<&Stage> {
    match app.popups.last() {
        Some(Popup::Files(view)) => Some(&view.stage),
        _ => None,
    }
}

fn message(app: &bangfu::app::App) -> String {
    match app.popups.last() {
        Some(Popup::Message { text, .. } | Popup::Done { text, .. }) => text.clone(),
        other => panic!("no message: {}", other.is_some()),
    }
}

/// Types a path over the one offered.
fn type_path(app: &mut bangfu::app::App, path: &std::path::Path) {
    app.handle_key(ctrl('u'));
    type_text(app, &path.display().to_string());
}

#[test]
fn the_three_ledgers_are_written_from_the_overview_and_the_place_said() {
    let fixture = demo_ledger();
    let mut app = app_on(&fixture, Lang::Zh);
    app.handle_key(key(KeyCode::Char('1')));
    app.handle_key(key(KeyCode::Char('p')));
    assert!(matches!(stage(&app), Some(Stage::Write { choice: 0 })));
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("月调度表（2026-11）") && screen.contains("三本台账（2026年）"), "{screen}");
    for _ in 0..3 {
        app.handle_key(key(KeyCode::Down));
    }
    let out = fixture.dir.path().join("报表 文件夹").join("三本台账.xlsx");
    std::fs::create_dir_all(out.parent().unwrap()).unwrap();
    type_path(&mut app, &out);
    app.handle_key(key(KeyCode::Enter));
    assert!(render(&mut app, 80, 24).contains("正在写出"), "the screen says so before the work");
    assert!(app.run_pending());
    assert!(message(&app).contains(&out.display().to_string()), "{}", message(&app));
    assert!(matches!(app.popups.last(), Some(Popup::Done { .. })), "shown as done, not as an error");
    let book = calamine::open_workbook_auto(&out).unwrap();
    assert_eq!(book.sheet_names(), vec!["资金项目台账", "项目储备库", "干部人才台账", "重点工作台账"]);
}

/// 季通报 from 概览 showing November: the third quarter, the last one ended, offered
/// with its file name; written whole.
#[test]
fn the_quarters_bulletin_is_written_from_the_overview() {
    let fixture = demo_ledger();
    let mut app = app_on(&fixture, Lang::Zh);
    app.handle_key(key(KeyCode::Char('1')));
    app.handle_key(key(KeyCode::Char('p')));
    app.handle_key(key(KeyCode::Down));
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("季度通报（2026年第三季度"), "{screen}");
    let Some(Popup::Files(view)) = app.popups.last() else { panic!("no files popup") };
    assert!(view.path.value().ends_with("季通报-2026-Q3.xlsx"), "{}", view.path.value());
    let out = fixture.dir.path().join("季通报.xlsx");
    type_path(&mut app, &out);
    app.handle_key(key(KeyCode::Enter));
    assert!(app.run_pending());
    assert!(message(&app).contains("个村参加排名"), "{}", message(&app));
    let book = calamine::open_workbook_auto(&out).unwrap();
    assert_eq!(book.sheet_names()[..3], ["通报", "乡镇排名", "村排名"]);
}

#[test]
fn a_path_that_cannot_be_written_is_said_in_one_sentence() {
    let fixture = demo_ledger();
    let mut app = app_on(&fixture, Lang::Zh);
    app.handle_key(key(KeyCode::Char('1')));
    app.handle_key(key(KeyCode::Char('p')));
    let missing = fixture.dir.path().join("没有这个文件夹");
    let typed = missing.join("月调度.xlsx");
    type_path(&mut app, &typed);
    app.handle_key(key(KeyCode::Enter));
    app.run_pending();
    let said = message(&app);
    assert!(said.contains(&missing.display().to_string()) && said.contains("不存在"), "names the folder: {said}");
    assert!(matches!(app.popups.last(), Some(Popup::Message { .. })), "a failure is shown as one");
    assert!(!missing.exists(), "nothing created");
    render(&mut app, 80, 24);
    // Closing the message leaves the path as typed, to correct.
    app.handle_key(key(KeyCode::Esc));
    let Some(Popup::Files(view)) = app.popups.last() else { panic!("the path is gone") };
    assert_eq!(view.path.value(), typed.display().to_string());
}

#[test]
fn the_file_dialog_remembers_the_last_folder_of_the_session() {
    let fixture = demo_ledger();
    let mut app = app_on(&fixture, Lang::Zh);
    let folder = fixture.dir.path().join("报表");
    std::fs::create_dir_all(&folder).unwrap();
    app.handle_key(key(KeyCode::Char('1')));
    app.handle_key(key(KeyCode::Char('p')));
    type_path(&mut app, &folder.join("月调度.xlsx"));
    app.handle_key(key(KeyCode::Enter));
    app.run_pending();
    app.handle_key(key(KeyCode::Esc));
    app.handle_key(key(KeyCode::Char('p')));
    let Some(Popup::Files(view)) = app.popups.last() else { panic!("no dialog") };
    assert!(view.path.value().starts_with(&folder.display().to_string()), "{}", view.path.value());
    app.handle_key(key(KeyCode::Esc));
    app.handle_key(key(KeyCode::Char('I')));
    let Some(Popup::Files(view)) = app.popups.last() else { panic!("no dialog") };
    assert!(view.path.value().starts_with(&folder.display().to_string()), "{}", view.path.value());
}

/// Waits for an import started from the app to end, as the event loop does.
fn finish_import(app: &mut bangfu::app::App) {
    while app.import_running() {
        app.poll_import();
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
}

#[test]
fn an_import_shows_its_dry_run_first_and_writes_only_on_enter() {
    let source = demo_ledger();
    let export = source.dir.path().join("监测对象信息.xlsx");
    {
        let mut store = bangfu::store::Store::open(&source.path).unwrap();
        let labels = bangfu::ui::Labels::get(Lang::Zh);
        bangfu::report::write_output(&mut store, labels, Output::National(2026), today(), &export).unwrap();
    }
    let fixture = empty_ledger();
    let mut app = app_on(&fixture, Lang::Zh);
    app.handle_key(key(KeyCode::Char('1')));
    app.handle_key(key(KeyCode::Char('I')));
    assert!(matches!(stage(&app), Some(Stage::ImportPath { .. })));
    type_path(&mut app, &export);
    app.handle_key(key(KeyCode::Enter));
    assert!(app.run_pending());
    // It runs on a thread of its own: the screen says so, and keys wait.
    assert!(app.import_running());
    assert!(app.status.as_deref().unwrap_or_default().starts_with("正在试导入"), "{:?}", app.status);
    app.handle_key(key(KeyCode::Char('q')));
    assert!(!app.quit, "q waits for the import");
    assert!(app.status.as_deref().unwrap_or_default().starts_with("导入进行中"), "{:?}", app.status);
    let screen = render(&mut app, 80, 24);
    let last = screen.lines().last().unwrap_or_default();
    assert!(last.starts_with("导入进行中"), "the keys' line says to wait, not which keys: {last}");
    finish_import(&mut app);
    let Some(Stage::Preview { lines, .. }) = stage(&app) else { panic!("no preview: {:?}", app.status) };
    assert!(lines.iter().any(|l| l.starts_with("试导入") && l.contains("新增户")), "{lines:?}");
    assert!(all::<Household>(&app).is_empty(), "a dry run writes nothing");
    render(&mut app, 80, 24);

    // Esc leaves the ledger as it was; asked again, Enter imports.
    app.handle_key(key(KeyCode::Esc));
    assert!(app.popups.is_empty() && all::<Household>(&app).is_empty());
    app.handle_key(key(KeyCode::Char('I')));
    type_path(&mut app, &export);
    app.handle_key(key(KeyCode::Enter));
    app.run_pending();
    finish_import(&mut app);
    app.handle_key(key(KeyCode::Enter));
    assert!(app.run_pending());
    finish_import(&mut app);
    assert!(message(&app).starts_with("已导入"), "{}", message(&app));
    assert!(matches!(app.popups.last(), Some(Popup::Done { .. })));
    let source_store = bangfu::store::Store::open(&source.path).unwrap();
    let households = source_store.all::<Household>().unwrap();
    assert!(households.iter().any(|h| h.number.is_empty()), "the demo has households not yet numbered");
    assert_eq!(all::<Household>(&app).len(), households.len(), "every household, numbered or not");
}

#[test]
fn files_are_written_from_the_overview_only() {
    let fixture = demo_ledger();
    let mut app = app_on(&fixture, Lang::Zh);
    app.handle_key(key(KeyCode::Char('3')));
    app.handle_key(key(KeyCode::Char('p')));
    assert!(app.popups.is_empty());
    assert!(app.status.as_deref().unwrap_or_default().contains("概览"));
}

/// A file whose every row has a problem of a few kinds: each kind is one line of the
/// preview with its rows, and the preview pages to its end and back (PgDn, End, Home).
#[test]
fn a_dry_runs_repeated_problems_are_one_line_each_and_the_preview_pages() {
    let source = demo_ledger();
    let export = source.dir.path().join("监测对象信息.csv");
    {
        let mut store = bangfu::store::Store::open(&source.path).unwrap();
        let labels = bangfu::ui::Labels::get(Lang::Zh);
        bangfu::report::write_output(&mut store, labels, Output::National(2026), today(), &export).unwrap();
    }
    // Every person's 文化程度 one of 20 labels no list has, every 10th person's village unknown.
    let mut rows = bangfu::sheets::read_rows(&export).unwrap();
    let education = rows[2].iter().position(|h| h == "文化程度").unwrap();
    let village = rows[2].iter().position(|h| h == "村").unwrap();
    for (n, row) in rows.iter_mut().skip(3).enumerate() {
        row[education] = format!("博士后{}", n % 20);
        if n % 10 == 0 {
            row[village] = "没有这个村".into();
        }
    }
    let odd = source.dir.path().join("有问题.csv");
    let mut w = csv::Writer::from_path(&odd).unwrap();
    rows.iter().for_each(|r| w.write_record(r).unwrap());
    w.flush().unwrap();

    let fixture = empty_ledger();
    let mut app = app_on(&fixture, Lang::Zh);
    app.handle_key(key(KeyCode::Char('1')));
    app.handle_key(key(KeyCode::Char('I')));
    type_path(&mut app, &odd);
    app.handle_key(key(KeyCode::Enter));
    app.run_pending();
    finish_import(&mut app);
    let Some(Stage::Preview { lines, .. }) = stage(&app) else { panic!("no preview: {:?}", app.status) };
    let lines = lines.clone();
    let label = lines.iter().filter(|l| l.contains("“博士后0”")).collect::<Vec<_>>();
    assert_eq!(label.len(), 1, "one line for one problem: {lines:?}");
    assert!(label[0].contains("第 4、24、44、") && label[0].contains("（共 "), "{}", label[0]);
    let total = lines.len();
    assert!(total > 12, "more lines than a page: {lines:?}");
    let scroll = |app: &bangfu::app::App| match stage(app) {
        Some(Stage::Preview { scroll, .. }) => *scroll,
        _ => usize::MAX,
    };
    app.handle_key(key(KeyCode::PageDown));
    assert_eq!(scroll(&app), 10);
    app.handle_key(key(KeyCode::End));
    assert_eq!(scroll(&app), total - 1);
    let screen = render(&mut app, 80, 24);
    let last = lines.last().unwrap();
    let tail: String = last.chars().rev().take(6).collect::<Vec<_>>().into_iter().rev().collect();
    assert!(screen.contains(tail.trim()), "the last line shown at End: {tail}\n{screen}");
    app.handle_key(key(KeyCode::PageUp));
    assert_eq!(scroll(&app), total - 11);
    app.handle_key(key(KeyCode::Home));
    assert_eq!(scroll(&app), 0);
}

/// 协作台账 from `p` (its fifth choice), read back with `I`: the dry run names the lists
/// and finds every record unchanged, and the import then changes nothing.
#[test]
fn the_cooperation_ledger_is_written_and_read_back_from_the_overview() {
    let fixture = demo_ledger();
    let mut app = app_on(&fixture, Lang::Zh);
    let book = fixture.dir.path().join("协作台账.xlsx");
    app.handle_key(key(KeyCode::Char('1')));
    app.handle_key(key(KeyCode::Char('p')));
    for _ in 0..4 {
        app.handle_key(key(KeyCode::Down));
    }
    let offered = render(&mut app, 100, 30);
    assert!(offered.contains("协作台账（2026年"), "{offered}");
    type_path(&mut app, &book);
    app.handle_key(key(KeyCode::Enter));
    app.run_pending();
    assert!(message(&app).starts_with("已写出"), "{}", message(&app));
    let sheets = calamine::open_workbook_auto(&book).unwrap().sheet_names();
    assert_eq!(
        sheets,
        [
            "目标完成",
            "帮扶方",
            "劳务协作",
            "消费帮扶",
            "干部人才交流",
            "培训",
            "产业园区",
            "社会捐赠",
            "结对共建",
            "需求清单",
            "会议",
            "需求统计"
        ]
    );
    app.handle_key(key(KeyCode::Esc));
    let ops = app.store.op_count().unwrap();
    app.handle_key(key(KeyCode::Char('I')));
    type_path(&mut app, &book);
    app.handle_key(key(KeyCode::Enter));
    app.run_pending();
    finish_import(&mut app);
    let Some(Stage::Preview { lines, .. }) = stage(&app) else { panic!("no preview: {:?}", app.status) };
    assert!(lines.iter().any(|l| l.starts_with("试导入协作台账")), "{lines:?}");
    assert!(lines.iter().any(|l| l.starts_with("劳务协作：新增 0 条，修改 0 条，不变")), "{lines:?}");
    app.handle_key(key(KeyCode::Enter));
    app.run_pending();
    finish_import(&mut app);
    assert!(message(&app).starts_with("已导入协作台账"), "{}", message(&app));
    assert_eq!(app.store.op_count().unwrap(), ops, "nothing changed");
}
