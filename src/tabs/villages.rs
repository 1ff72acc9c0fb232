//! 村庄: the villages of the ledger.

use super::{field_cell, field_column, field_line, section};
use crate::app::App;
use crate::domain::money::format_yuan;
use crate::domain::record::Record;
use crate::domain::village::Village;
use crate::domain::vocab::list;
use crate::store::{ListRow, VillageRow};
use crate::widgets::table::{Column, Row};
use ratatui::text::Line;

pub(super) fn columns(app: &App) -> Vec<Column> {
    let def = Village::DEF;
    vec![
        Column::flex(app.labels.field("village", "name"), 12),
        field_column(app, def, "township"),
        field_column(app, def, "code"),
        Column::right(app.t("col.households"), 6),
        Column::right(app.t("col.monitored"), 6),
        field_column(app, def, "first_secretary"),
    ]
}

pub(super) fn row(app: &App, r: &ListRow) -> Row {
    let def = Village::DEF;
    let village: Village = r.record();
    let counts: VillageRow = r.extras();
    Row {
        cells: vec![
            village.name,
            village.township,
            field_cell(app, def, r, "code"),
            counts.households.to_string(),
            counts.monitored.to_string(),
            village.first_secretary,
        ],
        // ★ marks a 重点村.
        mark: village.key_village.then_some('★'),
    }
}

pub(super) fn detail(app: &App, v: &Village, households: i64, monitored: i64) -> Vec<Line<'static>> {
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
        field_line(t("col.households"), format!("{households}   {} {monitored}", t("col.monitored"))),
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
    if let Some(fen) = v.collective_income {
        lines.push(field_line(t("village.collective_income"), crate::ui::format::amount_text(app.labels, fen)));
    }
    if let Some(fen) = v.farmer_income {
        lines.push(field_line(t("village.farmer_income"), format!("{} {}", format_yuan(fen), t("unit.yuan"))));
    }
    if !v.notes.is_empty() {
        lines.push(field_line(t("village.notes"), v.notes.clone()));
    }
    lines
}
