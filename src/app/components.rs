//! Each tab as a component. `App::apply` is the router: it does what works
//! anywhere (quit, tabs, help, history, undo), then hands the action to the shown
//! tab's component, and only what the component leaves goes to what every list
//! does (move, open, add, edit, delete, filter, views).
//!
//! A component gives its tab's own actions (declared in `TabDef::owns`) their
//! meaning on its rows, and says which of its rows `e` / `d` act on. Its key line
//! is its views' commands (`app/tab.rs`); its drawing, the list kind's columns
//! and rows and the details' lines (`tabs/`). An action owned by no component of
//! the tab shown says on which tabs it works (`App::say_where`), from the same
//! declarations, so a key line and what the keys do cannot part.

use super::action::Action;
use super::{App, RecordKind, Tab};
use crate::domain::Draft;
use crate::domain::dates::format_date;
use crate::store::{ListKind, Setting, SettingRow};

/// The overview's second view: figures per village (the first lists the warnings).
pub const OVERVIEW_VILLAGES: usize = 1;
/// 概览's third view: the last quarter's villages ranked.
pub const OVERVIEW_RANKING: usize = 2;
/// 概览's fourth view: the needs by class and status (需求统计).
pub const OVERVIEW_NEEDS: usize = 3;
/// 概览's fifth view: the project reserve by sector (项目储备库).
pub const OVERVIEW_RESERVE: usize = 4;

pub trait Component: Sync {
    /// What `action` does on this tab; `false` leaves it to what every list does.
    fn act(&self, app: &mut App, action: Action) -> bool;

    /// The record `e` and `d` act on: the selected row, as the view's kind.
    fn selected_record(&self, app: &App) -> Option<(RecordKind, String)> {
        let row = app.tab_state().list.selected_row()?;
        app.view_of(app.tab).record.map(|kind| (kind, row.id.clone()))
    }

    /// Whether records of `kind` are rows of the list `tab` shows now (a record
    /// saved there is then selected).
    fn lists(&self, app: &App, tab: Tab, kind: RecordKind) -> bool {
        app.view_of(tab).record == Some(kind)
    }
}

/// 概览: three views of its own (warnings, villages, ranking), the month, the side,
/// the files; `e` edits nothing here, `d` and `h` take the warning's record.
pub struct Overview;

impl Component for Overview {
    fn act(&self, app: &mut App, action: Action) -> bool {
        match action {
            Action::Up => app.move_on_overview(-1),
            Action::Down => app.move_on_overview(1),
            Action::PageUp => app.move_on_overview(-app.overview_page()),
            Action::PageDown => app.move_on_overview(app.overview_page()),
            Action::Top => app.move_on_overview(isize::MIN / 2),
            Action::Bottom => app.move_on_overview(isize::MAX / 2),
            Action::Open => app.open_warning(),
            Action::PrevMonth => app.shift_month(-1),
            Action::NextMonth => app.shift_month(1),
            Action::MonthNotes => app.write_month_notes(),
            Action::Side => app.next_side(),
            Action::WriteFile => app.ask_output(),
            Action::ImportFile => app.ask_import(),
            // No filter line and nothing edited in place here.
            Action::Filter | Action::Edit => {}
            _ => return false,
        }
        true
    }

    fn selected_record(&self, app: &App) -> Option<(RecordKind, String)> {
        let w = app.overview.warnings.selected_row().map(|r| r.warning())?;
        RecordKind::of_table(&w.table).map(|kind| (kind, w.record_id))
    }
}

/// 村庄: villages come from the official division list (a name typed, not a code).
pub struct Villages;

impl Component for Villages {
    fn act(&self, app: &mut App, action: Action) -> bool {
        match action {
            Action::Add => app.open_division_picker(),
            _ => return false,
        }
        true
    }
}

/// 监测户: a household's work (visit, member, step, measure, income) on the selected
/// household; in its details `a` adds a member and `r` shows a member's ID number.
pub struct Households;

impl Component for Households {
    fn act(&self, app: &mut App, action: Action) -> bool {
        let household = app.selected_id(Tab::Households);
        match action {
            Action::Add if app.tab_state().detail_open && app.detail.household().is_some() => app.add_member(household),
            Action::Member => app.add_member(household),
            Action::Visit => app.start_visit(household),
            Action::Reveal => app.reveal_id_number(),
            Action::Step | Action::Measure | Action::Income => app.household_work(action, household),
            _ => return false,
        }
        true
    }
}

/// 项目: `z` records money arriving for the selected project.
pub struct Projects;

impl Component for Projects {
    fn act(&self, app: &mut App, action: Action) -> bool {
        match action {
            Action::Arrival => app.record_arrival(app.tab_state().list.selected_row().map(|r| r.record())),
            _ => return false,
        }
        true
    }
}

/// 走访: a new visit from the visit list, or to the household selected on the due list
/// (whose steps, measures and incomes are recorded from there too).
pub struct Visits;

impl Component for Visits {
    fn act(&self, app: &mut App, action: Action) -> bool {
        let due = app.view_of(Tab::Visits).list == Some(ListKind::VisitsDue);
        let household = due.then(|| app.selected_id(Tab::Visits)).flatten();
        match action {
            Action::Visit if due => app.start_visit(household),
            Action::Visit => {
                let preset = app.preset_for(RecordKind::Visit);
                app.open_new_form(RecordKind::Visit, preset);
            }
            Action::Step | Action::Measure | Action::Income => app.household_work(action, household),
            _ => return false,
        }
        true
    }
}

/// 任务: progress notes on a task, 销号 of a task or a need; in a meeting's details
/// `a` adds a task it decided.
pub struct Tasks;

impl Component for Tasks {
    fn act(&self, app: &mut App, action: Action) -> bool {
        let selected = self.selected_record(app);
        let meeting = selected.as_ref().filter(|(kind, _)| *kind == RecordKind::Meeting && app.tab_state().detail_open);
        match action {
            Action::Add if meeting.is_some() => {
                let id = meeting.map(|(_, id)| id.clone()).unwrap_or_default();
                let preset = app
                    .preset_for(RecordKind::Task)
                    .with("meeting_id", id)
                    .with("source", crate::domain::task::SOURCE_MEETING);
                app.open_new_form(RecordKind::Task, preset);
            }
            Action::Note => app.add_task_note(selected.filter(|(kind, _)| *kind == RecordKind::Task)),
            Action::CloseTask => {
                app.close_out(selected.filter(|(kind, _)| matches!(kind, RecordKind::Task | RecordKind::Need)))
            }
            _ => return false,
        }
        true
    }
}

/// 人员: a cadre's days in the village (`t`), and who this session works as (`b`).
pub struct People;

impl Component for People {
    fn act(&self, app: &mut App, action: Action) -> bool {
        let cadre = app.tab_state().list.selected_row().map(|r| r.record());
        match action {
            Action::Attendance => app.record_attendance(cadre),
            Action::WorkAs => app.work_as(cadre),
            _ => return false,
        }
        true
    }
}

/// 协作: in a side's details `a` adds a target of this year's agreement.
pub struct Cooperation;

impl Component for Cooperation {
    fn act(&self, app: &mut App, action: Action) -> bool {
        let party = match &app.detail {
            super::Detail::Party { party, year, .. } if app.tab_state().detail_open => {
                Some((party.id.clone(), year.to_string()))
            }
            _ => None,
        };
        match (action, party) {
            (Action::Add, Some((id, year))) => {
                app.open_new_form(RecordKind::Target, Draft::default().with("party_id", id).with("year", year))
            }
            _ => return false,
        }
        true
    }
}

/// 设置: one list of three kinds of line — poverty lines and visit rules (records),
/// and the 年考评 weights (settings, changed but never deleted).
pub struct Settings;

impl Component for Settings {
    fn act(&self, app: &mut App, action: Action) -> bool {
        let weight = app.selected_weight();
        match (action, weight) {
            (Action::Edit, Some(indicator)) => app.write_weight(indicator),
            (Action::Delete, Some(_)) => app.status = Some(app.t("settings.weight_no_delete").into()),
            _ => return false,
        }
        true
    }

    fn selected_record(&self, app: &App) -> Option<(RecordKind, String)> {
        let row = app.tab_state().list.selected_row()?;
        let kind = match row.extras::<SettingRow>().setting()? {
            Setting::Threshold => RecordKind::Threshold,
            Setting::VisitRule => RecordKind::VisitRule,
            Setting::Weight => return None,
        };
        Some((kind, row.id.clone()))
    }

    fn lists(&self, _app: &App, _tab: Tab, kind: RecordKind) -> bool {
        matches!(kind, RecordKind::Threshold | RecordKind::VisitRule)
    }
}

impl App {
    /// `s`, `c`, `i`: a step, a measure or an income of a household.
    fn household_work(&mut self, action: Action, household: Option<String>) {
        let Some(id) = household else {
            self.status = Some(self.t("status.needs_household").into());
            return;
        };
        match action {
            Action::Step => self.open_step_form(&id),
            Action::Measure => {
                let preset = Draft::default().with("household_id", id).with("start", format_date(self.today));
                self.open_new_form(RecordKind::Measure, preset);
            }
            _ => {
                let year = self.today.format("%Y").to_string();
                let period = crate::domain::income::period::YEAR;
                let preset = Draft::default().with("household_id", id).with("year", year).with("period", period);
                self.open_new_form(RecordKind::Income, preset);
            }
        }
    }

    /// ↑↓ and pages on 概览, over the view shown.
    fn move_on_overview(&mut self, delta: isize) {
        match self.tab_state().view {
            OVERVIEW_VILLAGES => {
                let len = self.overview.figures.villages.len();
                self.overview.village_cursor.step(delta, len);
            }
            OVERVIEW_RANKING => {
                let len = self.ranking_rows().len();
                self.overview.ranking_cursor.step(delta, len);
            }
            view @ (OVERVIEW_NEEDS | OVERVIEW_RESERVE) => {
                let (cursor, len) = self.overview.counts_cursor(view);
                cursor.step(delta, len);
            }
            _ => {
                let list = &mut self.overview.warnings;
                list.cursor.step(delta, list.count);
            }
        }
    }

    /// A page of the overview's warnings, less one row kept for context.
    fn overview_page(&self) -> isize {
        self.overview.warnings.height.saturating_sub(1).max(1) as isize
    }

    /// An action that does nothing on this tab: where it works, with the keys to
    /// go there, from the tabs' declarations ("p 在概览页使用（按 1 前往）").
    pub(super) fn say_where(&mut self, action: Action) {
        let tabs: Vec<Tab> = Tab::ALL.into_iter().filter(|t| t.def().owns.contains(&action)).collect();
        let Some(key) = self.keymap.key_of(action).filter(|_| !tabs.is_empty()) else { return };
        let separator = self.t("common.list_separator");
        let names: Vec<&str> = tabs.iter().map(|t| self.t(t.label_key())).collect();
        let keys: Vec<String> = tabs.iter().filter_map(|t| self.keymap.key_of(Action::Tab(t.index()))).collect();
        let text = self.labels.f(
            "status.works_on",
            &[("key", &key), ("tabs", &names.join(separator)), ("tab_keys", &keys.join(separator))],
        );
        self.status = Some(text);
    }
}

/// A tab of lists only: every action is what every list does.
pub struct Plain;

impl Component for Plain {
    fn act(&self, _app: &mut App, _action: Action) -> bool {
        false
    }
}
