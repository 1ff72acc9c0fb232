//! The tabs, in one place: what each is called, which lists it shows (its views),
//! what `a` adds there and what `e` / `d` act on. The record kinds are declared in
//! `domain/registry.rs`, with `with_record!`, which runs code over the type of each.

use crate::store::{ListKind, RecordList, TaskView};

/// Declares the tabs once, in the order of the tab bar and of the keys `1`…: the
/// enum, `Tab::ALL` and `Tab::COUNT`, which sizes the definitions (`TABS`) and each
/// tab's state, so a tab without either does not compile.
macro_rules! tabs {
    ($($tab:ident),* $(,)?) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Tab {
            $($tab),*
        }

        impl Tab {
            pub const ALL: [Tab; [$(Tab::$tab),*].len()] = [$(Tab::$tab),*];
            pub const COUNT: usize = Tab::ALL.len();
        }
    };
}

tabs!(Overview, Villages, Households, Projects, Visits, Tasks, People, Settings);

/// One way a tab lists its records (`f` cycles through them).
pub struct View {
    pub label: &'static str,
    pub list: Option<ListKind>,
    /// What `e` and `d` act on in this view (`None`: the rows are edited elsewhere).
    pub record: Option<RecordKind>,
}

pub struct TabDef {
    pub label: &'static str,
    /// The kinds whose records are rows of this tab (a kind's parts are shown under
    /// them, as the registry says): where a saved or searched record is shown.
    pub shows: &'static [RecordKind],
    /// The label when the tab bar is narrow.
    pub short: &'static str,
    /// What `a` adds on this tab.
    pub adds: Option<RecordKind>,
    pub views: &'static [View],
}

const fn view(label: &'static str, list: ListKind, record: Option<RecordKind>) -> View {
    View { label, list: Some(list), record }
}

/// 需求清单: overdue needs first (the list puts what a warning holds for first), then
/// those not started, in progress, done and closed out, each by deadline.
static NEEDS: RecordList = RecordList {
    kind: RecordKind::Need,
    columns: &["title", "class", "village_id", "township", "deadline", "status"],
    order: &["status", "deadline"],
};

/// Each tab's definition, in the order of `Tab::ALL` (sized by it: one missing does not compile).
const TABS: [TabDef; Tab::COUNT] = [
    TabDef {
        label: "tab.overview",
        shows: &[],
        short: "tab.short.overview",
        adds: None,
        views: &[
            View { label: "view.warnings", list: Some(ListKind::Warnings), record: None },
            View { label: "view.by_village", list: None, record: None },
            View { label: "view.ranking", list: None, record: None },
        ],
    },
    TabDef {
        label: "tab.villages",
        shows: &[RecordKind::Village],
        short: "tab.short.villages",
        adds: Some(RecordKind::Village),
        views: &[view("", ListKind::Villages, Some(RecordKind::Village))],
    },
    TabDef {
        label: "tab.households",
        shows: &[RecordKind::Household],
        short: "tab.short.households",
        adds: Some(RecordKind::Household),
        views: &[view("", ListKind::Households, Some(RecordKind::Household))],
    },
    TabDef {
        label: "tab.projects",
        shows: &[RecordKind::Project],
        short: "tab.short.projects",
        adds: Some(RecordKind::Project),
        views: &[view("", ListKind::Projects, Some(RecordKind::Project))],
    },
    TabDef {
        label: "tab.visits",
        shows: &[RecordKind::Visit],
        short: "tab.short.visits",
        adds: Some(RecordKind::Visit),
        views: &[
            view("view.visits", ListKind::Visits, Some(RecordKind::Visit)),
            view("view.due", ListKind::VisitsDue, None),
        ],
    },
    TabDef {
        label: "tab.tasks",
        shows: &[RecordKind::Task, RecordKind::Need],
        short: "tab.short.tasks",
        adds: Some(RecordKind::Task),
        views: &[
            view("view.all", ListKind::Tasks(TaskView::All), Some(RecordKind::Task)),
            view("view.open", ListKind::Tasks(TaskView::Open), Some(RecordKind::Task)),
            view("view.overdue", ListKind::Tasks(TaskView::Overdue), Some(RecordKind::Task)),
            view("view.closed", ListKind::Tasks(TaskView::Closed), Some(RecordKind::Task)),
            view("view.needs", ListKind::Records(&NEEDS), Some(RecordKind::Need)),
        ],
    },
    TabDef {
        label: "tab.people",
        shows: &[RecordKind::Cadre],
        short: "tab.short.people",
        adds: Some(RecordKind::Cadre),
        views: &[view("", ListKind::People, Some(RecordKind::Cadre))],
    },
    TabDef {
        label: "tab.settings",
        shows: &[RecordKind::Threshold, RecordKind::VisitRule],
        short: "tab.short.settings",
        adds: Some(RecordKind::Threshold),
        views: &[view("", ListKind::Settings, None)],
    },
];

impl Tab {
    pub fn index(self) -> usize {
        self as usize
    }

    #[allow(clippy::indexing_slicing)] // one definition per variant, in variant order
    pub fn def(self) -> &'static TabDef {
        &TABS[self as usize]
    }

    pub fn label_key(self) -> &'static str {
        self.def().label
    }

    pub fn short_label_key(self) -> &'static str {
        self.def().short
    }

    /// The view `n` of the tab (the first when out of range).
    pub fn view(self, n: usize) -> &'static View {
        let views = self.def().views;
        views.get(n).or(views.first()).unwrap_or(&NO_VIEW)
    }
}

static NO_VIEW: View = View { label: "", list: None, record: None };

pub use crate::domain::registry::RecordKind;

impl RecordKind {
    /// Where a record of this kind is shown: the tab whose rows are its kind (or
    /// the kind it is shown under), and the column naming the record whose details
    /// list it (none: it is a row itself). Every kind has one (a test).
    pub fn place(self) -> (Tab, Option<&'static str>) {
        let (row_kind, owner) = match self.under() {
            Some((kind, column)) => (kind, Some(column)),
            None => (self, None),
        };
        let tab = Tab::ALL.into_iter().find(|t| t.def().shows.contains(&row_kind)).unwrap_or(Tab::Overview);
        (tab, owner)
    }

    /// Children of a household that go with it when it is deleted (and come back with
    /// it when the deletion is restored): its visits too, so no list shows a visit to a
    /// household that is gone.
    pub const HOUSEHOLD_PARTS: [RecordKind; 5] =
        [RecordKind::Member, RecordKind::Measure, RecordKind::Income, RecordKind::Step, RecordKind::Visit];
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every kind is shown on exactly one tab (as a row, or under the record it belongs
    /// to), and a tab's views list only the kinds it shows.
    #[test]
    fn every_kind_has_one_place() {
        for kind in RecordKind::ALL {
            let row_kind = kind.under().map_or(*kind, |(owner, _)| owner);
            let tabs: Vec<Tab> = Tab::ALL.into_iter().filter(|t| t.def().shows.contains(&row_kind)).collect();
            assert_eq!(tabs.len(), 1, "{kind:?} is shown on {tabs:?}");
        }
        for tab in Tab::ALL {
            let def = tab.def();
            for record in def.views.iter().filter_map(|v| v.record).chain(def.adds) {
                assert!(def.shows.contains(&record), "{tab:?} lists or adds {record:?} but does not show it");
            }
        }
    }
}
