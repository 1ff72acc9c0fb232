//! 项目: assistance projects and their money.

use super::parts::DetailLines;
use super::{field_cell, field_line, section};
use crate::app::{App, Tab};
use crate::domain::money::format_wan;
use crate::domain::project::{FUND_SOURCES, FundArrival, Project};
use crate::domain::record::Record;
use crate::domain::vocab::list;
use crate::store::{ListRow, ProjectRow};
use crate::ui::theme;
use crate::widgets::table::{Column, Row};
use ratatui::text::Line;

pub(super) fn columns(app: &App) -> Vec<Column> {
    let t = |k| app.t(k);
    vec![
        Column::flex(app.labels.field("project", "name"), 14),
        Column::fixed(t("col.village"), 10),
        Column::fixed(app.labels.field("project", "category"), 10),
        Column::fixed(app.labels.field("project", "status"), 8),
        Column::right(t("col.planned_wan"), 10),
        Column::right(t("col.arrived_wan"), 10),
    ]
}

pub(super) fn row(app: &App, r: &ListRow) -> Row {
    let def = Project::DEF;
    let p: Project = r.record();
    Row {
        cells: vec![
            p.name.clone(),
            r.extras::<ProjectRow>().village_name,
            field_cell(app, def, r, "category"),
            field_cell(app, def, r, "status"),
            format_wan(p.planned_total_fen()),
            format_wan(p.arrived),
        ],
        mark: None,
    }
}

/// A project's details, then its money as it arrived (newest first), which the
/// cursor walks.
pub(super) fn detail(
    app: &App,
    p: &Project,
    village: &str,
    beneficiaries: &[(String, bool)],
    arrivals: &[FundArrival],
) -> (Vec<Line<'static>>, Option<usize>) {
    let t = |k| app.t(k);
    let label = |l: &str, code: &Option<String>| {
        code.as_deref().map_or(String::new(), |c| app.vocab.label(l, c, app.lang).to_string())
    };
    let wan = |fen: i64| crate::ui::format::amount_text(app.labels, fen);
    let months = format!(
        "{} – {}",
        p.start_month.map(|m| m.to_string()).unwrap_or_default(),
        p.planned_end_month.map(|m| m.to_string()).unwrap_or_default()
    );
    let mut lines = vec![
        Line::styled(p.name.clone(), theme::title()),
        field_line(t("col.village"), village.to_string()),
        field_line(
            t("project.category"),
            format!("{}  {}", label(list::PROJECT_CATEGORY, &p.category), label(list::PROJECT_NATURE, &p.nature)),
        ),
        field_line(
            t("project.status"),
            format!("{}  {}%", label(list::PROJECT_STATUS, &p.status), p.percent_complete.unwrap_or(0)),
        ),
        field_line(
            t("project.assist_force"),
            format!("{} {}", label(list::ASSIST_FORCE, &p.assist_force), p.assisting_party),
        ),
        field_line(t("project.implementing_unit"), format!("{} {}", p.implementing_unit, p.responsible_person)),
        field_line(t("col.period"), months),
        field_line(t("project.content"), p.content.clone()),
        section(t("detail.funds")),
    ];
    for (key, fen) in FUND_SOURCES.iter().zip(p.funds()) {
        if fen != 0 {
            lines.push(field_line(app.labels.field("project", key), wan(fen)));
        }
    }
    lines.push(field_line(t("col.planned_total"), wan(p.planned_total_fen())));
    lines.push(field_line(t("project.arrived"), wan(p.arrived)));
    lines.push(field_line(t("project.paid"), wan(p.paid)));
    let monitored = beneficiaries.iter().filter(|(_, m)| *m).count();
    lines.push(section(
        &app.labels
            .f("detail.beneficiaries", &[("n", &beneficiaries.len().to_string()), ("m", &monitored.to_string())]),
    ));
    let names: Vec<&str> = beneficiaries.iter().map(|(n, _)| n.as_str()).collect();
    lines.push(Line::raw(names.join(app.t("common.list_separator"))));
    if let Some(jobs) = p.jobs_created {
        lines.push(field_line(t("project.jobs_created"), jobs.to_string()));
    }
    if !p.benefit_mechanism.is_empty() {
        lines.push(field_line(t("project.benefit_mechanism"), p.benefit_mechanism.clone()));
    }
    let state = app.state(Tab::Projects);
    let cursor = (app.tab == Tab::Projects && state.detail_open).then_some(state.part_cursor);
    let mut out = DetailLines::new(cursor);
    for line in lines {
        out.push(line);
    }
    out.push(section(t("detail.arrivals")));
    if arrivals.is_empty() {
        out.empty(t("detail.no_arrivals"));
    }
    for a in arrivals {
        out.part(arrival_line(app, a), false);
    }
    (out.lines, out.selected)
}

/// `2026-09-15  50万元 · 帮扶方资金 · 宜宾市`.
fn arrival_line(app: &App, a: &FundArrival) -> String {
    let source = match &a.source {
        Some(code) => app.vocab.label(list::FUND_SOURCE, code, app.lang).to_string(),
        None => app.t("arrival.unsplit").to_string(),
    };
    let mut text = format!(
        "{}  {} · {source}",
        crate::domain::dates::format_date(a.date),
        crate::ui::format::amount_text(app.labels, a.amount)
    );
    for extra in [&a.party, &a.notes] {
        if !extra.is_empty() {
            text.push_str(&format!(" · {extra}"));
        }
    }
    text
}
