//! What keys and pasted text do, by mode: a popup, the filter line, a detail pane,
//! or a list. After each, the screen's data is read again where it changed.

use super::action::Action;
use super::{App, Confirm, Popup, RecordKind, SavedDraft, Tab};
use crate::domain::member::Member;
use crate::widgets::form::FormOutcome;
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

impl App {
    pub fn handle_key(&mut self, key: KeyEvent) {
        if key.kind == KeyEventKind::Release {
            return;
        }
        if key.modifiers.contains(KeyModifiers::CONTROL) && key.code == KeyCode::Char('c') {
            self.quit = true;
            return;
        }
        if self.importing.is_some() {
            self.key_while_importing();
            return;
        }
        if self.screen_too_small {
            if self.popups.is_empty() && self.keymap.action(key) == Some(Action::Quit) {
                self.quit = true;
            }
            return;
        }
        self.status = None;
        match self.popups.last() {
            Some(Popup::Form(_)) => self.form_key(key),
            Some(Popup::Confirm(_)) => self.confirm_key(key),
            Some(Popup::Message { .. } | Popup::Done { .. }) => {
                self.popups.pop();
            }
            Some(Popup::Help { .. }) => self.help_key(key),
            Some(Popup::Clash(_)) => self.clash_key(key),
            Some(Popup::Delete(_)) => self.delete_key(key),
            Some(Popup::Log(_)) => self.log_key(key),
            Some(Popup::Divisions(_)) => self.division_key(key),
            Some(Popup::MonthNote(_)) => self.month_note_key(key),
            Some(Popup::Files(_)) => self.files_key(key),
            None if self.tab_state().filtering => self.filter_key(key),
            None => {
                if let Some(action) = self.keymap.action(key) {
                    self.apply(action);
                }
            }
        }
        self.mirror_draft();
        self.sync();
    }

    pub fn handle_paste(&mut self, text: &str) {
        if self.screen_too_small || self.importing.is_some() {
            return;
        }
        if let Some(Popup::Form(open)) = self.popups.last_mut() {
            let outcome = open.form.paste(text);
            self.form_outcome(outcome);
        } else if let Some(Popup::Delete(ask)) = self.popups.last_mut() {
            ask.reason.paste(text);
        } else if let Some(Popup::Divisions(_)) = self.popups.last() {
            self.division_paste(text);
        } else if let Some(Popup::MonthNote(_)) = self.popups.last() {
            self.month_note_paste(text);
        } else if let Some(Popup::Files(_)) = self.popups.last() {
            self.files_paste(text);
        } else if self.popups.is_empty() && self.tab_state().filtering {
            self.tab_state_mut().filter.paste(text);
            self.tab_state_mut().list.reset();
        }
        self.mirror_draft();
        self.sync();
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
        let outcome = open.form.handle_key(key);
        self.form_outcome(outcome);
    }

    fn form_outcome(&mut self, outcome: FormOutcome) {
        match outcome {
            FormOutcome::Save => self.save_form(),
            FormOutcome::Cancel => {
                let dirty = self.open_form().is_some_and(|f| f.form.is_dirty());
                if dirty {
                    self.popups.push(Popup::Confirm(Confirm::DiscardForm));
                } else {
                    self.popups.pop();
                }
            }
            FormOutcome::Changed(field) => self.form_changed(field),
            FormOutcome::LimitReached(max) => {
                self.status = Some(self.labels.f("form.limit", &[("max", &max.to_string())]));
            }
            FormOutcome::Lookup(field) => self.look_up(field),
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
                    Confirm::DiscardForm => {
                        self.popups.pop();
                        self.status = Some(self.t("status.discarded").into());
                    }
                    Confirm::Undo { .. } => self.undo_now(),
                }
            }
            KeyCode::Char('n' | 'N') | KeyCode::Esc => {
                self.popups.pop();
            }
            _ => {}
        }
    }

    fn filter_key(&mut self, key: KeyEvent) {
        match key.code {
            KeyCode::Esc => {
                let state = self.tab_state_mut();
                state.filter.clear();
                state.filtering = false;
                state.list.reset();
            }
            KeyCode::Enter => self.tab_state_mut().filtering = false,
            KeyCode::Up => self.move_selection(-1),
            KeyCode::Down => self.move_selection(1),
            _ => {
                if self.tab_state_mut().filter.handle_key(key) {
                    self.tab_state_mut().list.reset();
                }
            }
        }
    }

    /// Details are open that list parts the cursor walks (a household's members and
    /// visits, a project's arrivals, a cadre's months, a side's targets): ↑↓ walk them
    /// and `e` / `d` act on the one selected, as `Detail::parts` says.
    fn parts_open(&self) -> bool {
        self.tab_state().detail_open && !self.detail.parts().is_empty()
    }

    /// A page: the rows the list shows, less one kept for context.
    fn page(&self) -> isize {
        self.tab_state().list.height.saturating_sub(1).max(1) as isize
    }

    /// The end of a list whose count is estimated is found by counting it.
    fn count_list_exactly(&mut self) {
        let tab = self.tab;
        let Some(q) = self.list_query(tab) else { return };
        let result = self.tabs.get_mut(tab.index()).map(|s| s.list.count_exactly(&self.store, &q));
        if let Some(Err(e)) = result {
            self.status = Some(self.store_error_text(&e));
        }
    }

    fn move_selection(&mut self, delta: isize) {
        if self.parts_open() {
            let count = self.detail.parts().len();
            let state = self.tab_state_mut();
            state.part_cursor =
                (state.part_cursor as isize + delta).clamp(0, count.saturating_sub(1) as isize) as usize;
            return;
        }
        // Other open details scroll when they are cut, so what they count is reached
        // (when nothing is cut, ↑↓ go on to the next record, as before).
        let scrolls = self.tab_state().detail_scroll_max.get() > 0;
        if self.tab_state().detail_open && scrolls && self.tab_state().list.selected_row().is_some() {
            let state = self.tab_state_mut();
            let most = state.detail_scroll_max.get() as isize;
            state.detail_scroll = (state.detail_scroll as isize + delta).clamp(0, most) as usize;
            return;
        }
        let state = self.tab_state_mut();
        let len = state.list.count;
        state.list.cursor.step(delta, len);
        state.part_cursor = 0;
        state.detail_scroll = 0;
    }

    /// The router: what works anywhere, then what the shown tab's component makes of
    /// the action, then what every list does; an action of another tab says where
    /// it works.
    pub fn apply(&mut self, action: Action) {
        if self.apply_anywhere(action) {
            return;
        }
        let component = self.tab.def().component;
        if component.act(self, action) || self.apply_on_list(action) {
            return;
        }
        self.say_where(action);
    }

    /// Actions that mean the same on every tab.
    fn apply_anywhere(&mut self, action: Action) -> bool {
        match action {
            Action::Quit => self.quit = true,
            Action::Tab(i) => self.switch_tab(Tab::ALL.get(i).copied().unwrap_or(Tab::Settings)),
            Action::NextTab => self.switch_tab(step_tab(self.tab, 1)),
            Action::PrevTab => self.switch_tab(step_tab(self.tab, Tab::ALL.len() - 1)),
            Action::Help => self.popups.push(Popup::Help { scroll: 0, max: 0 }),
            Action::History => self.show_history(),
            Action::Undo => self.undo_last(),
            Action::Deleted => self.show_deleted(),
            Action::Disputes => self.show_disputes(),
            _ => return false,
        }
        true
    }

    /// What every list of records does, on the tab's list, its details and their parts.
    fn apply_on_list(&mut self, action: Action) -> bool {
        match action {
            Action::Up => self.move_selection(-1),
            Action::Down => self.move_selection(1),
            Action::PageUp => self.move_selection(-self.page()),
            Action::PageDown => self.move_selection(self.page()),
            Action::Top => self.move_selection(isize::MIN / 2),
            Action::Bottom => {
                self.count_list_exactly();
                self.move_selection(isize::MAX / 2)
            }
            Action::Open => {
                if self.tab_state().list.selected_row().is_some() {
                    let state = self.tab_state_mut();
                    state.detail_open = !state.detail_open;
                    state.part_cursor = 0;
                    state.detail_scroll = 0;
                }
            }
            Action::Back => {
                let state = self.tab_state_mut();
                if state.detail_open {
                    state.detail_open = false;
                } else if !state.filter.value().is_empty() {
                    state.filter.clear();
                    state.list.reset();
                }
            }
            // What the view lists (a tab's second list, 需求清单), else what the tab adds.
            Action::Add => match self.view_of(self.tab).record.or(self.tab.def().adds) {
                Some(kind) => {
                    let preset = self.preset_for(kind);
                    self.open_new_form(kind, preset);
                }
                None => self.status = Some(self.t("status.add_in_list").into()),
            },
            Action::Edit => {
                let part = self.selected_part().filter(|_| self.parts_open());
                if let Some((kind, id)) = part.or_else(|| self.selected_record()) {
                    self.open_edit_form(kind, &id);
                }
            }
            Action::Delete => self.ask_delete(),
            Action::View => self.switch_view(),
            Action::Filter => {
                // A new search: a filter kept from before is not appended to.
                if !self.tab_state().filter.value().is_empty() {
                    self.tab_state_mut().filter.clear();
                    self.tab_state_mut().list.reset();
                }
                self.tab_state_mut().filtering = true;
                self.tab_state_mut().detail_open = false;
            }
            _ => return false,
        }
        true
    }

    pub(super) fn switch_tab(&mut self, tab: Tab) {
        self.tab = tab;
        // Due dates and overdue tasks move with the day and with the other tabs' records.
        if matches!(tab, Tab::Visits | Tab::Tasks) {
            self.tab_state_mut().list.invalidate();
        }
    }

    /// `f`: the next view of the tab's list.
    fn switch_view(&mut self) {
        let views = self.tab.def().views.len();
        if views < 2 {
            return;
        }
        self.overview.village_cursor.selected = 0;
        let state = self.tab_state_mut();
        state.view = (state.view + 1) % views;
        state.detail_open = false;
        state.list.reset();
        self.overview.warnings.reset();
    }

    fn ask_delete(&mut self) {
        let target = self.target_record();
        if let Some((kind, id)) = target {
            self.ask_delete_reason(kind, id);
        }
    }

    /// The record that `e` and `d` act on in this tab, as its component says (the
    /// settings tab mixes kinds, the due view lists households edited on their own tab).
    pub fn selected_record(&self) -> Option<(RecordKind, String)> {
        self.tab.def().component.selected_record(self)
    }

    /// Resumes a form whose input was kept when the last session ended abruptly, on
    /// the tab it was opened from: a household's part over that household's details.
    pub fn resume_draft(&mut self, saved: SavedDraft) {
        self.show_draft_place(&saved);
        if saved.record_id.is_empty() {
            self.open_new_form(saved.kind, saved.values.clone());
        } else {
            self.open_edit_form(saved.kind, &saved.record_id);
        }
        if let Some(Popup::Form(open)) = self.popups.last_mut() {
            for f in open.form.fields.clone() {
                open.form.set_value(f.key, saved.values.get(f.key));
            }
            self.status = Some(self.t("status.draft_resumed").into());
        }
        self.sync();
    }
}

impl App {
    /// `r` on a member in a household's details: the full ID number, shown only once
    /// the showing is recorded in the ledger (who, when, whose).
    pub(super) fn reveal_id_number(&mut self) {
        let member = match self.selected_part() {
            Some((RecordKind::Member, id)) if self.detail.household().is_some() => self.store.get::<Member>(&id),
            _ => {
                self.status = Some(self.t("status.reveal_needs_member").into());
                return;
            }
        };
        let Ok(Some(m)) = member else { return };
        let Some(number) = m.id_number.clone() else {
            self.status = Some(self.t("status.no_id_number").into());
            return;
        };
        let household = self.record_name(RecordKind::Household, &m.household_id);
        let detail = self.labels.f("invalid.holder", &[("name", &m.name), ("household", &household)]);
        let recorded = format!("{detail} ({})", self.store.path().display());
        match self.store.record_disclosure("screen", &recorded) {
            Ok(()) => {
                let title = self.labels.f("reveal.title", &[("who", &detail)]);
                self.popups.push(Popup::Message { title, text: number });
            }
            Err(e) => self.status = Some(self.store_error_text(&e)),
        }
    }

    fn show_draft_place(&mut self, saved: &SavedDraft) {
        // A visit to a household is shown in its details, like the household's parts.
        let household = saved.values.get("household_id").to_string();
        if !household.is_empty() && saved.kind != RecordKind::Household && saved.kind.under().is_none() {
            self.show_record(RecordKind::Household, &household, None, true);
            return;
        }
        let owner = saved.kind.under().map(|(_, column)| saved.values.get(column).to_string());
        self.show_record(saved.kind, &saved.record_id, owner.as_deref(), false);
    }
}

fn step_tab(tab: Tab, by: usize) -> Tab {
    Tab::ALL.get((tab.index() + by) % Tab::ALL.len()).copied().unwrap_or(Tab::Overview)
}

impl App {
    /// The help scrolls with the arrows and pages (when it does not show whole); any
    /// other key closes it.
    fn help_key(&mut self, key: KeyEvent) {
        let Some(Popup::Help { scroll, max }) = self.popups.last_mut() else { return };
        let page = 10;
        *scroll = match key.code {
            KeyCode::Up | KeyCode::Char('k') => scroll.saturating_sub(1),
            KeyCode::Down | KeyCode::Char('j') => *scroll + 1,
            KeyCode::PageUp => scroll.saturating_sub(page),
            KeyCode::PageDown | KeyCode::Char(' ') => *scroll + page,
            KeyCode::Home => 0,
            KeyCode::End => *max,
            _ => {
                self.popups.pop();
                return;
            }
        }
        .min(*max);
        // Nothing to scroll: the arrows close it as any key does.
        if *max == 0 {
            self.popups.pop();
        }
    }
}
