//! An `.xls` is read by calamine, which lays each sheet out as a grid from its first
//! to its last cell before bangfu sees a row: two cells of a hostile file, at A1 and at
//! row 65,536 column 65,536, ask for four billion. Before calamine reads it, the cell
//! records of the workbook's stream are walked (a few bytes each, nothing kept) and a
//! sheet whose grid is past `MAX_CELLS` is refused.

use super::limits::{Limit, MAX_CELLS};
use std::io::Read;
use std::path::Path;

/// BIFF records that place a cell: their first four bytes are its row and column.
const CELLS: [u16; 7] = [0x0203, 0x027E, 0x00FD, 0x0204, 0x0201, 0x0205, 0x0006];
/// Several cells in a row: row, first column, then one entry per cell (6 bytes for
/// MULRK, 2 for MULBLANK), then the last column.
const MULRK: u16 = 0x00BD;
const MULBLANK: u16 = 0x00BE;
/// A sheet's (or the workbook globals') substream begins and ends.
const BOF: u16 = 0x0809;
const EOF: u16 = 0x000A;

/// The grid of one substream: its first and last rows and columns.
#[derive(Default)]
struct Grid {
    rows: Option<(u32, u32)>,
    cols: Option<(u32, u32)>,
}

impl Grid {
    fn place(&mut self, row: u32, first: u32, last: u32) {
        let widen = |span: &mut Option<(u32, u32)>, lo: u32, hi: u32| {
            *span = Some(span.map_or((lo, hi), |(a, b)| (a.min(lo), b.max(hi))));
        };
        widen(&mut self.rows, row, row);
        widen(&mut self.cols, first, last);
    }

    fn cells(&self) -> u64 {
        match (self.rows, self.cols) {
            (Some((r0, r1)), Some((c0, c1))) => u64::from(r1 - r0 + 1) * u64::from(c1 - c0 + 1),
            _ => 0,
        }
    }
}

/// `Err(limit)` when some sheet's grid is past `MAX_CELLS`. A file that is not an OLE
/// compound file, or has no workbook stream, is left for calamine to name.
pub(super) fn within_grid(path: &Path) -> Result<(), Limit> {
    let Ok(mut file) = cfb::open(path) else { return Ok(()) };
    let name = ["/Workbook", "/Book"].into_iter().find(|n| file.is_stream(n));
    let Some(mut stream) = name.and_then(|n| file.open_stream(n).ok()) else { return Ok(()) };
    let mut grid = Grid::default();
    let mut head = [0u8; 4];
    let mut body = Vec::with_capacity(8224);
    while stream.read_exact(&mut head).is_ok() {
        let [k0, k1, l0, l1] = head;
        let (kind, len) = (u16::from_le_bytes([k0, k1]), usize::from(u16::from_le_bytes([l0, l1])));
        body.resize(len, 0);
        if stream.read_exact(&mut body).is_err() {
            break;
        }
        let word = |at: usize| {
            body.get(at..at + 2).and_then(|b| b.try_into().ok()).map_or(0, |b| u32::from(u16::from_le_bytes(b)))
        };
        match kind {
            BOF | EOF => {
                if grid.cells() > MAX_CELLS as u64 {
                    return Err(Limit::Cells);
                }
                grid = Grid::default();
            }
            k if CELLS.contains(&k) && len >= 4 => grid.place(word(0), word(2), word(2)),
            // As calamine counts them: one cell per entry from the first column on.
            MULRK | MULBLANK if len >= 6 => {
                let entry = if kind == MULRK { 6 } else { 2 };
                let count = ((len - 6) / entry) as u32;
                grid.place(word(0), word(2), word(2) + count.saturating_sub(1));
            }
            _ => {}
        }
    }
    if grid.cells() > MAX_CELLS as u64 { Err(Limit::Cells) } else { Ok(()) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// An OLE file whose workbook stream holds `records` (type, body).
    fn xls(dir: &Path, records: &[(u16, Vec<u8>)]) -> std::path::PathBuf {
        let path = dir.join("hostile.xls");
        let mut file = cfb::create(&path).unwrap();
        let mut stream = file.create_stream("/Workbook").unwrap();
        for (kind, body) in records {
            stream.write_all(&kind.to_le_bytes()).unwrap();
            stream.write_all(&(body.len() as u16).to_le_bytes()).unwrap();
            stream.write_all(body).unwrap();
        }
        drop(stream);
        file.flush().unwrap();
        path
    }

    fn number(row: u16, col: u16) -> (u16, Vec<u8>) {
        let mut body = row.to_le_bytes().to_vec();
        body.extend_from_slice(&col.to_le_bytes());
        body.extend_from_slice(&[0; 10]);
        (0x0203, body)
    }

    #[test]
    fn two_cells_far_apart_are_refused_and_a_real_sheet_is_not() {
        let dir = tempfile::tempdir().unwrap();
        let bof = (BOF, vec![0; 16]);
        let far = xls(dir.path(), &[bof.clone(), number(0, 0), number(65_535, 65_535), (EOF, vec![])]);
        assert_eq!(within_grid(&far), Err(Limit::Cells));
        let sheet = xls(dir.path(), &[bof.clone(), number(0, 0), number(60_000, 180), (EOF, vec![])]);
        assert_eq!(within_grid(&sheet), Ok(()), "a county's people in 181 columns");
        // A run of blanks counted as calamine counts it.
        let mut run = 1000u16.to_le_bytes().to_vec();
        run.extend_from_slice(&0u16.to_le_bytes());
        run.extend_from_slice(&vec![0; 2 * 4000]);
        run.extend_from_slice(&3999u16.to_le_bytes());
        let wide = xls(dir.path(), &[bof, number(0, 0), (MULBLANK, run), (EOF, vec![])]);
        assert_eq!(within_grid(&wide), Ok(()), "1001 × 4000 cells");
        assert_eq!(within_grid(Path::new("/nonexistent.xls")), Ok(()), "left for calamine to name");
    }
}
