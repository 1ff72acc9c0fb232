//! Which rows each list shows (the filter), and keeping the selection on the
//! same record when the lists change.

use super::{App, FormKind, Tab};
use crate::domain::search::{Query, SearchKey};
use crate::domain::task::Task;
use chrono::NaiveDate;

/// Views of the visits tab: the visits recorded, or the households due for one.
pub const VIEW_ALL: usize = 0;
pub const VIEW_DUE: usize = 1;
/// Views of the tasks tab, cycled with `f`.
pub const TASK_VIEWS: usize = 4;
pub const VIEW_OPEN: usize = 1;
pub const VIEW_OVERDUE: usize = 2;
pub const VIEW_CLOSED: usize = 3;

fn task_in_view(task: &Task, view: usize, today: NaiveDate) -> bool {
    match view {
        VIEW_OPEN => task.is_open(),
        VIEW_OVERDUE => task.is_overdue(today),
        VIEW_CLOSED => !task.is_open(),
        _ => true,
    }
}

impl App {
    fn keys(&self, tab: Tab) -> &[SearchKey] {
        match tab {
            Tab::Villages => &self.ledger.village_keys,
            Tab::Households => &self.ledger.household_keys,
            Tab::Projects => &self.ledger.project_keys,
            Tab::Visits => &self.ledger.visit_keys,
            _ => &[],
        }
    }

    /// Tasks are found by title, owner, lead unit and what they concern.
    fn task_key(&self, task: &Task) -> SearchKey {
        let subject = self.subject_name(task.subject_kind.as_deref(), task.subject_id.as_deref());
        SearchKey::new(&[&task.title, &task.owner, &task.lead_unit, &subject], &[])
    }

    /// The name of what a task concerns: a village, a household's head, a project.
    pub fn subject_name(&self, kind: Option<&str>, id: Option<&str>) -> String {
        let Some(id) = id else { return String::new() };
        let l = &self.ledger;
        match kind {
            Some("village") => l.village_name(id).to_string(),
            Some("household") => {
                l.household(id).map_or(String::new(), |h| format!("{} {}", l.village_name(&h.village_id), h.head_name))
            }
            Some("project") => l.projects.iter().find(|p| p.id == id).map_or(String::new(), |p| p.name.clone()),
            _ => String::new(),
        }
    }

    /// Re-applies the tab's view and filter to its list.
    pub fn refresh_rows(&mut self, tab: Tab) {
        let query = Query::parse(self.tabs[tab.index()].filter.value());
        let view = self.tabs[tab.index()].view;
        // Keys are built only when there is something to match: saving and switching
        // tabs refresh every list, mostly with no filter typed.
        let matches = |key: &dyn Fn() -> SearchKey| query.is_empty() || key().matches(&query);
        let rows: Vec<usize> = match tab {
            Tab::Overview => Vec::new(),
            Tab::Visits if view == VIEW_DUE => {
                let keys = &self.ledger.household_keys;
                self.ledger
                    .due_households(self.today)
                    .into_iter()
                    .filter(|&h| query.is_empty() || keys[h].matches(&query))
                    .collect()
            }
            Tab::Tasks => {
                let tasks = &self.ledger.work.tasks;
                (0..tasks.len())
                    .filter(|&i| task_in_view(&tasks[i], view, self.today) && matches(&|| self.task_key(&tasks[i])))
                    .collect()
            }
            Tab::People => {
                let cadres = &self.ledger.work.cadres;
                (0..cadres.len())
                    .filter(|&i| {
                        let c = &cadres[i];
                        matches(&|| SearchKey::new(&[&c.name, &c.unit, c.phone.as_deref().unwrap_or("")], &[]))
                    })
                    .collect()
            }
            Tab::Settings => (0..self.ledger.work.thresholds.len() + self.ledger.work.rules.len()).collect(),
            _ => {
                let keys = self.keys(tab);
                (0..keys.len()).filter(|&i| query.is_empty() || keys[i].matches(&query)).collect()
            }
        };
        let state = &mut self.tabs[tab.index()];
        state.rows = rows;
        state.cursor.clamp(state.rows.len());
    }

    pub fn refresh_all_rows(&mut self) {
        for tab in Tab::ALL {
            self.refresh_rows(tab);
        }
    }

    /// Moves the selection of `tab` to the record at ledger position `position`.
    pub fn select_position(&mut self, tab: Tab, position: usize) {
        let state = &mut self.tabs[tab.index()];
        if let Some(row) = state.rows.iter().position(|&p| p == position) {
            state.cursor.selected = row;
        }
    }

    /// Moves the selection to a record by id, clearing a filter that hides it.
    pub fn select_id(&mut self, tab: Tab, id: &str) {
        let position = match tab {
            Tab::Villages => self.ledger.village_position(id),
            Tab::Households => self.ledger.household_position(id),
            Tab::Projects => self.ledger.projects.iter().position(|p| p.id == id),
            Tab::Visits if self.tabs[tab.index()].view == VIEW_DUE => self.ledger.household_position(id),
            Tab::Visits => self.ledger.visits.iter().position(|v| v.id == id),
            Tab::Tasks => self.ledger.work.tasks.iter().position(|t| t.id == id),
            Tab::People => self.ledger.work.cadres.iter().position(|c| c.id == id),
            Tab::Settings => self.settings_position(id),
            Tab::Overview => None,
        };
        let Some(position) = position else { return };
        if !self.tabs[tab.index()].rows.contains(&position) {
            self.tabs[tab.index()].filter.clear();
            self.refresh_rows(tab);
        }
        self.select_position(tab, position);
    }

    /// The id of the selected record of a tab.
    pub fn selected_id(&self, tab: Tab) -> Option<String> {
        let i = self.selected(tab)?;
        Some(match tab {
            Tab::Overview => return None,
            Tab::Villages => self.ledger.villages[i].id.clone(),
            Tab::Households => self.ledger.households[i].id.clone(),
            Tab::Projects => self.ledger.projects[i].id.clone(),
            Tab::Visits if self.tabs[tab.index()].view == VIEW_DUE => self.ledger.households[i].id.clone(),
            Tab::Visits => self.ledger.visits[i].id.clone(),
            Tab::Tasks => self.ledger.work.tasks[i].id.clone(),
            Tab::People => self.ledger.work.cadres[i].id.clone(),
            Tab::Settings => self.settings_record(i)?.1,
        })
    }

    /// A row of the settings tab: a monitoring line, then the visit rules.
    pub fn settings_record(&self, position: usize) -> Option<(FormKind, String)> {
        let w = &self.ledger.work;
        match w.thresholds.get(position) {
            Some(t) => Some((FormKind::Threshold, t.id.clone())),
            None => w.rules.get(position - w.thresholds.len()).map(|r| (FormKind::VisitRule, r.id.clone())),
        }
    }

    fn settings_position(&self, id: &str) -> Option<usize> {
        let w = &self.ledger.work;
        w.thresholds
            .iter()
            .position(|t| t.id == id)
            .or_else(|| w.rules.iter().position(|r| r.id == id).map(|i| i + w.thresholds.len()))
    }

    /// The selected member in the open household detail.
    pub fn selected_member_id(&self) -> Option<String> {
        let household = self.selected(Tab::Households)?;
        let members = self.ledger.members_of(&self.ledger.households[household].id);
        let state = &self.tabs[Tab::Households.index()];
        members.get(state.member_cursor).map(|m| m.id.clone())
    }
}
