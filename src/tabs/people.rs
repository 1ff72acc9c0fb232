//! 人员: cadres and helpers, picked by name in the forms.

use super::parts::DetailLines;
use super::{field_cell, field_column, field_line, section};
use crate::app::{App, Tab};
use crate::domain::cadre::{Attendance, Cadre, LEAVE_KINDS};
use crate::domain::dates::format_date;
use crate::domain::record::Record;
use crate::domain::vocab::list;
use crate::store::{CadreRow, ListRow};
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
    let cadre: Cadre = r.record();
    let works_in: CadreRow = r.extras();
    Row {
        cells: vec![
            cadre.name,
            field_cell(app, def, r, "role"),
            cadre.unit,
            cadre.phone.unwrap_or_default(),
            works_in.village_names,
        ],
        mark: None,
    }
}

/// A cadre's details, then the months in the village (newest first) the cursor walks.
pub(super) fn detail(
    app: &App,
    c: &Cadre,
    villages: &[String],
    helped: i64,
    attendance: &[Attendance],
) -> (Vec<Line<'static>>, Option<usize>) {
    let t = |k| app.t(k);
    let term = format!(
        "{} – {}",
        c.term_start.map(format_date).unwrap_or_default(),
        c.term_end.map(format_date).unwrap_or_default()
    );
    let state = app.state(Tab::People);
    let cursor = (app.tab == Tab::People && state.detail_open).then_some(state.part_cursor);
    let mut out = DetailLines::new(cursor);
    out.push(Line::styled(c.name.clone(), theme::title()));
    out.push(field_line(
        t("cadre.role"),
        c.role.as_deref().map_or(String::new(), |r| app.vocab.label(list::CADRE_ROLE, r, app.lang).to_string()),
    ));
    out.push(field_line(t("cadre.unit"), c.unit.clone()));
    out.push(field_line(t("cadre.phone"), c.phone.clone().unwrap_or_default()));
    out.push(field_line(t("cadre.villages"), villages.join(app.t("common.list_separator"))));
    out.push(field_line(t("cadre.term"), term));
    out.push(field_line(t("cadre.helped"), helped.to_string()));
    out.push(section(t("detail.attendance")));
    if attendance.is_empty() {
        out.empty(t("detail.no_attendance"));
    }
    for a in attendance {
        out.part(attendance_line(app, a), false);
    }
    (out.lines, out.selected)
}

/// `2026-11  在村 18 天 · 病假 2 · 公假 1`: leave kinds only when taken.
fn attendance_line(app: &App, a: &Attendance) -> String {
    let mut text = app
        .labels
        .f("attendance.summary", &[("month", &a.month.to_string()), ("days", &a.days_in_village.to_string())]);
    for (kind, days) in LEAVE_KINDS.iter().zip([a.sick_leave, a.personal_leave, a.official_leave]) {
        if days > 0 {
            text.push_str(&format!(" · {} {days}", app.labels.field("attendance", kind)));
        }
    }
    if !a.notes.is_empty() {
        text.push_str(&format!(" · {}", a.notes));
    }
    text
}
