//! A form's field: what kind it is, what it holds, its options and its marks (the
//! required star, the error, the counter near a limit, money's unit).

use super::text_field::TextField;
use crate::domain::search::SearchKey;
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
pub(super) const NAME_SEPARATORS: [char; 4] = ['、', ',', '，', ' '];

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
    /// The options come from the ledger as the person types (the application looks
    /// them up), not from a fixed list.
    pub lookup: bool,
    /// Labels of the values held, for a looked-up field whose options change.
    pub known: Vec<ChoiceOption>,
    /// The most characters a text field takes: a counter shows near it.
    pub max_chars: Option<usize>,
    /// An amount of money: its unit shows beside it, and what it comes to in 万元.
    pub money: bool,
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
            lookup: false,
            known: Vec::new(),
            max_chars: None,
            money: false,
        }
    }

    /// An amount of money, typed in 元, 万 or 亿.
    pub fn money(mut self) -> Self {
        self.money = true;
        self
    }

    /// A text field of at most `max` characters.
    pub fn limited(mut self, max: usize) -> Self {
        self.max_chars = Some(max);
        self
    }

    /// "185/200" once a text field holds four fifths of what it takes, with whether
    /// it holds too much: said while typing, not first at save.
    pub fn counter(&self) -> Option<(String, bool)> {
        let max = self.max_chars?;
        let n = self.text.value().chars().count();
        (n * 5 >= max * 4).then(|| (format!("{n}/{max}"), n > max))
    }

    /// Options looked up in the ledger; `known` labels the values it starts with.
    pub fn looked_up(mut self, known: Vec<ChoiceOption>) -> Self {
        self.lookup = true;
        self.known = known;
        self
    }

    /// The label of a code this field holds or offers.
    pub fn label_of(&self, code: &str) -> Option<&str> {
        self.options()
            .and_then(|o| o.iter().find(|o| o.code == code))
            .or_else(|| self.known.iter().find(|o| o.code == code))
            .map(|o| o.label.as_str())
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

    pub(super) fn set_draft_value(&mut self, value: &str) {
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
