//! What keys and pasted text do, by mode: a popup, the filter line, a detail pane, or a list.

use super::action::Action;
use super::{App, Confirm, FormKind, Popup, SavedDraft, Tab};
use crate::domain::Draft;
use crate::domain::dates::format_date;
use crate::widgets::form::FormOutcome;
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

const PAGE: isize = 10;

/// The overview's second view: figures per village (the first lists the warnings).
pub const OVERVIEW_VILLAGES: usize = 1;

impl App {
    pub fn handle_key(&mut self, key: KeyEvent) {
        if key.kind == KeyEventKind::Release {
            return;
        }
        if key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('c') {
            self.quit = true;
            return;
        }
        self.status = None;
        match self.popups.last() {
            Some(Popup::Form(_)) => self.form_key(key),
            Some(Popup::Confirm(_)) => self.confirm_key(key),
            Some(Popup::Message { .. } | Popup::Help) => {
                self.popups.pop();
            }
            None if self.tab_state().filtering => self.filter_key(key),
            None => {
                if let Some(action) = self.keymap.action(key) {
                    self.apply(action);
                }
            }
        }
        self.mirror_draft();
    }

    pub fn handle_paste(&mut self, text: &str) {
        if let Some(Popup::Form(open)) = self.popups.last_mut() {
            open.form.paste(text);
        } else if self.popups.is_empty() && self.tab_state().filtering {
            self.tab_state_mut().filter.paste(text);
            self.refresh_rows(self.tab);
        }
        self.mirror_draft();
    }

    /// Keeps a copy of the open form's input where the signal handler can reach it.
    fn mirror_draft(&self) {
        let draft = self.open_form().filter(|f| f.form.is_dirty()).map(|f| SavedDraft {
            kind: f.kind,
            record_id: f.record_id.clone(),
            values: f.form.draft(),
        });
        if let Ok(mut slot) = self.draft_slot.lock() {
            *slot = draft;
        }
    }

    fn form_key(&mut self, key: KeyEvent) {
        let Some(Popup::Form(open)) = self.popups.last_mut() else {
            return;
        };
        match open.form.handle_key(key) {
            FormOutcome::Save => self.save_form(),
            FormOutcome::Cancel => {
                if open.form.is_dirty() {
                    self.popups.push(Popup::Confirm(Confirm::DiscardForm));
                } else {
                    self.popups.pop();
                }
            }
            FormOutcome::Changed(field) => self.form_changed(field),
            FormOutcome::LimitReached(max) => {
                self.status = Some(self.labels.f("form.limit", &[("max", &max.to_string())]));
            }
            FormOutcome::Nothing => {}
        }
    }

    fn confirm_key(&mut self, key: KeyEvent) {
        let Some(Popup::Confirm(confirm)) = self.popups.last() else {
            return;
        };
        let confirm = confirm.clone();
        match key.code {
            KeyCode::Char('y' | 'Y') | KeyCode::Enter => {
                self.popups.pop();
                match confirm {
                    Confirm::Delete { kind, id, .. } => self.delete_record(kind, &id),
                    Confirm::DiscardForm => {
                        self.popups.pop();
                        self.status = Some(self.t("status.discarded").into());
                    }
                }
            }
            KeyCode::Char('n' | 'N') | KeyCode::Esc => {
                self.popups.pop();
            }
            _ => {}
        }
    }

    fn filter_key(&mut self, key: KeyEvent) {
        let tab = self.tab;
        match key.code {
            KeyCode::Esc => {
                let state = self.tab_state_mut();
                state.filter.clear();
                state.filtering = false;
                self.refresh_rows(tab);
            }
            KeyCode::Enter => self.tab_state_mut().filtering = false,
            KeyCode::Up => self.move_selection(-1),
            KeyCode::Down => self.move_selection(1),
            _ => {
                if self.tab_state_mut().filter.handle_key(key) {
                    self.tab_state_mut().cursor.selected = 0;
                    self.refresh_rows(tab);
                }
            }
        }
    }

    fn household_detail_open(&self) -> bool {
        self.tab == Tab::Households && self.tab_state().detail_open && self.selected(Tab::Households).is_some()
    }

    fn move_selection(&mut self, delta: isize) {
        if self.tab == Tab::Overview {
            let len = if self.tab_state().view == OVERVIEW_VILLAGES {
                self.ledger.villages.len()
            } else {
                self.ledger.work.warnings.len()
            };
            self.warning_cursor.step(delta, len);
            return;
        }
        if self.household_detail_open() {
            let count = self
                .selected(Tab::Households)
                .map_or(0, |h| self.ledger.members_of(&self.ledger.households[h].id).len());
            let state = self.tab_state_mut();
            state.member_cursor =
                (state.member_cursor as isize + delta).clamp(0, count.saturating_sub(1) as isize) as usize;
            return;
        }
        let state = self.tab_state_mut();
        let len = state.rows.len();
        state.cursor.step(delta, len);
        state.member_cursor = 0;
    }

    pub fn apply(&mut self, action: Action) {
        match action {
            Action::Quit => self.quit = true,
            Action::Tab(i) => self.switch_tab(Tab::ALL[i.min(Tab::ALL.len() - 1)]),
            Action::NextTab => self.switch_tab(Tab::ALL[(self.tab.index() + 1) % Tab::ALL.len()]),
            Action::PrevTab => self.switch_tab(Tab::ALL[(self.tab.index() + Tab::ALL.len() - 1) % Tab::ALL.len()]),
            Action::Up => self.move_selection(-1),
            Action::Down => self.move_selection(1),
            Action::PageUp => self.move_selection(-PAGE),
            Action::PageDown => self.move_selection(PAGE),
            Action::Top => self.move_selection(isize::MIN / 2),
            Action::Bottom => self.move_selection(isize::MAX / 2),
            Action::Open if self.tab == Tab::Overview => self.open_warning(),
            Action::Open => {
                if self.selected(self.tab).is_some() {
                    let state = self.tab_state_mut();
                    state.detail_open = !state.detail_open;
                    state.member_cursor = 0;
                }
            }
            Action::Back => {
                let tab = self.tab;
                let state = self.tab_state_mut();
                if state.detail_open {
                    state.detail_open = false;
                } else if !state.filter.value().is_empty() {
                    state.filter.clear();
                    self.refresh_rows(tab);
                }
            }
            Action::Add if self.household_detail_open() => self.add_member(),
            Action::Add => match self.tab.form_kind() {
                Some(kind) => self.open_new_form(kind, self.preset_for(kind)),
                None => self.status = Some(self.t("status.add_in_list").into()),
            },
            Action::Edit if self.household_detail_open() && self.selected_member_id().is_some() => {
                if let Some(id) = self.selected_member_id() {
                    self.open_edit_form(FormKind::Member, &id);
                }
            }
            Action::Edit => {
                if let Some((kind, id)) = self.selected_record() {
                    self.open_edit_form(kind, &id);
                }
            }
            Action::Step => self.on_household(|app, id| app.open_step_form(&id)),
            Action::Measure => self.on_household(|app, id| {
                let preset = Draft::default().with("household_id", id).with("start", format_date(app.today));
                app.open_new_form(FormKind::Measure, preset);
            }),
            Action::Income => self.on_household(|app, id| {
                let preset = Draft::default().with("household_id", id).with("year", app.today.format("%Y").to_string());
                app.open_new_form(FormKind::Income, preset);
            }),
            Action::View => self.switch_view(),
            Action::Note => self.add_task_note(),
            Action::CloseTask => self.close_task(),
            Action::PrevMonth => self.shift_month(-1),
            Action::NextMonth => self.shift_month(1),
            Action::Delete => self.ask_delete(),
            Action::Visit => self.start_visit(),
            Action::Member => self.add_member(),
            Action::Filter => {
                if self.tab != Tab::Overview {
                    self.tab_state_mut().filtering = true;
                    self.tab_state_mut().detail_open = false;
                }
            }
            Action::Help => self.popups.push(Popup::Help),
        }
    }

    fn switch_tab(&mut self, tab: Tab) {
        self.tab = tab;
        if matches!(tab, Tab::Visits | Tab::Tasks | Tab::Settings) {
            // Due dates and overdue tasks move with the records of other tabs.
            self.refresh_rows(tab);
        }
    }

    /// Runs `f` with the selected household of the households tab (or of the due list).
    fn on_household(&mut self, f: impl FnOnce(&mut App, String)) {
        let due_view = self.tab == Tab::Visits && self.tab_state().view == super::lists::VIEW_DUE;
        match (self.tab == Tab::Households || due_view).then(|| self.selected_id(self.tab)).flatten() {
            Some(id) => f(self, id),
            None => self.status = Some(self.t("status.needs_household").into()),
        }
    }

    /// `f`: the visits tab shows recorded visits or the households due for one;
    /// the tasks tab cycles all / open / overdue / closed.
    fn switch_view(&mut self) {
        let views = match self.tab {
            Tab::Overview => 2,
            Tab::Visits => 2,
            Tab::Tasks => super::lists::TASK_VIEWS,
            _ => return,
        };
        let tab = self.tab;
        self.warning_cursor.selected = 0;
        let state = self.tab_state_mut();
        state.view = (state.view + 1) % views;
        state.cursor.selected = 0;
        state.detail_open = false;
        self.refresh_rows(tab);
    }

    /// What a new record of this kind starts with, from where the cadre stands.
    fn preset_for(&self, kind: FormKind) -> Draft {
        let village = self.selected(Tab::Villages).map(|i| self.ledger.villages[i].id.clone()).unwrap_or_default();
        match kind {
            FormKind::Household => Draft::default().with("village_id", village),
            FormKind::Project => Draft::default().with("village_id", village),
            FormKind::Visit => Draft::default().with("date", format_date(self.today)).with("visit_type", "home"),
            FormKind::Threshold => {
                // The province of the ledger's villages, this year: the line most often missing.
                let province = self.ledger.villages.iter().find_map(|v| v.code.as_deref()).map_or("", |c| &c[..2]);
                Draft::default().with("province", province).with("year", self.today.format("%Y").to_string())
            }
            FormKind::Task => Draft::default().with("status", crate::domain::task::STATUS_NOT_STARTED),
            _ => Draft::default(),
        }
    }

    /// `v`: a visit for the selected household, dated today.
    fn start_visit(&mut self) {
        let due_view = self.tab == Tab::Visits && self.tab_state().view == super::lists::VIEW_DUE;
        let household = if self.tab == Tab::Households || due_view {
            self.selected_id(self.tab).and_then(|id| self.ledger.household_position(&id))
        } else {
            None
        };
        match household {
            Some(i) => {
                let h = &self.ledger.households[i];
                let preset =
                    self.preset_for(FormKind::Visit).with("household_id", &h.id).with("village_id", &h.village_id);
                self.open_new_form(FormKind::Visit, preset);
                if let Some(Popup::Form(open)) = self.popups.last_mut() {
                    open.form.focus_key("visitors");
                }
            }
            None if self.tab == Tab::Visits => self.open_new_form(FormKind::Visit, self.preset_for(FormKind::Visit)),
            None => self.status = Some(self.t("status.visit_needs_household").into()),
        }
    }

    fn add_member(&mut self) {
        match (self.tab == Tab::Households).then(|| self.selected_id(Tab::Households)).flatten() {
            Some(id) => self.open_new_form(FormKind::Member, Draft::default().with("household_id", id)),
            None => self.status = Some(self.t("status.member_needs_household").into()),
        }
    }

    fn ask_delete(&mut self) {
        let target = if self.household_detail_open() && self.selected_member_id().is_some() {
            self.selected_member_id().map(|id| (FormKind::Member, id))
        } else {
            self.selected_record()
        };
        if let Some((kind, id)) = target {
            let name = self.record_name(kind, &id);
            self.popups.push(Popup::Confirm(Confirm::Delete { kind, id, name }));
        }
    }

    /// How a record is named in questions and messages.
    pub fn record_name(&self, kind: FormKind, id: &str) -> String {
        let l = &self.ledger;
        match kind {
            FormKind::Village => l.village(id).map(|v| v.name.clone()),
            FormKind::Household => l.household(id).map(|h| h.head_name.clone()),
            FormKind::Member => l.members.iter().find(|m| m.id == id).map(|m| m.name.clone()),
            FormKind::Project => l.projects.iter().find(|p| p.id == id).map(|p| p.name.clone()),
            FormKind::Visit => l.visits.iter().find(|v| v.id == id).map(|v| {
                let who = v
                    .household_id
                    .as_deref()
                    .and_then(|h| l.household(h))
                    .map_or(l.village_name(&v.village_id), |h| &h.head_name);
                format!("{} {who}", format_date(v.date))
            }),
            FormKind::Step => l.work.events.iter().find(|e| e.id == id).map(|e| {
                let who = l.household(&e.household_id).map_or("", |h| h.head_name.as_str());
                format!("{who} {}", self.vocab.label(crate::domain::vocab::list::MONITORING_STEP, &e.step, self.lang))
            }),
            FormKind::Measure => l.work.measures.iter().find(|m| m.id == id).map(|m| {
                format!(
                    "{} {}",
                    self.vocab.label(crate::domain::vocab::list::MEASURE_CATEGORY, &m.category, self.lang),
                    m.item
                )
            }),
            FormKind::Income => l.work.incomes.iter().find(|i| i.id == id).map(|i| {
                let who = l.household(&i.household_id).map_or("", |h| h.head_name.as_str());
                format!("{who} {}", i.year)
            }),
            FormKind::Task => l.work.tasks.iter().find(|t| t.id == id).map(|t| t.title.clone()),
            FormKind::TaskNote => l.work.task_notes.iter().find(|n| n.id == id).map(|n| n.text.clone()),
            FormKind::Cadre => l.work.cadres.iter().find(|c| c.id == id).map(|c| c.name.clone()),
            FormKind::Threshold => {
                l.work.thresholds.iter().find(|t| t.id == id).map(|t| format!("{} {}", t.province, t.year))
            }
            FormKind::VisitRule => l
                .work
                .rules
                .iter()
                .find(|r| r.id == id)
                .map(|r| self.vocab.label(crate::domain::vocab::list::VISIT_GROUP, &r.group, self.lang).to_string()),
        }
        .unwrap_or_default()
    }

    /// The record that `e` and `d` act on in this tab: the settings tab mixes two kinds,
    /// and the due view lists households, which are edited on their own tab.
    pub fn selected_record(&self) -> Option<(FormKind, String)> {
        match self.tab {
            Tab::Settings => self.selected(Tab::Settings).and_then(|i| self.settings_record(i)),
            Tab::Visits if self.tab_state().view == super::lists::VIEW_DUE => None,
            tab => tab.form_kind().zip(self.selected_id(tab)),
        }
    }

    /// Resumes a form whose input was kept when the last session ended abruptly.
    pub fn resume_draft(&mut self, saved: SavedDraft) {
        if saved.record_id.is_empty() {
            self.open_new_form(saved.kind, Draft::default());
        } else {
            self.open_edit_form(saved.kind, &saved.record_id);
        }
        if let Some(Popup::Form(open)) = self.popups.last_mut() {
            for f in open.form.fields.clone() {
                open.form.set_value(f.key, saved.values.get(f.key));
            }
            self.status = Some(self.t("status.draft_resumed").into());
        }
    }
}
