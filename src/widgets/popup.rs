//! Small overlays: a yes/no question, a message, the help screen.

use super::form_view::centered;
use crate::ui::text::{pad, width};
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

/// The help overlay: one line per key, in two columns when there is room.
pub fn render_help(frame: &mut Frame, area: Rect, title: &str, entries: &[(String, String)]) {
    let key_w = entries.iter().map(|(k, _)| width(k)).max().unwrap_or(4);
    let lines: Vec<Line> = entries
        .iter()
        .map(|(k, what)| Line::from(vec![Span::styled(pad(k, key_w + 2), theme::key()), Span::raw(what.clone())]))
        .collect();
    let popup = centered(area, 72, lines.len() as u16 + 2);
    clear(frame, popup);
    let block = Block::default().borders(Borders::ALL).title(Span::styled(format!(" {title} "), theme::title()));
    frame.render_widget(Paragraph::new(lines).block(block), popup);
}
