//! 设置: the monitoring lines (监测范围) by province and year, and the visit rules.

use super::field_line;
use crate::app::{App, FormKind};
use crate::domain::divisions;
use crate::domain::money::format_yuan;
use crate::domain::vocab::list;
use crate::ui::theme;
use crate::widgets::table::{Column, Row};
use ratatui::text::Line;

pub fn columns(app: &App) -> Vec<Column> {
    let t = |k| app.t(k);
    vec![
        Column::fixed(t("settings.kind"), 8),
        Column::flex(t("settings.applies_to"), 14),
        Column::fixed(t("settings.standard"), 14),
        Column::flex(t("settings.source"), 10),
    ]
}

fn province_name(code: &str) -> String {
    divisions::province(code).map_or_else(|| code.to_string(), |p| p.name)
}

pub fn row(app: &App, position: usize) -> Row {
    let w = &app.ledger.work;
    let cells = match app.settings_record(position) {
        Some((FormKind::Threshold, _)) => {
            let l = &w.thresholds[position];
            vec![
                app.t("settings.line").to_string(),
                format!("{} {}", province_name(&l.province), l.year),
                format!("{} {}", format_yuan(l.amount_fen), app.t("unit.yuan")),
                l.source.clone(),
            ]
        }
        _ => {
            let r = &w.rules[position - w.thresholds.len()];
            let standard = if r.visits == 0 {
                app.t("settings.no_visits").to_string()
            } else {
                app.labels.f(
                    "settings.visits",
                    &[
                        ("period", app.vocab.label(list::VISIT_PERIOD, &r.period, app.lang)),
                        ("n", &r.visits.to_string()),
                    ],
                )
            };
            vec![
                app.t("settings.rule").to_string(),
                app.vocab.label(list::VISIT_GROUP, &r.group, app.lang).to_string(),
                standard,
                String::new(),
            ]
        }
    };
    Row { cells, mark: None }
}

pub fn detail(app: &App, position: usize) -> Vec<Line<'static>> {
    let r = row(app, position);
    let t = |k| app.t(k);
    let mut lines = vec![Line::styled(r.cells[0].clone(), theme::title())];
    lines.push(field_line(t("settings.applies_to"), r.cells[1].clone()));
    lines.push(field_line(t("settings.standard"), r.cells[2].clone()));
    if !r.cells[3].is_empty() {
        lines.push(field_line(t("settings.source"), r.cells[3].clone()));
    }
    if app.ledger.line_missing() {
        lines.push(Line::styled(format!("! {}", t("settings.line_missing")), theme::warn()));
    }
    lines
}
