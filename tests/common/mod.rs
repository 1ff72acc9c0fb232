//! Shared test helpers: a demo ledger on a temporary file, an app over it, keys,
//! and a screen rendered to text.

#![allow(dead_code, unreachable_pub)]

pub mod pg;
pub mod sheets;
pub mod side;
pub mod tmux;

use bangfu::app::App;
use bangfu::cli::Scale;
use bangfu::domain::vocab::Lang;
use bangfu::store::{Actor, Store};
use chrono::NaiveDate;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use unicode_width::UnicodeWidthStr;

pub const TODAY: (i32, u32, u32) = (2026, 11, 15);

pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(TODAY.0, TODAY.1, TODAY.2).unwrap()
}

pub struct Fixture {
    pub dir: tempfile::TempDir,
    pub path: std::path::PathBuf,
}

/// A small demo ledger (seed 7), dated as if today were 2026-11-15.
pub fn demo_ledger() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("台账.db");
    bangfu::demo::write(&path, Scale::Small, 7, 1, today()).unwrap();
    Fixture { dir, path }
}

/// A small demo ledger of another seed: another county's ledger (its own ledger id).
pub fn demo_seeded(seed: u64) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("台账.db");
    bangfu::demo::write(&path, Scale::Small, seed, 1, today()).unwrap();
    Fixture { dir, path }
}

pub fn empty_ledger() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("台账.db");
    drop(Store::open_with(&path, today(), &mut |_, _| {}).unwrap());
    Fixture { dir, path }
}

pub fn app_on(fixture: &Fixture, lang: Lang) -> App {
    bangfu::ui::theme::set_plain(true);
    let mut store = Store::open_with(&fixture.path, today(), &mut |_, _| {}).unwrap();
    store.set_actor(Actor { user: "cadre".into(), host: "laptop".into() });
    let mut app = App::new(store, lang, today()).unwrap();
    app.file_label = "台账.db".into();
    app
}

pub fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::from(code)
}

pub fn ctrl(c: char) -> KeyEvent {
    KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL)
}

/// Types each character as a key press, the way a person (or an input method) does.
pub fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        app.handle_key(key(KeyCode::Char(c)));
    }
}

pub fn press(app: &mut App, keys: &[KeyCode]) {
    for k in keys {
        app.handle_key(key(*k));
    }
}

/// Draws a frame the way the terminal loop does: lay out, read, draw.
pub fn frame(app: &mut App, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    bangfu::tabs::prepare(app, ratatui::layout::Rect::new(0, 0, width, height));
    terminal.draw(|f| bangfu::tabs::draw(f, app)).unwrap();
    terminal
}

/// The screen as text, one line per row, wide characters counted as two cells.
pub fn render(app: &mut App, width: u16, height: u16) -> String {
    let terminal = frame(app, width, height);
    let buffer = terminal.backend().buffer().clone();
    let mut out = String::new();
    for y in 0..height {
        let mut line = String::new();
        let mut skip = 0;
        for x in 0..width {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let symbol = buffer[(x, y)].symbol();
            line.push_str(symbol);
            skip = symbol.width().saturating_sub(1);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// The cursor position after drawing, if the screen placed one.
pub fn cursor(app: &mut App, width: u16, height: u16) -> Option<(u16, u16)> {
    let mut terminal = frame(app, width, height);
    terminal.get_cursor_position().ok().map(|p| (p.x, p.y))
}

/// Every live record of a type, read from the file.
pub fn all<T: bangfu::domain::Record>(app: &App) -> Vec<T> {
    app.store.all().unwrap()
}

/// Every row a tab's list holds now, as its filter and view stand, read from the file.
pub fn shown(app: &App, tab: bangfu::app::Tab) -> Vec<bangfu::store::ListRow> {
    let q = app.list_query(tab).expect("a list tab");
    app.store.list_window(&q, 0, 1_000_000, 0).unwrap()
}

pub fn shown_ids(app: &App, tab: bangfu::app::Tab) -> Vec<String> {
    shown(app, tab).into_iter().map(|r| r.id).collect()
}

/// The warnings that hold today, as the ledger keeps them.
pub fn warnings(app: &App) -> Vec<bangfu::domain::warnings::Warning> {
    let mut out = Vec::new();
    app.store
        .each_warning(today(), |w| {
            out.push(w);
            Ok(())
        })
        .unwrap();
    out
}

/// The villages tab's form for a village typed in by hand (`a`, then the list's last
/// choice: 手工填写).
pub fn open_village_form(app: &mut App) {
    press(app, &[KeyCode::Char('2'), KeyCode::Char('a'), KeyCode::End, KeyCode::Enter]);
}

/// Rows written as a CSV file, as a spreadsheet program saves them.
pub fn write_csv(path: &std::path::Path, rows: &[Vec<String>]) {
    let mut w = csv::WriterBuilder::new().flexible(true).from_path(path).unwrap();
    for r in rows {
        w.write_record(r).unwrap();
    }
    w.flush().unwrap();
}

/// Rows written as an xlsx workbook of text cells.
pub fn write_xlsx(path: &std::path::Path, rows: &[Vec<String>]) {
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            sheet.write_string(r as u32, c as u16, cell).unwrap();
        }
    }
    book.save(path).unwrap();
}

/// The real binary on a ledger, in Chinese: its exit, output and errors.
pub fn run_bangfu(db: &std::path::Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_bangfu"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env("BANGFU_LANG", "zh")
        .output()
        .unwrap()
}
