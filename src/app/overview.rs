//! 概览's state: the month's figures (read once per month shown and per change of
//! the file) and the warnings list, a window at a time.

use super::{App, ListView};
use crate::domain::assessment::Period;
use crate::domain::dates::YearMonth;
use crate::domain::need::{NEED_CLASS, Need, NeedCount, count_needs};
use crate::domain::project::reserve_by_sector;
use crate::domain::side::Side;
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
    /// The assisting side the figures are of (`B`), or the whole ledger.
    pub side: Option<Side>,
    /// The side's name as the title says it.
    pub side_name: String,
    /// The villages of the last quarter ended, ranked (`f`, counted when first shown
    /// and after each change of the file).
    pub ranking: Option<Ranking>,
    pub ranking_cursor: ListCursor,
    /// The needs and the reserve counted (`f`, when first shown and after each change
    /// of the file).
    pub counts: Option<LedgerCounts>,
    /// The selected row of 需求统计 and of 项目储备, each its own.
    pub needs_cursor: ListCursor,
    pub reserve_cursor: ListCursor,
}

/// The needs by class and the reserve by sector, as 需求统计 and 项目储备库 count them,
/// named in the language shown; each with its total row last.
#[derive(Debug, Clone, Default)]
pub struct LedgerCounts {
    generation: u64,
    pub needs: Vec<(String, NeedCount)>,
    pub reserve: Vec<(String, [(i64, i64); 4])>,
}

impl OverviewState {
    /// The cursor of a counts view (需求统计 or 项目储备) and its rows.
    pub(super) fn counts_cursor(&mut self, view: usize) -> (&mut ListCursor, usize) {
        let counts = self.counts.as_ref();
        if view == super::OVERVIEW_NEEDS {
            (&mut self.needs_cursor, counts.map_or(0, |c| c.needs.len()))
        } else {
            (&mut self.reserve_cursor, counts.map_or(0, |c| c.reserve.len()))
        }
    }
}

/// A quarter's villages ranked, and the state of the file they were counted from.
#[derive(Debug, Clone)]
pub struct Ranking {
    pub period: Period,
    generation: u64,
    pub villages: Vec<crate::report::RankedVillage>,
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
            let side = self.overview.side.as_ref();
            self.overview.figures = self.store.month_figures_of(self.month, self.today, side)?;
            self.overview.notes =
                [super::month_notes::PROBLEMS, super::month_notes::PLANS].map(|which| self.month_note(which));
            self.overview.figures_for = Some(key);
        }
        let view = self.state(super::Tab::Overview).view;
        let counted = self.overview.counts.as_ref().is_some_and(|c| c.generation == self.generation);
        if self.tab == super::Tab::Overview
            && [super::OVERVIEW_NEEDS, super::OVERVIEW_RESERVE].contains(&view)
            && !counted
        {
            self.overview.counts = Some(self.count_ledger()?);
            if let Some(counts) = self.overview.counts.as_ref() {
                let (needs, reserve) = (counts.needs.len(), counts.reserve.len());
                self.overview.needs_cursor.step(0, needs);
                self.overview.reserve_cursor.step(0, reserve);
            }
        }
        if let Some(period) = self.ranking_wanted()
            && self.pending.is_none()
        {
            self.start_job(super::files::FileJob::Rank(period));
        }
        Ok(())
    }

    /// The needs by class (every class, then 合计) and the reserve by sector (those
    /// holding projects, then 合计), counted by the workbooks' rules.
    fn count_ledger(&self) -> Result<LedgerCounts, StoreError> {
        use crate::domain::vocab::list;
        let choices = |name: &str| -> Vec<(String, String)> {
            self.vocab.choices(name).map(|e| (e.code.clone(), e.label(self.lang).to_string())).collect()
        };
        let codes = |l: &[(String, String)]| l.iter().map(|(c, _)| c.clone()).collect::<Vec<_>>();
        let total = self.t("report.total").to_string();
        let (classes, statuses) = (choices(NEED_CLASS), choices(list::TASK_STATUS));
        let needs: Vec<Need> = self.store.all()?;
        let counted =
            count_needs(needs.iter().map(|n| (n, n.class.clone())), &codes(&classes), &codes(&statuses), self.today);
        let none = NeedCount::none(classes.len(), statuses.len());
        let mut all = none.clone();
        let mut need_rows = Vec::new();
        for (code, label) in &classes {
            let row = counted.get(code).cloned().unwrap_or_else(|| none.clone());
            all = all.plus(&row);
            need_rows.push((label.clone(), row));
        }
        need_rows.push((total.clone(), all));
        let mut sectors = choices(list::PROJECT_SECTOR);
        sectors.push((String::new(), self.t("ledger.no_sector").to_string()));
        let projects: Vec<crate::domain::project::Project> = self.store.all()?;
        let table = reserve_by_sector(&projects, &codes(&sectors)).ok_or(StoreError::MoneyOverflow)?;
        let mut sum = [(0i64, 0i64); 4];
        let mut reserve = Vec::new();
        for ((_, label), row) in sectors.iter().zip(table).filter(|(_, row)| row[3].0 > 0) {
            for (s, cell) in sum.iter_mut().zip(row) {
                *s = (s.0 + cell.0, s.1.saturating_add(cell.1));
            }
            reserve.push((label.clone(), row));
        }
        reserve.push((total, sum));
        Ok(LedgerCounts { generation: self.generation, needs: need_rows, reserve })
    }

    /// The ranking's rows 概览 shows: every village, or those of the side shown (`B`),
    /// each keeping its rank in the county.
    pub fn ranking_rows(&self) -> Vec<&crate::report::RankedVillage> {
        let Some(ranking) = &self.overview.ranking else { return Vec::new() };
        let side_villages: Option<std::collections::HashSet<&str>> = self
            .overview
            .side
            .as_ref()
            .map(|_| self.overview.figures.villages.iter().map(|f| f.village_id.as_str()).collect());
        ranking
            .villages
            .iter()
            .filter(|v| side_villages.as_ref().is_none_or(|ids| ids.contains(v.village_id.as_str())))
            .collect()
    }

    /// The quarter the ranking view shows: the last one ended by the month shown.
    pub fn ranking_period(&self) -> Period {
        Period::bulletin_quarter(self.month, YearMonth::of(self.today))
    }

    /// The quarter to count, when the ranking view is shown and not counted for it.
    fn ranking_wanted(&self) -> Option<Period> {
        if self.tab != super::Tab::Overview || self.state(super::Tab::Overview).view != super::OVERVIEW_RANKING {
            return None;
        }
        let period = self.ranking_period();
        let counted =
            self.overview.ranking.as_ref().is_some_and(|r| r.period == period && r.generation == self.generation);
        (!counted).then_some(period)
    }

    /// Counts the ranking (a job: the screen says so first).
    pub(super) fn count_ranking(&mut self, period: Period) {
        match crate::report::village_ranking(&self.store, period, self.today) {
            Ok(villages) => {
                self.overview.ranking = Some(Ranking { period, generation: self.generation, villages });
                let len = self.ranking_rows().len();
                self.overview.ranking_cursor.step(0, len);
            }
            Err(e) => {
                // Said once, and not counted again until the file or the quarter changes.
                self.overview.ranking = Some(Ranking { period, generation: self.generation, villages: Vec::new() });
                self.status = Some(self.store_error_text(&e));
            }
        }
    }

    /// `B` on 概览: the next assisting side the villages name (帮扶方, then 帮扶力量),
    /// after the last the whole ledger again.
    pub(super) fn next_side(&mut self) {
        let sides = match self.store.assisting_sides() {
            Ok(sides) => sides,
            Err(e) => {
                self.status = Some(self.store_error_text(&e));
                return;
            }
        };
        if sides.is_empty() {
            self.status = Some(self.t("status.no_sides").into());
            return;
        }
        let at = self.overview.side.as_ref().and_then(|s| sides.iter().position(|o| o == s));
        self.overview.side = match at {
            None => sides.first().cloned(),
            Some(i) => sides.get(i + 1).cloned(),
        };
        self.overview.side_name = self
            .overview
            .side
            .as_ref()
            .map(|s| crate::report::side_name(&self.store, self.labels, s))
            .unwrap_or_default();
        self.overview.invalidate();
        self.overview.village_cursor = ListCursor::default();
        self.overview.ranking_cursor = ListCursor::default();
    }
}
