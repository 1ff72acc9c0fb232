//! Merging two copies of the county demo that went apart by 10,000 ops each (README
//! "Speed": ≤ 2 s): edits of households in both (some of the same fields, so there are
//! disputes) and new visits in both. Run with `cargo bench --bench merge`. The copies
//! are made once into target/ and reused; each sample merges into a fresh copy.

// As the binary has it (src/main.rs), so the figures are what a user gets.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use bangfu::cli::Scale;
use bangfu::domain::household::Household;
use bangfu::domain::visit::Visit;
use bangfu::store::{Store, TimeSource};
use chrono::NaiveDate;
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use std::path::{Path, PathBuf};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 15).unwrap()
}

fn target(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name)
}

/// 10,000 ops in one copy: two fields of 2,500 households, and 5,000 visits.
fn diverge(path: &Path, seed: u64, start: usize) {
    let mut store = Store::open_with(path, today(), &mut |_, _| {}).unwrap();
    store.set_time_source(TimeSource::fixed(1_795_000_000_000 + seed as i64 * 1_000, seed));
    let households: Vec<Household> = store.all().unwrap();
    store
        .write(|w| {
            for (i, h) in households.iter().skip(start).take(2_500).enumerate() {
                let mut h = h.clone();
                h.phone = Some(format!("138{seed:04}{i:04}"));
                h.notes = format!("副本{seed}核实第{i}户");
                w.update(&h)?;
            }
            for (i, h) in households.iter().skip(start).take(5_000).enumerate() {
                let mut v = Visit {
                    household_id: Some(h.id.clone()),
                    village_id: h.village_id.clone(),
                    date: today(),
                    visitors: format!("副本{seed}干部{}", i % 50),
                    // As a form saves it (a merge refuses what no form writes).
                    visit_type: "home".into(),
                    ..Visit::default()
                };
                w.insert(&mut v)?;
            }
            Ok(())
        })
        .unwrap();
}

fn copies() -> (PathBuf, PathBuf) {
    let (a, b) = (target("merge-county-a.db"), target("merge-county-b.db"));
    if !a.exists() || !b.exists() {
        let base = target("merge-county-base.db");
        if !base.exists() {
            bangfu::demo::write(&base, Scale::County, 1, 1, today()).unwrap();
        }
        for (path, seed, start) in [(&a, 1, 0), (&b, 2, 1_000)] {
            let _ = std::fs::remove_file(path);
            std::fs::copy(&base, path).unwrap();
            diverge(path, seed, start);
        }
    }
    (a, b)
}

fn benches(c: &mut Criterion) {
    let (a, b) = copies();
    let into = target("merge-county-into.db");
    let mut group = c.benchmark_group("merge");
    group.sample_size(10);
    group.bench_function("two county copies apart by 10,000 ops each", |bench| {
        bench.iter_batched(
            || {
                let _ = std::fs::remove_file(&into);
                std::fs::copy(&a, &into).unwrap();
                // On disk before timing: the copy's writeback is no part of a merge.
                std::fs::File::open(&into).unwrap().sync_all().unwrap();
                Store::open_with(&into, today(), &mut |_, _| {}).unwrap()
            },
            |mut store| {
                let report = store.merge_from(&b, false, false).unwrap();
                assert_eq!(report.ops_in, 10_000);
                report
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

criterion_group!(merge, benches);
criterion_main!(merge);
