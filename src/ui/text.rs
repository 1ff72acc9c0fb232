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

/// Breaks `s` into lines of at most `max` cells, never cutting a character in half:
/// Chinese text anywhere (it has no spaces to break at), a word of letters at the
/// space before it (unless it fills a line alone).
pub fn wrap(s: &str, max: usize) -> Vec<String> {
    let mut lines = vec![String::new()];
    let mut used = 0;
    for g in s.graphemes(true) {
        let w = width(g);
        if used + w > max.max(2) && used > 0 {
            let carried = lines.last_mut().map(|line| carry_word(line, g)).unwrap_or_default();
            used = width(&carried);
            lines.push(carried);
            if g == " " {
                continue;
            }
        }
        if let Some(last) = lines.last_mut() {
            last.push_str(g);
        }
        used += w;
    }
    lines
}

/// The end of a full line that is the start of a word `next` goes on: taken off the
/// line to go on the next one (nothing when `next` is no letter of a word).
fn carry_word(line: &mut String, next: &str) -> String {
    let in_word = |g: &str| g != " " && width(g) == 1;
    if !in_word(next) {
        return String::new();
    }
    match line.rfind(' ') {
        Some(at) if at + 1 < line.len() && line.get(at + 1..).is_some_and(|tail| tail.graphemes(true).all(in_word)) => {
            line.split_off(at + 1)
        }
        _ => String::new(),
    }
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

    #[test]
    fn words_wrap_at_spaces_and_chinese_anywhere() {
        assert_eq!(wrap("Switch view: overview warnings", 16), ["Switch view: ", "overview ", "warnings"]);
        assert_eq!(wrap("概览：上一月 / 下一月", 10), ["概览：上一", "月 / 下一", "月"]);
        // A word longer than the line is cut where the line ends.
        assert_eq!(wrap("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        // A Chinese word after a space is not carried: it breaks anywhere.
        assert_eq!(wrap("ab 柳林村", 5), ["ab 柳", "林村"]);
        for line in wrap("Record the selected cadre's days in the village and leave this month", 20) {
            assert!(width(&line) <= 20, "{line}");
        }
    }
}
