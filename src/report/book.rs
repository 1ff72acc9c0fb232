//! One table on a worksheet, the way the county templates print them: a merged title,
//! a bold wrapped header that stays in view, money in 元 with two decimals, a bold
//! totals row, and columns as wide as their Chinese text.

use rust_xlsxwriter::{Format, FormatAlign, FormatBorder, Worksheet, XlsxError};
use unicode_width::UnicodeWidthStr;

/// The widest a column grows (in cells of Chinese text halved): longer text wraps,
/// so a 35-column ledger still prints readably across an A3 page.
const MAX_COLUMN: usize = 18;

/// 元 with thousands separators and two decimals.
const YUAN: &str = "#,##0.00";

/// Writes rows under a header, keeping each column's widest text.
pub(super) struct Table<'a> {
    sheet: &'a mut Worksheet,
    pub(super) row: u32,
    widths: Vec<usize>,
    /// Text that may wrap: its row, column and the widths of its lines, so the row is
    /// made tall enough once the columns' widths are known (spreadsheet programs do
    /// not all grow a row for wrapped text: LibreOffice printed it over the next row).
    wrapping: Vec<(u32, usize, Vec<usize>)>,
    cell: Format,
    bold: Format,
    yuan: Format,
    yuan_bold: Format,
    percent: Format,
    wrapped: Format,
}

impl<'a> Table<'a> {
    /// A table whose title spans `columns` and whose header is the next row.
    pub(super) fn new(sheet: &'a mut Worksheet, title: &str, header: &[String]) -> Result<Self, XlsxError> {
        let border = |f: Format| f.set_border(FormatBorder::Thin);
        let head = border(Format::new().set_bold().set_align(FormatAlign::Center).set_text_wrap())
            .set_align(FormatAlign::VerticalCenter);
        let title_format = Format::new().set_bold().set_font_size(14).set_align(FormatAlign::Center);
        let last = u16::try_from(header.len().saturating_sub(1)).unwrap_or(u16::MAX);
        if last > 0 {
            sheet.merge_range(0, 0, 0, last, title, &title_format)?;
        } else {
            sheet.write_string_with_format(0, 0, title, &title_format)?;
        }
        sheet.set_row_height(0, 24)?;
        for (c, text) in header.iter().enumerate() {
            sheet.write_string_with_format(1, col(c), text, &head)?;
        }
        sheet.set_row_height(1, 30)?;
        sheet.set_freeze_panes(2, 0)?;
        // A header is wrapped over two lines, so it asks for half its width — or its
        // widest word, where a space says where it may break (谋划储备 / 总投资（元）).
        let widths = header
            .iter()
            .map(|h| h.split(' ').map(UnicodeWidthStr::width).max().unwrap_or(0).max(h.width().div_ceil(2)))
            .collect();
        Ok(Table {
            sheet,
            row: 2,
            widths,
            wrapping: Vec::new(),
            // Text wraps in its cell: columns stay narrow enough to print readably.
            cell: border(Format::new().set_text_wrap().set_align(FormatAlign::VerticalCenter)),
            bold: border(Format::new().set_bold()),
            yuan: border(Format::new().set_num_format(YUAN)),
            yuan_bold: border(Format::new().set_num_format(YUAN).set_bold()),
            percent: border(Format::new().set_num_format("0%")),
            wrapped: border(Format::new().set_text_wrap()),
        })
    }

    fn may_wrap(&mut self, c: usize, text: &str) {
        if text.width() > MAX_COLUMN || text.contains('\n') {
            self.wrapping.push((self.row, c, text.lines().map(UnicodeWidthStr::width).collect()));
        }
    }

    /// The rows holding wrapped text, each as tall as its most wrapped cell.
    fn grow_rows(&mut self) -> Result<(), XlsxError> {
        let mut lines_of_row: std::collections::BTreeMap<u32, usize> = std::collections::BTreeMap::new();
        for (row, c, widths) in &self.wrapping {
            // The cell's room: the column's width as set.
            let room = self.widths.get(*c).map_or(MAX_COLUMN, |w| (*w).clamp(4, MAX_COLUMN)) + 2;
            // A Chinese character (two cells) prints about 1.7 of a column's units
            // (measured in LibreOffice with Noto CJK): 17 units for 20 cells.
            let lines: usize = widths.iter().map(|w| (w * 17).div_ceil(room * 20).max(1)).sum();
            let most = lines_of_row.entry(*row).or_insert(1);
            *most = (*most).max(lines);
        }
        for (row, lines) in lines_of_row.into_iter().filter(|(_, lines)| *lines > 1) {
            self.sheet.set_row_height(row, 15.0 * lines as f64)?;
        }
        Ok(())
    }

    fn widen(&mut self, c: usize, width: usize) {
        if self.widths.len() <= c {
            self.widths.resize(c + 1, 0);
        }
        if let Some(w) = self.widths.get_mut(c) {
            *w = (*w).max(width);
        }
    }

    pub(super) fn text(&mut self, c: usize, text: &str) -> Result<(), XlsxError> {
        self.widen(c, text.width());
        self.may_wrap(c, text);
        self.sheet.write_string_with_format(self.row, col(c), text, &self.cell)?;
        Ok(())
    }

    /// A short mark centred in its cell (a rank's change, ↑3), kept apart from the
    /// figure beside it.
    pub(super) fn centered(&mut self, c: usize, text: &str) -> Result<(), XlsxError> {
        self.widen(c, text.width() + 2);
        let format = self.cell.clone().set_align(FormatAlign::Center);
        self.sheet.write_string_with_format(self.row, col(c), text, &format)?;
        Ok(())
    }

    pub(super) fn bold(&mut self, c: usize, text: &str) -> Result<(), XlsxError> {
        self.widen(c, text.width());
        self.sheet.write_string_with_format(self.row, col(c), text, &self.bold)?;
        Ok(())
    }

    /// A summary line under the table: its name over columns 1–3 (not widening them),
    /// its figure in column 4.
    pub(super) fn caption(&mut self, text: &str) -> Result<(), XlsxError> {
        self.sheet.merge_range(self.row, 1, self.row, 3, text, &self.bold)?;
        Ok(())
    }

    /// Text of several lines (progress notes by date), wrapped in its cell.
    pub(super) fn lines(&mut self, c: usize, text: &str) -> Result<(), XlsxError> {
        self.widen(c, text.lines().map(UnicodeWidthStr::width).max().unwrap_or(0));
        self.may_wrap(c, text);
        self.sheet.write_string_with_format(self.row, col(c), text, &self.wrapped)?;
        Ok(())
    }

    pub(super) fn count(&mut self, c: usize, n: i64, bold: bool) -> Result<(), XlsxError> {
        self.widen(c, n.to_string().width());
        let format = if bold { &self.bold } else { &self.cell };
        self.sheet.write_number_with_format(self.row, col(c), n as f64, format)?;
        Ok(())
    }

    /// Money kept in fen, written as 元: a spreadsheet's numbers are doubles, exact for
    /// any sum of fen a ledger holds (below 2^53); the cell's format shows two decimals.
    pub(super) fn yuan(&mut self, c: usize, fen: i64, bold: bool) -> Result<(), XlsxError> {
        self.widen(c, crate::domain::money::format_yuan(fen).width());
        let format = if bold { &self.yuan_bold } else { &self.yuan };
        self.sheet.write_number_with_format(self.row, col(c), fen as f64 / 100.0, format)?;
        Ok(())
    }

    /// A share (`part` of `whole`) as a percentage; empty when there is no whole.
    pub(super) fn share(&mut self, c: usize, part: i64, whole: i64) -> Result<(), XlsxError> {
        if whole <= 0 {
            return self.text(c, "");
        }
        self.widen(c, 5);
        self.sheet.write_number_with_format(self.row, col(c), part as f64 / whole as f64, &self.percent)?;
        Ok(())
    }

    /// A share as a whole percentage rounded down (a target 99.5% met is 99%, not
    /// 100%); empty when there is no whole.
    pub(super) fn share_floor(&mut self, c: usize, part: i64, whole: i64) -> Result<(), XlsxError> {
        match (part.checked_mul(100)).and_then(|p| p.checked_div(whole)).filter(|_| whole > 0) {
            Some(percent) => self.share(c, percent, 100),
            None => self.text(c, ""),
        }
    }

    /// A plain number with two decimals (a ratio such as 撬动比).
    pub(super) fn ratio(&mut self, c: usize, value: f64) -> Result<(), XlsxError> {
        self.widen(c, 6);
        let format = Format::new().set_num_format("0.00").set_border(FormatBorder::Thin);
        self.sheet.write_number_with_format(self.row, col(c), value, &format)?;
        Ok(())
    }

    /// Basis points as points out of 100 with two decimals (a rate, a score); empty
    /// when there is none.
    pub(super) fn points(&mut self, c: usize, bp: Option<i64>) -> Result<(), XlsxError> {
        let Some(bp) = bp else { return self.text(c, "") };
        self.widen(c, 6);
        let format = self.cell.clone().set_num_format("0.00");
        self.sheet.write_number_with_format(self.row, col(c), bp as f64 / 100.0, &format)?;
        Ok(())
    }

    pub(super) fn next_row(&mut self) {
        self.row += 1;
    }

    /// Sets the column widths (long free text capped and wrapped by the reader), the
    /// signature line under the table, and the page as it prints.
    pub(super) fn finish(mut self, signed: &Signature) -> Result<(), XlsxError> {
        self.grow_rows()?;
        for (c, w) in self.widths.iter().enumerate() {
            self.sheet.set_column_width(col(c), (*w).clamp(4, MAX_COLUMN) as f64 + 2.0)?;
        }
        signed.write(self.sheet, self.row + 1)?;
        print_setup(self.sheet, self.widths.len(), 2, &signed.footer)
    }
}

/// 填报单位, 填报人 and 填报日期 under a report: the unit and the person from the
/// ledger (a blank to write on when it does not know them), the day it was written.
pub(crate) struct Signature {
    pub unit: String,
    pub person: String,
    pub date: String,
    pub labels: (String, String, String),
    /// The page footer, with Excel's codes for the page and the pages (&P, &N).
    pub footer: String,
}

impl Signature {
    pub(super) fn write(&self, sheet: &mut Worksheet, row: u32) -> Result<(), XlsxError> {
        let blank = "＿＿＿＿＿＿";
        let or_blank = |s: &str| if s.is_empty() { blank.to_string() } else { s.to_string() };
        let line = format!(
            "{}{}　　{}{}　　{}{}",
            self.labels.0,
            or_blank(&self.unit),
            self.labels.1,
            or_blank(&self.person),
            self.labels.2,
            self.date
        );
        sheet.write_string(row, 0, &line)?;
        Ok(())
    }
}

/// A report as it prints: A4, across the page when it has many columns, every column
/// on one page's width, the title and header rows on every page, the pages numbered.
/// Past 20 columns (the project ledger's 35) one page's width would be too small to
/// read even on A3: A3 across, at full size, the first four columns (序号, 乡镇, 村,
/// 项目名称) repeated on each page.
pub(super) fn print_setup(
    sheet: &mut Worksheet,
    columns: usize,
    header_rows: u32,
    footer: &str,
) -> Result<(), XlsxError> {
    const A4: u8 = 9;
    const A3: u8 = 8;
    let very_wide = columns > 20;
    sheet.set_paper_size(if very_wide { A3 } else { A4 });
    if columns > 8 {
        sheet.set_landscape();
    }
    if very_wide {
        // Across two or three pages at a readable size, each page starting with the
        // row's number, place and name.
        sheet.set_repeat_columns(0, 3)?;
    } else {
        sheet.set_print_fit_to_pages(1, 0);
    }
    sheet.set_print_center_horizontally(true);
    sheet.set_margins(0.4, 0.4, 0.6, 0.6, 0.3, 0.3);
    sheet.set_repeat_rows(0, header_rows.saturating_sub(1))?;
    sheet.set_footer(format!("&C{footer}"));
    Ok(())
}

fn col(c: usize) -> u16 {
    u16::try_from(c).unwrap_or(u16::MAX)
}
