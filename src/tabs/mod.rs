//! Drawing: the tab bar, the current tab, the filter line, the status line, the
//! key hints, and any popup. `prepare` tells the application how many rows the
//! frame shows, so that it reads them; `draw` only draws what it read. Tabs never
//! touch the store.

mod cooperation;
mod households;
mod key_line;
mod overview;
mod parts;
mod people;
mod popups;
mod projects;
mod records;
mod settings;
mod tasks;
mod villages;
mod visits;

use crate::app::{App, Detail, Popup, Tab};
use crate::domain::field::{Align, RecordDef};
use crate::store::{ListKind, ListRow};
use crate::ui::text::{fit, width};
use crate::ui::theme;
use crate::widgets::table::{Column, Row, render_table};
use popups::{draw_popups, help_entries};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

pub const MIN_WIDTH: u16 = 80;
pub const MIN_HEIGHT: u16 = 24;
/// From this width the detail pane stands beside the table.
/// (Measured inside the gutter: a terminal of 120 columns draws in 119.)
const WIDE: u16 = 120 - 1;
/// The least a detail pane beside the table keeps.
const DETAIL_MIN: u16 = 32;

/// The area of the current tab between the tab bar and the three bottom lines.
fn body_area(area: Rect) -> Rect {
    Rect::new(area.x, area.y + 1, area.width, area.height.saturating_sub(4))
}

/// The screen less its last column, which nothing is drawn in: text never runs into
/// the terminal's edge (where a cut or split would not show), and a Chinese
/// character is never put in the last column, which some terminals (Windows'
/// console among them) wrap or draw half.
fn inside_gutter(area: Rect) -> Rect {
    Rect { width: area.width.saturating_sub(1), ..area }
}

/// Lays out the frame for the application's state and reads what it will show.
pub fn prepare(app: &mut App, area: Rect) {
    // Keys act on what the person sees: with the screen too small to show it, only
    // quitting works (a delete confirmed unseen is how a household was lost).
    app.screen_too_small = area.width < MIN_WIDTH || area.height < MIN_HEIGHT;
    if app.screen_too_small {
        return;
    }
    let area = inside_gutter(area);
    let body = body_area(area);
    let rows = match app.tab {
        Tab::Overview => {
            app.sync();
            overview::table_rows(app, body)
        }
        _ => body.height.saturating_sub(1) as usize,
    };
    let tab = app.tab;
    app.set_list_height(tab, rows);
    app.set_detail_beside(area.width >= WIDE);
    if matches!(app.popups.last(), Some(Popup::Help { .. })) {
        let most = crate::widgets::popup::help_max_scroll(popup_area(area, 1), &help_entries(app));
        if let Some(Popup::Help { scroll, max }) = app.popups.last_mut() {
            *max = most;
            *scroll = (*scroll).min(most);
        }
    }
    app.sync();
}

pub fn draw(frame: &mut Frame, app: &App) {
    let area = frame.area();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        draw_too_small(frame, app, area);
        return;
    }
    let area = inside_gutter(area);
    let bar = Rect::new(area.x, area.y, area.width, 1);
    let body = body_area(area);
    let filter = Rect::new(area.x, area.y + area.height - 3, area.width, 1);
    let status = Rect::new(area.x, area.y + area.height - 2, area.width, 1);
    let hints = Rect::new(area.x, area.y + area.height - 1, area.width, 1);
    draw_tab_bar(frame, app, bar);
    match app.tab {
        Tab::Overview => overview::render(frame, app, body),
        tab => draw_list_tab(frame, app, tab, body),
    }
    draw_filter_line(frame, app, filter);
    let wrapped = status_lines(app, area.width);
    let status_rows = wrapped.as_ref().map_or(1, |lines| lines.len() as u16);
    draw_status(frame, app, status, wrapped);
    key_line::draw_hints(frame, app, hints);
    draw_popups(frame, app, popup_area(area, status_rows));
}

/// Where popups go: above the status (one or two rows) and key lines, which stay in
/// view (a refusal's message stays readable under the form it refused).
fn popup_area(area: Rect, status_rows: u16) -> Rect {
    Rect { height: area.height.saturating_sub(1 + status_rows), ..area }
}

/// Disputes a merge left, said first on the status line until a person settles them.
fn disputes_notice(app: &App) -> Option<String> {
    (app.disputes_waiting > 0)
        .then(|| format!("{} ", app.labels.f("status.disputes", &[("n", &app.disputes_waiting.to_string())])))
}

/// The status line's room for a message, after a merge's disputes are said.
fn status_room(app: &App, width: u16) -> usize {
    (width as usize).saturating_sub(disputes_notice(app).map_or(0, |n| crate::ui::text::width(&n)))
}

/// A message too long to stand beside the file's name, wrapped in at most two rows
/// (the rest cut with "…" only past two full rows); `None` when it fits beside it.
fn status_lines(app: &App, width: u16) -> Option<Vec<String>> {
    let message = app.status.as_deref()?;
    let room = status_room(app, width);
    if crate::ui::text::width(message) <= room * 2 / 3 {
        return None;
    }
    let mut lines = crate::ui::text::wrap(message, room);
    if lines.len() > 2 {
        let first = lines.first().cloned().unwrap_or_default();
        let rest = message.get(first.len()..).unwrap_or_default().trim_start();
        lines = vec![first, fit(rest, room)];
    }
    Some(lines)
}

fn draw_too_small(frame: &mut Frame, app: &App, area: Rect) {
    let text = app.labels.f(
        "screen.too_small",
        &[
            ("w", &MIN_WIDTH.to_string()),
            ("h", &MIN_HEIGHT.to_string()),
            ("cw", &area.width.to_string()),
            ("ch", &area.height.to_string()),
        ],
    );
    frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), area);
}

/// The tab bar; the title and the demo mark give way when eight tabs need the room.
fn draw_tab_bar(frame: &mut Frame, app: &App, area: Rect) {
    let room = area.width as usize;
    let title = Span::styled(format!(" {} ", app.t("app.title")), theme::title());
    let demo = Span::styled(format!(" [{}]", app.t("app.demo")), theme::warn());
    // Narrower and narrower until the eight tabs fit: the active one keeps its name.
    let tabs = [TabBar::Padded, TabBar::Tight, TabBar::Short, TabBar::Numbers]
        .into_iter()
        .map(|style| tab_spans(app, style))
        .find(|spans| spans.iter().map(Span::width).sum::<usize>() <= room)
        .unwrap_or_else(|| tab_spans(app, TabBar::Numbers));
    let mut used: usize = tabs.iter().map(Span::width).sum();
    let mut spans = Vec::new();
    if used + title.width() <= room {
        used += title.width();
        spans.push(title);
    }
    spans.extend(tabs);
    if app.demo && used + demo.width() <= room {
        spans.push(demo);
    }
    frame.render_widget(Line::from(spans), area);
}

#[derive(Clone, Copy, PartialEq)]
enum TabBar {
    Padded,
    Tight,
    Short,
    Numbers,
}

fn tab_spans(app: &App, style: TabBar) -> Vec<Span<'static>> {
    Tab::ALL
        .iter()
        .enumerate()
        .map(|(i, tab)| {
            let active = *tab == app.tab;
            let label = match style {
                _ if active => app.t(tab.label_key()),
                TabBar::Padded | TabBar::Tight => app.t(tab.label_key()),
                TabBar::Short => app.t(tab.short_label_key()),
                TabBar::Numbers => "",
            };
            let text = match style {
                TabBar::Padded => format!(" {} {label} ", i + 1),
                _ if label.is_empty() => format!("{} ", i + 1),
                _ => format!("{} {label} ", i + 1),
            };
            Span::styled(text, if active { theme::tab_active() } else { theme::normal() })
        })
        .collect()
}

/// A list column for a declared field: its label, width and alignment.
pub fn field_column(app: &App, def: &RecordDef, key: &str) -> Column {
    let (width, align) = def.field(key).map_or((10, Align::Left), |f| (f.width, f.align));
    let title = app.labels.column(def.prefix, key);
    match align {
        Align::Right => Column::right(title, width),
        Align::Left => Column::fixed(title, width),
    }
}

/// A declared field of a list row, as a person reads it.
pub fn field_cell(app: &App, def: &RecordDef, row: &ListRow, key: &str) -> String {
    let Some(field) = def.field(key) else { return String::new() };
    let values = row.fields.values_of(&field.column_names());
    crate::ui::format::field_text(app.labels, &app.vocab, field, &values)
}

fn columns(app: &App, tab: Tab) -> Vec<Column> {
    match app.view_of(tab).list {
        Some(ListKind::Villages) => villages::columns(app),
        Some(ListKind::Households) => households::columns(app),
        Some(ListKind::Projects) => projects::columns(app),
        Some(ListKind::VisitsDue) => visits::due_columns(app),
        Some(ListKind::Visits) => visits::columns(app),
        Some(ListKind::Tasks(_)) => tasks::columns(app),
        Some(ListKind::People) => people::columns(app),
        Some(ListKind::Settings) => settings::columns(app),
        Some(ListKind::Records(list)) => records::columns(app, list),
        Some(ListKind::Warnings) | None => Vec::new(),
    }
}

fn row(app: &App, tab: Tab, r: &ListRow) -> Row {
    match app.view_of(tab).list {
        Some(ListKind::Villages) => villages::row(app, r),
        Some(ListKind::Households) => households::row(app, r),
        Some(ListKind::Projects) => projects::row(app, r),
        Some(ListKind::VisitsDue) => visits::due_row(app, r),
        Some(ListKind::Visits) => visits::row(app, r),
        Some(ListKind::Tasks(_)) => tasks::row(app, r),
        Some(ListKind::People) => people::row(app, r),
        Some(ListKind::Settings) => settings::row(app, r),
        Some(ListKind::Records(list)) => records::row(app, list, r),
        Some(ListKind::Warnings) | None => Row { cells: Vec::new(), mark: None },
    }
}

/// The selected record's details, and the line of the part the cursor is on.
fn detail(app: &App) -> (Vec<Line<'static>>, Option<usize>) {
    let lines = match &app.detail {
        Detail::Village { village, households, monitored } => villages::detail(app, village, *households, *monitored),
        Detail::Household(d) => return households::detail(app, d),
        Detail::Project { project, village_name, beneficiaries, arrivals } => {
            return projects::detail(app, project, village_name, beneficiaries, arrivals);
        }
        Detail::Visit { visit, head_name, village_name } => visits::detail(app, visit, head_name, village_name),
        Detail::Task { task, subject, meeting, answers, notes } => {
            tasks::detail(app, task, (subject, meeting, answers), notes)
        }
        Detail::Cadre { cadre, villages, helped, attendance } => {
            return people::detail(app, cadre, villages, *helped, attendance);
        }
        Detail::Setting { row, line_missing } => settings::detail(app, row, *line_missing),
        Detail::Party { party, villages, year, progress, other_years } => {
            return cooperation::detail(app, party, villages, (*year, progress), other_years);
        }
        Detail::Record { kind, row, warnings, named_by } => records::detail(app, *kind, row, warnings, named_by),
        Detail::None => Vec::new(),
    };
    (lines, None)
}

/// The width the table's shown rows need to show every cell whole.
fn wanted_table_width(cols: &[Column], rows: &[Row]) -> u16 {
    let shown: Vec<&Row> = rows.iter().collect();
    u16::try_from(crate::widgets::table::wanted_width(cols, &shown)).unwrap_or(u16::MAX)
}

/// A pane's lines wrapped at `width` (figures whole), and how far to scroll a pane
/// `height` rows high so that line `keep` and the one after it are in view: not at
/// all when they already are.
fn wrap_and_keep(lines: &[Line], keep: Option<usize>, width: u16, height: u16) -> (Vec<Line<'static>>, u16) {
    let mut rows = Vec::new();
    let (mut top, mut bottom) = (0, 0);
    for (i, line) in lines.iter().enumerate() {
        if Some(i) == keep {
            top = rows.len();
        }
        rows.extend(crate::ui::text::wrap_line(line, usize::from(width)));
        if keep.is_some_and(|k| i == k || i == k + 1) {
            bottom = rows.len();
        }
    }
    let scroll = bottom.saturating_sub(usize::from(height)).min(top);
    (rows, u16::try_from(scroll).unwrap_or(u16::MAX))
}

fn draw_list_tab(frame: &mut Frame, app: &App, tab: Tab, area: Rect) {
    let state = app.state(tab);
    let selected = state.list.selected_row().is_some();
    let wide = area.width >= WIDE;
    // The rows the table shows, made once a frame: they size the table and are drawn.
    let cols = columns(app, tab);
    let offset = state.list.cursor.scroll(usize::from(area.height.saturating_sub(1)), state.list.count);
    let shown: Vec<Row> = (offset..state.list.count.min(offset + usize::from(area.height)))
        .map(|i| state.list.row(i).map_or(Row { cells: Vec::new(), mark: None }, |r| row(app, tab, r)))
        .collect();
    let (table_area, detail_area) = if wide {
        // Three fifths, or what the shown rows need to be whole, leaving the pane its least.
        let wanted = wanted_table_width(&cols, &shown);
        let table_w = (area.width * 3 / 5).max(wanted.min(area.width.saturating_sub(DETAIL_MIN)));
        (
            Some(Rect::new(area.x, area.y, table_w, area.height)),
            Some(Rect::new(area.x + table_w, area.y, area.width - table_w, area.height)),
        )
    } else if state.detail_open && selected {
        (None, Some(area))
    } else {
        (Some(area), None)
    };
    if let Some(table_area) = table_area {
        if state.list.count == 0 {
            let key = match (state.filter.value().is_empty(), tab) {
                (false, _) => "list.no_match",
                // An empty ledger says what to do first.
                (true, Tab::Villages) => "list.empty_villages",
                (true, _) => "list.empty",
            };
            frame.render_widget(
                Paragraph::new(app.t(key)).style(theme::dim()).wrap(Wrap { trim: false }),
                Rect { y: table_area.y + 1, height: table_area.height.saturating_sub(1), ..table_area },
            );
        }
        render_table(frame, table_area, &cols, state.list.count, &state.list.cursor, |i| {
            shown.get(i.saturating_sub(offset)).cloned().unwrap_or(Row { cells: Vec::new(), mark: None })
        });
    }
    if let (Some(area), true) = (detail_area, selected) {
        let focused = state.detail_open;
        let border = if focused { theme::focus_label() } else { theme::dim() };
        let block = Block::default()
            .borders(Borders::LEFT | Borders::TOP)
            .border_style(border)
            .title(Span::styled(app.t("detail.title"), border));
        let (lines, keep) = detail(app);
        // The pane's inner size: one column of border on the left, one row on top.
        let height = area.height.saturating_sub(1);
        let (mut rows, mut scroll) = wrap_and_keep(&lines, keep, area.width.saturating_sub(1), height);
        if keep.is_none() {
            // Scrolled with ↑↓ when open; the last row says what is below.
            let most = rows.len().saturating_sub(usize::from(height));
            state.detail_scroll_max.set(most);
            let from = state.detail_scroll.min(most);
            scroll = u16::try_from(from).unwrap_or(u16::MAX);
            let below = most - from;
            if below > 0 && focused {
                let last = from + usize::from(height) - 1;
                if let Some(row) = rows.get_mut(last) {
                    let more = app.labels.f("detail.more_below", &[("n", &(below + 1).to_string())]);
                    *row = Line::styled(more, theme::key());
                }
            }
        }
        let pane = Paragraph::new(rows).block(block).scroll((scroll, 0));
        frame.render_widget(pane, area);
    }
}

fn draw_filter_line(frame: &mut Frame, app: &App, area: Rect) {
    if app.tab == Tab::Overview {
        return;
    }
    let state = app.tab_state();
    let view = app.view_of(app.tab);
    let view_name = if view.label.is_empty() { String::new() } else { format!("[{}] ", app.t(view.label)) };
    let total = state.list.total.unwrap_or(state.list.count).to_string();
    // A broad filter on a long list is counted roughly until scrolling reaches the end.
    let key = if state.list.exact { "filter.count" } else { "filter.count_approx" };
    let count = view_name + &app.labels.f(key, &[("shown", &state.list.count.to_string()), ("total", &total)]);
    let count = format!(" {count}");
    let count_w = width(&count) as u16;
    let prompt = format!("/ {}: ", app.t("filter.label"));
    let prompt_w = width(&prompt) as u16;
    let style = if state.filtering { theme::focus_label() } else { theme::dim() };
    frame.render_widget(Span::styled(prompt, style), Rect::new(area.x, area.y, prompt_w, 1));
    let input = Rect::new(area.x + prompt_w, area.y, area.width.saturating_sub(prompt_w + count_w), 1);
    if state.filter.value().is_empty() && !state.filtering {
        let long = app.t("filter.placeholder");
        let hint = if width(long) <= input.width as usize { long } else { app.t("filter.placeholder_short") };
        frame.render_widget(Span::styled(fit(hint, input.width as usize), theme::dim()), input);
    } else {
        state.filter.render(frame, input, theme::normal(), state.filtering && app.popups.is_empty());
    }
    frame.render_widget(
        Span::styled(count, theme::dim()),
        Rect::new(area.x + area.width.saturating_sub(count_w), area.y, count_w.min(area.width), 1),
    );
}

/// The status line: the file and who works on it, and the last message. A message
/// too long for the line takes the filter line above as well, wrapped, and is never
/// cut mid-sentence (the filter shows again with the next key).
/// `wrapped`: the message on its own rows when too long to stand beside the file's
/// name (`status_lines`, worked out once a frame).
fn draw_status(frame: &mut Frame, app: &App, area: Rect, wrapped: Option<Vec<String>>) {
    let file = &app.file_label;
    let who = format!("{}@{}", app.store.actor().user, app.store.actor().host);
    let mut left = format!("{} {} · {}", app.t("status.file"), file, who);
    if app.store.read_only() {
        left = format!("[{}] {left}", app.t("status.read_only"));
    }
    let room = status_room(app, area.width);
    let mut spans: Vec<Span> = disputes_notice(app).map(|n| Span::styled(n, theme::warn())).into_iter().collect();
    if let Some(lines) = wrapped {
        // Too long beside the file's name: the message alone, on two rows if it must.
        let height = lines.len().clamp(1, 2) as u16;
        let rows_area = Rect { y: (area.y + 1).saturating_sub(height), height, ..area };
        let mut rows: Vec<Line> = lines.into_iter().map(|l| Line::styled(l, theme::ok())).collect();
        if let Some(last) = rows.last_mut() {
            last.spans.splice(0..0, spans);
        }
        frame.render_widget(ratatui::widgets::Clear, rows_area);
        frame.render_widget(Paragraph::new(rows), rows_area);
        return;
    }
    match &app.status {
        Some(message) => {
            let left_w = room.saturating_sub(width(message) + 3);
            spans.push(Span::styled(fit(&left, left_w), theme::dim()));
            spans.push(Span::raw(" │ "));
            spans.push(Span::styled(message.clone(), theme::ok()));
        }
        None => spans.push(Span::styled(fit(&left, room), theme::dim())),
    }
    frame.render_widget(Line::from(spans), area);
}

/// `label  value` line for detail panes.
pub fn field_line(label: &str, value: impl Into<String>) -> Line<'static> {
    Line::from(vec![Span::styled(format!("{label} "), theme::dim()), Span::raw(value.into())])
}

pub fn section(title: &str) -> Line<'static> {
    Line::styled(format!("── {title} ──"), theme::header())
}
