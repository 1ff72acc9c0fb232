//! Lists in a popup over the ledger's log: a record's history (`h`), this session's
//! saves taken back (`u`), the deletions with their reasons (`D`), and the disputes and
//! likely duplicates merges left (`C`).

use super::{App, Confirm, Popup, RecordKind, Tab};
use crate::domain::FieldValue;
use crate::store::{BatchSubject, Change, Deletion, Dispute, Duplicate, UNDO_NOTE};
use crate::ui::format::field_text;

/// A list in a popup: a record's history, the deleted records, or the disputes.
pub struct LogView {
    pub title: String,
    pub rows: Vec<LogRow>,
    pub cursor: usize,
    /// What the list's keys act on, and the hint line under it.
    pub kind: LogKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogKind {
    History,
    Deleted,
    Disputes,
}

pub struct LogRow {
    pub lines: Vec<String>,
    pub target: LogTarget,
}

pub enum LogTarget {
    Nothing,
    Restore(String),
    Settle(Dispute),
    Join(Duplicate),
}

impl App {
    /// `h`: the history of the selected record (the selected member in a household's details).
    pub(super) fn show_history(&mut self) {
        let Some((kind, id)) = self.target_record() else { return };
        let name = self.record_name(kind, &id);
        match self.store.history(&id) {
            Ok(changes) => {
                let rows =
                    changes.iter().map(|c| LogRow { lines: self.change_lines(kind, c), target: LogTarget::Nothing });
                let title = self.labels.f("history.title", &[("what", &name)]);
                self.popups.push(Popup::Log(LogView {
                    title,
                    rows: rows.collect(),
                    cursor: 0,
                    kind: LogKind::History,
                }));
            }
            Err(e) => self.status = Some(self.store_error_text(&e)),
        }
    }

    /// One change as two lines: when, who, where; then what.
    fn change_lines(&self, kind: RecordKind, c: &Change) -> Vec<String> {
        let when = self.local_time(&c.op.hlc);
        let who = format!("{}@{}", c.op.os_user, c.op.host);
        let here = c.op.copy_id.as_deref() == Some(self.store.copy_id());
        let place = if here { Some(self.t("history.this_copy").to_string()) } else { c.copy_place.clone() };
        let head = match place {
            Some(place) => self.labels.f("history.head", &[("when", &when), ("who", &who), ("copy", &place)]),
            None => self.labels.f("history.head_no_copy", &[("when", &when), ("who", &who)]),
        };
        let undo = c.op.note.as_deref().is_some_and(|n| n.starts_with(UNDO_NOTE));
        let what = match (c.op.kind.as_str(), c.op.field.as_deref()) {
            ("create", _) => self.t("history.created").to_string(),
            (_, Some("deleted")) if c.op.new_value.as_deref() == Some("1") => {
                let reason = c.op.note.clone().filter(|_| !undo).unwrap_or_default();
                self.labels.f("history.deleted", &[("reason", &reason)])
            }
            (_, Some("deleted")) => self.t("history.restored").to_string(),
            (_, Some(column)) => {
                let (label, old, new) = self.column_change(kind, column, c);
                self.labels.f("history.changed", &[("field", &label), ("old", &old), ("new", &new)])
            }
            _ => String::new(),
        };
        let what = if undo { format!("{} {what}", self.t("history.undo")) } else { what };
        vec![head, format!("  {what}")]
    }

    /// A changed column as its field's label and its old and new values as a person reads them.
    fn column_change(&self, kind: RecordKind, column: &str, c: &Change) -> (String, String, String) {
        let value = |json: &Option<String>| json.as_deref().map(FieldValue::from_json).unwrap_or_default();
        let (old, new) = (value(&c.op.old_value), value(&c.op.new_value));
        let Some(def) = kind.def().fields.iter().find(|f| f.column_names().iter().any(|n| n == column)) else {
            return (column.to_string(), old.to_text(), new.to_text());
        };
        let text = |v: &FieldValue| {
            let shown = field_text(self.labels, &self.vocab, def, std::slice::from_ref(v));
            if shown.is_empty() { self.t("history.empty").to_string() } else { shown }
        };
        (self.labels.field(kind.label_prefix(), def.key).to_string(), text(&old), text(&new))
    }

    /// `u`: takes back this session's last save (and, pressed again, the one before),
    /// saying what it takes back. A save about a record not on the screen is named
    /// first and asked about: undo never changes what the person cannot see unasked.
    pub(super) fn undo_last(&mut self) {
        let Some(batch) = self.undo_stack.last().cloned() else {
            self.status = Some(self.t("status.nothing_to_undo").into());
            return;
        };
        let subject = self.store.batch_subject(&batch).ok().flatten();
        let seen = subject.as_ref().is_some_and(|s| self.on_screen(&s.record_id));
        if seen {
            self.undo_now();
        } else {
            let what = self.save_words(subject.as_ref());
            let question = self.labels.f("confirm.undo", &[("what", &what)]);
            self.popups.push(Popup::Confirm(Confirm::Undo { question }));
        }
    }

    /// Takes back the last save on the stack, now.
    pub(super) fn undo_now(&mut self) {
        let Some(batch) = self.undo_stack.pop() else { return };
        let what = self.save_words(self.store.batch_subject(&batch).ok().flatten().as_ref());
        match self.store.undo_batch(&batch) {
            Ok(done) => {
                self.records_changed();
                let key = if done.left > 0 { "status.undone_partly" } else { "status.undone" };
                let (n, left) = (done.taken_back.to_string(), done.left.to_string());
                self.status = Some(self.labels.f(key, &[("what", &what), ("n", &n), ("left", &left)]));
            }
            Err(e) => {
                self.undo_stack.push(batch);
                self.status = Some(self.store_error_text(&e));
            }
        }
    }

    /// Whether a record is on the screen: the selected row, or a part of the record
    /// whose details show (a household's visit, a cadre's month).
    fn on_screen(&self, id: &str) -> bool {
        let selected =
            self.tab != Tab::Overview && self.tab_state().list.selected_row().is_some_and(|row| row.id == id);
        // 概览 shows the month's 存在问题 and 下月打算.
        let notes = self.tab == Tab::Overview && crate::report::notes_of_key(id).is_some_and(|(m, _)| m == self.month);
        selected || notes || self.detail.parts().iter().any(|(_, part)| part == id)
    }

    /// A setting as a person knows it: 存在问题 of 2026-11, 本人, the county chosen.
    fn setting_words(&self, key: &str) -> String {
        if let Some((month, which)) = crate::report::notes_of_key(key) {
            return format!("{}（{month}）", self.t(&format!("report.{which}")));
        }
        if let Some(i) = crate::domain::assessment::indicator_of_key(key) {
            return self.labels.f("undo.weight", &[("name", self.t(&format!("ind.{}", i.code)))]);
        }
        match key {
            _ if key.starts_with(crate::store::WORKS_AS_PREFIX) => self.t("undo.works_as").to_string(),
            crate::report::UNIT_SETTING => self.t("report.signed_unit").trim_end_matches(['：', ':', ' ']).to_string(),
            super::first_steps::COUNTY_SETTING => self.t("undo.county").to_string(),
            _ => self.t("undo.other_setting").to_string(),
        }
    }

    /// A save in words: "新增走访记录「2026-12-04 胡树林」".
    pub(super) fn save_words(&self, subject: Option<&BatchSubject>) -> String {
        let Some(subject) = subject else { return self.t("undo.unknown").to_string() };
        let action = match subject.kind.as_str() {
            "create" => self.t("undo.create"),
            "delete" => self.t("undo.delete"),
            _ => self.t("undo.update"),
        };
        let (what, name) = match RecordKind::of_table(&subject.table) {
            Some(kind) => (
                self.t(&format!("record.{}", kind.label_prefix())).to_string(),
                self.record_name(kind, &subject.record_id),
            ),
            None => (self.t("undo.setting").to_string(), self.setting_words(&subject.record_id)),
        };
        self.labels.f("undo.what", &[("action", action), ("what", &what), ("name", &name)])
    }

    /// Remembers this session's last save for `u`.
    pub(super) fn remember_save(&mut self) {
        if let Some(batch) = self.store.last_batch()
            && self.undo_stack.last().map(String::as_str) != Some(batch)
        {
            self.undo_stack.push(batch.to_string());
        }
    }

    /// `D`: the saves that deleted records, newest first; Enter restores one.
    pub(super) fn show_deleted(&mut self) {
        match self.store.deletions(500) {
            Ok(deletions) => {
                let rows = deletions
                    .iter()
                    .map(|d| LogRow { lines: self.deletion_lines(d), target: LogTarget::Restore(d.batch.clone()) });
                let rows: Vec<LogRow> = rows.collect();
                let title = self.labels.f("deleted.title", &[("n", &rows.len().to_string())]);
                self.popups.push(Popup::Log(LogView { title, rows, cursor: 0, kind: LogKind::Deleted }));
            }
            Err(e) => self.status = Some(self.store_error_text(&e)),
        }
    }

    fn deletion_lines(&self, d: &Deletion) -> Vec<String> {
        let kind = RecordKind::of_table(&d.table);
        let what = kind.map(|k| self.t(&format!("record.{}", k.label_prefix())).to_string()).unwrap_or_default();
        let name = kind.map(|k| self.record_name(k, &d.record_id)).unwrap_or_default();
        let when = self.local_time(&d.hlc);
        let mut lines = vec![self.labels.f(
            "deleted.head",
            &[("what", &what), ("name", &name), ("when", &when), ("who", &format!("{}@{}", d.user, d.host))],
        )];
        // A deletion made by an undo says which save it took back, in words.
        let reason = match d.reason.as_deref() {
            Some(note) if note.starts_with(UNDO_NOTE) => {
                let batch = note.trim_start_matches(UNDO_NOTE);
                let what = self.save_words(self.store.batch_subject(batch).ok().flatten().as_ref());
                self.labels.f("deleted.by_undo", &[("what", &what)])
            }
            Some(reason) => reason.to_string(),
            None => self.t("deleted.no_reason").to_string(),
        };
        lines.push(self.labels.f("deleted.reason", &[("reason", &reason), ("parts", &d.parts.to_string())]));
        lines
    }

    /// `C`: the disputes merges left, then the people entered twice.
    pub(super) fn show_disputes(&mut self) {
        let (disputes, duplicates) = match self.store.disputes().and_then(|d| Ok((d, self.store.duplicates()?))) {
            Ok(found) => found,
            Err(e) => {
                self.status = Some(self.store_error_text(&e));
                return;
            }
        };
        let mut rows: Vec<LogRow> = disputes
            .into_iter()
            .map(|d| LogRow { lines: self.dispute_lines(&d), target: LogTarget::Settle(d) })
            .collect();
        rows.extend(
            duplicates.into_iter().map(|d| LogRow { lines: self.duplicate_lines(&d), target: LogTarget::Join(d) }),
        );
        let title = self.labels.f("disputes.title", &[("n", &rows.len().to_string())]);
        self.popups.push(Popup::Log(LogView { title, rows, cursor: 0, kind: LogKind::Disputes }));
    }

    fn dispute_lines(&self, d: &Dispute) -> Vec<String> {
        let Some(kind) = RecordKind::of_table(&d.table) else {
            return vec![format!("{} {} {}", d.table, d.record_id, d.field)];
        };
        let what = self.t(&format!("record.{}", kind.label_prefix())).to_string();
        let name = self.record_name(kind, &d.record_id);
        let field = if d.field == "deleted" {
            self.t("disputes.deleted").to_string()
        } else {
            kind.def()
                .fields
                .iter()
                .find(|f| f.column_names().contains(&d.field))
                .map_or(d.field.clone(), |f| self.labels.field(kind.label_prefix(), f.key).to_string())
        };
        let mut lines = vec![self.labels.f("disputes.head", &[("what", &what), ("name", &name), ("field", &field)])];
        for (n, option) in d.options.iter().enumerate() {
            let when = self.local_time(&option.op.hlc);
            let value = match option.op.field.as_deref() {
                Some("deleted") => {
                    let reason = option.op.note.clone().unwrap_or_default();
                    self.labels.f("history.deleted", &[("reason", &reason)])
                }
                Some(column) => {
                    let (label, _, new) = self.column_change(kind, column, option);
                    if d.field == "deleted" { format!("{label}: {new}") } else { new }
                }
                None => String::new(),
            };
            let place = option.copy_place.clone().unwrap_or_default();
            lines.push(self.labels.f(
                "disputes.option",
                &[
                    ("n", &(n + 1).to_string()),
                    ("value", &value),
                    ("who", &format!("{}@{}", option.op.os_user, option.op.host)),
                    ("when", &when),
                    ("copy", &place),
                ],
            ));
        }
        lines
    }

    fn duplicate_lines(&self, d: &Duplicate) -> Vec<String> {
        let number = crate::domain::idnum::mask(&d.id_number);
        let mut lines = vec![self.labels.f("duplicates.head", &[("number", &number)])];
        for (n, (_, name, head)) in d.holders.iter().enumerate() {
            lines.push(
                self.labels.f("duplicates.option", &[("n", &(n + 1).to_string()), ("name", name), ("head", head)]),
            );
        }
        lines
    }

    /// Keys of a list popup: move, a number settles a dispute or keeps one of a
    /// duplicate's people, Enter restores a deletion.
    pub(super) fn log_key(&mut self, key: crossterm::event::KeyEvent) {
        use crossterm::event::KeyCode;
        let Some(Popup::Log(view)) = self.popups.last_mut() else { return };
        let last = view.rows.len().saturating_sub(1);
        match key.code {
            KeyCode::Esc | KeyCode::Char('q') => {
                self.popups.pop();
            }
            KeyCode::Up | KeyCode::Char('k') => view.cursor = view.cursor.saturating_sub(1),
            KeyCode::Down | KeyCode::Char('j') => view.cursor = (view.cursor + 1).min(last),
            KeyCode::PageUp => view.cursor = view.cursor.saturating_sub(5),
            KeyCode::PageDown => view.cursor = (view.cursor + 5).min(last),
            KeyCode::Enter if view.kind == LogKind::Deleted => self.act_on_row(0),
            KeyCode::Char(c @ '1'..='9') if view.kind == LogKind::Disputes => {
                self.act_on_row(c as usize - '1' as usize);
            }
            _ => {}
        }
    }

    fn act_on_row(&mut self, option: usize) {
        let Some(Popup::Log(view)) = self.popups.last() else { return };
        let Some(row) = view.rows.get(view.cursor) else { return };
        let kind = view.kind;
        let result = match &row.target {
            LogTarget::Restore(batch) => self.store.restore_batch(batch).map(|_| "status.restored"),
            LogTarget::Settle(d) => match d.options.get(option) {
                Some(chosen) => {
                    let (d, op) = (d.clone(), chosen.op.op_id.clone());
                    self.store.settle(&d, &op).map(|_| "status.settled")
                }
                None => return,
            },
            LogTarget::Join(d) => match d.holders.get(option) {
                Some((keep, name, _)) => {
                    let others: Vec<String> = d.holders.iter().filter(|h| h.0 != *keep).map(|h| h.0.clone()).collect();
                    let reason = self.labels.f("duplicates.reason", &[("name", name)]);
                    self.store
                        .write(|w| {
                            w.set_note(Some(reason));
                            others.iter().try_for_each(|id| w.delete("members", id))
                        })
                        .map(|_| "status.joined")
                }
                None => return,
            },
            LogTarget::Nothing => return,
        };
        match result {
            Ok(done) => {
                self.remember_save();
                self.records_changed();
                self.popups.pop();
                self.status = Some(self.t(done).into());
                // The list shows what is left to do.
                match kind {
                    LogKind::Deleted => self.show_deleted(),
                    LogKind::Disputes => self.show_disputes(),
                    LogKind::History => {}
                }
            }
            Err(e) => self.status = Some(self.store_error_text(&e)),
        }
    }

    /// When a change was made, as the person's date and time to the minute.
    pub(super) fn local_time(&self, stamp: &str) -> String {
        crate::store::stamp_time(stamp)
            .map(|t| t.with_timezone(&self.time_zone).format("%Y-%m-%d %H:%M").to_string())
            .unwrap_or_default()
    }

    /// The record `h` and `d` act on: the selected part in a record's details
    /// (a member, a visit, a month), else what the tab's component selects.
    pub(super) fn target_record(&self) -> Option<(RecordKind, String)> {
        self.selected_part().or_else(|| self.selected_record())
    }
}
