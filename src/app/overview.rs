//! 概览's state: the month's figures (read once per month shown and per change of
//! the file) and the warnings list, a window at a time.

use super::{App, ListView};
use crate::domain::dates::YearMonth;
use crate::store::{MonthFigures, StoreError};
use crate::widgets::table::ListCursor;

#[derive(Debug, Default)]
pub struct OverviewState {
    pub figures: MonthFigures,
    figures_for: Option<(YearMonth, u64)>,
    pub warnings: ListView,
    /// The selected village in the per-village view.
    pub village_cursor: ListCursor,
    /// The month's 存在问题 and 下月打算, read with the figures (not every frame).
    pub notes: [String; 2],
}

impl OverviewState {
    pub(super) fn invalidate(&mut self) {
        self.figures_for = None;
        self.warnings.invalidate();
    }
}

impl App {
    pub(super) fn sync_overview(&mut self) -> Result<(), StoreError> {
        let key = (self.month, self.generation);
        if self.overview.figures_for != Some(key) {
            self.overview.figures = self.store.month_figures(self.month, self.today)?;
            self.overview.notes =
                [super::month_notes::PROBLEMS, super::month_notes::PLANS].map(|which| self.month_note(which));
            self.overview.figures_for = Some(key);
        }
        Ok(())
    }
}
