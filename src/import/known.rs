//! What the ledger holds of an export's households, read in a few queries before the
//! planning compares them one by one.

use crate::domain::household::Household;
use crate::domain::income::Income;
use crate::domain::measure::Measure;
use crate::domain::member::Member;
use crate::domain::national::ExportHousehold;
use crate::store::{Store, StoreError};
use std::collections::{BTreeMap, HashMap, HashSet};

/// The ledger's side of the export's households, read before the planning in a few
/// queries (a county export is 20,000 households: queries for each, one by one, were
/// most of a re-import's time).
pub(super) struct Known {
    /// By 户编号 (the oldest, if a number is held twice).
    pub(super) households: HashMap<String, Household>,
    /// Households an export's household without a known 户编号 may be: the ledger's
    /// own without a number, and those holding its people's ID numbers; by id.
    pub(super) by_people: HashMap<String, Household>,
    /// By household id.
    pub(super) members: HashMap<String, Vec<Member>>,
    /// The calendar-year income of the export's year, by household id (never the
    /// record of the 12 months before identification: the export's incomes are a year's).
    pub(super) incomes: HashMap<String, Income>,
    pub(super) measures: HashMap<String, Vec<Measure>>,
    /// Live members holding the export's ID numbers, by number (one who moved house).
    pub(super) by_id_number: HashMap<String, Member>,
    /// The household of `by_people` holding each ID number of its members.
    held_by: HashMap<String, String>,
    /// What the last import set, by record id, as stored: of the batch being planned.
    baselines: HashMap<String, String>,
}

impl Known {
    /// Takes what the last import set the records of the next batch to (a county's
    /// 80,000 baselines are not all held at once).
    pub(super) fn set_baselines(&mut self, baselines: crate::store::Baselines) {
        self.baselines = baselines;
    }

    /// Live members the export's people may be, by their ID numbers.
    pub(super) fn holder_of(&self, number: &str) -> Option<&Member> {
        self.by_id_number.get(number)
    }

    /// What the last import set a record's fields to.
    pub(super) fn baseline(&self, id: &str) -> BTreeMap<String, String> {
        // An unreadable baseline is as if there were none: every difference is the export's.
        self.baselines.get(id).and_then(|json| serde_json::from_str(json).ok()).unwrap_or_default()
    }

    pub(super) fn load(store: &Store, export: &[ExportHousehold], year: i32) -> Result<Known, StoreError> {
        let numbers: Vec<String> = export.iter().filter(|h| !h.number.is_empty()).map(|h| h.number.clone()).collect();
        let mut households: HashMap<String, Household> = HashMap::new();
        for h in store.records_where_in::<Household>("number", &numbers)? {
            keep_oldest(&mut households, h.number.clone(), h, |h| h.id.as_str());
        }
        let mut by_people: HashMap<String, Household> = HashMap::new();
        if export.iter().any(|h| !households.contains_key(&h.number)) {
            for h in store.records_where_in::<Household>("number", &[String::new()])? {
                by_people.insert(h.id.clone(), h);
            }
        }
        let mut ids: Vec<String> = households.values().chain(by_people.values()).map(|h| h.id.clone()).collect();
        let mut members = by_household(store.records_where_in::<Member>("household_id", &ids)?, |m| &m.household_id);
        // Only the numbers not already met among the households' members (one who moved).
        let at_home: HashSet<&str> = members.values().flatten().filter_map(|m| m.id_number.as_deref()).collect();
        let id_numbers: Vec<String> = export
            .iter()
            .flat_map(|h| h.people.iter().map(|p| p.draft.get("id_number").trim()))
            .filter(|n| !n.is_empty() && !at_home.contains(n))
            .map(str::to_string)
            .collect();
        let mut by_id_number: HashMap<String, Member> = HashMap::new();
        for m in store.records_where_in::<Member>("id_number", &id_numbers)? {
            if let Some(number) = m.id_number.clone() {
                keep_oldest(&mut by_id_number, number, m, |m| m.id.as_str());
            }
        }
        // A household the export gives without 户编号 is found through its people
        // even where the ledger has numbered it since.
        let unnumbered_people: HashSet<&str> = export
            .iter()
            .filter(|h| h.number.is_empty())
            .flat_map(|h| h.people.iter().map(|p| p.draft.get("id_number").trim()))
            .collect();
        let through: Vec<String> = by_id_number
            .iter()
            .filter(|(number, m)| unnumbered_people.contains(number.as_str()) && !members.contains_key(&m.household_id))
            .map(|(_, m)| m.household_id.clone())
            .collect::<HashSet<String>>()
            .into_iter()
            .collect();
        if !through.is_empty() {
            for h in store.records_where_in::<Household>("id", &through)? {
                by_people.insert(h.id.clone(), h);
            }
            for (id, list) in
                by_household(store.records_where_in::<Member>("household_id", &through)?, |m| &m.household_id)
            {
                members.insert(id, list);
            }
            ids.extend(through);
        }
        let held_by = by_people
            .keys()
            .filter_map(|id| members.get(id))
            .flatten()
            .filter_map(|m| Some((m.id_number.clone()?, m.household_id.clone())))
            .collect();
        let measures = by_household(store.records_where_in::<Measure>("household_id", &ids)?, |m| &m.household_id);
        let mut incomes: HashMap<String, Income> = HashMap::new();
        for i in store.records_where_in::<Income>("household_id", &ids)? {
            if i.year == i64::from(year) && i.is_calendar_year() {
                keep_oldest(&mut incomes, i.household_id.clone(), i, |i| i.id.as_str());
            }
        }
        let baselines = HashMap::new();
        Ok(Known { households, by_people, members, incomes, measures, by_id_number, held_by, baselines })
    }

    /// The ledger's household an export's household is, taken out so that no other
    /// takes it: by 户编号; else, for one the ledger has not numbered (or the export
    /// does not number), by the household holding its people's ID numbers; else, for
    /// one without numbers at all, by its head's name in the village.
    pub(super) fn take_household(&mut self, h: &ExportHousehold, village_id: &str) -> Option<Household> {
        if let Some(found) = self.households.remove(&h.number) {
            return Some(found);
        }
        let through_people =
            h.people.iter().map(|p| p.draft.get("id_number").trim()).filter(|n| !n.is_empty()).find_map(|n| {
                let id = self.held_by.get(n)?;
                let ours = self.by_people.get(id)?;
                (h.number.is_empty() || ours.number.is_empty()).then(|| id.clone())
            });
        if let Some(id) = through_people {
            return self.by_people.remove(&id);
        }
        let head = h.people.iter().find(|p| p.draft.get("relation") == "self").or(h.people.first())?;
        let nobody_numbered = h.people.iter().all(|p| p.draft.get("id_number").trim().is_empty());
        if !(h.number.is_empty() && nobody_numbered) {
            return None;
        }
        let same: Vec<String> = self
            .by_people
            .values()
            .filter(|o| o.number.is_empty() && o.village_id == village_id && o.head_name == head.draft.get("name"))
            .map(|o| o.id.clone())
            .collect();
        match same.as_slice() {
            [only] => self.by_people.remove(only),
            _ => None,
        }
    }
}

/// Keeps under `key` the record with the smallest id (as a lookup by it ordered by id).
fn keep_oldest<T>(map: &mut HashMap<String, T>, key: String, record: T, id: impl Fn(&T) -> &str) {
    match map.get(&key) {
        Some(kept) if id(kept) <= id(&record) => {}
        _ => {
            map.insert(key, record);
        }
    }
}

fn by_household<T>(records: Vec<T>, household: impl Fn(&T) -> &String) -> HashMap<String, Vec<T>> {
    let mut grouped: HashMap<String, Vec<T>> = HashMap::new();
    for record in records {
        grouped.entry(household(&record).clone()).or_default().push(record);
    }
    grouped
}
