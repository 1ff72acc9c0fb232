//! The roll-up at scale (issue 25, item 6; docs/rollup.md, "Scale"): the first publish
//! of a county demo, a day's work published, and five county demos published and a
//! province's quarter report over them — each timed once, end to end, against a
//! PostgreSQL server this bench starts itself (as the tests do). Run with
//! `cargo bench --bench rollup`; the county demos are written once into target/.
//! Timed once, not sampled: a first publish happens once, and each takes seconds.

#![allow(clippy::indexing_slicing)] // the bench indexes what it just built

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[path = "../tests/common/pg.rs"]
#[allow(dead_code, unreachable_pub)]
mod pg;

use bangfu::cli::Scale;
use bangfu::domain::assessment::Period;
use bangfu::rollup::{Area, PublishAsked, Target, publish};
use bangfu::store::Store;
use chrono::NaiveDate;
use std::path::PathBuf;
use std::time::{Duration, Instant};

const COUNTIES: u64 = 5;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 15).unwrap()
}

/// A county demo of this seed, written once and copied fresh for each run.
fn county(seed: u64, run: &std::path::Path) -> PathBuf {
    let kept = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("rollup-county-{seed}.db"));
    if !kept.exists() {
        eprintln!("writing the county demo of seed {seed} (once) …");
        bangfu::demo::write(&kept, Scale::County, seed, 1, today()).unwrap();
    }
    let copy = run.join(format!("county-{seed}.db"));
    std::fs::copy(&kept, &copy).unwrap();
    copy
}

fn timed<T>(what: &str, f: impl FnOnce() -> T) -> (T, Duration) {
    let start = Instant::now();
    let out = f();
    let took = start.elapsed();
    println!("{what:<58} {:>8.2} s", took.as_secs_f64());
    (out, took)
}

/// The day after the first publish: its work is published that evening, when every
/// figure of the periods still running is counted again (they are counted to today).
fn next_day() -> NaiveDate {
    today().succ_opt().unwrap()
}

/// A day of a county's work: 40 visits recorded and 5 households corrected.
fn a_days_work(store: &mut Store) {
    use bangfu::domain::household::Household;
    use bangfu::domain::visit::Visit;
    let households: Vec<Household> = store.all().unwrap();
    store
        .write(|w| {
            for h in households.iter().take(40) {
                let mut v = Visit {
                    household_id: Some(h.id.clone()),
                    village_id: h.village_id.clone(),
                    date: next_day(),
                    visit_type: "home".into(),
                    visitors: "王芳".into(),
                    ..Visit::default()
                };
                w.insert(&mut v)?;
            }
            for h in households.iter().skip(100).take(5) {
                let mut h = h.clone();
                h.phone = Some("13800000000".into());
                w.update(&h)?;
            }
            Ok(())
        })
        .unwrap();
}

fn main() {
    let run = tempfile::tempdir().unwrap();
    let ledgers: Vec<PathBuf> = (1..=COUNTIES).map(|seed| county(seed, run.path())).collect();
    let server = pg::Postgres::start();
    let mut admin = server.client("admin", "rollup");
    bangfu::rollup::init(&mut admin).unwrap();
    for n in 1..=COUNTIES {
        admin.batch_execute(&format!("CREATE ROLE county_{n} LOGIN IN ROLE bangfu_publisher")).unwrap();
    }
    admin
        .batch_execute(
            "CREATE ROLE province LOGIN IN ROLE bangfu_reader; INSERT INTO bangfu.readers VALUES ('province', '51')",
        )
        .unwrap();
    let asked = PublishAsked { dry_run: false, reveal: false, today: today() };
    let target = |role: &str| Target::parse(&server.address(role)).unwrap();
    println!("bangfu roll-up, county demo (1 year), PostgreSQL on a local socket");
    let mut first = Store::open(&ledgers[0]).unwrap();
    let ops = first.op_count().unwrap();
    let (report, _) = timed(&format!("first publish of one county ({ops} ops)"), || {
        publish(&mut first, &target("county_1"), asked).unwrap()
    });
    println!(
        "  sent {} ops, {} records, {} periods, {} months",
        report.ops_new,
        report.records,
        report.periods.len(),
        report.months.len()
    );
    a_days_work(&mut first);
    let day = next_day();
    let next = PublishAsked { today: day, ..asked };
    timed("a day's work published the next day (40 visits, 5 corrections)", || {
        publish(&mut first, &target("county_1"), next).unwrap()
    });
    timed("publish again, nothing new", || publish(&mut first, &target("county_1"), next).unwrap());
    // What a publish spends counting the figures, as the county's reports count them,
    // each period and month apart, then as a publish counts them: each on a later day
    // (a month's figures counted are kept in the file for their day).
    let periods =
        [Period::Quarter { year: 2026, quarter: 3 }, Period::Quarter { year: 2026, quarter: 4 }, Period::Year(2026)];
    let months = [10, 11].map(|month| bangfu::domain::dates::YearMonth { year: 2026, month });
    let day = day.succ_opt().unwrap();
    timed("  counting the figures (3 periods, 2 months), each apart", || {
        for period in periods {
            timed(&format!("    {period}"), || first.place_tallies(period, day).unwrap());
        }
        for month in months {
            timed(&format!("    {month}"), || first.month_figures(month, day).unwrap());
        }
    });
    let day = day.succ_opt().unwrap();
    timed("  as a publish counts them: the visits read once for all", || {
        first
            .with_one_visit_book(day, |s| {
                for period in periods {
                    s.place_tallies(period, day)?;
                }
                for month in months {
                    s.month_figures(month, day)?;
                }
                Ok(())
            })
            .unwrap()
    });
    let (_, others) = timed(&format!("{} more counties published", COUNTIES - 1), || {
        for (n, path) in ledgers.iter().enumerate().skip(1) {
            let mut store = Store::open(path).unwrap();
            publish(&mut store, &target(&format!("county_{}", n + 1)), asked).unwrap();
        }
    });
    let out = run.path().join("province.xlsx");
    let labels = bangfu::ui::Labels::get(bangfu::domain::vocab::Lang::Zh);
    let q3 = Period::Quarter { year: 2026, quarter: 3 };
    let (counts, report_time) = timed("province quarter report over them", || {
        bangfu::report::rollup_period_report(&target("province"), labels, q3, &Area::Code("51".into()), today(), &out)
            .unwrap()
    });
    println!("  {} counties, {} villages", counts.counties, counts.villages);
    let size: i64 = admin.query_one("SELECT pg_database_size('rollup')", &[]).unwrap().get(0);
    println!("database size after {COUNTIES} counties: {:.1} MB", size as f64 / 1e6);
    println!(
        "per county published (average of the {}): {:.2} s",
        COUNTIES - 1,
        others.as_secs_f64() / (COUNTIES - 1) as f64
    );
    println!("report over {COUNTIES} counties: {:.2} s", report_time.as_secs_f64());
}
