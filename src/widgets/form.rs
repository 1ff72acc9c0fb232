//! A form: fields of text, yes/no, and choices that narrow as you type (pinyin
//! initials included). It edits a `Draft`; the record type validates it.

use super::text_field::TextField;
use crate::domain::Draft;
use crate::domain::search::{Query, SearchKey};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::rc::Rc;

/// One option of a choice field: a stored code and what the person sees.
#[derive(Debug, Clone)]
pub struct ChoiceOption {
    pub code: String,
    pub label: String,
    /// A second column that tells similar options apart (a household's village).
    pub detail: String,
    pub key: SearchKey,
}

impl ChoiceOption {
    pub fn new(code: &str, label: &str, detail: &str) -> Self {
        ChoiceOption {
            code: code.into(),
            label: label.into(),
            detail: detail.into(),
            key: SearchKey::new(&[label, detail], &[]),
        }
    }
}

#[derive(Debug, Clone)]
pub enum FieldKind {
    Text,
    /// Yes or no.
    Flag,
    /// Yes, no, or not yet confirmed.
    Tri,
    Choice(Rc<Vec<ChoiceOption>>),
    Multi {
        options: Rc<Vec<ChoiceOption>>,
        max: usize,
    },
    /// Free text with suggestions (people's names): typing narrows them, Enter takes
    /// one, and names not on the list are kept as typed. Several names are joined by 、.
    Suggest(Rc<Vec<ChoiceOption>>),
}

/// Separators between several names in a suggest field.
const NAME_SEPARATORS: [char; 4] = ['、', ',', '，', ' '];

/// The name being typed: the text after the last separator.
fn last_segment(text: &str) -> &str {
    text.rsplit(NAME_SEPARATORS).next().unwrap_or("")
}

#[derive(Debug, Clone)]
pub struct FormField {
    pub key: &'static str,
    pub label: String,
    pub kind: FieldKind,
    pub required: bool,
    /// The text of a text field.
    pub text: TextField,
    /// The value of any other field, as kept in a draft.
    pub value: String,
    pub error: Option<String>,
}

impl FormField {
    pub fn new(key: &'static str, label: &str, kind: FieldKind) -> Self {
        FormField {
            key,
            label: label.into(),
            kind,
            required: false,
            text: TextField::default(),
            value: String::new(),
            error: None,
        }
    }

    pub fn required(mut self) -> Self {
        self.required = true;
        self
    }

    pub fn draft_value(&self) -> String {
        match self.kind {
            FieldKind::Text | FieldKind::Suggest(_) => self.text.value().to_string(),
            _ => self.value.clone(),
        }
    }

    fn set_draft_value(&mut self, value: &str) {
        match self.kind {
            FieldKind::Text | FieldKind::Suggest(_) => self.text.set(value),
            _ => self.value = value.to_string(),
        }
    }

    pub fn options(&self) -> Option<&Rc<Vec<ChoiceOption>>> {
        match &self.kind {
            FieldKind::Choice(o) | FieldKind::Multi { options: o, .. } | FieldKind::Suggest(o) => Some(o),
            _ => None,
        }
    }

    /// Restricts a choice to some of its options (the steps allowed next).
    pub fn keep_options(&mut self, keep: impl Fn(&ChoiceOption) -> bool) {
        if let FieldKind::Choice(options) = &self.kind {
            self.kind = FieldKind::Choice(Rc::new(options.iter().filter(|o| keep(o)).cloned().collect()));
        }
    }

    pub fn selected_codes(&self) -> Vec<&str> {
        self.value.split(',').filter(|s| !s.is_empty()).collect()
    }
}

/// The open list of a choice field: what was typed, what matches, which is highlighted.
#[derive(Debug, Clone, Default)]
pub struct Picker {
    pub query: TextField,
    pub matches: Vec<usize>,
    pub highlighted: usize,
}

impl Picker {
    fn refresh(&mut self, options: &[ChoiceOption]) {
        let query = Query::parse(self.query.value());
        self.matches = (0..options.len()).filter(|&i| options[i].key.matches(&query)).collect();
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

    pub fn is_dirty(&self) -> bool {
        self.draft() != self.original
    }

    pub fn field(&self, key: &str) -> Option<&FormField> {
        self.fields.iter().find(|f| f.key == key)
    }

    pub fn value(&self, key: &str) -> String {
        self.field(key).map(FormField::draft_value).unwrap_or_default()
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

    pub fn focused(&self) -> &FormField {
        &self.fields[self.focus]
    }

    fn move_focus(&mut self, step: isize) {
        self.picker = None;
        let n = self.fields.len() as isize;
        self.focus = ((self.focus as isize + step).rem_euclid(n)) as usize;
    }

    pub fn handle_key(&mut self, key: KeyEvent) -> FormOutcome {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        if ctrl && key.code == KeyCode::Char('s') {
            self.picker = None;
            return FormOutcome::Save;
        }
        if matches!(self.fields[self.focus].kind, FieldKind::Suggest(_)) {
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
        let field_key = self.fields[self.focus].key;
        let changed = match self.fields[self.focus].kind.clone() {
            FieldKind::Text => {
                if key.code == KeyCode::Enter {
                    self.move_focus(1);
                    return FormOutcome::Nothing;
                }
                self.fields[self.focus].text.handle_key(key)
            }
            FieldKind::Flag => self.flag_key(key),
            FieldKind::Tri => self.tri_key(key),
            FieldKind::Choice(_) | FieldKind::Multi { .. } | FieldKind::Suggest(_) => {
                return self.closed_choice_key(key);
            }
        };
        if changed {
            self.fields[self.focus].error = None;
            FormOutcome::Changed(field_key)
        } else {
            FormOutcome::Nothing
        }
    }

    fn flag_key(&mut self, key: KeyEvent) -> bool {
        let f = &mut self.fields[self.focus];
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
        let f = &mut self.fields[self.focus];
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
        let field_key = self.fields[self.focus].key;
        match key.code {
            KeyCode::Enter | KeyCode::Char(' ') => self.open_picker(""),
            KeyCode::Char(c) if !key.modifiers.contains(KeyModifiers::CONTROL) => self.open_picker(&c.to_string()),
            KeyCode::Backspace | KeyCode::Delete if !self.fields[self.focus].value.is_empty() => {
                self.fields[self.focus].value.clear();
                return FormOutcome::Changed(field_key);
            }
            _ => {}
        }
        FormOutcome::Nothing
    }

    pub fn open_picker(&mut self, query: &str) {
        let Some(options) = self.fields[self.focus].options().cloned() else {
            return;
        };
        let mut picker = Picker::default();
        picker.query.paste(query);
        picker.refresh(&options);
        self.picker = Some(picker);
    }

    fn picker_key(&mut self, key: KeyEvent) -> FormOutcome {
        let Some(options) = self.fields[self.focus].options().cloned() else {
            self.picker = None;
            return FormOutcome::Nothing;
        };
        let multi = matches!(self.fields[self.focus].kind, FieldKind::Multi { .. });
        let Some(picker) = self.picker.as_mut() else {
            return FormOutcome::Nothing;
        };
        match key.code {
            KeyCode::Esc => self.picker = None,
            KeyCode::Up => picker.highlighted = picker.highlighted.saturating_sub(1),
            KeyCode::Down => picker.highlighted = (picker.highlighted + 1).min(picker.matches.len().saturating_sub(1)),
            KeyCode::PageUp => picker.highlighted = picker.highlighted.saturating_sub(8),
            KeyCode::PageDown => {
                picker.highlighted = (picker.highlighted + 8).min(picker.matches.len().saturating_sub(1))
            }
            KeyCode::Enter => return self.pick(multi, false),
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
                    picker.refresh(&options);
                }
            }
        }
        FormOutcome::Nothing
    }

    /// Takes the highlighted option: sets it (single) or toggles it (multiple).
    fn pick(&mut self, multi: bool, advance: bool) -> FormOutcome {
        let field_key = self.fields[self.focus].key;
        let Some(picker) = &self.picker else {
            return FormOutcome::Nothing;
        };
        let Some(&index) = picker.matches.get(picker.highlighted) else {
            self.picker = None;
            return FormOutcome::Nothing;
        };
        let field = &mut self.fields[self.focus];
        let Some(options) = field.options().cloned() else {
            return FormOutcome::Nothing;
        };
        let code = options[index].code.clone();
        field.error = None;
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
            if advance || self.focus + 1 < self.fields.len() {
                self.move_focus(1);
            }
        }
        FormOutcome::Changed(field_key)
    }

    /// Keys of a suggest field: text editing, with the suggestions following the name typed.
    fn suggest_key(&mut self, key: KeyEvent) -> FormOutcome {
        let field_key = self.fields[self.focus].key;
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
                if self.fields[self.focus].text.handle_key(key) {
                    self.fields[self.focus].error = None;
                    self.refresh_suggestions();
                    return FormOutcome::Changed(field_key);
                }
            }
        }
        FormOutcome::Nothing
    }

    fn refresh_suggestions(&mut self) {
        let text = self.fields[self.focus].text.value().to_string();
        let segment = last_segment(&text);
        if segment.is_empty() {
            self.picker = None;
        } else {
            self.open_picker(segment);
        }
    }

    /// Replaces the name being typed with the highlighted suggestion.
    fn take_suggestion(&mut self) -> FormOutcome {
        let field_key = self.fields[self.focus].key;
        let (Some(picker), Some(options)) = (&self.picker, self.fields[self.focus].options().cloned()) else {
            return FormOutcome::Nothing;
        };
        let Some(&index) = picker.matches.get(picker.highlighted) else { return FormOutcome::Nothing };
        let field = &mut self.fields[self.focus];
        let text = field.text.value().to_string();
        let kept = &text[..text.len() - last_segment(&text).len()];
        field.text.set(&format!("{kept}{}", options[index].label));
        field.error = None;
        self.picker = None;
        FormOutcome::Changed(field_key)
    }

    pub fn paste(&mut self, text: &str) {
        if let Some(picker) = self.picker.as_mut() {
            picker.query.paste(text);
            if let Some(options) = self.fields[self.focus].options().cloned() {
                picker.refresh(&options);
            }
            return;
        }
        let field = &mut self.fields[self.focus];
        match field.kind {
            FieldKind::Text | FieldKind::Suggest(_) => {
                field.text.paste(text);
                field.error = None;
            }
            FieldKind::Choice(_) | FieldKind::Multi { .. } => self.open_picker(text.trim()),
            _ => {}
        }
    }
}

#[cfg(test)]
#[path = "form_tests.rs"]
mod tests;
