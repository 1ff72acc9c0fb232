//! Counting the month's figures village by village agrees with counting them at once.
use super::*;

/// Counting one village at a time gives what counting all of them in one pass does.
#[test]
fn one_village_counts_as_its_share_of_all() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("台账.db");
    let today = NaiveDate::from_ymd_opt(2026, 11, 15).unwrap();
    crate::demo::write(&path, crate::demo::Scale::Small, 7, 1, today).unwrap();
    let store = Store::open_with(&path, today, &mut |_, _| {}).unwrap();
    let villages = store.live_villages().unwrap();
    for back in 0..3 {
        let period = Period::new(YearMonth::of(today).plus(-back).unwrap(), today);
        let all = store.count_villages(&period, None).unwrap();
        assert!(all.values().any(|p| p.figures.visits_this_month > 0 && !p.warnings_by_rule.is_empty()));
        for (id, _) in &villages {
            let one = store.count_villages(&period, Some(id)).unwrap();
            assert_eq!(one.get(id), all.get(id), "{id}, {} months back", back);
        }
    }
}

#[test]
fn parameters_are_named_whole() {
    assert!(names_parameter("a = :month AND b = :month_end", ":month"));
    assert!(!names_parameter("b = :month_end", ":month"));
    assert!(names_parameter("b = :month_end)", ":month_end"));
}
