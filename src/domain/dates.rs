//! Dates (`YYYY-MM-DD`) and months (`YYYY-MM`) as people type them.

use super::Invalid;
use chrono::{Datelike, NaiveDate};
use std::fmt;

pub fn parse_date(text: &str) -> Result<NaiveDate, Invalid> {
    let parts = numeric_parts(text);
    match parts.as_slice() {
        [one] if one.len() == 8 => {
            let (y, m, d) = (one.get(..4), one.get(4..6), one.get(6..));
            ymd(y.and_then(|y| y.parse().ok()), m.and_then(|m| m.parse().ok()), d.and_then(|d| d.parse().ok()))
        }
        [y, m, d] if y.len() == 4 && m.len() <= 2 && d.len() <= 2 => {
            ymd(y.parse().ok(), m.parse().ok(), d.parse().ok())
        }
        // A month where a day is asked: which day is not clear, so it is asked for.
        _ if month_only(text).is_ok() => Err(Invalid::MonthForDate),
        _ => Err(Invalid::Date),
    }
}

/// A date from its numbers; a real month with a day it lacks (2026-02-30) is said as such.
fn ymd(y: Option<i32>, m: Option<u32>, d: Option<u32>) -> Result<NaiveDate, Invalid> {
    let (Some(y), Some(m), Some(d)) = (y, m, d) else { return Err(Invalid::Date) };
    NaiveDate::from_ymd_opt(y, m, d).ok_or(if (1..=12).contains(&m) && (1..=31).contains(&d) {
        Invalid::NoSuchDay { month: m, day: d }
    } else {
        Invalid::Date
    })
}

pub fn parse_optional_date(text: &str) -> Result<Option<NaiveDate>, Invalid> {
    if text.trim().is_empty() { Ok(None) } else { parse_date(text).map(Some) }
}

/// Splits `2026-03-05`, `2026/3/5`, `2026.3.5`, `2026年3月5日` into their numbers.
fn numeric_parts(text: &str) -> Vec<String> {
    text.trim()
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect::<Vec<_>>()
        .into_iter()
        .collect()
}

fn only_date_characters(text: &str) -> bool {
    text.trim().chars().all(|c| c.is_ascii_digit() || matches!(c, '-' | '/' | '.' | '年' | '月' | '日' | ' '))
}

/// A calendar month, as monitoring records keep it (识别监测时间, 消除监测时间).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
pub struct YearMonth {
    pub year: i32,
    pub month: u32,
}

impl YearMonth {
    pub fn new(year: i32, month: u32) -> Option<Self> {
        ((1..=12).contains(&month) && (1900..=2200).contains(&year)).then_some(YearMonth { year, month })
    }
    pub fn of(date: NaiveDate) -> Self {
        YearMonth { year: date.year(), month: date.month() }
    }
    /// Whole months from `self` to `later` (2026-01 → 2026-07 is 6).
    pub fn months_until(self, later: YearMonth) -> i32 {
        (later.year - self.year) * 12 + later.month as i32 - self.month as i32
    }
    pub fn first_day(self) -> NaiveDate {
        NaiveDate::from_ymd_opt(self.year, self.month, 1).unwrap_or_default()
    }

    pub fn last_day(self) -> NaiveDate {
        self.plus(1).map_or(self.first_day(), |next| next.first_day().pred_opt().unwrap_or_default())
    }

    /// The month `months` later (earlier when negative).
    pub fn plus(self, months: i32) -> Option<YearMonth> {
        let total = self.year * 12 + self.month as i32 - 1 + months;
        YearMonth::new(total.div_euclid(12), total.rem_euclid(12) as u32 + 1)
    }
}

impl fmt::Display for YearMonth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

/// Parses `2026-03`, `2026/3`, `202603` (the national export's form), `2026年3月`;
/// a whole date (`2026-10-08`) is its month, whose meaning is clear.
pub fn parse_month(text: &str) -> Result<YearMonth, Invalid> {
    if is_whole_date(text) {
        // A day the month lacks is said as such (2026-02-30).
        return parse_date(text).map(YearMonth::of).map_err(|e| match e {
            Invalid::NoSuchDay { .. } => e,
            _ => Invalid::Month,
        });
    }
    month_only(text)
}

/// Whether the text has a day as well (three numbers, or eight digits together).
fn is_whole_date(text: &str) -> bool {
    if !only_date_characters(text) {
        return false;
    }
    let parts = numeric_parts(text);
    parts.len() == 3 || parts.first().is_some_and(|p| p.len() == 8)
}

/// A month written as a month.
fn month_only(text: &str) -> Result<YearMonth, Invalid> {
    if !only_date_characters(text) {
        return Err(Invalid::Month);
    }
    let parts = numeric_parts(text);
    let (y, m) = match parts.as_slice() {
        [one] if one.len() == 6 => one.split_at_checked(4).ok_or(Invalid::Month)?,
        [y, m] if y.len() == 4 && m.len() <= 2 => (y.as_str(), m.as_str()),
        _ => return Err(Invalid::Month),
    };
    match (y.parse(), m.parse()) {
        (Ok(y), Ok(m)) => YearMonth::new(y, m).ok_or(Invalid::Month),
        _ => Err(Invalid::Month),
    }
}

pub fn parse_optional_month(text: &str) -> Result<Option<YearMonth>, Invalid> {
    if text.trim().is_empty() { Ok(None) } else { parse_month(text).map(Some) }
}

/// What a person records as having happened (a visit, a step) is not dated after today.
pub fn not_future(day: NaiveDate, today: NaiveDate) -> Result<(), Invalid> {
    if day > today { Err(Invalid::Future { today: format_date(today) }) } else { Ok(()) }
}

/// A month something happened in (identified, eliminated) is not after this month.
pub fn month_not_future(month: YearMonth, today: NaiveDate) -> Result<(), Invalid> {
    if month > YearMonth::of(today) { Err(Invalid::Future { today: format_date(today) }) } else { Ok(()) }
}

/// Whole years of age on `day` of someone born on `birth`.
pub fn age_on(birth: NaiveDate, day: NaiveDate) -> i32 {
    let mut age = day.year() - birth.year();
    if (day.month(), day.day()) < (birth.month(), birth.day()) {
        age -= 1;
    }
    age
}

pub fn format_date(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

/// Reads a date stored by the ledger itself (`YYYY-MM-DD`).
pub fn stored_date(text: &str) -> Option<NaiveDate> {
    // The file's own shape read directly (a county's figures read 200,000 of them),
    // any other through chrono, as before.
    let digits = |range: std::ops::Range<usize>| {
        let part = text.as_bytes().get(range)?;
        part.iter().try_fold(0u32, |n, d| d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0')))
    };
    let dashes = text.len() == 10 && text.as_bytes().get(4) == Some(&b'-') && text.as_bytes().get(7) == Some(&b'-');
    match (dashes, digits(0..4), digits(5..7), digits(8..10)) {
        (true, Some(year), Some(month), Some(day)) => NaiveDate::from_ymd_opt(i32::try_from(year).ok()?, month, day),
        _ => NaiveDate::parse_from_str(text, "%Y-%m-%d").ok(),
    }
}

/// A month as the file keeps it: a month, not a date that a form would read as one.
pub fn stored_month(text: &str) -> Option<YearMonth> {
    month_only(text).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_day_the_month_lacks_is_named() {
        assert_eq!(parse_date("2026-02-30"), Err(Invalid::NoSuchDay { month: 2, day: 30 }));
        assert_eq!(parse_date("20260431"), Err(Invalid::NoSuchDay { month: 4, day: 31 }));
        assert_eq!(parse_date("2026-13-01"), Err(Invalid::Date));
        assert_eq!(parse_date("2028-02-29").map(format_date), Ok("2028-02-29".to_string()));
        let today = NaiveDate::from_ymd_opt(2026, 11, 15).unwrap();
        assert!(not_future(today, today).is_ok());
        assert!(not_future(today.succ_opt().unwrap(), today).is_err());
        assert!(month_not_future(YearMonth::of(today), today).is_ok());
        assert!(month_not_future(YearMonth::new(2026, 12).unwrap(), today).is_err());
    }

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn dates_in_the_forms_people_type() {
        assert_eq!(parse_date("2026-03-05"), Ok(d(2026, 3, 5)));
        assert_eq!(parse_date("2026/3/5"), Ok(d(2026, 3, 5)));
        assert_eq!(parse_date("20260305"), Ok(d(2026, 3, 5)));
        assert_eq!(parse_date("2026年3月5日"), Ok(d(2026, 3, 5)));
        assert_eq!(parse_date("2026-02-30"), Err(Invalid::NoSuchDay { month: 2, day: 30 }));
        assert_eq!(parse_date("26-3-5"), Err(Invalid::Date));
        assert_eq!(parse_date("yesterday"), Err(Invalid::Date));
    }

    #[test]
    fn months() {
        assert_eq!(parse_month("2026-07").unwrap().to_string(), "2026-07");
        assert_eq!(parse_month("202607").unwrap().to_string(), "2026-07");
        assert_eq!(parse_month("2026年7月").unwrap().to_string(), "2026-07");
        assert_eq!(parse_month("2026-13"), Err(Invalid::Month));
        // A whole date where a month is asked is its month; a month where a day is
        // asked is refused by name (which day is not clear).
        assert_eq!(parse_month("2026-10-08").unwrap().to_string(), "2026-10");
        assert_eq!(parse_month("20261008").unwrap().to_string(), "2026-10");
        assert_eq!(parse_month("2026-02-30"), Err(Invalid::NoSuchDay { month: 2, day: 30 }));
        assert_eq!(parse_month("2026-10-08abc"), Err(Invalid::Month));
        assert_eq!(parse_date("2026-03"), Err(Invalid::MonthForDate));
        assert_eq!(parse_date("2026年3月"), Err(Invalid::MonthForDate));
        assert_eq!(stored_month("2026-10-08"), None, "the file keeps months as months");
        assert_eq!(parse_month("7月"), Err(Invalid::Month));
        let jan = parse_month("2026-01").unwrap();
        assert_eq!(jan.months_until(parse_month("2026-07").unwrap()), 6);
        assert_eq!(parse_month("2025-12").unwrap().months_until(jan), 1);
    }
}
