//! Drawing a form: label column, value column, an error line under each invalid
//! field, the open picker over the fields, and key hints at the bottom.

use super::form::{FieldKind, Form, FormField};
use crate::ui::Labels;
use crate::ui::text::{fit, fit_items, pad, pad_left, width, wrap};
use crate::ui::theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

/// The label column's bounds, in cells.
const LABEL_MIN: usize = 12;
const LABEL_MAX: usize = 34;
const PICKER_ROWS: usize = 8;

pub fn centered(area: Rect, max_width: u16, max_height: u16) -> Rect {
    let w = max_width.min(area.width.saturating_sub(2)).max(10);
    let h = max_height.min(area.height.saturating_sub(2)).max(3);
    Rect::new(area.x + (area.width.saturating_sub(w)) / 2, area.y + (area.height.saturating_sub(h)) / 2, w, h)
}

pub fn render_form(frame: &mut Frame, area: Rect, form: &Form, labels: &Labels) {
    // On a narrow terminal the form takes the full width: a sliver of the list
    // beside it only distracts.
    let popup_w = if area.width <= 100 { area.width } else { 110.min(area.width - 2) };
    let inner_w = popup_w.saturating_sub(2);
    // Long official labels (整户无劳动能力兜底保障户, 联农带农富农利益联结机制) show whole
    // from 80 columns: up to two fifths of the width goes to labels.
    let label_max = (inner_w as usize * 2 / 5).clamp(LABEL_MIN, LABEL_MAX);
    let label_w = form.fields.iter().map(|f| width(&f.label) + 1).max().unwrap_or(8).min(label_max);
    // One empty cell before the right border.
    let value_w = inner_w.saturating_sub(label_w as u16 + 3);
    // A field's rows: itself, then its error wrapped whole (never cut mid-sentence).
    let rows: Vec<(usize, Option<String>)> = form
        .fields
        .iter()
        .enumerate()
        .flat_map(|(i, f)| {
            let errors = f.error.as_ref().map(|e| wrap(&format!("✗ {e}"), value_w as usize)).unwrap_or_default();
            std::iter::once((i, None)).chain(errors.into_iter().map(move |line| (i, Some(line))))
        })
        .collect();
    let popup_h = (rows.len() as u16 + 3).min(area.height);
    let popup = Rect::new(area.x + (area.width - popup_w) / 2, area.y + (area.height - popup_h) / 2, popup_w, popup_h);
    super::popup::clear(frame, popup);
    let block = Block::default().borders(Borders::ALL).title(Span::styled(format!(" {} ", form.title), theme::title()));
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    if inner.height < 3 || inner.width < 20 {
        return;
    }
    let body = Rect::new(inner.x, inner.y, inner.width, inner.height - 1);
    let hints = Rect::new(inner.x, inner.y + inner.height - 1, inner.width.saturating_sub(1), 1);
    let value_x = body.x + label_w as u16 + 2;
    let focus_row = rows.iter().position(|(i, _)| *i == form.focus).unwrap_or(0);
    let visible = body.height as usize;
    let offset = (focus_row + 2).saturating_sub(visible).min(rows.len().saturating_sub(visible));
    let mut focus_y = body.y;
    for (line, (i, error)) in rows.iter().skip(offset).take(visible).enumerate() {
        let y = body.y + line as u16;
        let Some(field) = form.fields.get(*i) else { continue };
        if let Some(text) = error {
            frame.render_widget(Span::styled(text.as_str(), theme::error()), Rect::new(value_x, y, value_w, 1));
            continue;
        }
        let i = *i;
        let focused = i == form.focus;
        if focused {
            focus_y = y;
        }
        let marker = if field.required { "*" } else { "" };
        let label = pad_left(&format!("{}{marker}", field.label), label_w);
        let label_style = if focused {
            theme::focus_label()
        } else if field.error.is_some() {
            theme::error()
        } else {
            theme::normal()
        };
        let pointer = if focused {
            "›"
        } else if field.error.is_some() {
            "✗"
        } else {
            " "
        };
        frame.render_widget(
            Line::from(vec![Span::styled(pointer, label_style), Span::styled(label, label_style)]),
            Rect::new(body.x, y, label_w as u16 + 1, 1),
        );
        let value_area = Rect::new(value_x, y, value_w, 1);
        render_value(frame, value_area, form, field, focused, labels);
    }
    // Fields beyond the window are marked on the border, so none is silently cut.
    let border_x = inner.x + inner.width;
    if offset > 0 {
        frame.render_widget(Span::styled("▲", theme::focus_label()), Rect::new(border_x, body.y, 1, 1));
    }
    if offset + visible < rows.len() {
        let last = body.y + body.height.saturating_sub(1);
        frame.render_widget(Span::styled("▼", theme::focus_label()), Rect::new(border_x, last, 1, 1));
    }
    render_hints(frame, hints, form, labels);
    if form.picker.is_some() {
        // The list opens inside the form, above its key hints.
        render_picker(frame, Rect::new(value_x, focus_y, value_w, 1), body, form, labels);
    }
}

fn render_value(frame: &mut Frame, area: Rect, form: &Form, field: &FormField, focused: bool, labels: &Labels) {
    let w = area.width as usize;
    match &field.kind {
        FieldKind::Text if field.money => render_money(frame, area, field, focused, labels),
        FieldKind::Text | FieldKind::Suggest(_) => match field.counter() {
            Some((counter, over)) => {
                let counter = format!(" {counter}");
                let counter_w = width(&counter) as u16;
                let text_area = Rect { width: area.width.saturating_sub(counter_w), ..area };
                field.text.render(frame, text_area, theme::normal(), focused);
                let style = if over { theme::error() } else { theme::dim() };
                let at = Rect { x: text_area.x + text_area.width, width: counter_w.min(area.width), ..area };
                frame.render_widget(Span::styled(counter, style), at);
            }
            None => field.text.render(frame, area, theme::normal(), focused),
        },
        FieldKind::Flag => {
            let text = if field.value == "1" {
                format!("[x] {}", labels.t("common.yes"))
            } else {
                format!("[ ] {}", labels.t("common.no"))
            };
            frame.render_widget(Span::raw(text), area);
        }
        FieldKind::Tri => {
            let text = match field.value.as_str() {
                "1" => labels.t("common.yes"),
                "0" => labels.t("common.no"),
                _ => labels.t("common.unconfirmed"),
            };
            frame.render_widget(Span::raw(format!("‹{text}›")), area);
        }
        FieldKind::Choice(_) | FieldKind::Multi { .. } => {
            if focused && let Some(picker) = &form.picker {
                picker.query.render(frame, area, theme::normal(), true);
                return;
            }
            let sep = labels.t("common.list_separator");
            let shown: Vec<&str> =
                field.selected_codes().iter().map(|code| field.label_of(code).unwrap_or(code)).collect();
            let text =
                if shown.is_empty() && focused { labels.t("form.choose_hint").to_string() } else { shown.join(sep) };
            let style = if shown.is_empty() { theme::dim() } else { theme::normal() };
            frame.render_widget(Span::styled(fit(&format!("{text} ▾"), w), style), area);
            if focused {
                frame.set_cursor_position((area.x, area.y));
            }
        }
    }
}

/// An amount with its unit beside it, and what it comes to in 万元 or 亿元 once it
/// is that large: "50" reads "50 元", so 50万 meant is seen before it is saved.
fn render_money(frame: &mut Frame, area: Rect, field: &FormField, focused: bool, labels: &Labels) {
    use crate::domain::money::{format_wan, parse_fen};
    let typed = field.text.value();
    // As the record will read it: full-width digits (５０万) as the input method types them.
    let suffix = match parse_fen(&crate::domain::record::halfwidth(typed)) {
        _ if typed.trim().is_empty() => {
            if focused {
                labels.t("form.money_hint").to_string()
            } else {
                String::new()
            }
        }
        // The unit, unless typed (50万 needs no "元"), then what it comes to.
        Ok(fen) => {
            let unit = match typed.trim_end().ends_with(['元', '万', '亿']) {
                true => String::new(),
                false => format!("{} ", labels.t("form.money_unit")),
            };
            let comes_to = if fen >= 10_000_000_000 {
                labels.f("form.money_yi", &[("yi", &format_yi(fen))])
            } else if fen >= 1_000_000 {
                labels.f("form.money_wan", &[("wan", &format_wan(fen))])
            } else {
                String::new()
            };
            format!("{unit}{comes_to}").trim_end().to_string()
        }
        Err(_) => String::new(),
    };
    let text_w = (width(typed) as u16 + 1).min(area.width);
    let suffix_w = (width(&suffix) as u16).min(area.width.saturating_sub(text_w));
    let text_area = Rect { width: area.width.saturating_sub(suffix_w), ..area };
    field.text.render(frame, text_area, theme::normal(), focused);
    if suffix_w > 0 {
        let at = Rect { x: area.x + text_w.min(text_area.width), width: suffix_w, ..area };
        frame.render_widget(Span::styled(fit(&suffix, suffix_w as usize), theme::dim()), at);
    }
}

/// 亿元 with two decimals (88.00), for amounts of a reserve or a park.
fn format_yi(fen: i64) -> String {
    let hundredths = (fen + 50_000_000) / 100_000_000;
    format!("{}.{:02}", hundredths / 100, hundredths % 100)
}

fn render_hints(frame: &mut Frame, area: Rect, form: &Form, labels: &Labels) {
    let mut spans = Vec::new();
    let errors = form.error_count();
    if errors > 0 {
        spans.push(Span::styled(
            format!("✗ {}  ", labels.f("form.errors", &[("n", &errors.to_string())])),
            theme::error(),
        ));
    }
    let hint_key = match (&form.picker, &form.focused().kind) {
        (Some(_), FieldKind::Multi { .. }) => "form.hint_multi",
        (Some(_), FieldKind::Suggest(_)) => "form.hint_suggest",
        (Some(_), _) => "form.hint_picker",
        (None, FieldKind::Flag | FieldKind::Tri) => "form.hint_flag",
        (None, FieldKind::Choice(_) | FieldKind::Multi { .. }) => "form.hint_choice",
        (None, FieldKind::Text | FieldKind::Suggest(_)) => "form.hint_text",
    };
    let room = (area.width as usize).saturating_sub(spans.iter().map(Span::width).sum());
    spans.push(Span::styled(fit_items(labels.t(hint_key), room), theme::dim()));
    frame.render_widget(Line::from(spans), area);
}

fn render_picker(frame: &mut Frame, anchor: Rect, bounds: Rect, form: &Form, labels: &Labels) {
    let (Some(picker), Some(options)) = (&form.picker, form.focused().options()) else {
        return;
    };
    let multi = matches!(form.focused().kind, FieldKind::Multi { .. });
    let chosen = form.focused().selected_codes();
    // Inside the form: never over its hints or its border.
    let rows = picker.matches.len().clamp(1, PICKER_ROWS).min(usize::from(bounds.height.saturating_sub(2)).max(1));
    let height = rows as u16 + 2;
    let below = anchor.y + 1;
    let y =
        if below + height <= bounds.y + bounds.height { below } else { anchor.y.saturating_sub(height).max(bounds.y) };
    let area = Rect::new(anchor.x, y, anchor.width.min(bounds.x + bounds.width - anchor.x), height);
    super::popup::clear(frame, area);
    let count = labels.f("form.matches", &[("n", &picker.matches.len().to_string())]);
    let block = Block::default().borders(Borders::ALL).title(Span::styled(count, theme::dim()));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if picker.matches.is_empty() {
        frame.render_widget(Span::styled(labels.t("form.no_match"), theme::dim()), inner);
        return;
    }
    let start = picker.highlighted.saturating_sub(rows - 1);
    let w = inner.width as usize;
    let lines: Vec<Line> = picker
        .matches
        .iter()
        .enumerate()
        .skip(start)
        .take(rows)
        .filter_map(|(n, &i)| options.get(i).map(|o| (n, o)))
        .map(|(n, o)| {
            let check = if !multi {
                ""
            } else if chosen.contains(&o.code.as_str()) {
                "[x] "
            } else {
                "[ ] "
            };
            let label = format!("{check}{}", o.label);
            let label_w = (width(&label) + 2).min(w);
            let detail = fit(&o.detail, w.saturating_sub(label_w));
            let text = format!("{}{}", pad(&label, label_w), detail);
            let style = if n == picker.highlighted { theme::selected() } else { theme::normal() };
            Line::styled(pad(&text, w), style)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}
