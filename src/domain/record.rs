//! Records: each type is declared once with the `record!` macro — its table, label
//! prefix and fields — and gets from that declaration its struct, its stored values,
//! its draft (the text a form edits) and the checks of every field. What involves
//! several fields (an ID number that fixes sex and birth date) is the record's
//! `Validate` impl. No SQL here: the store turns values into rows.

use super::dates::{YearMonth, format_date, parse_date, parse_month, stored_date, stored_month};
use super::draft::Draft;
use super::field::{FieldDef, Kind, NAME_MAX, PEOPLE_MAX, RecordDef, clean_name, clean_text};
use super::invalid::{Checker, FieldError, Invalid};
use super::money::{format_plain, parse_fen};
use super::phone::parse_phone;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// One stored value, as SQLite keeps it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(untagged)]
pub enum FieldValue {
    #[default]
    Null,
    Int(i64),
    Text(String),
}

impl FieldValue {
    pub fn text(s: &str) -> Self {
        FieldValue::Text(s.to_string())
    }
    pub fn opt_text(s: Option<&str>) -> Self {
        s.map_or(FieldValue::Null, FieldValue::text)
    }
    pub fn as_text(&self) -> Option<&str> {
        match self {
            FieldValue::Text(s) => Some(s),
            _ => None,
        }
    }
    /// The value as text, whatever its type (a number typed into a text column by hand).
    pub fn to_text(&self) -> String {
        match self {
            FieldValue::Null => String::new(),
            FieldValue::Int(n) => n.to_string(),
            FieldValue::Text(s) => s.clone(),
        }
    }
    pub fn as_int(&self) -> Option<i64> {
        match self {
            FieldValue::Int(n) => Some(*n),
            FieldValue::Text(s) => s.trim().parse().ok(),
            FieldValue::Null => None,
        }
    }
    pub fn is_null(&self) -> bool {
        matches!(self, FieldValue::Null)
    }
    /// The value as JSON text, as the operation log keeps it.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| "null".into())
    }
    /// A value from the operation log's JSON (anything unreadable is no value).
    pub fn from_json(text: &str) -> Self {
        serde_json::from_str(text).unwrap_or_default()
    }
}

/// Values of one row by column name: what a list query returns (the record's columns
/// and what the query adds, such as the village's name).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fields {
    names: std::rc::Rc<[String]>,
    values: Vec<FieldValue>,
}

impl Fields {
    pub fn new(names: std::rc::Rc<[String]>, values: Vec<FieldValue>) -> Self {
        Fields { names, values }
    }
    pub fn get(&self, name: &str) -> &FieldValue {
        const NULL: FieldValue = FieldValue::Null;
        self.names.iter().position(|n| n == name).and_then(|i| self.values.get(i)).unwrap_or(&NULL)
    }
    pub fn text(&self, name: &str) -> String {
        self.get(name).to_text()
    }
    pub fn int(&self, name: &str) -> i64 {
        self.get(name).as_int().unwrap_or(0)
    }
    pub fn opt_int(&self, name: &str) -> Option<i64> {
        self.get(name).as_int()
    }
    /// The values of the named columns, in order (a field's columns, for display).
    pub fn values_of(&self, columns: &[String]) -> Vec<FieldValue> {
        columns.iter().map(|c| self.get(c).clone()).collect()
    }
    pub fn names(&self) -> &[String] {
        &self.names
    }
    pub fn values(&self) -> &[FieldValue] {
        &self.values
    }
}

pub fn split_codes(text: &str) -> Vec<String> {
    text.split(',').map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect()
}

/// What a task concerns: a village, a household or a project.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Subject {
    pub kind: String,
    pub id: String,
}

impl Subject {
    pub fn new(kind: &str, id: &str) -> Self {
        Subject { kind: kind.into(), id: id.into() }
    }
}

/// A record type the store can keep. Implemented by `record!`.
pub trait Record: Sized + Clone + Default {
    const DEF: &'static RecordDef;
    fn id(&self) -> &str;
    fn set_id(&mut self, id: String);
    /// The stored values, in the order of `DEF.column_names()`.
    fn write_values(&self, out: &mut Vec<FieldValue>);
    /// A record from its stored values (and the comma-joined ids of its link fields).
    fn read_values(id: String, values: &[FieldValue]) -> Self;
    fn to_draft(&self) -> Draft;
    /// Checks every field of a draft and reports all that are wrong at once.
    fn from_draft(id: &str, draft: &Draft) -> Result<Self, Vec<FieldError>>;

    fn values(&self) -> Vec<FieldValue> {
        let mut out = Vec::new();
        self.write_values(&mut out);
        out
    }
}

/// The keys of the fields whose values differ between two records of one type,
/// compared as a form shows them.
pub fn differing_fields<T: Record>(a: &T, b: &T) -> Vec<&'static str> {
    let (a, b) = (a.to_draft(), b.to_draft());
    T::DEF.fields.iter().filter(|f| a.get(f.key) != b.get(f.key)).map(|f| f.key).collect()
}

/// Checks that involve several fields of one record; they run after every field parsed.
pub trait Validate {
    fn validate(&mut self, _draft: &Draft, _c: &mut Checker) {}
}

/// How a Rust type keeps a field of a given kind.
pub trait FieldType: Sized + Default {
    fn write(&self, def: &FieldDef, out: &mut Vec<FieldValue>);
    fn read(def: &FieldDef, values: &[FieldValue]) -> Self;
    /// The text a form shows for the value.
    fn text(&self, def: &FieldDef) -> String;
    /// Reads typed text; never called with empty text (that is the type's default).
    fn parse(def: &FieldDef, text: &str) -> Result<Self, Invalid>;
}

/// Parses one field of a draft, recording what is wrong with it.
pub fn parse_field<T: FieldType>(def: &'static FieldDef, draft: &Draft, c: &mut Checker) -> T {
    let text = draft.get(def.key);
    if text.trim().is_empty() {
        if def.required {
            c.fail(def.key, Invalid::Required);
        }
        return T::default();
    }
    c.check(def.key, T::parse(def, text)).unwrap_or_default()
}

/// Full-width digits and letters (as a Chinese input method types them) as ASCII.
pub fn halfwidth(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            _ => c,
        })
        .collect()
}

fn value_at(values: &[FieldValue], i: usize) -> &FieldValue {
    const NULL: FieldValue = FieldValue::Null;
    values.get(i).unwrap_or(&NULL)
}

fn parse_string(def: &FieldDef, text: &str) -> Result<String, Invalid> {
    match def.kind {
        Kind::Text(max) | Kind::Side(max) => clean_text(text, max),
        Kind::Name | Kind::Person => clean_name(text, NAME_MAX),
        Kind::People => {
            let t = clean_text(text, PEOPLE_MAX)?;
            // Each of several names is a name; 、 , ， / join them.
            t.split(['、', ',', '，', '/']).try_for_each(|n| clean_name(n, NAME_MAX).map(drop))?;
            Ok(t)
        }
        Kind::Phone => parse_phone(&halfwidth(text)),
        Kind::IdNumber => {
            let t: String = halfwidth(text).chars().filter(|c| !c.is_whitespace()).collect();
            clean_text(&t.to_uppercase(), 40)
        }
        Kind::DivisionCode => clean_text(&halfwidth(text), 12),
        Kind::Province => {
            let t = clean_text(&halfwidth(text), 2)?;
            if t.len() == 2 && t.chars().all(|c| c.is_ascii_digit()) { Ok(t) } else { Err(Invalid::DivisionCode) }
        }
        _ => clean_text(text, 64),
    }
}

impl FieldType for String {
    fn write(&self, _def: &FieldDef, out: &mut Vec<FieldValue>) {
        out.push(FieldValue::Text(self.clone()));
    }
    fn read(_def: &FieldDef, values: &[FieldValue]) -> Self {
        value_at(values, 0).to_text()
    }
    fn text(&self, _def: &FieldDef) -> String {
        self.clone()
    }
    fn parse(def: &FieldDef, text: &str) -> Result<Self, Invalid> {
        parse_string(def, text)
    }
}

impl FieldType for Option<String> {
    fn write(&self, _def: &FieldDef, out: &mut Vec<FieldValue>) {
        out.push(FieldValue::opt_text(self.as_deref()));
    }
    fn read(_def: &FieldDef, values: &[FieldValue]) -> Self {
        Some(value_at(values, 0).to_text()).filter(|s| !s.is_empty())
    }
    fn text(&self, _def: &FieldDef) -> String {
        self.clone().unwrap_or_default()
    }
    fn parse(def: &FieldDef, text: &str) -> Result<Self, Invalid> {
        parse_string(def, text).map(|s| Some(s).filter(|s| !s.is_empty()))
    }
}

fn parse_int(def: &FieldDef, text: &str) -> Result<i64, Invalid> {
    let t = halfwidth(text);
    let whole = || t.trim().replace([',', '，'], "").parse::<i64>().map_err(|_| Invalid::Number);
    match def.kind {
        Kind::Money => parse_fen(&t),
        Kind::Count => whole().and_then(|n| if n >= 0 { Ok(n) } else { Err(Invalid::Number) }),
        Kind::Year => whole().and_then(|n| if (2000..=2100).contains(&n) { Ok(n) } else { Err(Invalid::Year) }),
        Kind::Percent => whole().and_then(|n| if (0..=100).contains(&n) { Ok(n) } else { Err(Invalid::Percent) }),
        Kind::Int(min, max) => {
            whole().and_then(|n| if (min..=max).contains(&n) { Ok(n) } else { Err(Invalid::Range { min, max }) })
        }
        _ => whole(),
    }
}

fn int_text(def: &FieldDef, n: i64) -> String {
    if def.kind == Kind::Money { format_plain(n) } else { n.to_string() }
}

impl FieldType for i64 {
    fn write(&self, _def: &FieldDef, out: &mut Vec<FieldValue>) {
        out.push(FieldValue::Int(*self));
    }
    fn read(_def: &FieldDef, values: &[FieldValue]) -> Self {
        value_at(values, 0).as_int().unwrap_or(0)
    }
    /// Money left at zero shows as an empty field, so a cadre types only what she has.
    fn text(&self, def: &FieldDef) -> String {
        if def.kind == Kind::Money && *self == 0 { String::new() } else { int_text(def, *self) }
    }
    fn parse(def: &FieldDef, text: &str) -> Result<Self, Invalid> {
        parse_int(def, text)
    }
}

impl FieldType for Option<i64> {
    fn write(&self, _def: &FieldDef, out: &mut Vec<FieldValue>) {
        out.push(self.map_or(FieldValue::Null, FieldValue::Int));
    }
    fn read(_def: &FieldDef, values: &[FieldValue]) -> Self {
        value_at(values, 0).as_int()
    }
    fn text(&self, def: &FieldDef) -> String {
        self.map(|n| int_text(def, n)).unwrap_or_default()
    }
    fn parse(def: &FieldDef, text: &str) -> Result<Self, Invalid> {
        parse_int(def, text).map(Some)
    }
}

impl FieldType for bool {
    fn write(&self, _def: &FieldDef, out: &mut Vec<FieldValue>) {
        out.push(FieldValue::Int(*self as i64));
    }
    fn read(_def: &FieldDef, values: &[FieldValue]) -> Self {
        value_at(values, 0).as_int().is_some_and(|n| n != 0)
    }
    fn text(&self, _def: &FieldDef) -> String {
        if *self { "1" } else { "0" }.into()
    }
    fn parse(_def: &FieldDef, text: &str) -> Result<Self, Invalid> {
        Ok(text.trim() == "1")
    }
}

impl FieldType for Option<bool> {
    fn write(&self, _def: &FieldDef, out: &mut Vec<FieldValue>) {
        out.push(self.map_or(FieldValue::Null, |b| FieldValue::Int(b as i64)));
    }
    fn read(_def: &FieldDef, values: &[FieldValue]) -> Self {
        value_at(values, 0).as_int().map(|n| n != 0)
    }
    fn text(&self, _def: &FieldDef) -> String {
        match self {
            Some(true) => "1",
            Some(false) => "0",
            None => "",
        }
        .into()
    }
    fn parse(_def: &FieldDef, text: &str) -> Result<Self, Invalid> {
        Ok(match text.trim() {
            "1" => Some(true),
            "0" => Some(false),
            _ => None,
        })
    }
}

impl FieldType for NaiveDate {
    fn write(&self, _def: &FieldDef, out: &mut Vec<FieldValue>) {
        out.push(FieldValue::Text(format_date(*self)));
    }
    fn read(_def: &FieldDef, values: &[FieldValue]) -> Self {
        stored_date(&value_at(values, 0).to_text()).unwrap_or_default()
    }
    fn text(&self, _def: &FieldDef) -> String {
        format_date(*self)
    }
    fn parse(_def: &FieldDef, text: &str) -> Result<Self, Invalid> {
        parse_date(&halfwidth(text))
    }
}

impl FieldType for Option<NaiveDate> {
    fn write(&self, _def: &FieldDef, out: &mut Vec<FieldValue>) {
        out.push(self.map_or(FieldValue::Null, |d| FieldValue::Text(format_date(d))));
    }
    fn read(_def: &FieldDef, values: &[FieldValue]) -> Self {
        stored_date(&value_at(values, 0).to_text())
    }
    fn text(&self, _def: &FieldDef) -> String {
        self.map(format_date).unwrap_or_default()
    }
    fn parse(_def: &FieldDef, text: &str) -> Result<Self, Invalid> {
        parse_date(&halfwidth(text)).map(Some)
    }
}

impl Default for YearMonth {
    fn default() -> Self {
        YearMonth { year: 1970, month: 1 }
    }
}

impl FieldType for YearMonth {
    fn write(&self, _def: &FieldDef, out: &mut Vec<FieldValue>) {
        out.push(FieldValue::Text(self.to_string()));
    }
    fn read(_def: &FieldDef, values: &[FieldValue]) -> Self {
        stored_month(&value_at(values, 0).to_text()).unwrap_or_default()
    }
    fn text(&self, _def: &FieldDef) -> String {
        self.to_string()
    }
    fn parse(_def: &FieldDef, text: &str) -> Result<Self, Invalid> {
        parse_month(&halfwidth(text))
    }
}

impl FieldType for Option<YearMonth> {
    fn write(&self, _def: &FieldDef, out: &mut Vec<FieldValue>) {
        out.push(self.map_or(FieldValue::Null, |m| FieldValue::Text(m.to_string())));
    }
    fn read(_def: &FieldDef, values: &[FieldValue]) -> Self {
        stored_month(&value_at(values, 0).to_text())
    }
    fn text(&self, _def: &FieldDef) -> String {
        self.map(|m| m.to_string()).unwrap_or_default()
    }
    fn parse(_def: &FieldDef, text: &str) -> Result<Self, Invalid> {
        parse_month(&halfwidth(text)).map(Some)
    }
}

/// Several codes or ids: comma-joined in one column, or one per column when the
/// field declares several (致贫/返贫风险1…5).
impl FieldType for Vec<String> {
    fn write(&self, def: &FieldDef, out: &mut Vec<FieldValue>) {
        match def.arity() {
            0 => {}
            1 if self.is_empty() => out.push(FieldValue::Null),
            1 => out.push(FieldValue::Text(self.join(","))),
            n => out.extend((0..n).map(|i| FieldValue::opt_text(self.get(i).map(String::as_str)))),
        }
    }
    fn read(def: &FieldDef, values: &[FieldValue]) -> Self {
        match def.arity() {
            0 | 1 => split_codes(&value_at(values, 0).to_text()),
            _ => values.iter().map(FieldValue::to_text).filter(|s| !s.trim().is_empty()).collect(),
        }
    }
    fn text(&self, _def: &FieldDef) -> String {
        self.join(",")
    }
    fn parse(def: &FieldDef, text: &str) -> Result<Self, Invalid> {
        let codes = split_codes(text);
        let max = match def.kind {
            Kind::Codes(_, max) => max,
            _ if def.arity() > 1 => def.arity(),
            _ => usize::MAX,
        };
        if codes.len() > max {
            return Err(Invalid::TooMany { max });
        }
        if codes.iter().any(|c| c.chars().any(char::is_control)) {
            return Err(Invalid::ControlCharacter);
        }
        Ok(codes)
    }
}

impl FieldType for Option<Subject> {
    fn write(&self, _def: &FieldDef, out: &mut Vec<FieldValue>) {
        out.push(FieldValue::opt_text(self.as_ref().map(|s| s.kind.as_str())));
        out.push(FieldValue::opt_text(self.as_ref().map(|s| s.id.as_str())));
    }
    fn read(_def: &FieldDef, values: &[FieldValue]) -> Self {
        let (kind, id) = (value_at(values, 0).to_text(), value_at(values, 1).to_text());
        (!kind.is_empty() && !id.is_empty()).then_some(Subject { kind, id })
    }
    fn text(&self, _def: &FieldDef) -> String {
        self.as_ref().map(|s| format!("{}:{}", s.kind, s.id)).unwrap_or_default()
    }
    fn parse(_def: &FieldDef, text: &str) -> Result<Self, Invalid> {
        match text.trim().split_once(':') {
            Some((kind, id)) if !kind.is_empty() && !id.is_empty() => Ok(Some(Subject::new(kind, id))),
            _ => Err(Invalid::NotAChoice),
        }
    }
}

/// The declaration of the next field, in the order the macro lists them.
pub fn next_def(defs: &mut std::slice::Iter<'static, FieldDef>) -> &'static FieldDef {
    static NONE: FieldDef = FieldDef::new(Kind::Text(0));
    defs.next().unwrap_or(&NONE)
}

/// Declares a record type once. For each field: its name, Rust type and declaration
/// (`FieldDef::new(Kind::…)` with `.required()`, `.hidden()`, `.col(&[…])`, `.width(n)`).
/// The record also needs `impl Validate` (empty when no check spans fields).
#[macro_export]
macro_rules! record {
    (
        $(#[$meta:meta])*
        pub struct $name:ident in $table:literal as $prefix:literal {
            $( $(#[$fmeta:meta])* $field:ident : $ty:ty = $def:expr ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Default)]
        pub struct $name {
            pub id: String,
            $( $(#[$fmeta])* pub $field: $ty, )+
        }

        impl $crate::domain::record::Record for $name {
            const DEF: &'static $crate::domain::field::RecordDef = &$crate::domain::field::RecordDef {
                table: $table,
                prefix: $prefix,
                fields: &[ $( $def.named(stringify!($field)) ),+ ],
            };
            fn id(&self) -> &str {
                &self.id
            }
            fn set_id(&mut self, id: String) {
                self.id = id;
            }
            fn write_values(&self, out: &mut Vec<$crate::domain::record::FieldValue>) {
                let mut defs = Self::DEF.fields.iter();
                $( $crate::domain::record::FieldType::write(
                    &self.$field, $crate::domain::record::next_def(&mut defs), out); )+
            }
            fn read_values(id: String, values: &[$crate::domain::record::FieldValue]) -> Self {
                let mut defs = Self::DEF.fields.iter();
                let mut at = 0usize;
                $(
                    let def = $crate::domain::record::next_def(&mut defs);
                    let width = def.read_arity();
                    let $field: $ty = $crate::domain::record::FieldType::read(
                        def, values.get(at..at + width).unwrap_or(&[]));
                    at += width;
                )+
                let _ = at;
                $name { id, $( $field, )+ }
            }
            fn to_draft(&self) -> $crate::domain::draft::Draft {
                let mut draft = $crate::domain::draft::Draft::default();
                let mut defs = Self::DEF.fields.iter();
                $( draft.set(stringify!($field), $crate::domain::record::FieldType::text(
                    &self.$field, $crate::domain::record::next_def(&mut defs))); )+
                draft
            }
            fn from_draft(
                id: &str,
                draft: &$crate::domain::draft::Draft,
            ) -> Result<Self, Vec<$crate::domain::invalid::FieldError>> {
                let mut checker = $crate::domain::invalid::Checker::default();
                let mut defs = Self::DEF.fields.iter();
                let mut record = $name {
                    id: id.to_string(),
                    $( $field: $crate::domain::record::parse_field(
                        $crate::domain::record::next_def(&mut defs), draft, &mut checker), )+
                };
                $crate::domain::record::Validate::validate(&mut record, draft, &mut checker);
                checker.finish(|| record)
            }
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_digits_become_ascii() {
        assert_eq!(halfwidth("５１１９０３"), "511903");
        assert_eq!(halfwidth("２０２６－０３"), "2026-03");
        assert_eq!(halfwidth("张三"), "张三");
    }

    #[test]
    fn values_read_whatever_sqlite_holds() {
        assert_eq!(FieldValue::Int(7).to_text(), "7");
        assert_eq!(FieldValue::text(" 12 ").as_int(), Some(12));
        assert_eq!(FieldValue::Null.to_text(), "");
    }
}
