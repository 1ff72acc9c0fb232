//! What a key asks the application to do in a list. Keys map to actions through
//! the keymap (assets/keymap.tsv), so the bindings are data, not code.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Quit,
    Tab(usize),
    NextTab,
    PrevTab,
    Up,
    Down,
    PageUp,
    PageDown,
    Top,
    Bottom,
    Open,
    Add,
    Edit,
    Delete,
    Visit,
    Member,
    Filter,
    Help,
    Back,
    Step,
    Measure,
    Income,
    View,
    Note,
    /// 人员: the selected cadre's days in the village and leave this month.
    Attendance,
    /// 项目: money arriving for the selected project (资金到位).
    Arrival,
    /// `b` on 人员: the selected cadre is who this session works as (走访人 by default).
    WorkAs,
    CloseTask,
    PrevMonth,
    NextMonth,
    History,
    Undo,
    Deleted,
    Disputes,
    /// Shows the selected member's full ID number (recorded in the ledger).
    Reveal,
    /// 概览: the month's 存在问题 and 下月打算.
    MonthNotes,
    /// 概览: the figures of the next assisting side (帮扶方, 帮扶力量), then all again.
    Side,
    /// 概览: write the month's report, the three ledgers or the national layout.
    WriteFile,
    /// 概览: import a national export, its dry run shown first.
    ImportFile,
}

impl Action {
    pub fn parse(name: &str) -> Option<Action> {
        Some(match name {
            "quit" => Action::Quit,
            // `tab_villages`: a tab by its name, as `tabs!` declares it.
            tab if tab.starts_with("tab_") => {
                let name = tab.strip_prefix("tab_")?;
                Action::Tab(super::Tab::ALL.iter().position(|t| t.name() == name)?)
            }
            "step" => Action::Step,
            "measure" => Action::Measure,
            "income" => Action::Income,
            "view" => Action::View,
            "note" => Action::Note,
            "attendance" => Action::Attendance,
            "arrival" => Action::Arrival,
            "work_as" => Action::WorkAs,
            "close_task" => Action::CloseTask,
            "prev_month" => Action::PrevMonth,
            "next_month" => Action::NextMonth,
            "next_tab" => Action::NextTab,
            "prev_tab" => Action::PrevTab,
            "up" => Action::Up,
            "down" => Action::Down,
            "page_up" => Action::PageUp,
            "page_down" => Action::PageDown,
            "top" => Action::Top,
            "bottom" => Action::Bottom,
            "open" => Action::Open,
            "add" => Action::Add,
            "edit" => Action::Edit,
            "delete" => Action::Delete,
            "visit" => Action::Visit,
            "member" => Action::Member,
            "filter" => Action::Filter,
            "help" => Action::Help,
            "back" => Action::Back,
            "history" => Action::History,
            "undo" => Action::Undo,
            "deleted" => Action::Deleted,
            "disputes" => Action::Disputes,
            "reveal" => Action::Reveal,
            "month_notes" => Action::MonthNotes,
            "side" => Action::Side,
            "write_file" => Action::WriteFile,
            "import_file" => Action::ImportFile,
            _ => return None,
        })
    }

    /// The label key that describes this action in the help screen.
    pub fn help_key(self) -> &'static str {
        match self {
            Action::Quit => "help.quit",
            Action::Tab(_) => "help.tab",
            Action::NextTab | Action::PrevTab => "help.next_tab",
            Action::Up | Action::Down => "help.move",
            Action::PageUp | Action::PageDown => "help.page",
            Action::Top | Action::Bottom => "help.top_bottom",
            Action::Open => "help.open",
            Action::Add => "help.add",
            Action::Edit => "help.edit",
            Action::Delete => "help.delete",
            Action::Visit => "help.visit",
            Action::Member => "help.member",
            Action::Filter => "help.filter",
            Action::Help => "help.help",
            Action::Back => "help.back",
            Action::Step => "help.step",
            Action::Measure => "help.measure",
            Action::Income => "help.income",
            Action::View => "help.view",
            Action::Note => "help.note",
            Action::Attendance => "help.attendance",
            Action::Arrival => "help.arrival",
            Action::WorkAs => "help.work_as",
            Action::CloseTask => "help.close_task",
            Action::PrevMonth | Action::NextMonth => "help.month",
            Action::History => "help.history",
            Action::Undo => "help.undo",
            Action::Deleted => "help.deleted",
            Action::Disputes => "help.disputes",
            Action::Reveal => "help.reveal",
            Action::MonthNotes => "help.month_notes",
            Action::Side => "help.side",
            Action::WriteFile => "help.write_file",
            Action::ImportFile => "help.import_file",
        }
    }
}

/// Key bindings: a key (as written in the keymap file) and its action.
pub struct Keymap {
    pub bindings: Vec<(String, Action)>,
}

const DEFAULT_KEYMAP: &str = include_str!("../../assets/keymap.tsv");

impl Default for Keymap {
    fn default() -> Self {
        let bindings = DEFAULT_KEYMAP
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .filter_map(|l| {
                let (key, action) = l.split_once('\t')?;
                Some((key.to_string(), Action::parse(action.trim())?))
            })
            .collect();
        Keymap { bindings }
    }
}

impl Keymap {
    pub fn action(&self, key: KeyEvent) -> Option<Action> {
        let name = key_name(key)?;
        self.bindings.iter().find(|(k, _)| *k == name).map(|(_, a)| *a)
    }

    /// The first key bound to an action, as a person reads it (`↑`, `Shift-Tab`).
    pub fn key_of(&self, action: Action) -> Option<String> {
        self.bindings.iter().find(|(_, a)| *a == action).map(|(k, _)| display_key(k))
    }
}

/// A key as a person reads it: arrows as arrows, `BackTab` as `Shift-Tab`.
pub fn display_key(key: &str) -> String {
    match key {
        "Up" => "↑".into(),
        "Down" => "↓".into(),
        "BackTab" => "Shift-Tab".into(),
        other => other.into(),
    }
}

/// The name of a key as the keymap writes it: `a`, `G`, `Enter`, `PageUp`, `F1`.
pub fn key_name(key: KeyEvent) -> Option<String> {
    if key.modifiers.intersects(KeyModifiers::CONTROL | KeyModifiers::ALT) {
        return None;
    }
    Some(match key.code {
        KeyCode::Char(c) => c.to_string(),
        KeyCode::Enter => "Enter".into(),
        KeyCode::Esc => "Esc".into(),
        KeyCode::Tab => "Tab".into(),
        KeyCode::BackTab => "BackTab".into(),
        KeyCode::Up => "Up".into(),
        KeyCode::Down => "Down".into(),
        KeyCode::Left => "Left".into(),
        KeyCode::Right => "Right".into(),
        KeyCode::PageUp => "PageUp".into(),
        KeyCode::PageDown => "PageDown".into(),
        KeyCode::Home => "Home".into(),
        KeyCode::End => "End".into(),
        KeyCode::F(n) => format!("F{n}"),
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    /// The default keys as docs/keys.md lists them.
    fn the_default_keys_are_those_docs_keys_lists() {
        let map = Keymap::default();
        let act = |code| map.action(KeyEvent::from(code));
        assert_eq!(act(KeyCode::Char('3')), Some(Action::Tab(2)));
        assert_eq!(act(KeyCode::Char('j')), Some(Action::Down));
        assert_eq!(act(KeyCode::Char('G')), Some(Action::Bottom));
        assert_eq!(act(KeyCode::Char('/')), Some(Action::Filter));
        assert_eq!(act(KeyCode::Char('v')), Some(Action::Visit));
        assert_eq!(act(KeyCode::BackTab), Some(Action::PrevTab));
        assert_eq!(map.action(KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL)), None);
    }
}
