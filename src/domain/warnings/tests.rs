//! The household rules at their boundaries, on records made here (tests/warnings.rs has them on a ledger file).

use super::*;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn member(name: &str, birth: NaiveDate, skill: &str) -> Member {
    Member {
        id: name.into(),
        household_id: "h".into(),
        name: name.into(),
        birth_date: Some(birth),
        labor_skill: Some(skill.into()),
        ..Member::default()
    }
}

fn warnings_of(h: &Household, members: &[Member], measures: &[Measure]) -> Vec<Warning> {
    let none = |_: &Member| Vec::new();
    household_warnings(&HouseholdInputs {
        household: h,
        village_name: "柳林村",
        province: Some("51"),
        members,
        measures,
        incomes: &[],
        events: &[],
        thresholds: &[],
        due: None,
        id_holders: &none,
    })
}

#[test]
fn a_missing_measure_holds_from_a_month_after_identification_until_the_first_measure() {
    let h = Household {
        id: "h".into(),
        head_name: "张三".into(),
        helper: "李明".into(),
        monitor_category: Some("marginal".into()),
        identified_month: YearMonth::new(2026, 3),
        ..Household::default()
    };
    let m = Measure { category: "employment".into(), start: day(2026, 6, 10), ..Measure::default() };
    let w = warnings_of(&h, &[], std::slice::from_ref(&m));
    let missing = w.iter().find(|w| w.rule == rule::MEASURE_MISSING).unwrap();
    assert!(!missing.holds_on(day(2026, 3, 31)));
    assert!(missing.holds_on(day(2026, 4, 1)));
    assert!(missing.holds_on(day(2026, 6, 9)));
    assert!(!missing.holds_on(day(2026, 6, 10)));
    let early = Measure { start: day(2026, 3, 20), ..m };
    assert!(!warnings_of(&h, &[], &[early]).iter().any(|w| w.rule == rule::MEASURE_MISSING));
}

#[test]
fn a_child_registered_as_working_holds_until_sixteen() {
    let h = Household { id: "h".into(), ..Household::default() };
    let child = member("小明", day(2012, 5, 20), "ordinary");
    let w = warnings_of(&h, &[child], &[]);
    let working = w.iter().find(|w| w.rule == rule::CHILD_WORKING).unwrap();
    assert!(working.holds_on(day(2028, 5, 19)));
    assert!(!working.holds_on(day(2028, 5, 20)));
}

#[test]
fn lack_of_labour_is_contradicted_only_by_labour_enough_for_the_household() {
    let h = Household { id: "h".into(), risks: vec!["lack_labor".into()], ..Household::default() };
    let lack = |members: &[Member]| -> Vec<Warning> {
        warnings_of(&h, members, &[]).into_iter().filter(|w| w.rule == rule::LACK_LABOR_CONTRADICTED).collect()
    };
    // One worker supporting five: 缺劳动力 stands.
    let mut six = vec![member("父", day(1980, 1, 1), "ordinary")];
    six.extend((0..5).map(|n| member(&format!("老{n}"), day(1940, 1, 1), "none")));
    assert!(lack(&six).is_empty());
    // One worker with one dependant has labour enough, from the worker's 16th birthday
    // to the 60th.
    let two = [member("子", day(1995, 3, 1), "skilled"), member("母", day(1960, 1, 1), "none")];
    let w = lack(&two);
    assert_eq!(w.len(), 1, "{w:?}");
    assert_eq!((w[0].from, w[0].until), (Some(day(2011, 3, 1)), Some(day(2055, 3, 1))));
    // Two workers and three dependants: not enough (4 < 5); a third worker: enough.
    let mut five = vec![member("父", day(1975, 1, 1), "ordinary"), member("母", day(1976, 1, 1), "ordinary")];
    five.extend((0..3).map(|n| member(&format!("老{n}"), day(1940, 1, 1), "none")));
    assert!(lack(&five).is_empty());
    five.push(member("子", day(2000, 1, 1), "skilled"));
    let w = lack(&five);
    assert!(w.iter().any(|w| w.holds_on(day(2026, 6, 1))), "{w:?}");
    // A worker who left is not counted from the day he left.
    let mut left = two.clone();
    left[0].left_on = Some(day(2026, 5, 1));
    left[0].left_reason = Some("moved".into());
    let w = lack(&left);
    assert!(w.iter().any(|w| w.holds_on(day(2026, 4, 30))) && !w.iter().any(|w| w.holds_on(day(2026, 5, 1))));
}
