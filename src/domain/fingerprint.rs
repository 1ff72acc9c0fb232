//! A short fingerprint of a text that stays the same across builds and machines
//! (std's hasher may change between Rust releases): FNV-1a, 64 bits. It names a
//! ledger's draft files and stands for long values in an import's baseline.

pub fn fnv1a64(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

#[cfg(test)]
mod tests {
    #[test]
    fn it_is_the_published_fnv1a_64() {
        assert_eq!(super::fnv1a64(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(super::fnv1a64("a"), 0xaf63_dc4c_8601_ec8c);
    }
}
