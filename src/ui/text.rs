//! Text measured in terminal cells: a Chinese character takes two, and is never cut in half.

use ratatui::style::Style;
use ratatui::text::{Line, Span};
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

/// Key hints ("a 新增 · e 修改 · … · ? 帮助 · q 退出") in at most `max` cells: the
/// first and the last two stay, the ones before those go first; "…" if still too long.
pub fn fit_items(text: &str, max: usize) -> String {
    const SEPARATOR: &str = " · ";
    let mut items: Vec<&str> = text.split(SEPARATOR).collect();
    while width(&items.join(SEPARATOR)) > max && items.len() > 3 {
        items.remove(items.len() - 3);
    }
    fit(&items.join(SEPARATOR), max)
}

/// Breaks `s` into lines of at most `max` cells (see [`wrap_line`] for where).
pub fn wrap(s: &str, max: usize) -> Vec<String> {
    wrap_line(&Line::raw(s.to_string()), max)
        .iter()
        .map(|l| l.spans.iter().map(|s| s.content.as_ref()).collect())
        .collect()
}

/// Closing punctuation a line may not begin with, and opening punctuation it may not
/// end with (the Chinese typesetting rule, 避头尾).
const NO_LINE_START: &str = "，。、：；！？）》」』】”’…·%";
const NO_LINE_END: &str = "（《「『【“‘";

/// Whether a line may break before `next`, which follows `prev`: after a space, or
/// between two Chinese characters. Never inside a run of letters, digits and signs
/// (a figure such as 50,158.20, 2344户's number, a date, an ID), so no figure is
/// ever split over two lines.
fn may_break(prev: &str, next: &str) -> bool {
    if next == " " {
        return false;
    }
    if prev == " " {
        return true;
    }
    // Full-width digits and letters (as an input method types ２０２６) are wide but
    // are a figure or word all the same.
    let full_width_word = |g: &str| g.chars().all(|c| c.is_alphanumeric() && ('\u{FF10}'..='\u{FF5A}').contains(&c));
    let wide = |g: &str| width(g) > 1 && !full_width_word(g);
    wide(prev) && wide(next) && !NO_LINE_START.contains(next) && !NO_LINE_END.contains(prev)
}

/// Breaks a styled line into lines of at most `max` cells, at the places
/// [`may_break`] allows; a run longer than a whole line is cut where the line ends.
/// Spaces at a break are dropped.
pub fn wrap_line(line: &Line<'_>, max: usize) -> Vec<Line<'static>> {
    let max = max.max(2);
    let cells: Vec<(&str, Style)> = line
        .spans
        .iter()
        .flat_map(|s| s.content.graphemes(true).map(move |g| (g, line.style.patch(s.style))))
        .collect();
    let mut lines = Vec::new();
    let mut current: Vec<(&str, Style)> = Vec::new();
    let mut used = 0;
    for (g, style) in cells {
        let w = width(g);
        if used + w > max && !current.is_empty() {
            // A space that does not fit is where the line breaks.
            if g == " " {
                lines.push(styled(&std::mem::take(&mut current)));
                used = 0;
                continue;
            }
            // A break leaves text on the line: never after leading spaces alone.
            let text_before = |at: usize| current.iter().take(at).any(|c| c.0 != " ");
            let here = current.last().is_some_and(|c| may_break(c.0, g)) && text_before(current.len());
            let at = if here {
                Some(current.len())
            } else {
                current
                    .windows(2)
                    .rposition(|pair| matches!(pair, [a, b] if may_break(a.0, b.0)))
                    .map(|i| i + 1)
                    .filter(|&at| text_before(at))
            };
            let carried = match at {
                Some(at) => current.split_off(at),
                None => Vec::new(),
            };
            lines.push(styled(&current));
            current = carried.into_iter().skip_while(|c| c.0 == " ").collect();
            used = current.iter().map(|c| width(c.0)).sum();
            // What was carried and this character may still not fit together.
            if used + w > max && !current.is_empty() {
                lines.push(styled(&std::mem::take(&mut current)));
                used = 0;
            }
        }
        current.push((g, style));
        used += w;
    }
    lines.push(styled(&current));
    lines
}

/// Cells back into a line: one span per run of one style, trailing spaces dropped.
fn styled(cells: &[(&str, Style)]) -> Line<'static> {
    let end = cells.iter().rposition(|c| c.0 != " ").map_or(0, |i| i + 1);
    let mut spans: Vec<Span<'static>> = Vec::new();
    for (g, style) in cells.iter().take(end) {
        match spans.last_mut() {
            Some(last) if last.style == *style => last.content.to_mut().push_str(g),
            _ => spans.push(Span::styled(g.to_string(), *style)),
        }
    }
    Line::from(spans)
}

/// Lays out units that must not be broken (a label with its figure) left to right,
/// `separator` between two on one line, a unit that does not fit going whole to the
/// next line. A unit wider than a whole line is wrapped by [`wrap_line`].
pub fn flow(units: Vec<Vec<Span<'static>>>, separator: &Span<'static>, max: usize) -> Vec<Line<'static>> {
    let mut lines: Vec<Line<'static>> = Vec::new();
    let mut current: Vec<Span<'static>> = Vec::new();
    let mut used = 0;
    for unit in units {
        let unit_w: usize = unit.iter().map(Span::width).sum();
        let sep_w = if current.is_empty() { 0 } else { separator.width() };
        if used + sep_w + unit_w <= max {
            if !current.is_empty() {
                current.push(separator.clone());
            }
            current.extend(unit);
            used += sep_w + unit_w;
            continue;
        }
        if !current.is_empty() {
            lines.push(Line::from(std::mem::take(&mut current)));
        }
        let mut pieces = wrap_line(&Line::from(unit), max);
        let last = pieces.pop().unwrap_or_default();
        lines.extend(pieces);
        used = last.width();
        current = last.spans;
    }
    if !current.is_empty() || lines.is_empty() {
        lines.push(Line::from(current));
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

    #[test]
    fn units_stay_whole() {
        let unit = |s: &str| vec![Span::raw(s.to_string())];
        let text = |lines: Vec<Line>| lines.iter().map(|l| l.to_string()).collect::<Vec<_>>();
        let sep = Span::raw("  ");
        assert_eq!(
            text(flow(vec![unit("本月已走访 4973"), unit("其中逾期 130"), unit("本月走访次数 7937")], &sep, 32)),
            ["本月已走访 4973  其中逾期 130", "本月走访次数 7937"]
        );
        assert_eq!(text(flow(vec![unit("甲乙丙丁戊己")], &sep, 6)), ["甲乙丙", "丁戊己"]);
    }

    #[test]
    fn words_wrap_at_spaces_and_chinese_anywhere() {
        assert_eq!(wrap("Switch view: overview warnings", 16), ["Switch view:", "overview", "warnings"]);
        assert_eq!(wrap("概览：上一月 / 下一月", 10), ["概览：上一", "月 / 下一", "月"]);
        // A word longer than the line is cut where the line ends.
        assert_eq!(wrap("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        // A Chinese word after a space is not carried: it breaks anywhere.
        assert_eq!(wrap("ab 柳林村", 5), ["ab 柳", "林村"]);
        // A figure is never split, a closing mark never starts a line.
        assert_eq!(wrap("本月走访次数 2925", 12), ["本月走访次数", "2925"]);
        assert_eq!(wrap("已到位 50,158.20 万元", 14), ["已到位", "50,158.20 万元"]);
        assert_eq!(wrap("应为日期，如 2026-03-05。", 12), ["应为日期，如", "2026-03-05。"]);
        assert_eq!(wrap("甲乙丙，丁", 6), ["甲乙", "丙，丁"]);
        // A figure typed in full-width digits is not split either.
        assert_eq!(wrap("走访次数２９２５", 12), ["走访次", "数２９２５"]);
        // Leading spaces are no place to break, and no line runs over.
        assert_eq!(wrap("  甲乙丙", 5), ["  甲", "乙丙"]);
        for line in wrap(" 柳林村民委员会 abcdefgh 2026-03-05", 7) {
            assert!(width(&line) <= 7, "{line}");
        }
        for line in wrap("Record the selected cadre's days in the village and leave this month", 20) {
            assert!(width(&line) <= 20, "{line}");
        }
    }
}
