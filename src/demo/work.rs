//! Demo projects (money that adds up, statuses that follow from dates) and years
//! of visits (monthly for monitored households, quarterly for the others, with
//! some slipping so that the overdue lists are not empty).

use super::households::People;
use super::names::{ACTIONS, ASSISTING, PROJECTS, REQUESTS};
use super::rng::Rng;
use super::{Size, month_before, person_name};
use crate::domain::dates::YearMonth;
use crate::domain::household::Household;
use crate::domain::project::{FundArrival, Project, SOURCE_CODES};
use crate::domain::schedule::Period;
use crate::domain::village::Village;
use crate::domain::visit::Visit;
use crate::store::{Result, Writer};
use chrono::{Days, NaiveDate};

const WAN: i64 = 1_000_000; // fen in one 万元

pub(super) fn write_projects(
    w: &mut Writer,
    rng: &mut Rng,
    villages: &[Village],
    people: &People,
    size: &Size,
    today: NaiveDate,
) -> Result<usize> {
    for n in 0..size.projects {
        let vi = n % villages.len();
        let mut p = project(rng, &villages[vi], size, today);
        let in_village: Vec<&Household> =
            people.households.iter().filter(|h| h.village_id == villages[vi].id).collect();
        let count = rng.range(3, 12).min(in_village.len() as i64) as usize;
        let start = rng.below(in_village.len().max(1) as u64) as usize;
        p.beneficiaries = (0..count).map(|k| in_village[(start + k * 3) % in_village.len()].id.clone()).collect();
        p.beneficiaries.sort();
        p.beneficiaries.dedup();
        w.insert(&mut p)?;
        for mut a in arrivals(&p, today) {
            w.insert(&mut a)?;
        }
    }
    Ok(size.projects)
}

/// A project's 到位 as it arrived: each planned source its share (the last one the
/// remainder, so they add up to the fen), a few days apart from the start month, from
/// the project's 帮扶方. No draw from the generator: the rest of the demo stays as it was.
fn arrivals(p: &Project, today: NaiveDate) -> Vec<FundArrival> {
    let planned = p.planned_total_fen();
    let Some(start) = p.start_month.filter(|_| p.arrived > 0 && planned > 0) else { return Vec::new() };
    let sources: Vec<(i64, &str)> = p.funds().into_iter().zip(SOURCE_CODES).filter(|(fen, _)| *fen > 0).collect();
    let mut left = p.arrived;
    let mut out = Vec::new();
    for (i, (fen, code)) in sources.iter().enumerate() {
        let share = if i + 1 == sources.len() { left } else { p.arrived * fen / planned };
        left -= share;
        let date = (start.first_day() + Days::new(9 * i as u64 + 3)).min(today);
        out.push(FundArrival {
            project_id: p.id.clone(),
            date,
            amount: share,
            source: Some((*code).into()),
            party: p.assisting_party.clone(),
            ..FundArrival::default()
        });
    }
    out.retain(|a| a.amount > 0);
    out
}

fn project(rng: &mut Rng, village: &Village, size: &Size, today: NaiveDate) -> Project {
    let (pattern, category, sector) = *rng.pick(PROJECTS);
    let name = pattern.replace("{v}", &village.name).replace("{g}", &format!("{}组", rng.range(1, 8)));
    let (force, party) = *rng.pick(ASSISTING);
    let start = month_before(today, rng.range(-2, 8 + 12 * size.years as i64));
    let end = month_before(start.first_day(), -rng.range(3, 12));
    let now = YearMonth::of(today);
    // One in ten planned to have started by now has not: approved, waiting (开工率 < 100%).
    let late = start <= now && rng.chance(10);
    let status = if start > now || late {
        *rng.pick(&["reserve", "in_library", "approved"])
    } else if end > now {
        "started"
    } else {
        *rng.pick(&["completed", "accepted", "handed_over"])
    };
    let percent = match status {
        "reserve" | "in_library" | "approved" => 0,
        "started" => rng.range(10, 90),
        _ => 100,
    };
    let central = rng.range(10, 300) * WAN / 10;
    let provincial = if rng.chance(40) { rng.range(5, 80) * WAN / 10 } else { 0 };
    let city_county = if rng.chance(50) { rng.range(2, 50) * WAN / 10 } else { 0 };
    let assisting = if force == "east_west" || rng.chance(30) { rng.range(5, 120) * WAN / 10 } else { 0 };
    let social = if rng.chance(35) { rng.range(5, 200) * WAN / 10 } else { 0 };
    let planned = central + provincial + city_county + assisting + social;
    let arrived = if percent == 0 { 0 } else { planned * rng.range(60, 100) / 100 };
    let paid = if percent == 0 { 0 } else { arrived * percent.min(100) / 100 };
    Project {
        name,
        village_id: Some(village.id.clone()),
        category: Some(category.into()),
        sector: Some(sector.into()),
        nature: Some(if rng.chance(75) { "new" } else { "continued" }.into()),
        content: "详见项目实施方案".into(),
        assist_force: Some(force.into()),
        assisting_party: party.into(),
        implementing_unit: format!("{}人民政府", village.township),
        responsible_person: person_name(rng, 70),
        planned_start_month: Some(start),
        start_month: (!late && start <= now).then_some(start),
        planned_end_month: Some(end),
        fund_central: central,
        fund_provincial: provincial,
        fund_city_county: city_county,
        fund_assisting: assisting,
        fund_social: social,
        arrived,
        paid,
        status: Some(status.into()),
        // Finished some days after the planned month's start; one in twenty left
        // without its date, as the warning shows.
        completed_on: (percent == 100 && !rng.chance(5))
            .then(|| (end.first_day() + chrono::Days::new(rng.below(25))).min(today)),
        percent_complete: Some(percent),
        jobs_created: Some(rng.range(0, 40)),
        benefit_mechanism: rng.pick(&["土地流转+务工", "入股分红", "务工收入", "订单收购", "资产收益"]).to_string(),
        performance_target: "带动脱贫户和监测户增收".into(),
        ..Project::default()
    }
}

pub(super) fn write_visits(
    w: &mut Writer,
    rng: &mut Rng,
    villages: &[Village],
    people: &People,
    size: &Size,
    today: NaiveDate,
) -> Result<(usize, Vec<Visit>)> {
    let mut count = 0;
    let mut follow_ups = Vec::new();
    for h in &people.households {
        let vi = villages.iter().position(|v| v.id == h.village_id).unwrap_or(0);
        for (date, the_periods) in visit_dates(rng, h, size, today) {
            let mut v = visit(rng, h, &people.helpers[vi], date, today);
            // The period's own visit is made at the home; a second one may be a call.
            if the_periods && !v.at_home() {
                v.visit_type = "home".into();
            }
            w.insert(&mut v)?;
            count += 1;
            if v.follow_up_date.is_some() {
                follow_ups.push(v);
            }
        }
    }
    for (vi, village) in villages.iter().enumerate() {
        for month in 0..12 * size.years as u64 {
            if rng.chance(60) {
                continue;
            }
            let date = today - Days::new(month * 30 + rng.below(28));
            let mut v = Visit {
                date,
                visitors: format!("{}、{}", village.first_secretary, rng.pick(&people.helpers[vi])),
                visit_type: "screening".into(),
                village_id: village.id.clone(),
                checks: vec![
                    "family".into(),
                    "income".into(),
                    "three_guarantees".into(),
                    "water".into(),
                    "housing".into(),
                ],
                requests: "集中排查，未发现新增风险户".into(),
                confirmed: true,
                ..Visit::default()
            };
            w.insert(&mut v)?;
            count += 1;
        }
    }
    Ok((count, follow_ups))
}

/// A household's visits over the years of the demo, oldest first: one in each calendar
/// period of its rule (a month for monitored households, a quarter for eliminated ones
/// and 脱贫户, half a year for the others), on a day of it, sometimes a second; the
/// period under way only as likely as it is far along. About one household in forty
/// has slipped: nobody has been for a period or two. Each date says whether it is the
/// period's visit, made at the home where the rule asks for it.
fn visit_dates(rng: &mut Rng, h: &Household, size: &Size, today: NaiveDate) -> Vec<(NaiveDate, bool)> {
    let monthly = h.is_monitored() && !h.risk_eliminated;
    let quarterly = !monthly && (h.is_monitored() || h.household_type.as_deref() == Some("lifted"));
    let months: u32 = if monthly {
        1
    } else if quarterly {
        3
    } else {
        6
    };
    let slipped = if rng.chance(2) { 1 + rng.below(2) as usize } else { 0 };
    let now = Period::of(today, months);
    let mut periods = vec![Period::of(today - Days::new(365 * u64::from(size.years)), months)];
    while let Some(last) = periods.last().copied().filter(|p| *p < now) {
        periods.push(last.next());
    }
    let mut dates = Vec::new();
    for (behind, period) in periods.into_iter().rev().enumerate() {
        let first = period.first_day();
        let span = (period.last_day().min(today) - first).num_days().max(0) as u64;
        let whole = (period.last_day() - first).num_days().max(0) as u64;
        // The period under way is visited as likely as it is far along.
        let visited = behind >= slipped && (behind > 0 || rng.below(whole + 1) <= span);
        if visited {
            dates.push((first + Days::new(rng.below(span + 1)), true));
            if rng.chance(size.extra_visit_percent) {
                dates.push((first + Days::new(rng.below(span + 1)), false));
            }
        }
    }
    dates.sort();
    dates
}

fn visit(rng: &mut Rng, h: &Household, helpers: &[String], date: NaiveDate, today: NaiveDate) -> Visit {
    let visit_type = rng.weighted(&[("home", 70), ("phone", 20), ("condolence", 4), ("verification", 6)]).to_string();
    let request = rng.pick(REQUESTS).to_string();
    let has_request = request != "无";
    let partner = rng.pick(helpers);
    let visitors = if *partner == h.helper { h.helper.clone() } else { format!("{}、{partner}", h.helper) };
    let follow_up = (has_request && rng.chance(40)).then(|| date + Days::new(rng.range(7, 30) as u64));
    let mut checks = vec!["family".to_string(), "income".to_string()];
    if rng.chance(60) {
        checks.push("three_guarantees".into());
    }
    if rng.chance(40) {
        checks.push("housing".into());
    }
    Visit {
        date,
        visitors,
        visit_type,
        household_id: Some(h.id.clone()),
        village_id: h.village_id.clone(),
        checks,
        new_risks: if rng.chance(3) { vec!["illness".into()] } else { Vec::new() },
        requests: request,
        actions: if has_request { rng.pick(ACTIONS).to_string() } else { String::new() },
        follow_up_date: follow_up.filter(|d| *d <= today + Days::new(30)),
        confirmed: rng.chance(92),
        ..Visit::default()
    }
}
