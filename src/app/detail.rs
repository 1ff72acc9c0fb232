//! The selected record's details, read when the selection (or the file) changes.

use super::{App, RecordKind, Tab};
use crate::domain::cadre::{Attendance, Cadre};
use crate::domain::project::{FundArrival, Project};
use crate::domain::task::{Task, TaskNote};
use crate::domain::village::Village;
use crate::domain::visit::Visit;
use crate::store::{HouseholdDetail, ListRow, ProjectRow, StoreError, TaskRow, VillageRow, VisitRow};

#[derive(Debug, Clone, Default)]
pub enum Detail {
    #[default]
    None,
    Village {
        village: Village,
        households: i64,
        monitored: i64,
    },
    Household(Box<HouseholdDetail>),
    Project {
        project: Project,
        village_name: String,
        beneficiaries: Vec<(String, bool)>,
        /// Money as it arrived, newest first.
        arrivals: Vec<FundArrival>,
    },
    Visit {
        visit: Visit,
        head_name: String,
        village_name: String,
    },
    Task {
        task: Task,
        subject: String,
        /// The meeting that decided it, by name (empty: none).
        meeting: String,
        /// The needs it answers, by title.
        answers: Vec<String>,
        notes: Vec<TaskNote>,
    },
    Cadre {
        cadre: Cadre,
        villages: Vec<String>,
        helped: i64,
        /// Days in the village by month, newest first.
        attendance: Vec<Attendance>,
    },
    Setting {
        row: ListRow,
        line_missing: bool,
    },
    /// 帮扶方: the villages it assists and this year's agreement against what was done.
    Party {
        party: crate::domain::cooperation::Party,
        villages: Vec<String>,
        year: i32,
        progress: Vec<crate::domain::cooperation::Progress>,
        /// Its targets of other years (next year's agreed early, last year's to
        /// correct), newest year first.
        other_years: Vec<crate::domain::cooperation::Target>,
    },
    /// A record of a list made from its declaration (`RecordList`), and the
    /// warnings that hold for it today.
    Record {
        kind: RecordKind,
        row: ListRow,
        warnings: Vec<crate::domain::warnings::Warning>,
        /// The records that name it, by name (the tasks a meeting decided).
        named_by: Vec<String>,
    },
}

impl Detail {
    pub fn household(&self) -> Option<&HouseholdDetail> {
        match self {
            Detail::Household(d) => Some(d),
            _ => None,
        }
    }

    /// The records the details list that the cursor walks (`e`, `d`, `h` act on them).
    pub fn parts(&self) -> Vec<(RecordKind, String)> {
        match self {
            Detail::Household(d) => household_parts(d),
            Detail::Cadre { attendance, .. } => {
                attendance.iter().map(|a| (RecordKind::Attendance, a.id.clone())).collect()
            }
            Detail::Project { arrivals, .. } => arrivals.iter().map(|a| (RecordKind::Arrival, a.id.clone())).collect(),
            Detail::Party { progress, other_years, .. } => progress
                .iter()
                .filter_map(|p| p.target.as_ref())
                .chain(other_years)
                .map(|t| (RecordKind::Target, t.id.clone()))
                .collect(),
            _ => Vec::new(),
        }
    }
}

/// A household's records its details list and the cursor walks through, in the
/// order they are shown: members, steps, measures, incomes, visits.
pub fn household_parts(d: &HouseholdDetail) -> Vec<(RecordKind, String)> {
    let mut parts: Vec<(RecordKind, String)> = Vec::new();
    parts.extend(d.members.iter().map(|m| (RecordKind::Member, m.id.clone())));
    parts.extend(d.events.iter().map(|e| (RecordKind::Step, e.id.clone())));
    parts.extend(d.measures.iter().map(|m| (RecordKind::Measure, m.id.clone())));
    parts.extend(d.incomes.iter().map(|i| (RecordKind::Income, i.income.id.clone())));
    parts.extend(d.visits.iter().map(|v| (RecordKind::Visit, v.id.clone())));
    parts
}

impl App {
    /// Reads the details of the selected record when it is not the one already read.
    pub(super) fn sync_detail(&mut self) -> Result<(), StoreError> {
        let tab = self.tab;
        let view = self.state(tab).view;
        let shown = self.detail_beside || self.state(tab).detail_open;
        let Some(row) = self.state(tab).list.selected_row().filter(|_| shown).cloned() else {
            self.detail = Detail::None;
            self.detail_for = None;
            return Ok(());
        };
        let key = (tab, view, row.id.clone(), self.generation);
        if self.detail_for.as_ref() == Some(&key) {
            return Ok(());
        }
        self.detail = self.read_detail(tab, &row)?;
        self.detail_for = Some(key);
        let parts = self.detail.parts().len();
        let state = self.state_mut(tab);
        state.part_cursor = state.part_cursor.min(parts.saturating_sub(1));
        Ok(())
    }

    /// The details of a row, as the list showing it has them: over the kinds of
    /// list, exhaustively (a new list says what its details are).
    fn read_detail(&self, tab: Tab, row: &ListRow) -> Result<Detail, StoreError> {
        use crate::store::ListKind;
        let id = row.id.as_str();
        let s = &self.store;
        let Some(list) = self.view_of(tab).list else { return Ok(Detail::None) };
        Ok(match list {
            ListKind::Records(list) if list.kind == RecordKind::Party => {
                let party: crate::domain::cooperation::Party = row.record();
                let year = chrono::Datelike::year(&self.today);
                let mut other_years: Vec<crate::domain::cooperation::Target> =
                    s.children("party_id", id, "ORDER BY t.year DESC, t.created_at, t.id")?;
                other_years.retain(|t| t.year != i64::from(year));
                Detail::Party {
                    villages: s.village_names(&party.villages)?,
                    progress: s.party_progress(&party, year, self.today)?,
                    other_years,
                    year,
                    party,
                }
            }
            ListKind::Records(list) => Detail::Record {
                kind: list.kind,
                row: row.clone(),
                warnings: s.record_warnings_of(list.kind.def().table, id, self.today)?,
                named_by: s
                    .referring(list.kind.def().table, id)?
                    .into_iter()
                    .map(|(kind, id)| self.record_name(kind, &id))
                    .collect(),
            },
            ListKind::Villages => {
                let counts: VillageRow = row.extras();
                Detail::Village { village: row.record(), households: counts.households, monitored: counts.monitored }
            }
            ListKind::Households | ListKind::VisitsDue => {
                s.household_detail(id, self.today)?.map_or(Detail::None, |d| Detail::Household(Box::new(d)))
            }
            ListKind::Projects => {
                let project: Project = s.get(id)?.unwrap_or_else(|| row.record());
                let mut beneficiaries = Vec::new();
                for h in &project.beneficiaries {
                    if let Some(household) = s.get::<crate::domain::household::Household>(h)? {
                        beneficiaries.push((household.head_name.clone(), household.is_monitored()));
                    }
                }
                let arrivals = s.children("project_id", id, "ORDER BY t.date DESC, t.id")?;
                Detail::Project {
                    village_name: row.extras::<ProjectRow>().village_name,
                    project,
                    beneficiaries,
                    arrivals,
                }
            }
            ListKind::Visits => {
                let to: VisitRow = row.extras();
                Detail::Visit { visit: row.record(), head_name: to.head_name, village_name: to.village_name }
            }
            ListKind::Tasks(_) => Detail::Task {
                meeting: row
                    .record::<Task>()
                    .meeting_id
                    .map_or(String::new(), |id| self.record_name(RecordKind::Meeting, &id)),
                task: row.record(),
                subject: row.extras::<TaskRow>().subject_name,
                answers: s
                    .referring(RecordKind::Task.def().table, id)?
                    .into_iter()
                    .filter(|(kind, _)| *kind == RecordKind::Need)
                    .map(|(kind, id)| self.record_name(kind, &id))
                    .collect(),
                notes: s.children("task_id", id, "ORDER BY t.date, t.id")?,
            },
            ListKind::People => {
                let cadre: Cadre = row.record();
                Detail::Cadre {
                    villages: s.village_names(&cadre.villages)?,
                    helped: s.helped_by(&cadre.name)?,
                    attendance: s.children("cadre_id", id, "ORDER BY t.month DESC, t.id")?,
                    cadre,
                }
            }
            ListKind::Settings => Detail::Setting { row: row.clone(), line_missing: s.line_missing(self.today)? },
            // The overview's warnings open their record elsewhere (Enter).
            ListKind::Warnings => Detail::None,
        })
    }

    /// The selected member, step, measure, income or visit in the open household
    /// details, or month of a cadre's attendance.
    pub fn selected_part(&self) -> Option<(RecordKind, String)> {
        if !self.tab_state().detail_open {
            return None;
        }
        self.detail.parts().into_iter().nth(self.tab_state().part_cursor)
    }
}
