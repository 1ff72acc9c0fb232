//! 任务: the 清单制 + 责任制 + 销号制 list. Overdue tasks carry a mark, not only a colour.

use super::{field_cell, field_line, section};
use crate::app::App;
use crate::domain::dates::format_date;
use crate::domain::record::Record;
use crate::domain::task::{Task, TaskNote};
use crate::domain::vocab::list;
use crate::store::{ListRow, TaskRow};
use crate::ui::theme;
use crate::widgets::table::{Column, Row};
use ratatui::text::Line;

pub(super) fn columns(app: &App) -> Vec<Column> {
    let f = |k| app.labels.field("task", k);
    vec![
        Column::flex(f("title"), 16),
        Column::flex(f("subject"), 10),
        Column::fixed(f("owner"), 8),
        Column::fixed(f("deadline"), 10),
        Column::fixed(f("status"), 6),
    ]
}

pub(super) fn row(app: &App, r: &ListRow) -> Row {
    let task: Task = r.record();
    let extras: TaskRow = r.extras();
    Row {
        cells: vec![
            task.title.clone(),
            extras.subject_name,
            task.owner.clone(),
            task.deadline.map(format_date).unwrap_or_default(),
            field_cell(app, Task::DEF, r, "status"),
        ],
        // ! marks a task past its deadline and not finished.
        mark: task.is_overdue(app.today).then_some('!'),
    }
}

/// A task's details; with its subject, the meeting that decided it and the needs it
/// answers, by name.
pub(super) fn detail(
    app: &App,
    task: &Task,
    (subject, meeting, answers): (&str, &str, &[String]),
    notes: &[TaskNote],
) -> Vec<Line<'static>> {
    let t = |k| app.t(k);
    let code = |l: &str, c: &Option<String>| {
        c.as_deref().map_or(String::new(), |c| app.vocab.label(l, c, app.lang).to_string())
    };
    let mut lines = vec![
        Line::styled(task.title.clone(), theme::title()),
        field_line(t("task.source"), code(list::TASK_SOURCE, &task.source)),
        field_line(t("task.subject"), subject.to_string()),
        field_line(t("task.lead_unit"), task.lead_unit.clone()),
        field_line(t("task.owner"), task.owner.clone()),
        field_line(t("task.deadline"), task.deadline.map(format_date).unwrap_or_default()),
        field_line(t("task.status"), app.vocab.label(list::TASK_STATUS, &task.status, app.lang).to_string()),
    ];
    // The meeting that decided it, by name (its source in full).
    if !meeting.is_empty() {
        lines.insert(2, field_line(t("task.meeting_id"), meeting.to_string()));
    }
    if !answers.is_empty() {
        lines.insert(2, field_line(t("task.answers"), answers.join("、")));
    }
    if task.is_overdue(app.today) {
        lines.push(Line::styled(format!("! {}", t("task.overdue")), theme::warn()));
    }
    if task.closed_on.is_some() {
        lines.push(field_line(
            t("task.closed_on"),
            format!("{} {}", task.closed_on.map(format_date).unwrap_or_default(), task.closed_by),
        ));
        lines.push(field_line(t("task.evidence"), task.evidence.clone()));
    }
    lines.push(section(&app.labels.f("detail.notes", &[("n", &notes.len().to_string())])));
    for n in notes {
        lines.push(Line::raw(format!("{} {} {}", format_date(n.date), n.by, n.text)));
    }
    lines
}
