//! Any text typed or pasted into an ID number field: read, never a panic; a number
//! that parses keeps its 18 characters and masks to the same length.
#![no_main]

use bangfu::domain::idnum::{mask, parse_disability_cert, parse_resident_id, upgrade_15};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(id) = parse_resident_id(text) {
        assert_eq!(id.number.chars().count(), 18);
        assert_eq!(mask(&id.number).chars().count(), 18);
    }
    let _ = parse_disability_cert(text);
    let _ = upgrade_15(text);
    let _ = mask(text);
});
