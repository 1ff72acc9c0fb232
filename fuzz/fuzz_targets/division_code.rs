//! Any text typed as a 12-digit village code, and any official name shortened.
#![no_main]

use bangfu::domain::divisions::{locate_village, short_village_name};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let _ = locate_village(text);
    let _ = short_village_name(text);
});
