//! What the ledger holds of an export's households, read in a few queries before the
//! planning compares them one by one.

use crate::domain::household::Household;
use crate::domain::income::Income;
use crate::domain::measure::Measure;
use crate::domain::member::Member;
use crate::domain::national::ExportRead;
use crate::store::{Store, StoreError};
use std::collections::{BTreeMap, HashMap};

/// The ledger's side of the export's households, read before the planning in a few
/// queries (a county export is 20,000 households: queries for each, one by one, were
/// most of a re-import's time).
pub(super) struct Known {
    /// By 户编号 (the oldest, if a number is held twice).
    pub(super) households: HashMap<String, Household>,
    /// By household id.
    pub(super) members: HashMap<String, Vec<Member>>,
    /// The export year's, by household id.
    pub(super) incomes: HashMap<String, Income>,
    pub(super) measures: HashMap<String, Vec<Measure>>,
    /// Live members holding the export's ID numbers, by number (one who moved house).
    pub(super) by_id_number: HashMap<String, Member>,
    /// What the last import set, by record id, as stored (read when needed).
    baselines: HashMap<String, String>,
}

impl Known {
    /// What the last import set a record's fields to.
    pub(super) fn baseline(&self, id: &str) -> BTreeMap<String, String> {
        // An unreadable baseline is as if there were none: every difference is the export's.
        self.baselines.get(id).and_then(|json| serde_json::from_str(json).ok()).unwrap_or_default()
    }

    pub(super) fn load(store: &Store, read: &ExportRead, year: i32) -> Result<Known, StoreError> {
        let numbers: Vec<String> = read.households.iter().map(|h| h.number.clone()).collect();
        let mut households: HashMap<String, Household> = HashMap::new();
        for h in store.records_where_in::<Household>("number", &numbers)? {
            keep_oldest(&mut households, h.number.clone(), h, |h| h.id.as_str());
        }
        let ids: Vec<String> = households.values().map(|h| h.id.clone()).collect();
        let members = by_household(store.records_where_in::<Member>("household_id", &ids)?, |m| &m.household_id);
        let measures = by_household(store.records_where_in::<Measure>("household_id", &ids)?, |m| &m.household_id);
        let mut incomes: HashMap<String, Income> = HashMap::new();
        for i in store.records_where_in::<Income>("household_id", &ids)? {
            if i.year == i64::from(year) {
                keep_oldest(&mut incomes, i.household_id.clone(), i, |i| i.id.as_str());
            }
        }
        // Only the numbers not already met among the households' members (one who moved).
        let at_home: std::collections::HashSet<&str> =
            members.values().flatten().filter_map(|m| m.id_number.as_deref()).collect();
        let id_numbers: Vec<String> = read
            .households
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
        let mut records = ids;
        records.extend(members.values().flatten().map(|m| m.id.clone()));
        records.extend(by_id_number.values().map(|m| m.id.clone()));
        records.extend(incomes.values().map(|i| i.id.clone()));
        let baselines = store.import_baselines(&records)?;
        Ok(Known { households, members, incomes, measures, by_id_number, baselines })
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
