//! Running the command line: open the right file, then the TUI or a command.

mod check;
mod import;
mod list;
mod list_sheet;
mod list_table;
mod merge;
mod publish;
pub mod words;

use crate::app::App;
use crate::cli::{Cli, CliError, Command, ReportKind, Scale, resolve_lang, store_error};
use crate::domain::side::Side;
use crate::report::Output;
use crate::store::Store;
use crate::ui::Labels;
use chrono::{Local, NaiveDate};
use std::path::PathBuf;

pub fn run(args: Vec<std::ffi::OsString>) -> Result<(), CliError> {
    let asked = Labels::get(words::lang_before_parsing(&args));
    let Some(cli) = words::parse(args, asked)? else { return Ok(()) };
    let lang = resolve_lang(&cli)?;
    let labels = Labels::get(lang);
    let today = Local::now().date_naive();
    match cli.command {
        Some(Command::Demo { path, scale, seed, years }) => write_demo(labels, &path, scale, seed, years, today),
        Some(Command::Completions { shell }) => {
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut words::command(labels), "bangfu", &mut script);
            print_quietly(&String::from_utf8_lossy(&script));
            Ok(())
        }
        Some(Command::Man) => {
            let mut page = Vec::new();
            clap_mangen::Man::new(words::command(labels))
                .render(&mut page)
                .map_err(|e| CliError::Internal(e.to_string()))?;
            print_quietly(&String::from_utf8_lossy(&page));
            Ok(())
        }
        Some(Command::List { ref table, json, csv, reveal, ref xlsx }) => {
            let mut store = open_existing(labels, &cli, today)?;
            list::run(labels, &mut store, table, list::Asked { json, csv, reveal, xlsx: xlsx.as_deref() })
        }
        Some(Command::Check { json, rebuild }) => {
            if rebuild && cli.read_only {
                return Err(writes_refused(labels, "check --rebuild"));
            }
            // A damaged file is what `check` is for: it is read, and its problems listed.
            let path = existing_ledger(&cli, labels)?;
            let mut store = match open_as_asked(labels, &cli, &path, today) {
                Err(crate::store::StoreError::Corrupt(_)) => return check::run_damaged(labels, &path, json),
                opened => opened.map_err(|e| store_error(labels, e))?,
            };
            check::run(labels, &mut store, json, rebuild, today)
        }
        Some(Command::Snapshot { ref out }) => {
            if out.exists() {
                return Err(CliError::User(labels.f("error.snapshot_exists", &[("path", &out.display().to_string())])));
            }
            let mut store = open_existing(labels, &cli, today)?;
            say_on_terminal(&labels.f("progress.snapshot", &[("path", &out.display().to_string())]));
            store.snapshot(out).map_err(|e| store_error(labels, e))?;
            say_on_terminal("");
            say(&labels.f("snapshot.written", &[("path", &out.display().to_string())]));
            Ok(())
        }
        Some(Command::Import { ref path, dry_run }) => {
            if !path.exists() {
                return Err(CliError::User(labels.f("error.no_file", &[("path", &path.display().to_string())])));
            }
            // A first import may make the ledger: the file to bring in must exist, the ledger need not.
            // A dry run only reads, so `--read-only` allows it.
            let mut store = match (cli.read_only, dry_run) {
                (true, false) => return Err(writes_refused(labels, "import")),
                (true, true) => open_existing(labels, &cli, today)?,
                (false, _) => open(labels, &ledger_path(&cli, labels)?, today)?,
            };
            let shown = path.display().to_string();
            let mut progress = |step| say_on_terminal(&crate::import::text::progress_line(labels, &shown, step));
            let result = crate::import::import_any(&mut store, path, dry_run, today, &mut progress);
            say_on_terminal("");
            import::print_report(labels, &result.map_err(|e| import::error_text(labels, e))?, dry_run);
            Ok(())
        }
        Some(Command::Export { ref what, ref path, year }) => {
            if what != "national" {
                return Err(CliError::User(labels.f("export.what", &[("what", what)])));
            }
            let year = year.unwrap_or(chrono::Datelike::year(&today));
            say_on_terminal(&labels.f("progress.export", &[("path", &path.display().to_string())]));
            let written = write(labels, &cli, today, Output::National(year), path);
            say_on_terminal("");
            written
        }
        Some(Command::Report { which: ReportKind::Month { ref month, ref path, ref party, ref force, ref above } }) => {
            let month = crate::domain::dates::parse_month(month)
                .map_err(|e| CliError::User(labels.f("report.bad_month", &[("problem", &labels.problem(&e))])))?;
            if above.from.is_some() {
                return publish::report(labels, above, publish::Above::Month(month), today, path);
            }
            let side = match (party, force) {
                (None, None) => None,
                _ => {
                    Some(side_named(labels, &open_existing(labels, &cli, today)?, party.as_deref(), force.as_deref())?)
                }
            };
            write(labels, &cli, today, Output::Month(month, side), path)
        }
        Some(Command::Report { which: ReportKind::Quarter { ref quarter, ref path, ref above } }) => {
            let period = crate::domain::assessment::parse_quarter(quarter)
                .ok_or_else(|| CliError::User(labels.f("report.bad_quarter", &[("text", quarter)])))?;
            match above.from {
                Some(_) => publish::report(labels, above, publish::Above::Period(period), today, path),
                None => write(labels, &cli, today, Output::Period(period), path),
            }
        }
        Some(Command::Report { which: ReportKind::Year { year, ref path, ref above } }) => {
            let period = crate::domain::assessment::Period::Year(year);
            match above.from {
                Some(_) => publish::report(labels, above, publish::Above::Period(period), today, path),
                None => write(labels, &cli, today, Output::Period(period), path),
            }
        }
        Some(Command::Publish { ref address, dry_run, init, reveal }) => {
            // The server's administrator sets the schema up with no ledger of their own.
            if init {
                publish::init(labels, address)?;
                if !ledger_path(&cli, labels)?.exists() {
                    return Ok(());
                }
            }
            let mut store = open_existing(labels, &cli, today)?;
            publish::run(labels, &mut store, address, crate::rollup::PublishAsked { dry_run, reveal, today })
        }
        Some(Command::Report { which: ReportKind::Cooperation { ref path, year } }) => {
            let year = year.unwrap_or(chrono::Datelike::year(&today));
            write(labels, &cli, today, Output::Cooperation(year), path)
        }
        Some(Command::Report { which: ReportKind::Ledgers { ref path, year } }) => {
            let year = year.unwrap_or(chrono::Datelike::year(&today));
            write(labels, &cli, today, Output::Ledgers(year), path)
        }
        Some(Command::Merge { ref other, dry_run, force, json }) => {
            if cli.read_only {
                return Err(writes_refused(labels, "merge"));
            }
            let mut store = open(labels, &existing_ledger(&cli, labels)?, today)?;
            say_on_terminal(&labels.f("progress.merge", &[("path", &other.display().to_string())]));
            let merged = merge::run(labels, &mut store, other, dry_run, force, json);
            say_on_terminal("");
            merged
        }
        None => {
            // The app draws on a terminal and reads keys from one: without one (a cron
            // job, a pipe) it says so rather than failing inside the terminal library.
            use std::io::IsTerminal;
            if !std::io::stdin().is_terminal() || !std::io::stdout().is_terminal() {
                return Err(CliError::User(labels.t("error.no_terminal").to_string()));
            }
            let path = if cli.demo { demo_path(labels, today)? } else { ledger_path(&cli, labels)? };
            // A county file takes a moment to open and count: say so until the screen shows.
            say_on_terminal(&labels.f("progress.opening", &[("path", &path.display().to_string())]));
            // The quick check runs beside the first screens (docs/sharing.md): the app
            // says what it found, and the store holds every save until it has answered.
            let store = if cli.read_only {
                Store::open_read_only(&path, today).map_err(|e| store_error(labels, e))?
            } else {
                open_at(labels, &path, today)?
            };
            let mut app = App::new(store, lang, today).map_err(|e| store_error(labels, e))?;
            app.demo = cli.demo;
            let ran = crate::tui::run(app);
            say_on_terminal("");
            ran.map_err(|e| CliError::Internal(labels.f("error.terminal", &[("detail", &e.to_string())])))
        }
    }
}

/// Writes a report or an export of the ledger and says where it went.
fn write(labels: &Labels, cli: &Cli, today: NaiveDate, output: Output, path: &std::path::Path) -> Result<(), CliError> {
    let mut store = open_existing(labels, cli, today)?;
    let done = crate::report::write_output(&mut store, labels, output, today, path).map_err(|e| match e {
        crate::report::ReportError::Store(e) => store_error(labels, e),
        other => CliError::User(labels.f("export.failed", &[("detail", &other.to_string())])),
    })?;
    say(&done);
    Ok(())
}

/// The command as typed, and the ledger it ran on: what a disclosure records.
fn command_line(ledger: &std::path::Path) -> String {
    let args: Vec<String> = std::env::args_os().skip(1).map(|a| a.to_string_lossy().into_owned()).collect();
    let ledger = std::path::absolute(ledger).unwrap_or_else(|_| ledger.to_path_buf());
    let text = format!("bangfu {} ({})", args.join(" "), ledger.display());
    crate::domain::stored::escaped(&text).into_owned()
}

/// JSON as serde writes it escapes C0 controls; DEL and the C1 controls (which some
/// terminals obey as escape sequences) are escaped here too, the data unchanged.
pub(super) fn json_safe(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match u32::from(c) {
            n @ (0x7f..=0x9f) => out.push_str(&format!("\\u{n:04x}")),
            _ => out.push(c),
        }
    }
    out
}

/// One line to standard output, as `print_quietly` writes it.
fn say(line: &str) {
    print_quietly(&format!("{line}\n"));
}

/// Writes to standard output; a reader that went away (`| head`) is not an error.
fn print_quietly(text: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
}

/// Says on the terminal (stderr, and only when it is one) what a command that may take
/// a while is doing; an empty text clears the line.
fn say_on_terminal(text: &str) {
    if std::io::IsTerminal::is_terminal(&std::io::stderr()) {
        eprint!("\r\x1b[K{text}");
    }
}

/// Opens a ledger once it passed the quick check.
fn open(labels: &Labels, path: &std::path::Path, today: NaiveDate) -> Result<Store, CliError> {
    verified(labels, open_at(labels, path, today)?)
}

/// Opens a ledger; upgrading an older file can take a while at county scale, so
/// that is said on the terminal while it runs.
fn open_at(labels: &Labels, path: &std::path::Path, today: NaiveDate) -> Result<Store, CliError> {
    upgrading(labels, path, today).map_err(|e| store_error(labels, e))
}

fn upgrading(labels: &Labels, path: &std::path::Path, today: NaiveDate) -> Result<Store, crate::store::StoreError> {
    let mut said = false;
    let mut progress = |done: usize, total: usize| {
        if total >= 1000 {
            eprint!(
                "\r{}",
                labels.f("progress.upgrade", &[("done", &done.to_string()), ("total", &total.to_string())])
            );
            said = true;
        }
    };
    let store = Store::open_with(path, today, &mut progress);
    if said {
        eprintln!();
    }
    store
}

/// A command reads or writes a file only once it passed the quick check.
fn verified(labels: &Labels, mut store: Store) -> Result<Store, CliError> {
    store.verify().map_err(|e| store_error(labels, e))?;
    Ok(store)
}

/// `--read-only` with a command that writes: said, and nothing opened.
fn writes_refused(labels: &Labels, command: &str) -> CliError {
    CliError::User(labels.f("error.read_only_command", &[("command", command)]))
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

/// Opens the ledger a command reads, as `--read-only` asks, once it passed the quick check.
/// The side `--party` or `--force` names (a force by its name or code); one the
/// villages do not name is refused, naming those they do.
fn side_named(labels: &Labels, store: &Store, party: Option<&str>, force: Option<&str>) -> Result<Side, CliError> {
    let sides = store.assisting_sides().map_err(|e| store_error(labels, e))?;
    let vocab = store.vocab().map_err(|e| store_error(labels, e))?;
    let asked = match (party, force) {
        (Some(name), _) => Side::Party(name.trim().to_string()),
        (None, Some(text)) => {
            let code = vocab.code_of(crate::domain::vocab::list::ASSIST_FORCE, text).unwrap_or(text.trim());
            Side::Force(code.to_string())
        }
        (None, None) => return Err(CliError::User(labels.t("side.none").to_string())),
    };
    if sides.contains(&asked) {
        return Ok(asked);
    }
    let known: Vec<String> = sides.iter().map(|s| crate::report::side_name(store, labels, s)).collect();
    let text = party.or(force).unwrap_or_default();
    Err(CliError::User(
        labels.f("side.unknown", &[("text", text), ("known", &known.join(labels.t("common.list_separator")))]),
    ))
}

fn open_existing(labels: &Labels, cli: &Cli, today: NaiveDate) -> Result<Store, CliError> {
    let store = open_unverified(labels, cli, today)?;
    verified(labels, store)
}

fn open_unverified(labels: &Labels, cli: &Cli, today: NaiveDate) -> Result<Store, CliError> {
    let path = existing_ledger(cli, labels)?;
    open_as_asked(labels, cli, &path, today).map_err(|e| store_error(labels, e))
}

fn open_as_asked(
    labels: &Labels,
    cli: &Cli,
    path: &std::path::Path,
    today: NaiveDate,
) -> Result<Store, crate::store::StoreError> {
    if cli.read_only { Store::open_read_only(path, today) } else { upgrading(labels, path, today) }
}

/// The ledger a command works on, which must exist: a mistyped path is said, not
/// answered with a new empty ledger.
fn existing_ledger(cli: &Cli, labels: &Labels) -> Result<PathBuf, CliError> {
    let path = ledger_path(cli, labels)?;
    if !path.exists() {
        return Err(CliError::User(labels.f("error.no_ledger", &[("path", &path.display().to_string())])));
    }
    Ok(path)
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
        crate::demo::write(&path, Scale::Small, 1, 1, today).map_err(|e| store_error(labels, e))?;
    }
    Ok(path)
}

fn write_demo(
    labels: &Labels,
    path: &std::path::Path,
    scale: Scale,
    seed: u64,
    years: u32,
    today: NaiveDate,
) -> Result<(), CliError> {
    if path.exists() {
        return Err(CliError::User(labels.f("error.exists", &[("path", &path.display().to_string())])));
    }
    say_on_terminal(labels.t("progress.demo"));
    let w = crate::demo::write(path, scale, seed, years, today).map_err(|e| store_error(labels, e));
    say_on_terminal("");
    let w = w?;
    let n = |x: usize| x.to_string();
    let counts = labels.f(
        "demo.counts",
        &[
            ("villages", &n(w.villages)),
            ("households", &n(w.households)),
            ("monitored", &n(w.monitored)),
            ("members", &n(w.members)),
            ("projects", &n(w.projects)),
            ("visits", &n(w.visits)),
        ],
    );
    say(&labels.f("demo.written", &[("path", &path.display().to_string()), ("counts", &counts)]));
    Ok(())
}
