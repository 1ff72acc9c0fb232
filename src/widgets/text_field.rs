//! A one-line text field measured in terminal cells, so the cursor sits where the
//! next character goes (input methods compose there), after Chinese text too.

use crate::ui::text::width;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::Span;
use tui_input::{Input, InputRequest};
use unicode_segmentation::UnicodeSegmentation;

#[derive(Debug, Clone, Default)]
pub struct TextField {
    input: Input,
}

impl TextField {
    pub fn new(value: &str) -> Self {
        TextField { input: Input::new(value.to_string()) }
    }

    pub fn value(&self) -> &str {
        self.input.value()
    }

    pub fn set(&mut self, value: &str) {
        self.input = Input::new(value.to_string());
    }

    pub fn clear(&mut self) {
        self.input.reset();
    }

    /// Applies an editing key; returns whether the text changed.
    pub fn handle_key(&mut self, key: KeyEvent) -> bool {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        let request = match key.code {
            KeyCode::Char('u') if ctrl => InputRequest::DeleteLine,
            KeyCode::Char('w') if ctrl => InputRequest::DeletePrevWord,
            KeyCode::Char('a') if ctrl => InputRequest::GoToStart,
            KeyCode::Char('e') if ctrl => InputRequest::GoToEnd,
            KeyCode::Char('k') if ctrl => InputRequest::DeleteTillEnd,
            KeyCode::Char(_) if ctrl => return false,
            KeyCode::Char(c) => InputRequest::InsertChar(c),
            KeyCode::Backspace => InputRequest::DeletePrevChar,
            KeyCode::Delete => InputRequest::DeleteNextChar,
            KeyCode::Left if ctrl => InputRequest::GoToPrevWord,
            KeyCode::Right if ctrl => InputRequest::GoToNextWord,
            KeyCode::Left => InputRequest::GoToPrevChar,
            KeyCode::Right => InputRequest::GoToNextChar,
            KeyCode::Home => InputRequest::GoToStart,
            KeyCode::End => InputRequest::GoToEnd,
            _ => return false,
        };
        self.input.handle(request).is_some_and(|c| c.value)
    }

    /// Inserts pasted text at the cursor; line breaks become spaces, and other control
    /// characters (an escape sequence copied along) are dropped: drawn, they would
    /// reach the terminal.
    pub fn paste(&mut self, text: &str) {
        for c in one_line(text).chars().filter(|c| !c.is_control()) {
            self.input.handle(InputRequest::InsertChar(c));
        }
    }

    /// Draws the visible part of the text in `area` (one line) and, when `focused`,
    /// places the terminal cursor after the character before it.
    pub fn render(&self, frame: &mut Frame, area: Rect, style: Style, focused: bool) {
        let cells = area.width as usize;
        let scroll = self.input.visual_scroll(cells.saturating_sub(1));
        let visible = slice_cells(self.value(), scroll, cells);
        frame.render_widget(Span::styled(visible, style), area);
        if focused {
            let x = area.x + (self.input.visual_cursor() - scroll).min(cells.saturating_sub(1)) as u16;
            frame.set_cursor_position(Position::new(x, area.y));
        }
    }
}

/// The graphemes of `s` after skipping `skip` cells, up to `max` cells.
fn slice_cells(s: &str, skip: usize, max: usize) -> String {
    let mut out = String::new();
    let (mut pos, mut used) = (0, 0);
    for g in s.graphemes(true) {
        let w = width(g);
        if pos < skip {
            pos += w;
            continue;
        }
        if used + w > max {
            break;
        }
        out.push_str(g);
        used += w;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursor_after_chinese_counts_cells() {
        let mut f = TextField::new("");
        f.paste("柳林村");
        assert_eq!(f.input.visual_cursor(), 6);
        f.handle_key(KeyEvent::from(KeyCode::Backspace));
        assert_eq!(f.value(), "柳林");
        assert_eq!(slice_cells("柳林村abc", 2, 5), "林村a");
    }
}

/// A paste into a one-line field, as one line: its lines trimmed and joined, with a
/// space only between two Latin words (`王\n二\r\n小` is `王二小`, a name copied from a
/// table cell; `Li\nMing` is `Li Ming`); a tab is a space.
pub fn one_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.split(['\n', '\r']).map(str::trim).filter(|l| !l.is_empty()) {
        let latin = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
        if !out.is_empty() && latin(out.chars().last()) && latin(line.chars().next()) {
            out.push(' ');
        }
        out.push_str(line);
    }
    out.replace('\t', " ")
}

#[cfg(test)]
mod paste_tests {
    use super::one_line;

    #[test]
    fn a_paste_is_one_line() {
        assert_eq!(one_line("王\n二\r\n小"), "王二小");
        assert_eq!(one_line("  青龙村\r\n 3组 \n"), "青龙村3组");
        assert_eq!(one_line("Li\nMing"), "Li Ming");
        assert_eq!(one_line("a\tb"), "a b");
        assert_eq!(one_line("13800138000"), "13800138000");
    }
}
