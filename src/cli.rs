//! The command line: `bangfu [--db PATH] [--lang zh|en] [--demo] [COMMAND]`.

use crate::domain::vocab::Lang;
use crate::store::StoreError;
use crate::ui::Labels;
use clap::{Parser, Subcommand};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(name = "bangfu", version, about = "帮扶台账 — a terminal ledger for village assistance work")]
pub struct Cli {
    /// The ledger file (default: the per-user data directory; also BANGFU_DB)
    #[arg(long, global = true, env = "BANGFU_DB", value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// Language of labels and messages: zh or en (also BANGFU_LANG)
    #[arg(long, global = true, env = "BANGFU_LANG", value_name = "zh|en")]
    pub lang: Option<String>,
    /// Open a demo ledger (never your own file)
    #[arg(long)]
    pub demo: bool,
    /// Open the ledger for reading only: nothing is saved, not even an upgrade
    #[arg(long, global = true)]
    pub read_only: bool,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write a demo ledger to PATH
    Demo {
        path: PathBuf,
        #[arg(long, value_enum, default_value_t = Scale::Small)]
        scale: Scale,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Years of visits and monitoring history (5 gives a million visits at county scale)
        #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=10))]
        years: u32,
    },
    /// Print villages, households, members, projects or visits
    List {
        table: String,
        #[arg(long, conflicts_with = "csv")]
        json: bool,
        #[arg(long)]
        csv: bool,
        /// Write ID numbers in full (masked otherwise); who did it and when is recorded in the ledger
        #[arg(long)]
        reveal: bool,
        /// Write a workbook for people to open (every cell text, names beside ids)
        #[arg(long, value_name = "OUT.xlsx", conflicts_with_all = ["json", "csv"])]
        xlsx: Option<PathBuf>,
    },
    /// Integrity check, record counts and data-quality warnings
    Check {
        #[arg(long)]
        json: bool,
        /// Recompute the derived tables (warnings, due dates, search keys) from the records first
        #[arg(long)]
        rebuild: bool,
    },
    /// Write a consistent copy of the ledger to OUT (safe while others are saving)
    Snapshot { out: PathBuf },
    /// Bring another copy's changes into the ledger; disputes are listed for a person
    Merge {
        other: PathBuf,
        /// Report what would change, write nothing
        #[arg(long)]
        dry_run: bool,
        /// Merge even a file that is not a copy of this ledger
        #[arg(long)]
        force: bool,
        #[arg(long)]
        json: bool,
    },
    /// Send this ledger's changes, records and figures to a PostgreSQL roll-up database
    Publish {
        /// The database: postgresql://USER@HOST/DB, or words like `host=… dbname=…` or `service=…`
        address: String,
        /// Report what would be sent, send nothing
        #[arg(long)]
        dry_run: bool,
        /// First create (or bring up to date) bangfu's schema there (the server's administrator, once)
        #[arg(long)]
        init: bool,
        /// Send ID numbers in full (masked otherwise); recorded on the server
        #[arg(long)]
        reveal: bool,
    },
    /// Write the ledger in the national system's person layout (.xlsx or .csv); ID numbers in full, recorded
    Export {
        /// What to write: `national`
        what: String,
        path: PathBuf,
        /// The year whose incomes are written (default: this year)
        #[arg(long)]
        year: Option<i32>,
    },
    /// Write a report: `month YYYY-MM PATH.xlsx` (月调度), `quarter YYYY-Qn PATH.xlsx` (季通报), `year YYYY PATH.xlsx` (年考评) or `ledgers PATH.xlsx` (三本台账)
    Report {
        #[command(subcommand)]
        which: ReportKind,
    },
    /// Print a completion script for a shell: bash, zsh, fish, powershell or elvish
    /// (e.g. `bangfu completions bash > /etc/bash_completion.d/bangfu`)
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page in roff (e.g. `bangfu man > /usr/local/share/man/man1/bangfu.1`)
    Man,
    /// Bring in the national system's person export (.xlsx, .xls or .csv), reconciling with the ledger
    Import {
        path: PathBuf,
        /// Report what would be new, changed, unchanged or rejected, write nothing
        #[arg(long)]
        dry_run: bool,
    },
}

/// The reports `bangfu report` writes.
#[derive(Debug, Subcommand)]
pub enum ReportKind {
    /// The monthly dispatch (月调度) of a month: figures per township and village, work, words
    Month {
        /// The month, YYYY-MM
        month: String,
        path: PathBuf,
        /// Only the villages, projects and tasks of this assisting side (帮扶方, as the villages name it)
        #[arg(long, conflicts_with_all = ["force", "from"])]
        party: Option<String>,
        /// Only those of this assistance force (帮扶力量: its name or code)
        #[arg(long, conflicts_with = "from")]
        force: Option<String>,
        #[command(flatten)]
        above: Above,
    },
    /// The quarterly bulletin (季通报): townships, villages and assisting sides ranked, change since the quarter before
    Quarter {
        /// The quarter, YYYY-Qn (2026-Q3)
        quarter: String,
        path: PathBuf,
        #[command(flatten)]
        above: Above,
    },
    /// The yearly assessment (年考评): townships, villages, assisting sides and cadres scored on weighted indicators
    Year {
        /// The year, YYYY
        year: i32,
        path: PathBuf,
        #[command(flatten)]
        above: Above,
    },
    /// The assisting side's ledger (协作台账): each side's year against its agreement, then its lists
    Cooperation {
        path: PathBuf,
        /// The year of the agreements (default: this year)
        #[arg(long)]
        year: Option<i32>,
    },
    /// The three ledgers (三本台账): projects and funds, cadres and their days, key tasks
    Ledgers {
        path: PathBuf,
        /// The year whose days in the village are counted (default: this year)
        #[arg(long)]
        year: Option<i32>,
    },
}

/// A report over many counties, read from the roll-up database instead of the ledger.
#[derive(Debug, Clone, clap::Args)]
pub struct Above {
    /// Read the counties published to this PostgreSQL database (postgresql://…)
    #[arg(long, value_name = "ADDRESS")]
    pub from: Option<String>,
    /// Only the counties of this city (its 4-digit division code)
    #[arg(long, requires = "from", conflicts_with = "province")]
    pub city: Option<String>,
    /// Only the counties of this province (its 2-digit division code)
    #[arg(long, requires = "from")]
    pub province: Option<String>,
}

pub use crate::demo::Scale;

/// A failure of a command: the user's (exit 1) or ours (exit 2), as one sentence.
#[derive(Debug)]
pub enum CliError {
    User(String),
    Internal(String),
}

/// Which errors are the user's: a wrong path, a foreign or newer file, a busy ledger.
pub fn store_error(labels: &Labels, e: StoreError) -> CliError {
    let text = labels.store_error(&e);
    match e {
        StoreError::Sqlite(_) => CliError::Internal(text),
        _ => CliError::User(text),
    }
}

pub fn resolve_lang(cli: &Cli) -> Result<Lang, CliError> {
    match cli.lang.as_deref() {
        None => Ok(Lang::Zh),
        Some(text) => Lang::parse(text)
            .ok_or_else(|| CliError::User(Labels::get(Lang::Zh).f("error.bad_lang", &[("value", text)]))),
    }
}
