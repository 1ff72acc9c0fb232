//! Small overlays: a yes/no question, a message, the help screen.

use super::form_view::centered;
use crate::ui::text::{fit, pad, width};
use crate::ui::theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

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

pub fn render_box(frame: &mut Frame, area: Rect, title: &str, lines: Vec<Line>, style: Style) {
    let content_w = lines.iter().map(|l| l.width()).max().unwrap_or(10).max(width(title) + 4);
    let w = (content_w + 4).min(area.width as usize - 2) as u16;
    let inner_w = w.saturating_sub(2).max(1) as usize;
    let wrapped: usize = lines.iter().map(|l| l.width().div_ceil(inner_w).max(1)).sum();
    let h = (wrapped + 2) as u16;
    let popup = centered(area, w, h);
    clear(frame, popup);
    let block =
        Block::default().borders(Borders::ALL).border_style(style).title(Span::styled(format!(" {title} "), style));
    frame.render_widget(Paragraph::new(lines).block(block).wrap(Wrap { trim: false }), popup);
}

/// The help overlay: one line per key; in two columns when one would not fit.
pub fn render_help(frame: &mut Frame, area: Rect, title: &str, entries: &[(String, String)]) {
    let rows_available = area.height.saturating_sub(4) as usize;
    let columns = if entries.len() > rows_available { 2 } else { 1 };
    let rows = entries.len().div_ceil(columns);
    let popup = centered(area, if columns == 2 { area.width } else { 72 }, rows as u16 + 2);
    clear(frame, popup);
    let block = Block::default().borders(Borders::ALL).title(Span::styled(format!(" {title} "), theme::title()));
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    let column_w = inner.width / columns as u16;
    for (c, chunk) in entries.chunks(rows).enumerate() {
        let key_w = chunk.iter().map(|(k, _)| width(k)).max().unwrap_or(4) + 1;
        let lines: Vec<Line> = chunk
            .iter()
            .map(|(k, what)| {
                let text = fit(what, (column_w as usize).saturating_sub(key_w + 1));
                Line::from(vec![Span::styled(pad(k, key_w), theme::key()), Span::raw(text)])
            })
            .collect();
        let x = inner.x + column_w * c as u16;
        frame.render_widget(Paragraph::new(lines), Rect::new(x, inner.y, column_w, inner.height));
    }
}
