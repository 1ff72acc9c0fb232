//! The units a bulletin ranks and an assessment scores — townships, villages,
//! assisting sides, cadres — and the sheet that lists them: each indicator's score
//! under its weight, the weighted score, the rank (docs/reports.md).

use super::book::Table;
use crate::domain::assessment::{Indicator, Judged, Tally, indicator_bp, ranks, score_bp, weights_of};
use crate::domain::cadre::Cadre;
use crate::domain::village::Village;
use crate::store::PeriodTallies;
use crate::ui::Labels;
use rust_xlsxwriter::{Worksheet, XlsxError};
use std::collections::BTreeMap;

/// One unit with what it did, its score and rank.
#[derive(Debug, Clone, Default)]
pub(super) struct Unit {
    /// The record it is (a village's id; empty for the others).
    pub id: String,
    /// The name columns (乡镇; 乡镇, 村; 帮扶方; 姓名, 身份).
    pub(super) names: Vec<String>,
    pub tally: Tally,
    pub score: Option<i64>,
    pub rank: Option<usize>,
    /// The rank the same unit had in the period before (a bulletin's change).
    pub before: Option<usize>,
}

/// The groups of units, each ranked among its own.
#[derive(Debug, Clone, Default)]
pub(super) struct Units {
    pub townships: Vec<Unit>,
    pub villages: Vec<Unit>,
    pub parties: Vec<Unit>,
    pub cadres: Vec<Unit>,
}

impl Units {
    /// Villages from their tallies; townships and assisting sides as the sums of
    /// their villages (not the average of their scores); cadres of 人员 by name.
    pub(super) fn of(
        tallies: &PeriodTallies,
        (villages, parties): (&[Village], &[crate::domain::cooperation::Party]),
        cadres: &[Cadre],
        role: impl Fn(&Cadre) -> String,
        weights: &[(Indicator, u32)],
    ) -> Units {
        let sides = parties;
        let mut townships: BTreeMap<String, Tally> = BTreeMap::new();
        let mut parties: BTreeMap<String, Tally> = BTreeMap::new();
        let mut units = Units::default();
        for v in villages {
            let tally = tallies.villages.get(&v.id).cloned().unwrap_or_default();
            townships.entry(v.township.clone()).or_default().add(&tally);
            // Each side of the village: the one it names and those that list it.
            for side in crate::domain::cooperation::sides_of_village(v, sides) {
                parties.entry(side).or_default().add(&tally);
            }
            let village = unit(vec![v.township.clone(), v.name.clone()], tally);
            units.villages.push(Unit { id: v.id.clone(), ..village });
        }
        // A side's own agreement, whether or not a village names it.
        for (side, agreement) in &tallies.sides {
            parties.entry(side.clone()).or_default().add(agreement);
        }
        units.townships = townships.into_iter().map(|(name, t)| unit(vec![name], t)).collect();
        units.parties = parties.into_iter().map(|(name, t)| unit(vec![name], t)).collect();
        let mut seen = std::collections::BTreeSet::new();
        for c in cadres.iter().filter(|c| seen.insert(c.name.trim().to_string())) {
            let tally = tallies.cadres.get(c.name.trim()).cloned().unwrap_or_default();
            units.cadres.push(unit(vec![c.name.clone(), role(c)], tally));
        }
        let places = weights_of(weights, Judged::Places);
        score_and_rank(&mut units.townships, &places);
        score_and_rank(&mut units.villages, &places);
        score_and_rank(&mut units.parties, &weights_of(weights, Judged::Sides));
        score_and_rank(&mut units.cadres, &weights_of(weights, Judged::Cadres));
        units
    }

    /// Notes each unit's rank in the period before, matched by its names.
    pub(super) fn against(&mut self, before: &Units) {
        for (now, then) in [
            (&mut self.townships, &before.townships),
            (&mut self.villages, &before.villages),
            (&mut self.parties, &before.parties),
            (&mut self.cadres, &before.cadres),
        ] {
            note_before(now, then);
        }
    }
}

/// Notes each unit's rank among `then` (the period before), matched by its names.
pub(super) fn note_before(now: &mut [Unit], then: &[Unit]) {
    let ranked: BTreeMap<&[String], Option<usize>> = then.iter().map(|u| (u.names.as_slice(), u.rank)).collect();
    for u in now.iter_mut() {
        u.before = ranked.get(u.names.as_slice()).copied().flatten();
    }
}

pub(super) fn unit(names: Vec<String>, tally: Tally) -> Unit {
    Unit { names, tally, ..Unit::default() }
}

/// Scores each unit, ranks them, and orders them by rank (unranked last, by name).
pub(super) fn score_and_rank(units: &mut [Unit], weights: &[(Indicator, u32)]) {
    for u in units.iter_mut() {
        u.score = score_bp(&u.tally, weights);
    }
    let scores: Vec<Option<i64>> = units.iter().map(|u| u.score).collect();
    for (u, rank) in units.iter_mut().zip(ranks(&scores)) {
        u.rank = rank;
    }
    units.sort_by(|a, b| (a.rank.is_none(), a.rank, &a.names).cmp(&(b.rank.is_none(), b.rank, &b.names)));
}

/// How a sheet of units is laid out.
pub(super) struct Layout<'a> {
    pub title: String,
    pub(super) names: Vec<String>,
    pub weights: &'a [(Indicator, u32)],
    /// Whether to show the rank before and the change (a quarter's bulletin).
    pub with_change: bool,
}

/// The header: 名次, the names, each indicator with its weight, 综合得分, [上期名次,
/// 变化], then the figures shown but not scored.
fn header(labels: &Labels, layout: &Layout) -> Vec<String> {
    let mut h = vec![labels.t("report.rank").to_string()];
    h.extend(layout.names.iter().cloned());
    for (i, w) in layout.weights {
        let name = labels.t(&format!("ind.{}", i.code)).to_string();
        h.push(labels.f("ind.weighted", &[("name", &name), ("w", &w.to_string())]));
    }
    h.push(labels.t("report.score").to_string());
    if layout.with_change {
        h.push(labels.t("report.rank_before").to_string());
        h.push(labels.t("report.rank_change").to_string());
    }
    for key in INFO {
        h.push(labels.t(key.0).to_string());
    }
    h
}

/// How a count is read from a tally.
type Count = fn(&Tally) -> i64;

/// Figures shown beside the scores, not scored: what happened, for the reader.
const INFO: [(&str, Count); 4] = [
    ("report.identified_period", |t| t.identified),
    ("report.eliminated_period", |t| t.eliminated),
    ("report.overdue_end", |t| t.overdue_end),
    ("report.tasks_overdue_end", |t| t.tasks_overdue_end),
];

/// A rank's change since the period before: ↑3, ↓2, — (same); blank when either is
/// missing.
pub(super) fn change_text(u: &Unit) -> String {
    match (u.rank, u.before) {
        (Some(now), Some(then)) if now < then => format!("↑{}", then - now),
        (Some(now), Some(then)) if now > then => format!("↓{}", now - then),
        (Some(_), Some(_)) => "—".to_string(),
        _ => String::new(),
    }
}

/// Writes one sheet of units.
pub(super) fn write_units(
    sheet: &mut Worksheet,
    labels: &Labels,
    layout: &Layout,
    units: &[Unit],
    signed: &super::book::Signature,
) -> Result<(), XlsxError> {
    let mut table = Table::new(sheet, &layout.title, &header(labels, layout))?;
    for u in units {
        let mut c = 0;
        match u.rank {
            Some(r) => table.count(c, r as i64, true)?,
            None => table.text(c, "")?,
        }
        for name in &u.names {
            c += 1;
            table.text(c, name)?;
        }
        for (indicator, _) in layout.weights {
            c += 1;
            table.points(c, indicator_bp(indicator, &u.tally))?;
        }
        c += 1;
        table.points(c, u.score)?;
        if layout.with_change {
            c += 1;
            match u.before {
                Some(r) => table.count(c, r as i64, false)?,
                None => table.text(c, "")?,
            }
            c += 1;
            table.centered(c, &change_text(u))?;
        }
        for (_, read) in INFO {
            c += 1;
            table.count(c, read(&u.tally), false)?;
        }
        table.next_row();
    }
    table.finish(signed)
}

/// One village of a quarter's ranking, as 概览 shows it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RankedVillage {
    pub village_id: String,
    pub township: String,
    pub name: String,
    pub rank: Option<usize>,
    /// Its rank the quarter before, and the change as the bulletin writes it.
    pub before: Option<usize>,
    pub change: String,
    /// The weighted score and each indicator's, in basis points.
    pub score: Option<i64>,
    pub indicators: Vec<Option<i64>>,
}

/// The villages of a quarter ranked as its bulletin ranks them (the same counting,
/// weights and order), with their change since the quarter before.
pub fn village_ranking(
    store: &crate::store::Store,
    period: crate::domain::assessment::Period,
    today: chrono::NaiveDate,
) -> Result<Vec<RankedVillage>, crate::store::StoreError> {
    let weights = store.assessment_weights()?;
    let villages: Vec<Village> = store.all()?;
    let role = |_: &Cadre| String::new();
    // Villages alone are ranked here: their sides are not needed.
    let mut units = Units::of(&store.period_tallies(period, today)?, (&villages, &[]), &[], role, &weights);
    let before = store.period_tallies(period.previous(), today)?;
    units.against(&Units::of(&before, (&villages, &[]), &[], role, &weights));
    Ok(units
        .villages
        .iter()
        .map(|u| RankedVillage {
            village_id: u.id.clone(),
            township: u.names.first().cloned().unwrap_or_default(),
            name: u.names.get(1).cloned().unwrap_or_default(),
            rank: u.rank,
            before: u.before,
            change: change_text(u),
            score: u.score,
            indicators: weights.iter().map(|(i, _)| indicator_bp(i, &u.tally)).collect(),
        })
        .collect())
}
