//! Any text typed as a phone number: read into its normal form or refused; the
//! normal form reads back as itself.
#![no_main]

use bangfu::domain::phone::parse_phone;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(number) = parse_phone(text) {
        assert_eq!(parse_phone(&number).as_deref(), Ok(number.as_str()));
    }
});
