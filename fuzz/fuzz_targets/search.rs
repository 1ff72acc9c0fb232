//! Any text typed into `/`: parsed into a query and matched against any record's
//! words, tokens made of any text, never a panic.
#![no_main]

use bangfu::domain::search::{Query, SearchKey, tokens};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let (query, record) = text.split_at(text.char_indices().nth(text.chars().count() / 2).map_or(0, |(i, _)| i));
    let q = Query::parse(query);
    let key = SearchKey::new(&[record], &[record]);
    let _ = key.matches(&q);
    let _ = q.prefixes();
    let _ = tokens(&[record], &[query], &[record]);
});
