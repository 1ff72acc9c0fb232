//! The records of the open file, held in memory with the indexes and search keys
//! the screens need. Loaded once; after a save only the changed record is placed
//! (binary search into its sorted list) and only the keys it affects are rebuilt,
//! so saving a visit stays quick with 200,000 of them.

use crate::domain::household::Household;
use crate::domain::member::Member;
use crate::domain::project::Project;
use crate::domain::search::SearchKey;
use crate::domain::village::Village;
use crate::domain::visit::Visit;
use crate::store::{Result, Store};
use std::cmp::Ordering;
use std::collections::HashMap;

#[derive(Default)]
pub struct Ledger {
    pub villages: Vec<Village>,
    pub households: Vec<Household>,
    pub members: Vec<Member>,
    pub projects: Vec<Project>,
    pub visits: Vec<Visit>,
    village_at: HashMap<String, usize>,
    household_at: HashMap<String, usize>,
    members_of: HashMap<String, Vec<usize>>,
    visits_of: HashMap<String, Vec<usize>>,
    /// Per village: households, and of them monitored.
    village_counts: HashMap<String, (usize, usize)>,
    pub village_keys: Vec<SearchKey>,
    pub household_keys: Vec<SearchKey>,
    pub project_keys: Vec<SearchKey>,
    pub visit_keys: Vec<SearchKey>,
    /// Monitoring work: see `work.rs`.
    pub work: super::work::Work,
}

/// Villages by division code (those without one last), then name.
fn village_order(a: &Village, b: &Village) -> Ordering {
    (a.code.is_none(), &a.code, &a.name).cmp(&(b.code.is_none(), &b.code, &b.name))
}

/// Households by village (in village order), group, number (unassigned last), head.
fn household_order(village_at: &HashMap<String, usize>, a: &Household, b: &Household) -> Ordering {
    fn key<'a>(
        village_at: &HashMap<String, usize>,
        h: &'a Household,
    ) -> (Option<usize>, &'a str, bool, &'a str, &'a str) {
        (village_at.get(&h.village_id).copied(), &h.group_name, h.number.is_empty(), &h.number, &h.head_name)
    }
    key(village_at, a).cmp(&key(village_at, b))
}

/// Newest projects first, then by name.
fn project_order(a: &Project, b: &Project) -> Ordering {
    (b.start_month, &a.name, &a.id).cmp(&(a.start_month, &b.name, &b.id))
}

/// Newest visits first; among one day's, the last recorded first.
fn visit_order(a: &Visit, b: &Visit) -> Ordering {
    (b.date, &b.id).cmp(&(a.date, &a.id))
}

/// The head first, then the oldest.
fn member_order(a: &Member, b: &Member) -> Ordering {
    (a.relation.as_deref() != Some("self"), a.birth_date).cmp(&(b.relation.as_deref() != Some("self"), b.birth_date))
}

/// Puts `item` where `order` says, replacing the record with the same id; keeps
/// `keys` aligned with `items`.
fn place<T>(
    items: &mut Vec<T>,
    keys: &mut Vec<SearchKey>,
    item: T,
    key: SearchKey,
    id: impl Fn(&T) -> &str,
    order: impl Fn(&T, &T) -> Ordering,
) {
    if let Some(old) = items.iter().position(|x| id(x) == id(&item)) {
        items.remove(old);
        keys.remove(old);
    }
    let at = items.partition_point(|x| order(x, &item) == Ordering::Less);
    items.insert(at, item);
    keys.insert(at, key);
}

impl Ledger {
    pub fn load(store: &Store) -> Result<Ledger> {
        let mut ledger = Ledger {
            villages: store.load_all()?,
            households: store.load_all()?,
            members: store.load_all()?,
            projects: store.load_projects()?,
            visits: store.load_all()?,
            work: super::work::Work::load(store)?,
            ..Ledger::default()
        };
        ledger.reindex();
        Ok(ledger)
    }

    /// Sorts every list the way cadres read it and rebuilds all indexes and keys.
    pub fn reindex(&mut self) {
        self.villages.sort_by(village_order);
        self.village_at = index_by_id(self.villages.iter().map(|v| v.id.as_str()));
        let village_at = &self.village_at;
        self.households.sort_by(|a, b| household_order(village_at, a, b));
        self.projects.sort_by(project_order);
        self.visits.sort_by(visit_order);
        self.rebuild_indexes();
        self.village_keys = self.villages.iter().map(village_key).collect();
        self.household_keys = self.households.iter().map(|h| self.household_key(h)).collect();
        self.project_keys = self.projects.iter().map(|p| self.project_key(p)).collect();
        self.visit_keys = self.visits.iter().map(|v| self.visit_key(v)).collect();
    }

    /// Position maps and groupings; cheap next to search keys.
    fn rebuild_indexes(&mut self) {
        self.village_at = index_by_id(self.villages.iter().map(|v| v.id.as_str()));
        self.household_at = index_by_id(self.households.iter().map(|h| h.id.as_str()));
        self.members_of = group_by(self.members.iter().map(|m| m.household_id.as_str()));
        for positions in self.members_of.values_mut() {
            positions.sort_by(|&a, &b| member_order(&self.members[a], &self.members[b]));
        }
        self.visits_of = group_by(self.visits.iter().map(|v| v.household_id.as_deref().unwrap_or("")));
        self.village_counts.clear();
        for h in &self.households {
            let entry = self.village_counts.entry(h.village_id.clone()).or_default();
            entry.0 += 1;
            entry.1 += h.is_monitored() as usize;
        }
    }

    /// A household is found by its head, its members, its number, village, group,
    /// helper or phone, and by the tail of any member's ID number.
    fn household_key(&self, h: &Household) -> SearchKey {
        let members = self.members_of(&h.id);
        let mut texts: Vec<&str> =
            vec![&h.head_name, &h.number, self.village_name(&h.village_id), &h.group_name, &h.helper];
        texts.push(h.phone.as_deref().unwrap_or(""));
        texts.extend(members.iter().map(|m| m.name.as_str()));
        let ids: Vec<&str> = members.iter().filter_map(|m| m.id_number.as_deref()).collect();
        SearchKey::new(&texts, &ids)
    }

    fn project_key(&self, p: &Project) -> SearchKey {
        let village = p.village_id.as_deref().map_or("", |id| self.village_name(id));
        SearchKey::new(&[&p.name, village, &p.assisting_party, &p.responsible_person, &p.implementing_unit], &[])
    }

    fn visit_key(&self, v: &Visit) -> SearchKey {
        let head = v.household_id.as_deref().and_then(|id| self.household(id)).map_or("", |h| h.head_name.as_str());
        SearchKey::new(&[head, self.village_name(&v.village_id), &v.visitors, &v.requests], &[])
    }

    fn refresh_household_key(&mut self, household_id: &str) {
        if let Some(&i) = self.household_at.get(household_id) {
            self.household_keys[i] = self.household_key(&self.households[i]);
        }
    }

    pub fn village(&self, id: &str) -> Option<&Village> {
        self.village_at.get(id).map(|&i| &self.villages[i])
    }

    pub fn village_name(&self, id: &str) -> &str {
        self.village(id).map_or("", |v| v.name.as_str())
    }

    pub fn household(&self, id: &str) -> Option<&Household> {
        self.household_at.get(id).map(|&i| &self.households[i])
    }

    pub fn household_position(&self, id: &str) -> Option<usize> {
        self.household_at.get(id).copied()
    }

    pub fn village_position(&self, id: &str) -> Option<usize> {
        self.village_at.get(id).copied()
    }

    pub fn members_of(&self, household_id: &str) -> Vec<&Member> {
        self.members_of.get(household_id).map(|ix| ix.iter().map(|&i| &self.members[i]).collect()).unwrap_or_default()
    }

    /// Visits of a household, newest first.
    pub fn visits_of(&self, household_id: &str) -> Vec<&Visit> {
        self.visits_of.get(household_id).map(|ix| ix.iter().map(|&i| &self.visits[i]).collect()).unwrap_or_default()
    }

    pub fn households_in(&self, village_id: &str) -> usize {
        self.village_counts(village_id).0
    }

    /// Households of a village, and how many of them are monitored.
    pub fn village_counts(&self, village_id: &str) -> (usize, usize) {
        self.village_counts.get(village_id).copied().unwrap_or_default()
    }

    /// A village's name is part of many keys and its code orders the households:
    /// villages change rarely, so everything is rebuilt.
    pub fn put_village(&mut self, v: Village) {
        match self.villages.iter().position(|x| x.id == v.id) {
            Some(i) => self.villages[i] = v,
            None => self.villages.push(v),
        }
        self.reindex();
    }

    pub fn put_household(&mut self, h: Household) {
        let id = h.id.clone();
        let key = self.household_key(&h);
        let village_at = &self.village_at;
        place(
            &mut self.households,
            &mut self.household_keys,
            h,
            key,
            |x| &x.id,
            |a, b| household_order(village_at, a, b),
        );
        self.rebuild_indexes();
        // Visits are found by the head's name, which may have changed.
        for i in self.visits_of.get(&id).cloned().unwrap_or_default() {
            self.visit_keys[i] = self.visit_key(&self.visits[i]);
        }
    }

    pub fn put_member(&mut self, m: Member) {
        let household_id = m.household_id.clone();
        match self.members.iter().position(|x| x.id == m.id) {
            Some(i) => self.members[i] = m,
            None => self.members.push(m),
        }
        self.rebuild_indexes();
        self.refresh_household_key(&household_id);
    }

    pub fn put_project(&mut self, p: Project) {
        let key = self.project_key(&p);
        place(&mut self.projects, &mut self.project_keys, p, key, |x| &x.id, project_order);
    }

    pub fn put_visit(&mut self, v: Visit) {
        let key = self.visit_key(&v);
        place(&mut self.visits, &mut self.visit_keys, v, key, |x| &x.id, visit_order);
        self.visits_of = group_by(self.visits.iter().map(|v| v.household_id.as_deref().unwrap_or("")));
    }

    /// Forgets deleted records (they stay in the file).
    pub fn forget(&mut self, ids: &[String]) {
        let gone = |id: &String| ids.contains(id);
        let touched: Vec<String> =
            self.members.iter().filter(|m| gone(&m.id)).map(|m| m.household_id.clone()).collect();
        retain_with_keys(&mut self.villages, &mut self.village_keys, |v| !gone(&v.id));
        retain_with_keys(&mut self.households, &mut self.household_keys, |h| !gone(&h.id));
        retain_with_keys(&mut self.projects, &mut self.project_keys, |p| !gone(&p.id));
        retain_with_keys(&mut self.visits, &mut self.visit_keys, |v| !gone(&v.id));
        self.members.retain(|m| !gone(&m.id));
        self.rebuild_indexes();
        for household in touched {
            self.refresh_household_key(&household);
        }
    }
}

fn village_key(v: &Village) -> SearchKey {
    SearchKey::new(&[&v.name, &v.township, v.code.as_deref().unwrap_or(""), &v.first_secretary], &[])
}

fn retain_with_keys<T>(items: &mut Vec<T>, keys: &mut Vec<SearchKey>, keep: impl Fn(&T) -> bool) {
    let flags: Vec<bool> = items.iter().map(&keep).collect();
    let mut i = 0;
    keys.retain(|_| {
        i += 1;
        flags[i - 1]
    });
    items.retain(keep);
}

fn index_by_id<'a>(ids: impl Iterator<Item = &'a str>) -> HashMap<String, usize> {
    ids.enumerate().map(|(i, id)| (id.to_string(), i)).collect()
}

fn group_by<'a>(keys: impl Iterator<Item = &'a str>) -> HashMap<String, Vec<usize>> {
    let mut map: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, k) in keys.enumerate() {
        map.entry(k.to_string()).or_default().push(i);
    }
    map
}

#[cfg(test)]
mod tests {
    use super::*;

    fn visit(id: &str, day: u32) -> Visit {
        Visit { id: id.into(), date: chrono::NaiveDate::from_ymd_opt(2026, 11, day).unwrap(), ..Visit::default() }
    }

    #[test]
    fn placing_keeps_order_and_keys_aligned() {
        let mut ledger = Ledger::default();
        for (id, day) in [("a", 3), ("b", 9), ("c", 5)] {
            ledger.put_visit(visit(id, day));
        }
        let order: Vec<&str> = ledger.visits.iter().map(|v| v.id.as_str()).collect();
        assert_eq!(order, ["b", "c", "a"]);
        ledger.put_visit(visit("a", 12));
        let order: Vec<&str> = ledger.visits.iter().map(|v| v.id.as_str()).collect();
        assert_eq!(order, ["a", "b", "c"]);
        assert_eq!(ledger.visit_keys.len(), 3);
        ledger.forget(&["b".into()]);
        assert_eq!((ledger.visits.len(), ledger.visit_keys.len()), (2, 2));
    }
}
