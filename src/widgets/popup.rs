//! Small overlays: a yes/no question, a message, the help screen.

use super::form_view::centered;
use super::text_field::TextField;
use crate::ui::text::{fit, pad, width};
use crate::ui::theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

/// Clears an area for a popup. A wide character just left of it would otherwise
/// keep its left half on screen with its right half under the border.
pub fn clear(frame: &mut Frame, area: Rect) {
    frame.render_widget(Clear, area);
    if area.x == 0 {
        return;
    }
    let buffer = frame.buffer_mut();
    for y in area.y..area.y + area.height {
        let left = &mut buffer[(area.x - 1, y)];
        if width(left.symbol()) > 1 {
            left.set_symbol(" ");
        }
    }
}

/// A box of text in the middle of `area`, as wide as its longest line allows; lines
/// wrap inside it (figures whole) with one empty cell before the right border.
pub fn render_box(frame: &mut Frame, area: Rect, title: &str, lines: Vec<Line>, style: Style) {
    let content_w = lines.iter().map(|l| l.width()).max().unwrap_or(10).max(width(title) + 4);
    let w = (content_w + 4).min((area.width as usize).saturating_sub(2)) as u16;
    let text_w = w.saturating_sub(3).max(1) as usize;
    let rows: Vec<Line> = lines.iter().flat_map(|l| crate::ui::text::wrap_line(l, text_w)).collect();
    let popup = centered(area, w, rows.len() as u16 + 2);
    clear(frame, popup);
    let block =
        Block::default().borders(Borders::ALL).border_style(style).title(Span::styled(format!(" {title} "), style));
    frame.render_widget(Paragraph::new(rows).block(block), popup);
}

/// The help overlay: one line per key, in two columns when every line fits whole
/// that way (a wide screen); else one column whose descriptions wrap, in a box as
/// large as the screen allows, scrolled (`scroll` lines) with the keys' line saying so.
pub fn render_help(
    frame: &mut Frame,
    area: Rect,
    titles: (&str, &str),
    entries: &[(String, String)],
    scroll: usize,
    keys: &str,
) {
    if two_columns_fit(area, entries) {
        return render_help_columns(frame, area, titles.0, entries);
    }
    let popup = large_box(area, 110, 2);
    clear(frame, popup);
    let block = Block::default().borders(Borders::ALL).title(Span::styled(format!(" {} ", titles.1), theme::title()));
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let lines = help_lines(entries, inner.width as usize);
    let rows = inner.height.saturating_sub(1) as usize;
    let from = scroll.min(lines.len().saturating_sub(rows));
    let mut shown: Vec<Line> = lines.into_iter().skip(from).take(rows).collect();
    shown.resize(rows, Line::raw(""));
    shown.push(Line::styled(fit(keys, inner.width as usize), theme::key()));
    frame.render_widget(Paragraph::new(shown), inner);
}

/// How far the one-column help can be scrolled in `area` (0 when it shows whole).
pub fn help_max_scroll(area: Rect, entries: &[(String, String)]) -> usize {
    if two_columns_fit(area, entries) {
        return 0;
    }
    let inner = large_box(area, 110, 2);
    let rows = inner.height.saturating_sub(3) as usize;
    help_lines(entries, inner.width.saturating_sub(2) as usize).len().saturating_sub(rows)
}

fn key_width(entries: &[(String, String)]) -> usize {
    entries.iter().map(|(k, _)| width(k)).max().unwrap_or(4) + 1
}

/// Where the entries split into two columns whose lines (descriptions wrapped within
/// a column) fit the screen's height; none when they do not.
fn two_column_split(area: Rect, entries: &[(String, String)]) -> Option<usize> {
    let text_w = help_column_width(area).saturating_sub(1) as usize;
    // Each entry's lines, wrapped once (this runs on every frame the help is shown).
    let key_w = key_width(entries);
    let heights: Vec<usize> = entries.iter().map(|(_, what)| wrapped_height(what, text_w, key_w)).collect();
    let total: usize = heights.iter().sum();
    let mut above = 0;
    let split = (1..entries.len()).find(|k| {
        above += heights.get(k - 1).copied().unwrap_or(0);
        above * 2 >= total
    })?;
    let (left, right) = entries.split_at(split);
    // Each column pads its keys to its own widest: measured as drawn.
    let lines = |part: &[(String, String)]| help_lines(part, text_w).len();
    (lines(left).max(lines(right)) + 2 <= area.height as usize).then_some(split)
}

/// Half the inside of the widest box `centered` gives.
fn help_column_width(area: Rect) -> u16 {
    centered(area, area.width, 1).width.saturating_sub(2) / 2
}

fn two_columns_fit(area: Rect, entries: &[(String, String)]) -> bool {
    two_column_split(area, entries).is_some()
}

fn render_help_columns(frame: &mut Frame, area: Rect, title: &str, entries: &[(String, String)]) {
    let Some(split) = two_column_split(area, entries) else { return };
    let (left, right) = entries.split_at(split);
    let column_w = help_column_width(area);
    let text_w = column_w.saturating_sub(1) as usize;
    let columns = [help_lines(left, text_w), help_lines(right, text_w)];
    let rows = columns.iter().map(Vec::len).max().unwrap_or(1);
    let popup = centered(area, area.width, rows as u16 + 2);
    clear(frame, popup);
    let block = Block::default().borders(Borders::ALL).title(Span::styled(format!(" {title} "), theme::title()));
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    for (c, lines) in columns.into_iter().enumerate() {
        let x = inner.x + column_w * c as u16;
        frame.render_widget(Paragraph::new(lines), Rect::new(x, inner.y, column_w, inner.height));
    }
}

fn wrapped_height(what: &str, text_w: usize, key_w: usize) -> usize {
    crate::ui::text::wrap(what, description_width(text_w, key_w)).len()
}

/// A description's cells beside its key, one kept empty before the border.
fn description_width(text_w: usize, key_w: usize) -> usize {
    text_w.saturating_sub(key_w + 1).max(8)
}

/// The one-column help's lines: each key, then its description wrapped beside it.
fn help_lines(entries: &[(String, String)], text_w: usize) -> Vec<Line<'static>> {
    let key_w = key_width(entries);
    let mut lines = Vec::new();
    for (key, what) in entries {
        let wrapped = crate::ui::text::wrap(what, description_width(text_w, key_w));
        for (n, part) in wrapped.into_iter().enumerate() {
            let shown_key = if n == 0 { pad(key, key_w) } else { " ".repeat(key_w) };
            lines.push(Line::from(vec![Span::styled(shown_key, theme::key()), Span::raw(part)]));
        }
    }
    lines
}

/// A box for a long list: the whole width on a narrow screen, so no row of what is
/// behind peeks in beside it; else `width` columns, centred, `margin` rows short.
/// The cells of text a line of `render_entries` holds in `area`.
pub fn entries_width(area: Rect) -> usize {
    large_box(area, 110, 2).width.saturating_sub(2) as usize
}

fn large_box(area: Rect, width: u16, margin: u16) -> Rect {
    if area.width < 112 {
        let h = area.height.saturating_sub(2).max(3);
        Rect::new(area.x, area.y + (area.height - h) / 2, area.width, h)
    } else {
        centered(area, width, area.height.saturating_sub(margin).max(5))
    }
}

/// A list of entries of a few lines each in a large box, the selected one marked and
/// kept in view (history, deleted records, disputes); the last line says the keys.
pub fn render_entries(frame: &mut Frame, area: Rect, title: &str, entries: &[&[String]], cursor: usize, keys: &str) {
    let popup = large_box(area, 110, 2);
    clear(frame, popup);
    let block = Block::default().borders(Borders::ALL).title(Span::styled(format!(" {title} "), theme::title()));
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let text_w = inner.width as usize;
    let rows = inner.height.saturating_sub(1) as usize;
    // The first entry shown: as late as needed for the selected one to end on screen.
    let mut first = 0;
    let lines_from = |first: usize| entries.iter().take(cursor + 1).skip(first).map(|e| e.len()).sum::<usize>();
    while first < cursor && lines_from(first) > rows {
        first += 1;
    }
    let mut lines: Vec<Line> = Vec::new();
    for (i, entry) in entries.iter().enumerate().skip(first) {
        let style = if i == cursor { theme::selected() } else { Style::default() };
        for text in entry.iter() {
            lines.push(Line::styled(pad(&fit(text, text_w.saturating_sub(1)), text_w), style));
        }
    }
    lines.truncate(rows);
    if entries.is_empty() {
        lines.push(Line::styled(fit(keys, text_w), theme::dim()));
    }
    frame.render_widget(Paragraph::new(lines), Rect::new(inner.x, inner.y, inner.width, rows as u16));
    let bottom = Rect::new(inner.x, inner.y + rows as u16, inner.width, 1);
    frame.render_widget(Span::styled(fit(keys, text_w), theme::key()), bottom);
}

/// Deleting: the question, the reason being typed, and the keys.
pub fn render_reason(frame: &mut Frame, area: Rect, title: &str, question: &str, field: &TextField, keys: &str) {
    let content = question.lines().map(width).max().unwrap_or(0).max(width(keys)).max(40) + 4;
    let w = (content as u16).min(area.width.saturating_sub(2)).max(10);
    let inner_w = w.saturating_sub(2).max(1) as usize;
    let wrapped: Vec<Line> =
        question.lines().flat_map(|l| crate::ui::text::wrap_line(&Line::raw(l), inner_w.saturating_sub(1))).collect();
    let question_rows = wrapped.len() as u16;
    let popup = centered(area, w, question_rows + 4);
    clear(frame, popup);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(theme::warn())
        .title(Span::styled(format!(" {title} "), theme::warn()));
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let at = |dy: u16, h: u16| Rect::new(inner.x, inner.y + dy, inner.width, h);
    frame.render_widget(Paragraph::new(wrapped), at(0, question_rows));
    field.render(frame, at(question_rows, 1), theme::focus_label(), true);
    let keys = crate::ui::text::fit_items(keys, inner_w.saturating_sub(1));
    frame.render_widget(Span::styled(keys, theme::key()), at(question_rows + 1, 1));
}

/// What a picker box shows: its title, how many lines match, the lines, the selected one.
pub struct Picked<'a> {
    pub title: &'a str,
    pub count: &'a str,
    pub lines: &'a [String],
    pub cursor: usize,
}

/// A list to pick from with its query typed on top (the official division list): the
/// selected line kept in view, the count beside the query, the keys at the bottom.
pub fn render_picker_box(frame: &mut Frame, area: Rect, picked: &Picked, query: &TextField, keys: &str) {
    let popup = large_box(area, 90, 4);
    clear(frame, popup);
    let title = Span::styled(format!(" {} ", picked.title), theme::title());
    let block = Block::default().borders(Borders::ALL).title(title);
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    if inner.height < 3 {
        return;
    }
    let text_w = inner.width as usize;
    let count_w = (width(picked.count) as u16 + 1).min(inner.width / 2);
    let query_w = inner.width.saturating_sub(count_w + 2);
    frame.render_widget(Span::styled("/ ", theme::focus_label()), Rect::new(inner.x, inner.y, 2, 1));
    query.render(frame, Rect::new(inner.x + 2, inner.y, query_w, 1), theme::normal(), true);
    let count_x = inner.x + inner.width - count_w;
    let count = Span::styled(fit(picked.count, count_w as usize), theme::dim());
    frame.render_widget(count, Rect::new(count_x, inner.y, count_w, 1));
    let rows = inner.height.saturating_sub(2) as usize;
    let first = (picked.cursor + 1).saturating_sub(rows);
    let shown: Vec<Line> = picked
        .lines
        .iter()
        .enumerate()
        .skip(first)
        .take(rows)
        .map(|(i, text)| {
            let style = if i == picked.cursor { theme::selected() } else { Style::default() };
            Line::styled(pad(&fit(text, text_w), text_w), style)
        })
        .collect();
    frame.render_widget(Paragraph::new(shown), Rect::new(inner.x, inner.y + 1, inner.width, rows as u16));
    let bottom = Rect::new(inner.x, inner.y + inner.height - 1, inner.width, 1);
    frame.render_widget(Span::styled(fit(keys, text_w), theme::key()), bottom);
}
