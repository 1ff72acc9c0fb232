//! County-scale speed (design.md §5): opening the ledger, filtering as you type,
//! drawing a frame, saving a visit. Run with `cargo bench --bench county`.
//! The county demo file is written once into target/ and reused.

use bangfu::app::App;
use bangfu::cli::Scale;
use bangfu::domain::search::Query;
use bangfu::domain::vocab::Lang;
use bangfu::store::Store;
use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};
use crossterm::event::{KeyCode, KeyEvent};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::path::PathBuf;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 15).unwrap()
}

fn county_ledger() -> PathBuf {
    let path = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("county-bench.db");
    if !path.exists() {
        bangfu::demo::write(&path, Scale::County, 1, today()).unwrap();
    }
    path
}

fn benches(c: &mut Criterion) {
    let path = county_ledger();
    let mut group = c.benchmark_group("county");
    group.sample_size(10);
    group.bench_function("open and load the ledger", |b| {
        b.iter(|| App::new(Store::open(&path).unwrap(), Lang::Zh, today()).unwrap())
    });
    let mut app = App::new(Store::open(&path).unwrap(), Lang::Zh, today()).unwrap();
    group.bench_function("filter 20,000 households by pinyin initials", |b| {
        let query = Query::parse("zs");
        b.iter(|| app.ledger.household_keys.iter().filter(|k| k.matches(&query)).count())
    });
    app.handle_key(KeyEvent::from(KeyCode::Char('5')));
    let mut terminal = Terminal::new(TestBackend::new(120, 40)).unwrap();
    group.bench_function("draw the visits tab (200,000 visits)", |b| {
        b.iter(|| {
            terminal.draw(|f| bangfu::tabs::draw(f, &app)).unwrap();
        })
    });
    group.bench_function("derive due dates and warnings", |b| b.iter(|| app.ledger.derive(today())));
    app.handle_key(KeyEvent::from(KeyCode::Char('1')));
    group.bench_function("overview figures for a month, whole county and per village", |b| {
        b.iter(|| {
            app.ledger.work.month_figures.replace(None);
            bangfu::tabs::overview::figures_of_month(&app)
        })
    });
    app.handle_key(KeyEvent::from(KeyCode::Char('3')));
    group.bench_function("save a visit and refresh the lists", |b| {
        b.iter(|| {
            app.handle_key(KeyEvent::from(KeyCode::Char('v')));
            for ch in "李明".chars() {
                app.handle_key(KeyEvent::from(KeyCode::Char(ch)));
            }
            app.handle_key(KeyEvent::new(KeyCode::Char('s'), crossterm::event::KeyModifiers::CONTROL));
        })
    });
    group.finish();
}

criterion_group!(county, benches);
criterion_main!(county);
