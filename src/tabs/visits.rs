//! 走访: visit records, newest first.

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
        Column::fixed(t("visit.date"), 10),
        Column::fixed(t("col.household"), 8),
        Column::flex(t("col.village"), 10),
        Column::fixed(t("visit.visit_type"), 8),
        Column::flex(t("visit.visitors"), 10),
        Column::fixed(t("col.follow_up"), 10),
    ]
}

fn household_name<'a>(app: &'a App, id: &Option<String>) -> &'a str {
    id.as_deref().and_then(|id| app.ledger.household(id)).map_or("", |h| h.head_name.as_str())
}

pub fn row(app: &App, position: usize) -> Row {
    let v = &app.ledger.visits[position];
    // ! marks a follow-up date that has passed.
    let mark = v.follow_up_date.filter(|d| *d < app.today).map(|_| '!');
    Row {
        cells: vec![
            format_date(v.date),
            household_name(app, &v.household_id).to_string(),
            app.ledger.village_name(&v.village_id).to_string(),
            app.vocab.label(list::VISIT_TYPE, &v.visit_type, app.lang).to_string(),
            v.visitors.clone(),
            v.follow_up_date.map(format_date).unwrap_or_default(),
        ],
        mark,
    }
}

pub fn detail(app: &App, position: usize) -> Vec<Line<'static>> {
    let v = &app.ledger.visits[position];
    let t = |k| app.t(k);
    let subject = match household_name(app, &v.household_id) {
        "" => app.ledger.village_name(&v.village_id).to_string(),
        name => format!("{name} · {}", app.ledger.village_name(&v.village_id)),
    };
    vec![
        Line::styled(format!("{} {subject}", format_date(v.date)), theme::title()),
        field_line(t("visit.visit_type"), app.vocab.label(list::VISIT_TYPE, &v.visit_type, app.lang).to_string()),
        field_line(t("visit.visitors"), v.visitors.clone()),
        field_line(t("visit.checks"), app.vocab.labels(list::VISIT_CHECK, &v.checks, app.lang)),
        field_line(t("visit.new_risks"), app.vocab.labels(list::RISK, &v.new_risks, app.lang)),
        field_line(t("visit.requests"), v.requests.clone()),
        field_line(t("visit.actions"), v.actions.clone()),
        field_line(t("visit.follow_up_date"), v.follow_up_date.map(format_date).unwrap_or_default()),
        field_line(t("visit.confirmed"), t(if v.confirmed { "common.yes" } else { "common.no" }).to_string()),
    ]
}

/// The due view: households due for a visit, most overdue first.
pub fn due_columns(app: &App) -> Vec<Column> {
    let t = |k| app.t(k);
    vec![
        Column::fixed(t("col.household"), 8),
        Column::flex(t("col.village"), 10),
        Column::fixed(t("household.monitor_category"), 12),
        Column::fixed(t("col.last_visit"), 10),
        Column::fixed(t("col.next_due"), 10),
        Column::right(t("col.days_overdue"), 4),
    ]
}

pub fn due_row(app: &App, position: usize) -> Row {
    let h = &app.ledger.households[position];
    let due = app.ledger.work.dues.get(&h.id);
    let category = h.monitor_category.as_deref().or(h.household_type.as_deref()).unwrap_or("");
    let list = if h.monitor_category.is_some() { list::MONITOR_CATEGORY } else { list::HOUSEHOLD_TYPE };
    Row {
        cells: vec![
            h.head_name.clone(),
            app.ledger.village_name(&h.village_id).to_string(),
            app.vocab.label(list, category, app.lang).to_string(),
            due.and_then(|d| d.last_visit).map(format_date).unwrap_or_else(|| app.t("col.never").to_string()),
            due.map(|d| format_date(d.next_due)).unwrap_or_default(),
            due.map(|d| d.days_overdue.to_string()).unwrap_or_default(),
        ],
        // ! marks an overdue visit; the others are due within the week.
        mark: due.filter(|d| d.is_overdue()).map(|_| '!'),
    }
}
