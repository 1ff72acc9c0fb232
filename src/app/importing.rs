//! An import from 概览 (`I`), or its dry run, running on a thread of its own with its
//! own connection to the ledger file — as another session's would be — so that the
//! screen says how far it has got (a county's file takes ten seconds) instead of
//! standing still. Its report is shown when it ends; the ledger is read again then.
//!
//! Keys wait meanwhile (a form saved now would wait behind the import's write);
//! Ctrl-C still ends the session, and the import's write, not yet committed, is then
//! left out whole: the ledger stays as it was.

use super::App;
use crate::import::{ImportError, ImportStep, Imported};
use crate::store::Store;
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, TryRecvError};

pub struct ImportRun {
    pub dry_run: bool,
    path: PathBuf,
    steps: Receiver<ImportStep>,
    done: Receiver<Result<Imported, ImportError>>,
}

impl App {
    /// Starts importing `path` (only checking it, for a dry run).
    pub(super) fn start_import(&mut self, path: PathBuf, dry_run: bool) {
        let (ledger, today, read_only) = (self.store.path().to_path_buf(), self.today, self.store.read_only());
        let sound = self.store.sound();
        let (step_tx, steps) = std::sync::mpsc::channel();
        let (done_tx, done) = std::sync::mpsc::channel();
        let file = path.clone();
        std::thread::spawn(move || {
            let opened = match read_only {
                true => Store::open_read_only(&ledger, today),
                false => Store::open_with(&ledger, today, &mut |_, _| {}),
            };
            let result = opened.map_err(ImportError::from).and_then(|mut store| {
                if sound {
                    store.checked_elsewhere();
                }
                crate::import::import_any(&mut store, &file, dry_run, today, &mut |step| {
                    let _ = step_tx.send(step);
                })
            });
            let _ = done_tx.send(result);
        });
        self.status = Some(self.import_line(&path, dry_run, ImportStep::Reading));
        self.importing = Some(ImportRun { dry_run, path, steps, done });
    }

    /// Whether an import is running.
    pub fn import_running(&self) -> bool {
        self.importing.is_some()
    }

    /// Takes in how far the import has got, and its end; true when the screen should
    /// be drawn again.
    pub fn poll_import(&mut self) -> bool {
        let Some(run) = &self.importing else { return false };
        let mut step = None;
        while let Ok(next) = run.steps.try_recv() {
            step = Some(next);
        }
        let (dry_run, path) = (run.dry_run, run.path.clone());
        let ended = match run.done.try_recv() {
            Ok(result) => Some(result),
            Err(TryRecvError::Empty) => None,
            // The thread ended without a word: it can only have panicked, before its
            // write was committed.
            Err(TryRecvError::Disconnected) => Some(Err(ImportError::Sheet(crate::sheets::SheetError::Read {
                path: path.display().to_string(),
                detail: "the import stopped unexpectedly; the ledger is as it was".into(),
            }))),
        };
        if let Some(result) = ended {
            self.importing = None;
            self.status = None;
            self.import_ended(&path, dry_run, result);
            // Read again already: the import's own commit is not another session's.
            if let Ok(version) = self.store.data_version() {
                self.seen_version = version;
            }
            self.sync();
            return true;
        }
        let Some(step) = step else { return false };
        self.status = Some(self.import_line(&path, dry_run, step));
        true
    }

    fn import_line(&self, path: &std::path::Path, dry_run: bool, step: ImportStep) -> String {
        let shown = path.display().to_string();
        match (step, dry_run) {
            (ImportStep::Reading, true) => self.labels.f("files.checking", &[("path", &shown)]),
            (ImportStep::Reading, false) => self.labels.f("files.importing", &[("path", &shown)]),
            (step, _) => crate::import::text::progress_line(self.labels, &shown, step),
        }
    }

    /// Keys that arrive while an import runs: said to wait.
    pub(super) fn key_while_importing(&mut self) {
        self.status = Some(self.t("files.import_busy").to_string());
    }
}
