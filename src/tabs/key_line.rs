//! The key line at the bottom: a popup's or the filter's own words from the
//! catalogs, else the commands the tab's view (or its open details) declares
//! (`app/tab.rs`), each with the keys the keymap binds to it.

use crate::app::action::Action;
use crate::app::log_view::LogKind;
use crate::app::tab::Command;
use crate::app::{App, Popup};
use crate::ui::text::fit;
use crate::ui::theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Span;

/// The key line of what is shown: a popup's or the filter's own words, else the
/// commands the tab's view (or its open details) declares, each with the keys the
/// keymap binds to it — a key rebound in the keymap is shown rebound.
pub(super) fn hint_text(app: &App) -> String {
    if let Some(key) = fixed_hints(app) {
        return app.t(key).to_string();
    }
    shown_commands(app).iter().filter_map(|c| command_text(app, c)).collect::<Vec<_>>().join(" · ")
}

/// The commands of what is shown: the open details' where the view has its own, else
/// the view's (the key line, and the head of the help).
pub(super) fn shown_commands(app: &App) -> &'static [Command] {
    let view = app.view_of(app.tab);
    match view.details {
        Some(commands) if app.tab_state().detail_open => commands,
        _ => view.commands,
    }
}

/// `a 新增`, `[ ] 换月`, `↑↓ Enter 打开提示`, `1-8 切换`: the keys of a command's
/// actions, then its words; nothing when an action has no key.
fn command_text(app: &App, c: &Command) -> Option<String> {
    let keys: Vec<String> = c.actions.iter().map(|a| app.keymap.key_of(*a)).collect::<Option<_>>()?;
    let keys = match c.actions {
        [Action::Tab(_), Action::Tab(_)] => keys.join("-"),
        _ => {
            // Arrows run together (`↑↓`); other keys stand apart (`[ ]`).
            let mut joined = String::new();
            for k in &keys {
                let arrow_after_arrow = matches!(k.as_str(), "↑" | "↓") && joined.ends_with(['↑', '↓']);
                if !joined.is_empty() && !arrow_after_arrow {
                    joined.push(' ');
                }
                joined.push_str(k);
            }
            joined
        }
    };
    Some(format!("{keys} {}", app.t(c.words)))
}

/// The key lines written whole in the catalogs: a popup's, and the filter's.
fn fixed_hints(app: &App) -> Option<&'static str> {
    if let Some(popup) = app.popups.last() {
        return Some(match popup {
            Popup::Form(_) => "hints.form",
            Popup::Confirm(_) => "hints.confirm",
            Popup::Message { .. } | Popup::Done { .. } => "hints.dismiss",
            Popup::Help { .. } => "hints.help_scroll",
            Popup::Clash(_) => "hints.clash",
            Popup::Delete(_) => "hints.delete",
            Popup::Divisions(_) => "hints.divisions",
            Popup::MonthNote(_) => "hints.notes",
            Popup::Files(view) => match view.stage {
                crate::app::files::Stage::Write { .. } => "hints.files_write",
                crate::app::files::Stage::ImportPath { .. } => "hints.files_import",
                crate::app::files::Stage::Preview { .. } => "hints.files_preview",
            },
            Popup::Log(view) => match view.kind {
                LogKind::History => "hints.history",
                LogKind::Deleted => "hints.deleted",
                LogKind::Disputes => "hints.disputes",
            },
        });
    }
    app.tab_state().filtering.then_some("hints.filter")
}

/// The key hints, as many as fit: the first (the tab's own key) and the last two
/// (help, quit) stay, the ones before those go first.
pub(super) fn draw_hints(frame: &mut Frame, app: &App, area: Rect) {
    if let (true, Some(progress)) = (app.import_running(), &app.status) {
        frame.render_widget(Span::styled(fit(progress, area.width as usize), theme::ok()), area);
        return;
    }
    let text = crate::ui::text::fit_items(&hint_text(app), area.width as usize);
    frame.render_widget(Span::styled(text, theme::key()), area);
}
