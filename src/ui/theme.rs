//! One place for colours. With `NO_COLOR` set every style is plain; meaning is
//! always carried by a symbol or text as well, never by colour alone.

use ratatui::style::{Color, Modifier, Style};
use std::sync::atomic::{AtomicBool, Ordering};

static PLAIN: AtomicBool = AtomicBool::new(false);

/// Reads `NO_COLOR` (any non-empty value) once at start-up.
pub fn init_from_env() {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    set_plain(no_color);
}

pub fn set_plain(plain: bool) {
    PLAIN.store(plain, Ordering::Relaxed);
}

fn colored(style: Style) -> Style {
    if PLAIN.load(Ordering::Relaxed) { Style::default().add_modifier(style.add_modifier) } else { style }
}

pub fn normal() -> Style {
    Style::default()
}
pub fn title() -> Style {
    colored(Style::default().fg(Color::Cyan).add_modifier(Modifier::BOLD))
}
pub fn tab_active() -> Style {
    colored(Style::default().fg(Color::Black).bg(Color::Cyan).add_modifier(Modifier::BOLD))
}
pub fn header() -> Style {
    colored(Style::default().fg(Color::Yellow).add_modifier(Modifier::BOLD))
}
pub fn selected() -> Style {
    if PLAIN.load(Ordering::Relaxed) {
        Style::default().add_modifier(Modifier::REVERSED)
    } else {
        Style::default().bg(Color::Blue).fg(Color::White).add_modifier(Modifier::BOLD)
    }
}
pub fn dim() -> Style {
    colored(Style::default().fg(Color::DarkGray))
}
pub fn error() -> Style {
    colored(Style::default().fg(Color::Red).add_modifier(Modifier::BOLD))
}
pub fn ok() -> Style {
    colored(Style::default().fg(Color::Green))
}
pub fn warn() -> Style {
    colored(Style::default().fg(Color::Yellow))
}
pub fn key() -> Style {
    colored(Style::default().fg(Color::Cyan).add_modifier(Modifier::BOLD))
}
pub fn focus_label() -> Style {
    colored(Style::default().fg(Color::Cyan).add_modifier(Modifier::BOLD))
}
