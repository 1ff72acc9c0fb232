//! The overlays drawn over a tab: forms, questions, messages, the help, history and
//! the other lists, the files popup and the official division list.

use super::key_line::hint_text;
use crate::app::{App, Confirm, Popup};
use crate::ui::theme;
use crate::widgets::form_view::render_form;
use crate::widgets::popup::{render_box, render_entries, render_help, render_reason};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;

pub(super) fn draw_popups(frame: &mut Frame, app: &App, area: Rect) {
    for popup in &app.popups {
        match popup {
            Popup::Form(open) => render_form(frame, area, &open.form, app.labels),
            Popup::Confirm(confirm) => {
                let question = match confirm {
                    Confirm::DiscardForm => app.t("confirm.discard").to_string(),
                    Confirm::Undo { question } => question.clone(),
                };
                let lines = vec![Line::raw(question), Line::styled(app.t("confirm.keys"), theme::key())];
                render_box(frame, area, app.t("confirm.title"), lines, theme::warn());
            }
            Popup::Message { title, text } => render_message(frame, app, area, title, text, theme::error()),
            Popup::Done { title, text } => render_message(frame, app, area, title, text, theme::ok()),
            Popup::Help { scroll, .. } => {
                let titles = (app.t("help.title"), app.t("help.title_scroll"));
                render_help(frame, area, titles, &help_entries(app), *scroll, app.t("hints.help_scroll"));
            }
            Popup::Clash(view) => {
                let mut lines: Vec<Line> = app.clash_lines(view).into_iter().map(Line::raw).collect();
                lines.push(Line::styled(app.t("hints.clash"), theme::key()));
                render_box(frame, area, app.t("clash.title"), lines, theme::warn());
            }
            Popup::Delete(ask) => {
                let question = app.labels.f("confirm.delete", &[("what", &ask.name)]);
                let question = format!("{question}\n{}", app.t("confirm.reason"));
                render_reason(frame, area, app.t("confirm.title"), &question, &ask.reason, app.t("hints.delete"));
            }
            Popup::Log(view) => {
                let entries: Vec<&[String]> = view.rows.iter().map(|r| r.lines.as_slice()).collect();
                let hints = hint_text(app);
                let keys = if view.rows.is_empty() { app.t("log.empty") } else { hints.as_str() };
                render_entries(frame, area, &view.title, &entries, view.cursor, keys);
            }
            Popup::Divisions(picker) => render_divisions(frame, app, area, picker),
            Popup::MonthNote(note) => {
                let (title, question) = match note.weight {
                    Some(i) => (
                        app.t("notes.weight_title"),
                        app.labels.f(
                            "notes.weight",
                            &[("name", app.t(&format!("ind.{}", i.code))), ("default", &i.default_weight.to_string())],
                        ),
                    ),
                    None => (
                        app.t("notes.title"),
                        app.labels.f(&format!("notes.{}", note.which), &[("month", &app.month.to_string())]),
                    ),
                };
                render_reason(frame, area, title, &question, &note.text, app.t("hints.notes"));
            }
            Popup::Files(view) => render_files(frame, app, area, view),
        }
    }
}

/// `p` / `I` on 概览: the choices and the path, or an import's dry-run report.
fn render_files(frame: &mut Frame, app: &App, area: Rect, view: &crate::app::files::FilesView) {
    use crate::app::files::{OUTPUTS, Stage};
    // While an import runs, keys wait: the line says how far it has got instead.
    let hints = hint_text(app);
    let keys = match (app.import_running(), &app.status) {
        (true, Some(progress)) => progress.as_str(),
        _ => hints.as_str(),
    };
    match &view.stage {
        Stage::Write { choice } => {
            use crate::domain::{assessment::Period, dates::YearMonth};
            let quarter = Period::bulletin_quarter(app.month, YearMonth::of(app.today));
            let quarter = crate::report::period_name(app.labels, quarter);
            let mut question: Vec<String> = OUTPUTS
                .iter()
                .enumerate()
                .map(|(i, k)| {
                    let mark = if i == *choice { "›" } else { " " };
                    format!(
                        "{mark} {}",
                        app.labels.f(
                            k,
                            &[
                                ("month", &app.month.to_string()),
                                ("year", &app.month.year.to_string()),
                                ("quarter", &quarter),
                            ],
                        )
                    )
                })
                .collect();
            question.push(app.t("files.path").to_string());
            render_reason(frame, area, app.t("files.write_title"), &question.join("\n"), &view.path, keys);
        }
        Stage::ImportPath { offered, picked } => {
            let mut question = vec![app.t("files.import_intro").to_string()];
            for (i, p) in offered.iter().enumerate() {
                let mark = if Some(i) == *picked { "›" } else { " " };
                let name = p.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
                question.push(format!("{mark} {name}"));
            }
            question.push(app.t("files.import_path").to_string());
            render_reason(frame, area, app.t("files.import_title"), &question.join("\n"), &view.path, keys);
        }
        Stage::Preview { lines, scroll } => {
            let w = crate::widgets::popup::entries_width(area);
            let wrapped: Vec<Vec<String>> = lines.iter().map(|l| crate::ui::text::wrap(l, w)).collect();
            let entries: Vec<&[String]> = wrapped.iter().map(Vec::as_slice).collect();
            render_entries(frame, area, app.t("files.preview_title"), &entries, *scroll, keys);
        }
    }
}

/// A message box: its text, then the key that dismisses it; the border says its tone.
fn render_message(frame: &mut Frame, app: &App, area: Rect, title: &str, text: &str, tone: Style) {
    let mut lines: Vec<Line> = text.lines().map(|l| Line::raw(l.to_string())).collect();
    lines.push(Line::styled(app.t("hints.dismiss"), theme::dim()));
    render_box(frame, area, title, lines, tone);
}

/// The official list: the query typed, the matching lines (villages already in the
/// ledger marked), the keys.
fn render_divisions(frame: &mut Frame, app: &App, area: Rect, picker: &crate::app::first_steps::DivisionPicker) {
    let title = match &picker.county {
        Some((_, county)) => app.labels.f("first.title", &[("county", county)]),
        None => app.t("first.title_county").to_string(),
    };
    let added = app.t("first.added_mark");
    let lines: Vec<String> = (0..picker.shown.len())
        .filter_map(|i| picker.choice(i))
        .map(|c| if picker.added(c) { format!("{}  {added}", c.text) } else { c.text.clone() })
        .collect();
    let counted = app.labels.f("first.count", &[("n", &picker.shown.len().to_string())]);
    let keys = app.t("hints.divisions");
    let picked = crate::widgets::popup::Picked { title: &title, count: &counted, lines: &lines, cursor: picker.cursor };
    crate::widgets::popup::render_picker_box(frame, area, &picked, &picker.query, keys);
}

/// One line per action of the keymap (the screen's own first), then the keys of forms.
pub(super) fn help_entries(app: &App) -> Vec<(String, String)> {
    // Each action's keys in the keymap's order; what the screen behind offers comes
    // first, in the key line's order, then the rest as the keymap lists them.
    let offered: Vec<crate::app::action::Action> =
        super::key_line::shown_commands(app).iter().flat_map(|c| c.actions.iter().copied()).collect();
    let mut ranked: Vec<(usize, String, String)> = Vec::new();
    for (key, action) in &app.keymap.bindings {
        let what = app.t(action.help_key()).to_string();
        let shown = crate::app::action::display_key(key);
        let rank = offered.iter().position(|o| o == action).unwrap_or(usize::MAX);
        match ranked.iter_mut().find(|(_, _, w)| *w == what) {
            Some((first, keys, _)) => {
                *first = (*first).min(rank);
                keys.push(' ');
                keys.push_str(&shown);
            }
            None => ranked.push((rank, shown, what)),
        }
    }
    ranked.sort_by_key(|(rank, _, _)| *rank);
    let mut entries: Vec<(String, String)> = ranked.into_iter().map(|(_, keys, what)| (keys, what)).collect();
    for (keys, what) in [
        ("Ctrl-S", "help.form_save"),
        ("Esc", "help.form_cancel"),
        ("Tab ↑ ↓", "help.form_move"),
        ("Enter", "help.form_pick"),
        ("Ctrl-C", "help.ctrl_c"),
        // What the marks in the lists mean.
        ("◆", "help.mark_monitored"),
        ("★", "help.mark_key_village"),
    ] {
        entries.push((keys.to_string(), app.t(what).to_string()));
    }
    entries
}
