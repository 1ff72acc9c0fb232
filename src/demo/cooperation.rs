//! The demo's assisting sides (协作): every side its villages name, with the
//! townships and villages it assists; the first east–west partner city gets this
//! year's agreement on every indicator, and placements, purchases, exchanges and
//! trainings through the year so far; every side a funds target a little above
//! what has arrived from it. Drawn from a
//! generator of their own, after everything else, so the rest of the demo is the
//! same with or without them.

use super::rng::Rng;
use crate::domain::cooperation::{Exchange, Indicator, Party, Placement, Purchase, Target, Training};
use crate::domain::dates::YearMonth;
use crate::domain::project::FundArrival;
use crate::domain::village::Village;
use crate::store::{Result, Writer};
use chrono::{Datelike, Days, NaiveDate};
use std::collections::BTreeMap;

const DESTINATIONS: [(&str, &str); 5] = [
    ("浙江金华", "金华市婺城区某汽配有限公司"),
    ("浙江义乌", "义乌市某小商品制造有限公司"),
    ("浙江永康", "永康市某五金工具有限公司"),
    ("本县帮扶车间", "金华援建帮扶车间（服装）"),
    ("浙江兰溪", "兰溪市某纺织有限公司"),
];
const PURCHASES: [(&str, &str); 4] = [
    ("金华市机关食堂", "高山茶叶"),
    ("金华市总工会", "川北腊肉"),
    ("浙江某电商平台", "富硒大米"),
    ("金华市某连锁超市", "核桃"),
];
const TRAININGS: [(&str, &str); 3] = [
    ("村干部乡村振兴能力提升班", "村干部"),
    ("致富带头人电商培训", "致富带头人"),
    ("脱贫劳动力技能培训", "脱贫劳动力"),
];

pub(super) fn write(w: &mut Writer, seed: u64, villages: &[Village], today: NaiveDate) -> Result<()> {
    let mut rng = Rng::new(seed ^ 0x636f_6f70);
    let mut sides: BTreeMap<&str, Vec<&Village>> = BTreeMap::new();
    for v in villages.iter().filter(|v| !v.assisting_party.is_empty()) {
        sides.entry(v.assisting_party.as_str()).or_default().push(v);
    }
    let year = today.year();
    // The partner: the east–west side assisting the most villages.
    let partner = sides
        .iter()
        .filter(|(_, vs)| vs.first().and_then(|v| v.assist_force.as_deref()) == Some("east_west"))
        .max_by_key(|(_, vs)| vs.len())
        .map(|(name, _)| *name);
    for (name, assisted) in sides {
        let mut townships: Vec<&str> = assisted.iter().map(|v| v.township.as_str()).collect();
        townships.dedup();
        let force = assisted.first().and_then(|v| v.assist_force.clone());
        let mut party = Party {
            name: name.into(),
            level: Some(level_of(force.as_deref(), name).into()),
            unit: format!("{name}帮扶工作领导小组办公室"),
            townships: townships.join("、"),
            villages: assisted.iter().map(|v| v.id.clone()).collect(),
            contact: super::person_name(&mut rng, 60),
            phone: super::mobile(&mut rng),
            force,
            ..Party::default()
        };
        w.insert(&mut party)?;
        // Agreed a little above what arrives by now (most sides are behind in December).
        let arrived = arrived_this_year(w, &party, today)?;
        let funds = (arrived * rng.range(100, 150) / 100 / 10_000_000 + 1) * 10_000_000;
        target(w, &party, year, Indicator::Funds, funds)?;
        if partner == Some(name) {
            agreement(w, &mut rng, &party, year, assisted.len() as i64)?;
            work(w, &mut rng, &party, &assisted, today)?;
        }
    }
    Ok(())
}

/// A side's level, as its force and name tell it.
fn level_of(force: Option<&str>, name: &str) -> &'static str {
    match force {
        Some("east_west" | "in_province") => "city",
        Some("state_enterprise") => "state_firm",
        Some("designated") if name.starts_with("中国") => "central_unit",
        Some("designated" | "talent_group") => "provincial_unit",
        _ => "other",
    }
}

/// Money arrived from the side this year, by the arrivals naming it.
fn arrived_this_year(w: &Writer, party: &Party, today: NaiveDate) -> Result<i64> {
    let january = format!("{}-01-01", today.year());
    let arrivals: Vec<FundArrival> = w.select("AND t.party = ?1 AND t.date >= ?2", "", &[&party.name, &january])?;
    Ok(arrivals.iter().map(|a| a.amount).sum())
}

/// The partner city's agreement: the indicators besides funds, sized by the
/// villages it assists.
fn agreement(w: &mut Writer, rng: &mut Rng, party: &Party, year: i32, villages: i64) -> Result<()> {
    let mut per_village = |low, high| rng.range(low, high) * villages.max(1);
    target(w, party, year, Indicator::Projects, (villages / 2).max(2))?;
    target(w, party, year, Indicator::Jobs, villages.max(1) * 4)?;
    target(w, party, year, Indicator::Purchases, per_village(20, 40) * 1_000_000)?;
    target(w, party, year, Indicator::Exchanges, (villages / 3).max(3))?;
    target(w, party, year, Indicator::Trained, villages.max(1) * 60)
}

fn target(w: &mut Writer, party: &Party, year: i32, indicator: Indicator, value: i64) -> Result<()> {
    let money = indicator.is_money();
    let mut t = Target {
        party_id: party.id.clone(),
        year: i64::from(year),
        indicator: indicator.code().into(),
        amount: money.then_some(value),
        count: (!money).then_some(value),
        ..Target::default()
    };
    w.insert(&mut t).map(|_| ())
}

/// Placements, purchases, exchanges and trainings from January to today.
fn work(w: &mut Writer, rng: &mut Rng, party: &Party, assisted: &[&Village], today: NaiveDate) -> Result<()> {
    let start = NaiveDate::from_ymd_opt(today.year(), 1, 1).unwrap_or(today);
    let days = (today - start).num_days().max(1) as u64;
    let day = |rng: &mut Rng| start + Days::new(rng.below(days));
    let n = assisted.len() as u64;
    for _ in 0..n * 3 + rng.below(n + 1) {
        let village = *rng.pick(assisted);
        let (destination, employer) = *rng.pick(&DESTINATIONS);
        let mut p = Placement {
            party_id: party.id.clone(),
            name: super::person_name(rng, 55),
            village_id: Some(village.id.clone()),
            destination: destination.into(),
            employer: employer.into(),
            started: YearMonth::of(day(rng)),
            working: rng.chance(85),
            ..Placement::default()
        };
        w.insert(&mut p)?;
    }
    for _ in 0..n + 2 {
        let (buyer, product) = *rng.pick(&PURCHASES);
        let mut p = Purchase {
            party_id: party.id.clone(),
            date: day(rng),
            buyer: buyer.into(),
            product: product.into(),
            amount: rng.range(2, 25) * 1_000_000,
            village_id: Some(rng.pick(assisted).id.clone()),
            ..Purchase::default()
        };
        w.insert(&mut p)?;
    }
    for k in 0..(n / 3).max(2) {
        let start = day(rng);
        let incoming = k % 3 != 2;
        let mut e = Exchange {
            party_id: party.id.clone(),
            person: super::person_name(rng, 65),
            kind: Some(if k % 2 == 0 { "cadre" } else { "specialist" }.into()),
            direction: if incoming { "in" } else { "out" }.into(),
            unit: if incoming { format!("{}人民医院", party.name) } else { "本县农业农村局".into() },
            role: if incoming { "挂职副县长".into() } else { "跟岗学习".into() },
            start,
            until: start.checked_add_days(Days::new(365)),
            ..Exchange::default()
        };
        w.insert(&mut e)?;
    }
    for _ in 0..n.max(3) {
        let (title, attendees) = *rng.pick(&TRAININGS);
        let mut t = Training {
            party_id: party.id.clone(),
            title: title.into(),
            date: day(rng),
            headcount: rng.range(20, 80),
            attendees: attendees.into(),
            ..Training::default()
        };
        w.insert(&mut t)?;
    }
    Ok(())
}
