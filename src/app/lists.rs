//! Which rows each list shows (the filter), and keeping the selection on the
//! same record when the lists change.

use super::{App, Tab};
use crate::domain::search::{Query, SearchKey};

impl App {
    fn keys(&self, tab: Tab) -> &[SearchKey] {
        match tab {
            Tab::Overview => &[],
            Tab::Villages => &self.ledger.village_keys,
            Tab::Households => &self.ledger.household_keys,
            Tab::Projects => &self.ledger.project_keys,
            Tab::Visits => &self.ledger.visit_keys,
        }
    }

    /// Re-applies the tab's filter to its list.
    pub fn refresh_rows(&mut self, tab: Tab) {
        let query = Query::parse(self.tabs[tab.index()].filter.value());
        let keys = self.keys(tab);
        let rows: Vec<usize> = if query.is_empty() {
            (0..keys.len()).collect()
        } else {
            (0..keys.len()).filter(|&i| keys[i].matches(&query)).collect()
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
            Tab::Visits => self.ledger.visits.iter().position(|v| v.id == id),
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
            Tab::Visits => self.ledger.visits[i].id.clone(),
        })
    }

    /// The selected member in the open household detail.
    pub fn selected_member_id(&self) -> Option<String> {
        let household = self.selected(Tab::Households)?;
        let members = self.ledger.members_of(&self.ledger.households[household].id);
        let state = &self.tabs[Tab::Households.index()];
        members.get(state.member_cursor).map(|m| m.id.clone())
    }
}
