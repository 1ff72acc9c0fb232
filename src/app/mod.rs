//! Application state and what keys do to it. The only UI code that calls the store.

pub mod action;
pub mod forms;
pub mod ledger;
pub mod lists;
pub mod overview;
mod save;
mod save_work;
mod tasks;
pub mod update;
pub mod work;

use crate::domain::vocab::{Lang, Vocab};
use crate::store::{Store, StoreError};
use crate::ui::Labels;
use crate::widgets::form::Form;
use crate::widgets::table::ListCursor;
use crate::widgets::text_field::TextField;
use action::Keymap;
use chrono::NaiveDate;
use ledger::Ledger;
use std::sync::{Arc, Mutex};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Overview,
    Villages,
    Households,
    Projects,
    Visits,
    Tasks,
    People,
    Settings,
}

impl Tab {
    pub const ALL: [Tab; 8] = [
        Tab::Overview,
        Tab::Villages,
        Tab::Households,
        Tab::Projects,
        Tab::Visits,
        Tab::Tasks,
        Tab::People,
        Tab::Settings,
    ];

    pub fn index(self) -> usize {
        Tab::ALL.iter().position(|t| *t == self).unwrap_or(0)
    }

    pub fn label_key(self) -> &'static str {
        match self {
            Tab::Overview => "tab.overview",
            Tab::Villages => "tab.villages",
            Tab::Households => "tab.households",
            Tab::Projects => "tab.projects",
            Tab::Visits => "tab.visits",
            Tab::Tasks => "tab.tasks",
            Tab::People => "tab.people",
            Tab::Settings => "tab.settings",
        }
    }

    /// The form that `a` opens on this tab.
    pub fn form_kind(self) -> Option<FormKind> {
        match self {
            Tab::Overview => None,
            Tab::Villages => Some(FormKind::Village),
            Tab::Households => Some(FormKind::Household),
            Tab::Projects => Some(FormKind::Project),
            Tab::Visits => Some(FormKind::Visit),
            Tab::Tasks => Some(FormKind::Task),
            Tab::People => Some(FormKind::Cadre),
            Tab::Settings => Some(FormKind::Threshold),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum FormKind {
    Village,
    Household,
    Member,
    Project,
    Visit,
    Step,
    Measure,
    Income,
    Task,
    TaskNote,
    Cadre,
    Threshold,
    VisitRule,
}

impl FormKind {
    /// The prefix of this form's field labels in the catalogs.
    pub fn label_prefix(self) -> &'static str {
        match self {
            FormKind::Village => "village",
            FormKind::Household => "household",
            FormKind::Member => "member",
            FormKind::Project => "project",
            FormKind::Visit => "visit",
            FormKind::Step => "step",
            FormKind::Measure => "measure",
            FormKind::Income => "income",
            FormKind::Task => "task",
            FormKind::TaskNote => "task_note",
            FormKind::Cadre => "cadre",
            FormKind::Threshold => "threshold",
            FormKind::VisitRule => "visit_rule",
        }
    }
}

/// The list state of one tab: selection, filter, and the rows the filter lets through.
#[derive(Debug, Default)]
pub struct TabState {
    pub cursor: ListCursor,
    pub filter: TextField,
    pub filtering: bool,
    /// Positions (in the ledger's list for this tab) of the rows shown, in order.
    pub rows: Vec<usize>,
    /// The detail pane has the keys (narrow terminals show it instead of the table).
    pub detail_open: bool,
    /// In a household's detail: the selected member.
    pub member_cursor: usize,
    /// Which view of the list (visits: recorded / due; tasks: all / open / overdue / closed).
    pub view: usize,
}

pub struct OpenForm {
    pub kind: FormKind,
    /// Empty for a new record.
    pub record_id: String,
    pub form: Form,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Confirm {
    Delete { kind: FormKind, id: String, name: String },
    DiscardForm,
}

pub enum Popup {
    Form(Box<OpenForm>),
    Confirm(Confirm),
    Message { title: String, text: String },
    Help,
}

/// A form's unsaved input, kept where a signal handler can write it out.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct SavedDraft {
    pub kind: FormKind,
    pub record_id: String,
    pub values: crate::domain::Draft,
}

pub type DraftSlot = Arc<Mutex<Option<SavedDraft>>>;

pub struct App {
    pub store: Store,
    pub ledger: Ledger,
    pub vocab: Vocab,
    pub lang: Lang,
    pub labels: &'static Labels,
    pub keymap: Keymap,
    pub today: NaiveDate,
    pub tab: Tab,
    pub tabs: [TabState; 8],
    pub popups: Vec<Popup>,
    pub status: Option<String>,
    pub quit: bool,
    pub demo: bool,
    /// How the ledger file is named on the status line (its full path by default).
    pub file_label: String,
    /// The open form's input, mirrored after every key for SIGHUP / SIGTERM.
    pub draft_slot: DraftSlot,
    /// The month the overview reports on (this month by default).
    pub month: crate::domain::dates::YearMonth,
    /// The selected warning in the overview's list.
    pub warning_cursor: crate::widgets::table::ListCursor,
}

impl App {
    pub fn new(store: Store, lang: Lang, today: NaiveDate) -> Result<App, StoreError> {
        let mut ledger = Ledger::load(&store)?;
        ledger.derive(today);
        let vocab = store.vocab()?;
        let file_label = store.path().display().to_string();
        let mut app = App {
            file_label,
            store,
            ledger,
            vocab,
            lang,
            labels: Labels::get(lang),
            keymap: Keymap::default(),
            today,
            tab: Tab::Overview,
            tabs: Default::default(),
            popups: Vec::new(),
            status: None,
            quit: false,
            demo: false,
            draft_slot: Arc::default(),
            month: crate::domain::dates::YearMonth::of(today),
            warning_cursor: Default::default(),
        };
        for tab in Tab::ALL {
            app.refresh_rows(tab);
        }
        Ok(app)
    }

    pub fn tab_state(&self) -> &TabState {
        &self.tabs[self.tab.index()]
    }

    pub fn tab_state_mut(&mut self) -> &mut TabState {
        &mut self.tabs[self.tab.index()]
    }

    /// The ledger position of the selected row of a tab.
    pub fn selected(&self, tab: Tab) -> Option<usize> {
        let state = &self.tabs[tab.index()];
        state.rows.get(state.cursor.selected).copied()
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
        crate::cli::store_error_sentence(self.labels, e)
    }
}
