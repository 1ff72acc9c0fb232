//! 概览: the month's dispatch figures (月调度) for the whole file, then either the
//! warnings (Enter opens the household) or the figures per village (`f` switches).

use super::section;
use crate::app::overview::{Figures, MonthFigures, WorkFigures, month_figures};
use crate::app::{App, Tab};
use crate::domain::money::format_wan;
use crate::domain::vocab::list;
use crate::ui::text::fit;
use crate::ui::theme;
use crate::ui::warning_text::{rule_name, warning_message};
use crate::widgets::table::{Column, Row, render_table};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

fn codes(app: &App, list: &str) -> Vec<String> {
    app.vocab.choices(list).map(|e| e.code.clone()).collect()
}

/// The month's figures, counted once and kept until the records or the month change.
pub fn figures_of_month(app: &App) -> MonthFigures {
    let mut cache = app.ledger.work.month_figures.borrow_mut();
    if cache.as_ref().is_none_or(|m| m.month != Some(app.month)) {
        let categories = codes(app, list::MONITOR_CATEGORY);
        let statuses = codes(app, list::PROJECT_STATUS);
        *cache = Some(month_figures(&app.ledger, &categories, &statuses, app.month, app.today));
    }
    cache.clone().unwrap_or_default()
}

pub fn whole_file(app: &App) -> (Figures, WorkFigures) {
    let m = figures_of_month(app);
    (m.whole, m.work)
}

fn kv(label: &str, value: String) -> Vec<Span<'static>> {
    vec![Span::styled(format!("{label} "), theme::dim()), Span::raw(value), Span::raw("  ")]
}

fn percent(part: usize, whole: usize) -> String {
    (part * 100).checked_div(whole).map_or_else(|| "—".into(), |p| format!("{p}%"))
}

fn summary(app: &App, f: &Figures, w: &WorkFigures) -> Vec<Line<'static>> {
    let t = |k| app.t(k);
    let n = |x: usize| x.to_string();
    let wan = |fen: i64| format_wan(fen);
    let categories: Vec<String> = f
        .by_category
        .iter()
        .map(|(c, k, people)| {
            app.labels.f(
                "ov.category",
                &[
                    ("category", app.vocab.label(list::MONITOR_CATEGORY, c, app.lang)),
                    ("households", &k.to_string()),
                    ("people", &people.to_string()),
                ],
            )
        })
        .collect();
    let statuses: Vec<String> = w
        .by_status
        .iter()
        .map(|(s, k)| format!("{} {k}", app.vocab.label(list::PROJECT_STATUS, s, app.lang)))
        .collect();
    let leverage = if w.assisting_fen == 0 {
        "—".to_string()
    } else {
        format!("{:.2}", w.social_fen as f64 / w.assisting_fen as f64)
    };
    let mut lines = vec![
        Line::from(
            [
                kv(t("ov.monitored"), format!("{} / {}", n(f.monitored), n(f.households))),
                kv(t("ov.people"), n(f.monitored_people)),
                kv("", categories.join(" · ")),
            ]
            .concat(),
        ),
        Line::from(
            [
                kv(t("ov.not_eliminated"), n(f.not_eliminated)),
                kv(t("ov.eliminated"), n(f.eliminated)),
                kv(t("ov.identified_month"), n(f.identified_this_month)),
                kv(t("ov.eliminated_month"), n(f.eliminated_this_month)),
                kv(t("ov.withdrawn_month"), n(f.withdrawn_this_month)),
            ]
            .concat(),
        ),
        Line::from(
            [
                kv(t("ov.with_measure"), n(f.with_measure)),
                kv(t("ov.without_measure"), n(f.without_measure)),
                kv(t("ov.visited"), format!("{}/{}", n(f.visited), n(f.visits_required))),
                kv(t("ov.visits_month"), n(f.visits_this_month)),
                kv(t("ov.visits_overdue"), n(f.visits_overdue)),
            ]
            .concat(),
        ),
        Line::from([kv(t("ov.projects"), n(w.projects)), kv("", statuses.join(" · "))].concat()),
        Line::from(
            [
                kv(
                    t("ov.start_rate"),
                    format!(
                        "{} ({}/{})",
                        percent(w.started_this_year, w.planned_this_year),
                        w.started_this_year,
                        w.planned_this_year
                    ),
                ),
                kv(
                    t("ov.funds"),
                    format!(
                        "{} / {} / {} {}",
                        wan(w.planned_fen),
                        wan(w.arrived_fen),
                        wan(w.paid_fen),
                        t("unit.wan_yuan")
                    ),
                ),
                kv(t("ov.leverage"), leverage),
            ]
            .concat(),
        ),
        Line::from(
            [
                kv(t("ov.tasks_open"), n(w.tasks_open)),
                kv(t("ov.tasks_closed"), n(w.tasks_closed_this_month)),
                kv(t("ov.tasks_overdue"), n(w.tasks_overdue)),
            ]
            .concat(),
        ),
    ];
    let by_rule: Vec<String> =
        w.warnings_by_rule.iter().map(|(r, k)| format!("{} {k}", rule_name(app.labels, r))).collect();
    lines.push(Line::from(kv(
        t("ov.warnings"),
        if by_rule.is_empty() { t("ov.no_warnings").to_string() } else { by_rule.join(" · ") },
    )));
    if app.ledger.line_missing() {
        lines.push(Line::styled(format!("! {}", t("settings.line_missing")), theme::warn()));
    }
    lines
}

pub fn render(frame: &mut Frame, app: &App, area: Rect) {
    let (f, w) = whole_file(app);
    let title = app.labels.f("overview.title", &[("month", &app.month.to_string())]);
    let mut lines = vec![Line::styled(title, theme::title())];
    lines.extend(summary(app, &f, &w));
    let top = (lines.len() as u16).min(area.height);
    frame.render_widget(
        Paragraph::new(lines).wrap(ratatui::widgets::Wrap { trim: false }),
        Rect { height: top, ..area },
    );
    let rest = Rect::new(area.x, area.y + top, area.width, area.height.saturating_sub(top));
    if rest.height < 3 {
        return;
    }
    if app.tabs[Tab::Overview.index()].view == crate::app::update::OVERVIEW_VILLAGES {
        render_villages(frame, app, rest);
    } else {
        render_warnings(frame, app, rest);
    }
}

fn render_warnings(frame: &mut Frame, app: &App, area: Rect) {
    let warnings = &app.ledger.work.warnings;
    let header = app.labels.f("ov.warning_list", &[("n", &warnings.len().to_string())]);
    frame.render_widget(section(&header), Rect { height: 1, ..area });
    let body = Rect::new(area.x, area.y + 1, area.width, area.height - 1);
    let columns = [Column::fixed(app.t("ov.rule"), 14), Column::flex(app.t("ov.message"), 30)];
    render_table(frame, body, &columns, warnings.len(), &app.warning_cursor, |i| {
        let w = &warnings[i];
        Row {
            cells: vec![rule_name(app.labels, w.rule), warning_message(app.labels, &app.vocab, w)], mark: Some('✗')
        }
    });
}

fn render_villages(frame: &mut Frame, app: &App, area: Rect) {
    let t = |k| app.t(k);
    frame.render_widget(section(t("ov.by_village")), Rect { height: 1, ..area });
    let body = Rect::new(area.x, area.y + 1, area.width, area.height - 1);
    let columns = [
        Column::flex(t("village.name"), 10),
        Column::right(t("ov.col_monitored"), 6),
        Column::right(t("ov.col_identified"), 6),
        Column::right(t("ov.col_eliminated"), 6),
        Column::right(t("ov.col_no_measure"), 6),
        Column::right(t("ov.col_visited"), 8),
        Column::right(t("ov.col_overdue"), 6),
    ];
    let figures = figures_of_month(app).villages;
    render_table(frame, body, &columns, app.ledger.villages.len(), &app.warning_cursor, |i| {
        let v = &app.ledger.villages[i];
        let f = &figures[i];
        Row {
            cells: vec![
                fit(&v.name, 20),
                f.monitored.to_string(),
                f.identified_this_month.to_string(),
                f.eliminated_this_month.to_string(),
                f.without_measure.to_string(),
                format!("{}/{}", f.visited, f.visits_required),
                f.visits_overdue.to_string(),
            ],
            mark: None,
        }
    });
}
