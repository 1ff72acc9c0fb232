//! `bangfu list TABLE` on a terminal: an aligned table, columns as wide as their
//! widest text among the first rows (in terminal cells: a Chinese character takes
//! two), each cut with `…` past 24 cells; the record's id last; each line cut at the
//! terminal's width (`--xlsx` shows every column). In a pipe the same command writes
//! CSV, as scripts expect.

use crate::store::StoreError;
use crate::ui::text::{fit, pad, width};
use std::io::Write;

/// Rows read before the widths are fixed; later rows are fitted to them as they come.
const SAMPLE: usize = 500;
const WIDEST: usize = 24;

pub(super) struct Table {
    /// The terminal's width: no line wraps.
    line: usize,
    widths: Vec<usize>,
    held: Vec<Vec<String>>,
    fixed: bool,
}

impl Table {
    pub(super) fn new(header: Vec<String>, line: usize) -> Table {
        Table { line, widths: Vec::new(), held: vec![last_first(header)], fixed: false }
    }

    pub(super) fn push(&mut self, row: Vec<String>, out: &mut impl Write) -> Result<(), StoreError> {
        let row = last_first(row);
        if self.fixed {
            return self.write(&row, out);
        }
        self.held.push(row);
        if self.held.len() > SAMPLE { self.finish(out) } else { Ok(()) }
    }

    /// Writes what is held (the widths fixed from it).
    pub(super) fn finish(&mut self, out: &mut impl Write) -> Result<(), StoreError> {
        if self.fixed {
            return Ok(());
        }
        let columns = self.held.iter().map(Vec::len).max().unwrap_or(0);
        self.widths = (0..columns)
            .map(|c| self.held.iter().filter_map(|r| r.get(c)).map(|t| width(t)).max().unwrap_or(0).min(WIDEST))
            .collect();
        self.fixed = true;
        for row in std::mem::take(&mut self.held) {
            self.write(&row, out)?;
        }
        Ok(())
    }

    fn write(&self, row: &[String], out: &mut impl Write) -> Result<(), StoreError> {
        let cells: Vec<String> = row.iter().zip(&self.widths).map(|(text, w)| pad(&fit(text, *w), *w)).collect();
        let line = format!("{}\n", fit(cells.join("  ").trim_end(), self.line));
        out.write_all(line.as_bytes()).map_err(|e| StoreError::Io { path: Default::default(), source: e })
    }
}

/// The id (a row's first cell) moved to the end: a person reads the names first.
fn last_first(mut row: Vec<String>) -> Vec<String> {
    if !row.is_empty() {
        let id = row.remove(0);
        row.push(id);
    }
    row.into_iter().map(|c| crate::domain::stored::escaped(&c).replace('\n', " ")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_line_up_in_terminal_cells() {
        let mut out = Vec::new();
        let mut table = Table::new(vec!["id".into(), "村名".into(), "户数".into()], 80);
        table.push(vec!["a1".into(), "青龙村".into(), "12".into()], &mut out).unwrap();
        table.push(vec!["b2".into(), "一个名字长得超出了二十四个显示格的村子".into(), "3".into()], &mut out).unwrap();
        table.finish(&mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "村名                      户数  id");
        assert_eq!(lines[1], "青龙村                    12    a1");
        assert!(lines[2].starts_with("一个名字长得超出了二十…"), "{}", lines[2]);
        let at = |l: &str| width(l.split("  ").next().unwrap());
        assert!(lines.iter().all(|l| at(l) <= WIDEST));
        let mut out = Vec::new();
        let mut narrow = Table::new(vec!["id".into(), "村名".into(), "户数".into()], 10);
        narrow.push(vec!["a1".into(), "青龙村".into(), "12".into()], &mut out).unwrap();
        narrow.finish(&mut out).unwrap();
        assert!(String::from_utf8(out).unwrap().lines().all(|l| width(l) <= 10), "no line wraps");
    }
}
