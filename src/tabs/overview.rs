//! 概览: the ledger in figures. Every figure is counted from the same lists the
//! other tabs show.

use super::{field_line, section};
use crate::app::App;
use crate::domain::dates::YearMonth;
use crate::domain::money::format_wan;
use crate::domain::vocab::list;
use crate::ui::theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph};
use std::collections::HashSet;

/// The figures of the overview, counted once per draw.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Figures {
    pub villages: usize,
    pub key_villages: usize,
    pub households: usize,
    pub monitored: usize,
    pub by_category: Vec<(String, usize)>,
    pub eliminated: usize,
    pub people: usize,
    pub monitored_people: usize,
    pub projects: usize,
    pub by_status: Vec<(String, usize)>,
    pub planned_fen: i64,
    pub arrived_fen: i64,
    pub paid_fen: i64,
    pub visits_this_month: usize,
    pub monitored_visited_this_month: usize,
}

pub fn figures(app: &App) -> Figures {
    let l = &app.ledger;
    let this_month = YearMonth::of(app.today);
    let monitored: HashSet<&str> = l.households.iter().filter(|h| h.is_monitored()).map(|h| h.id.as_str()).collect();
    let visits_now: Vec<_> = l.visits.iter().filter(|v| YearMonth::of(v.date) == this_month).collect();
    let visited: HashSet<&str> =
        visits_now.iter().filter_map(|v| v.household_id.as_deref()).filter(|id| monitored.contains(id)).collect();
    Figures {
        villages: l.villages.len(),
        key_villages: l.villages.iter().filter(|v| v.key_village).count(),
        households: l.households.len(),
        monitored: monitored.len(),
        by_category: app
            .vocab
            .choices(list::MONITOR_CATEGORY)
            .map(|e| {
                (
                    e.label(app.lang).to_string(),
                    l.households.iter().filter(|h| h.monitor_category.as_deref() == Some(&e.code)).count(),
                )
            })
            .collect(),
        eliminated: l.households.iter().filter(|h| h.is_monitored() && h.risk_eliminated).count(),
        people: l.members.len(),
        monitored_people: l.members.iter().filter(|m| monitored.contains(m.household_id.as_str())).count(),
        projects: l.projects.len(),
        by_status: app
            .vocab
            .choices(list::PROJECT_STATUS)
            .map(|e| {
                (
                    e.label(app.lang).to_string(),
                    l.projects.iter().filter(|p| p.status.as_deref() == Some(&e.code)).count(),
                )
            })
            .filter(|(_, n)| *n > 0)
            .collect(),
        planned_fen: l.projects.iter().map(|p| p.planned_total_fen()).sum(),
        arrived_fen: l.projects.iter().map(|p| p.arrived_fen).sum(),
        paid_fen: l.projects.iter().map(|p| p.paid_fen).sum(),
        visits_this_month: visits_now.len(),
        monitored_visited_this_month: visited.len(),
    }
}

fn breakdown(items: &[(String, usize)]) -> String {
    items.iter().map(|(label, n)| format!("{label} {n}")).collect::<Vec<_>>().join(" · ")
}

pub fn render(frame: &mut Frame, app: &App, area: Rect) {
    let f = figures(app);
    let t = |k| app.t(k);
    let n = |x: usize| x.to_string();
    let wan = |fen: i64| format!("{} {}", format_wan(fen), t("unit.wan_yuan"));
    let lines = vec![
        section(t("overview.villages")),
        field_line(
            t("overview.village_count"),
            format!("{}   {} {}", n(f.villages), t("overview.key_villages"), n(f.key_villages)),
        ),
        section(t("overview.households")),
        field_line(
            t("overview.household_count"),
            format!("{}   {} {}", n(f.households), t("overview.monitored"), n(f.monitored)),
        ),
        field_line(t("overview.by_category"), breakdown(&f.by_category)),
        field_line(
            t("overview.eliminated"),
            format!("{}   {} {}", n(f.eliminated), t("overview.not_eliminated"), n(f.monitored - f.eliminated)),
        ),
        field_line(
            t("overview.people"),
            format!("{}   {} {}", n(f.people), t("overview.monitored_people"), n(f.monitored_people)),
        ),
        section(t("overview.projects")),
        field_line(t("overview.project_count"), format!("{}   {}", n(f.projects), breakdown(&f.by_status))),
        field_line(
            t("overview.funds"),
            format!(
                "{}  {} {}  {} {}",
                wan(f.planned_fen),
                t("project.arrived"),
                wan(f.arrived_fen),
                t("project.paid"),
                wan(f.paid_fen)
            ),
        ),
        section(t("overview.visits")),
        field_line(
            t("overview.visits_this_month"),
            format!(
                "{}   {} {}/{}",
                n(f.visits_this_month),
                t("overview.monitored_visited"),
                n(f.monitored_visited_this_month),
                n(f.monitored)
            ),
        ),
        Line::raw(""),
        Line::styled(t("overview.hint").to_string(), theme::dim()),
    ];
    let title = app.labels.f("overview.title", &[("date", &crate::domain::dates::format_date(app.today))]);
    let block = Block::default().borders(Borders::TOP).title(title).border_style(theme::dim());
    frame.render_widget(Paragraph::new(lines).block(block), area);
}
