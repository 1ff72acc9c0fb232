//! The month's words for the dispatch report, written in 概览 (`w`): first 存在问题,
//! then 下月打算, each one line, kept in the ledger for the month shown
//! (docs/reports.md) and printed in `bangfu report month`; then 填报单位, the unit
//! every report is filed by (one for all months), under each report's tables.

use super::{App, Popup};
use crate::report::notes_key;
use crate::widgets::text_field::TextField;

/// Which of the two texts is being written.
pub const PROBLEMS: &str = "problems";
pub const PLANS: &str = "plans";
pub const UNIT: &str = "unit";

pub struct MonthNote {
    pub which: &'static str,
    pub text: TextField,
}

impl App {
    /// `w` on 概览: the month's 存在问题, as kept, to write or change.
    pub(super) fn write_month_notes(&mut self) {
        self.open_month_note(PROBLEMS);
    }

    fn open_month_note(&mut self, which: &'static str) {
        let kept = self.store.setting(&self.note_setting(which)).ok().flatten().unwrap_or_default();
        // 填报单位 not yet written: what the reports would sign with (the county), to keep
        // with Enter or correct.
        let kept = match (which, kept.is_empty()) {
            (UNIT, true) => {
                crate::report::signature(&self.store, self.labels, self.today).map(|s| s.unit).unwrap_or_default()
            }
            _ => kept,
        };
        self.popups.push(Popup::MonthNote(MonthNote { which, text: TextField::new(&kept) }));
    }

    /// The setting a text is kept in: the month's two texts, or the unit for all months.
    fn note_setting(&self, which: &str) -> String {
        if which == UNIT { crate::report::UNIT_SETTING.to_string() } else { notes_key(self.month, which) }
    }

    /// The month's text as kept (the overview keeps a copy with its figures).
    pub(super) fn month_note(&self, which: &str) -> String {
        self.store.setting(&notes_key(self.month, which)).ok().flatten().unwrap_or_default()
    }

    pub(super) fn month_note_key(&mut self, key: crossterm::event::KeyEvent) {
        use crossterm::event::KeyCode;
        let Some(Popup::MonthNote(note)) = self.popups.last_mut() else { return };
        match key.code {
            KeyCode::Esc => {
                self.popups.pop();
            }
            KeyCode::Enter => {
                let which = note.which;
                let text = crate::domain::field::reason_text(note.text.value());
                self.popups.pop();
                let key = self.note_setting(which);
                match self.store.write(|w| w.set_setting(&key, &text)) {
                    Ok(()) => {
                        self.remember_save();
                        self.records_changed();
                        if which == PROBLEMS {
                            self.open_month_note(PLANS);
                        } else if which == PLANS {
                            self.open_month_note(UNIT);
                        } else {
                            self.status = Some(self.labels.f("notes.saved", &[("month", &self.month.to_string())]));
                        }
                    }
                    Err(e) => self.status = Some(self.store_error_text(&e)),
                }
            }
            _ => {
                note.text.handle_key(key);
            }
        }
    }

    pub(super) fn month_note_paste(&mut self, text: &str) {
        if let Some(Popup::MonthNote(note)) = self.popups.last_mut() {
            note.text.paste(text);
        }
    }
}
