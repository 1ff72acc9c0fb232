//! Task actions (progress notes, 销号) and the overview's month and warning list.

use super::OVERVIEW_VILLAGES;
use super::{App, Popup, RecordKind};
use crate::domain::Draft;
use crate::domain::dates::format_date;
use crate::domain::task::{STATUS_CLOSED, Task};

impl App {
    /// `n`: a dated progress note on the selected task.
    pub(super) fn add_task_note(&mut self, selected: Option<(RecordKind, String)>) {
        let task = selected.and_then(|(_, id)| self.store.get::<Task>(&id).ok().flatten());
        match task {
            Some(t) => {
                let preset =
                    Draft::default().with("task_id", &t.id).with("date", format_date(self.today)).with("by", &t.owner);
                self.open_new_form(RecordKind::TaskNote, preset);
                if let Some(Popup::Form(open)) = self.popups.last_mut() {
                    open.form.focus_key("text");
                }
            }
            None => self.status = Some(self.t("status.needs_task").into()),
        }
    }

    /// `x`: close the selected task or need out (销号): dated today, by its owner,
    /// waiting for the evidence.
    pub(super) fn close_out(&mut self, selected: Option<(RecordKind, String)>) {
        let Some((kind, id)) = selected else {
            self.status = Some(self.t("status.needs_task").into());
            return;
        };
        self.open_edit_form(kind, &id);
        if let Some(Popup::Form(open)) = self.popups.last_mut() {
            let owner = open.form.value("owner").to_string();
            open.form.set_value("status", STATUS_CLOSED);
            if open.form.value("closed_on").is_empty() {
                open.form.set_value("closed_on", &format_date(self.today));
            }
            if open.form.value("closed_by").is_empty() {
                open.form.set_value("closed_by", &owner);
            }
            open.form.focus_key("evidence");
        }
    }

    /// `[` and `]` on the overview: the month reported on.
    pub(super) fn shift_month(&mut self, delta: i32) {
        if let Some(m) = self.month.plus(delta) {
            self.month = m;
        }
    }

    /// Enter on a warning in the overview: open the household it concerns.
    pub(super) fn open_warning(&mut self) {
        let village = match self.tab_state().view {
            OVERVIEW_VILLAGES => {
                self.overview.figures.villages.get(self.overview.village_cursor.selected).map(|f| f.village_id.clone())
            }
            super::OVERVIEW_RANKING => {
                self.ranking_rows().get(self.overview.ranking_cursor.selected).map(|v| v.village_id.clone())
            }
            _ => None,
        };
        if self.tab_state().view != 0 {
            if let Some(v) = village {
                self.show_record(RecordKind::Village, &v, None, false);
            }
            return;
        }
        let Some(w) = self.overview.warnings.selected_row().map(|r| r.warning()) else { return };
        match w.household_id {
            Some(household) => self.show_record(RecordKind::Household, &household, None, true),
            // A project, task, need or person: its tab, on it, its details open.
            None => {
                if let Some(kind) = RecordKind::of_table(&w.table) {
                    self.show_record(kind, &w.record_id, None, true);
                }
            }
        }
    }
}
