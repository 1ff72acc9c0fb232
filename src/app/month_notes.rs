//! The month's words for the dispatch report, written in 概览 (`w`): first 存在问题,
//! then 下月打算, each one line, kept in the ledger for the month shown
//! (docs/reports.md) and printed in `bangfu report month`; then 填报单位, the unit
//! every report is filed by (one for all months), under each report's tables.

use super::{App, Popup};
use crate::domain::assessment::{INDICATORS, Indicator, Judged, parse_weight, weight_key};
use crate::report::notes_key;
use crate::widgets::text_field::TextField;

/// Which of the two texts is being written.
pub const PROBLEMS: &str = "problems";
pub const PLANS: &str = "plans";
pub const UNIT: &str = "unit";

/// An assessment weight (设置, `e` on a weight): which indicator.
pub const WEIGHT: &str = "weight";

pub struct MonthNote {
    pub which: &'static str,
    pub text: TextField,
    /// The indicator whose weight is written (`which` is `WEIGHT`).
    pub weight: Option<&'static Indicator>,
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
        self.popups.push(Popup::MonthNote(MonthNote { which, text: TextField::new(&kept), weight: None }));
    }

    /// `e` on a weight in 设置: the weight as the assessment uses it, to change.
    pub(super) fn write_weight(&mut self, indicator: &'static Indicator) {
        let now = self
            .store
            .assessment_weights()
            .ok()
            .and_then(|all| all.into_iter().find(|(i, _)| i.code == indicator.code).map(|(_, w)| w));
        let now = now.unwrap_or(indicator.default_weight).to_string();
        let text = TextField::new(&now);
        self.popups.push(Popup::MonthNote(MonthNote { which: WEIGHT, text, weight: Some(indicator) }));
    }

    /// Saves a weight typed: a whole number 0–100, and not the last one above 0.
    fn save_weight(&mut self, indicator: &'static Indicator, typed: &str) {
        let Some(weight) = parse_weight(typed) else {
            self.status = Some(self.t("notes.weight_bad").into());
            return;
        };
        let weights = self.store.assessment_weights().unwrap_or_default();
        let others = |unit: Judged| -> u32 {
            weights.iter().filter(|(i, _)| i.code != indicator.code && i.judges(unit)).map(|(_, w)| w).sum()
        };
        // Every kind of unit keeps something to be scored on.
        let units = [Judged::Places, Judged::Sides, Judged::Cadres];
        if weight == 0 && units.iter().any(|u| indicator.judges(*u) && others(*u) == 0) {
            self.status = Some(self.t("notes.weight_all_zero").into());
            return;
        }
        self.popups.pop();
        match self.store.write(|w| w.set_setting(&weight_key(indicator), &weight.to_string())) {
            Ok(()) => {
                self.remember_save();
                self.records_changed();
                let name = self.t(&format!("ind.{}", indicator.code)).to_string();
                self.status = Some(self.labels.f("notes.weight_saved", &[("name", &name), ("w", &weight.to_string())]));
            }
            Err(e) => self.status = Some(self.store_error_text(&e)),
        }
    }

    /// The weight the selected row of 设置 is, if it is one.
    pub(super) fn selected_weight(&self) -> Option<&'static Indicator> {
        let row = self.tab_state().list.selected_row()?;
        let code = row.id.strip_prefix(crate::domain::assessment::WEIGHT_PREFIX)?;
        INDICATORS.iter().find(|i| i.code == code)
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
            KeyCode::Enter if note.weight.is_some() => {
                let typed = note.text.value().to_string();
                if let Some(indicator) = note.weight {
                    self.save_weight(indicator, &typed);
                }
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
