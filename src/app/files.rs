//! Files in and out from 概览: `p` writes the month's dispatch report, the three
//! ledgers or the national layout to a file (a path is offered, the month shown is
//! the report's); `I` imports a national export — first as a dry run whose report is
//! shown, and only on `Enter` for real. The work runs after the screen says so
//! (`run_pending`); an import runs on a thread of its own (`importing.rs`), the screen
//! saying how far it has got.

use super::{App, Popup};
use crate::domain::assessment::Period;
use crate::domain::dates::YearMonth;
use crate::report::Output;
use crate::widgets::text_field::TextField;
use crossterm::event::{KeyCode, KeyEvent};
use std::path::{Path, PathBuf};

/// What `p` offers, in order.
pub const OUTPUTS: [&str; 6] =
    ["files.month", "files.quarter", "files.year", "files.ledgers", "files.cooperation", "files.national"];

/// How many rows' issues and changes the dry run's preview lists (it is wrapped on
/// every frame; the counts stay whole and the rest is said as "另有 N 行").
const PREVIEW_LISTED: usize = 1_000;

/// How many of the preview's lines PageUp and PageDown move by.
const PREVIEW_PAGE: usize = 10;

/// How many newest spreadsheets of the folder `I` offers to pick.
const OFFERED: usize = 8;

pub struct FilesView {
    pub stage: Stage,
    pub path: TextField,
}

pub enum Stage {
    /// Choosing what to write (an index of `OUTPUTS`) and where.
    Write { choice: usize },
    /// Naming the file to import; the folder's newest spreadsheets to pick from.
    ImportPath { offered: Vec<PathBuf>, picked: Option<usize> },
    /// The dry run's report; `Enter` imports.
    Preview { lines: Vec<String>, scroll: usize },
}

type ImportResult = Result<crate::import::Imported, crate::import::ImportError>;

/// Work asked for, done after the next frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileJob {
    Write(Output, PathBuf),
    DryRun(PathBuf),
    Import(PathBuf),
    /// 概览's ranking of a quarter's villages, counted.
    Rank(Period),
}

/// Where files go unless a person says otherwise: their documents folder, else home.
fn default_folder() -> PathBuf {
    let dirs = directories::UserDirs::new();
    let documents = dirs.as_ref().and_then(|d| d.document_dir()).filter(|d| d.is_dir());
    documents
        .map(Path::to_path_buf)
        .or_else(|| dirs.as_ref().map(|d| d.home_dir().to_path_buf()))
        .unwrap_or_else(|| PathBuf::from("."))
}

/// `~/x` as the home folder's x (a path typed as a shell user would). A whole path
/// typed or pasted after the folder the field starts with (`/home/li//tmp/a.xlsx`,
/// `C:\Users\li\Documents\D:\帮扶\a.xlsx`) is that path.
fn expand(text: &str) -> PathBuf {
    let text = last_whole_path(text.trim());
    match (text.strip_prefix("~/"), directories::UserDirs::new()) {
        (Some(rest), Some(d)) => d.home_dir().join(rest),
        _ => PathBuf::from(text),
    }
}

/// Where the last whole path in `text` begins: after `//`, at `/~/`'s `~`, or at a
/// drive letter (`D:\`) past the start.
fn last_whole_path(text: &str) -> &str {
    let unix = text.rfind("//").map(|i| i + 1);
    let home = text.rfind("/~/").map(|i| i + 1);
    let bytes = text.as_bytes();
    let drive = (1..bytes.len().saturating_sub(2)).rev().find(|&i| {
        bytes.get(i).is_some_and(u8::is_ascii_alphabetic)
            && bytes.get(i + 1) == Some(&b':')
            && matches!(bytes.get(i + 2), Some(b'\\' | b'/'))
            && !bytes.get(i - 1).is_some_and(u8::is_ascii_alphanumeric)
    });
    let start = [unix, home, drive].into_iter().flatten().max().unwrap_or(0);
    text.get(start..).unwrap_or(text)
}

/// The spreadsheets of a folder, newest first.
fn spreadsheets(folder: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(folder) else { return Vec::new() };
    let mut found: Vec<(std::time::SystemTime, PathBuf)> = entries
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| {
            let ext = p.extension().map(|e| e.to_string_lossy().to_ascii_lowercase()).unwrap_or_default();
            matches!(ext.as_str(), "xlsx" | "xls" | "csv")
        })
        .filter_map(|p| Some((std::fs::metadata(&p).and_then(|m| m.modified()).ok()?, p)))
        .collect();
    found.sort_by_key(|f| std::cmp::Reverse(f.0));
    found.into_iter().take(OFFERED).map(|(_, p)| p).collect()
}

impl App {
    /// `p` on 概览: what to write, and where.
    pub(super) fn ask_output(&mut self) {
        let path = self.default_output_path(0);
        self.popups.push(Popup::Files(FilesView { stage: Stage::Write { choice: 0 }, path: TextField::new(&path) }));
    }

    /// `I` on 概览: which file to import.
    pub(super) fn ask_import(&mut self) {
        let folder = self.file_folder();
        let offered = spreadsheets(&folder);
        let start = format!("{}{}", folder.display(), std::path::MAIN_SEPARATOR);
        let stage = Stage::ImportPath { offered, picked: None };
        self.popups.push(Popup::Files(FilesView { stage, path: TextField::new(&start) }));
    }

    fn output_of(&self, choice: usize) -> Output {
        match choice {
            0 => Output::Month(self.month, self.overview.side.clone()),
            1 => Output::Period(Period::bulletin_quarter(self.month, YearMonth::of(self.today))),
            2 => Output::Period(Period::Year(self.month.year)),
            3 => Output::Ledgers(self.month.year),
            4 => Output::Cooperation(self.month.year),
            _ => Output::National(self.month.year),
        }
    }

    fn default_output_path(&self, choice: usize) -> String {
        let name = match self.output_of(choice) {
            Output::Month(m, None) => self.labels.f("files.month_name", &[("month", &m.to_string())]),
            Output::Month(m, Some(side)) => {
                let month = format!("{m}-{}", crate::report::side_file_word(&side));
                self.labels.f("files.month_name", &[("month", &month)])
            }
            Output::Period(p @ Period::Quarter { .. }) => {
                self.labels.f("files.quarter_name", &[("quarter", &p.to_string())])
            }
            Output::Period(p) => self.labels.f("files.year_name", &[("year", &p.to_string())]),
            Output::Ledgers(y) => self.labels.f("files.ledgers_name", &[("year", &y.to_string())]),
            Output::Cooperation(y) => self.labels.f("files.cooperation_name", &[("year", &y.to_string())]),
            Output::National(y) => self.labels.f("files.national_name", &[("year", &y.to_string())]),
        };
        self.file_folder().join(name).display().to_string()
    }

    /// The folder a file was last written to or imported from in this session, else
    /// the documents folder.
    fn file_folder(&self) -> PathBuf {
        self.last_folder.clone().filter(|f| f.is_dir()).unwrap_or_else(default_folder)
    }

    fn remember_folder(&mut self, path: &Path) {
        if let Some(folder) = path.parent().filter(|f| f.is_dir()) {
            self.last_folder = Some(folder.to_path_buf());
        }
    }

    pub(super) fn files_key(&mut self, key: KeyEvent) {
        let Some(Popup::Files(view)) = self.popups.last_mut() else { return };
        if key.code == KeyCode::Esc {
            self.popups.pop();
            return;
        }
        match &mut view.stage {
            Stage::Write { choice } => match key.code {
                KeyCode::Up | KeyCode::Down | KeyCode::Tab | KeyCode::BackTab => {
                    let old = *choice;
                    let step = if matches!(key.code, KeyCode::Up | KeyCode::BackTab) { OUTPUTS.len() - 1 } else { 1 };
                    let new = (old + step) % OUTPUTS.len();
                    *choice = new;
                    // A path still as offered follows the choice; one typed stays.
                    let typed = view.path.value().to_string();
                    if typed == self.default_output_path(old) {
                        let path = self.default_output_path(new);
                        if let Some(Popup::Files(view)) = self.popups.last_mut() {
                            view.path = TextField::new(&path);
                        }
                    }
                }
                KeyCode::Enter => {
                    let (choice, path) = (*choice, expand(view.path.value()));
                    self.start_job(FileJob::Write(self.output_of(choice), path));
                }
                _ => {
                    view.path.handle_key(key);
                }
            },
            Stage::ImportPath { offered, picked } => match key.code {
                KeyCode::Up | KeyCode::Down if !offered.is_empty() => {
                    let n = offered.len();
                    let next = match (*picked, key.code) {
                        (None, KeyCode::Down) => 0,
                        (None, _) => n - 1,
                        (Some(i), KeyCode::Down) => (i + 1) % n,
                        (Some(i), _) => (i + n - 1) % n,
                    };
                    *picked = Some(next);
                    if let Some(p) = offered.get(next) {
                        view.path = TextField::new(&p.display().to_string());
                    }
                }
                KeyCode::Enter => {
                    let path = expand(view.path.value());
                    self.start_job(FileJob::DryRun(path));
                }
                _ => {
                    view.path.handle_key(key);
                }
            },
            Stage::Preview { lines, scroll } => match key.code {
                KeyCode::Up => *scroll = scroll.saturating_sub(1),
                KeyCode::Down => *scroll = (*scroll + 1).min(lines.len().saturating_sub(1)),
                KeyCode::PageUp => *scroll = scroll.saturating_sub(PREVIEW_PAGE),
                KeyCode::PageDown | KeyCode::Char(' ') => {
                    *scroll = (*scroll + PREVIEW_PAGE).min(lines.len().saturating_sub(1))
                }
                KeyCode::Home => *scroll = 0,
                KeyCode::End => *scroll = lines.len().saturating_sub(1),
                KeyCode::Enter => {
                    let path = expand(view.path.value());
                    self.start_job(FileJob::Import(path));
                }
                _ => {}
            },
        }
    }

    pub(super) fn files_paste(&mut self, text: &str) {
        if let Some(Popup::Files(view)) = self.popups.last_mut()
            && !matches!(view.stage, Stage::Preview { .. })
        {
            // A path pasted from a file manager may come quoted.
            view.path.paste(text.trim().trim_matches(['"', '\'']));
        }
    }

    /// Says what is about to happen; the work itself waits for the next frame.
    pub(super) fn start_job(&mut self, job: FileJob) {
        let path = match &job {
            FileJob::Write(_, p) | FileJob::DryRun(p) | FileJob::Import(p) => p.display().to_string(),
            FileJob::Rank(period) => crate::report::period_name(self.labels, *period),
        };
        let key = match job {
            FileJob::Write(..) => "files.writing",
            FileJob::DryRun(_) => "files.checking",
            FileJob::Import(_) => "files.importing",
            FileJob::Rank(_) => "ov.ranking_counting",
        };
        self.status = Some(self.labels.f(key, &[("path", &path)]));
        self.pending = Some(job);
    }

    /// Runs the work asked for, if any; true when there was some (the screen is drawn
    /// again with the outcome).
    pub fn run_pending(&mut self) -> bool {
        let Some(job) = self.pending.take() else { return false };
        self.status = None;
        match job {
            FileJob::Write(output, path) => self.write_output(output, &path),
            FileJob::DryRun(path) => self.start_import(path, true),
            FileJob::Import(path) => self.start_import(path, false),
            FileJob::Rank(period) => self.count_ranking(period),
        }
        self.sync();
        true
    }

    fn write_output(&mut self, output: Output, path: &Path) {
        let today = self.today;
        let done = crate::report::write_output(&mut self.store, self.labels, output, today, path);
        match done {
            Ok(sentence) => {
                self.popups.pop();
                self.remember_folder(path);
                self.records_changed();
                self.popups.push(Popup::Done { title: self.t("files.done_title").into(), text: sentence });
            }
            // Said over the path asked, which stays to be corrected.
            Err(e) => {
                // The ledger's own sentences (a missing folder, a busy file) are whole.
                let text = match e {
                    crate::report::ReportError::Store(e) => self.store_error_text(&e),
                    other => {
                        let args = [("path", &*path.display().to_string()), ("detail", &*other.to_string())];
                        self.labels.f("files.write_failed", &args)
                    }
                };
                self.popups.push(Popup::Message { title: self.t("message.not_saved").into(), text });
            }
        }
    }

    /// Shows what an import (or its dry run) came to: the dry run's report to confirm,
    /// the import's report, or why it could not be done.
    pub(super) fn import_ended(&mut self, path: &Path, dry_run: bool, result: ImportResult) {
        match dry_run {
            true => self.dry_run_ended(path, result),
            false => self.import_done(result),
        }
    }

    fn dry_run_ended(&mut self, path: &Path, result: ImportResult) {
        match result {
            Ok(report) => {
                self.remember_folder(path);
                let mut lines = crate::import::text::imported_lines(self.labels, &report, true, PREVIEW_LISTED);
                lines.insert(0, path.display().to_string());
                if let Some(Popup::Files(view)) = self.popups.last_mut() {
                    view.stage = Stage::Preview { lines, scroll: 0 };
                }
            }
            // Said whole in a popup over the path asked (a status line would cut it at
            // 80 columns); closing it leaves the path to correct.
            Err(e) => {
                let text = crate::import::text::error_sentence(self.labels, &e);
                self.popups.push(Popup::Message { title: self.t("files.not_imported_title").into(), text });
            }
        }
    }

    fn import_done(&mut self, result: ImportResult) {
        self.popups.pop();
        match result {
            Ok(report) => {
                // Not offered to `u`: an import is taken back by correcting, not by
                // undoing thousands of records at once.
                if let Ok(vocab) = self.store.vocab() {
                    self.vocab = vocab;
                }
                self.records_changed();
                let text = crate::import::text::imported_lines(self.labels, &report, false, 0).join("\n");
                self.popups.push(Popup::Done { title: self.t("files.imported_title").into(), text });
            }
            Err(e) => {
                let text = crate::import::text::error_sentence(self.labels, &e);
                self.popups.push(Popup::Message { title: self.t("message.not_saved").into(), text });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::last_whole_path;

    #[test]
    fn a_whole_path_typed_after_the_folder_is_that_path() {
        assert_eq!(last_whole_path("/root//tmp/人员.xlsx"), "/tmp/人员.xlsx");
        assert_eq!(last_whole_path("/home/li/文档//mnt/u盘/a.csv"), "/mnt/u盘/a.csv");
        assert_eq!(last_whole_path("/home/li/~/导出.xlsx"), "~/导出.xlsx");
        assert_eq!(last_whole_path("C:\\Users\\li\\Documents\\D:\\帮扶 台账\\a.xlsx"), "D:\\帮扶 台账\\a.xlsx");
        assert_eq!(last_whole_path("C:\\Users\\li\\a.xlsx"), "C:\\Users\\li\\a.xlsx");
        assert_eq!(last_whole_path("/home/li/文档/a:b.xlsx"), "/home/li/文档/a:b.xlsx");
        assert_eq!(last_whole_path("/root/监测对象.xlsx"), "/root/监测对象.xlsx");
        assert_eq!(last_whole_path(""), "");
    }
}
