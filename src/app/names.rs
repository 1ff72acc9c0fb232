//! How a record is named in questions and messages: by its own fields where the
//! registry says how (a village by its name), else here, from the records it belongs
//! to (a visit by its date and household, a step by its household and kind).

use super::{App, RecordKind};
use crate::domain::dates::format_date;
use crate::domain::record::Record;
use crate::domain::registry::ReadRecord;
use crate::domain::vocab::list;
use crate::store::{Store, StoreError};

/// Reads a record whether deleted or not: the deleted list and the history name them.
struct AnyRecord<'a>(&'a Store);

impl ReadRecord for AnyRecord<'_> {
    type Error = StoreError;
    fn read<T: Record>(&self, id: &str) -> Result<Option<T>, StoreError> {
        self.0.get_any(id)
    }
    fn children<T: Record>(&self, column: &'static str, id: &str) -> Result<Vec<T>, StoreError> {
        self.0.children(column, id, "ORDER BY t.id")
    }
    fn side_records(
        &self,
        party: &crate::domain::cooperation::Party,
    ) -> Result<crate::domain::cooperation::SideRecords, StoreError> {
        self.0.side_records(party)
    }
}

impl App {
    /// How a record is named in questions and messages (a deleted one too).
    pub fn record_name(&self, kind: RecordKind, id: &str) -> String {
        self.try_record_name(kind, id).ok().flatten().unwrap_or_default()
    }

    fn try_record_name(&self, kind: RecordKind, id: &str) -> Result<Option<String>, StoreError> {
        use crate::domain::*;
        if let Some(name) = kind.record_name(&AnyRecord(&self.store), id)? {
            return Ok(Some(name));
        }
        let s = &self.store;
        let head = |household: &str| s.household_label(household).map(|l| l.map(|(h, _)| h).unwrap_or_default());
        let label = |l: &str, code: &str| self.vocab.label(l, code, self.lang).to_string();
        // The kinds the registry names by `name: None` (a test names a record of each).
        Ok(match kind {
            RecordKind::Visit => match s.get_any::<visit::Visit>(id)? {
                Some(v) => {
                    let who = match &v.household_id {
                        Some(h) => head(h)?,
                        None => s.village_name(&v.village_id)?,
                    };
                    Some(format!("{} {who}", format_date(v.date)))
                }
                None => None,
            },
            RecordKind::Step => match s.get_any::<monitoring::MonitoringEvent>(id)? {
                Some(e) => Some(format!("{} {}", head(&e.household_id)?, label(list::MONITORING_STEP, &e.step))),
                None => None,
            },
            RecordKind::Measure => s
                .get_any::<measure::Measure>(id)?
                .map(|m| format!("{} {}", label(list::MEASURE_CATEGORY, &m.category), m.item)),
            RecordKind::Income => match s.get_any::<income::Income>(id)? {
                Some(i) => Some(format!("{} {}", head(&i.household_id)?, i.year)),
                None => None,
            },
            RecordKind::Attendance => match s.get_any::<cadre::Attendance>(id)? {
                Some(a) => Some(format!("{} {}", self.record_name(RecordKind::Cadre, &a.cadre_id), a.month)),
                None => None,
            },
            RecordKind::Arrival => match s.get_any::<project::FundArrival>(id)? {
                Some(a) => Some(format!(
                    "{} {} {}",
                    self.record_name(RecordKind::Project, &a.project_id),
                    crate::domain::dates::format_date(a.date),
                    crate::ui::format::amount_text(self.labels, a.amount)
                )),
                None => None,
            },
            RecordKind::VisitRule => s.get_any::<schedule::VisitRule>(id)?.map(|r| label(list::VISIT_GROUP, &r.group)),
            // 浙江省金华市 2026 劳务协作转移就业
            RecordKind::Target => match s.get_any::<cooperation::Target>(id)? {
                Some(t) => Some(format!(
                    "{} {} {}",
                    self.record_name(RecordKind::Party, &t.party_id),
                    t.year,
                    label(cooperation::INDICATOR, &t.indicator)
                )),
                None => None,
            },
            _ => None,
        })
    }
}
