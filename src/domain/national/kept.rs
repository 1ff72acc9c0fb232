//! The cells of columns bangfu does not model, by header: a county export has ~125 of
//! them on each of its 60,000 rows, so they are held as one sorted list whose headers
//! are shared with the layout rather than as a map of copied strings.

use serde::ser::{Serialize, SerializeMap, Serializer};
use std::sync::Arc;

/// Cells by header, sorted by header, one cell per header (the last one written wins,
/// as in a map).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Kept(Vec<(Header, String)>);

/// A header of the layout: its text, shared by every row, and its place among the
/// headers in sorted order (rows are sorted by that number, not by comparing texts).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    pub rank: u32,
    pub text: Arc<str>,
}

impl Kept {
    /// Adds a cell; `finish` must be called once all are in.
    pub(super) fn push(&mut self, header: &Header, value: String) {
        self.0.push((header.clone(), value));
    }

    /// Sorts by header, keeping the last cell written under a header that appears twice.
    pub(super) fn finish(&mut self) {
        // A stable sort keeps a repeated header's cells in written order; the last stays.
        self.0.sort_by_key(|(h, _)| h.rank);
        let mut kept: Vec<(Header, String)> = Vec::with_capacity(self.0.len());
        for cell in self.0.drain(..) {
            match kept.last_mut() {
                Some(last) if last.0.rank == cell.0.rank => *last = cell,
                _ => kept.push(cell),
            }
        }
        self.0 = kept;
    }

    /// The value under `header`, looked for first at `at`: the rows of one export list
    /// the same headers, so it is mostly there.
    pub(super) fn get_near(&self, at: usize, header: &Header) -> Option<&str> {
        match self.0.get(at) {
            Some((h, v)) if h.rank == header.rank => Some(v),
            _ => self.get(&header.text),
        }
    }

    pub fn get(&self, header: &str) -> Option<&str> {
        self.index_of(header).ok().and_then(|i| self.0.get(i)).map(|(_, v)| v.as_str())
    }

    fn index_of(&self, header: &str) -> Result<usize, usize> {
        self.0.binary_search_by(|(h, _)| (*h.text).cmp(header))
    }

    /// Takes out the cells at the places marked `true`.
    pub(super) fn take_where(&mut self, marked: &[bool]) -> Vec<(Header, String)> {
        let (taken, left): (Vec<_>, Vec<_>) =
            std::mem::take(&mut self.0).into_iter().enumerate().partition(|(at, _)| marked.get(*at) == Some(&true));
        self.0 = left.into_iter().map(|(_, cell)| cell).collect();
        taken.into_iter().map(|(_, cell)| cell).collect()
    }

    /// Drops the cells under these headers.
    pub(super) fn remove_all(&mut self, headers: &[Header]) {
        let mut ranks: Vec<u32> = headers.iter().map(|h| h.rank).collect();
        ranks.sort_unstable();
        self.0.retain(|(h, _)| ranks.binary_search(&h.rank).is_err());
    }

    pub fn remove(&mut self, header: &str) {
        if let Ok(i) = self.index_of(header) {
            self.0.remove(i);
        }
    }

    /// Sets a cell, keeping the order.
    pub fn insert(&mut self, header: Header, value: String) {
        match self.index_of(&header.text) {
            Ok(i) => {
                if let Some(cell) = self.0.get_mut(i) {
                    cell.1 = value;
                }
            }
            Err(i) => self.0.insert(i, (header, value)),
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = (&Header, &str)> {
        self.0.iter().map(|(h, v)| (h, v.as_str()))
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// As stored with the record: a JSON object by header, in header order (the same
    /// text a sorted map of the cells gives, so stored values compare as text); none at
    /// all as nothing, as a record made in bangfu holds it.
    pub fn to_json(&self) -> String {
        if self.0.is_empty() {
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
    let mut made: std::collections::HashMap<&str, Header> = std::collections::HashMap::new();
    row.iter()
        .map(|text| {
            made.entry(text.as_str())
                .or_insert_with(|| Header {
                    rank: sorted.binary_search(&text.as_str()).unwrap_or_default() as u32,
                    text: Arc::from(text.as_str()),
                })
                .clone()
        })
        .collect()
}

impl Serialize for Kept {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (header, value) in &self.0 {
            map.serialize_entry(&*header.text, value)?;
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
        let headers = headers_of(&["信息采集人", "省", "备注", "省"]);
        let mut kept = Kept::default();
        let mut map = BTreeMap::new();
        for (i, h) in headers.iter().enumerate() {
            kept.push(h, format!("值{i}"));
            map.insert(h.text.to_string(), format!("值{i}"));
        }
        kept.finish();
        assert_eq!(kept.to_json(), serde_json::to_string(&map).unwrap());
        assert_eq!(kept.get("省"), Some("值3"), "the last cell under a repeated header");
        assert_eq!(kept.len(), 3);
        kept.remove("省");
        kept.insert(headers_of(&["市"]).remove(0), "巴中市".into());
        assert_eq!(kept.get("市"), Some("巴中市"));
        assert_eq!(kept.get("省"), None);
    }
}
