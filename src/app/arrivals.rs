//! 项目: money arriving for a project (资金到位), one dated record per arrival with its
//! source and the side it came from (docs/records.md, "Funds as they arrive").

use super::{App, RecordKind};
use crate::domain::Draft;
use crate::domain::dates::format_date;
use crate::domain::project::{Project, SOURCE_CODES};
use crate::domain::village::Village;

impl App {
    /// `z` on 项目: a new arrival for the selected project, dated today, from its
    /// 帮扶方, its source the one the project plans most money from (the later one of
    /// two equal).
    pub(super) fn record_arrival(&mut self, project: Option<Project>) {
        let Some(project) = project else {
            self.status = Some(self.t("status.needs_project").into());
            return;
        };
        // The project's own 帮扶方, else its village's (as the side's reports count it).
        let village = project.village_id.as_deref().and_then(|v| self.store.get::<Village>(v).ok().flatten());
        let party = match project.assisting_party.is_empty() {
            true => village.map(|v| v.assisting_party).unwrap_or_default(),
            false => project.assisting_party.clone(),
        };
        let mut preset = Draft::default()
            .with("project_id", &project.id)
            .with("date", format_date(self.today))
            .with("party", &party);
        if let Some(source) = main_source(&project) {
            preset = preset.with("source", source);
        }
        self.open_new_form(RecordKind::Arrival, preset);
        if let Some(super::Popup::Form(open)) = self.popups.last_mut() {
            open.form.focus_key("amount");
        }
    }
}

/// The source a project plans most money from, if it plans any.
fn main_source(p: &Project) -> Option<&'static str> {
    let (fen, code) = p.funds().into_iter().zip(SOURCE_CODES).max_by_key(|(fen, _)| *fen)?;
    (fen > 0).then_some(code)
}
