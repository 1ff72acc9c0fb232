//! A form: fields of text, yes/no, and choices that narrow as you type (pinyin
//! initials included). It edits a `Draft`; the record type validates it.

use super::form_field::NAME_SEPARATORS;
pub use super::form_field::{ChoiceOption, FieldKind, FormField};
use super::text_field::TextField;
use crate::domain::Draft;
use crate::domain::search::Query;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::rc::Rc;

/// The name being typed: the text after the last separator.
fn last_segment(text: &str) -> &str {
    text.rsplit(NAME_SEPARATORS).next().unwrap_or("")
}

/// The open list of a choice field: what was typed, what matches, which is highlighted.
#[derive(Debug, Clone, Default)]
pub struct Picker {
    pub query: TextField,
    pub matches: Vec<usize>,
    pub highlighted: usize,
    /// A multiple choice's ticks were changed with Space while this list was open:
    /// Enter then only closes it.
    pub ticked: bool,
}

impl Picker {
    /// Narrows the options to what was typed; looked-up options come narrowed already.
    fn refresh(&mut self, options: &[ChoiceOption], lookup: bool) {
        let query = Query::parse(self.query.value());
        self.matches =
            options.iter().enumerate().filter(|(_, o)| lookup || o.key.matches(&query)).map(|(i, _)| i).collect();
        self.highlighted = 0;
    }
}

/// What a key did to the form, for the application to act on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FormOutcome {
    Nothing,
    Changed(&'static str),
    Save,
    Cancel,
    /// A multiple choice is full; the message names the limit.
    LimitReached(usize),
    /// A looked-up field's picker wants options for what is typed in it.
    Lookup(&'static str),
}

#[derive(Debug, Clone)]
pub struct Form {
    pub title: String,
    pub fields: Vec<FormField>,
    pub focus: usize,
    pub picker: Option<Picker>,
    /// Values the record carries that are not edited here (a member's household).
    hidden: Draft,
    original: Draft,
}

impl Form {
    pub fn new(title: String, fields: Vec<FormField>, draft: &Draft) -> Form {
        let mut hidden = Draft::default();
        for (key, value) in draft.entries() {
            if !fields.iter().any(|f| f.key == key) {
                hidden.set(key, value.clone());
            }
        }
        let mut fields = fields;
        if fields.is_empty() {
            fields.push(FormField::new("", "", FieldKind::Text));
        }
        let mut form = Form { title, fields, focus: 0, picker: None, hidden, original: Draft::default() };
        for f in &mut form.fields {
            f.set_draft_value(draft.get(f.key));
        }
        form.original = form.draft();
        form
    }

    pub fn draft(&self) -> Draft {
        let mut d = self.hidden.clone();
        for f in &self.fields {
            d.set(f.key, f.draft_value());
        }
        d
    }

    /// The values the form opened with.
    pub fn original(&self) -> &Draft {
        &self.original
    }

    /// Takes the values as they are now as the ones it opened with (a draft restored
    /// into a form was typed, not loaded).
    pub fn rebase(&mut self, original: Draft) {
        self.original = original;
    }

    pub fn is_dirty(&self) -> bool {
        self.draft() != self.original
    }

    pub fn field(&self, key: &str) -> Option<&FormField> {
        self.fields.iter().find(|f| f.key == key)
    }

    /// A field's value as a draft keeps it; a hidden one's (the household a member
    /// belongs to) as the form was opened with it.
    pub fn value(&self, key: &str) -> String {
        self.field(key).map_or_else(|| self.hidden.get(key).to_string(), FormField::draft_value)
    }

    pub fn set_value(&mut self, key: &str, value: &str) {
        match self.fields.iter_mut().find(|f| f.key == key) {
            Some(f) => f.set_draft_value(value),
            None => self.hidden.set(key, value),
        }
    }

    pub fn focus_key(&mut self, key: &str) {
        if let Some(i) = self.fields.iter().position(|f| f.key == key) {
            self.focus = i;
        }
    }

    /// Shows validation messages by field; focuses the first invalid field.
    pub fn set_errors(&mut self, errors: &[(&'static str, String)]) {
        for f in &mut self.fields {
            f.error = errors.iter().find(|(k, _)| *k == f.key).map(|(_, m)| m.clone());
        }
        if let Some(i) = self.fields.iter().position(|f| f.error.is_some()) {
            self.focus = i;
        }
    }

    pub fn error_count(&self) -> usize {
        self.fields.iter().filter(|f| f.error.is_some()).count()
    }

    /// The field with the cursor. A form always has a field (`new` gives an empty
    /// one a placeholder) and `focus` stays below their count.
    #[allow(clippy::indexing_slicing)]
    pub fn focused(&self) -> &FormField {
        &self.fields[self.focus.min(self.fields.len().saturating_sub(1))]
    }

    fn focused_mut(&mut self) -> Option<&mut FormField> {
        self.fields.get_mut(self.focus)
    }

    fn move_focus(&mut self, step: isize) {
        self.picker = None;
        let n = self.fields.len().max(1) as isize;
        self.focus = ((self.focus as isize + step).rem_euclid(n)) as usize;
    }

    /// The options a looked-up field found for what is typed in its picker.
    pub fn set_options(&mut self, key: &str, options: Vec<ChoiceOption>) {
        let Some(i) = self.fields.iter().position(|f| f.key == key) else { return };
        let options = Rc::new(options);
        let Some(field) = self.fields.get_mut(i) else { return };
        field.kind = match &field.kind {
            FieldKind::Multi { max, .. } => FieldKind::Multi { options: options.clone(), max: *max },
            _ => FieldKind::Choice(options.clone()),
        };
        if i == self.focus
            && let Some(picker) = self.picker.as_mut()
        {
            picker.refresh(&options, true);
        }
    }

    /// What is typed in the open picker.
    pub fn picker_query(&self) -> String {
        self.picker.as_ref().map(|p| p.query.value().to_string()).unwrap_or_default()
    }

    pub fn handle_key(&mut self, key: KeyEvent) -> FormOutcome {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        if ctrl && key.code == KeyCode::Char('s') {
            self.picker = None;
            return FormOutcome::Save;
        }
        if matches!(self.focused().kind, FieldKind::Suggest(_)) {
            return self.suggest_key(key);
        }
        if self.picker.is_some() {
            return self.picker_key(key);
        }
        match key.code {
            KeyCode::Esc => return FormOutcome::Cancel,
            KeyCode::Tab | KeyCode::Down => {
                self.move_focus(1);
                return FormOutcome::Nothing;
            }
            KeyCode::BackTab | KeyCode::Up => {
                self.move_focus(-1);
                return FormOutcome::Nothing;
            }
            _ => {}
        }
        let field_key = self.focused().key;
        let changed = match self.focused().kind {
            FieldKind::Text if key.code == KeyCode::Enter => {
                self.move_focus(1);
                return FormOutcome::Nothing;
            }
            FieldKind::Text => self.focused_mut().is_some_and(|f| f.text.handle_key(key)),
            FieldKind::Flag => self.flag_key(key),
            FieldKind::Tri => self.tri_key(key),
            FieldKind::Choice(_) | FieldKind::Multi { .. } | FieldKind::Suggest(_) => {
                return self.closed_choice_key(key);
            }
        };
        if changed {
            if let Some(f) = self.focused_mut() {
                f.error = None;
            }
            FormOutcome::Changed(field_key)
        } else {
            FormOutcome::Nothing
        }
    }

    fn flag_key(&mut self, key: KeyEvent) -> bool {
        let Some(f) = self.focused_mut() else { return false };
        let new = match key.code {
            KeyCode::Char(' ') | KeyCode::Enter => {
                if f.value == "1" {
                    "0"
                } else {
                    "1"
                }
            }
            KeyCode::Char('y' | 'Y' | '1') => "1",
            KeyCode::Char('n' | 'N' | '0') => "0",
            _ => return false,
        };
        let changed = f.value != new;
        f.value = new.into();
        changed
    }

    fn tri_key(&mut self, key: KeyEvent) -> bool {
        let Some(f) = self.focused_mut() else { return false };
        let new = match key.code {
            KeyCode::Char(' ') | KeyCode::Enter => match f.value.as_str() {
                "" => "1",
                "1" => "0",
                _ => "",
            },
            KeyCode::Char('y' | 'Y' | '1') => "1",
            KeyCode::Char('n' | 'N' | '0') => "0",
            KeyCode::Backspace | KeyCode::Delete => "",
            _ => return false,
        };
        let changed = f.value != new;
        f.value = new.into();
        changed
    }

    fn closed_choice_key(&mut self, key: KeyEvent) -> FormOutcome {
        let field_key = self.focused().key;
        match key.code {
            KeyCode::Enter | KeyCode::Char(' ') => return self.open_picker(""),
            KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => {
                return self.open_picker(&c.to_string());
            }
            KeyCode::Backspace | KeyCode::Delete if !self.focused().value.is_empty() => {
                if let Some(f) = self.focused_mut() {
                    f.value.clear();
                }
                return FormOutcome::Changed(field_key);
            }
            _ => {}
        }
        FormOutcome::Nothing
    }

    pub fn open_picker(&mut self, query: &str) -> FormOutcome {
        let field = self.focused();
        let Some(options) = field.options().cloned() else {
            return FormOutcome::Nothing;
        };
        let (lookup, key) = (field.lookup, field.key);
        let mut picker = Picker::default();
        picker.query.paste(query);
        picker.refresh(&options, lookup);
        self.picker = Some(picker);
        if lookup { FormOutcome::Lookup(key) } else { FormOutcome::Nothing }
    }

    fn picker_key(&mut self, key: KeyEvent) -> FormOutcome {
        let Some(options) = self.focused().options().cloned() else {
            self.picker = None;
            return FormOutcome::Nothing;
        };
        let multi = matches!(self.focused().kind, FieldKind::Multi { .. });
        let lookup = self.focused().lookup;
        let Some(picker) = self.picker.as_mut() else {
            return FormOutcome::Nothing;
        };
        let last = picker.matches.len().saturating_sub(1);
        match key.code {
            KeyCode::Esc => self.picker = None,
            KeyCode::Up => picker.highlighted = picker.highlighted.saturating_sub(1),
            KeyCode::Down => picker.highlighted = (picker.highlighted + 1).min(last),
            KeyCode::PageUp => picker.highlighted = picker.highlighted.saturating_sub(8),
            KeyCode::PageDown => picker.highlighted = (picker.highlighted + 8).min(last),
            // A multiple choice: Space ticks and keeps the list open; Enter closes it
            // as a single choice does (ticking the highlighted one when no Space was
            // used), so the next field's typing never lands in this list's filter.
            KeyCode::Char(' ') if multi => {
                picker.ticked = true;
                return self.pick(true, false);
            }
            KeyCode::Enter if multi => return self.close_multi(),
            KeyCode::Enter => return self.pick(false, false),
            KeyCode::Tab => {
                if multi {
                    self.move_focus(1);
                    return FormOutcome::Nothing;
                }
                return self.pick(false, true);
            }
            KeyCode::BackTab => self.move_focus(-1),
            _ => {
                if picker.query.handle_key(key) {
                    // A new search: Enter picks from what it finds.
                    picker.ticked = false;
                    picker.refresh(&options, lookup);
                    if lookup {
                        return FormOutcome::Lookup(self.focused().key);
                    }
                }
            }
        }
        FormOutcome::Nothing
    }

    /// Enter in a multiple choice's list: ticks the highlighted option unless Space
    /// ticked already (or it is ticked), then closes the list and goes on.
    fn close_multi(&mut self) -> FormOutcome {
        let ticked = self.picker.as_ref().is_some_and(|p| p.ticked);
        let highlighted = self.picker.as_ref().and_then(|p| p.matches.get(p.highlighted).copied());
        let code = highlighted.and_then(|i| self.focused().options().and_then(|o| o.get(i)).map(|o| o.code.clone()));
        let outcome = match code {
            Some(code) if !ticked && !self.focused().selected_codes().contains(&code.as_str()) => {
                self.pick(true, false)
            }
            _ => FormOutcome::Nothing,
        };
        if matches!(outcome, FormOutcome::LimitReached(_)) {
            return outcome;
        }
        self.picker = None;
        if self.focus + 1 < self.fields.len() {
            self.move_focus(1);
        }
        outcome
    }

    /// Takes the highlighted option: sets it (single) or toggles it (multiple).
    fn pick(&mut self, multi: bool, advance: bool) -> FormOutcome {
        let field_key = self.focused().key;
        let Some(index) = self.picker.as_ref().and_then(|p| p.matches.get(p.highlighted).copied()) else {
            self.picker = None;
            return FormOutcome::Nothing;
        };
        let Some(option) = self.focused().options().and_then(|o| o.get(index).cloned()) else {
            return FormOutcome::Nothing;
        };
        let at_end = self.focus + 1 >= self.fields.len();
        let Some(field) = self.focused_mut() else { return FormOutcome::Nothing };
        field.error = None;
        if field.lookup && !field.known.iter().any(|k| k.code == option.code) {
            field.known.push(option.clone());
        }
        let code = option.code;
        if multi {
            let max = match field.kind {
                FieldKind::Multi { max, .. } => max,
                _ => usize::MAX,
            };
            let mut codes: Vec<String> = field.selected_codes().into_iter().map(str::to_string).collect();
            if let Some(pos) = codes.iter().position(|c| *c == code) {
                codes.remove(pos);
            } else if codes.len() >= max {
                return FormOutcome::LimitReached(max);
            } else {
                codes.push(code);
            }
            field.value = codes.join(",");
        } else {
            field.value = code;
            self.picker = None;
            if advance || !at_end {
                self.move_focus(1);
            }
        }
        FormOutcome::Changed(field_key)
    }

    /// Keys of a suggest field: text editing, with the suggestions following the name typed.
    fn suggest_key(&mut self, key: KeyEvent) -> FormOutcome {
        let field_key = self.focused().key;
        let open = self.picker.is_some();
        match key.code {
            KeyCode::Esc if open => self.picker = None,
            KeyCode::Esc => return FormOutcome::Cancel,
            KeyCode::Up | KeyCode::Down if open => {
                self.picker_key(key);
            }
            KeyCode::Enter if open => return self.take_suggestion(),
            KeyCode::Tab | KeyCode::Down | KeyCode::Enter => self.move_focus(1),
            KeyCode::BackTab | KeyCode::Up => self.move_focus(-1),
            _ => {
                if self.focused_mut().is_some_and(|f| f.text.handle_key(key)) {
                    if let Some(f) = self.focused_mut() {
                        f.error = None;
                    }
                    self.refresh_suggestions();
                    return FormOutcome::Changed(field_key);
                }
            }
        }
        FormOutcome::Nothing
    }

    fn refresh_suggestions(&mut self) {
        let text = self.focused().text.value().to_string();
        let segment = last_segment(&text);
        if segment.is_empty() {
            self.picker = None;
        } else {
            self.open_picker(segment);
        }
    }

    /// Replaces the name being typed with the highlighted suggestion.
    fn take_suggestion(&mut self) -> FormOutcome {
        let field_key = self.focused().key;
        let Some(index) = self.picker.as_ref().and_then(|p| p.matches.get(p.highlighted).copied()) else {
            return FormOutcome::Nothing;
        };
        let Some(label) = self.focused().options().and_then(|o| o.get(index)).map(|o| o.label.clone()) else {
            return FormOutcome::Nothing;
        };
        let Some(field) = self.focused_mut() else { return FormOutcome::Nothing };
        let text = field.text.value().to_string();
        let kept: String = text.strip_suffix(last_segment(&text)).unwrap_or(&text).to_string();
        field.text.set(&format!("{kept}{label}"));
        field.error = None;
        self.picker = None;
        FormOutcome::Changed(field_key)
    }

    pub fn paste(&mut self, text: &str) -> FormOutcome {
        let options = self.focused().options().cloned();
        let lookup = self.focused().lookup;
        if let Some(picker) = self.picker.as_mut() {
            picker.query.paste(text);
            if let Some(options) = options {
                picker.refresh(&options, lookup);
            }
            return if lookup { FormOutcome::Lookup(self.focused().key) } else { FormOutcome::Nothing };
        }
        let Some(field) = self.focused_mut() else { return FormOutcome::Nothing };
        match field.kind {
            FieldKind::Text | FieldKind::Suggest(_) => {
                field.text.paste(text);
                field.error = None;
                FormOutcome::Changed(field.key)
            }
            FieldKind::Choice(_) | FieldKind::Multi { .. } => self.open_picker(text.trim()),
            _ => FormOutcome::Nothing,
        }
    }
}

#[cfg(test)]
#[path = "form_tests.rs"]
mod tests;
