//! 人员: cadres and helpers, picked by name in the forms.

use super::{field_cell, field_column, field_line};
use crate::app::App;
use crate::domain::cadre::Cadre;
use crate::domain::dates::format_date;
use crate::domain::record::Record;
use crate::domain::vocab::list;
use crate::store::ListRow;
use crate::ui::theme;
use crate::widgets::table::{Column, Row};
use ratatui::text::Line;

pub(super) fn columns(app: &App) -> Vec<Column> {
    let def = Cadre::DEF;
    vec![
        field_column(app, def, "name"),
        field_column(app, def, "role"),
        Column::flex(app.labels.field("cadre", "unit"), 12),
        field_column(app, def, "phone"),
        Column::flex(app.labels.field("cadre", "villages"), 8),
    ]
}

pub(super) fn row(app: &App, r: &ListRow) -> Row {
    let def = Cadre::DEF;
    Row {
        cells: vec![
            r.text("name"),
            field_cell(app, def, r, "role"),
            r.text("unit"),
            r.text("phone"),
            r.text("village_names"),
        ],
        mark: None,
    }
}

pub(super) fn detail(app: &App, c: &Cadre, villages: &[String], helped: i64) -> Vec<Line<'static>> {
    let t = |k| app.t(k);
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
        field_line(t("cadre.villages"), villages.join(app.t("common.list_separator"))),
        field_line(t("cadre.term"), term),
        field_line(t("cadre.helped"), helped.to_string()),
    ]
}
