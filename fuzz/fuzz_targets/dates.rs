//! Any text typed as a date or a month: read or refused, never a panic.
#![no_main]

use bangfu::domain::dates::{format_date, parse_date, parse_month};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(day) = parse_date(text) {
        assert_eq!(parse_date(&format_date(day)), Ok(day));
    }
    if let Ok(month) = parse_month(text) {
        assert_eq!(parse_month(&month.to_string()), Ok(month));
    }
});
