//! The demo's assisting sides (协作): every side its villages name, with the
//! townships and villages it assists; the first east–west partner city gets this
//! year's agreement on every indicator, and placements, purchases, exchanges and
//! trainings through the year so far; every side a funds target a little above
//! what has arrived from it. Drawn from a
//! generator of their own, after everything else, so the rest of the demo is the
//! same with or without them.

use super::rng::Rng;
use crate::domain::cooperation::{
    Donation, Exchange, Indicator, Pairing, Park, Party, Placement, Purchase, SideRecords, Target, Training,
};
use crate::domain::dates::YearMonth;
use crate::domain::meeting::Meeting;
use crate::domain::project::FundArrival;
use crate::domain::task::{SOURCE_MEETING, STATUS_DONE, STATUS_IN_PROGRESS, Task};
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
    // The partner: the east–west side assisting the most villages.
    let partner = sides
        .iter()
        .filter(|(_, vs)| vs.first().and_then(|v| v.assist_force.as_deref()) == Some("east_west"))
        .max_by_key(|(_, vs)| vs.len())
        .map(|(name, _)| *name);
    for (name, assisted) in &sides {
        let (name, assisted) = (*name, assisted.as_slice());
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
        let is_partner = partner == Some(name);
        if is_partner {
            work(w, &mut rng, &party, assisted, today)?;
            more_work(w, &mut rng, &party, assisted, today)?;
        }
        agreement(w, &mut rng, &party, is_partner, assisted.len() as i64, today)?;
    }
    let named: Vec<&str> = sides.keys().copied().collect();
    meetings(w, &mut rng, villages, today)?;
    // The sides that fund projects without assisting a village of their own (a state
    // firm's project): recorded too, as a county's agreement ledger lists every side.
    for (force, name) in super::names::ASSISTING.iter().filter(|(_, n)| !named.contains(n)) {
        let mut party = Party {
            name: (*name).into(),
            level: Some(level_of(Some(force), name).into()),
            unit: format!("{name}帮扶工作领导小组办公室"),
            contact: super::person_name(&mut rng, 60),
            phone: super::mobile(&mut rng),
            force: Some((*force).into()),
            ..Party::default()
        };
        w.insert(&mut party)?;
        agreement(w, &mut rng, &party, false, 0, today)?;
    }
    Ok(())
}

/// The partner's park (this year and last), two donations and three paired activities.
fn more_work(w: &mut Writer, rng: &mut Rng, party: &Party, assisted: &[&Village], today: NaiveDate) -> Result<()> {
    let start = NaiveDate::from_ymd_opt(today.year(), 1, 1).unwrap_or(today);
    let days = (today - start).num_days().max(1) as u64;
    let village = |rng: &mut Rng| Some(rng.pick(assisted).id.clone());
    for (year, grown) in [(today.year() - 1, 100), (today.year(), rng.range(105, 130))] {
        let mut park = Park {
            name: format!("{}东西部协作产业园", party.name.get(..9).unwrap_or(&party.name)),
            party_id: party.id.clone(),
            year: i64::from(year),
            enterprises: Some(12 * grown / 100),
            jobs: Some(860 * grown / 100),
            output: 320_000_000_000 * grown / 100 / 100,
            tax: 9_000_000_000 * grown / 100 / 100,
            ..Park::default()
        };
        w.insert(&mut park)?;
    }
    for (donor, goods) in [("浙江某慈善基金会", ""), ("金华市某商会", "冬衣 300 件")] {
        let mut d = Donation {
            donor: donor.into(),
            party_id: party.id.clone(),
            date: start + Days::new(rng.below(days)),
            amount: if goods.is_empty() { rng.range(5, 30) * 1_000_000 } else { 0 },
            goods: goods.into(),
            purpose: "助学助困".into(),
            village_id: village(rng),
            ..Donation::default()
        };
        w.insert(&mut d)?;
    }
    for activity in ["主题党日联学共建", "村企结对产销对接", "支部书记互访交流"] {
        let mut p = Pairing {
            activity: activity.into(),
            party_id: party.id.clone(),
            date: start + Days::new(rng.below(days)),
            their_unit: format!("{}某街道党工委", party.name),
            our_unit: "乡镇党委".into(),
            village_id: village(rng),
            headcount: Some(rng.range(15, 60)),
            ..Pairing::default()
        };
        w.insert(&mut p)?;
    }
    Ok(())
}

/// The county's 月例会 of the last three months, each deciding two tasks.
fn meetings(w: &mut Writer, rng: &mut Rng, villages: &[Village], today: NaiveDate) -> Result<()> {
    const DECISIONS: [&str; 6] = [
        "梳理本月逾期走访户，月底前补齐",
        "对接帮扶方消费帮扶订单",
        "整改监测户信息不一致问题",
        "推进储备项目入库",
        "组织劳务协作专场招聘",
        "开展防返贫集中排查",
    ];
    for back in 1..=3 {
        let month = super::month_before(today, back);
        let date = month.first_day() + Days::new(rng.below(10));
        let first = (back as usize * 2) % DECISIONS.len();
        let decided =
            [DECISIONS.get(first).copied().unwrap_or_default(), DECISIONS.get(first + 1).copied().unwrap_or_default()];
        let mut meeting = Meeting {
            title: format!("{}月帮扶工作月例会", month.month),
            kind: Some("monthly".into()),
            date,
            host: super::person_name(rng, 70),
            attendees: format!("{}、{}", super::person_name(rng, 60), super::person_name(rng, 60)),
            place: "县乡村振兴局会议室".into(),
            decisions: decided
                .iter()
                .enumerate()
                .map(|(i, d)| format!("{}. {d}", i + 1))
                .collect::<Vec<_>>()
                .join("；"),
            ..Meeting::default()
        };
        w.insert(&mut meeting)?;
        for title in decided {
            let village = rng.pick(villages);
            let mut task = Task {
                title: title.into(),
                source: Some(SOURCE_MEETING.into()),
                subject: Some(crate::domain::record::Subject::new("village", &village.id)),
                owner: village.first_secretary.clone(),
                // Last month's under way, due in a fortnight; the older ones done.
                deadline: Some(if back == 1 { today + Days::new(15) } else { date + Days::new(30) }),
                status: if back == 1 { STATUS_IN_PROGRESS } else { STATUS_DONE }.into(),
                meeting_id: Some(meeting.id.clone()),
                ..Task::default()
            };
            w.insert(&mut task)?;
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

/// The side's agreement for the year, set against what it did by the last quarter's
/// end: on pace or a little ahead — but for the partner's trainings, behind on purpose
/// (one warning to see) — so the warnings are the few a real side would have. Every
/// side agrees funds (where any arrived); the partner every indicator.
fn agreement(
    w: &mut Writer,
    rng: &mut Rng,
    party: &Party,
    partner: bool,
    villages: i64,
    today: NaiveDate,
) -> Result<()> {
    let year = today.year();
    let done = side_records(w, party)?;
    let quarters = i64::from(today.month0() / 3);
    let start = NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(today);
    // The last day of the last quarter ended (in the first quarter: today).
    let quarter_end = NaiveDate::from_ymd_opt(year, (today.month0() / 3) * 3 + 1, 1)
        .and_then(|d| d.pred_opt())
        .filter(|_| quarters > 0)
        .unwrap_or(today);
    let judged: &[Indicator] = if partner {
        &[Indicator::Funds, Indicator::Jobs, Indicator::Purchases, Indicator::Exchanges, Indicator::Trained]
    } else {
        &[Indicator::Funds]
    };
    for indicator in judged {
        let by_quarter = done.actual(*indicator, start, quarter_end);
        if by_quarter <= 0 {
            continue;
        }
        let share = if *indicator == Indicator::Trained { rng.range(115, 130) } else { rng.range(80, 100) };
        let whole_year = by_quarter * 4 / quarters.max(1) * share / 100;
        let value = if indicator.is_money() { (whole_year / 1_000_000).max(1) * 1_000_000 } else { whole_year.max(1) };
        target(w, party, year, *indicator, value)?;
    }
    if partner {
        target(w, party, year, Indicator::Projects, (villages / 2).max(2))?;
    }
    Ok(())
}

/// What the side did, as the ledger being written holds it.
fn side_records(w: &Writer, party: &Party) -> Result<SideRecords> {
    let id: [&dyn rusqlite::ToSql; 1] = [&party.id];
    Ok(SideRecords {
        arrivals: w.select::<FundArrival>(crate::store::ARRIVALS_OF_SIDE, "", &[&party.name])?,
        projects: Vec::new(),
        placements: w.select("AND t.party_id = ?1", "", &id)?,
        purchases: w.select("AND t.party_id = ?1", "", &id)?,
        exchanges: w.select("AND t.party_id = ?1", "", &id)?,
        trainings: w.select("AND t.party_id = ?1", "", &id)?,
    })
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
