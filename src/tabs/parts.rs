//! Details whose parts a cursor walks (a household's members, steps …; a cadre's
//! months): the lines, with the selected part marked and its line kept for scrolling.

use crate::ui::theme;
use ratatui::text::{Line, Span};

/// Lines being written; parts are numbered in the order `Detail::parts` lists them.
pub(super) struct DetailLines {
    pub(super) lines: Vec<Line<'static>>,
    cursor: Option<usize>,
    part: usize,
    pub(super) selected: Option<usize>,
}

impl DetailLines {
    pub(super) fn new(cursor: Option<usize>) -> Self {
        DetailLines { lines: Vec::new(), cursor, part: 0, selected: None }
    }

    pub(super) fn push(&mut self, line: Line<'static>) {
        self.lines.push(line);
    }

    pub(super) fn part(&mut self, text: String, dim: bool) {
        let selected = self.cursor == Some(self.part);
        if selected {
            self.selected = Some(self.lines.len());
        }
        let style = match (selected, dim) {
            (true, _) => theme::selected(),
            (false, true) => theme::dim(),
            (false, false) => theme::normal(),
        };
        self.lines.push(Line::from(vec![Span::raw(if selected { "› " } else { "  " }), Span::styled(text, style)]));
        self.part += 1;
    }

    pub(super) fn empty(&mut self, text: &str) {
        self.lines.push(Line::styled(text.to_string(), theme::dim()));
    }
}
