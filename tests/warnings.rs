//! Each data-quality rule (docs/warnings.md) on a record that triggers it and on one
//! that does not — written to a ledger file and read back as the derived warnings
//! that hold on the day, the way the screens and `bangfu check` see them.

use bangfu::domain::cadre::Cadre;
use bangfu::domain::dates::YearMonth;
use bangfu::domain::household::Household;
use bangfu::domain::idnum::check_char;
use bangfu::domain::income::{Income, Threshold};
use bangfu::domain::measure::Measure;
use bangfu::domain::member::Member;
use bangfu::domain::monitoring::MonitoringEvent;
use bangfu::domain::project::Project;
use bangfu::domain::task::{Task, TaskNote};
use bangfu::domain::village::Village;
use bangfu::domain::visit::Visit;
use bangfu::domain::warnings::{Warning, rule};
use bangfu::store::Store;
use chrono::NaiveDate;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

const TODAY: (i32, u32, u32) = (2026, 11, 15);

fn id_number(birth: &str, male: bool) -> String {
    let body = format!("511903{birth}{}", if male { "013" } else { "024" });
    format!("{body}{}", check_char(&body).unwrap())
}

/// A monitored household in good order: identified 2026-03, helper, measures for its
/// risk, an adult worker, visited last week, guarantees secure, income above the line.
struct Ledger {
    villages: Vec<Village>,
    households: Vec<Household>,
    members: Vec<Member>,
    measures: Vec<Measure>,
    incomes: Vec<Income>,
    events: Vec<MonitoringEvent>,
    thresholds: Vec<Threshold>,
    visits: Vec<Visit>,
    projects: Vec<Project>,
    tasks: Vec<Task>,
    notes: Vec<TaskNote>,
    cadres: Vec<Cadre>,
}

impl Ledger {
    fn sound() -> Ledger {
        let village = Village {
            id: "v".into(),
            code: Some("511903100204".into()),
            name: "林家庙村".into(),
            ..Village::default()
        };
        let household = Household {
            id: "h".into(),
            village_id: "v".into(),
            head_name: "张三".into(),
            household_type: Some("lifted".into()),
            monitor_category: Some("unstable".into()),
            identified_month: YearMonth::new(2026, 3),
            risks: vec!["illness".into()],
            helper: "李明".into(),
            school_dropout: Some(false),
            no_medical_insurance: Some(false),
            unsafe_housing: Some(false),
            unsafe_water: Some(false),
            ..Household::default()
        };
        let head = Member {
            id: "m1".into(),
            household_id: "h".into(),
            name: "张三".into(),
            id_number: Some(id_number("19800412", true)),
            id_type: Some("resident_id".into()),
            sex: Some("male".into()),
            birth_date: Some(day(1980, 4, 12)),
            labor_skill: Some("ordinary".into()),
            work_status: Some("outside".into()),
            medical_insurance: true,
            relation: Some("self".into()),
            ..Member::default()
        };
        let measure = Measure {
            id: "x".into(),
            household_id: "h".into(),
            category: "health".into(),
            start: day(2026, 4, 1),
            ..Measure::default()
        };
        let income =
            Income { id: "i".into(), household_id: "h".into(), year: 2026, wages: 900_000, ..Income::default() };
        let line = Threshold {
            id: "t".into(),
            province: "51".into(),
            year: 2026,
            amount: 730_000,
            source: "川乡振发〔2026〕1号".into(),
            ..Threshold::default()
        };
        let visit = Visit {
            id: "w".into(),
            date: day(2026, 11, 8),
            household_id: Some("h".into()),
            village_id: "v".into(),
            visit_type: "home".into(),
            ..Visit::default()
        };
        let project = Project {
            id: "p".into(),
            name: "柑橘基地".into(),
            status: Some("completed".into()),
            completed_on: Some(day(2026, 9, 30)),
            fund_central: 50_000_000,
            arrived: 40_000_000,
            paid: 30_000_000,
            ..Project::default()
        };
        let task = Task {
            id: "k".into(),
            title: "修复入户路".into(),
            owner: "李明".into(),
            deadline: Some(day(2026, 10, 31)),
            status: "in_progress".into(),
            ..Task::default()
        };
        let note = TaskNote {
            id: "n".into(),
            task_id: "k".into(),
            date: day(2026, 10, 20),
            text: "已备料".into(),
            ..TaskNote::default()
        };
        let cadre =
            Cadre { id: "c".into(), name: "李明".into(), phone: Some("13800001111".into()), ..Cadre::default() };
        Ledger {
            villages: vec![village],
            households: vec![household],
            members: vec![head],
            measures: vec![measure],
            incomes: vec![income],
            events: Vec::new(),
            thresholds: vec![line],
            visits: vec![visit],
            projects: vec![project],
            tasks: vec![task],
            notes: vec![note],
            cadres: vec![cadre],
        }
    }

    /// The warnings that hold today, once the records are saved in a ledger.
    fn warnings(&self) -> Vec<Warning> {
        let dir = tempfile::tempdir().unwrap();
        let today = day(TODAY.0, TODAY.1, TODAY.2);
        let mut store = Store::open_with(&dir.path().join("台账.db"), today, &mut |_, _| {}).unwrap();
        store
            .write(|w| {
                for r in &self.villages {
                    w.insert(&mut r.clone())?;
                }
                for r in &self.households {
                    w.insert(&mut r.clone())?;
                }
                for r in &self.members {
                    w.insert(&mut r.clone())?;
                }
                for r in &self.measures {
                    w.insert(&mut r.clone())?;
                }
                for r in &self.incomes {
                    w.insert(&mut r.clone())?;
                }
                for r in &self.thresholds {
                    w.insert(&mut r.clone())?;
                }
                for r in &self.events {
                    w.insert(&mut r.clone())?;
                }
                for r in &self.visits {
                    w.insert(&mut r.clone())?;
                }
                for r in &self.projects {
                    w.insert(&mut r.clone())?;
                    // 到位 is the sum of the arrivals: the project's as one arrival.
                    if r.arrived > 0 {
                        let mut a = bangfu::domain::project::FundArrival {
                            project_id: r.id.clone(),
                            date: r.completed_on.unwrap_or(today),
                            amount: r.arrived,
                            ..Default::default()
                        };
                        w.insert(&mut a)?;
                    }
                }
                for r in &self.tasks {
                    w.insert(&mut r.clone())?;
                }
                for r in &self.notes {
                    w.insert(&mut r.clone())?;
                }
                for r in &self.cadres {
                    w.insert(&mut r.clone())?;
                }
                Ok(())
            })
            .unwrap();
        let mut out = Vec::new();
        store
            .each_warning(today, |w| {
                out.push(w);
                Ok(())
            })
            .unwrap();
        out
    }

    fn rules(&self) -> Vec<String> {
        self.warnings().into_iter().map(|w| w.rule).collect()
    }
}

#[test]
fn a_sound_household_has_no_warnings() {
    assert_eq!(Ledger::sound().warnings(), []);
}

#[test]
fn measure_missing() {
    let mut l = Ledger::sound();
    l.measures.clear();
    assert!(l.rules().iter().any(|r| r == rule::MEASURE_MISSING));
    // Identified this month: not yet a month to act.
    l.households[0].identified_month = YearMonth::new(2026, 11);
    assert!(!l.rules().iter().any(|r| r == rule::MEASURE_MISSING));
}

#[test]
fn risk_without_its_measure() {
    let mut l = Ledger::sound();
    l.measures[0].category = "industry".into();
    let w = l.warnings();
    let found = w.iter().find(|w| w.rule == rule::RISK_WITHOUT_MEASURE).expect("illness needs health or social");
    assert_eq!(found.record_id, "h");
    l.measures[0].category = "social".into();
    assert!(!l.rules().iter().any(|r| r == rule::RISK_WITHOUT_MEASURE));
    // The pairs as policy has them: 因病 by 医疗救助/低保 too, 因残 by 康复, work or a
    // public job, and the risks once left unchecked.
    for (risk, answered_by) in [
        ("illness", "welfare"),
        ("schooling", "compulsory_education"),
        ("disability", "welfare"),
        ("disability", "health"),
        ("disability", "employment"),
        ("disability", "public_job"),
        ("housing", "relocation"),
        ("water", "water"),
        ("unstable_work", "public_job"),
        ("industry_failure", "finance"),
        ("disaster", "housing"),
        ("accident", "welfare"),
        ("lack_labor", "public_job"),
    ] {
        let mut l = Ledger::sound();
        l.households[0].risks = vec![risk.into()];
        l.measures[0].category = "living_conditions".into();
        assert!(l.rules().iter().any(|r| r == rule::RISK_WITHOUT_MEASURE), "{risk}");
        l.measures[0].category = answered_by.into();
        assert!(!l.rules().iter().any(|r| r == rule::RISK_WITHOUT_MEASURE), "{risk} answered by {answered_by}");
    }
}

#[test]
fn elimination_breaking_the_rules() {
    let mut l = Ledger::sound();
    l.households[0].risk_eliminated = true;
    l.households[0].eliminated_month = YearMonth::new(2026, 7);
    l.households[0].elimination_method = Some("assisted".into());
    assert!(l.rules().iter().any(|r| r == rule::ELIMINATION_BREAKS_RULES), "four months after identification");
    l.households[0].eliminated_month = YearMonth::new(2026, 9);
    assert!(!l.rules().iter().any(|r| r == rule::ELIMINATION_BREAKS_RULES));
    l.incomes[0].wages = 729_999;
    assert!(l.rules().iter().any(|r| r == rule::ELIMINATION_BREAKS_RULES), "income one fen below the line");
}

#[test]
fn lack_of_labour_with_a_worker_at_home() {
    let mut l = Ledger::sound();
    l.households[0].risks = vec!["lack_labor".into()];
    assert!(l.rules().iter().any(|r| r == rule::LACK_LABOR_CONTRADICTED));
    l.members[0].labor_skill = Some("weak".into());
    assert!(!l.rules().iter().any(|r| r == rule::LACK_LABOR_CONTRADICTED));
}

#[test]
fn only_welfare_for_a_household_that_can_work() {
    let mut l = Ledger::sound();
    l.households[0].risks.clear();
    l.measures[0].category = "welfare".into();
    assert!(l.rules().iter().any(|r| r == rule::WELFARE_ONLY_WITH_LABOR));
    l.members[0].labor_skill = Some("lost".into());
    assert!(!l.rules().iter().any(|r| r == rule::WELFARE_ONLY_WITH_LABOR));
}

#[test]
fn invalid_and_duplicated_id_numbers() {
    let mut l = Ledger::sound();
    let good = l.members[0].id_number.clone().unwrap();
    let mut bad = good.clone();
    bad.pop();
    bad.push(if good.ends_with('1') { '2' } else { '1' });
    l.members[0].id_number = Some(bad);
    assert!(l.rules().iter().any(|r| r == rule::ID_INVALID));
    l.members[0].id_number = Some(good.clone());
    let mut twin = l.members[0].clone();
    twin.id = "m2".into();
    twin.name = "张三丰".into();
    l.members.push(twin);
    let duplicates: Vec<String> =
        l.warnings().into_iter().filter(|w| w.rule == rule::ID_DUPLICATE).map(|w| w.record_id).collect();
    assert_eq!(duplicates.len(), 2);
    l.members.pop();
    assert!(!l.rules().iter().any(|r| r == rule::ID_DUPLICATE) && !l.rules().iter().any(|r| r == rule::ID_INVALID));
}

#[test]
fn birth_date_and_sex_disagreeing_with_the_id() {
    let mut l = Ledger::sound();
    l.members[0].birth_date = Some(day(1980, 4, 13));
    l.members[0].sex = Some("female".into());
    let rules = l.rules();
    assert!(rules.iter().any(|r| r == rule::BIRTH_DATE_MISMATCH) && rules.iter().any(|r| r == rule::SEX_MISMATCH));
}

#[test]
fn a_child_registered_as_working() {
    let mut l = Ledger::sound();
    let child = Member {
        id: "c".into(),
        household_id: "h".into(),
        name: "张小宝".into(),
        birth_date: Some(day(2012, 1, 1)),
        labor_skill: Some("none".into()),
        work_status: Some("outside".into()),
        ..Member::default()
    };
    l.members.push(child);
    assert!(l.rules().iter().any(|r| r == rule::CHILD_WORKING));
    l.members[1].work_status = Some("none".into());
    assert!(!l.rules().iter().any(|r| r == rule::CHILD_WORKING));
}

#[test]
fn implausibly_high_income_at_identification() {
    let mut l = Ledger::sound();
    l.incomes[0].wages = 2_000_001;
    assert!(l.rules().iter().any(|r| r == rule::INCOME_IMPLAUSIBLE));
    l.incomes[0].wages = 2_000_000;
    assert!(!l.rules().iter().any(|r| r == rule::INCOME_IMPLAUSIBLE), "exactly 20,000 元 is plausible");
}

#[test]
fn overdue_visit_and_missing_helper() {
    // Monthly, at the home: a visit on 30 September left October without one, and the
    // household is late from 1 November; one on 1 October meets October, and November
    // is due by its end.
    let mut l = Ledger::sound();
    l.visits[0].date = day(2026, 9, 30);
    let w = l.warnings();
    let overdue = w.iter().find(|w| w.rule == rule::VISIT_OVERDUE).expect("October had no visit");
    assert_eq!(overdue.from, Some(day(2026, 11, 1)));
    l.visits[0].date = day(2026, 10, 1);
    assert!(!l.rules().iter().any(|r| r == rule::VISIT_OVERDUE), "November is not over");
    // A phone call in October does not meet a rule asking for 入户.
    l.visits[0].visit_type = "phone".into();
    assert!(l.rules().iter().any(|r| r == rule::VISIT_OVERDUE), "a call is not a visit at home");
    l.households[0].helper.clear();
    assert!(l.rules().iter().any(|r| r == rule::HELPER_MISSING));
}

#[test]
fn no_line_for_this_year() {
    let mut l = Ledger::sound();
    l.thresholds[0].year = 2025;
    let w = l.warnings();
    let missing = w.iter().find(|w| w.rule == rule::LINE_MISSING).expect("2026 has no line");
    assert_eq!(missing.table, "thresholds");
}

impl Ledger {
    fn fires(&self, rule: &str) -> bool {
        self.rules().iter().any(|r| r == rule)
    }

    fn person(&mut self, id: &str, relation: &str, birth: NaiveDate) -> &mut Member {
        self.members.push(Member {
            id: id.into(),
            household_id: "h".into(),
            name: format!("张{id}"),
            relation: Some(relation.into()),
            birth_date: Some(birth),
            medical_insurance: true,
            ..Member::default()
        });
        self.members.last_mut().unwrap()
    }
}

#[test]
fn a_household_needs_exactly_one_head() {
    let mut l = Ledger::sound();
    l.members[0].relation = Some("spouse".into());
    assert!(l.fires(rule::HEAD_MISSING));
    l.members[0].relation = Some("self".into());
    assert!(!l.fires(rule::HEAD_MISSING) && !l.fires(rule::HEAD_TWICE));
    l.person("b", "self", day(1982, 1, 1));
    assert!(l.fires(rule::HEAD_TWICE));
    // A second head who has left the household no longer counts.
    l.members[1].left_on = Some(day(2026, 1, 1));
    l.members[1].left_reason = Some("split".into());
    assert!(!l.fires(rule::HEAD_TWICE));
}

#[test]
fn the_head_is_sixteen_and_older_than_the_heads_children() {
    let mut l = Ledger::sound();
    l.members[0].id_number = None;
    l.members[0].birth_date = Some(day(2010, 11, 16));
    assert!(l.fires(rule::HEAD_UNDER_16), "sixteen tomorrow");
    l.members[0].birth_date = Some(day(2010, 11, 15));
    assert!(!l.fires(rule::HEAD_UNDER_16), "sixteen today");
    l.members[0].birth_date = Some(day(1980, 4, 12));
    l.person("s", "son", day(1979, 1, 1));
    assert!(l.fires(rule::OLDER_THAN_HEAD));
    l.members[1].birth_date = Some(day(2005, 1, 1));
    assert!(!l.fires(rule::OLDER_THAN_HEAD));
    l.members[1].relation = Some("father".into());
    l.members[1].birth_date = Some(day(1950, 1, 1));
    assert!(!l.fires(rule::OLDER_THAN_HEAD), "a father is older");
}

#[test]
fn household_type_against_monitoring_category() {
    let mut l = Ledger::sound();
    l.households[0].monitor_category = Some("marginal".into());
    assert!(l.fires(rule::TYPE_CATEGORY_MISMATCH), "a 边缘易致贫户 is a 一般农户");
    l.households[0].household_type = Some("ordinary".into());
    assert!(!l.fires(rule::TYPE_CATEGORY_MISMATCH));
    l.households[0].monitor_category = Some("unstable".into());
    assert!(l.fires(rule::TYPE_CATEGORY_MISMATCH), "a 脱贫不稳定户 is a 脱贫户");
    l.households[0].monitor_category = Some("sudden".into());
    assert!(!l.fires(rule::TYPE_CATEGORY_MISMATCH), "突发严重困难户 may be either");
}

#[test]
fn schooling_and_education_against_age() {
    let mut l = Ledger::sound();
    l.person("c", "son", day(2015, 3, 1)).schooling = Some("none".into());
    assert!(l.fires(rule::SCHOOL_AGE_NOT_IN_SCHOOL), "eleven and not in school");
    l.members[1].schooling = Some("primary".into());
    assert!(!l.fires(rule::SCHOOL_AGE_NOT_IN_SCHOOL) && !l.fires(rule::SCHOOLING_AGE));
    l.members[1].schooling = Some("dropout".into());
    assert!(l.fires(rule::DROPOUT_NOT_FLAGGED));
    l.households[0].school_dropout = Some(true);
    assert!(!l.fires(rule::DROPOUT_NOT_FLAGGED));
    l.households[0].school_dropout = Some(false);
    l.members[1].schooling = Some("junior".into());
    l.members[1].birth_date = Some(day(2008, 11, 15));
    assert!(l.fires(rule::SCHOOLING_AGE), "eighteen today and in junior school");
    l.members[1].birth_date = Some(day(2008, 11, 16));
    assert!(!l.fires(rule::SCHOOLING_AGE));
    l.members[1].education = Some("college".into());
    assert!(l.fires(rule::EDUCATION_AGE), "college before eighteen");
    l.members[1].education = Some("junior".into());
    assert!(!l.fires(rule::EDUCATION_AGE));
}

#[test]
fn negative_income_items_and_elimination_before_identification() {
    let mut l = Ledger::sound();
    l.incomes[0].transfer = -100;
    assert!(l.fires(rule::INCOME_NEGATIVE));
    l.incomes[0].transfer = 0;
    assert!(!l.fires(rule::INCOME_NEGATIVE));
    l.households[0].eliminated_month = YearMonth::new(2026, 2);
    assert!(l.fires(rule::ELIMINATED_BEFORE_IDENTIFIED));
    l.households[0].eliminated_month = YearMonth::new(2026, 3);
    assert!(!l.fires(rule::ELIMINATED_BEFORE_IDENTIFIED));
}

#[test]
fn monitored_two_years_with_income_far_above_the_line() {
    let mut l = Ledger::sound();
    l.households[0].identified_month = YearMonth::new(2024, 11);
    l.incomes[0].wages = 1_095_000; // 10,950 元: exactly 150% of 7,300
    assert!(l.fires(rule::MONITORED_LONG_ABOVE_LINE));
    l.incomes[0].wages = 1_094_999;
    assert!(!l.fires(rule::MONITORED_LONG_ABOVE_LINE));
    l.incomes[0].wages = 1_095_000;
    l.households[0].identified_month = YearMonth::new(2024, 12);
    assert!(!l.fires(rule::MONITORED_LONG_ABOVE_LINE), "not yet two years");
}

#[test]
fn unsafe_housing_and_no_insurance_need_their_measures() {
    let mut l = Ledger::sound();
    l.households[0].unsafe_housing = Some(true);
    assert!(l.fires(rule::HOUSING_WITHOUT_MEASURE));
    l.measures.push(Measure { id: "y".into(), category: "housing".into(), ..l.measures[0].clone() });
    assert!(!l.fires(rule::HOUSING_WITHOUT_MEASURE));
    l.members[0].medical_insurance = false;
    l.measures[0].category = "industry".into();
    assert!(l.fires(rule::UNINSURED_WITHOUT_HEALTH));
    l.measures[0].category = "health".into();
    assert!(!l.fires(rule::UNINSURED_WITHOUT_HEALTH));
}

#[test]
fn a_public_job_needs_someone_to_take_it() {
    let mut l = Ledger::sound();
    l.measures.push(Measure {
        id: "j".into(),
        category: "public_job".into(),
        item: "护林员".into(),
        ..l.measures[0].clone()
    });
    assert!(!l.fires(rule::PUBLIC_JOB_WITHOUT_WORKER));
    l.members[0].labor_skill = Some("lost".into());
    assert!(l.fires(rule::PUBLIC_JOB_WITHOUT_WORKER));
}

#[test]
fn an_id_region_not_in_the_division_list_is_asked_about() {
    let mut l = Ledger::sound();
    let body = "51199919800412013";
    l.members[0].id_number = Some(format!("{body}{}", check_char(body).unwrap()));
    assert!(l.fires(rule::ID_REGION_UNKNOWN));
    assert!(!Ledger::sound().fires(rule::ID_REGION_UNKNOWN), "511903 is 巴州区");
}

#[test]
fn projects_tasks_and_helpers() {
    let mut l = Ledger::sound();
    l.projects[0].completed_on = None;
    assert!(l.fires(rule::PROJECT_COMPLETED_WITHOUT_DATE));
    l.projects[0].status = Some("started".into());
    assert!(!l.fires(rule::PROJECT_COMPLETED_WITHOUT_DATE));
    l.projects[0].arrived = 60_000_000;
    assert!(l.fires(rule::PROJECT_FUNDS_OUT_OF_ORDER), "more arrived than planned");
    l.projects[0].arrived = 50_000_000;
    assert!(!l.fires(rule::PROJECT_FUNDS_OUT_OF_ORDER));
    l.notes.clear();
    let overdue = l.warnings().into_iter().find(|w| w.rule == rule::TASK_OVERDUE_WITHOUT_NOTE).unwrap();
    assert_eq!(overdue.from, Some(day(2026, 11, 1)));
    l.tasks[0].status = "done".into();
    assert!(!l.fires(rule::TASK_OVERDUE_WITHOUT_NOTE));
    l.cadres[0].phone = None;
    assert!(l.fires(rule::HELPER_NO_PHONE));
}

#[test]
fn at_least_thirty_rules_each_with_words_in_both_languages() {
    assert!(rule::ALL.len() >= 30);
    for lang in ["zh", "en"] {
        let catalog = std::fs::read_to_string(format!("assets/labels/{lang}.tsv")).unwrap();
        for r in rule::ALL {
            for key in [format!("warning.{r}\t"), format!("rule.{r}\t")] {
                assert!(catalog.lines().any(|l| l.starts_with(&key)), "{lang}: {key}");
            }
            // A rule's short name fits the overview's rule column (14 cells) at 80 columns.
            let name = catalog.lines().find_map(|l| l.strip_prefix(&format!("rule.{r}\t"))).unwrap_or("");
            assert!(unicode_width::UnicodeWidthStr::width(name) <= 14, "{lang}: {name}");
        }
    }
}

/// A birth date after today (a mistyped ID number, or date) is named until that day;
/// one born today is not.
#[test]
fn born_after_today() {
    let mut l = Ledger::sound();
    let (y, m, d) = TODAY;
    l.person("c", "daughter", day(y, m, d + 1));
    assert!(l.fires(rule::BORN_AFTER_TODAY), "born tomorrow");
    l.members[1].birth_date = Some(day(y, m, d));
    assert!(!l.fires(rule::BORN_AFTER_TODAY), "born today");
}

/// The demo's babies are born by the demo's day, never after it (it once had some
/// born in December of a November ledger).
#[test]
fn the_demo_has_nobody_born_after_its_day() {
    let today = day(TODAY.0, TODAY.1, TODAY.2);
    for seed in 1..=4 {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("演示.db");
        bangfu::demo::write(&path, bangfu::cli::Scale::Small, seed, 1, today).unwrap();
        let store = bangfu::store::Store::open(&path).unwrap();
        let members: Vec<Member> = store.all().unwrap();
        let late: Vec<&Member> = members.iter().filter(|m| m.birth_date.is_some_and(|b| b > today)).collect();
        assert!(late.is_empty(), "seed {seed}: {:?}", late.first().map(|m| (&m.name, m.birth_date)));
    }
}

impl Ledger {
    /// The household not monitored: a 脱贫户 with last year's income, insured, secure.
    fn not_monitored() -> Ledger {
        let mut l = Ledger::sound();
        for h in &mut l.households {
            h.monitor_category = None;
            h.identified_month = None;
            h.risks.clear();
            h.household_type = Some("lifted".into());
        }
        l.measures.clear();
        let this_year = l.thresholds.first().cloned().unwrap_or_default();
        l.thresholds = vec![
            Threshold { amount: 760_000, ..this_year.clone() },
            Threshold { id: "t25".into(), year: 2025, amount: 730_000, ..this_year },
        ];
        for i in &mut l.incomes {
            i.year = 2025;
        }
        l
    }

    fn step(&mut self, id: &str, step: &str, date: NaiveDate) {
        self.events.push(MonitoringEvent {
            id: id.into(),
            household_id: "h".into(),
            episode: 1,
            step: step.into(),
            date,
            by: "李明".into(),
            channel: (step == "clue").then(|| "cadre_screening".into()),
            ..MonitoringEvent::default()
        });
    }
}

/// 应纳未纳: a household not monitored whose newest income is below the line of its
/// year (one fen below; at the line it is not), or with a 三保障/饮水 problem.
#[test]
fn a_household_that_should_be_monitored() {
    let mut l = Ledger::not_monitored();
    assert!(!l.fires(rule::SHOULD_BE_MONITORED), "9,000 元 is above the 2025 line");
    l.incomes[0].wages = 729_999;
    let w = l.warnings();
    let found = w.iter().find(|w| w.rule == rule::SHOULD_BE_MONITORED).expect("one fen below the 2025 line");
    assert!(matches!(&found.facts.last().unwrap().1,
        bangfu::domain::warnings::Fact::Risks(r) if matches!(r.as_slice(),
            [bangfu::domain::warnings::AtRisk::IncomeBelowLine { year: 2025, per_capita_fen: 729_999, line_fen: 730_000, .. }])));
    l.incomes[0].wages = 730_000;
    assert!(!l.fires(rule::SHOULD_BE_MONITORED), "at the line");
    // The line of the income's own year, not this year's higher one.
    assert_eq!(l.thresholds[0].amount, 760_000);
    l.households[0].unsafe_water = Some(true);
    assert!(l.fires(rule::SHOULD_BE_MONITORED), "饮水不安全");
    l.households[0].unsafe_water = Some(false);
    l.members[0].medical_insurance = false;
    assert!(l.fires(rule::SHOULD_BE_MONITORED), "a member uninsured");
    // Monitored, it is not 应纳未纳.
    let mut monitored = Ledger::sound();
    monitored.incomes[0].wages = 100_000;
    assert!(!monitored.fires(rule::SHOULD_BE_MONITORED));
}

/// 返贫风险: an eliminated household whose newest income since the elimination is below
/// the line, or with a problem now, is asked to be identified again; a past problem of
/// the elimination's own facts is not judged on today's answers.
#[test]
fn an_eliminated_household_at_risk_again() {
    let mut l = Ledger::sound();
    l.households[0].risk_eliminated = true;
    l.households[0].eliminated_month = YearMonth::new(2026, 9);
    l.households[0].elimination_method = Some("assisted".into());
    assert!(!l.fires(rule::RISK_AFTER_ELIMINATION) && !l.fires(rule::ELIMINATION_BREAKS_RULES));
    // A house found unsafe since: a new risk (再标注), not a broken elimination.
    l.households[0].unsafe_housing = Some(true);
    assert!(l.fires(rule::RISK_AFTER_ELIMINATION));
    assert!(!l.fires(rule::ELIMINATION_BREAKS_RULES), "judged on the facts of its month");
    assert!(!l.fires(rule::HOUSING_WITHOUT_MEASURE), "said once, as a risk again");
    l.households[0].unsafe_housing = Some(false);
    // Income below the line: only an income of the elimination's year or later counts.
    l.incomes.push(Income { id: "i0".into(), year: 2025, wages: 100_000, ..l.incomes[0].clone() });
    assert!(!l.fires(rule::RISK_AFTER_ELIMINATION), "an older income is not news");
    l.incomes.push(Income {
        id: "i1".into(),
        year: 2026,
        period: "expected".into(),
        wages: 729_999,
        ..l.incomes[0].clone()
    });
    // (The calendar year's record stands before the expected one.)
    assert!(!l.fires(rule::RISK_AFTER_ELIMINATION));
    // Without it, the elimination was judged on the expected income, one fen below: a
    // fault of the elimination (回退), not news of the household.
    l.incomes.retain(|i| i.id != "i");
    let rules = l.rules();
    assert!(rules.iter().any(|r| r == rule::ELIMINATION_BREAKS_RULES), "{rules:?}");
    assert!(!rules.iter().any(|r| r == rule::RISK_AFTER_ELIMINATION), "{rules:?}");
}

/// From the clue to county approval in fifteen days (the default), or the days the
/// province's line sets; one day more is late.
#[test]
fn an_identification_over_the_time_limit() {
    let mut l = Ledger::sound();
    l.step("e1", "clue", day(2026, 3, 1));
    l.step("e2", "county_approval", day(2026, 3, 16));
    assert!(!l.fires(rule::IDENTIFICATION_SLOW), "fifteen days");
    l.events[1].date = day(2026, 3, 17);
    let w = l.warnings();
    let late = w.iter().find(|w| w.rule == rule::IDENTIFICATION_SLOW).expect("sixteen days");
    assert!(late.facts.iter().any(|(k, f)| k == "days" && *f == bangfu::domain::warnings::Fact::Number(16)));
    l.thresholds[0].identification_days = Some(20);
    assert!(!l.fires(rule::IDENTIFICATION_SLOW), "the province allows twenty");
    // Without the clue on record (a household that came monitored), nothing to judge.
    l.thresholds[0].identification_days = None;
    l.events.remove(0);
    assert!(!l.fires(rule::IDENTIFICATION_SLOW));
}

/// Identified with the 12 months before at or above the line, and no 合规自付支出 or other
/// 刚性支出 recorded as the reason.
#[test]
fn an_identification_above_the_line_needs_its_spending() {
    let mut l = Ledger::sound();
    let before = Income {
        id: "b".into(),
        year: 2026,
        period: "before_identification".into(),
        wages: 730_000,
        ..l.incomes[0].clone()
    };
    l.incomes.push(before);
    assert!(l.fires(rule::IDENTIFIED_ABOVE_LINE), "at the line");
    l.incomes[1].wages = 729_999;
    assert!(!l.fires(rule::IDENTIFIED_ABOVE_LINE), "one fen below");
    l.incomes[1].wages = 900_000;
    l.incomes[1].rigid_spending = 3_000_000;
    assert!(!l.fires(rule::IDENTIFIED_ABOVE_LINE), "刚性支出 recorded");
    l.incomes[1].rigid_spending = 0;
    l.incomes[1].out_of_pocket = 100;
    assert!(!l.fires(rule::IDENTIFIED_ABOVE_LINE), "合规自付支出 recorded");
}

/// 自然消除 needs no measure: a household eliminated so has no measure missing after it,
/// and no risk without its measure.
#[test]
fn a_natural_elimination_asks_for_no_measure() {
    let mut l = Ledger::sound();
    l.measures.clear();
    l.households[0].risk_eliminated = true;
    l.households[0].eliminated_month = YearMonth::new(2026, 9);
    l.households[0].elimination_method = Some("natural".into());
    let w = l.warnings();
    assert!(
        !w.iter().any(|w| w.rule == rule::ELIMINATION_BREAKS_RULES || w.rule == rule::RISK_WITHOUT_MEASURE),
        "{w:?}"
    );
    // The months without a measure before it are over, not open.
    assert!(!w.iter().any(|w| w.rule == rule::MEASURE_MISSING));
    l.households[0].elimination_method = Some("assisted".into());
    assert!(l.fires(rule::ELIMINATION_BREAKS_RULES), "帮扶消除 needs its measures");
}

/// A household whose identification is under way (a clue, its checks) is not asked to be
/// considered again; a clue refused (不予纳入) leaves it to be asked.
#[test]
fn a_household_being_identified_is_not_asked_about_again() {
    let mut l = Ledger::not_monitored();
    l.households[0].unsafe_housing = Some(true);
    assert!(l.fires(rule::SHOULD_BE_MONITORED));
    l.step("c", "clue", day(2026, 11, 10));
    l.step("k", "home_check", day(2026, 11, 11));
    assert!(!l.fires(rule::SHOULD_BE_MONITORED), "being identified");
    l.step("r", "reject", day(2026, 11, 12));
    assert!(l.fires(rule::SHOULD_BE_MONITORED), "refused: asked again");
}

/// An eliminated household at risk again is judged on incomes since its elimination,
/// not on the 12 months before it, which the elimination was judged on (that one is
/// `elimination-breaks-rules`, advising 回退, not 再标注 too); an expected income is
/// said as such.
#[test]
fn at_risk_again_reads_incomes_since_the_elimination_and_names_their_period() {
    let mut l = Ledger::sound();
    l.households[0].risk_eliminated = true;
    l.households[0].eliminated_month = YearMonth::new(2026, 9);
    l.households[0].elimination_method = Some("assisted".into());
    l.incomes[0].period = "before_elimination".into();
    l.incomes[0].wages = 700_000;
    let rules = l.rules();
    assert!(rules.iter().any(|r| r == rule::ELIMINATION_BREAKS_RULES), "{rules:?}");
    assert!(!rules.iter().any(|r| r == rule::RISK_AFTER_ELIMINATION), "{rules:?}");
    l.incomes.push(Income { id: "e".into(), period: "expected".into(), wages: 700_000, ..l.incomes[0].clone() });
    let w = l.warnings();
    let again = w.iter().find(|w| w.rule == rule::RISK_AFTER_ELIMINATION).expect("the expected income is below");
    let vocab = bangfu::store::migrations::shipped_vocab();
    let vocab = bangfu::domain::vocab::Vocab::new(vocab);
    let labels = bangfu::ui::Labels::get(bangfu::domain::vocab::Lang::Zh);
    let text = bangfu::ui::warning_text::warning_message(labels, &vocab, again, day(TODAY.0, TODAY.1, TODAY.2));
    assert!(text.contains("人均纯收入（2026 年全年预计）7,000.00 元"), "{text}");
}

/// An elimination on the year's expected income, judged later: the calendar year's full
/// figure recorded since is news of the household (at risk again, 再标注), not a fault of
/// the elimination (回退) — one advice, not both.
#[test]
fn a_years_figure_recorded_after_an_elimination_is_news_not_its_fault() {
    let mut l = Ledger::sound();
    l.households[0].risk_eliminated = true;
    l.households[0].eliminated_month = YearMonth::new(2026, 9);
    l.households[0].elimination_method = Some("assisted".into());
    l.incomes[0].period = "expected".into();
    assert!(!l.fires(rule::ELIMINATION_BREAKS_RULES) && !l.fires(rule::RISK_AFTER_ELIMINATION));
    l.incomes.push(Income { id: "y".into(), period: "year".into(), wages: 700_000, ..l.incomes[0].clone() });
    let rules = l.rules();
    assert!(rules.iter().any(|r| r == rule::RISK_AFTER_ELIMINATION), "{rules:?}");
    assert!(!rules.iter().any(|r| r == rule::ELIMINATION_BREAKS_RULES), "{rules:?}");
}

/// A household identified again is judged on this identification's 12 months, not an
/// earlier episode's.
#[test]
fn identified_again_is_judged_on_its_own_income() {
    let mut l = Ledger::sound();
    let old = Income {
        id: "b0".into(),
        year: 2023,
        period: "before_identification".into(),
        wages: 2_500_000,
        ..l.incomes[0].clone()
    };
    let now = Income {
        id: "b1".into(),
        year: 2026,
        period: "before_identification".into(),
        wages: 600_000,
        ..l.incomes[0].clone()
    };
    l.incomes.push(old);
    l.incomes.push(now);
    let rules = l.rules();
    assert!(!rules.iter().any(|r| r == rule::IDENTIFIED_ABOVE_LINE || r == rule::INCOME_IMPLAUSIBLE), "{rules:?}");
}

/// Last year without a line, with an elimination to judge, is said once.
#[test]
fn a_missing_line_is_said_once_a_year() {
    let mut l = Ledger::sound();
    l.households[0].risk_eliminated = true;
    l.households[0].eliminated_month = YearMonth::new(2025, 11);
    l.households[0].identified_month = YearMonth::new(2025, 3);
    l.households[0].elimination_method = Some("assisted".into());
    let w = l.warnings();
    let missing: Vec<_> = w.iter().filter(|w| w.rule == rule::LINE_MISSING).collect();
    assert_eq!(missing.len(), 1, "{missing:?}");
    assert_eq!(missing[0].until, None, "open until the 2025 line is entered");
}
