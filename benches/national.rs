//! County-size national exports in and out (README "Speed": import ≤ 10 s at ≤ 500 MB,
//! export ≤ 3 s): 20,000 households, 60,000 people, ~180 columns. A first import into
//! an empty ledger (as CSV and as xlsx), the same file again (nothing changes), a dry
//! run, and the export as CSV and as xlsx; then each import once more by the release
//! binary, with the peak memory of its process. Run with `cargo bench --bench
//! national`; `BANGFU_BENCH_HOUSEHOLDS` sets another size. The export is generated
//! once into target/.

// As the binary has it (src/main.rs), so the figures are what a user gets.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[path = "support/national.rs"]
mod national;

use bangfu::store::Store;
use chrono::NaiveDate;
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use std::path::PathBuf;
use std::time::Duration;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 15).unwrap()
}

fn households() -> usize {
    std::env::var("BANGFU_BENCH_HOUSEHOLDS").ok().and_then(|n| n.parse().ok()).unwrap_or(20_000)
}

fn target(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(name)
}

fn export_file() -> PathBuf {
    let path = target(&format!("national-{}.csv", households()));
    if !path.exists() {
        national::write_export(&path, households());
    }
    path
}

/// A ledger holding the export once, made once and copied for each sample.
fn imported_ledger(export: &std::path::Path) -> PathBuf {
    let path = target(&format!("national-{}.db", households()));
    if !path.exists() {
        let mut store = Store::open_with(&path, today(), &mut |_, _| {}).unwrap();
        bangfu::import::import_file(&mut store, export, false, today()).unwrap();
    }
    path
}

fn fresh_copy(from: &std::path::Path, name: &str) -> PathBuf {
    let to = target(name);
    let _ = std::fs::remove_file(&to);
    std::fs::copy(from, &to).unwrap();
    to
}

fn benches(c: &mut Criterion) {
    let export = export_file();
    let ledger = imported_ledger(&export);
    let mut group = c.benchmark_group(format!("national-{}", households()));
    group.sample_size(10).measurement_time(Duration::from_secs(60));

    // The national system hands out xlsx: the same export as bangfu writes it back.
    let as_xlsx = target(&format!("national-{}.xlsx", households()));
    if !as_xlsx.exists() {
        let mut store = Store::open_with(&fresh_copy(&ledger, "national-xlsx.db"), today(), &mut |_, _| {}).unwrap();
        bangfu::export::export_national(&mut store, &as_xlsx, 2026, "监测对象信息").unwrap();
    }
    for (name, file) in [("first import into an empty ledger", &export), ("first import of it as xlsx", &as_xlsx)] {
        group.bench_function(name, |b| {
            b.iter_batched(
                || {
                    let path = target("national-empty.db");
                    let _ = std::fs::remove_file(&path);
                    Store::open_with(&path, today(), &mut |_, _| {}).unwrap()
                },
                |mut store| bangfu::import::import_file(&mut store, file, false, today()).unwrap(),
                BatchSize::PerIteration,
            )
        });
    }
    group.bench_function("the same export again", |b| {
        b.iter_batched(
            || Store::open_with(&fresh_copy(&ledger, "national-again.db"), today(), &mut |_, _| {}).unwrap(),
            |mut store| bangfu::import::import_file(&mut store, &export, false, today()).unwrap(),
            BatchSize::PerIteration,
        )
    });
    group.bench_function("a dry run", |b| {
        let mut store = Store::open_with(&ledger, today(), &mut |_, _| {}).unwrap();
        b.iter(|| bangfu::import::import_file(&mut store, &export, true, today()).unwrap())
    });
    for ext in ["csv", "xlsx"] {
        group.bench_function(format!("export as {ext}"), |b| {
            let mut store = Store::open_with(&ledger, today(), &mut |_, _| {}).unwrap();
            let out = target(&format!("national-out.{ext}"));
            b.iter(|| bangfu::export::export_national(&mut store, &out, 2026, "监测对象信息").unwrap())
        });
    }
    group.finish();
}

/// Each import by the binary a person runs, with its process's peak memory: the high
/// water mark of its own memory (VmHWM), read until it ends. (What `wait4` says of a
/// child counts the memory of this process when it started the child, a criterion
/// run of half a gigabyte.)
#[cfg(target_os = "linux")]
fn peak_memory(_: &mut Criterion) {
    let export = export_file();
    let as_xlsx = target(&format!("national-{}.xlsx", households()));
    let ledger = target("national-memory.db");
    let run = |args: &[&str]| -> u64 {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_bangfu"))
            .args(args)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let status = format!("/proc/{}/status", child.id());
        let mut peak_kb = 0;
        while child.try_wait().unwrap().is_none() {
            let text = std::fs::read_to_string(&status).unwrap_or_default();
            let hwm = text.lines().find_map(|l| l.strip_prefix("VmHWM:")).map(|v| v.trim().trim_end_matches(" kB"));
            peak_kb = peak_kb.max(hwm.and_then(|v| v.parse().ok()).unwrap_or(0));
            std::thread::sleep(Duration::from_millis(5));
        }
        peak_kb / 1024
    };
    let db = ledger.to_str().unwrap();
    let first = |file: &std::path::Path| {
        let _ = std::fs::remove_file(&ledger);
        run(&["--db", db, "import", file.to_str().unwrap()])
    };
    let xlsx = first(&as_xlsx);
    let csv = first(&export);
    let again = run(&["--db", db, "import", export.to_str().unwrap()]);
    let dry = run(&["--db", db, "import", export.to_str().unwrap(), "--dry-run"]);
    println!("peak memory (MB): first import csv {csv}, xlsx {xlsx}; the same export again {again}; a dry run {dry}");
}

#[cfg(not(target_os = "linux"))]
fn peak_memory(_: &mut Criterion) {}

criterion_group!(national_benches, benches, peak_memory);
criterion_main!(national_benches);
