//! The shape in which records travel to and from the store, without any SQL:
//! a list of named column values. The store writes them and logs every change.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum FieldValue {
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
    pub fn opt_int(n: Option<i64>) -> Self {
        n.map_or(FieldValue::Null, FieldValue::Int)
    }
    pub fn flag(b: bool) -> Self {
        FieldValue::Int(b as i64)
    }
    pub fn opt_flag(b: Option<bool>) -> Self {
        b.map_or(FieldValue::Null, |b| FieldValue::Int(b as i64))
    }
    pub fn as_text(&self) -> Option<&str> {
        match self {
            FieldValue::Text(s) => Some(s),
            _ => None,
        }
    }
    pub fn as_int(&self) -> Option<i64> {
        match self {
            FieldValue::Int(n) => Some(*n),
            FieldValue::Text(s) => s.parse().ok(),
            FieldValue::Null => None,
        }
    }
    /// The value as JSON text, as the operation log keeps it.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| "null".into())
    }
}

/// Column values of one stored row, looked up by column name. The names are
/// shared by all rows of a query, so reading 200,000 rows does not copy them.
#[derive(Debug, Clone, Default)]
pub struct Fields {
    names: std::rc::Rc<[String]>,
    values: Vec<FieldValue>,
}

impl Fields {
    pub fn new(names: std::rc::Rc<[String]>, values: Vec<FieldValue>) -> Self {
        Fields { names, values }
    }

    pub fn from_pairs(pairs: Vec<(String, FieldValue)>) -> Self {
        let (names, values): (Vec<String>, Vec<FieldValue>) = pairs.into_iter().unzip();
        Fields { names: names.into(), values }
    }

    pub fn get(&self, name: &str) -> &FieldValue {
        const NULL: FieldValue = FieldValue::Null;
        self.names.iter().position(|n| n == name).and_then(|i| self.values.get(i)).unwrap_or(&NULL)
    }
    pub fn text(&self, name: &str) -> String {
        self.get(name).as_text().unwrap_or("").to_string()
    }
    pub fn opt_text(&self, name: &str) -> Option<String> {
        self.get(name).as_text().map(str::to_string)
    }
    pub fn int(&self, name: &str) -> i64 {
        self.get(name).as_int().unwrap_or(0)
    }
    pub fn opt_int(&self, name: &str) -> Option<i64> {
        self.get(name).as_int()
    }
    pub fn flag(&self, name: &str) -> bool {
        self.int(name) != 0
    }
    pub fn opt_flag(&self, name: &str) -> Option<bool> {
        self.get(name).as_int().map(|n| n != 0)
    }
    /// A list of codes kept as comma-separated text.
    pub fn codes(&self, name: &str) -> Vec<String> {
        split_codes(&self.text(name))
    }
}

pub fn split_codes(text: &str) -> Vec<String> {
    text.split(',').map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect()
}

pub fn join_codes(codes: &[String]) -> FieldValue {
    if codes.is_empty() { FieldValue::Null } else { FieldValue::Text(codes.join(",")) }
}

/// A record type the store can keep: its table, id and editable columns.
/// `id`, `created_at`, `updated_at` and `deleted` are managed by the store.
pub trait Record: Sized {
    const TABLE: &'static str;
    fn id(&self) -> &str;
    fn set_id(&mut self, id: String);
    fn columns(&self) -> Vec<(&'static str, FieldValue)>;
    fn from_fields(id: String, f: &Fields) -> Self;
}
