//! The tabs, in one place: what each is called, which lists it shows (its views),
//! what `a` adds there and what `e` / `d` act on. The record kinds are declared in
//! `domain/registry.rs`, with `with_record!`, which runs code over the type of each.

use super::action::Action;
use super::components::{self, Component};
use crate::store::{ListKind, RecordList, TaskView};

/// Declares the tabs once, in the order of the tab bar and of the keys `1`…: the
/// enum, `Tab::ALL` and `Tab::COUNT`, which sizes the definitions (`TABS`) and each
/// tab's state, so a tab without either does not compile.
macro_rules! tabs {
    ($($tab:ident => $name:literal),* $(,)?) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Tab {
            $($tab),*
        }

        impl Tab {
            pub const ALL: [Tab; [$(Tab::$tab),*].len()] = [$(Tab::$tab),*];
            pub const COUNT: usize = Tab::ALL.len();

            /// Its name in the keymap (`tab_villages`).
            pub fn name(self) -> &'static str {
                match self {
                    $(Tab::$tab => $name),*
                }
            }
        }
    };
}

tabs!(
    Overview => "overview",
    Villages => "villages",
    Households => "households",
    Projects => "projects",
    Visits => "visits",
    Tasks => "tasks",
    People => "people",
    Cooperation => "cooperation",
    Settings => "settings",
);

/// One way a tab lists its records (`f` cycles through them).
pub struct View {
    pub label: &'static str,
    pub list: Option<ListKind>,
    /// What `e` and `d` act on in this view (`None`: the rows are edited elsewhere).
    pub record: Option<RecordKind>,
    /// What the key line offers here, in its order.
    pub commands: &'static [Command],
    /// What it offers while a record's details are open (and walked); none: the
    /// view's own, which all still work there.
    pub details: Option<&'static [Command]>,
}

impl View {
    /// The view with a key line of its own for open details.
    const fn details(self, commands: &'static [Command]) -> View {
        View { details: Some(commands), ..self }
    }
}

/// A command on a key line: its actions, whose keys the keymap gives (shown together,
/// as `[ ]` or `↑↓ Enter`), and the catalog key of the words for it there.
pub struct Command {
    pub actions: &'static [Action],
    pub words: &'static str,
}

const fn cmd(actions: &'static [Action], words: &'static str) -> Command {
    Command { actions, words }
}

const ADD: Command = cmd(&[Action::Add], "cmd.add");
const EDIT: Command = cmd(&[Action::Edit], "cmd.edit");
const DELETE: Command = cmd(&[Action::Delete], "cmd.delete");
const FILTER: Command = cmd(&[Action::Filter], "cmd.filter");
const OPEN: Command = cmd(&[Action::Open], "cmd.open");
const BACK: Command = cmd(&[Action::Back], "cmd.back");
const HELP: Command = cmd(&[Action::Help], "cmd.help");
const QUIT: Command = cmd(&[Action::Quit], "cmd.quit");
const VIEW: Command = cmd(&[Action::View], "cmd.view");
const CLOSE_OUT: Command = cmd(&[Action::CloseTask], "cmd.close_out");
/// The tab keys, first to last (`1-8`).
const TAB_KEYS: Command = cmd(&[Action::Tab(0), Action::Tab(Tab::COUNT - 1)], "cmd.tabs");

/// A list of records edited where it is.
const LIST: &[Command] = &[ADD, EDIT, DELETE, FILTER, OPEN, TAB_KEYS, HELP, QUIT];
/// The details of a record without parts.
const DETAIL: &[Command] = &[BACK, EDIT, DELETE, HELP];
const OVERVIEW: &[Command] = &[
    cmd(&[Action::PrevMonth, Action::NextMonth], "cmd.month"),
    cmd(&[Action::Up, Action::Down, Action::Open], "cmd.open_warning"),
    cmd(&[Action::WriteFile], "cmd.write_file"),
    cmd(&[Action::ImportFile], "cmd.import"),
    cmd(&[Action::View], "cmd.villages_warnings"),
    cmd(&[Action::Side], "cmd.side"),
    cmd(&[Action::Tab(0), Action::Tab(Tab::COUNT - 1)], "cmd.tab_pages"),
    HELP,
    QUIT,
];
const TASKS: &[Command] = &[ADD, EDIT, cmd(&[Action::Note], "cmd.note"), CLOSE_OUT, VIEW, FILTER, OPEN, HELP];

/// A household's details: its parts walked, a member added, a visit recorded.
const HOUSEHOLD_DETAIL: &[Command] = &[
    cmd(&[Action::Up, Action::Down], "cmd.select"),
    EDIT,
    DELETE,
    cmd(&[Action::Reveal], "cmd.reveal"),
    cmd(&[Action::Add], "cmd.add_member"),
    cmd(&[Action::Visit], "cmd.visit"),
    BACK,
];
/// A project's details: its arrivals walked (e / d act on the one selected), one added.
const PROJECT_DETAIL: &[Command] = &[
    cmd(&[Action::Up, Action::Down], "cmd.select_arrival"),
    cmd(&[Action::Arrival], "cmd.arrival"),
    EDIT,
    DELETE,
    BACK,
    HELP,
];
/// A cadre's details: the months in the village walked.
const CADRE_DETAIL: &[Command] = &[
    cmd(&[Action::Attendance], "cmd.days_this_month"),
    cmd(&[Action::Up, Action::Down], "cmd.month_select"),
    EDIT,
    DELETE,
    BACK,
    HELP,
];
/// A side's details: the year's targets walked, a target added.
const PARTY_DETAIL: &[Command] =
    &[cmd(&[Action::Up, Action::Down], "cmd.select"), cmd(&[Action::Add], "cmd.add_target"), EDIT, DELETE, BACK, HELP];

pub struct TabDef {
    pub label: &'static str,
    /// What its own actions do on its rows, and which row `e` / `d` act on.
    pub component: &'static dyn Component,
    /// The actions only this tab gives a meaning: its component acts on each (a
    /// test), and pressed on another tab they say where they work.
    pub owns: &'static [Action],
    /// The kinds whose records are rows of this tab (a kind's parts are shown under
    /// them, as the registry says): where a saved or searched record is shown.
    pub shows: &'static [RecordKind],
    /// The label when the tab bar is narrow.
    pub short: &'static str,
    /// What `a` adds on this tab.
    pub adds: Option<RecordKind>,
    pub views: &'static [View],
}

const fn view(label: &'static str, list: ListKind, record: Option<RecordKind>, commands: &'static [Command]) -> View {
    View { label, list: Some(list), record, commands, details: None }
}

/// 需求清单: overdue needs first (the list puts what a warning holds for first), then
/// those not started, in progress, done and closed out, each by deadline.
static NEEDS: RecordList = RecordList {
    kind: RecordKind::Need,
    columns: &["title", "class", "village_id", "township", "deadline", "status"],
    order: &["status", "deadline"],
};

/// 协作: the assisting sides by name; what they did, in the order it happened.
static PARTIES: RecordList = RecordList {
    kind: RecordKind::Party,
    columns: &["name", "force", "level", "townships", "contact"],
    order: &["name"],
};
static PLACEMENTS: RecordList = RecordList {
    kind: RecordKind::Placement,
    columns: &["name", "village_id", "destination", "employer", "started", "working", "party_id"],
    order: &["started"],
};
static PURCHASES: RecordList = RecordList {
    kind: RecordKind::Purchase,
    columns: &["date", "buyer", "product", "amount", "party_id"],
    order: &["date"],
};
static EXCHANGES: RecordList = RecordList {
    kind: RecordKind::Exchange,
    columns: &["person", "direction", "kind", "unit", "role", "start", "until", "party_id"],
    order: &["start"],
};
static TRAININGS: RecordList = RecordList {
    kind: RecordKind::Training,
    columns: &["title", "date", "headcount", "attendees", "party_id"],
    order: &["date"],
};
static PARKS: RecordList = RecordList {
    kind: RecordKind::Park,
    columns: &["name", "year", "enterprises", "jobs", "output", "tax", "party_id"],
    order: &["year", "name"],
};
static DONATIONS: RecordList = RecordList {
    kind: RecordKind::Donation,
    columns: &["date", "donor", "amount", "goods", "purpose", "party_id"],
    order: &["date"],
};
static PAIRINGS: RecordList = RecordList {
    kind: RecordKind::Pairing,
    columns: &["date", "activity", "their_unit", "our_unit", "headcount", "party_id"],
    order: &["date"],
};
/// 任务's meetings: 月例会 and the rest, in the order held.
static MEETINGS: RecordList =
    RecordList { kind: RecordKind::Meeting, columns: &["date", "kind", "title", "host"], order: &["date"] };
const COOPERATION: &[Command] = &[ADD, EDIT, DELETE, VIEW, FILTER, OPEN, TAB_KEYS, HELP];
/// A meeting's details: a task it decided added, with the meeting as its source.
const MEETING_DETAIL: &[Command] = &[cmd(&[Action::Add], "cmd.add_decided_task"), EDIT, DELETE, BACK, HELP];

/// Each tab's definition, in the order of `Tab::ALL` (sized by it: one missing does not compile).
const TABS: [TabDef; Tab::COUNT] = [
    TabDef {
        label: "tab.overview",
        component: &components::Overview,
        owns: &[
            Action::PrevMonth,
            Action::NextMonth,
            Action::MonthNotes,
            Action::Side,
            Action::WriteFile,
            Action::ImportFile,
        ],
        shows: &[],
        short: "tab.short.overview",
        adds: None,
        views: &[
            View {
                label: "view.warnings",
                list: Some(ListKind::Warnings),
                record: None,
                commands: OVERVIEW,
                details: None,
            },
            View { label: "view.by_village", list: None, record: None, commands: OVERVIEW, details: None },
            View { label: "view.ranking", list: None, record: None, commands: OVERVIEW, details: None },
            View { label: "view.needs_count", list: None, record: None, commands: OVERVIEW, details: None },
            View { label: "view.reserve", list: None, record: None, commands: OVERVIEW, details: None },
        ],
    },
    TabDef {
        label: "tab.villages",
        component: &components::Villages,
        owns: &[],
        shows: &[RecordKind::Village],
        short: "tab.short.villages",
        adds: Some(RecordKind::Village),
        views: &[view("", ListKind::Villages, Some(RecordKind::Village), LIST).details(DETAIL)],
    },
    TabDef {
        label: "tab.households",
        component: &components::Households,
        owns: &[Action::Visit, Action::Member, Action::Step, Action::Measure, Action::Income, Action::Reveal],
        shows: &[RecordKind::Household],
        short: "tab.short.households",
        adds: Some(RecordKind::Household),
        views: &[view(
            "",
            ListKind::Households,
            Some(RecordKind::Household),
            &[
                cmd(&[Action::Visit], "cmd.visit"),
                cmd(&[Action::Member], "cmd.member"),
                cmd(&[Action::Step], "cmd.step"),
                cmd(&[Action::Measure], "cmd.measure"),
                cmd(&[Action::Income], "cmd.income"),
                ADD,
                EDIT,
                FILTER,
                HELP,
            ],
        )
        .details(HOUSEHOLD_DETAIL)],
    },
    TabDef {
        label: "tab.projects",
        component: &components::Projects,
        owns: &[Action::Arrival],
        shows: &[RecordKind::Project],
        short: "tab.short.projects",
        adds: Some(RecordKind::Project),
        views: &[view(
            "",
            ListKind::Projects,
            Some(RecordKind::Project),
            &[ADD, EDIT, cmd(&[Action::Arrival], "cmd.arrival"), DELETE, FILTER, OPEN, TAB_KEYS, HELP, QUIT],
        )
        .details(PROJECT_DETAIL)],
    },
    TabDef {
        label: "tab.visits",
        component: &components::Visits,
        owns: &[Action::Visit, Action::Step, Action::Measure, Action::Income],
        shows: &[RecordKind::Visit],
        short: "tab.short.visits",
        adds: Some(RecordKind::Visit),
        views: &[
            view(
                "view.visits",
                ListKind::Visits,
                Some(RecordKind::Visit),
                &[cmd(&[Action::View], "cmd.due_list"), ADD, EDIT, DELETE, FILTER, OPEN, HELP, QUIT],
            ),
            view(
                "view.due",
                ListKind::VisitsDue,
                None,
                &[
                    cmd(&[Action::Visit], "cmd.record_visit"),
                    cmd(&[Action::View], "cmd.visit_list"),
                    FILTER,
                    OPEN,
                    HELP,
                    QUIT,
                ],
            ),
        ],
    },
    TabDef {
        label: "tab.tasks",
        component: &components::Tasks,
        owns: &[Action::Note, Action::CloseTask],
        shows: &[RecordKind::Task, RecordKind::Need, RecordKind::Meeting],
        short: "tab.short.tasks",
        adds: Some(RecordKind::Task),
        views: &[
            view("view.all", ListKind::Tasks(TaskView::All), Some(RecordKind::Task), TASKS),
            view("view.open", ListKind::Tasks(TaskView::Open), Some(RecordKind::Task), TASKS),
            view("view.overdue", ListKind::Tasks(TaskView::Overdue), Some(RecordKind::Task), TASKS),
            view("view.closed", ListKind::Tasks(TaskView::Closed), Some(RecordKind::Task), TASKS),
            view(
                "view.needs",
                ListKind::Records(&NEEDS),
                Some(RecordKind::Need),
                &[ADD, EDIT, CLOSE_OUT, DELETE, VIEW, FILTER, OPEN, HELP],
            ),
            view(
                "view.meetings",
                ListKind::Records(&MEETINGS),
                Some(RecordKind::Meeting),
                &[ADD, EDIT, DELETE, VIEW, FILTER, OPEN, HELP],
            )
            .details(MEETING_DETAIL),
        ],
    },
    TabDef {
        label: "tab.people",
        component: &components::People,
        owns: &[Action::Attendance, Action::WorkAs],
        shows: &[RecordKind::Cadre],
        short: "tab.short.people",
        adds: Some(RecordKind::Cadre),
        views: &[view(
            "",
            ListKind::People,
            Some(RecordKind::Cadre),
            &[
                ADD,
                cmd(&[Action::Attendance], "cmd.days"),
                cmd(&[Action::WorkAs], "cmd.work_as"),
                EDIT,
                FILTER,
                OPEN,
                TAB_KEYS,
                HELP,
                QUIT,
            ],
        )
        .details(CADRE_DETAIL)],
    },
    TabDef {
        label: "tab.cooperation",
        component: &components::Cooperation,
        owns: &[],
        shows: &crate::domain::cooperation::SIDE_KINDS,
        short: "tab.short.cooperation",
        adds: Some(RecordKind::Party),
        views: &[
            view("view.parties", ListKind::Records(&PARTIES), Some(RecordKind::Party), COOPERATION)
                .details(PARTY_DETAIL),
            view("view.placements", ListKind::Records(&PLACEMENTS), Some(RecordKind::Placement), COOPERATION)
                .details(DETAIL),
            view("view.purchases", ListKind::Records(&PURCHASES), Some(RecordKind::Purchase), COOPERATION)
                .details(DETAIL),
            view("view.exchanges", ListKind::Records(&EXCHANGES), Some(RecordKind::Exchange), COOPERATION)
                .details(DETAIL),
            view("view.trainings", ListKind::Records(&TRAININGS), Some(RecordKind::Training), COOPERATION)
                .details(DETAIL),
            view("view.parks", ListKind::Records(&PARKS), Some(RecordKind::Park), COOPERATION).details(DETAIL),
            view("view.donations", ListKind::Records(&DONATIONS), Some(RecordKind::Donation), COOPERATION)
                .details(DETAIL),
            view("view.pairings", ListKind::Records(&PAIRINGS), Some(RecordKind::Pairing), COOPERATION).details(DETAIL),
        ],
    },
    TabDef {
        label: "tab.settings",
        component: &components::Settings,
        owns: &[],
        shows: &[RecordKind::Threshold, RecordKind::VisitRule],
        short: "tab.short.settings",
        adds: Some(RecordKind::Threshold),
        views: &[view("", ListKind::Settings, None, &[cmd(&[Action::Add], "cmd.add_line"), EDIT, DELETE, HELP, QUIT])],
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

static NO_VIEW: View = View { label: "", list: None, record: None, commands: &[], details: None };

pub use crate::domain::registry::RecordKind;

impl RecordKind {
    /// Where a record of this kind is shown: the tab whose rows are its kind (or
    /// the kind it is shown under), and the column naming the record whose details
    /// list it (none: it is a row itself). Every kind has one (a test).
    pub fn place(self) -> (Tab, Option<&'static str>) {
        let row_kind = self.row_kind();
        let tab = Tab::ALL.into_iter().find(|t| t.def().shows.contains(&row_kind)).unwrap_or(Tab::Overview);
        (tab, self.under().map(|(_, column)| column))
    }

    /// Children of a household that go with it when it is deleted (and come back with
    /// it when the deletion is restored): its visits too, so no list shows a visit to a
    /// household that is gone.
    pub const HOUSEHOLD_PARTS: [RecordKind; 5] =
        [RecordKind::Member, RecordKind::Measure, RecordKind::Income, RecordKind::Step, RecordKind::Visit];
}

#[cfg(test)]
#[path = "tab_tests.rs"]
mod tests;
