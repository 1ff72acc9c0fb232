//! The cells of columns bangfu does not model, by header: a county export has ~125 of
//! them on each of its 60,000 rows (7.5 million cells), so a row holds its cells'
//! text in one string, each cell as its header's rank and where its text ends, and
//! the headers once for the whole export. A cell is 8 bytes and its text, not a
//! string and a header of its own (that took 700 MB for a county).

use serde::ser::{Serialize, SerializeMap, Serializer};
use std::sync::Arc;

/// The headers of one export, sorted, each once: a header's rank is its place here.
pub(super) type Names = Arc<[Arc<str>]>;

/// A header of the layout: its text, shared by every row, its place among the
/// headers in sorted order (rows are sorted by that number, not by comparing texts),
/// and all the headers it is ranked among.
#[derive(Debug, Clone)]
pub struct Header {
    pub rank: u32,
    pub text: Arc<str>,
    names: Names,
}

impl PartialEq for Header {
    fn eq(&self, other: &Self) -> bool {
        self.rank == other.rank && self.text == other.text
    }
}

impl Eq for Header {}

/// Cells by header, sorted by header, one cell per header (the last one written wins,
/// as in a map).
#[derive(Debug, Clone, Default)]
pub struct Kept {
    /// The headers the ranks are of (none until a cell is in).
    names: Option<Names>,
    /// Each cell's header rank and the end of its text in `text` (it starts where the
    /// one before ends), in rank order once `finish`ed.
    cells: Vec<(u32, u32)>,
    text: String,
}

impl PartialEq for Kept {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().zip(other.iter()).all(|(a, b)| a == b)
    }
}

impl Eq for Kept {}

impl Kept {
    /// Adds a cell; `finish` must be called once all are in.
    pub(super) fn push(&mut self, header: &Header, value: String) {
        self.adopt(header);
        self.text.push_str(&value);
        self.cells.push((header.rank, self.text.len() as u32));
    }

    fn adopt(&mut self, header: &Header) {
        if self.names.is_none() {
            self.names = Some(header.names.clone());
        }
    }

    /// Sorts by header, keeping the last cell written under a header that appears twice.
    pub(super) fn finish(&mut self) {
        if self.cells.windows(2).all(|w| matches!(w, [a, b] if a.0 < b.0)) {
            self.text.shrink_to_fit();
            self.cells.shrink_to_fit();
            return;
        }
        let mut spans: Vec<(u32, usize, usize)> = Vec::with_capacity(self.cells.len());
        let mut start = 0;
        for (rank, end) in &self.cells {
            spans.push((*rank, start, *end as usize));
            start = *end as usize;
        }
        // A stable sort keeps a repeated header's cells in written order; the last stays.
        spans.sort_by_key(|(rank, _, _)| *rank);
        let mut kept: Vec<(u32, usize, usize)> = Vec::with_capacity(spans.len());
        for span in spans {
            match kept.last_mut() {
                Some(last) if last.0 == span.0 => *last = span,
                _ => kept.push(span),
            }
        }
        let old = std::mem::take(&mut self.text);
        self.cells.clear();
        for (rank, from, to) in kept {
            self.text.push_str(old.get(from..to).unwrap_or_default());
            self.cells.push((rank, self.text.len() as u32));
        }
        self.text.shrink_to_fit();
        self.cells.shrink_to_fit();
    }

    /// The text of the cell at `at`.
    fn value(&self, at: usize) -> &str {
        let start = at.checked_sub(1).and_then(|i| self.cells.get(i)).map_or(0, |c| c.1 as usize);
        let end = self.cells.get(at).map_or(start, |c| c.1 as usize);
        self.text.get(start..end).unwrap_or_default()
    }

    fn name(&self, rank: u32) -> &str {
        self.names.as_ref().and_then(|n| n.get(rank as usize)).map_or("", |t| t)
    }

    /// The value under `header`, looked for first at `at`: the rows of one export list
    /// the same headers, so it is mostly there.
    pub(super) fn get_near(&self, at: usize, rank: u32) -> Option<&str> {
        match self.cells.get(at) {
            Some((r, _)) if *r == rank => Some(self.value(at)),
            _ => self.at_rank(rank).map(|i| self.value(i)),
        }
    }

    fn at_rank(&self, rank: u32) -> Option<usize> {
        self.cells.binary_search_by_key(&rank, |(r, _)| *r).ok()
    }

    fn rank_of(&self, header: &str) -> Option<u32> {
        let names = self.names.as_ref()?;
        names.binary_search_by(|n| (**n).cmp(header)).ok().map(|i| i as u32)
    }

    pub fn get(&self, header: &str) -> Option<&str> {
        self.rank_of(header).and_then(|r| self.at_rank(r)).map(|i| self.value(i))
    }

    /// Takes out the cells at the places marked `true`.
    pub(super) fn take_where(&mut self, marked: &[bool]) -> Vec<(Header, String)> {
        let Some(names) = self.names.clone() else { return Vec::new() };
        let mut taken = Vec::new();
        let mut left = Kept { names: Some(names.clone()), ..Kept::default() };
        for at in 0..self.cells.len() {
            let (rank, value) = (self.cells.get(at).map_or(0, |c| c.0), self.value(at));
            match marked.get(at) == Some(&true) {
                true => {
                    let text = names.get(rank as usize).cloned().unwrap_or_else(|| Arc::from(""));
                    taken.push((Header { rank, text, names: names.clone() }, value.to_string()));
                }
                false => {
                    left.text.push_str(value);
                    left.cells.push((rank, left.text.len() as u32));
                }
            }
        }
        *self = left;
        taken
    }

    /// Drops the cells under these headers.
    pub(super) fn remove_all(&mut self, headers: &[Header]) {
        let mut ranks: Vec<u32> = headers.iter().map(|h| h.rank).collect();
        ranks.sort_unstable();
        let marked: Vec<bool> = self.cells.iter().map(|(rank, _)| ranks.binary_search(rank).is_ok()).collect();
        self.take_where(&marked);
    }

    pub fn remove(&mut self, header: &str) {
        if let Some(at) = self.rank_of(header).and_then(|r| self.at_rank(r)) {
            let marked: Vec<bool> = (0..self.cells.len()).map(|i| i == at).collect();
            self.take_where(&marked);
        }
    }

    /// Sets a cell, keeping the order.
    pub fn insert(&mut self, header: Header, value: String) {
        self.adopt(&header);
        match self.cells.last() {
            // Cells come in rank order when a household's are lifted: appended.
            None => self.push(&header, value),
            Some((last, _)) if *last < header.rank => self.push(&header, value),
            Some(_) => {
                if self.at_rank(header.rank).is_some() {
                    self.remove(&header.text);
                }
                self.push(&header, value);
                self.finish();
            }
        }
    }

    /// Each cell's header and value, in header order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.cells.iter().enumerate().map(|(at, (rank, _))| (self.name(*rank), self.value(at)))
    }

    /// Each cell's header (with its rank) and value, in header order.
    pub(super) fn ranked(&self) -> impl Iterator<Item = (u32, &str)> {
        self.cells.iter().enumerate().map(|(at, (rank, _))| (*rank, self.value(at)))
    }

    pub fn is_empty(&self) -> bool {
        self.cells.is_empty()
    }

    pub fn len(&self) -> usize {
        self.cells.len()
    }

    /// As stored with the record: a JSON object by header, in header order (the same
    /// text a sorted map of the cells gives, so stored values compare as text); none at
    /// all as nothing, as a record made in bangfu holds it.
    pub fn to_json(&self) -> String {
        if self.cells.is_empty() {
            return String::new();
        }
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// Each column's header, the same text sharing one `Header`.
pub(super) fn shared_headers(row: &[String]) -> Vec<Header> {
    let mut sorted: Vec<&str> = row.iter().map(String::as_str).collect();
    sorted.sort_unstable();
    sorted.dedup();
    let names: Names = sorted.iter().map(|t| Arc::from(*t)).collect();
    row.iter()
        .map(|text| {
            let rank = sorted.binary_search(&text.as_str()).unwrap_or_default();
            let text = names.get(rank).cloned().unwrap_or_else(|| Arc::from(text.as_str()));
            Header { rank: rank as u32, text, names: names.clone() }
        })
        .collect()
}

impl Serialize for Kept {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.cells.len()))?;
        for (header, value) in self.iter() {
            map.serialize_entry(header, value)?;
        }
        map.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn headers_of(texts: &[&str]) -> Vec<Header> {
        shared_headers(&texts.iter().map(|t| t.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn it_is_stored_as_the_same_text_a_map_of_its_cells_gives() {
        let headers = headers_of(&["信息采集人", "省", "备注", "省", "市"]);
        let mut kept = Kept::default();
        let mut map = BTreeMap::new();
        for (i, h) in headers.iter().enumerate().take(4) {
            kept.push(h, format!("值{i}"));
            map.insert(h.text.to_string(), format!("值{i}"));
        }
        kept.finish();
        assert_eq!(kept.to_json(), serde_json::to_string(&map).unwrap());
        assert_eq!(kept.get("省"), Some("值3"), "the last cell under a repeated header");
        assert_eq!(kept.len(), 3);
        kept.remove("省");
        kept.insert(headers[4].clone(), "巴中市".into());
        assert_eq!(kept.get("市"), Some("巴中市"));
        assert_eq!(kept.get("省"), None);
        assert_eq!(kept.get("信息采集人"), Some("值0"));
        kept.insert(headers[4].clone(), "广元市".into());
        assert_eq!((kept.get("市"), kept.len()), (Some("广元市"), 3), "set again, not twice");
    }

    #[test]
    fn cells_are_taken_out_and_empty_ones_kept() {
        let headers = headers_of(&["甲", "乙", "丙"]);
        let mut kept = Kept::default();
        for (h, v) in headers.iter().zip(["1", "", "三"]) {
            kept.push(h, v.to_string());
        }
        kept.finish();
        assert_eq!(kept.iter().collect::<Vec<_>>(), [("丙", "三"), ("乙", ""), ("甲", "1")]);
        let taken = kept.take_where(&[false, true, false]);
        assert_eq!(taken.len(), 1);
        assert_eq!((&*taken[0].0.text, taken[0].1.as_str()), ("乙", ""));
        assert_eq!(kept.iter().collect::<Vec<_>>(), [("丙", "三"), ("甲", "1")]);
        kept.remove_all(&headers[..1]);
        assert_eq!(kept.iter().collect::<Vec<_>>(), [("丙", "三")]);
        assert_eq!(kept.get_near(0, headers[2].rank), Some("三"));
        assert_eq!(kept.get_near(5, headers[2].rank), Some("三"));
    }
}
