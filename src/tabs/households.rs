//! 监测户: households, their members, risks and visits.

use super::{field_line, section};
use crate::app::{App, Tab};
use crate::domain::dates::format_date;
use crate::domain::idnum::mask;
use crate::domain::vocab::list;
use crate::ui::theme;
use crate::widgets::table::{Column, Row};
use ratatui::text::{Line, Span};

const RECENT_VISITS: usize = 5;

pub fn columns(app: &App) -> Vec<Column> {
    let t = |k| app.t(k);
    vec![
        Column::fixed(t("household.head_name"), 8),
        Column::flex(t("col.village"), 10),
        Column::fixed(t("col.group"), 4),
        Column::fixed(t("household.monitor_category"), 12),
        Column::fixed(t("col.identified"), 7),
        Column::right(t("col.people"), 4),
        Column::flex(t("household.number"), 6),
    ]
}

pub fn row(app: &App, position: usize) -> Row {
    let h = &app.ledger.households[position];
    let category = match &h.monitor_category {
        Some(c) => app.vocab.label(list::MONITOR_CATEGORY, c, app.lang).to_string(),
        None => h
            .household_type
            .as_deref()
            .map_or(String::new(), |c| app.vocab.label(list::HOUSEHOLD_TYPE, c, app.lang).to_string()),
    };
    let identified = h.identified_month.map(|m| m.to_string()).unwrap_or_default();
    let number = if h.number.is_empty() { app.t("household.no_number").to_string() } else { h.number.clone() };
    // ◆ marks a household under monitoring whose risk is not yet eliminated.
    let mark = (h.is_monitored() && !h.risk_eliminated).then_some('◆');
    Row {
        cells: vec![
            h.head_name.clone(),
            app.ledger.village_name(&h.village_id).to_string(),
            h.group_name.clone(),
            category,
            identified,
            app.ledger.members_of(&h.id).len().to_string(),
            number,
        ],
        mark,
    }
}

pub fn detail(app: &App, position: usize) -> Vec<Line<'static>> {
    let h = &app.ledger.households[position];
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
        Line::styled(
            format!("{} · {} {}", h.head_name, app.ledger.village_name(&h.village_id), h.group_name),
            theme::title(),
        ),
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
    lines.extend(warning_lines(app, &h.id));
    lines.extend(member_lines(app, &h.id));
    if h.is_monitored() || !app.ledger.events_of(&h.id).is_empty() {
        lines.extend(step_lines(app, &h.id));
    }
    lines.extend(measure_lines(app, &h.id));
    lines.extend(income_lines(app, h));
    lines.extend(visit_lines(app, &h.id));
    lines
}

/// What the inspector would flag, first, so it is seen.
fn warning_lines(app: &App, household_id: &str) -> Vec<Line<'static>> {
    let warnings = app.ledger.warnings_of(household_id);
    if warnings.is_empty() {
        return Vec::new();
    }
    let mut lines = vec![section(&app.labels.f("detail.warnings", &[("n", &warnings.len().to_string())]))];
    for w in warnings {
        let text = crate::ui::warning_text::warning_message(app.labels, &app.vocab, w);
        lines.push(Line::styled(format!("✗ {text}"), theme::error()));
    }
    lines
}

fn step_lines(app: &App, household_id: &str) -> Vec<Line<'static>> {
    let events = app.ledger.events_of(household_id);
    let mut lines = vec![section(app.t("detail.steps"))];
    if events.is_empty() {
        lines.push(Line::styled(app.t("detail.no_steps").to_string(), theme::dim()));
    }
    for e in events.iter().rev().take(RECENT_VISITS).rev() {
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

fn measure_lines(app: &App, household_id: &str) -> Vec<Line<'static>> {
    let measures = app.ledger.measures_of(household_id);
    let mut lines = vec![section(&app.labels.f("detail.measures", &[("n", &measures.len().to_string())]))];
    if measures.is_empty() {
        lines.push(Line::styled(app.t("detail.no_measures").to_string(), theme::dim()));
    }
    for m in measures {
        let amount = m
            .amount_fen
            .map(|f| format!(" {} {}", crate::domain::money::format_yuan(f), app.t("unit.yuan")))
            .unwrap_or_default();
        lines.push(Line::raw(format!(
            "{} {} {}{amount}",
            format_date(m.start),
            app.vocab.label(list::MEASURE_CATEGORY, &m.category, app.lang),
            m.item
        )));
    }
    lines
}

fn income_lines(app: &App, h: &crate::domain::household::Household) -> Vec<Line<'static>> {
    let incomes = app.ledger.incomes_of(&h.id);
    let members = app.ledger.members_of(&h.id).len();
    let mut lines = vec![section(app.t("detail.incomes"))];
    if incomes.is_empty() {
        lines.push(Line::styled(app.t("detail.no_incomes").to_string(), theme::dim()));
    }
    let yuan = |fen: i64| crate::domain::money::format_yuan(fen);
    for i in incomes.iter().take(3) {
        let per_capita = i.per_capita_fen(members).map_or("—".to_string(), yuan);
        let (_, line) = app.ledger.income_figures(h, i.year);
        let verdict = match (i.per_capita_fen(members), line) {
            (Some(p), Some(l)) if p >= l.amount_fen => format!("≥ {}", yuan(l.amount_fen)),
            (Some(_), Some(l)) => format!("< {} ✗", yuan(l.amount_fen)),
            _ => app.t("detail.no_line").to_string(),
        };
        let period = if i.before_identification {
            app.labels.f("detail.before_identification", &[("year", &i.year.to_string())])
        } else {
            i.year.to_string()
        };
        lines.push(Line::raw(app.labels.f(
            "detail.income_line",
            &[("period", &period), ("net", &yuan(i.net_fen())), ("per_capita", &per_capita), ("verdict", &verdict)],
        )));
    }
    lines
}

fn member_lines(app: &App, household_id: &str) -> Vec<Line<'static>> {
    let members = app.ledger.members_of(household_id);
    let state = &app.tabs[Tab::Households.index()];
    let mut lines = vec![section(&app.labels.f("detail.members", &[("n", &members.len().to_string())]))];
    if members.is_empty() {
        lines.push(Line::styled(app.t("detail.no_members").to_string(), theme::dim()));
    }
    for (i, m) in members.iter().enumerate() {
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
        let selected = state.detail_open && i == state.member_cursor;
        let (pointer, style) = if selected { ("› ", theme::selected()) } else { ("  ", theme::normal()) };
        lines.push(Line::from(vec![Span::raw(pointer), Span::styled(text, style)]));
    }
    lines
}

fn visit_lines(app: &App, household_id: &str) -> Vec<Line<'static>> {
    let visits = app.ledger.visits_of(household_id);
    let mut lines = vec![section(&app.labels.f("detail.visits", &[("n", &visits.len().to_string())]))];
    if let Some(due) = app.ledger.work.dues.get(household_id) {
        let text = app
            .labels
            .f("detail.next_due", &[("date", &format_date(due.next_due)), ("days", &due.days_overdue.to_string())]);
        let style = if due.is_overdue() { theme::warn() } else { theme::dim() };
        lines.push(Line::styled(if due.is_overdue() { format!("! {text}") } else { text }, style));
    }
    if visits.is_empty() {
        lines.push(Line::styled(app.t("detail.no_visits").to_string(), theme::dim()));
    }
    for v in visits.iter().take(RECENT_VISITS) {
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
