//! The records of the open file, held in memory with the indexes and search keys
//! the screens need. Loaded once; after each save only the changed record is replaced.

use crate::domain::household::Household;
use crate::domain::member::Member;
use crate::domain::project::Project;
use crate::domain::search::SearchKey;
use crate::domain::village::Village;
use crate::domain::visit::Visit;
use crate::store::{Result, Store};
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
}

impl Ledger {
    pub fn load(store: &Store) -> Result<Ledger> {
        let mut ledger = Ledger {
            villages: store.load_all()?,
            households: store.load_all()?,
            members: store.load_all()?,
            projects: store.load_projects()?,
            visits: store.load_all()?,
            ..Ledger::default()
        };
        ledger.reindex();
        Ok(ledger)
    }

    /// Sorts every list the way cadres read it and rebuilds indexes and search keys.
    pub fn reindex(&mut self) {
        self.villages.sort_by(|a, b| {
            (&a.code.is_none(), &a.code, &a.name).cmp(&(&b.code.is_none(), &b.code, &b.name))
        });
        self.village_at = index_by_id(self.villages.iter().map(|v| v.id.as_str()));
        let village_order: HashMap<&str, usize> = self
            .village_at
            .iter()
            .map(|(k, v)| (k.as_str(), *v))
            .collect();
        self.households.sort_by(|a, b| {
            let va = village_order.get(a.village_id.as_str());
            let vb = village_order.get(b.village_id.as_str());
            (
                va,
                &a.group_name,
                a.number.is_empty(),
                &a.number,
                &a.head_name,
            )
                .cmp(&(
                    vb,
                    &b.group_name,
                    b.number.is_empty(),
                    &b.number,
                    &b.head_name,
                ))
        });
        self.household_at = index_by_id(self.households.iter().map(|h| h.id.as_str()));
        self.village_counts.clear();
        for h in &self.households {
            let entry = self.village_counts.entry(h.village_id.clone()).or_default();
            entry.0 += 1;
            entry.1 += h.is_monitored() as usize;
        }
        self.members
            .sort_by_key(|m| (m.relation.as_deref() != Some("self"), m.birth_date));
        self.members_of = group_by(self.members.iter().map(|m| m.household_id.as_str()));
        self.projects
            .sort_by(|a, b| (b.start_month, &a.name).cmp(&(a.start_month, &b.name)));
        self.visits
            .sort_by(|a, b| (b.date, &b.id).cmp(&(a.date, &a.id)));
        self.visits_of = group_by(
            self.visits
                .iter()
                .map(|v| v.household_id.as_deref().unwrap_or("")),
        );
        self.rebuild_keys();
    }

    fn rebuild_keys(&mut self) {
        self.village_keys = self
            .villages
            .iter()
            .map(|v| {
                SearchKey::new(
                    &[
                        &v.name,
                        &v.township,
                        v.code.as_deref().unwrap_or(""),
                        &v.first_secretary,
                    ],
                    &[],
                )
            })
            .collect();
        self.household_keys = self
            .households
            .iter()
            .map(|h| self.household_key(h))
            .collect();
        self.project_keys = self
            .projects
            .iter()
            .map(|p| {
                let village = p
                    .village_id
                    .as_deref()
                    .map_or("", |id| self.village_name(id));
                SearchKey::new(
                    &[
                        &p.name,
                        village,
                        &p.assisting_party,
                        &p.responsible_person,
                        &p.implementing_unit,
                    ],
                    &[],
                )
            })
            .collect();
        self.visit_keys = self
            .visits
            .iter()
            .map(|v| {
                let head = v
                    .household_id
                    .as_deref()
                    .and_then(|id| self.household(id))
                    .map_or("", |h| h.head_name.as_str());
                SearchKey::new(
                    &[
                        head,
                        self.village_name(&v.village_id),
                        &v.visitors,
                        &v.requests,
                    ],
                    &[],
                )
            })
            .collect();
    }

    /// A household is found by its head, its members, its number, village, group,
    /// helper or phone, and by the tail of any member's ID number.
    fn household_key(&self, h: &Household) -> SearchKey {
        let members = self.members_of(&h.id);
        let mut texts: Vec<&str> = vec![
            &h.head_name,
            &h.number,
            self.village_name(&h.village_id),
            &h.group_name,
            &h.helper,
        ];
        texts.push(h.phone.as_deref().unwrap_or(""));
        texts.extend(members.iter().map(|m| m.name.as_str()));
        let ids: Vec<&str> = members
            .iter()
            .filter_map(|m| m.id_number.as_deref())
            .collect();
        SearchKey::new(&texts, &ids)
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
        self.members_of
            .get(household_id)
            .map(|ix| ix.iter().map(|&i| &self.members[i]).collect())
            .unwrap_or_default()
    }

    /// Visits of a household, newest first.
    pub fn visits_of(&self, household_id: &str) -> Vec<&Visit> {
        self.visits_of
            .get(household_id)
            .map(|ix| ix.iter().map(|&i| &self.visits[i]).collect())
            .unwrap_or_default()
    }

    pub fn households_in(&self, village_id: &str) -> usize {
        self.village_counts(village_id).0
    }

    /// Households of a village, and how many of them are monitored.
    pub fn village_counts(&self, village_id: &str) -> (usize, usize) {
        self.village_counts
            .get(village_id)
            .copied()
            .unwrap_or_default()
    }

    pub fn put_village(&mut self, v: Village) {
        upsert(&mut self.villages, v, |x| &x.id);
        self.reindex();
    }
    pub fn put_household(&mut self, h: Household) {
        upsert(&mut self.households, h, |x| &x.id);
        self.reindex();
    }
    pub fn put_member(&mut self, m: Member) {
        upsert(&mut self.members, m, |x| &x.id);
        self.reindex();
    }
    pub fn put_project(&mut self, p: Project) {
        upsert(&mut self.projects, p, |x| &x.id);
        self.reindex();
    }
    pub fn put_visit(&mut self, v: Visit) {
        upsert(&mut self.visits, v, |x| &x.id);
        self.reindex();
    }

    /// Forgets deleted records (they stay in the file).
    pub fn forget(&mut self, ids: &[String]) {
        self.villages.retain(|x| !ids.contains(&x.id));
        self.households.retain(|x| !ids.contains(&x.id));
        self.members.retain(|x| !ids.contains(&x.id));
        self.projects.retain(|x| !ids.contains(&x.id));
        self.visits.retain(|x| !ids.contains(&x.id));
        self.reindex();
    }
}

fn upsert<T>(list: &mut Vec<T>, item: T, id: impl Fn(&T) -> &String) {
    match list.iter().position(|x| id(x) == id(&item)) {
        Some(i) => list[i] = item,
        None => list.push(item),
    }
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
