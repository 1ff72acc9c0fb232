//! Arbitrary bytes as a .csv (UTF-8, GBK, a byte-order mark, quotes left open): read
//! or refused with a reason, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fuzz.csv");
    std::fs::write(&path, bytes).unwrap();
    let _ = bangfu::sheets::read_rows(&path);
});
