//! Text measured in terminal cells: a Chinese character takes two, and is never cut in half.

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// Cuts `s` to at most `max` cells, ending with `…` when something was cut.
pub fn fit(s: &str, max: usize) -> String {
    if width(s) <= max {
        return s.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for g in s.graphemes(true) {
        let w = width(g);
        if used + w > max - 1 {
            break;
        }
        out.push_str(g);
        used += w;
    }
    out.push('…');
    out
}

/// Breaks `s` into lines of at most `max` cells (by characters: Chinese text has no
/// spaces to break at), never cutting a character in half.
pub fn wrap(s: &str, max: usize) -> Vec<String> {
    let mut lines = vec![String::new()];
    let mut used = 0;
    for g in s.graphemes(true) {
        let w = width(g);
        if used + w > max.max(2) && used > 0 {
            lines.push(String::new());
            used = 0;
        }
        if let Some(last) = lines.last_mut() {
            last.push_str(g);
        }
        used += w;
    }
    lines
}

/// `[######..............]`: `done` of `total` in `cells` marks.
pub fn progress_bar(done: usize, total: usize, cells: usize) -> String {
    let filled = (done * cells).checked_div(total).unwrap_or(cells).min(cells);
    format!("[{}{}]", "#".repeat(filled), ".".repeat(cells - filled))
}

/// Pads with spaces on the right to exactly `cells` (cutting first if needed).
pub fn pad(s: &str, cells: usize) -> String {
    let mut out = fit(s, cells);
    let w = width(&out);
    out.extend(std::iter::repeat_n(' ', cells.saturating_sub(w)));
    out
}

/// Pads on the left (right-aligns), for numbers and form labels.
pub fn pad_left(s: &str, cells: usize) -> String {
    let cut = fit(s, cells);
    let w = width(&cut);
    format!("{}{cut}", " ".repeat(cells.saturating_sub(w)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_is_two_cells_and_never_halved() {
        assert_eq!(width("柳林村"), 6);
        assert_eq!(fit("柳林村民委员会", 7), "柳林村…");
        assert_eq!(width(&fit("柳林村民委员会", 8)), 7);
        assert_eq!(pad("张三", 6), "张三  ");
        assert_eq!(pad_left("12", 4), "  12");
        assert_eq!(fit("abc", 3), "abc");
    }
}
