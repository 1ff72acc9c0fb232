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
            // The recent years' notices say the waiting time and the time limit too.
            wait_months: (*year >= 2025).then_some(crate::domain::income::DEFAULT_WAIT_MONTHS),
            identification_days: (*year >= 2025).then_some(crate::domain::income::DEFAULT_IDENTIFICATION_DAYS),
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
        } else {
            if rng.chance(3) {
                steps += write_open_episode(w, rng, h, today)?;
            }
            if h.household_type.as_deref() == Some(crate::domain::household::TYPE_LIFTED) {
                write_lifted_income(w, rng, h, people, today)?;
            }
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

/// The steps up to identification, within the fifteen days from clue to county
/// approval (one household in forty took longer, as the warning shows), and the elimination.
fn write_path(w: &mut Writer, rng: &mut Rng, h: &Household, today: NaiveDate) -> Result<usize> {
    let Some(identified) = h.identified_month else { return Ok(0) };
    let approval = identified.first_day() + Days::new(rng.below(20) + 5);
    let took = if rng.chance(2) { rng.range(17, 24) } else { rng.range(11, 15) };
    let clue = approval - Days::new(took as u64);
    let channel = *rng.pick(&["self_report", "cadre_screening", "department_warning"]);
    // The village publicity runs its five days before the township's review.
    let gaps = [
        (Step::Clue, 0),
        (Step::HomeCheck, 1),
        (Step::Deliberation, 3),
        (Step::Publicity, 4),
        (Step::TownshipReview, 10),
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
    let mut approve = event(h, 1, Step::CountyApproval, approval, "县防返贫监测工作专班");
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
    // About one monitored household in sixty has nothing recorded yet, and one risk in
    // forty lacks its measure; an eliminated household has all of its measures (its
    // elimination needed them).
    let eliminated = h.risk_eliminated;
    if !eliminated && rng.below(60) == 0 {
        return Ok(());
    }
    let start = |rng: &mut Rng| (identified.first_day() + Days::new(rng.range(10, 40) as u64)).min(today);
    for risk in &h.risks {
        if let Some(categories) = answering_categories(risk)
            && (eliminated || rng.below(40) != 0)
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

/// An income record of a period whose 人均纯收入, among the members it is divided
/// among, comes to `per_capita_target` fen.
fn income(
    rng: &mut Rng,
    h: &Household,
    people: &People,
    (year, period): (i64, &str),
    per_capita_target: i64,
) -> Income {
    let mut i = Income { household_id: h.id.clone(), year, period: period.into(), ..Income::default() };
    let total = per_capita_target * people.counted(h, &i);
    i.business_income = total * rng.range(10, 25) / 100;
    i.business_costs = i.business_income * rng.range(20, 40) / 100;
    i.transfer = total * rng.range(5, 20) / 100;
    i.property = rng.range(0, 3) * 10_000;
    i.out_of_pocket = rng.range(0, 15) * 10_000;
    i.claims = total * rng.range(0, 8) / 100;
    // Wages are what makes up the rest: the net income is the target.
    i.wages = total - i.net_fen();
    i
}

/// The line of a year as the demo has it (the latest for a later year).
fn line_of(year: i64) -> i64 {
    LINES.iter().rev().find(|(y, _)| *y <= year).or(LINES.first()).map_or(760_000, |(_, amount)| *amount)
}

/// Income before identification (below the line of its year, or above it with the
/// 合规自付支出 or other 刚性支出 that made the household monitored; one in a hundred
/// with neither, as the warning shows), before an elimination (帮扶消除: above the line;
/// one in thirty not, as the elimination warning shows), and for this year (mostly
/// above the line for eliminated households).
fn write_incomes(w: &mut Writer, rng: &mut Rng, h: &Household, people: &People, today: NaiveDate) -> Result<()> {
    use crate::domain::income::period;
    let Some(identified) = h.identified_month else { return Ok(()) };
    let line = line_of(i64::from(identified.year));
    let spending = h.monitor_category.as_deref() == Some("sudden") && rng.chance(50);
    let target = if spending || rng.below(100) == 0 {
        line + rng.range(1, 30) * 10_000
    } else {
        line - rng.range(2, 20) * 10_000
    };
    // Counted in the year the twelve months end: a January identification's are last year's.
    let ended = identified.first_day().pred_opt().map_or(identified.year, |d| d.year());
    let mut before = income(rng, h, people, (i64::from(ended), period::BEFORE_IDENTIFICATION), target);
    if spending {
        before.rigid_spending = rng.range(2, 8) * 1_000_000;
        before.notes = "突发重病住院，自付医疗费用较大".into();
    } else if target >= line {
        // (The one in a hundred: no spending either.)
        before.wages += before.out_of_pocket;
        before.out_of_pocket = 0;
    }
    w.insert(&mut before)?;
    if let Some(month) = h.eliminated_month.filter(|_| h.risk_eliminated) {
        let line = line_of(i64::from(month.year));
        let target = if rng.chance(3) { line - rng.range(1, 10) * 10_000 } else { line + rng.range(5, 50) * 10_000 };
        let mut then = income(rng, h, people, (i64::from(month.year), period::BEFORE_ELIMINATION), target);
        w.insert(&mut then)?;
    }
    // This year's, where surveyed: eliminated households expect to stand above the line
    // (one in sixty does not: at risk again, as the warning shows); others around it.
    let year = today.year() as i64;
    let target =
        if h.risk_eliminated && rng.below(60) != 0 { rng.range(8_000, 14_000) } else { rng.range(6_000, 9_000) };
    if h.risk_eliminated || !rng.chance(10) {
        let kind = if h.risk_eliminated { period::EXPECTED } else { period::YEAR };
        let mut now = income(rng, h, people, (year, kind), target * 100);
        w.insert(&mut now)?;
    }
    Ok(())
}

/// A 脱贫户 not monitored has last year's income surveyed: above the line, but for one
/// in a hundred and fifty (应纳未纳, as the warning shows).
pub(super) fn write_lifted_income(
    w: &mut Writer,
    rng: &mut Rng,
    h: &Household,
    people: &People,
    today: NaiveDate,
) -> Result<()> {
    let year = today.year() as i64 - 1;
    let line = line_of(year);
    let target =
        if rng.below(150) == 0 { line - rng.range(2, 15) * 10_000 } else { line + rng.range(15, 120) * 10_000 };
    let mut i = income(rng, h, people, (year, crate::domain::income::period::YEAR), target);
    w.insert(&mut i)?;
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
