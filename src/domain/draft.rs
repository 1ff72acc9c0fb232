//! A record as typed in a form: every field as text, by its stable key.
//! Drafts are what forms edit, what is kept when a session drops, and what
//! each record type validates into a record.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    values: BTreeMap<String, String>,
}

impl Draft {
    pub fn get(&self, key: &str) -> &str {
        self.values.get(key).map_or("", String::as_str)
    }
    pub fn set(&mut self, key: &str, value: impl Into<String>) {
        self.values.insert(key.to_string(), value.into());
    }
    pub fn with(mut self, key: &str, value: impl Into<String>) -> Self {
        self.set(key, value);
        self
    }
    pub fn flag(&self, key: &str) -> bool {
        self.get(key) == "1"
    }
    /// A yes / no / not yet confirmed answer ("1", "0", "").
    pub fn tri(&self, key: &str) -> Option<bool> {
        match self.get(key) {
            "1" => Some(true),
            "0" => Some(false),
            _ => None,
        }
    }
    pub fn entries(&self) -> impl Iterator<Item = (&String, &String)> {
        self.values.iter()
    }
    pub fn codes(&self, key: &str) -> Vec<String> {
        super::record::split_codes(self.get(key))
    }
}

pub fn flag_text(b: bool) -> &'static str {
    if b { "1" } else { "0" }
}

pub fn tri_text(b: Option<bool>) -> &'static str {
    match b {
        Some(true) => "1",
        Some(false) => "0",
        None => "",
    }
}

pub fn opt_text<T: ToString>(v: &Option<T>) -> String {
    v.as_ref().map(ToString::to_string).unwrap_or_default()
}
