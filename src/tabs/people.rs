//! 人员: cadres and helpers, picked by name in the forms.

use super::field_line;
use crate::app::App;
use crate::domain::dates::format_date;
use crate::domain::vocab::list;
use crate::ui::theme;
use crate::widgets::table::{Column, Row};
use ratatui::text::Line;

pub fn columns(app: &App) -> Vec<Column> {
    let t = |k| app.t(k);
    vec![
        Column::fixed(t("cadre.name"), 8),
        Column::fixed(t("cadre.role"), 12),
        Column::flex(t("cadre.unit"), 12),
        Column::fixed(t("cadre.phone"), 11),
        Column::flex(t("cadre.villages"), 8),
    ]
}

fn villages(app: &App, ids: &[String]) -> String {
    ids.iter().map(|id| app.ledger.village_name(id)).collect::<Vec<_>>().join(app.t("common.list_separator"))
}

pub fn row(app: &App, position: usize) -> Row {
    let c = &app.ledger.work.cadres[position];
    Row {
        cells: vec![
            c.name.clone(),
            c.role.as_deref().map_or(String::new(), |r| app.vocab.label(list::CADRE_ROLE, r, app.lang).to_string()),
            c.unit.clone(),
            c.phone.clone().unwrap_or_default(),
            villages(app, &c.villages),
        ],
        mark: None,
    }
}

pub fn detail(app: &App, position: usize) -> Vec<Line<'static>> {
    let c = &app.ledger.work.cadres[position];
    let t = |k| app.t(k);
    let helped = app.ledger.households.iter().filter(|h| h.helper == c.name).count();
    let term = format!(
        "{} – {}",
        c.term_start.map(format_date).unwrap_or_default(),
        c.term_end.map(format_date).unwrap_or_default()
    );
    vec![
        Line::styled(c.name.clone(), theme::title()),
        field_line(
            t("cadre.role"),
            c.role.as_deref().map_or(String::new(), |r| app.vocab.label(list::CADRE_ROLE, r, app.lang).to_string()),
        ),
        field_line(t("cadre.unit"), c.unit.clone()),
        field_line(t("cadre.phone"), c.phone.clone().unwrap_or_default()),
        field_line(t("cadre.villages"), villages(app, &c.villages)),
        field_line(t("cadre.term"), term),
        field_line(t("cadre.helped"), helped.to_string()),
    ]
}
