//! Arbitrary bytes as an .xlsx: bangfu's own zip-and-XML reader must read them or
//! refuse them with a reason, never panic, hang, or grow past the limits.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|bytes: &[u8]| {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fuzz.xlsx");
    std::fs::write(&path, bytes).unwrap();
    let _ = bangfu::sheets::read_rows(&path);
});
