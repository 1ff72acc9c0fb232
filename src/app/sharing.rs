//! Many hands on one ledger, as a person meets them in a form: a save that clashes
//! with a colleague's (both values shown, the person chooses), and a deletion that
//! asks its reason. The lists over the log (history, deletions, disputes) are in
//! `log_view`.

use super::{App, Popup, RecordKind};
use crate::store::Clash;
use crate::widgets::text_field::TextField;

/// The fields a save found changed meanwhile, over the form they came from.
pub struct ClashView {
    pub clashes: Vec<Clash>,
}

/// Asking for a deletion's reason before deleting.
pub struct DeleteAsk {
    pub kind: RecordKind,
    pub id: String,
    pub name: String,
    pub reason: TextField,
}

impl App {
    /// The save found fields another session changed meanwhile: show both values.
    pub(super) fn show_clash(&mut self, clashes: Vec<Clash>) {
        self.popups.push(Popup::Clash(ClashView { clashes }));
    }

    /// `m`/Enter keeps the person's values, `t` takes the other session's into the
    /// form; either way the form now knows what the file holds, so the next save
    /// writes only what the person still wants changed.
    pub(super) fn clash_key(&mut self, key: crossterm::event::KeyEvent) {
        use crossterm::event::KeyCode;
        let Some(Popup::Clash(view)) = self.popups.last() else { return };
        let clashes = view.clashes.clone();
        let keep_mine = match key.code {
            KeyCode::Char('m' | 'M') | KeyCode::Enter => true,
            KeyCode::Char('t' | 'T') => false,
            KeyCode::Esc => {
                self.popups.pop();
                return;
            }
            _ => return,
        };
        self.popups.pop();
        if let Some(Popup::Form(open)) = self.popups.last_mut() {
            let mut original = open.form.original().clone();
            for c in &clashes {
                original.set(c.field, c.theirs.clone());
                if !keep_mine {
                    open.form.set_value(c.field, &c.theirs);
                }
            }
            open.form.rebase(original);
        }
        if keep_mine {
            self.save_form();
        } else {
            self.status = Some(self.t("status.took_theirs").into());
        }
    }

    /// The clash popup's lines: per field, the other session's value with who and
    /// when, then the person's own.
    pub fn clash_lines(&self, view: &ClashView) -> Vec<String> {
        let Some(open) = self.open_form() else { return Vec::new() };
        let prefix = open.kind.label_prefix();
        // Codes as the form shows them (several, as for the risks, each by its label).
        let shown = |key: &str, value: &str| {
            let field = open.form.field(key);
            let label = |code: &str| field.and_then(|f| f.label_of(code)).unwrap_or(code).to_string();
            match field.and_then(|f| f.label_of(value)) {
                Some(one) => one.to_string(),
                None => value.split(',').map(label).collect::<Vec<_>>().join(self.t("common.list_separator")),
            }
        };
        let mut lines = vec![self.t("clash.intro").to_string()];
        for c in &view.clashes {
            let field = self.labels.field(prefix, c.field);
            let theirs = shown(c.field, &c.theirs);
            let mine = shown(c.field, &open.form.value(c.field));
            let when = self.local_time(&c.hlc);
            let who = format!("{}@{}", c.user, c.host);
            lines.push(
                self.labels.f("clash.theirs", &[("field", field), ("value", &theirs), ("who", &who), ("when", &when)]),
            );
            lines.push(self.labels.f("clash.mine", &[("value", &mine)]));
        }
        lines
    }

    /// `d`: asks for the reason, then deletes.
    pub(super) fn ask_delete_reason(&mut self, kind: RecordKind, id: String) {
        let name = self.record_name(kind, &id);
        self.popups.push(Popup::Delete(DeleteAsk { kind, id, name, reason: TextField::default() }));
    }

    pub(super) fn delete_key(&mut self, key: crossterm::event::KeyEvent) {
        use crossterm::event::KeyCode;
        let Some(Popup::Delete(ask)) = self.popups.last_mut() else { return };
        match key.code {
            KeyCode::Esc => {
                self.popups.pop();
            }
            KeyCode::Enter => {
                let reason = crate::domain::field::reason_text(ask.reason.value());
                let (kind, id) = (ask.kind, ask.id.clone());
                self.popups.pop();
                self.delete_record(kind, &id, &reason);
            }
            _ => {
                ask.reason.handle_key(key);
            }
        }
    }
}
