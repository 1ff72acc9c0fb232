//! What can be wrong with a value a person typed, independent of language.
//! The label catalog turns each variant into a sentence.

use thiserror::Error;

#[derive(Debug, Clone, PartialEq, Eq, Error, serde::Serialize, serde::Deserialize)]
pub enum Invalid {
    #[error("required")]
    Required,
    #[error("id number must have 18 characters")]
    IdLength,
    #[error("id number has a character that is not a digit")]
    IdDigits,
    #[error("id number holds no real birth date")]
    IdBirthDate,
    #[error("id number check character should be {expected}")]
    IdChecksum { expected: char },
    #[error("disability certificate must have 20 or 22 characters")]
    CertLength,
    #[error("disability certificate category or grade is out of range")]
    CertCategory,
    #[error("not a phone number")]
    Phone,
    #[error("not an amount of money")]
    Money,
    #[error("not a date")]
    Date,
    /// A month typed where a day is needed (任职开始 2026-03).
    #[error("a month where a day is needed")]
    MonthForDate,
    #[error("not a month")]
    Month,
    #[error("not a whole number")]
    Number,
    #[error("not a 12-digit division code")]
    DivisionCode,
    #[error("no such township in the division codes")]
    UnknownTownship,
    #[error("at most {max} entries")]
    TooMany { max: usize },
    #[error("at most {max} characters")]
    TooLong { max: usize },
    #[error("not one of the choices")]
    NotAChoice,
    #[error("disagrees with the id number")]
    DisagreesWithId,
    /// Dated before another field of the record it must follow (its label key).
    #[error("earlier than {other}")]
    Before { other: String },
    #[error("percent must be between 0 and 100")]
    Percent,
    #[error("needs a household or a village")]
    NeedsSubject,
    #[error("holds a control character")]
    ControlCharacter,
    #[error("not a year between 2000 and 2100")]
    Year,
    #[error("must be between {min} and {max}")]
    Range { min: i64, max: i64 },
    #[error("already recorded for {holder}")]
    Duplicate { holder: String },
    #[error("not an id bangfu writes")]
    MalformedId,
    /// A field the record does not have (a forged op).
    #[error("no such field")]
    UnknownField,
    /// Money above the most any ledger holds (`money::MAX_FEN`).
    #[error("above the limit")]
    AboveLimit,
    /// A real month with a day it does not have (2026-02-30).
    #[error("month {month} has no day {day}")]
    NoSuchDay { month: u32, day: u32 },
    /// An amount typed with a minus sign: amounts are never negative.
    #[error("cannot be negative")]
    Negative,
    /// A 15-digit ID number issued before 1999, with its 18-character form.
    #[error("an old 15-digit number; today it is {new}")]
    IdOld15 { new: String },
    /// An amount that must be more than nothing (money arriving).
    #[error("must be more than 0")]
    NotPositive,
    #[error("not for this kind (use {other})")]
    OtherField { other: String },
    /// A project's payments above the funds that arrived.
    #[error("more than the {arrived} yuan that arrived")]
    AboveArrived { arrived: String },
    /// Something recorded as done (a visit, a step, an income) cannot be later than today.
    #[error("later than today ({today})")]
    Future { today: String },
    #[error("points at a record that does not exist")]
    MissingRecord,
    /// A local landline typed without its area code.
    #[error("a landline needs its area code")]
    PhoneNeedsArea,
    /// A person's name holding digits, symbols or emoji.
    #[error("a name is made of letters")]
    NameLetters,
    /// The first two digits of an ID number are no province's.
    #[error("the first two digits are no province's code")]
    IdRegion,
    /// Days in the village and on leave add up to more than the month has.
    #[error("more days than the month has ({days})")]
    MonthDays { days: i64 },
}

/// One invalid field of a form: which field (its stable key) and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: &'static str,
    pub problem: Invalid,
}

impl FieldError {
    pub fn new(field: &'static str, problem: Invalid) -> Self {
        FieldError { field, problem }
    }
}

/// Collects field errors while a draft is checked, so that every invalid field is
/// reported at once instead of one per save attempt.
#[derive(Debug, Default)]
pub struct Checker {
    pub errors: Vec<FieldError>,
}

impl Checker {
    pub fn check<T>(&mut self, field: &'static str, result: Result<T, Invalid>) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(problem) => {
                self.errors.push(FieldError::new(field, problem));
                None
            }
        }
    }

    pub fn fail(&mut self, field: &'static str, problem: Invalid) {
        self.errors.push(FieldError::new(field, problem));
    }

    /// Whether a field was already found wrong (checks that build on it are skipped).
    pub fn has_error(&self, field: &str) -> bool {
        self.errors.iter().any(|e| e.field == field)
    }

    pub fn required(&mut self, field: &'static str, text: &str) -> Option<String> {
        let t = text.trim();
        if t.is_empty() {
            self.fail(field, Invalid::Required);
            None
        } else {
            Some(t.to_string())
        }
    }

    /// A date that must be given: missing and malformed are both reported.
    pub fn required_date(&mut self, field: &'static str, text: &str) -> Option<chrono::NaiveDate> {
        match super::dates::parse_optional_date(text) {
            Ok(Some(date)) => Some(date),
            Ok(None) => {
                self.fail(field, Invalid::Required);
                None
            }
            Err(e) => {
                self.fail(field, e);
                None
            }
        }
    }

    pub fn finish<T>(self, value: impl FnOnce() -> T) -> Result<T, Vec<FieldError>> {
        if self.errors.is_empty() { Ok(value()) } else { Err(self.errors) }
    }
}

/// Trims, and turns an empty text into `None`.
pub fn optional(text: &str) -> Option<&str> {
    let t = text.trim();
    if t.is_empty() { None } else { Some(t) }
}

/// Parses an optional whole number (counts of people, households, percent).
pub fn parse_count(text: &str) -> Result<Option<i64>, Invalid> {
    match optional(text) {
        None => Ok(None),
        Some(t) => t.replace(',', "").parse::<i64>().ok().filter(|n| *n >= 0).map(Some).ok_or(Invalid::Number),
    }
}
