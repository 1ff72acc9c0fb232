//! How a record is named in questions and messages: a village by its name, a
//! visit by its date and household, a step by its household and kind.

use super::{App, RecordKind};
use crate::domain::dates::format_date;
use crate::domain::vocab::list;

impl App {
    /// How a record is named in questions and messages (a deleted one too: the
    /// deleted list and the history name it).
    pub fn record_name(&self, kind: RecordKind, id: &str) -> String {
        self.try_record_name(kind, id).ok().flatten().unwrap_or_default()
    }

    fn try_record_name(&self, kind: RecordKind, id: &str) -> Result<Option<String>, crate::store::StoreError> {
        use crate::domain::*;
        let s = &self.store;
        let head = |household: &str| s.household_label(household).map(|l| l.map(|(h, _)| h).unwrap_or_default());
        let label = |l: &str, code: &str| self.vocab.label(l, code, self.lang).to_string();
        Ok(match kind {
            RecordKind::Village => s.get_any::<village::Village>(id)?.map(|v| v.name),
            RecordKind::Household => s.get_any::<household::Household>(id)?.map(|h| h.head_name),
            RecordKind::Member => s.get_any::<member::Member>(id)?.map(|m| m.name),
            RecordKind::Project => s.get_any::<project::Project>(id)?.map(|p| p.name),
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
            RecordKind::Task => s.get_any::<task::Task>(id)?.map(|t| t.title),
            RecordKind::Need => s.get_any::<need::Need>(id)?.map(|n| n.title),
            RecordKind::TaskNote => s.get_any::<task::TaskNote>(id)?.map(|n| n.text),
            RecordKind::Cadre => s.get_any::<cadre::Cadre>(id)?.map(|c| c.name),
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
            RecordKind::Threshold => s.get_any::<income::Threshold>(id)?.map(|t| format!("{} {}", t.province, t.year)),
            RecordKind::VisitRule => s.get_any::<schedule::VisitRule>(id)?.map(|r| label(list::VISIT_GROUP, &r.group)),
        })
    }
}
