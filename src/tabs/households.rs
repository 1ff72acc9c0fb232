//! 监测户: households, their members, risks and visits.

use super::{field_cell, field_column, field_line, section};
use crate::app::{App, Tab};
use crate::domain::dates::format_date;
use crate::domain::household::Household;
use crate::domain::idnum::mask;
use crate::domain::income::{Verdict, verdict};
use crate::domain::money::format_yuan;
use crate::domain::record::Record;
use crate::domain::vocab::list;
use crate::store::{HouseholdDetail, ListRow};
use crate::ui::theme;
use crate::widgets::table::{Column, Row};
use ratatui::text::{Line, Span};

/// How many of the latest steps the details show.
const RECENT_STEPS: usize = 5;

pub(super) fn columns(app: &App) -> Vec<Column> {
    let def = Household::DEF;
    vec![
        field_column(app, def, "head_name"),
        Column::flex(app.t("col.village"), 10),
        Column::fixed(app.t("col.group"), 4),
        field_column(app, def, "monitor_category"),
        Column::fixed(app.t("col.identified"), 7),
        Column::right(app.t("col.people"), 4),
        Column::flex(app.labels.field("household", "number"), 6),
    ]
}

/// The category of a monitored household, else its 户类型.
fn category(app: &App, row: &ListRow) -> String {
    let def = Household::DEF;
    let monitored = field_cell(app, def, row, "monitor_category");
    if monitored.is_empty() { field_cell(app, def, row, "household_type") } else { monitored }
}

pub(super) fn row(app: &App, r: &ListRow) -> Row {
    let number = r.text("number");
    let number = if number.is_empty() { app.t("household.no_number").to_string() } else { number };
    let monitored = !r.text("monitor_category").is_empty();
    // ◆ marks a household under monitoring whose risk is not yet eliminated.
    let mark = (monitored && r.int("risk_eliminated") == 0).then_some('◆');
    Row {
        cells: vec![
            r.text("head_name"),
            r.text("village_name"),
            r.text("group_name"),
            category(app, r),
            r.text("identified_month"),
            r.int("member_count").to_string(),
            number,
        ],
        mark,
    }
}

pub(super) fn detail(app: &App, d: &HouseholdDetail) -> Vec<Line<'static>> {
    let h = &d.household;
    let t = |k| app.t(k);
    let label = |l: &str, c: &Option<String>| {
        c.as_deref().map_or(String::new(), |c| app.vocab.label(l, c, app.lang).to_string())
    };
    let tri = |b: Option<bool>| {
        t(match b {
            Some(true) => "common.yes",
            Some(false) => "common.no",
            None => "common.unconfirmed",
        })
    };
    let mut lines = vec![
        Line::styled(format!("{} · {} {}", h.head_name, d.village_name, h.group_name), theme::title()),
        field_line(
            t("household.number"),
            if h.number.is_empty() { t("household.no_number").to_string() } else { h.number.clone() },
        ),
        field_line(t("household.household_type"), label(list::HOUSEHOLD_TYPE, &h.household_type)),
        field_line(t("household.phone"), h.phone.clone().unwrap_or_default()),
        field_line(t("household.helper"), h.helper.clone()),
    ];
    if let Some(category) = &h.monitor_category {
        let since = h.identified_month.map(|m| m.to_string()).unwrap_or_default();
        lines.push(section(t("detail.monitoring")));
        lines.push(field_line(
            t("household.monitor_category"),
            format!(
                "{}  {} {since}",
                label(list::MONITOR_CATEGORY, &Some(category.clone())),
                t("household.identified_month")
            ),
        ));
        lines.push(field_line(t("household.risks"), app.vocab.labels(list::RISK, &h.risks, app.lang)));
        let eliminated = if h.risk_eliminated {
            format!(
                "{} {} {}",
                t("common.yes"),
                h.eliminated_month.map(|m| m.to_string()).unwrap_or_default(),
                label(list::ELIMINATION_METHOD, &h.elimination_method)
            )
        } else {
            t("common.no").to_string()
        };
        lines.push(field_line(t("household.risk_eliminated"), eliminated));
        if h.no_labor_capacity {
            lines.push(Line::raw(t("household.no_labor_capacity").to_string()));
        }
    }
    lines.push(field_line(
        t("detail.guarantees"),
        format!(
            "{} {} · {} {} · {} {} · {} {}",
            t("detail.dropout"),
            tri(h.school_dropout),
            t("detail.no_insurance"),
            tri(h.no_medical_insurance),
            t("detail.unsafe_housing"),
            tri(h.unsafe_housing),
            t("detail.unsafe_water"),
            tri(h.unsafe_water)
        ),
    ));
    lines.extend(warning_lines(app, d));
    lines.extend(member_lines(app, d));
    if h.is_monitored() || !d.events.is_empty() {
        lines.extend(step_lines(app, d));
    }
    lines.extend(measure_lines(app, d));
    lines.extend(income_lines(app, d));
    lines.extend(visit_lines(app, d));
    lines
}

/// What the inspector would flag, first, so it is seen.
fn warning_lines(app: &App, d: &HouseholdDetail) -> Vec<Line<'static>> {
    if d.warnings.is_empty() {
        return Vec::new();
    }
    let mut lines = vec![section(&app.labels.f("detail.warnings", &[("n", &d.warnings.len().to_string())]))];
    for w in &d.warnings {
        let text = crate::ui::warning_text::warning_message(app.labels, &app.vocab, w, app.today);
        lines.push(Line::styled(format!("✗ {text}"), theme::error()));
    }
    lines
}

fn step_lines(app: &App, d: &HouseholdDetail) -> Vec<Line<'static>> {
    let mut lines = vec![section(app.t("detail.steps"))];
    if d.events.is_empty() {
        lines.push(Line::styled(app.t("detail.no_steps").to_string(), theme::dim()));
    }
    let skip = d.events.len().saturating_sub(RECENT_STEPS);
    for e in d.events.iter().skip(skip) {
        let extra = e
            .month
            .map(|m| m.to_string())
            .into_iter()
            .chain(e.category.as_deref().map(|c| app.vocab.label(list::MONITOR_CATEGORY, c, app.lang).to_string()))
            .chain(e.method.as_deref().map(|c| app.vocab.label(list::ELIMINATION_METHOD, c, app.lang).to_string()))
            .chain(e.channel.as_deref().map(|c| app.vocab.label(list::CLUE_CHANNEL, c, app.lang).to_string()))
            .collect::<Vec<_>>()
            .join(" ");
        lines.push(Line::raw(format!(
            "{} {} {extra} {}",
            format_date(e.date),
            app.vocab.label(list::MONITORING_STEP, &e.step, app.lang),
            e.by
        )));
    }
    lines
}

fn measure_lines(app: &App, d: &HouseholdDetail) -> Vec<Line<'static>> {
    let mut lines = vec![section(&app.labels.f("detail.measures", &[("n", &d.measures.len().to_string())]))];
    if d.measures.is_empty() {
        lines.push(Line::styled(app.t("detail.no_measures").to_string(), theme::dim()));
    }
    for m in &d.measures {
        let amount = m.amount.map(|f| format!(" {} {}", format_yuan(f), app.t("unit.yuan"))).unwrap_or_default();
        lines.push(Line::raw(format!(
            "{} {} {}{amount}",
            format_date(m.start),
            app.vocab.label(list::MEASURE_CATEGORY, &m.category, app.lang),
            m.item
        )));
    }
    lines
}

fn income_lines(app: &App, d: &HouseholdDetail) -> Vec<Line<'static>> {
    let mut lines = vec![section(app.t("detail.incomes"))];
    if d.incomes.is_empty() {
        lines.push(Line::styled(app.t("detail.no_incomes").to_string(), theme::dim()));
    }
    for line in d.incomes.iter().take(3) {
        let i = &line.income;
        let per_capita = line.per_capita_fen.map_or("—".to_string(), format_yuan);
        let judged = match (line.per_capita_fen, line.line_fen) {
            (Some(p), Some(l)) => match verdict(p, l) {
                Verdict::AtOrAbove => format!("≥ {}", format_yuan(l)),
                Verdict::Below => format!("< {} ✗", format_yuan(l)),
            },
            _ => app.t("detail.no_line").to_string(),
        };
        let period = if i.before_identification {
            app.labels.f("detail.before_identification", &[("year", &i.year.to_string())])
        } else {
            i.year.to_string()
        };
        lines.push(Line::raw(app.labels.f(
            "detail.income_line",
            &[
                ("period", &period),
                ("net", &format_yuan(i.net_fen())),
                ("per_capita", &per_capita),
                ("verdict", &judged),
            ],
        )));
    }
    lines
}

fn member_lines(app: &App, d: &HouseholdDetail) -> Vec<Line<'static>> {
    let state = app.state(Tab::Households);
    let mut lines = vec![section(&app.labels.f("detail.members", &[("n", &d.members.len().to_string())]))];
    if d.members.is_empty() {
        lines.push(Line::styled(app.t("detail.no_members").to_string(), theme::dim()));
    }
    for (i, m) in d.members.iter().enumerate() {
        let v = |l: &str, c: &Option<String>| {
            c.as_deref().map_or(String::new(), |c| app.vocab.label(l, c, app.lang).to_string())
        };
        let text = format!(
            "{} {} {} {} {} {}",
            m.name,
            v(list::RELATION, &m.relation),
            v(list::SEX, &m.sex),
            m.birth_date.map(format_date).unwrap_or_default(),
            m.id_number.as_deref().map(mask).unwrap_or_default(),
            v(list::LABOR_SKILL, &m.labor_skill),
        );
        let selected = app.tab == Tab::Households && state.detail_open && i == state.member_cursor;
        let (pointer, style) = if selected { ("› ", theme::selected()) } else { ("  ", theme::normal()) };
        lines.push(Line::from(vec![Span::raw(pointer), Span::styled(text, style)]));
    }
    lines
}

fn visit_lines(app: &App, d: &HouseholdDetail) -> Vec<Line<'static>> {
    let mut lines = vec![section(&app.labels.f("detail.visits", &[("n", &d.visit_count.to_string())]))];
    if let Some(next) = d.next_due {
        let days = (app.today - next).num_days().max(0);
        let text = app.labels.f("detail.next_due", &[("date", &format_date(next)), ("days", &days.to_string())]);
        let overdue = days > 0;
        let style = if overdue { theme::warn() } else { theme::dim() };
        lines.push(Line::styled(if overdue { format!("! {text}") } else { text }, style));
    }
    if d.visits.is_empty() {
        lines.push(Line::styled(app.t("detail.no_visits").to_string(), theme::dim()));
    }
    for v in &d.visits {
        lines.push(Line::raw(format!(
            "{} {} {} {}",
            format_date(v.date),
            app.vocab.label(list::VISIT_TYPE, &v.visit_type, app.lang),
            v.visitors,
            v.requests
        )));
    }
    lines
}
