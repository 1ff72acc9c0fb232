//! The tabs, in one place: what each is called, which lists it shows (its views),
//! what `a` adds there and what `e` / `d` act on. The record kinds are declared in
//! `domain/registry.rs`; `with_record!` runs code over the type of each.

use crate::store::{ListKind, TaskView};

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
    /// The label when the tab bar is narrow.
    pub short: &'static str,
    /// What `a` adds on this tab.
    pub adds: Option<RecordKind>,
    pub views: &'static [View],
}

const fn view(label: &'static str, list: ListKind, record: Option<RecordKind>) -> View {
    View { label, list: Some(list), record }
}

/// Each tab's definition, in the order of `Tab::ALL` (sized by it: one missing does not compile).
const TABS: [TabDef; Tab::COUNT] = [
    TabDef {
        label: "tab.overview",
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
        short: "tab.short.villages",
        adds: Some(RecordKind::Village),
        views: &[view("", ListKind::Villages, Some(RecordKind::Village))],
    },
    TabDef {
        label: "tab.households",
        short: "tab.short.households",
        adds: Some(RecordKind::Household),
        views: &[view("", ListKind::Households, Some(RecordKind::Household))],
    },
    TabDef {
        label: "tab.projects",
        short: "tab.short.projects",
        adds: Some(RecordKind::Project),
        views: &[view("", ListKind::Projects, Some(RecordKind::Project))],
    },
    TabDef {
        label: "tab.visits",
        short: "tab.short.visits",
        adds: Some(RecordKind::Visit),
        views: &[
            view("view.visits", ListKind::Visits, Some(RecordKind::Visit)),
            view("view.due", ListKind::VisitsDue, None),
        ],
    },
    TabDef {
        label: "tab.tasks",
        short: "tab.short.tasks",
        adds: Some(RecordKind::Task),
        views: &[
            view("view.all", ListKind::Tasks(TaskView::All), Some(RecordKind::Task)),
            view("view.open", ListKind::Tasks(TaskView::Open), Some(RecordKind::Task)),
            view("view.overdue", ListKind::Tasks(TaskView::Overdue), Some(RecordKind::Task)),
            view("view.closed", ListKind::Tasks(TaskView::Closed), Some(RecordKind::Task)),
        ],
    },
    TabDef {
        label: "tab.people",
        short: "tab.short.people",
        adds: Some(RecordKind::Cadre),
        views: &[view("", ListKind::People, Some(RecordKind::Cadre))],
    },
    TabDef {
        label: "tab.settings",
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

/// Runs `$body` with `$t` standing for the record type of `$kind`.
#[macro_export]
macro_rules! with_record {
    ($kind:expr, $t:ident => $body:expr) => {{
        use $crate::app::tab::RecordKind as K;
        match $kind {
            K::Village => {
                type $t = $crate::domain::village::Village;
                $body
            }
            K::Household => {
                type $t = $crate::domain::household::Household;
                $body
            }
            K::Member => {
                type $t = $crate::domain::member::Member;
                $body
            }
            K::Project => {
                type $t = $crate::domain::project::Project;
                $body
            }
            K::Visit => {
                type $t = $crate::domain::visit::Visit;
                $body
            }
            K::Step => {
                type $t = $crate::domain::monitoring::MonitoringEvent;
                $body
            }
            K::Measure => {
                type $t = $crate::domain::measure::Measure;
                $body
            }
            K::Income => {
                type $t = $crate::domain::income::Income;
                $body
            }
            K::Task => {
                type $t = $crate::domain::task::Task;
                $body
            }
            K::TaskNote => {
                type $t = $crate::domain::task::TaskNote;
                $body
            }
            K::Cadre => {
                type $t = $crate::domain::cadre::Cadre;
                $body
            }
            K::Attendance => {
                type $t = $crate::domain::cadre::Attendance;
                $body
            }
            K::Arrival => {
                type $t = $crate::domain::project::FundArrival;
                $body
            }
            K::Threshold => {
                type $t = $crate::domain::income::Threshold;
                $body
            }
            K::VisitRule => {
                type $t = $crate::domain::schedule::VisitRule;
                $body
            }
        }
    }};
}

impl RecordKind {
    /// Where a record of this kind is shown: its tab, and the field naming the record
    /// whose details list it (none: it is a row of that tab itself).
    pub fn place(self) -> (Tab, Option<&'static str>) {
        match self {
            RecordKind::Village => (Tab::Villages, None),
            RecordKind::Household => (Tab::Households, None),
            RecordKind::Member | RecordKind::Step | RecordKind::Measure | RecordKind::Income => {
                (Tab::Households, Some("household_id"))
            }
            RecordKind::Visit => (Tab::Visits, None),
            RecordKind::Project => (Tab::Projects, None),
            RecordKind::Arrival => (Tab::Projects, Some("project_id")),
            RecordKind::Task => (Tab::Tasks, None),
            RecordKind::TaskNote => (Tab::Tasks, Some("task_id")),
            RecordKind::Cadre => (Tab::People, None),
            RecordKind::Attendance => (Tab::People, Some("cadre_id")),
            RecordKind::Threshold | RecordKind::VisitRule => (Tab::Settings, None),
        }
    }

    /// Children of a household that go with it when it is deleted (and come back with
    /// it when the deletion is restored): its visits too, so no list shows a visit to a
    /// household that is gone.
    pub const HOUSEHOLD_PARTS: [RecordKind; 5] =
        [RecordKind::Member, RecordKind::Measure, RecordKind::Income, RecordKind::Step, RecordKind::Visit];
}
