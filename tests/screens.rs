//! Every tab and form rendered with Chinese data at 80×24 and 120×40, compared
//! with reviewed snapshots (tests/snapshots). A change on screen shows up as a diff.

mod common;

use bangfu::app::App;
use bangfu::domain::vocab::Lang;
use common::*;
use crossterm::event::KeyCode;

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

fn snap(name: &str, app: &mut App) {
    for (w, h) in SIZES {
        insta::assert_snapshot!(format!("{name}_{w}x{h}"), render(app, w, h));
    }
}

fn on_tab(key: char) -> (Fixture, App) {
    let fixture = demo_ledger();
    let mut app = app_on(&fixture, Lang::Zh);
    app.handle_key(common::key(KeyCode::Char(key)));
    (fixture, app)
}

#[test]
fn overview() {
    let (_f, mut app) = on_tab('1');
    snap("overview", &mut app);
}

#[test]
fn villages() {
    let (_f, mut app) = on_tab('2');
    snap("villages", &mut app);
}

#[test]
fn households() {
    let (_f, mut app) = on_tab('3');
    snap("households", &mut app);
}

#[test]
fn household_detail_with_members_and_visits() {
    let (_f, mut app) = on_tab('3');
    press(&mut app, &[KeyCode::Down, KeyCode::Down, KeyCode::Enter, KeyCode::Down]);
    snap("household_detail", &mut app);
}

#[test]
fn households_filtered_by_pinyin_initials() {
    let (_f, mut app) = on_tab('3');
    app.handle_key(key(KeyCode::Char('/')));
    type_text(&mut app, "wj");
    snap("households_filter_wj", &mut app);
}

#[test]
fn projects() {
    let (_f, mut app) = on_tab('4');
    snap("projects", &mut app);
}

#[test]
fn visits() {
    let (_f, mut app) = on_tab('5');
    snap("visits", &mut app);
}

#[test]
fn village_form_new() {
    let (_f, mut app) = on_tab('2');
    app.handle_key(key(KeyCode::Char('a')));
    type_text(&mut app, "柳林村");
    snap("village_form", &mut app);
}

#[test]
fn household_form_edit() {
    let (_f, mut app) = on_tab('3');
    app.handle_key(key(KeyCode::Char('e')));
    snap("household_form", &mut app);
}

#[test]
fn member_form_with_errors() {
    let (_f, mut app) = on_tab('3');
    app.handle_key(key(KeyCode::Char('m')));
    press(&mut app, &[KeyCode::Tab]);
    type_text(&mut app, "511903198702101231");
    app.handle_key(ctrl('s'));
    snap("member_form_errors", &mut app);
}

#[test]
fn project_form_choosing_beneficiaries() {
    let (_f, mut app) = on_tab('4');
    app.handle_key(key(KeyCode::Char('e')));
    for _ in 0..23 {
        app.handle_key(key(KeyCode::Tab));
    }
    type_text(&mut app, "w");
    snap("project_form_picker", &mut app);
}

#[test]
fn visit_form_from_household() {
    let (_f, mut app) = on_tab('3');
    app.handle_key(key(KeyCode::Char('v')));
    type_text(&mut app, "李明、王芳");
    snap("visit_form", &mut app);
}

#[test]
fn delete_asks_first() {
    let (_f, mut app) = on_tab('5');
    app.handle_key(key(KeyCode::Char('d')));
    type_text(&mut app, "录入重复");
    snap("confirm_delete", &mut app);
}

#[test]
fn help_overlay() {
    let (_f, mut app) = on_tab('2');
    app.handle_key(key(KeyCode::Char('?')));
    snap("help", &mut app);
}

/// At 80×24 the help shows in one column, every description whole (wrapped), and
/// scrolls: End shows the last entries, Up goes back a line, another key closes it.
#[test]
fn the_help_scrolls_whole_on_a_small_screen() {
    for lang in [Lang::Zh, Lang::En] {
        let fixture = demo_ledger();
        let mut app = app_on(&fixture, lang);
        app.handle_key(key(KeyCode::Char('?')));
        let first = render(&mut app, 80, 24);
        // (`……` is a label's own.)
        let cut = |screen: &str| screen.replace("……", "").contains('…');
        assert!(!cut(&first), "{lang:?}: nothing cut\n{first}");
        let last_entry = if lang == Lang::Zh { "重点帮扶村" } else { "key assistance village" };
        assert!(!first.contains(last_entry), "{lang:?}: the last entry is below");
        app.handle_key(key(KeyCode::End));
        let end = render(&mut app, 80, 24);
        assert!(end.contains(last_entry) && !cut(&end), "{lang:?}\n{end}");
        app.handle_key(key(KeyCode::Up));
        assert_ne!(render(&mut app, 80, 24), end, "{lang:?}: Up scrolls back");
        app.handle_key(key(KeyCode::Char('x')));
        assert!(app.popups.is_empty(), "{lang:?}: another key closes it");
    }
}

#[test]
fn too_small_a_window_says_so() {
    let (_f, mut app) = on_tab('3');
    insta::assert_snapshot!("too_small_60x20", render(&mut app, 60, 20));
}

#[test]
fn english_labels() {
    let fixture = demo_ledger();
    let mut app = app_on(&fixture, Lang::En);
    app.handle_key(key(KeyCode::Char('3')));
    snap("households_en", &mut app);
    app.handle_key(key(KeyCode::Char('v')));
    snap("visit_form_en", &mut app);
}

#[test]
fn the_cursor_sits_after_chinese_text() {
    let (_f, mut app) = on_tab('2');
    app.handle_key(key(KeyCode::Char('a')));
    let (x0, y0) = cursor(&mut app, 80, 24).unwrap();
    type_text(&mut app, "柳林村");
    let (x1, y1) = cursor(&mut app, 80, 24).unwrap();
    assert_eq!(y1, y0);
    assert_eq!(x1 - x0, 6, "three Chinese characters are six cells");
}

#[test]
fn tasks() {
    let (_f, mut app) = on_tab('6');
    snap("tasks", &mut app);
}

#[test]
fn people() {
    let (_f, mut app) = on_tab('7');
    snap("people", &mut app);
}

#[test]
fn settings() {
    let (_f, mut app) = on_tab('9');
    snap("settings", &mut app);
}

#[test]
fn visits_due_for_a_visit() {
    let (_f, mut app) = on_tab('5');
    app.handle_key(key(KeyCode::Char('f')));
    snap("visits_due", &mut app);
}

#[test]
fn overview_by_village() {
    let (_f, mut app) = on_tab('1');
    app.handle_key(key(KeyCode::Char('f')));
    snap("overview_villages", &mut app);
}

#[test]
fn overview_needs_and_reserve() {
    let (_f, mut app) = on_tab('1');
    for _ in 0..3 {
        app.handle_key(key(KeyCode::Char('f')));
    }
    app.handle_key(key(KeyCode::End));
    snap("overview_needs", &mut app);
    app.handle_key(key(KeyCode::Char('f')));
    app.handle_key(key(KeyCode::End));
    snap("overview_reserve", &mut app);
}

#[test]
fn step_form() {
    let (_f, mut app) = on_tab('3');
    app.handle_key(key(KeyCode::Char('s')));
    snap("step_form", &mut app);
}

/// Details show everything they count (issue 21, item 3): a task's 30 progress notes
/// at 80×24 are reached by scrolling, the pane saying what is below.
#[test]
fn a_long_detail_scrolls_to_its_end() {
    use bangfu::domain::task::{Task, TaskNote};
    let fixture = demo_ledger();
    {
        let mut store = bangfu::store::Store::open(&fixture.path).unwrap();
        let task = store.all::<Task>().unwrap().into_iter().next().unwrap();
        store.set_time_source(bangfu::store::TimeSource::fixed(1_795_000_000_000, 1));
        for n in 1..=30 {
            let mut note = TaskNote {
                task_id: task.id.clone(),
                date: today(),
                text: format!("第{n:02}次进展"),
                ..TaskNote::default()
            };
            store.insert(&mut note).unwrap();
        }
    }
    let mut app = app_on(&fixture, Lang::Zh);
    press(&mut app, &[KeyCode::Char('6')]);
    // Open the details of the task that holds the notes.
    let with_notes = |app: &mut bangfu::app::App| render(app, 80, 24).contains("第01次进展");
    app.handle_key(key(KeyCode::Enter));
    let mut tries = 0;
    while !with_notes(&mut app) && tries < 200 {
        press(&mut app, &[KeyCode::Esc, KeyCode::Down, KeyCode::Enter]);
        tries += 1;
    }
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("下面还有"), "says what is below\n{screen}");
    assert!(!screen.contains("第30次进展"));
    for _ in 0..40 {
        app.handle_key(key(KeyCode::Down));
    }
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("第30次进展") && !screen.contains("下面还有"), "{screen}");
}

/// The key line shows the keys the keymap binds: a key rebound is shown rebound.
#[test]
fn the_key_line_follows_the_keymap() {
    let fixture = demo_ledger();
    let mut app = app_on(&fixture, Lang::Zh);
    app.handle_key(key(KeyCode::Char('4')));
    let screen = render(&mut app, 120, 40);
    assert!(screen.lines().last().is_some_and(|l| l.contains("z 到位")), "{screen}");
    for (key, _) in app.keymap.bindings.iter_mut().filter(|(_, a)| *a == bangfu::app::action::Action::Arrival) {
        *key = "Z".into();
    }
    let screen = render(&mut app, 120, 40);
    assert!(screen.lines().last().is_some_and(|l| l.contains("Z 到位") && !l.contains("z 到位")), "{screen}");
}
