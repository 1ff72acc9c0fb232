//! A ledger with one assisting side and a year of its work, for the tests of the
//! assisting side's ledger (tests/cooperation.rs, tests/cooperation_sheets.rs).

#![allow(clippy::indexing_slicing)]

use super::*;
use bangfu::domain::cooperation::{Exchange, Indicator, Party, Placement, Purchase, Target, Training};
use bangfu::domain::dates::YearMonth;
use bangfu::domain::project::{FundArrival, Project};
use bangfu::domain::village::Village;
use bangfu::domain::vocab::Lang;
use bangfu::store::Store;
use chrono::NaiveDate;

pub const SIDE: &str = "浙江省金华市";

pub fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}
pub fn month(y: i32, m: u32) -> YearMonth {
    YearMonth::of(day(y, m, 1))
}

pub fn target(party: &str, indicator: Indicator, value: i64) -> Target {
    let money = indicator.is_money();
    Target {
        party_id: party.into(),
        year: 2026,
        indicator: indicator.code().into(),
        amount: money.then_some(value),
        count: (!money).then_some(value),
        ..Target::default()
    }
}

/// A ledger with one village assisted by 浙江省金华市, the side, its targets and a
/// year of its work with records on both sides of every boundary; the side's id.
pub fn ledger_with_a_side() -> (Fixture, String) {
    let fixture = empty_ledger();
    let mut store = Store::open(&fixture.path).unwrap();
    let party = store
        .write(|w| {
            let mut v = Village {
                name: "金星村".into(),
                township: "青山镇".into(),
                assisting_party: SIDE.into(),
                ..Village::default()
            };
            w.insert(&mut v)?;
            let mut party = Party { name: SIDE.into(), villages: vec![v.id.clone()], ..Party::default() };
            w.insert(&mut party)?;
            let p = party.id.clone();
            for mut t in [
                target(&p, Indicator::Funds, 100_000_000),
                target(&p, Indicator::Jobs, 3),
                target(&p, Indicator::Purchases, 10_000_000),
                target(&p, Indicator::Trained, 50),
            ] {
                w.insert(&mut t)?;
            }
            // A project of the village (so of its side), planned for March; one of 2025.
            let mut project = Project {
                name: "茶叶加工厂".into(),
                village_id: Some(v.id.clone()),
                planned_start_month: Some(month(2026, 3)),
                ..Project::default()
            };
            w.insert(&mut project)?;
            let mut old = Project {
                name: "旧项目".into(),
                village_id: Some(v.id.clone()),
                start_month: Some(month(2025, 6)),
                ..Project::default()
            };
            w.insert(&mut old)?;
            // 30万 from the side this year; 10万 on New Year's Eve; 5万 from someone else.
            for (date, amount, from) in [
                (day(2026, 2, 1), 30_000_000, SIDE),
                (day(2025, 12, 31), 10_000_000, SIDE),
                (day(2026, 3, 1), 5_000_000, "宜宾市"),
            ] {
                let mut a = FundArrival {
                    project_id: project.id.clone(),
                    date,
                    amount,
                    party: from.into(),
                    ..FundArrival::default()
                };
                w.insert(&mut a)?;
            }
            // Started in January and November count; December 2025 does not.
            for started in [month(2026, 1), month(2026, 11), month(2025, 12)] {
                let mut pl =
                    Placement { party_id: p.clone(), name: "李小梅".into(), started, ..Placement::default() };
                w.insert(&mut pl)?;
            }
            let mut gone = Placement {
                party_id: p.clone(),
                name: "已删除".into(),
                started: month(2026, 5),
                ..Placement::default()
            };
            let gone_id = w.insert(&mut gone)?;
            w.delete("placements", &gone_id)?;
            // 4万 in May and 3.5万 today.
            for (date, amount) in [(day(2026, 5, 1), 4_000_000), (day(2026, 11, 15), 3_500_000)] {
                let mut pu = Purchase {
                    party_id: p.clone(),
                    date,
                    buyer: "金华市机关食堂".into(),
                    product: "高山茶叶".into(),
                    amount,
                    ..Purchase::default()
                };
                w.insert(&mut pu)?;
            }
            let mut e = Exchange {
                party_id: p.clone(),
                person: "王建国".into(),
                direction: "in".into(),
                start: day(2026, 4, 1),
                ..Exchange::default()
            };
            w.insert(&mut e)?;
            for (date, headcount) in [(day(2026, 6, 1), 20), (day(2026, 9, 1), 13), (day(2025, 9, 1), 40)] {
                let mut t =
                    Training {
                        party_id: p.clone(), title: "电商培训".into(), date, headcount, ..Training::default()
                    };
                w.insert(&mut t)?;
            }
            Ok(party.id)
        })
        .unwrap();
    (fixture, party)
}

pub fn write_ledger(store: &mut Store, path: &std::path::Path) {
    let labels = bangfu::ui::Labels::get(Lang::Zh);
    bangfu::report::write_output(store, labels, bangfu::report::Output::Cooperation(2026), today(), path).unwrap();
}

pub fn counts(r: &bangfu::import::lists::ListsReport) -> Vec<(usize, usize, usize)> {
    r.lists.iter().map(|c| (c.new, c.changed, c.unchanged)).collect()
}
