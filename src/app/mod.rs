//! Application state and what keys do to it. The only UI code that calls the store.
//! The state holds what is on screen — a window of each list, the selected record's
//! details, the month's figures — never a copy of the ledger; after a key, `sync`
//! reads from the file whatever the screen now needs.

pub mod action;
mod arrivals;
pub mod components;
mod detail;
pub mod files;
pub mod first_steps;
mod forms;
pub mod importing;
mod keys;
mod list_view;
pub mod log_view;
mod monitoring;
pub mod month_notes;
mod names;
mod navigate;
mod overview;
mod people;
mod save;
pub mod sharing;
pub mod tab;
mod tasks;

pub use components::{OVERVIEW_NEEDS, OVERVIEW_RANKING, OVERVIEW_RESERVE, OVERVIEW_VILLAGES};
pub use detail::{Detail, household_parts};
pub use list_view::ListView;
pub use overview::OverviewState;
pub use tab::{RecordKind, Tab, TabDef, View};

use crate::domain::dates::YearMonth;
use crate::domain::search::Query;
use crate::domain::vocab::{Lang, Vocab};
use crate::store::{ListQuery, Store, StoreError};
use crate::ui::Labels;
use crate::widgets::form::Form;
use crate::widgets::text_field::TextField;
use action::Keymap;
use chrono::NaiveDate;
use std::sync::{Arc, Mutex};

/// The list state of one tab: its list, filter, view and detail pane.
#[derive(Debug, Default)]
pub struct TabState {
    pub list: ListView,
    pub filter: TextField,
    pub filtering: bool,
    /// The detail pane has the keys (narrow terminals show it instead of the table).
    pub detail_open: bool,
    /// In a household's detail: the selected member.
    pub part_cursor: usize,
    /// In details without parts to walk (a project, a task): how far the pane is
    /// scrolled, and (as last drawn) how far it can be.
    pub detail_scroll: usize,
    pub detail_scroll_max: std::cell::Cell<usize>,
    /// Which view of the list (`Tab::view`), cycled with `f`.
    pub view: usize,
}

pub struct OpenForm {
    pub kind: RecordKind,
    /// Empty for a new record.
    pub record_id: String,
    pub form: Form,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Confirm {
    DiscardForm,
    /// `u` on a save about a record not on the screen: the question names it.
    Undo {
        question: String,
    },
}

pub enum Popup {
    Form(Box<OpenForm>),
    Confirm(Confirm),
    /// Something that went wrong, or needs care (a refusal, a revealed number).
    Message {
        title: String,
        text: String,
    },
    /// Something done (a file written, an import made), shown as done, not as an error.
    Done {
        title: String,
        text: String,
    },
    /// The keys' help, scrolled this many lines (on a screen too small to show it
    /// whole), at most `max` (worked out as the frame is laid out).
    Help {
        scroll: usize,
        max: usize,
    },
    /// A save found fields changed meanwhile by someone else.
    Clash(sharing::ClashView),
    /// Deleting, with the reason asked.
    Delete(sharing::DeleteAsk),
    /// History, deleted records, disputes.
    Log(log_view::LogView),
    /// Villages added from the official division list.
    Divisions(Box<first_steps::DivisionPicker>),
    /// The month's 存在问题 / 下月打算 being written.
    MonthNote(month_notes::MonthNote),
    /// A file to write (`p`) or import (`I`), and an import's dry-run report.
    Files(files::FilesView),
}

/// A form's unsaved input, kept where a signal handler can write it out.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct SavedDraft {
    pub kind: RecordKind,
    pub record_id: String,
    pub values: crate::domain::Draft,
}

pub type DraftSlot = Arc<Mutex<Option<SavedDraft>>>;

pub struct App {
    pub store: Store,
    pub vocab: Vocab,
    pub lang: Lang,
    pub labels: &'static Labels,
    pub keymap: Keymap,
    pub today: NaiveDate,
    pub tab: Tab,
    pub tabs: [TabState; Tab::COUNT],
    pub popups: Vec<Popup>,
    /// The file's quick check has answered and what it found was said.
    door_said: bool,
    /// The folder a file was last written to or imported from in this session.
    pub(crate) last_folder: Option<std::path::PathBuf>,
    pub status: Option<String>,
    pub quit: bool,
    pub demo: bool,
    /// How the ledger file is named on the status line (its full path by default).
    pub file_label: String,
    /// The open form's input, mirrored after every key for SIGHUP / SIGTERM.
    pub draft_slot: DraftSlot,
    /// The month the overview reports on (this month by default).
    pub month: YearMonth,
    pub overview: OverviewState,
    /// The selected record's details, as read for the current tab.
    pub detail: Detail,
    detail_for: Option<(Tab, usize, String, u64)>,
    /// The frame is wide enough to show the details beside the list without asking.
    detail_beside: bool,
    /// Raised by every save, so that what was read before is read again.
    generation: u64,
    /// SQLite's count of other connections' commits when this session last read.
    seen_version: i64,
    /// This session's saves, newest last, for `u`.
    undo_stack: Vec<String>,
    /// Disputes from merges waiting for a person (on the status line).
    pub disputes_waiting: i64,
    /// The last frame was too small to show the ledger: keys other than quitting wait.
    pub screen_too_small: bool,
    /// The offset times of changes are shown in (the machine's, when the session began).
    pub time_zone: chrono::FixedOffset,
    /// File work asked for from 概览, done after the screen has said so.
    pub pending: Option<files::FileJob>,
    /// An import (or its dry run) running on a thread of its own.
    pub importing: Option<importing::ImportRun>,
}

impl App {
    pub fn new(mut store: Store, lang: Lang, today: NaiveDate) -> Result<App, StoreError> {
        // The file's quick check runs beside the first screens (`watch_door` says what it found).
        store.check_beside();
        let vocab = store.vocab()?;
        let file_label = store.path().display().to_string();
        let mut app = App {
            file_label,
            store,
            vocab,
            lang,
            labels: Labels::get(lang),
            keymap: Keymap::default(),
            today,
            tab: Tab::Overview,
            tabs: Default::default(),
            popups: Vec::new(),
            door_said: false,
            last_folder: None,
            status: None,
            quit: false,
            demo: false,
            draft_slot: Arc::default(),
            month: YearMonth::of(today),
            overview: OverviewState::default(),
            detail: Detail::None,
            detail_for: None,
            detail_beside: false,
            generation: 0,
            seen_version: 0,
            undo_stack: Vec::new(),
            disputes_waiting: 0,
            time_zone: *chrono::Local::now().offset(),
            screen_too_small: false,
            pending: None,
            importing: None,
        };
        app.seen_version = app.store.data_version()?;
        app.disputes_waiting = app.store.dispute_count()?;
        app.sync_now()?;
        Ok(app)
    }

    pub fn tab_state(&self) -> &TabState {
        self.state(self.tab)
    }

    pub fn tab_state_mut(&mut self) -> &mut TabState {
        let tab = self.tab;
        self.state_mut(tab)
    }

    #[allow(clippy::indexing_slicing)] // one state per tab: the array is sized by Tab::COUNT
    pub fn state(&self, tab: Tab) -> &TabState {
        &self.tabs[tab.index()]
    }

    #[allow(clippy::indexing_slicing)]
    pub fn state_mut(&mut self, tab: Tab) -> &mut TabState {
        &mut self.tabs[tab.index()]
    }

    /// The view the tab shows now.
    pub fn view_of(&self, tab: Tab) -> &'static View {
        tab.view(self.state(tab).view)
    }

    /// The query behind a tab's list, as its filter and view stand.
    pub fn list_query(&self, tab: Tab) -> Option<ListQuery> {
        let kind = self.view_of(tab).list?;
        let filter = if tab == Tab::Overview { Query::default() } else { Query::parse(self.state(tab).filter.value()) };
        Some(ListQuery { kind, filter, today: self.today })
    }

    /// The id of the selected record of a tab.
    pub fn selected_id(&self, tab: Tab) -> Option<String> {
        self.state(tab).list.selected_id()
    }

    pub fn open_form(&self) -> Option<&OpenForm> {
        self.popups.iter().rev().find_map(|p| match p {
            Popup::Form(f) => Some(f.as_ref()),
            _ => None,
        })
    }

    pub fn t<'a>(&self, key: &'a str) -> &'a str {
        self.labels.t(key)
    }

    /// A store error as one sentence in the user's language.
    pub fn store_error_text(&self, e: &StoreError) -> String {
        self.labels.store_error(e)
    }

    /// Reads what the screen needs after a key; a failure is shown, never a crash.
    pub fn sync(&mut self) {
        if let Err(e) = self.sync_now() {
            self.status = Some(self.store_error_text(&e));
        }
    }

    fn sync_now(&mut self) -> Result<(), StoreError> {
        let tab = self.tab;
        if let Some(q) = self.list_query(tab) {
            let keep = self.selected_id(tab);
            #[allow(clippy::indexing_slicing)] // one state per tab: the array is sized by Tab::COUNT
            let list =
                if tab == Tab::Overview { &mut self.overview.warnings } else { &mut self.tabs[tab.index()].list };
            let keep = if list.is_stale() { keep } else { None };
            list.sync(&self.store, &q, keep.as_deref())?;
        }
        if tab == Tab::Overview {
            self.sync_overview()?;
        } else {
            self.sync_detail()?;
        }
        Ok(())
    }

    /// After a save: everything read before is read again, the selection kept.
    pub(crate) fn records_changed(&mut self) {
        self.generation += 1;
        // Disputes change only with the file: counted here, not on every key.
        self.disputes_waiting = self.store.dispute_count().unwrap_or(self.disputes_waiting);
        for state in &mut self.tabs {
            state.list.invalidate();
        }
        self.overview.invalidate();
    }

    /// Says, once, that the file failed the quick check run beside the first screens
    /// (every save is then refused by the store). True when that is news to show.
    pub fn watch_door(&mut self) -> bool {
        if self.door_said || !self.store.verified() {
            return false;
        }
        self.door_said = true;
        match self.store.verify() {
            Ok(()) => false,
            Err(e) => {
                let text = self.store_error_text(&e);
                self.popups.push(Popup::Message { title: self.t("error.damaged_title").to_string(), text });
                true
            }
        }
    }

    /// Shows another session's save: what the screen shows is read again, the cursor
    /// kept on its record and an open form left as it is. True when something changed.
    pub fn watch_file(&mut self) -> bool {
        match self.store.data_version() {
            Ok(version) if version != self.seen_version => {
                self.seen_version = version;
                if let Ok(vocab) = self.store.vocab() {
                    self.vocab = vocab;
                }
                self.records_changed();
                self.sync();
                true
            }
            _ => false,
        }
    }

    /// Whether the frame shows the details beside the list (read only when shown).
    pub fn set_detail_beside(&mut self, beside: bool) {
        self.detail_beside = beside;
    }

    /// The number of rows a tab's table shows, as the frame lays it out.
    pub fn set_list_height(&mut self, tab: Tab, rows: usize) {
        let list = if tab == Tab::Overview { &mut self.overview.warnings } else { &mut self.state_mut(tab).list };
        list.height = rows.max(1);
    }
}
