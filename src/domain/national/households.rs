//! A household of the export once its rows are read: the fields a row sets, held
//! compactly; its 参保 said for the household only; and the kept columns whose value
//! is the same on every one of its rows, lifted to the household; and why a person's
//! row is left out.

use super::{ExportHousehold, ExportPerson, Header, RowIssue};
use crate::domain::Draft;
use crate::domain::idnum::parse_resident_id;
use std::collections::BTreeMap;

/// The fields a row of the export sets, by their keys (the declarations' own, so held
/// without a copy): a county holds 80,000 of these at once, and a map of copied keys
/// took twice the room. Made a `Draft` when planned.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Fields(Vec<(&'static str, String)>);

impl Fields {
    pub fn get(&self, key: &str) -> &str {
        self.0.iter().rev().find(|(k, _)| *k == key).map_or("", |(_, v)| v.as_str())
    }

    /// Sets a field (a later value under the same key stands).
    pub fn set(&mut self, key: &'static str, value: impl Into<String>) {
        let value = value.into();
        match self.0.iter_mut().find(|(k, _)| *k == key) {
            Some(field) => field.1 = value,
            None => self.0.push((key, value)),
        }
    }

    pub fn to_draft(&self) -> Draft {
        self.0.iter().fold(Draft::default(), |d, (k, v)| d.with(k, v.as_str()))
    }

    pub(super) fn shrink(&mut self) {
        self.0.shrink_to_fit();
    }
}

/// A file without a 参保 column per person says it for the household: 否 to
/// 有家庭成员未参加基本医疗保险 is every member insured. 是 names nobody, so each member's
/// own answer is left as the ledger has it.
pub(super) fn insurance_from_household(h: &mut ExportHousehold) {
    if h.uninsured == Some(false) {
        for p in &mut h.people {
            p.draft.set("medical_insurance", "1");
        }
    }
}

/// A column bangfu does not model whose value is the same on every row of a household
/// (its 户类型-like facts, repeated per person) is the household's: kept once, so a
/// member added in bangfu is exported with it too.
pub(super) fn lift_household_columns(h: &mut ExportHousehold) {
    let Some((first, others)) = h.people.split_first_mut() else { return };
    let shared: Vec<bool> = first
        .extra
        .ranked()
        .enumerate()
        .map(|(at, (rank, value))| others.iter().all(|p| p.extra.get_near(at, rank) == Some(value)))
        .collect();
    let lifted = first.extra.take_where(&shared);
    let headers: Vec<Header> = lifted.iter().map(|(header, _)| header.clone()).collect();
    for p in others {
        p.extra.remove_all(&headers);
    }
    for (header, value) in lifted {
        if h.extra.get(&header.text).is_none() {
            h.extra.insert(header, value);
        }
    }
}

/// Why a person's row cannot be taken (no name, an ID number twice or not one), if so;
/// notes the ID number as seen.
pub(super) fn refused(person: &ExportPerson, seen_ids: &mut BTreeMap<String, usize>, line: usize) -> Option<RowIssue> {
    if person.draft.get("name").trim().is_empty() {
        return Some(RowIssue::NoName);
    }
    let number = person.draft.get("id_number").trim().to_string();
    if number.is_empty() {
        return None;
    }
    if let Some(first_line) = seen_ids.get(&number) {
        return Some(RowIssue::PersonTwice { number, first_line: *first_line });
    }
    seen_ids.insert(number.clone(), line);
    let is_cert = person.draft.get("id_type") == crate::domain::member::ID_TYPE_DISABILITY;
    match parse_resident_id(&number) {
        Err(problem) if !is_cert => Some(RowIssue::BadId { number, problem }),
        _ => None,
    }
}
