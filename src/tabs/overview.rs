//! 概览: the month's dispatch figures (月调度) for the whole file, then either the
//! warnings (Enter opens the household) or the figures per village (`f` switches).

use super::section;
use crate::app::{App, Tab};
use crate::domain::money::format_wan;
use crate::domain::vocab::list;
use crate::domain::warnings::rule;
use crate::store::{Figures, WorkFigures};
use crate::ui::text::{fit, flow, wrap_line};
use crate::ui::theme;
use crate::ui::warning_text::{rule_name, warning_message};
use crate::widgets::table::{Column, Row, render_table};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

/// A label and its figure: one unit, never broken between lines.
type Unit = Vec<Span<'static>>;

fn kv(label: &str, value: String) -> Unit {
    if label.is_empty() {
        return vec![Span::raw(value)];
    }
    vec![Span::styled(format!("{label} "), theme::dim()), Span::raw(value)]
}

/// A line of the summary: its units, or one line of text in one style.
enum Part {
    Units(Vec<Unit>),
    Styled(Line<'static>),
}

/// Lays a part out at `width`: units two spaces apart, a unit that does not fit
/// going whole to the next line.
fn lay_out(part: Part, width: u16) -> Vec<Line<'static>> {
    match part {
        Part::Units(units) => flow(units, &Span::raw("  "), usize::from(width)),
        Part::Styled(line) => wrap_line(&line, usize::from(width)),
    }
}

fn percent(part: i64, whole: i64) -> String {
    (part * 100).checked_div(whole).map_or_else(|| "—".into(), |p| format!("{p}%"))
}

/// 撬动比: social funds per yuan of the assisting party's funds, to two decimals.
fn leverage(social_fen: i64, assisting_fen: i64) -> String {
    crate::domain::money::leverage_hundredths(social_fen, assisting_fen).map_or_else(|| "—".into(), hundredths)
}

/// A ratio kept in hundredths, as two decimals (1.36).
fn hundredths(h: i64) -> String {
    format!("{}.{:02}", h / 100, h % 100)
}

fn summary(app: &App, f: &Figures, w: &WorkFigures) -> Vec<Part> {
    let t = |k| app.t(k);
    let n = |x: i64| x.to_string();
    let categories = app.vocab.choices(list::MONITOR_CATEGORY).map(|e| {
        let (households, people) =
            f.by_category.iter().find(|(c, _, _)| *c == e.code).map_or((0, 0), |(_, h, p)| (*h, *p));
        kv(
            "",
            app.labels.f(
                "ov.category",
                &[("category", e.label(app.lang)), ("households", &n(households)), ("people", &n(people))],
            ),
        )
    });
    let statuses = app.vocab.choices(list::PROJECT_STATUS).filter_map(|e| {
        w.by_status.iter().find(|(s, _)| *s == e.code).map(|(_, k)| kv(e.label(app.lang), k.to_string()))
    });
    vec![
        Part::Units(
            [
                kv(t("ov.monitored"), format!("{} / {}", n(f.monitored), n(f.households))),
                kv(t("ov.people"), n(f.monitored_people)),
            ]
            .into_iter()
            .chain(categories)
            .collect(),
        ),
        Part::Units(vec![
            kv(t("ov.not_eliminated"), n(f.not_eliminated)),
            kv(t("ov.eliminated"), n(f.eliminated)),
            kv(t("ov.identified_month"), n(f.identified_this_month)),
            kv(t("ov.eliminated_month"), n(f.eliminated_this_month)),
            kv(t("ov.withdrawn_month"), n(f.withdrawn_this_month)),
        ]),
        Part::Units(vec![
            kv(t("ov.with_measure"), n(f.with_measure)),
            kv(t("ov.without_measure"), n(f.without_measure)),
            // A month gone by: as it stood at its end (docs/reports.md).
            kv(t("ov.visited"), format!("{}/{}", n(f.visited), n(f.visits_required))),
            kv(t("ov.visits_overdue"), n(f.visits_overdue)),
            kv(t("ov.visits_month"), n(f.visits_this_month)),
        ]),
        Part::Units(std::iter::once(kv(t("ov.projects"), n(w.projects))).chain(statuses).collect()),
        Part::Units(
            vec![
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
                        format_wan(w.planned_fen),
                        format_wan(w.arrived_fen),
                        format_wan(w.paid_fen),
                        t("unit.wan_yuan")
                    ),
                ),
                kv(t("ov.leverage"), leverage(w.social_fen, w.assisting_fen)),
                kv(t("ov.leveraged_arrived"), leveraged_arrived(app, w)),
            ]
            .into_iter()
            // Projects no year's 开工率 counts (no month planned or started): said apart.
            .chain((w.without_start_month > 0).then(|| kv(t("ov.without_start"), n(w.without_start_month))))
            .collect(),
        ),
        Part::Units(vec![
            kv(t("ov.tasks_open"), n(w.tasks_open)),
            kv(t("ov.tasks_closed"), n(w.tasks_closed_this_month)),
            kv(t("ov.tasks_overdue"), n(w.tasks_overdue)),
        ]),
    ]
}

/// What follows the rules' line: the missing-line warning and the month's notes.
fn after_rules(app: &App, w: &WorkFigures) -> Vec<Part> {
    let t = |k| app.t(k);
    let mut lines = Vec::new();
    if w.warnings_by_rule.iter().any(|(r, _)| r == rule::LINE_MISSING) {
        lines.push(Part::Styled(Line::styled(format!("! {}", t("settings.line_missing")), theme::warn())));
    }
    // The month's words for the dispatch report, when written (w): free text, which
    // wraps where text may.
    for (key, text) in ["report.problems", "report.plans"].into_iter().zip(&app.overview.notes) {
        if !text.is_empty() {
            lines.push(Part::Styled(Line::from(kv(t(key), text.clone()))));
        }
    }
    lines
}

/// The warnings counted by rule, in at most `budget` rows: rules that do not fit are
/// counted in a last item ("and N more kinds, listed below"), never cut mid-word.
fn rule_lines(app: &App, w: &WorkFigures, width: u16, budget: usize) -> Vec<Line<'static>> {
    let label = app.t("ov.warnings");
    if w.warnings_by_rule.is_empty() {
        return lay_out(Part::Units(vec![kv(label, app.t("ov.no_warnings").to_string())]), width);
    }
    let items: Vec<Unit> =
        w.warnings_by_rule.iter().map(|(r, k)| kv(&rule_name(app.labels, r), k.to_string())).collect();
    let mut shown = items.len();
    loop {
        let hidden = items.len() - shown;
        let units = std::iter::once(vec![Span::styled(label.to_string(), theme::dim())])
            .chain(items.iter().take(shown).cloned())
            .chain((hidden > 0).then(|| kv("", app.labels.f("ov.more_rules", &[("n", &hidden.to_string())]))))
            .collect();
        let lines = lay_out(Part::Units(units), width);
        if shown == 0 || lines.len() <= budget.max(1) {
            return lines;
        }
        shown -= 1;
    }
}

/// The title and figures, wrapped at `width`, in at most `max_rows` rows.
fn top_lines(app: &App, width: u16, max_rows: usize) -> Vec<Line<'static>> {
    let m = &app.overview.figures;
    let mut title = app.labels.f("overview.title", &[("month", &app.month.to_string())]);
    if app.overview.side.is_some() {
        title = app.labels.f("overview.title_side", &[("title", &title), ("side", &app.overview.side_name)]);
    }
    let mut parts = vec![Part::Styled(Line::styled(title, theme::title()))];
    // An empty ledger: where to begin.
    if m.whole.households == 0 && m.villages.is_empty() {
        parts.push(Part::Styled(Line::styled(app.t("ov.start_here").to_string(), theme::warn())));
    }
    parts.extend(summary(app, &m.whole, &m.work));
    let mut lines: Vec<Line<'static>> = parts.into_iter().flat_map(|p| lay_out(p, width)).collect();
    let after: Vec<Line<'static>> = after_rules(app, &m.work).into_iter().flat_map(|p| lay_out(p, width)).collect();
    let budget = max_rows.saturating_sub(lines.len() + after.len());
    lines.extend(rule_lines(app, &m.work, width, budget));
    lines.extend(after);
    lines
}

/// The summary above, and the list below it: the summary takes the rows its lines
/// wrap to (leaving the list at least its header and a few rows).
fn layout(app: &App, area: Rect) -> (Rect, Rect) {
    let max_rows = usize::from(area.height.saturating_sub(5));
    let wanted = top_lines(app, area.width, max_rows).len();
    let top = u16::try_from(wanted).unwrap_or(u16::MAX).min(area.height);
    (Rect { height: top, ..area }, Rect::new(area.x, area.y + top, area.width, area.height.saturating_sub(top)))
}

/// How many rows of the warnings table the frame shows.
pub(super) fn table_rows(app: &App, area: Rect) -> usize {
    layout(app, area).1.height.saturating_sub(2) as usize
}

pub(super) fn render(frame: &mut Frame, app: &App, area: Rect) {
    let (top, rest) = layout(app, area);
    let lines = top_lines(app, area.width, usize::from(area.height.saturating_sub(5)));
    frame.render_widget(Paragraph::new(lines), top);
    if rest.height < 3 {
        return;
    }
    match app.state(Tab::Overview).view {
        crate::app::OVERVIEW_VILLAGES => render_villages(frame, app, rest),
        crate::app::OVERVIEW_RANKING => render_ranking(frame, app, rest),
        crate::app::OVERVIEW_NEEDS => render_needs(frame, app, rest),
        crate::app::OVERVIEW_RESERVE => render_reserve(frame, app, rest),
        _ => render_warnings(frame, app, rest),
    }
}

fn render_warnings(frame: &mut Frame, app: &App, area: Rect) {
    let list = &app.overview.warnings;
    let header = app.labels.f("ov.warning_list", &[("n", &list.count.to_string())]);
    frame.render_widget(section(&header), Rect { height: 1, ..area });
    let body = Rect::new(area.x, area.y + 1, area.width, area.height - 1);
    let columns = [Column::fixed(app.t("ov.rule"), 14), Column::flex(app.t("ov.message"), 30)];
    render_table(frame, body, &columns, list.count, &list.cursor, |i| match list.row(i) {
        Some(r) => {
            let w = r.warning();
            Row {
                cells: vec![rule_name(app.labels, &w.rule), warning_message(app.labels, &app.vocab, &w, app.today)],
                mark: Some('✗'),
            }
        }
        None => Row { cells: Vec::new(), mark: None },
    });
}

fn render_villages(frame: &mut Frame, app: &App, area: Rect) {
    let t = |k| app.t(k);
    frame.render_widget(section(t("ov.by_village")), Rect { height: 1, ..area });
    let body = Rect::new(area.x, area.y + 1, area.width, area.height - 1);
    let columns = [
        Column::fixed(app.labels.field("village", "name"), 10),
        Column::right(t("ov.col_monitored"), 6),
        Column::right(t("ov.col_identified"), 6),
        Column::right(t("ov.col_eliminated"), 6),
        Column::right(t("ov.col_no_measure"), 6),
        Column::right(t("ov.col_visited"), 8),
        Column::right(t("ov.col_overdue"), 6),
    ];
    let villages = &app.overview.figures.villages;
    render_table(frame, body, &columns, villages.len(), &app.overview.village_cursor, |i| match villages.get(i) {
        Some(f) => Row {
            cells: vec![
                fit(&f.village_name, 20),
                f.monitored.to_string(),
                f.identified_this_month.to_string(),
                f.eliminated_this_month.to_string(),
                f.without_measure.to_string(),
                format!("{}/{}", f.visited, f.visits_required),
                f.visits_overdue.to_string(),
            ],
            mark: None,
        },
        None => Row { cells: Vec::new(), mark: None },
    });
}

/// 需求统计 on screen: each class's needs by status, those overdue, all; a total row.
fn render_needs(frame: &mut Frame, app: &App, area: Rect) {
    use crate::domain::vocab::list;
    frame.render_widget(section(app.t("ov.needs_count")), Rect { height: 1, ..area });
    let body = Rect::new(area.x, area.y + 1, area.width, area.height - 1);
    let mut columns = vec![Column::fixed(app.labels.field("need", "class"), 8)];
    columns.extend(app.vocab.choices(list::TASK_STATUS).map(|e| Column::right(e.label(app.lang), 6)));
    columns.push(Column::right(app.t("coop.needs_overdue"), 6));
    columns.push(Column::right(app.t("report.total"), 6));
    let rows = app.overview.counts.as_ref().map_or(&[][..], |c| c.needs.as_slice());
    render_table(frame, body, &columns, rows.len(), &app.overview.needs_cursor, |i| match rows.get(i) {
        Some((class, n)) => {
            let mut cells = vec![fit(class, 16)];
            cells.extend(n.statuses.iter().map(i64::to_string));
            cells.extend([n.overdue.to_string(), n.total.to_string()]);
            Row { cells, mark: (n.overdue > 0).then_some('!') }
        }
        None => Row { cells: Vec::new(), mark: None },
    });
}

/// 项目储备库 on screen: each sector's projects not yet started, by stage, their count
/// and planned investment in 万元; a total row.
fn render_reserve(frame: &mut Frame, app: &App, area: Rect) {
    use crate::domain::money::format_wan;
    use crate::domain::project::RESERVE_STAGES;
    use crate::domain::vocab::list;
    frame.render_widget(section(app.t("ov.reserve")), Rect { height: 1, ..area });
    let body = Rect::new(area.x, area.y + 1, area.width, area.height - 1);
    let mut columns = vec![Column::fixed(app.labels.field("project", "sector"), 8)];
    for stage in RESERVE_STAGES {
        columns.push(Column::right(app.vocab.label(list::PROJECT_STATUS, stage, app.lang), 6));
    }
    columns.push(Column::right(app.t("report.total"), 5));
    columns.push(Column::right(app.t("ov.col_reserve_wan"), 14));
    let rows = app.overview.counts.as_ref().map_or(&[][..], |c| c.reserve.as_slice());
    render_table(frame, body, &columns, rows.len(), &app.overview.reserve_cursor, |i| match rows.get(i) {
        Some((sector, stages)) => {
            let mut cells = vec![fit(sector, 16)];
            cells.extend(stages.iter().map(|(count, _)| count.to_string()));
            cells.push(format_wan(stages[3].1));
            Row { cells, mark: None }
        }
        None => Row { cells: Vec::new(), mark: None },
    });
}

/// The last quarter's villages ranked as its bulletin ranks them: rank, place, score,
/// the change since the quarter before, and the first indicators.
fn render_ranking(frame: &mut Frame, app: &App, area: Rect) {
    use crate::domain::assessment::{INDICATORS, bp_text};
    let t = |k| app.t(k);
    let period = crate::report::period_name(app.labels, app.ranking_period());
    frame.render_widget(section(&app.labels.f("ov.ranking", &[("period", &period)])), Rect { height: 1, ..area });
    let body = Rect::new(area.x, area.y + 1, area.width, area.height - 1);
    let mut columns = vec![
        Column::right(t("report.rank"), 4),
        Column::fixed(t("report.township"), 8),
        Column::fixed(app.labels.field("village", "name"), 10),
        Column::right(t("report.score"), 6),
        Column::right(t("ov.col_change"), 4),
    ];
    const SHOWN: usize = 4;
    for i in INDICATORS.iter().take(SHOWN) {
        let name = app.t(&format!("ind.short.{}", i.code)).to_string();
        columns.push(Column::right(&name, 6));
    }
    let villages = app.ranking_rows();
    let points = |bp: Option<i64>| bp.map(bp_text).unwrap_or_default();
    render_table(frame, body, &columns, villages.len(), &app.overview.ranking_cursor, |i| match villages.get(i) {
        Some(v) => {
            let mut cells = vec![
                v.rank.map(|r| r.to_string()).unwrap_or_default(),
                fit(&v.township, 16),
                fit(&v.name, 20),
                points(v.score),
                v.change.clone(),
            ];
            cells.extend(v.indicators.iter().take(SHOWN).map(|bp| points(*bp)));
            Row { cells, mark: None }
        }
        None => Row { cells: Vec::new(), mark: None },
    });
}

/// 撬动 on arrived money: the amount (万元) and, when 帮扶方资金 has arrived, the ratio.
fn leveraged_arrived(app: &App, w: &WorkFigures) -> String {
    let (fen, ratio) = w.leveraged();
    let amount = format!("{} {}", format_wan(fen), app.t("unit.wan_yuan"));
    match ratio {
        Some(h) => app.labels.f("ov.leveraged_value", &[("amount", &amount), ("ratio", &hundredths(h))]),
        None => amount,
    }
}
