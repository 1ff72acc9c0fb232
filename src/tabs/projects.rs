//! 项目: assistance projects and their money.

use super::{field_line, section};
use crate::app::App;
use crate::domain::money::format_wan;
use crate::domain::project::FUND_SOURCES;
use crate::domain::vocab::list;
use crate::ui::theme;
use crate::widgets::table::{Column, Row};
use ratatui::text::Line;

pub fn columns(app: &App) -> Vec<Column> {
    let t = |k| app.t(k);
    vec![
        Column::flex(t("project.name"), 14),
        Column::fixed(t("col.village"), 10),
        Column::fixed(t("project.category"), 10),
        Column::fixed(t("project.status"), 8),
        Column::right(t("col.planned_wan"), 10),
        Column::right(t("col.arrived_wan"), 8),
    ]
}

fn label(app: &App, l: &str, code: &Option<String>) -> String {
    code.as_deref().map_or(String::new(), |c| app.vocab.label(l, c, app.lang).to_string())
}

pub fn row(app: &App, position: usize) -> Row {
    let p = &app.ledger.projects[position];
    Row {
        cells: vec![
            p.name.clone(),
            p.village_id.as_deref().map_or("", |id| app.ledger.village_name(id)).to_string(),
            label(app, list::PROJECT_CATEGORY, &p.category),
            label(app, list::PROJECT_STATUS, &p.status),
            format_wan(p.planned_total_fen()),
            format_wan(p.arrived_fen),
        ],
        mark: None,
    }
}

pub fn detail(app: &App, position: usize) -> Vec<Line<'static>> {
    let p = &app.ledger.projects[position];
    let t = |k| app.t(k);
    let wan = |fen: i64| format!("{} {}", format_wan(fen), t("unit.wan_yuan"));
    let months = format!(
        "{} – {}",
        p.start_month.map(|m| m.to_string()).unwrap_or_default(),
        p.planned_end_month.map(|m| m.to_string()).unwrap_or_default()
    );
    let mut lines = vec![
        Line::styled(p.name.clone(), theme::title()),
        field_line(t("col.village"), p.village_id.as_deref().map_or("", |id| app.ledger.village_name(id)).to_string()),
        field_line(
            t("project.category"),
            format!(
                "{}  {}",
                label(app, list::PROJECT_CATEGORY, &p.category),
                label(app, list::PROJECT_NATURE, &p.nature)
            ),
        ),
        field_line(
            t("project.status"),
            format!("{}  {}%", label(app, list::PROJECT_STATUS, &p.status), p.percent_complete.unwrap_or(0)),
        ),
        field_line(
            t("project.assist_force"),
            format!("{} {}", label(app, list::ASSIST_FORCE, &p.assist_force), p.assisting_party),
        ),
        field_line(t("project.implementing_unit"), format!("{} {}", p.implementing_unit, p.responsible_person)),
        field_line(t("col.period"), months),
        field_line(t("project.content"), p.content.clone()),
        section(t("detail.funds")),
    ];
    for (key, fen) in FUND_SOURCES.iter().zip(p.funds_fen) {
        if fen != 0 {
            lines.push(field_line(app.labels.field("project", key), wan(fen)));
        }
    }
    lines.push(field_line(t("col.planned_total"), wan(p.planned_total_fen())));
    lines.push(field_line(t("project.arrived"), wan(p.arrived_fen)));
    lines.push(field_line(t("project.paid"), wan(p.paid_fen)));
    let monitored =
        p.beneficiaries.iter().filter(|id| app.ledger.household(id).is_some_and(|h| h.is_monitored())).count();
    lines.push(section(
        &app.labels
            .f("detail.beneficiaries", &[("n", &p.beneficiaries.len().to_string()), ("m", &monitored.to_string())]),
    ));
    let names: Vec<&str> =
        p.beneficiaries.iter().filter_map(|id| app.ledger.household(id)).map(|h| h.head_name.as_str()).collect();
    lines.push(Line::raw(names.join(app.t("common.list_separator"))));
    if let Some(jobs) = p.jobs_created {
        lines.push(field_line(t("project.jobs_created"), jobs.to_string()));
    }
    if !p.benefit_mechanism.is_empty() {
        lines.push(field_line(t("project.benefit_mechanism"), p.benefit_mechanism.clone()));
    }
    lines
}
