//! The import's planned write — new records, changed ones, disputes and the baselines
//! of what the export said — applied in one transaction.

use super::Said;
use crate::domain::household::Household;
use crate::domain::income::Income;
use crate::domain::measure::Measure;
use crate::domain::member::Member;
use crate::domain::village::Village;
use crate::store::{StoreError, Writer};

/// Above this many records written, the derived tables are worked out once for the
/// whole ledger at the end (cheaper than record by record for a first import; a
/// re-import with a few changes stays record by record).
pub(super) const REBUILD_ABOVE: usize = 5_000;

/// A planned write: new records and changed ones, applied in one transaction.
#[derive(Default)]
pub(super) struct Plan {
    pub(super) villages: Vec<Village>,
    pub(super) inserts: Vec<Insert>,
    pub(super) updates: Vec<Update>,
    /// (table, record id, what this export set each field to)
    pub(super) baselines: Vec<(&'static str, String, Said)>,
}

pub(super) enum Insert {
    Household(Box<Household>),
    Member(Box<Member>),
    Income(Box<Income>),
    Measure(Box<Measure>),
}

pub(super) enum Update {
    Household(Box<Household>, Box<Household>),
    Member(Box<Member>, Box<Member>),
    Income(Box<Income>, Box<Income>),
    /// The export's values of fields changed on both sides, with those fields.
    HouseholdBeside(Box<Household>, Vec<String>),
    MemberBeside(Box<Member>, Vec<String>),
    IncomeBeside(Box<Income>, Vec<String>),
}

impl Plan {
    /// Adds another plan's writes after this one's.
    pub(super) fn join(&mut self, other: Plan) {
        self.villages.extend(other.villages);
        self.inserts.extend(other.inserts);
        self.updates.extend(other.updates);
        self.baselines.extend(other.baselines);
    }

    /// How many records it writes.
    pub(super) fn size(&self) -> usize {
        self.villages.len() + self.inserts.len() + self.updates.len()
    }

    pub(super) fn apply(&mut self, w: &mut Writer) -> Result<(), StoreError> {
        for v in &mut self.villages {
            w.insert(v)?;
        }
        for insert in &mut self.inserts {
            match insert {
                Insert::Household(r) => w.insert(r.as_mut()).map(drop)?,
                Insert::Member(r) => w.insert(r.as_mut()).map(drop)?,
                Insert::Income(r) => w.insert(r.as_mut()).map(drop)?,
                Insert::Measure(r) => w.insert(r.as_mut()).map(drop)?,
            }
        }
        for update in &self.updates {
            match update {
                Update::Household(new, old) => w.update_changed(new.as_ref(), old.as_ref(), &[]).map(drop)?,
                Update::Member(new, old) => w.update_changed(new.as_ref(), old.as_ref(), &[]).map(drop)?,
                Update::Income(new, old) => w.update_changed(new.as_ref(), old.as_ref(), &[]).map(drop)?,
                Update::HouseholdBeside(r, keys) => w.update_beside(r.as_ref(), &keys_of(keys)).map(drop)?,
                Update::MemberBeside(r, keys) => w.update_beside(r.as_ref(), &keys_of(keys)).map(drop)?,
                Update::IncomeBeside(r, keys) => w.update_beside(r.as_ref(), &keys_of(keys)).map(drop)?,
            }
        }
        for (table, id, fields) in &self.baselines {
            w.set_import_baseline(table, id, fields)?;
        }
        Ok(())
    }
}

fn keys_of(keys: &[String]) -> Vec<&str> {
    keys.iter().map(String::as_str).collect()
}
