//! 村庄: the villages of the ledger.

use super::{field_line, section};
use crate::app::App;
use crate::domain::money::{format_wan, format_yuan};
use crate::domain::vocab::list;
use crate::widgets::table::{Column, Row};
use ratatui::text::Line;

pub fn columns(app: &App) -> Vec<Column> {
    let t = |k| app.t(k);
    vec![
        Column::flex(t("village.name"), 12),
        Column::fixed(t("village.township"), 10),
        Column::fixed(t("village.code"), 12),
        Column::right(t("col.households"), 6),
        Column::right(t("col.monitored"), 6),
        Column::fixed(t("village.first_secretary"), 8),
    ]
}

pub fn row(app: &App, position: usize) -> Row {
    let v = &app.ledger.villages[position];
    let (households, monitored) = app.ledger.village_counts(&v.id);
    let mark = v.key_village.then_some('★');
    Row {
        cells: vec![
            v.name.clone(),
            v.township.clone(),
            v.code.clone().unwrap_or_default(),
            households.to_string(),
            monitored.to_string(),
            v.first_secretary.clone(),
        ],
        mark,
    }
}

pub fn detail(app: &App, position: usize) -> Vec<Line<'static>> {
    let v = &app.ledger.villages[position];
    let t = |k| app.t(k);
    let yes_no = |b: bool| t(if b { "common.yes" } else { "common.no" }).to_string();
    let count = |n: Option<i64>| n.map_or("—".to_string(), |n| n.to_string());
    let mut lines = vec![
        Line::styled(v.name.clone(), crate::ui::theme::title()),
        field_line(t("village.code"), v.code.clone().unwrap_or_else(|| "—".into())),
        field_line(t("village.township"), format!("{} {}", v.county, v.township).trim().to_string()),
        field_line(
            t("village.key_village"),
            format!("{}   {} {}", yes_no(v.key_village), t("village.exited"), yes_no(v.exited)),
        ),
        field_line(t("village.first_secretary"), v.first_secretary.clone()),
        field_line(t("village.work_team"), v.work_team.clone()),
        field_line(t("village.contact_phone"), v.contact_phone.clone().unwrap_or_default()),
        field_line(
            t("village.assist_force"),
            format!(
                "{} {}",
                v.assist_force.as_deref().map_or("", |c| app.vocab.label(list::ASSIST_FORCE, c, app.lang)),
                v.assisting_party
            ),
        ),
        section(t("detail.village_stats")),
        field_line(
            t("village.total_households"),
            format!("{}   {} {}", count(v.total_households), t("village.total_population"), count(v.total_population)),
        ),
        field_line(
            t("village.dibao_households"),
            format!("{}   {} {}", count(v.dibao_households), t("village.tekun_people"), count(v.tekun_people)),
        ),
        field_line(
            t("village.disabled_people"),
            format!("{}   {} {}", count(v.disabled_people), t("village.dangerous_houses"), count(v.dangerous_houses)),
        ),
    ];
    if let Some(fen) = v.collective_income_fen {
        lines.push(field_line(t("village.collective_income"), format!("{} {}", format_wan(fen), t("unit.wan_yuan"))));
    }
    if let Some(fen) = v.farmer_income_fen {
        lines.push(field_line(t("village.farmer_income"), format!("{} {}", format_yuan(fen), t("unit.yuan"))));
    }
    if !v.notes.is_empty() {
        lines.push(field_line(t("village.notes"), v.notes.clone()));
    }
    lines
}
