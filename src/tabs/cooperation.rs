//! 协作: a side's details — who it is, what it assists, and this year's agreement
//! against what was done (目标, 实际, 完成率), each target a part the cursor walks.
//! Its lists are drawn from their declarations (`records.rs`).

use super::field_line;
use super::parts::DetailLines;
use crate::app::{App, Tab};
use crate::domain::cooperation::{INDICATOR, Indicator, PARTY_LEVEL, Party, Progress, Target};
use crate::domain::vocab::list;
use crate::ui::format::amount_text;
use crate::ui::theme;
use ratatui::text::Line;

pub(super) fn detail(
    app: &App,
    p: &Party,
    villages: &[String],
    (year, progress): (i32, &[Progress]),
    other_years: &[Target],
) -> (Vec<Line<'static>>, Option<usize>) {
    let t = |k| app.t(k);
    let code = |list, c: &Option<String>| {
        c.as_deref().map_or(String::new(), |c| app.vocab.label(list, c, app.lang).to_string())
    };
    let state = app.state(Tab::Cooperation);
    let cursor = (app.tab == Tab::Cooperation && state.detail_open).then_some(state.part_cursor);
    let mut out = DetailLines::new(cursor);
    out.push(Line::styled(p.name.clone(), theme::title()));
    out.push(field_line(t("party.force"), code(list::ASSIST_FORCE, &p.force)));
    out.push(field_line(t("party.level"), code(PARTY_LEVEL, &p.level)));
    out.push(field_line(t("party.contact"), format!("{} {}", p.contact, p.phone).trim().to_string()));
    // The year's figures before the long lists of townships and villages.
    out.push(super::section(&app.labels.f("coop.agreement", &[("year", &year.to_string())])));
    for line in progress {
        let text = progress_line(app, line);
        match &line.target {
            Some(_) => out.part(text, false),
            None => out.push(Line::styled(text, theme::dim())),
        }
    }
    // Other years' targets, walked and corrected like this year's.
    if !other_years.is_empty() {
        out.push(super::section(t("coop.other_years")));
        for target in other_years {
            let name = app.vocab.label(INDICATOR, &target.indicator, app.lang);
            let value = match Indicator::of_code(&target.indicator).is_some_and(Indicator::is_money) {
                true => amount_text(app.labels, target.value()),
                false => target.value().to_string(),
            };
            let text = app
                .labels
                .f("coop.other_target", &[("year", &target.year.to_string()), ("indicator", name), ("target", &value)]);
            out.part(text, false);
        }
    }
    out.push(super::section(t("coop.assists")));
    out.push(field_line(t("party.unit"), p.unit.clone()));
    out.push(field_line(t("party.townships"), p.townships.clone()));
    out.push(field_line(t("party.villages"), villages.join(t("common.list_separator"))));
    (out.lines, out.selected)
}

/// `劳务协作转移就业  目标 1200 · 实际 860 · 71%`; without a target, the actual alone.
fn progress_line(app: &App, p: &Progress) -> String {
    let name = app.vocab.label(INDICATOR, p.indicator.code(), app.lang);
    let figure = |v: i64| if p.indicator.is_money() { amount_text(app.labels, v) } else { v.to_string() };
    let actual = figure(p.actual);
    match (&p.target, p.percent()) {
        (Some(target), Some(percent)) => app.labels.f(
            "coop.progress",
            &[
                ("indicator", name),
                ("target", &figure(target.value())),
                ("actual", &actual),
                ("percent", &percent.to_string()),
            ],
        ),
        _ => app.labels.f("coop.no_target", &[("indicator", name), ("actual", &actual)]),
    }
}
