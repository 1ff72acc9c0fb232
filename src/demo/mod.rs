//! Demo ledgers: the real townships and villages of 恩阳区 (511903), one of
//! Sichuan's 39 underdeveloped counties, with generated people, projects and one
//! or more years of visits. Same seed, same file.

// The generator indexes its own constant tables and the lists it has just built;
// it never reads what a person typed.
#![allow(clippy::indexing_slicing)]

mod cooperation;
mod households;
mod monitoring;
mod names;
mod needs;
mod rng;
mod work;

use crate::domain::dates::YearMonth;
use crate::domain::divisions::{locate_village, short_village_name, townships_of_county, villages_of_township};
use crate::domain::village::Village;
use crate::store::{Actor, Result, Store, TimeSource};
use chrono::{Datelike, NaiveDate};
use rng::Rng;
use std::path::Path;

pub const COUNTY: &str = "511903";

/// How big a demo ledger is: a few villages, or a whole county.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Scale {
    Small,
    County,
}

/// How big a demo ledger is.
pub struct Size {
    pub townships: usize,
    pub villages_per_township: usize,
    pub households: usize,
    pub monitored_percent: u64,
    pub projects: usize,
    /// Extra contacts beyond the required ones, in percent of the required visits.
    pub extra_visit_percent: u64,
    /// Years of history: visits, identifications and projects spread over them.
    pub years: u32,
}

impl Size {
    pub fn of(scale: Scale, years: u32) -> Size {
        let years = years.max(1);
        match scale {
            Scale::Small => Size {
                townships: 3,
                villages_per_township: 4,
                households: 120,
                monitored_percent: 35,
                projects: 24 * years as usize,
                extra_visit_percent: 20,
                years,
            },
            Scale::County => Size {
                townships: usize::MAX,
                villages_per_township: usize::MAX,
                households: 20_000,
                monitored_percent: 30,
                projects: 2_000 * years as usize,
                extra_visit_percent: 93,
                years,
            },
        }
    }
}

/// What a demo ledger holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Written {
    pub villages: usize,
    pub households: usize,
    pub monitored: usize,
    pub members: usize,
    pub projects: usize,
    pub visits: usize,
}

/// Writes a demo ledger to `path` with `years` of visits and monitoring history;
/// says what it holds.
pub fn write(path: &Path, scale: Scale, seed: u64, years: u32, today: NaiveDate) -> Result<Written> {
    let mut store = Store::open_with(path, today, &mut |_, _| {})?;
    let start = today.pred_opt().unwrap_or(today) - chrono::Days::new(365 * years as u64 + 35);
    let start_ms = start.and_hms_opt(8, 0, 0).unwrap_or_default().and_utc().timestamp_millis();
    store.set_time_source(TimeSource::fixed(start_ms, seed));
    store.set_actor(Actor { user: "demo".into(), host: "bangfu-demo".into() });
    let name =
        |what: &str| uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_OID, format!("bangfu:demo:{seed}:{what}").as_bytes());
    store.set_identity(&name("ledger").simple().to_string(), &name("copy").simple().to_string())?;
    let size = Size::of(scale, years);
    let mut rng = Rng::new(seed);
    let summary = store.write(|w| {
        w.defer_derive();
        let villages = villages(&mut rng, &size);
        let mut village_records = Vec::new();
        for mut v in villages {
            w.insert(&mut v)?;
            village_records.push(v);
        }
        let people = households::write(w, &mut rng, &village_records, &size, today)?;
        let projects = work::write_projects(w, &mut rng, &village_records, &people, &size, today)?;
        let (visits, follow_ups) = work::write_visits(w, &mut rng, &village_records, &people, &size, today)?;
        monitoring::write(w, &mut rng, &village_records, &people, &follow_ups, today)?;
        needs::write(w, seed, &village_records, today)?;
        cooperation::write(w, seed, &village_records, today)?;
        Ok(Written {
            villages: village_records.len(),
            households: people.households.len(),
            monitored: people.households.iter().filter(|h| h.is_monitored()).count(),
            members: people.member_count,
            projects,
            visits,
        })
    })?;
    Ok(summary)
}

fn villages(rng: &mut Rng, size: &Size) -> Vec<Village> {
    let mut out = Vec::new();
    let townships = townships_of_county(COUNTY);
    // Towns (镇) first: the 街道 are the county seat, where few monitored households live.
    let mut ordered: Vec<_> = townships.iter().filter(|t| t.name.ends_with('镇')).collect();
    ordered.extend(townships.iter().filter(|t| !t.name.ends_with('镇')));
    for township in ordered.into_iter().take(size.townships) {
        let villages = villages_of_township(&township.code);
        // Villages before communities, so the small demo shows 村.
        let mut ordered: Vec<_> = villages.iter().filter(|v| v.name.contains("村")).collect();
        ordered.extend(villages.iter().filter(|v| !v.name.contains("村")));
        for division in ordered.into_iter().take(size.villages_per_township) {
            out.push(village(rng, &division.code, &division.name));
        }
    }
    out
}

/// A name; `male_percent` of them are men's.
fn person_name(rng: &mut Rng, male_percent: u64) -> String {
    let male = rng.chance(male_percent);
    let surname = rng.weighted(names::SURNAMES);
    let given = if male { rng.pick(names::MALE_GIVEN) } else { rng.pick(names::FEMALE_GIVEN) };
    format!("{surname}{given}")
}

fn village(rng: &mut Rng, code: &str, official: &str) -> Village {
    let location = locate_village(code).unwrap_or_default();
    let (force, party) = *rng.pick(names::ASSISTING);
    let households = rng.range(280, 820);
    let key = rng.chance(25);
    Village {
        id: String::new(),
        code: Some(code.to_string()),
        name: short_village_name(official),
        township: location.township,
        county: location.county,
        key_village: key,
        exited: !key || rng.chance(50),
        total_households: Some(households),
        total_population: Some(households * rng.range(28, 34) / 10),
        dibao_households: Some(households * rng.range(3, 8) / 100),
        tekun_people: Some(rng.range(2, 15)),
        disabled_people: Some(households * rng.range(4, 9) / 100),
        dangerous_houses: Some(rng.range(0, 3)),
        stats_year: Some(2025),
        collective_income: Some(rng.range(50, 600) * 100_000),
        farmer_income: Some(rng.range(12_500, 18_800) * 100),
        assisting_party: party.to_string(),
        assist_force: Some(force.to_string()),
        first_secretary: person_name(rng, 70),
        work_team: format!("{}、{}", person_name(rng, 100), person_name(rng, 0)),
        contact_phone: Some(mobile(rng)),
        notes: String::new(),
    }
}

pub(crate) fn mobile(rng: &mut Rng) -> String {
    let prefix = rng.pick(&["138", "139", "135", "150", "151", "182", "187", "133", "177", "199"]);
    format!("{prefix}{:08}", rng.below(100_000_000))
}

pub(crate) fn month_before(today: NaiveDate, months: i64) -> YearMonth {
    let total = today.year() as i64 * 12 + today.month0() as i64 - months;
    YearMonth::new((total / 12) as i32, (total % 12) as u32 + 1).unwrap_or(YearMonth::of(today))
}
