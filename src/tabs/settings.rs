//! 设置: the monitoring lines (监测范围) by province and year, the visit rules, and
//! the weights of the year's assessment (年考评).

use super::field_line;
use crate::app::App;
use crate::domain::divisions;
use crate::domain::money::format_yuan;
use crate::domain::vocab::list;
use crate::store::{ListRow, Setting, SettingRow};
use crate::ui::theme;
use crate::widgets::table::{Column, Row};
use ratatui::text::Line;

pub(super) fn columns(app: &App) -> Vec<Column> {
    let t = |k| app.t(k);
    vec![
        Column::fixed(t("settings.kind"), 8),
        Column::flex(t("settings.applies_to"), 14),
        Column::fixed(t("settings.standard"), 18),
        Column::flex(t("settings.source"), 10),
    ]
}

fn province_name(code: &str) -> String {
    divisions::province(code).map_or_else(|| code.to_string(), |p| p.name)
}

/// An assessment weight's row: its indicator and weight (as written, or the default).
fn weight_cells(app: &App, s: &SettingRow) -> [String; 4] {
    let indicator = crate::domain::assessment::indicator_of_key(&s.id);
    let name = indicator.map(|i| app.t(&format!("ind.{}", i.code)).to_string()).unwrap_or_default();
    let weight = match crate::domain::assessment::parse_weight(&s.weight_text) {
        Some(w) => w.to_string(),
        None => app.labels.f("settings.default_value", &[("n", &s.weight_default.to_string())]),
    };
    [app.t("settings.weight").to_string(), name, weight, app.t("settings.weight_source").to_string()]
}

/// Kind, what it applies to, its standard, its source.
fn cells(app: &App, s: &SettingRow) -> [String; 4] {
    match s.setting() {
        Some(Setting::Weight) => weight_cells(app, s),
        Some(Setting::Threshold) => [
            app.t("settings.line").to_string(),
            format!("{} {}", province_name(&s.province), s.year),
            format!("{} {}", format_yuan(s.amount_fen), app.t("unit.yuan")),
            s.source.clone(),
        ],
        Some(Setting::VisitRule) | None => {
            let standard = if s.visits == 0 {
                app.t("settings.no_visits").to_string()
            } else {
                let key = if s.home_only { "settings.visits_home" } else { "settings.visits" };
                let period = app.vocab.label(list::VISIT_PERIOD, &s.period, app.lang);
                app.labels.f(key, &[("period", period), ("n", &s.visits.to_string())])
            };
            [
                app.t("settings.rule").to_string(),
                app.vocab.label(list::VISIT_GROUP, &s.group_code, app.lang).to_string(),
                standard,
                String::new(),
            ]
        }
    }
}

pub(super) fn row(app: &App, r: &ListRow) -> Row {
    Row { cells: cells(app, &r.extras()).to_vec(), mark: None }
}

pub(super) fn detail(app: &App, r: &ListRow, line_missing: bool) -> Vec<Line<'static>> {
    let s: SettingRow = r.extras();
    let [kind, applies, standard, source] = cells(app, &s);
    let t = |k| app.t(k);
    let mut lines = vec![Line::styled(kind, theme::title())];
    lines.push(field_line(t("settings.applies_to"), applies));
    lines.push(field_line(t("settings.standard"), standard));
    if !source.is_empty() {
        lines.push(field_line(t("settings.source"), source));
    }
    if let Some(i) = crate::domain::assessment::indicator_of_key(&s.id).filter(|_| s.setting() == Some(Setting::Weight))
    {
        lines.push(field_line(t("settings.weight_meaning"), app.t(&format!("ind.def.{}", i.code)).to_string()));
        lines.push(Line::raw(""));
        lines.push(Line::raw(t("settings.weight_how").to_string()));
    }
    if s.setting() == Some(Setting::Threshold) {
        // What the province sets beside its line, or the default when it set none.
        let set_or = |value: &str, default: i64| {
            let value = value.to_string();
            match value.is_empty() {
                true => app.labels.f("settings.default_value", &[("n", &default.to_string())]),
                false => value,
            }
        };
        use crate::domain::income::{DEFAULT_IDENTIFICATION_DAYS, DEFAULT_WAIT_MONTHS};
        lines.push(field_line(
            app.labels.field("threshold", "wait_months"),
            set_or(&s.wait_months, DEFAULT_WAIT_MONTHS),
        ));
        lines.push(field_line(
            app.labels.field("threshold", "identification_days"),
            set_or(&s.identification_days, DEFAULT_IDENTIFICATION_DAYS),
        ));
    }
    if line_missing {
        lines.push(Line::styled(format!("! {}", t("settings.line_missing")), theme::warn()));
    }
    lines
}
