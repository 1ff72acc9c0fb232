//! One list on screen: how many rows it has, which is selected, and the few rows
//! around the visible window, read from the ledger as the selection moves. Moving
//! on from rows already read asks for the next rows after the last one (over an
//! index), so scrolling costs the same on the first page as after a million visits.

use crate::store::{ListQuery, ListRow, Result, Store};
use crate::widgets::table::ListCursor;

/// Rows read beyond the window on either side, so small moves need no query.
const MARGIN: usize = 5;
/// The window height assumed before the first frame is drawn.
pub(super) const DEFAULT_HEIGHT: usize = 20;

#[derive(Debug)]
pub struct ListView {
    pub count: usize,
    /// False when `count` is an estimate (a broad filter on a long list): it is
    /// corrected once reading reaches the list's end.
    pub exact: bool,
    /// How many rows the list has without its filter.
    pub total: Option<usize>,
    pub cursor: ListCursor,
    rows: Vec<ListRow>,
    rows_from: usize,
    stale: bool,
    /// The record the cursor goes to when the list is next read (one just saved).
    select_next: Option<String>,
    /// Rows the table shows at once.
    pub height: usize,
}

impl Default for ListView {
    fn default() -> Self {
        ListView {
            count: 0,
            exact: true,
            total: None,
            cursor: ListCursor::default(),
            rows: Vec::new(),
            rows_from: 0,
            stale: true,
            select_next: None,
            height: DEFAULT_HEIGHT,
        }
    }
}

impl ListView {
    /// The row at a position of the list, when it has been read.
    pub fn row(&self, index: usize) -> Option<&ListRow> {
        index.checked_sub(self.rows_from).and_then(|i| self.rows.get(i))
    }

    pub fn selected_row(&self) -> Option<&ListRow> {
        self.row(self.cursor.selected)
    }

    pub fn selected_id(&self) -> Option<String> {
        self.selected_row().map(|r| r.id.clone())
    }

    /// The records changed or the filter did: count and read again.
    pub fn invalidate(&mut self) {
        self.stale = true;
        self.total = None;
    }

    /// Starts the list over from its first row (a new filter or view).
    pub fn reset(&mut self) {
        self.stale = true;
        self.rows.clear();
        self.cursor.selected = 0;
        self.cursor.offset.set(0);
    }

    pub fn is_stale(&self) -> bool {
        self.stale
    }

    /// Brings count and rows up to date for the selection, keeping the selection on
    /// `keep` (a record id) when it is still in the list.
    /// Reads the list again, then puts the cursor on `id` (where a save moved it).
    pub fn select_after_reading(&mut self, id: &str) {
        self.select_next = Some(id.to_string());
        self.invalidate();
    }

    pub fn sync(&mut self, store: &Store, q: &ListQuery, keep: Option<&str>) -> Result<()> {
        let chosen = self.select_next.take();
        let keep = chosen.as_deref().or(keep);
        if self.stale {
            let count = store.list_count(q)?;
            (self.count, self.exact) = (count.rows, count.exact);
            if q.filter.is_empty() {
                self.total = Some(self.count);
            } else if self.total.is_none() {
                let all = ListQuery { filter: Default::default(), ..q.clone() };
                self.total = Some(store.list_count(&all)?.rows);
            }
            self.rows.clear();
            self.stale = false;
            if let Some(id) = keep
                && let Some(position) = store.list_position(q, id)?
            {
                self.cursor.selected = position;
            }
            self.cursor.clamp(self.count);
        }
        let height = self.height.max(1);
        let offset = self.cursor.scroll(height, self.count);
        // An estimated count may be short: read a little past it to find out.
        let want_end = if self.exact { (offset + height).min(self.count) } else { offset + height };
        let ended = self.read(store, q, offset, want_end)?;
        if !self.exact && ended && self.rows.is_empty() && self.rows_from > 0 {
            // Jumped past the end of a list whose count was estimated high: count it.
            self.count_exactly(store, q)?;
            let offset = self.cursor.scroll(height, self.count);
            self.read(store, q, offset, (offset + height).min(self.count))?;
            return Ok(());
        }
        let loaded_end = self.rows_from + self.rows.len();
        if !self.exact && (ended || loaded_end > self.count) {
            self.count = loaded_end.max(if ended { 0 } else { self.count });
            self.exact = ended;
            self.cursor.clamp(self.count);
        }
        Ok(())
    }

    /// Counts an estimated list exactly (before going to its end).
    pub fn count_exactly(&mut self, store: &Store, q: &ListQuery) -> Result<()> {
        if !self.exact {
            self.count = store.list_count_exact(q)?;
            self.exact = true;
            self.cursor.clamp(self.count);
        }
        Ok(())
    }

    fn loaded(&self) -> std::ops::Range<usize> {
        self.rows_from..self.rows_from + self.rows.len()
    }

    /// Reads what `start..end` needs; true when the list turned out to end before `end`.
    fn read(&mut self, store: &Store, q: &ListQuery, start: usize, end: usize) -> Result<bool> {
        let loaded = self.loaded();
        if start >= end || (loaded.start <= start && end <= loaded.end) {
            return Ok(false);
        }
        if let Some(last) = self.rows.last()
            && start >= loaded.start
            && start <= loaded.end
        {
            let asked = end - loaded.end + MARGIN;
            let more = store.list_after(q, last, asked)?;
            let ended = more.len() < asked;
            self.rows.extend(more);
            self.trim_front(start.saturating_sub(MARGIN));
            return Ok(ended);
        }
        if let Some(first) = self.rows.first()
            && end <= loaded.end
            && end >= loaded.start
        {
            let need = loaded.start - start + MARGIN;
            let mut more = store.list_before(q, first, need)?;
            self.rows_from = self.rows_from.saturating_sub(more.len());
            more.append(&mut self.rows);
            self.rows = more;
            self.rows.truncate(end + MARGIN - self.rows_from);
            return Ok(false);
        }
        let from = start.saturating_sub(MARGIN);
        let len = end + MARGIN - from;
        let known = if self.exact { self.count } else { usize::MAX };
        self.rows = store.list_window(q, from, len.min(known.saturating_sub(from)), known)?;
        self.rows_from = from;
        Ok(self.rows.len() < len.min(known.saturating_sub(from)))
    }

    fn trim_front(&mut self, keep_from: usize) {
        if keep_from > self.rows_from {
            let drop = (keep_from - self.rows_from).min(self.rows.len());
            self.rows.drain(..drop);
            self.rows_from += drop;
        }
    }
}
