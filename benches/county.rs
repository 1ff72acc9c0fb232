//! County-scale speed (the targets in README.md, "Speed"), per hot path: opening the ledger to a first
//! frame, a filter keystroke on the visits tab, a cursor move, a tab switch, the
//! month's figures, saving a visit. Run with `cargo bench --bench county`; set
//! `BANGFU_BENCH_YEARS=5` for five years of history. The demo file is written once
//! into target/ and reused.

// As the binary has it (src/main.rs), so the figures are what a user gets.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use bangfu::app::App;
use bangfu::cli::Scale;
use bangfu::domain::dates::YearMonth;
use bangfu::domain::search::Query;
use bangfu::domain::vocab::Lang;
use bangfu::store::{ListKind, ListQuery, Store};
use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use std::path::PathBuf;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 15).unwrap()
}

fn years() -> u32 {
    std::env::var("BANGFU_BENCH_YEARS").ok().and_then(|y| y.parse().ok()).unwrap_or(1)
}

fn county_ledger() -> PathBuf {
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("county-bench-{}y.db", years()));
    if !path.exists() {
        bangfu::demo::write(&path, Scale::County, 1, years(), today()).unwrap();
    }
    path
}

fn open(path: &std::path::Path) -> App {
    App::new(Store::open_with(path, today(), &mut |_, _| {}).unwrap(), Lang::Zh, today()).unwrap()
}

/// What the terminal loop does for one frame: lay out, read, draw.
fn frame(app: &mut App, terminal: &mut Terminal<TestBackend>) {
    bangfu::tabs::prepare(app, Rect::new(0, 0, 100, 30));
    terminal.draw(|f| bangfu::tabs::draw(f, app)).unwrap();
}

fn key(app: &mut App, code: KeyCode) {
    app.handle_key(KeyEvent::from(code));
}

fn benches(c: &mut Criterion) {
    let path = county_ledger();
    let mut group = c.benchmark_group(format!("county-{}y", years()));
    group.sample_size(20);
    let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();

    group.bench_function("open the ledger to a first frame", |b| {
        b.iter(|| {
            let mut app = open(&path);
            frame(&mut app, &mut terminal);
        })
    });

    let mut app = open(&path);
    key(&mut app, KeyCode::Char('5'));
    frame(&mut app, &mut terminal);
    group.bench_function("visits tab: filter keystroke to frame (zs, 张秀, lxy, 0023)", |b| {
        b.iter(|| {
            for text in ["zs", "张秀", "lxy", "0023"] {
                key(&mut app, KeyCode::Char('/'));
                for ch in text.chars() {
                    key(&mut app, KeyCode::Char(ch));
                    frame(&mut app, &mut terminal);
                }
                key(&mut app, KeyCode::Esc);
            }
        })
    });
    frame(&mut app, &mut terminal);
    group.bench_function("visits tab: cursor move to frame", |b| {
        b.iter(|| {
            key(&mut app, KeyCode::Char('j'));
            frame(&mut app, &mut terminal);
        })
    });
    group.bench_function("tab switch to frame (visits ↔ households)", |b| {
        b.iter(|| {
            key(&mut app, KeyCode::Char('3'));
            frame(&mut app, &mut terminal);
            key(&mut app, KeyCode::Char('5'));
            frame(&mut app, &mut terminal);
        })
    });

    let store = Store::open_with(&path, today(), &mut |_, _| {}).unwrap();
    group.bench_function("overview figures for a month, as kept", |b| {
        b.iter(|| store.month_figures(YearMonth::of(today()), today()).unwrap())
    });
    // What a session opening after someone's save in one village pays, and after a new day.
    let raw = rusqlite::Connection::open(&path).unwrap();
    let village: String = raw.query_row("SELECT id FROM villages WHERE deleted = 0 LIMIT 1", [], |r| r.get(0)).unwrap();
    for (name, forget) in [
        ("overview figures for a month, one village counted again", "village_id = ?1"),
        ("overview figures for a month, counted afresh", "?1 = ?1"),
    ] {
        let sql = format!("DELETE FROM derived_figures WHERE {forget}");
        group.bench_function(name, |b| {
            b.iter_batched(
                || raw.execute(&sql, [&village]).unwrap(),
                |_| store.month_figures(YearMonth::of(today()), today()).unwrap(),
                criterion::BatchSize::PerIteration,
            )
        });
    }
    group.bench_function("count and first window of a filtered visits list", |b| {
        let q = ListQuery { kind: ListKind::Visits, filter: Query::parse("zs"), today: today() };
        b.iter(|| {
            let count = store.list_count(&q).unwrap();
            store.list_window(&q, 0, 30, count.rows).unwrap()
        })
    });
    drop(store);

    key(&mut app, KeyCode::Char('3'));
    frame(&mut app, &mut terminal);
    group.bench_function("save a visit to frame", |b| {
        b.iter(|| {
            key(&mut app, KeyCode::Char('v'));
            for ch in "李明".chars() {
                key(&mut app, KeyCode::Char(ch));
            }
            app.handle_key(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL));
            frame(&mut app, &mut terminal);
        })
    });
    group.finish();
}

criterion_group!(county, benches);
criterion_main!(county);
