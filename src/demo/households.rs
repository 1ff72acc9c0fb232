//! Demo households and members: families shaped like real ones (a couple, their
//! children, sometimes a parent), with valid generated ID numbers.

use super::names::{CHILD_GIVEN, FEMALE_GIVEN, MALE_GIVEN, SURNAMES};
use super::rng::Rng;
use super::{Size, mobile, month_before, person_name};
use crate::domain::dates::YearMonth;
use crate::domain::household::Household;
use crate::domain::idnum::check_char;
use crate::domain::member::{ID_TYPE_DISABILITY, ID_TYPE_RESIDENT, Member};
use crate::domain::village::Village;
use crate::store::Result;
use crate::store::Writer;
use chrono::{Datelike, Days, NaiveDate};

impl People {
    /// How many members an income of a household is divided among, as the rules count them.
    pub(super) fn counted(&self, h: &Household, income: &crate::domain::income::Income) -> i64 {
        let family = self.families.get(&h.id).map(Vec::as_slice).unwrap_or_default();
        let months = (h.identified_month, h.eliminated_month);
        crate::domain::income::members_for(income, family, months).max(1) as i64
    }
}

pub(super) struct People {
    pub households: Vec<Household>,
    /// Each household's members, by household id.
    pub families: std::collections::HashMap<String, Vec<Member>>,
    pub member_count: usize,
    /// Households with someone who can take a job (普通, 技能 or 弱劳动力).
    pub can_work: std::collections::HashSet<String>,
    /// Helpers (帮扶责任人) of each village, by village index.
    pub helpers: Vec<Vec<String>>,
}

const RISKS: &[(&str, u64)] = &[
    ("illness", 30),
    ("disability", 15),
    ("schooling", 10),
    ("lack_labor", 12),
    ("unstable_work", 12),
    ("accident", 5),
    ("disaster", 4),
    ("industry_failure", 4),
    ("housing", 3),
    ("water", 2),
    ("other", 3),
];

pub(super) fn write(
    w: &mut Writer,
    rng: &mut Rng,
    villages: &[Village],
    size: &Size,
    today: NaiveDate,
) -> Result<People> {
    let helpers: Vec<Vec<String>> =
        villages.iter().map(|_| (0..rng.range(3, 5)).map(|_| person_name(rng, 60)).collect()).collect();
    let mut households = Vec::with_capacity(size.households);
    let mut member_count = 0;
    let mut sequence = Serials::default();
    let mut families = std::collections::HashMap::new();
    let mut can_work = std::collections::HashSet::new();
    for n in 0..size.households {
        let vi = n % villages.len();
        let village = &villages[vi];
        let mut h = household(rng, village, &helpers[vi], n / villages.len() + 1, size, today);
        let family = family(rng, &h, today, &mut sequence);
        // 缺劳动力 where someone at home can work is a contradiction inspectors flag;
        // the demo keeps a few of them, not one in every such household.
        let worker = family.iter().any(|m| matches!(m.labor_skill.as_deref(), Some("ordinary" | "skilled")));
        if worker && !rng.chance(10) {
            h.risks.retain(|r| r != "lack_labor");
            if h.is_monitored() && h.risks.is_empty() {
                h.risks.push("unstable_work".into());
            }
        }
        w.insert(&mut h)?;
        let family: Vec<Member> = family.into_iter().map(|m| Member { household_id: h.id.clone(), ..m }).collect();
        if family.iter().any(|m| matches!(m.labor_skill.as_deref(), Some("ordinary" | "skilled" | "weak"))) {
            can_work.insert(h.id.clone());
        }
        let mut family = family;
        for m in &mut family {
            w.insert(m)?;
            member_count += 1;
        }
        families.insert(h.id.clone(), family);
        households.push(h);
    }
    Ok(People { households, families, member_count, can_work, helpers })
}

fn household(
    rng: &mut Rng,
    village: &Village,
    helpers: &[String],
    seq: usize,
    size: &Size,
    today: NaiveDate,
) -> Household {
    let monitored = rng.chance(size.monitored_percent);
    let surname = rng.weighted(SURNAMES);
    let male_head = rng.chance(82);
    let given = if male_head { rng.pick(MALE_GIVEN) } else { rng.pick(FEMALE_GIVEN) };
    let code = village.code.clone().unwrap_or_default();
    let mut h = Household {
        village_id: village.id.clone(),
        number: if rng.chance(4) { String::new() } else { format!("{code}{seq:04}") },
        group_name: format!("{}组", rng.range(1, 8)),
        head_name: format!("{surname}{given}"),
        phone: rng.chance(90).then(|| mobile(rng)),
        household_type: Some(if rng.chance(70) { "lifted" } else { "ordinary" }.to_string()),
        helper: rng.pick(helpers).clone(),
        school_dropout: Some(false),
        no_medical_insurance: Some(false),
        // One household in three hundred not monitored has a 危房 (应纳未纳, as the warning shows).
        unsafe_housing: Some(if monitored { rng.chance(2) } else { rng.below(300) == 0 }),
        unsafe_water: Some(false),
        ..Household::default()
    };
    if monitored {
        monitor(rng, &mut h, size.years, today);
        // An elimination needed a safe house; one in a hundred has lost it since, as
        // the warning (at risk again) shows.
        if h.risk_eliminated {
            h.unsafe_housing = Some(rng.below(100) == 0);
        }
    } else if rng.chance(10) {
        h.unsafe_housing = None; // not yet confirmed on the last visit
    }
    h
}

fn monitor(rng: &mut Rng, h: &mut Household, years: u32, today: NaiveDate) {
    let category = rng.weighted(&[("unstable", 40), ("marginal", 45), ("sudden", 15)]);
    h.monitor_category = Some(category.to_string());
    // 脱贫不稳定户 come from 脱贫户, 边缘易致贫户 from 一般农户; one in fifty is typed
    // the other way, as the warning shows.
    let household_type = match *category {
        "unstable" => "lifted",
        "marginal" => "ordinary",
        _ => h.household_type.as_deref().unwrap_or("ordinary"),
    };
    let slip = rng.chance(2) && *category != "sudden";
    let swapped = if household_type == "lifted" { "ordinary" } else { "lifted" };
    h.household_type = Some(if slip { swapped } else { household_type }.into());
    let identified = month_before(today, rng.range(1, 48 + 12 * years as i64));
    h.identified_month = Some(identified);
    let mut risks: Vec<String> = Vec::new();
    for _ in 0..rng.range(1, 3) {
        let r = rng.weighted(RISKS).to_string();
        if !risks.contains(&r) {
            risks.push(r);
        }
    }
    h.risks = risks;
    h.no_labor_capacity = rng.chance(5);
    let months_since = identified.months_until(YearMonth::of(today));
    if months_since >= 7 && !h.no_labor_capacity && rng.chance(45) {
        h.risk_eliminated = true;
        let after = rng.range(6, months_since as i64 - 1);
        let month = month_before(identified.first_day(), -after);
        h.eliminated_month = Some(month);
        h.elimination_method = Some(if rng.chance(85) { "assisted" } else { "natural" }.into());
    }
}

/// The ID numbers given out so far, so that no two people share one (the demo's
/// duplicated numbers would otherwise be accidents, not the warning on purpose).
#[derive(Default)]
struct Serials {
    next: u32,
    used: std::collections::HashSet<String>,
}

/// A resident ID number for someone born on `birth`, of the right sex, that passes the
/// check and no one else in the demo holds.
fn id_number(rng: &mut Rng, birth: NaiveDate, male: bool, serials: &mut Serials) -> String {
    let region = if rng.chance(80) { "511903" } else { "511902" };
    loop {
        serials.next += 1;
        let serial = (serials.next % 500) * 2 + if male { 1 } else { 0 };
        let body = format!("{region}{}{serial:03}", birth.format("%Y%m%d"));
        let number = format!("{body}{}", check_char(&body).unwrap_or('0'));
        if serials.used.insert(number.clone()) {
            return number;
        }
    }
}

/// A day in the year `age` years back; a baby of this year is born by today at the latest.
fn birth_date(rng: &mut Rng, today: NaiveDate, age: i64) -> NaiveDate {
    let year = today.year() - age as i32;
    (NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(today) + Days::new(rng.below(365))).min(today)
}

fn family(rng: &mut Rng, h: &Household, today: NaiveDate, sequence: &mut Serials) -> Vec<Member> {
    let head_age = rng.range(32, 82);
    let male_head = !FEMALE_GIVEN.iter().any(|g| h.head_name.ends_with(g));
    let surname: String = h.head_name.chars().take(1).collect();
    let mut people = vec![(h.head_name.clone(), "self", male_head, head_age)];
    if head_age < 78 || rng.chance(40) {
        let spouse = person_name(rng, if male_head { 0 } else { 100 });
        people.push((spouse, "spouse", !male_head, (head_age + rng.range(-4, 3)).max(20)));
    }
    if (24..65).contains(&head_age) {
        let mut given_names: Vec<&str> = Vec::new();
        for _ in 0..rng.range(0, 3) {
            let age = head_age - rng.range(22, 34);
            let given = *rng.pick(CHILD_GIVEN);
            if age < 0 || given_names.contains(&given) {
                continue;
            }
            given_names.push(given);
            let male = rng.chance(52);
            let relation = if male { "son" } else { "daughter" };
            people.push((format!("{surname}{given}"), relation, male, age));
        }
    }
    if head_age < 50 && rng.chance(35) {
        let male = rng.chance(40);
        let relation = if male { "father" } else { "mother" };
        let given = if male { rng.pick(MALE_GIVEN) } else { rng.pick(FEMALE_GIVEN) };
        let name = if male { format!("{surname}{given}") } else { format!("{}{given}", rng.weighted(SURNAMES)) };
        people.push((name, relation, male, head_age + rng.range(22, 30)));
    }
    let ill = h.risks.iter().any(|r| r == "illness");
    let disabled = h.risks.iter().any(|r| r == "disability");
    people
        .into_iter()
        .enumerate()
        .map(|(i, (name, relation, male, age))| {
            let birth = birth_date(rng, today, age);
            let number = id_number(rng, birth, male, sequence);
            let mut m = Member {
                household_id: h.id.clone(),
                name,
                id_number: Some(number),
                id_type: Some(ID_TYPE_RESIDENT.into()),
                relation: Some(relation.into()),
                sex: Some(if male { "male" } else { "female" }.into()),
                birth_date: Some(birth),
                ethnicity: Some("han".into()),
                // Eliminated households are insured (it is a criterion); one person in
                // two hundred elsewhere is not, as the warnings show.
                // One monitored member in two hundred is not insured yet (a measure
                // answers it); elsewhere everyone is, but for one in three thousand.
                medical_insurance: h.risk_eliminated || rng.below(if h.is_monitored() { 200 } else { 3_000 }) != 0,
                serious_illness_insurance: rng.chance(95),
                pension_insurance: age >= 16 && rng.chance(85),
                welfare: Some(if h.is_monitored() && rng.chance(20) { "dibao" } else { "none" }.into()),
                ..Member::default()
            };
            shape_by_age(rng, &mut m, age, i == 0 && ill, i == 0 && disabled);
            if m.health.as_deref() == Some("disabled")
                && rng.chance(40)
                && let Some(n) = &m.id_number
            {
                m.id_number = Some(format!("{n}{}{}", rng.range(1, 7), rng.range(1, 4)));
                m.id_type = Some(ID_TYPE_DISABILITY.into());
            }
            m
        })
        .collect()
}

fn shape_by_age(rng: &mut Rng, m: &mut Member, age: i64, ill: bool, disabled: bool) {
    m.health = Some(
        if disabled {
            "disabled"
        } else if ill {
            if rng.chance(50) { "serious" } else { "chronic" }
        } else if age > 65 && rng.chance(45) {
            "chronic"
        } else {
            "healthy"
        }
        .into(),
    );
    let (education, schooling, skill, work) = match age {
        0..=5 => ("preschool", if age >= 3 { "preschool" } else { "none" }, "none", None),
        6..=11 => ("primary", "primary", "none", None),
        12..=14 => ("primary", "junior", "none", None),
        15..=18 => ("junior", if rng.chance(70) { "senior" } else { "vocational" }, "none", None),
        19..=22 if rng.chance(50) => ("senior", "higher", "none", None),
        19..=59 => (
            *rng.pick(&["primary", "junior", "junior", "senior"]),
            "none",
            if rng.chance(25) { "skilled" } else { "ordinary" },
            Some(*rng.weighted(&[
                ("outside", 35),
                ("province", 20),
                ("county", 15),
                ("local", 10),
                ("farming", 15),
                ("public_job", 5),
            ])),
        ),
        60..=69 => ("primary", "none", "weak", Some("farming")),
        _ => {
            (*rng.pick(&["illiterate", "primary"]), "none", if rng.chance(50) { "lost" } else { "none" }, Some("none"))
        }
    };
    m.education = Some(education.into());
    m.schooling = Some(schooling.into());
    m.labor_skill = Some(if disabled || m.health.as_deref() == Some("serious") { "weak" } else { skill }.into());
    m.work_status = work.map(str::to_string);
}
