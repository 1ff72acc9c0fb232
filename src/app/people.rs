//! 人员: a cadre's days in the village and leave, month by month (干部人才管理服务台账).

use super::{App, Popup, RecordKind};
use crate::domain::Draft;
use crate::domain::cadre::Cadre;
use crate::domain::dates::YearMonth;

impl App {
    /// The cadre this session works as, when one was chosen (and is not deleted).
    pub(crate) fn works_as(&self) -> Option<Cadre> {
        self.store.works_as().ok().flatten()
    }

    /// The cadre selected on 人员, or the status saying to select one.
    fn cadre_or_ask(&mut self, cadre: Option<Cadre>) -> Option<Cadre> {
        if cadre.is_none() {
            self.status = Some(self.t("status.needs_cadre").into());
        }
        cadre
    }

    /// `b` on 人员: the selected cadre is who this session works as; new visits name
    /// her as 走访人.
    pub(super) fn work_as(&mut self, cadre: Option<Cadre>) {
        let Some(cadre) = self.cadre_or_ask(cadre) else { return };
        let key = self.store.works_as_key();
        self.status = Some(match self.store.set_setting(&key, &cadre.id) {
            Ok(()) => self.labels.f("status.works_as", &[("name", &cadre.name)]),
            Err(e) => self.store_error_text(&e),
        });
    }

    /// `t` on 人员: this month's record of the selected cadre — opened to correct
    /// when there is one, new otherwise.
    pub(super) fn record_attendance(&mut self, cadre: Option<Cadre>) {
        let Some(cadre) = self.cadre_or_ask(cadre) else { return };
        let month = YearMonth::of(self.today);
        match self.store.attendance_of_month(&cadre.id, month, "") {
            Ok(Some(existing)) => self.open_edit_form(RecordKind::Attendance, &existing.id),
            Ok(None) => {
                let preset = Draft::default().with("cadre_id", &cadre.id).with("month", month.to_string());
                self.open_new_form(RecordKind::Attendance, preset);
            }
            Err(e) => {
                self.status = Some(self.store_error_text(&e));
                return;
            }
        }
        // The month is given: what is typed is the days.
        if let Some(Popup::Form(open)) = self.popups.last_mut() {
            open.form.focus_key("days_in_village");
        }
    }
}
