//! 走访: visit records, newest first; and the households due for a visit.

use super::{field_cell, field_column, field_line};
use crate::app::App;
use crate::domain::dates::format_date;
use crate::domain::household::Household;
use crate::domain::record::Record;
use crate::domain::visit::Visit;
use crate::domain::vocab::list;
use crate::store::{HouseholdRow, ListRow, VisitRow};
use crate::ui::theme;
use crate::widgets::table::{Column, Row};
use ratatui::text::Line;

pub(super) fn columns(app: &App) -> Vec<Column> {
    let def = Visit::DEF;
    vec![
        field_column(app, def, "date"),
        Column::fixed(app.t("col.household"), 8),
        Column::flex(app.t("col.village"), 10),
        field_column(app, def, "visit_type"),
        Column::flex(app.labels.field("visit", "visitors"), 10),
        Column::fixed(app.t("col.follow_up"), 10),
    ]
}

pub(super) fn row(app: &App, r: &ListRow) -> Row {
    let visit: Visit = r.record();
    let to: VisitRow = r.extras();
    // ! marks a follow-up date that has passed.
    let mark = visit.follow_up_date.filter(|d| *d < app.today).map(|_| '!');
    Row {
        cells: vec![
            format_date(visit.date),
            to.head_name,
            to.village_name,
            field_cell(app, Visit::DEF, r, "visit_type"),
            visit.visitors,
            visit.follow_up_date.map(format_date).unwrap_or_default(),
        ],
        mark,
    }
}

pub(super) fn detail(app: &App, v: &Visit, head_name: &str, village_name: &str) -> Vec<Line<'static>> {
    let t = |k| app.t(k);
    let subject =
        if head_name.is_empty() { village_name.to_string() } else { format!("{head_name} · {village_name}") };
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
pub(super) fn due_columns(app: &App) -> Vec<Column> {
    let t = |k| app.t(k);
    vec![
        Column::fixed(t("col.household"), 8),
        Column::flex(t("col.village"), 10),
        field_column(app, Household::DEF, "monitor_category"),
        Column::fixed(t("col.last_visit"), 10),
        Column::fixed(t("col.next_due"), 10),
        Column::right(t("col.days_overdue"), 4),
    ]
}

pub(super) fn due_row(app: &App, r: &ListRow) -> Row {
    let def = Household::DEF;
    let monitored = field_cell(app, def, r, "monitor_category");
    let category = if monitored.is_empty() { field_cell(app, def, r, "household_type") } else { monitored };
    let household: Household = r.record();
    let facts: HouseholdRow = r.extras();
    let days = facts.next_due.map_or(0, |d| (app.today - d).num_days().max(0));
    Row {
        cells: vec![
            household.head_name,
            facts.village_name,
            category,
            facts.last_visit.map(format_date).unwrap_or_else(|| app.t("col.never").to_string()),
            facts.next_due.map(format_date).unwrap_or_default(),
            days.to_string(),
        ],
        // ! marks an overdue visit; the others are due within the week.
        mark: (days > 0).then_some('!'),
    }
}
