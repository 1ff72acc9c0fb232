//! Moving to a record, wherever it is asked for (a warning opened, a form resumed):
//! the registry says which kind's rows show it and under which record, the tab
//! definitions say which tab and view list that kind.

use super::{App, RecordKind, Tab};

impl App {
    /// Shows a record: its tab, a view listing the kind of its row, that row selected
    /// (the record itself, or the one it is shown under, named by `owner_id`), its
    /// details open when it is a part or when `open` asks.
    pub(super) fn show_record(&mut self, kind: RecordKind, id: &str, owner_id: Option<&str>, open: bool) {
        let (tab, owner) = kind.place();
        let row_kind = kind.row_kind();
        self.switch_tab(tab);
        self.show_view_of(tab, row_kind);
        let row = if owner.is_some() { owner_id.unwrap_or_default() } else { id };
        if !row.is_empty() {
            self.select_id(tab, row);
            self.tab_state_mut().detail_open = open || owner.is_some();
        }
    }

    /// Moves a tab to its first view listing `kind`, unless the one shown does (or
    /// none does: the settings tab lists two kinds in one view).
    fn show_view_of(&mut self, tab: Tab, kind: RecordKind) {
        let views = tab.def().views;
        if self.view_of(tab).record == Some(kind) {
            return;
        }
        if let Some(n) = views.iter().position(|v| v.record == Some(kind)) {
            let state = self.state_mut(tab);
            state.view = n;
            state.detail_open = false;
            state.list.reset();
        }
    }
}
