//! Shared test helpers: a demo ledger on a temporary file, an app over it, keys,
//! and a screen rendered to text.

#![allow(dead_code)]

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
    bangfu::demo::write(&path, Scale::Small, 7, today()).unwrap();
    Fixture { dir, path }
}

pub fn empty_ledger() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("台账.db");
    drop(Store::open(&path).unwrap());
    Fixture { dir, path }
}

pub fn app_on(fixture: &Fixture, lang: Lang) -> App {
    bangfu::ui::theme::set_plain(true);
    let mut store = Store::open(&fixture.path).unwrap();
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

/// The screen as text, one line per row, wide characters counted as two cells.
pub fn render(app: &App, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|f| bangfu::tabs::draw(f, app)).unwrap();
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
pub fn cursor(app: &App, width: u16, height: u16) -> Option<(u16, u16)> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|f| bangfu::tabs::draw(f, app)).unwrap();
    terminal.get_cursor_position().ok().map(|p| (p.x, p.y))
}
