//! A data table that asks for the cells of visible rows only, so a list of
//! 200,000 visits draws as fast as one of twenty.

use crate::ui::text::{pad, pad_left, width};
use crate::ui::theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use std::cell::Cell;

#[derive(Debug, Clone)]
pub struct Column {
    pub title: String,
    /// Width in terminal cells; a flexible column takes at least this much.
    pub width: usize,
    pub flex: bool,
    pub right: bool,
}

impl Column {
    pub fn fixed(title: &str, width: usize) -> Self {
        Column { title: title.into(), width, flex: false, right: false }
    }
    pub fn flex(title: &str, width: usize) -> Self {
        Column { title: title.into(), width, flex: true, right: false }
    }
    pub fn right(title: &str, width: usize) -> Self {
        Column { title: title.into(), width, flex: false, right: true }
    }
}

/// A row to draw: its cells and whether it needs attention (shown by a mark,
/// not by colour alone).
#[derive(Clone)]
pub struct Row {
    pub cells: Vec<String>,
    pub mark: Option<char>,
}

/// Selection and scroll position of one list.
#[derive(Debug, Default)]
pub struct ListCursor {
    pub selected: usize,
    pub offset: Cell<usize>,
}

impl ListCursor {
    pub fn clamp(&mut self, len: usize) {
        self.selected = self.selected.min(len.saturating_sub(1));
    }
    pub fn step(&mut self, delta: isize, len: usize) {
        let target = self.selected as isize + delta;
        self.selected = target.clamp(0, len.saturating_sub(1) as isize) as usize;
    }

    /// The first row shown in a window of `height` rows, moved just enough to keep
    /// the selection in view.
    pub fn scroll(&self, height: usize, len: usize) -> usize {
        let mut offset = self.offset.get().min(len.saturating_sub(1));
        if self.selected < offset {
            offset = self.selected;
        } else if self.selected >= offset + height {
            offset = self.selected + 1 - height;
        }
        self.offset.set(offset);
        offset
    }
}

/// Gives each column its width: first what it asks; then the room left goes to the
/// columns whose title or shown cells would be cut, the least short first (so the
/// most columns show whole: "Unstable lifted-out household" before a long village
/// name takes it all); what is left after that, the flexible columns share.
fn layout(columns: &[Column], total: usize, rows: &[&Row]) -> Vec<usize> {
    let gaps = columns.len().saturating_sub(1);
    let mut widths: Vec<usize> = columns.iter().map(|c| c.width).collect();
    let mut spare = total.saturating_sub(widths.iter().sum::<usize>() + gaps + 2);
    let needs: Vec<usize> = columns
        .iter()
        .enumerate()
        .map(|(i, c)| rows.iter().filter_map(|r| r.cells.get(i)).map(|t| width(t)).fold(width(&c.title), usize::max))
        .collect();
    let mut short: Vec<(usize, usize)> =
        needs.iter().zip(&widths).enumerate().filter(|(_, (n, w))| n > w).map(|(i, (n, w))| (n - w, i)).collect();
    short.sort();
    for (missing, i) in short {
        let given = missing.min(spare);
        if let Some(w) = widths.get_mut(i) {
            *w += given;
        }
        spare -= given;
    }
    let flex_count = columns.iter().filter(|c| c.flex).count().max(1);
    for (w, c) in widths.iter_mut().zip(columns) {
        if c.flex {
            *w += spare / flex_count;
        }
    }
    widths
}

/// The cells a table needs for its title and the given rows to show whole.
pub fn wanted_width(columns: &[Column], rows: &[&Row]) -> usize {
    let gaps = columns.len().saturating_sub(1);
    let need = |i: usize, c: &Column| {
        rows.iter().filter_map(|r| r.cells.get(i)).map(|t| width(t)).fold(width(&c.title).max(c.width), usize::max)
    };
    columns.iter().enumerate().map(|(i, c)| need(i, c)).sum::<usize>() + gaps + 2
}

pub fn render_table(
    frame: &mut Frame,
    area: Rect,
    columns: &[Column],
    len: usize,
    cursor: &ListCursor,
    row: impl Fn(usize) -> Row,
) {
    if area.height < 2 {
        return;
    }
    let body = Rect::new(area.x, area.y + 1, area.width, area.height - 1);
    let height = body.height as usize;
    let offset = cursor.scroll(height, len);
    let rows: Vec<(usize, Row)> = (offset..len.min(offset + height)).map(|i| (i, row(i))).collect();
    let shown: Vec<&Row> = rows.iter().map(|(_, r)| r).collect();
    let widths = layout(columns, area.width as usize, &shown);
    let header: Vec<String> = columns.iter().zip(&widths).map(|(c, w)| pad(&c.title, *w)).collect();
    frame.render_widget(
        Line::styled(format!("  {}", header.join(" ")), theme::header()),
        Rect::new(area.x, area.y, area.width, 1),
    );
    let lines: Vec<Line> = rows
        .into_iter()
        .map(|(i, r)| {
            let cells: Vec<String> = r
                .cells
                .iter()
                .zip(columns.iter().zip(&widths))
                .map(|(text, (col, w))| if col.right { pad_left(text, *w) } else { pad(text, *w) })
                .collect();
            let mark = r.mark.map_or("  ".to_string(), |m| format!("{m} "));
            let text = pad(&format!("{mark}{}", cells.join(" ")), body.width as usize);
            let style: Style = if i == cursor.selected {
                theme::selected()
            } else if r.mark.is_some() {
                theme::warn()
            } else {
                theme::normal()
            };
            Line::from(Span::styled(text, style))
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), body);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flexible_columns_share_the_spare_width() {
        let cols = [Column::fixed("a", 10), Column::flex("b", 6), Column::flex("c", 6)];
        assert_eq!(layout(&cols, 40, &[]), [10, 13, 13]);
    }

    #[test]
    fn cut_columns_get_the_room_first_the_least_short_first() {
        let cols = [Column::fixed("类别", 12), Column::flex("村", 10), Column::fixed("n", 4)];
        let row = |a: &str, b: &str| Row { cells: vec![a.into(), b.into(), "1".into()], mark: None };
        let rows = [row("Unstable lifted-out household", "柳林村"), row("Marginal", "一个名字很长很长很长的村")];
        // 40 cells: 12 + 10 + 4 + 2 gaps + 2 mark = 30, 10 spare. The category lacks 17,
        // the village 14: the village is served first, then the rest to the category.
        let shown: Vec<&Row> = rows.iter().collect();
        assert_eq!(layout(&cols, 40, &shown), [12, 20, 4]);
        // 80 cells: both whole, the last room to the flexible village.
        assert_eq!(layout(&cols, 80, &shown), [29, 43, 4]);
    }
}
