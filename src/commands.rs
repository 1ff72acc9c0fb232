//! Running the command line: open the right file, then the TUI or a command.

use crate::app::App;
use crate::app::ledger::Ledger;
use crate::cli::{Cli, CliError, Command, Scale, resolve_lang, store_error};
use crate::domain::household::Household;
use crate::domain::member::Member;
use crate::domain::money::format_plain;
use crate::domain::project::Project;
use crate::domain::village::Village;
use crate::domain::visit::Visit;
use crate::domain::vocab::{Lang, list_of_column};
use crate::domain::warnings::count_by_rule;
use crate::domain::{FieldValue, Record};
use crate::store::Store;
use crate::ui::Labels;
use crate::ui::warning_text::{rule_name, warning_message};
use chrono::{Local, NaiveDate};
use clap::Parser;
use std::io::Write;
use std::path::PathBuf;

pub fn run(args: Vec<std::ffi::OsString>) -> Result<(), CliError> {
    let cli = match Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) if matches!(e.kind(), clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion) => {
            print!("{e}");
            return Ok(());
        }
        Err(e) => {
            let labels = Labels::get(Lang::Zh);
            return Err(CliError::User(format!("{}\n{}", labels.t("error.bad_arguments"), e.render())));
        }
    };
    let lang = resolve_lang(&cli)?;
    let labels = Labels::get(lang);
    let today = Local::now().date_naive();
    match cli.command {
        Some(Command::Demo { path, scale, seed }) => write_demo(labels, &path, scale, seed, today),
        Some(Command::List { ref table, json, csv }) => {
            let store = open(labels, &ledger_path(&cli, labels)?)?;
            list(labels, &store, table, json, csv)
        }
        Some(Command::Check { json }) => {
            let store = open(labels, &ledger_path(&cli, labels)?)?;
            check(labels, &store, json, today)
        }
        None => {
            let path = if cli.demo { demo_path(labels, today)? } else { ledger_path(&cli, labels)? };
            let store = open(labels, &path)?;
            let mut app = App::new(store, lang, today).map_err(|e| store_error(labels, e))?;
            app.demo = cli.demo;
            crate::tui::run(app)
                .map_err(|e| CliError::Internal(labels.f("error.terminal", &[("detail", &e.to_string())])))
        }
    }
}

fn open(labels: &Labels, path: &std::path::Path) -> Result<Store, CliError> {
    Store::open(path).map_err(|e| store_error(labels, e))
}

/// The per-user data directory, created readable by its owner only: it holds
/// ledgers and drafts with people's ID numbers.
fn data_dir(labels: &Labels) -> Result<PathBuf, CliError> {
    let dir = directories::ProjectDirs::from("cn", "bangfu", "bangfu")
        .map(|d| d.data_dir().to_path_buf())
        .ok_or_else(|| CliError::User(labels.t("error.no_home").to_string()))?;
    if !dir.exists() {
        let mut builder = std::fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        builder.create(&dir).map_err(|e| {
            CliError::User(labels.f("error.io", &[("path", &dir.display().to_string()), ("detail", &e.to_string())]))
        })?;
    }
    Ok(dir)
}

fn ledger_path(cli: &Cli, labels: &Labels) -> Result<PathBuf, CliError> {
    match &cli.db {
        Some(path) => Ok(path.clone()),
        None => Ok(data_dir(labels)?.join("ledger.db")),
    }
}

/// The demo ledger lives beside, never in place of, the user's own file; it is
/// written once and then kept, so what a person adds to it is there next time.
fn demo_path(labels: &Labels, today: NaiveDate) -> Result<PathBuf, CliError> {
    let path = data_dir(labels)?.join("demo.db");
    if !path.exists() {
        crate::demo::write(&path, Scale::Small, 1, today).map_err(|e| store_error(labels, e))?;
    }
    Ok(path)
}

fn write_demo(
    labels: &Labels,
    path: &std::path::Path,
    scale: Scale,
    seed: u64,
    today: NaiveDate,
) -> Result<(), CliError> {
    if path.exists() {
        return Err(CliError::User(labels.f("error.exists", &[("path", &path.display().to_string())])));
    }
    let counts = crate::demo::write(path, scale, seed, today).map_err(|e| store_error(labels, e))?;
    println!("{}", labels.f("demo.written", &[("path", &path.display().to_string()), ("counts", &counts)]));
    Ok(())
}

/// One exported row: (column, value) pairs, id first.
type ExportRow = Vec<(String, FieldValue)>;

/// Rows of one table; `None` when there is no such table.
fn rows(store: &Store, table: &str) -> Result<Option<Vec<ExportRow>>, crate::store::StoreError> {
    fn of<T: Record>(records: Vec<T>) -> Vec<ExportRow> {
        records
            .into_iter()
            .map(|r| {
                let mut cols = vec![("id".to_string(), FieldValue::text(r.id()))];
                cols.extend(r.columns().into_iter().map(|(k, v)| (k.to_string(), v)));
                cols
            })
            .collect()
    }
    Ok(Some(match table {
        "villages" => of(store.load_all::<Village>()?),
        "households" => of(store.load_all::<Household>()?),
        "members" => of(store.load_all::<Member>()?),
        "projects" => {
            let projects = store.load_projects()?;
            let links: Vec<String> = projects.iter().map(|p| p.beneficiaries.join(",")).collect();
            let mut rows = of::<Project>(projects);
            for (row, link) in rows.iter_mut().zip(links) {
                row.push((
                    "beneficiaries".into(),
                    if link.is_empty() { FieldValue::Null } else { FieldValue::Text(link) },
                ));
            }
            rows
        }
        "visits" => of(store.load_all::<Visit>()?),
        "tasks" => of(store.load_all::<crate::domain::task::Task>()?),
        "measures" => of(store.load_all::<crate::domain::measure::Measure>()?),
        "incomes" => of(store.load_all::<crate::domain::income::Income>()?),
        "monitoring_events" => of(store.load_all::<crate::domain::monitoring::MonitoringEvent>()?),
        "cadres" => of(store.load_all::<crate::domain::cadre::Cadre>()?),
        "thresholds" => of(store.load_all::<crate::domain::income::Threshold>()?),
        _ => return Ok(None),
    }))
}

fn list(labels: &Labels, store: &Store, table: &str, json: bool, _csv: bool) -> Result<(), CliError> {
    let rows = rows(store, table)
        .map_err(|e| store_error(labels, e))?
        .ok_or_else(|| CliError::User(labels.f("error.bad_table", &[("table", table)])))?;
    let out = std::io::stdout();
    let mut out = out.lock();
    let io = |e: std::io::Error| CliError::Internal(e.to_string());
    if json {
        let array: Vec<serde_json::Value> = rows
            .iter()
            .map(|r| {
                serde_json::Value::Object(
                    r.iter().map(|(k, v)| (k.clone(), serde_json::to_value(v).unwrap_or_default())).collect(),
                )
            })
            .collect();
        let text = serde_json::to_string_pretty(&array).map_err(|e| CliError::Internal(e.to_string()))?;
        return ignore_closed_pipe(writeln!(out, "{text}")).map_err(io);
    }
    // CSV for spreadsheets: headers and vocabulary labels in the user's language, money in 元.
    let vocab = store.vocab().map_err(|e| store_error(labels, e))?;
    // Column labels come from the form of the same records.
    let prefix = match table {
        "monitoring_events" => "step",
        "thresholds" => "threshold",
        other => other.trim_end_matches('s'),
    };
    let mut writer = csv::Writer::from_writer(Vec::new());
    let Some(first) = rows.first() else {
        return Ok(());
    };
    let header: Vec<String> = first.iter().map(|(k, _)| csv_header(labels, prefix, k)).collect();
    writer.write_record(&header).map_err(|e| CliError::Internal(e.to_string()))?;
    for row in &rows {
        let cells: Vec<String> = row.iter().map(|(k, v)| csv_cell(&vocab, labels.lang, table, k, v)).collect();
        writer.write_record(&cells).map_err(|e| CliError::Internal(e.to_string()))?;
    }
    let bytes = writer.into_inner().map_err(|e| CliError::Internal(e.to_string()))?;
    ignore_closed_pipe(out.write_all(&bytes).and_then(|_| out.flush())).map_err(io)
}

/// `bangfu list … | head` closes the pipe early; that is not an error.
fn ignore_closed_pipe(result: std::io::Result<()>) -> std::io::Result<()> {
    match result {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

fn csv_header(labels: &Labels, prefix: &str, column: &str) -> String {
    let key = column.trim_end_matches("_fen");
    let label = labels.field(prefix, key);
    let label = if label == "?" { column.to_string() } else { label.to_string() };
    if column.ends_with("_fen") { format!("{label}（{}）", labels.t("unit.yuan")) } else { label }
}

fn csv_cell(vocab: &crate::domain::vocab::Vocab, lang: Lang, table: &str, column: &str, value: &FieldValue) -> String {
    match value {
        FieldValue::Null => String::new(),
        FieldValue::Int(n) if column.ends_with("_fen") => format_plain(*n),
        FieldValue::Int(n) => n.to_string(),
        FieldValue::Text(s) => match list_of_column(table, column) {
            Some(list) => {
                let codes: Vec<String> = s.split(',').map(str::to_string).collect();
                vocab.labels(list, &codes, lang)
            }
            None => s.clone(),
        },
    }
}

fn check(labels: &Labels, store: &Store, json: bool, today: NaiveDate) -> Result<(), CliError> {
    let problems = store.integrity_check().map_err(|e| store_error(labels, e))?;
    let sound = problems.len() == 1 && problems[0] == "ok";
    let counts = store.table_counts().map_err(|e| store_error(labels, e))?;
    let ops = store.op_count().map_err(|e| store_error(labels, e))?;
    let mut ledger = Ledger::load(store).map_err(|e| store_error(labels, e))?;
    ledger.derive(today);
    let vocab = store.vocab().map_err(|e| store_error(labels, e))?;
    let warnings = &ledger.work.warnings;
    if json {
        let listed: Vec<serde_json::Value> = warnings
            .iter()
            .map(|w| {
                serde_json::json!({
                    "rule": w.rule,
                    "message": warning_message(labels, &vocab, w),
                    "table": w.table,
                    "id": if w.record_id.is_empty() { serde_json::Value::Null } else { w.record_id.clone().into() },
                    "household_id": w.household_id,
                })
            })
            .collect();
        let value = serde_json::json!({
            "path": store.path().display().to_string(),
            "integrity": if sound { "ok".to_string() } else { problems.join("; ") },
            "counts": counts,
            "ops": ops,
            "warnings": listed,
        });
        println!("{}", serde_json::to_string_pretty(&value).unwrap_or_default());
    } else {
        println!("{}", labels.f("check.file", &[("path", &store.path().display().to_string())]));
        let verdict = if sound { labels.t("check.sound").to_string() } else { problems.join("\n") };
        println!("{}", labels.f("check.integrity", &[("result", &verdict)]));
        for c in &counts {
            let name = labels.t(&format!("table.{}", c.table)).to_string();
            let args = [("table", name.as_str()), ("live", &c.live.to_string()), ("deleted", &c.deleted.to_string())];
            println!("{}", labels.f("check.count", &args));
        }
        println!("{}", labels.f("check.ops", &[("n", &ops.to_string())]));
        println!("{}", labels.f("check.warnings", &[("n", &warnings.len().to_string())]));
        for (rule, n) in count_by_rule(warnings) {
            println!("  {} [{rule}]: {n}", rule_name(labels, rule));
        }
        for w in warnings {
            println!("  - {}", warning_message(labels, &vocab, w));
        }
    }
    if sound { Ok(()) } else { Err(CliError::User(labels.t("check.unsound").to_string())) }
}
