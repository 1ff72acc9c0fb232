//! 监测户: households, their members, risks and visits.

use super::parts::DetailLines;
use super::{field_cell, field_column, field_line, section};
use crate::app::{App, Tab};
use crate::domain::dates::format_date;
use crate::domain::household::Household;
use crate::domain::idnum::mask;
use crate::domain::income::{Verdict, verdict};
use crate::domain::money::format_yuan;
use crate::domain::record::Record;
use crate::domain::vocab::list;
use crate::store::{HouseholdDetail, HouseholdRow, ListRow};
use crate::ui::theme;
use crate::widgets::table::{Column, Row};
use ratatui::text::Line;

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
    let h: Household = r.record();
    let facts: HouseholdRow = r.extras();
    let number = if h.number.is_empty() { app.t("household.no_number").to_string() } else { h.number.clone() };
    // ◆ marks a household under monitoring whose risk is not yet eliminated.
    let mark = (h.is_monitored() && !h.risk_eliminated).then_some('◆');
    Row {
        cells: vec![
            h.head_name,
            facts.village_name,
            h.group_name,
            category(app, r),
            h.identified_month.map(|m| m.to_string()).unwrap_or_default(),
            facts.member_count.to_string(),
            number,
        ],
        mark,
    }
}

/// A household's details as lines, with the line of the selected part (member,
/// step, measure, income or visit) so the pane can keep it in view.
pub(super) fn detail(app: &App, d: &HouseholdDetail) -> (Vec<Line<'static>>, Option<usize>) {
    let state = app.state(Tab::Households);
    let cursor = (app.tab == Tab::Households && state.detail_open).then_some(state.part_cursor);
    let mut out = DetailLines::new(cursor);
    head_lines(app, d, &mut out);
    warning_lines(app, d, &mut out);
    member_lines(app, d, &mut out);
    if d.household.is_monitored() || !d.events.is_empty() {
        step_lines(app, d, &mut out);
    }
    measure_lines(app, d, &mut out);
    income_lines(app, d, &mut out);
    visit_lines(app, d, &mut out);
    (out.lines, out.selected)
}

fn head_lines(app: &App, d: &HouseholdDetail, out: &mut DetailLines) {
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
    out.push(Line::styled(format!("{} · {} {}", h.head_name, d.village_name, h.group_name), theme::title()));
    let number = if h.number.is_empty() { t("household.no_number").to_string() } else { h.number.clone() };
    out.push(field_line(t("household.number"), number));
    out.push(field_line(t("household.household_type"), label(list::HOUSEHOLD_TYPE, &h.household_type)));
    out.push(field_line(t("household.phone"), h.phone.clone().unwrap_or_default()));
    out.push(field_line(t("household.helper"), h.helper.clone()));
    if let Some(category) = &h.monitor_category {
        let since = h.identified_month.map(|m| m.to_string()).unwrap_or_default();
        out.push(section(t("detail.monitoring")));
        let category = label(list::MONITOR_CATEGORY, &Some(category.clone()));
        out.push(field_line(
            t("household.monitor_category"),
            format!("{category}  {} {since}", t("household.identified_month")),
        ));
        out.push(field_line(t("household.risks"), app.vocab.labels(list::RISK, &h.risks, app.lang)));
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
        out.push(field_line(t("household.risk_eliminated"), eliminated));
        if h.no_labor_capacity {
            out.push(Line::raw(t("household.no_labor_capacity").to_string()));
        }
    }
    // 未参保 as the members say (their 基本医疗保险), not as once typed.
    let uninsured = crate::domain::elimination::uninsured(h, &d.members);
    out.push(field_line(
        t("detail.guarantees"),
        format!(
            "{} {} · {} {} · {} {} · {} {}",
            t("detail.dropout"),
            tri(h.school_dropout),
            t("detail.no_insurance"),
            tri(uninsured),
            t("detail.unsafe_housing"),
            tri(h.unsafe_housing),
            t("detail.unsafe_water"),
            tri(h.unsafe_water)
        ),
    ));
}

/// What the inspector would flag, first, so it is seen.
fn warning_lines(app: &App, d: &HouseholdDetail, out: &mut DetailLines) {
    if d.warnings.is_empty() {
        return;
    }
    out.push(section(&app.labels.f("detail.warnings", &[("n", &d.warnings.len().to_string())])));
    for w in &d.warnings {
        let text = crate::ui::warning_text::warning_message(app.labels, &app.vocab, w, app.today);
        out.push(Line::styled(format!("✗ {text}"), theme::error()));
    }
}

fn member_lines(app: &App, d: &HouseholdDetail, out: &mut DetailLines) {
    let present = d.members.iter().filter(|m| m.is_current()).count();
    out.push(section(&app.labels.f("detail.members", &[("n", &present.to_string())])));
    if d.members.is_empty() {
        out.empty(app.t("detail.no_members"));
    }
    let v = |l: &str, c: &Option<String>| {
        c.as_deref().map_or(String::new(), |c| app.vocab.label(l, c, app.lang).to_string())
    };
    for m in &d.members {
        let mut text = format!(
            "{} {} {} {} {} {}",
            m.name,
            v(list::RELATION, &m.relation),
            v(list::SEX, &m.sex),
            m.birth_date.map(format_date).unwrap_or_default(),
            m.id_number.as_deref().map(mask).unwrap_or_default(),
            v(list::LABOR_SKILL, &m.labor_skill),
        );
        if let Some(left) = m.left_on {
            let reason = v(list::MEMBER_LEFT, &m.left_reason);
            text.push_str(&app.labels.f("detail.member_left", &[("date", &format_date(left)), ("reason", &reason)]));
        }
        out.part(text, !m.is_current());
    }
}

/// Every step, oldest first: the cursor reaches each to correct it, the latest to delete it.
fn step_lines(app: &App, d: &HouseholdDetail, out: &mut DetailLines) {
    out.push(section(app.t("detail.steps")));
    if d.events.is_empty() {
        out.empty(app.t("detail.no_steps"));
    }
    for e in &d.events {
        let extra = e
            .month
            .map(|m| m.to_string())
            .into_iter()
            .chain(e.category.as_deref().map(|c| app.vocab.label(list::MONITOR_CATEGORY, c, app.lang).to_string()))
            .chain(e.method.as_deref().map(|c| app.vocab.label(list::ELIMINATION_METHOD, c, app.lang).to_string()))
            .chain(e.channel.as_deref().map(|c| app.vocab.label(list::CLUE_CHANNEL, c, app.lang).to_string()))
            .collect::<Vec<_>>()
            .join(" ");
        let step = app.vocab.label(list::MONITORING_STEP, &e.step, app.lang);
        out.part(format!("{} {step} {extra} {}", format_date(e.date), e.by), false);
    }
}

fn measure_lines(app: &App, d: &HouseholdDetail, out: &mut DetailLines) {
    out.push(section(&app.labels.f("detail.measures", &[("n", &d.measures.len().to_string())])));
    if d.measures.is_empty() {
        out.empty(app.t("detail.no_measures"));
    }
    for m in &d.measures {
        let amount = m.amount.map(|f| format!(" {} {}", format_yuan(f), app.t("unit.yuan"))).unwrap_or_default();
        let end = m.end.map(|e| format!("–{}", format_date(e))).unwrap_or_default();
        let category = app.vocab.label(list::MEASURE_CATEGORY, &m.category, app.lang);
        let ended = !m.in_episode(d.household.identified_month);
        out.part(format!("{}{end} {category} {}{amount}", format_date(m.start), m.item), ended);
    }
}

fn income_lines(app: &App, d: &HouseholdDetail, out: &mut DetailLines) {
    out.push(section(app.t("detail.incomes")));
    if d.incomes.is_empty() {
        out.empty(app.t("detail.no_incomes"));
    }
    for line in &d.incomes {
        let i = &line.income;
        let per_capita = line.per_capita_fen.map_or("—".to_string(), format_yuan);
        let judged = match (line.per_capita_fen, line.line_fen) {
            (Some(p), Some(l)) => match verdict(p, l) {
                Verdict::AtOrAbove => format!("≥ {}", format_yuan(l)),
                Verdict::Below => format!("< {} ✗", format_yuan(l)),
            },
            _ => app.t("detail.no_line").to_string(),
        };
        let period = match i.is_calendar_year() {
            true => i.year.to_string(),
            false => {
                let named = app.vocab.label(crate::domain::vocab::list::INCOME_PERIOD, &i.period, app.lang);
                app.labels.f("detail.income_period", &[("year", &i.year.to_string()), ("period", named)])
            }
        };
        let args = [
            ("period", period.as_str()),
            ("net", &format_yuan(i.net_fen())),
            ("per_capita", &per_capita),
            ("verdict", &judged),
        ];
        out.part(app.labels.f("detail.income_line", &args), false);
    }
}

fn visit_lines(app: &App, d: &HouseholdDetail, out: &mut DetailLines) {
    out.push(section(&app.labels.f("detail.visits", &[("n", &d.visit_count.to_string())])));
    if let Some(next) = d.next_due {
        let days = (app.today - next).num_days().max(0);
        let overdue = days > 0;
        // "0 days late" would say late; a visit still ahead only says when.
        let key = if overdue { "detail.next_due" } else { "detail.next_due_ahead" };
        let text = app.labels.f(key, &[("date", &format_date(next)), ("days", &days.to_string())]);
        let style = if overdue { theme::warn() } else { theme::dim() };
        out.push(Line::styled(if overdue { format!("! {text}") } else { text }, style));
    }
    if d.visits.is_empty() {
        out.empty(app.t("detail.no_visits"));
    }
    for v in &d.visits {
        let kind = app.vocab.label(list::VISIT_TYPE, &v.visit_type, app.lang);
        out.part(format!("{} {kind} {} {}", format_date(v.date), v.visitors, v.requests), false);
    }
}
