//! Any text typed as money: read into fen or refused, never a panic or an overflow;
//! what is read is written back and read again to the same fen.
#![no_main]

use bangfu::domain::money::{format_yuan, parse_fen};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(fen) = parse_fen(text) {
        assert_eq!(parse_fen(&format_yuan(fen)), Ok(fen));
    }
});
