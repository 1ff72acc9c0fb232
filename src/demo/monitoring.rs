//! Demo monitoring work: each monitored household's path from clue to identification
//! (and elimination), its measures and incomes, the province's lines, the people who
//! do the work, and tasks from visits. Most of it is in order; some of it is not, as
//! in any real ledger, so that every warning and overdue list has something to show.

use super::households::People;
use super::month_before;
use super::rng::Rng;
use crate::domain::cadre::{Attendance, Cadre};
use crate::domain::dates::YearMonth;
use crate::domain::household::Household;
use crate::domain::income::{Income, Threshold};
use crate::domain::measure::{Measure, answering_categories};
use crate::domain::monitoring::{MonitoringEvent, Step};
use crate::domain::record::Subject;
use crate::domain::task::{STATUS_CLOSED, STATUS_DONE, STATUS_IN_PROGRESS, STATUS_NOT_STARTED, Task, TaskNote};
use crate::domain::village::Village;
use crate::domain::visit::Visit;
use crate::store::{Result, Writer};
use chrono::{Datelike, Days, NaiveDate};

/// Sichuan's monitoring lines as the demo has them (values within the published
/// 7,300–8,800 range; the document names are placeholders for the real ones).
const LINES: &[(i64, i64)] =
    &[(2021, 600_000), (2022, 650_000), (2023, 690_000), (2024, 720_000), (2025, 730_000), (2026, 760_000)];

const GENERAL_MEASURES: &[(&str, &str)] = &[
    ("industry", "产业奖补"),
    ("employment", "稳岗就业补贴"),
    ("public_job", "公益性岗位"),
    ("finance", "小额信贷"),
    ("living_conditions", "庭院经济"),
];

fn item_for(category: &str) -> &'static str {
    match category {
        "health" => "慢病签约服务",
        "social" => "社会救助",
        "compulsory_education" => "义务教育资助",
        "education" => "雨露计划",
        "welfare" => "低保",
        "housing" => "农房改造",
        "relocation" => "易地搬迁",
        "water" => "饮水巩固提升",
        _ => "帮扶",
    }
}

pub(super) fn write(
    w: &mut Writer,
    rng: &mut Rng,
    villages: &[Village],
    people: &People,
    follow_ups: &[Visit],
    today: NaiveDate,
) -> Result<usize> {
    for (year, amount) in LINES {
        let mut line = Threshold {
            province: "51".into(),
            year: *year,
            amount: *amount,
            source: format!("四川省{year}年防止返贫监测范围通知（演示数据）"),
            ..Threshold::default()
        };
        w.insert(&mut line)?;
    }
    write_cadres(w, rng, villages, people, today)?;
    let mut steps = 0;
    for h in &people.households {
        if h.is_monitored() {
            steps += write_path(w, rng, h, today)?;
            write_measures(w, rng, h, people.can_work.contains(&h.id), today)?;
            write_incomes(w, rng, h, people, today)?;
        } else if rng.chance(3) {
            steps += write_open_episode(w, rng, h, today)?;
        }
    }
    write_tasks(w, rng, villages, follow_ups, today)?;
    Ok(steps)
}

fn write_cadres(w: &mut Writer, rng: &mut Rng, villages: &[Village], people: &People, today: NaiveDate) -> Result<()> {
    for (vi, village) in villages.iter().enumerate() {
        let term_start = NaiveDate::from_ymd_opt(2024, 6, 1);
        let mut secretary = Cadre {
            name: village.first_secretary.clone(),
            unit: village.assisting_party.clone(),
            role: Some("first_secretary".into()),
            phone: village.contact_phone.clone(),
            villages: vec![village.id.clone()],
            term_start,
            term_end: NaiveDate::from_ymd_opt(2027, 6, 1),
            ..Cadre::default()
        };
        w.insert(&mut secretary)?;
        write_attendance(w, &secretary.id, vi as u64, today)?;
        for name in &people.helpers[vi] {
            let mut helper = Cadre {
                name: name.clone(),
                unit: format!("{}人民政府", village.township),
                role: Some("helper".into()),
                phone: Some(super::mobile(rng)),
                villages: vec![village.id.clone()],
                term_start,
                ..Cadre::default()
            };
            w.insert(&mut helper)?;
        }
    }
    Ok(())
}

/// A first secretary's months in the village this year, before this one: 20-odd
/// days, now and then a few days of leave. Its own random numbers, so the rest of
/// the demo reads as before.
fn write_attendance(w: &mut Writer, cadre_id: &str, seed: u64, today: NaiveDate) -> Result<()> {
    let mut rng = Rng::new(0xa77e_0000 + seed);
    for month in 1..today.month() {
        let Some(month) = YearMonth::new(today.year(), month) else { continue };
        let mut a = Attendance {
            cadre_id: cadre_id.into(),
            month,
            days_in_village: rng.range(18, 24),
            ..Attendance::default()
        };
        if rng.chance(15) {
            a.sick_leave = rng.range(1, 3);
        } else if rng.chance(15) {
            a.official_leave = rng.range(1, 4);
            a.notes = "参加县级培训".into();
        }
        w.insert(&mut a)?;
    }
    Ok(())
}

fn event(h: &Household, episode: i64, step: Step, date: NaiveDate, by: &str) -> MonitoringEvent {
    MonitoringEvent {
        household_id: h.id.clone(),
        episode,
        step: step.code().into(),
        date,
        by: by.into(),
        ..MonitoringEvent::default()
    }
}

/// The steps up to identification, in the month before it, and the elimination.
fn write_path(w: &mut Writer, rng: &mut Rng, h: &Household, today: NaiveDate) -> Result<usize> {
    let Some(identified) = h.identified_month else { return Ok(0) };
    let approval = identified.first_day() + Days::new(rng.below(20) + 5);
    let clue = approval - Days::new(rng.range(18, 26) as u64);
    let channel = *rng.pick(&["self_report", "cadre_screening", "department_warning"]);
    let gaps = [
        (Step::Clue, 0),
        (Step::HomeCheck, 2),
        (Step::Deliberation, 5),
        (Step::Publicity, 7),
        (Step::TownshipReview, 14),
    ];
    let mut count = 0;
    for (step, offset) in gaps {
        let mut e = event(h, 1, step, clue + Days::new(offset), &h.helper);
        if step == Step::Clue {
            e.channel = Some(channel.into());
        }
        w.insert(&mut e)?;
        count += 1;
    }
    let mut approve = event(h, 1, Step::CountyApproval, approval.max(clue + Days::new(16)), "县防返贫监测工作专班");
    approve.month = Some(identified);
    approve.category = h.monitor_category.clone();
    w.insert(&mut approve)?;
    count += 1;
    if let Some(month) = h.eliminated_month.filter(|_| h.risk_eliminated) {
        let proposed = month.first_day().min(today);
        let mut propose = event(h, 1, Step::ProposeElimination, proposed, &h.helper);
        w.insert(&mut propose)?;
        let mut eliminate = event(h, 1, Step::Eliminate, (proposed + Days::new(12)).min(today), "县防返贫监测工作专班");
        eliminate.month = Some(month);
        eliminate.method = h.elimination_method.clone();
        w.insert(&mut eliminate)?;
        count += 2;
    }
    Ok(count)
}

/// A household part-way from clue to identification.
fn write_open_episode(w: &mut Writer, rng: &mut Rng, h: &Household, today: NaiveDate) -> Result<usize> {
    let start = today - Days::new(rng.range(3, 25) as u64);
    let stages = rng.range(1, 4) as usize;
    let steps = [Step::Clue, Step::HomeCheck, Step::Deliberation, Step::Publicity];
    for (i, step) in steps.iter().take(stages).enumerate() {
        let mut e = event(h, 1, *step, (start + Days::new(i as u64 * 2)).min(today), &h.helper);
        if *step == Step::Clue {
            e.channel = Some("cadre_screening".into());
            e.note = "突发疾病，医疗支出较大".into();
        }
        w.insert(&mut e)?;
    }
    Ok(stages)
}

fn write_measures(w: &mut Writer, rng: &mut Rng, h: &Household, can_work: bool, today: NaiveDate) -> Result<()> {
    let Some(identified) = h.identified_month else { return Ok(()) };
    // About one in twenty-five monitored households has nothing recorded yet, and one
    // risk in twenty lacks its measure; an eliminated household has all of its
    // measures (its elimination needed them).
    let eliminated = h.risk_eliminated;
    if !eliminated && rng.chance(4) {
        return Ok(());
    }
    let start = |rng: &mut Rng| (identified.first_day() + Days::new(rng.range(10, 40) as u64)).min(today);
    for risk in &h.risks {
        if let Some(categories) = answering_categories(risk)
            && (eliminated || !rng.chance(5))
        {
            let category = categories[0];
            let mut m = Measure {
                household_id: h.id.clone(),
                category: category.into(),
                item: item_for(category).into(),
                start: start(rng),
                amount: Some(rng.range(5, 60) * 10_000),
                delivered_by: h.helper.clone(),
                ..Measure::default()
            };
            w.insert(&mut m)?;
        }
    }
    for _ in 0..rng.range(1, 2) {
        let (mut category, mut item) = *rng.pick(GENERAL_MEASURES);
        // A 公益岗位 goes to a household with someone to take it (one in twenty does
        // not, as the warning shows).
        if category == "public_job" && !can_work && !rng.chance(5) {
            (category, item) = ("industry", "产业奖补");
        }
        let mut m = Measure {
            household_id: h.id.clone(),
            category: category.into(),
            item: item.into(),
            start: start(rng),
            amount: (category != "public_job").then(|| rng.range(10, 500) * 10_000),
            delivered_by: "乡镇人民政府".into(),
            ..Measure::default()
        };
        w.insert(&mut m)?;
    }
    Ok(())
}

/// An income record whose 人均纯收入 comes to about `per_capita_target` fen.
fn income(rng: &mut Rng, h: &Household, year: i64, per_capita_target: i64, members: i64) -> Income {
    let total = per_capita_target * members;
    let wages = total * rng.range(45, 70) / 100;
    let business_income = total * rng.range(10, 25) / 100;
    let business_costs = business_income * rng.range(20, 40) / 100;
    let transfer = total * rng.range(5, 20) / 100;
    let property = rng.range(0, 3) * 10_000;
    let out_of_pocket = rng.range(0, 15) * 10_000;
    let claims = total - (wages + business_income - business_costs + property + transfer - out_of_pocket);
    Income {
        household_id: h.id.clone(),
        year,
        wages,
        business_income,
        business_costs,
        property,
        transfer,
        claims: claims.max(0),
        out_of_pocket,
        ..Income::default()
    }
}

/// Income before identification (below the line) and for this year (mostly above it
/// for eliminated households).
fn write_incomes(w: &mut Writer, rng: &mut Rng, h: &Household, people: &People, today: NaiveDate) -> Result<()> {
    let Some(identified) = h.identified_month else { return Ok(()) };
    let members = people.sizes.get(&h.id).copied().unwrap_or(1) as i64;
    let target = rng.range(5_200, 7_400) * 100;
    let mut before = income(rng, h, identified.year as i64, target, members);
    before.before_identification = true;
    w.insert(&mut before)?;
    let year = today.year() as i64;
    // Eliminated households stand above the line (one in thirty does not, as the
    // elimination warning shows); others around it, some not yet surveyed this year.
    let target = if h.risk_eliminated && !rng.chance(3) { rng.range(8_000, 14_000) } else { rng.range(6_000, 9_000) };
    if h.risk_eliminated || !rng.chance(10) {
        let mut now = income(rng, h, year, target * 100, members);
        w.insert(&mut now)?;
    }
    if let Some(month) = h.eliminated_month.filter(|m| m.year as i64 != year) {
        let target = rng.range(7_800, 12_000) * 100;
        let mut then = income(rng, h, month.year as i64, target, members);
        w.insert(&mut then)?;
    }
    Ok(())
}

/// Tasks from visits that promised a follow-up, and each village's key tasks.
fn write_tasks(
    w: &mut Writer,
    rng: &mut Rng,
    villages: &[Village],
    follow_ups: &[Visit],
    today: NaiveDate,
) -> Result<()> {
    for v in follow_ups.iter().filter(|v| !v.requests.is_empty() && v.requests != "无") {
        if !rng.chance(50) {
            continue;
        }
        let deadline = v.follow_up_date.unwrap_or(v.date + Days::new(14));
        let owner = v.visitors.split('、').next().unwrap_or("").to_string();
        // Past its deadline: closed, or in progress with a note; one in ten overdue
        // not started at all, as the warning shows.
        let status = if deadline < today - Days::new(20) {
            if rng.chance(85) { STATUS_CLOSED } else { STATUS_IN_PROGRESS }
        } else if (deadline < today && !rng.chance(10)) || rng.chance(50) {
            STATUS_IN_PROGRESS
        } else {
            STATUS_NOT_STARTED
        };
        let closed = status == STATUS_CLOSED;
        let mut t = Task {
            title: v.requests.clone(),
            source: Some("visit".into()),
            subject: v.household_id.as_deref().map(|h| Subject::new("household", h)),
            lead_unit: "村两委".into(),
            owner: owner.clone(),
            deadline: Some(deadline),
            status: status.into(),
            evidence: if closed { v.actions.clone() + "，已回访确认" } else { String::new() },
            closed_on: closed.then(|| (deadline - Days::new(rng.below(5))).min(today)),
            closed_by: if closed { owner.clone() } else { String::new() },
            visit_id: Some(v.id.clone()),
            ..Task::default()
        };
        w.insert(&mut t)?;
        if status == STATUS_IN_PROGRESS {
            let mut note = TaskNote {
                task_id: t.id.clone(),
                date: (v.date + Days::new(3)).min(today),
                text: v.actions.clone(),
                by: owner,
                ..TaskNote::default()
            };
            w.insert(&mut note)?;
        }
    }
    for village in villages {
        for (title, months_left) in [("村级集体经济年度增收目标", 2), ("监测户帮扶措施全覆盖", -1)]
        {
            let deadline = month_before(today, -months_left).first_day();
            let mut t = Task {
                title: title.into(),
                source: Some("key_task".into()),
                subject: Some(Subject::new("village", &village.id)),
                lead_unit: format!("{}人民政府", village.township),
                owner: village.first_secretary.clone(),
                deadline: Some(deadline),
                status: if rng.chance(30) { STATUS_DONE } else { STATUS_IN_PROGRESS }.into(),
                ..Task::default()
            };
            w.insert(&mut t)?;
            if t.status == STATUS_IN_PROGRESS {
                let mut note = TaskNote {
                    task_id: t.id.clone(),
                    date: (deadline - Days::new(20)).min(today),
                    text: "已召开村两委会议部署，正在逐户落实".into(),
                    by: village.first_secretary.clone(),
                    ..TaskNote::default()
                };
                w.insert(&mut note)?;
            }
        }
    }
    Ok(())
}
