//! Small overlays: a yes/no question, a message, the help screen.

use super::form_view::centered;
use crate::ui::text::{pad, width};
use crate::ui::theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

pub fn render_box(frame: &mut Frame, area: Rect, title: &str, lines: Vec<Line>, style: Style) {
    let content_w = lines
        .iter()
        .map(|l| l.width())
        .max()
        .unwrap_or(10)
        .max(width(title) + 4);
    let w = (content_w + 4).min(area.width as usize - 2) as u16;
    let inner_w = w.saturating_sub(2).max(1) as usize;
    let wrapped: usize = lines
        .iter()
        .map(|l| l.width().div_ceil(inner_w).max(1))
        .sum();
    let h = (wrapped + 2) as u16;
    let popup = centered(area, w, h);
    frame.render_widget(Clear, popup);
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(style)
        .title(Span::styled(format!(" {title} "), style));
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false }),
        popup,
    );
}

/// The help overlay: one line per key, in two columns when there is room.
pub fn render_help(frame: &mut Frame, area: Rect, title: &str, entries: &[(String, String)]) {
    let key_w = entries.iter().map(|(k, _)| width(k)).max().unwrap_or(4);
    let lines: Vec<Line> = entries
        .iter()
        .map(|(k, what)| {
            Line::from(vec![
                Span::styled(pad(k, key_w + 2), theme::key()),
                Span::raw(what.clone()),
            ])
        })
        .collect();
    let popup = centered(area, 72, lines.len() as u16 + 2);
    frame.render_widget(Clear, popup);
    let block = Block::default()
        .borders(Borders::ALL)
        .title(Span::styled(format!(" {title} "), theme::title()));
    frame.render_widget(Paragraph::new(lines).block(block), popup);
}
