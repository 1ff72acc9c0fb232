//! A list of one kind's records drawn from its declaration (`RecordList`): a column
//! per declared field, a mark on a record a warning holds for, and details that name
//! every field filled in. A kind shown this way needs no drawing of its own.

use super::{field_column, field_line};
use crate::app::App;
use crate::domain::field::Kind;
use crate::domain::registry::RecordKind;
use crate::domain::warnings::Warning;
use crate::store::{ListRow, RecordList, WARNED, name_column};
use crate::ui::theme;
use crate::widgets::table::{Column, Row};
use ratatui::text::Line;

pub(super) fn columns(app: &App, list: &RecordList) -> Vec<Column> {
    list.columns.iter().map(|k| field_column(app, list.kind.def(), k)).collect()
}

pub(super) fn row(app: &App, list: &RecordList, r: &ListRow) -> Row {
    Row {
        cells: list.columns.iter().map(|k| cell(app, list.kind, r, k)).collect(),
        // ! marks a record a warning holds for today (a need past its deadline).
        mark: (r.column_int(WARNED) != 0).then_some('!'),
    }
}

/// A field of a row as a person reads it: a reference by the name of what it names.
fn cell(app: &App, kind: RecordKind, r: &ListRow, key: &str) -> String {
    match kind.def().field(key).map(|f| f.kind) {
        Some(Kind::Ref(_)) => r.column_text(&name_column(key)),
        _ => super::field_cell(app, kind.def(), r, key),
    }
}

/// The record's details: its first field as the title, then each field filled in,
/// then the warnings that hold for it, then what names it (a meeting's tasks).
pub(super) fn detail(
    app: &App,
    kind: RecordKind,
    r: &ListRow,
    warnings: &[Warning],
    named_by: &[String],
) -> Vec<Line<'static>> {
    let def = kind.def();
    let mut fields = def.fields.iter().filter(|f| !f.hidden);
    let mut lines = Vec::new();
    if let Some(first) = fields.next() {
        lines.push(Line::styled(cell(app, kind, r, first.key), theme::title()));
    }
    for f in fields {
        let text = cell(app, kind, r, f.key);
        if !text.is_empty() {
            lines.push(field_line(app.labels.field(def.prefix, f.key), text));
        }
    }
    for w in warnings {
        let text = crate::ui::warning_text::warning_message(app.labels, &app.vocab, w, app.today);
        lines.push(Line::styled(format!("! {text}"), theme::warn()));
    }
    if !named_by.is_empty() {
        lines.push(Line::styled(app.t("detail.named_by").to_string(), theme::header()));
        lines.extend(named_by.iter().map(|name| Line::raw(format!("· {name}"))));
    }
    lines
}
