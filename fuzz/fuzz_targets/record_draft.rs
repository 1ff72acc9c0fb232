//! Any text in any field of any record's form: checked into a record or refused
//! field by field, never a panic (the parsers as the forms use them, together).
#![no_main]

use bangfu::domain::Draft;
use bangfu::domain::record::Record;
use bangfu::domain::{household::Household, member::Member, project::Project, visit::Visit};
use libfuzzer_sys::fuzz_target;

fn fill<T: Record>(text: &str) {
    let mut draft = Draft::default();
    let mut parts = text.split('\u{1f}');
    for def in T::DEF.fields {
        draft.set(def.key, parts.next().unwrap_or(text));
    }
    let _ = T::from_draft("", &draft);
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    fill::<Household>(text);
    fill::<Member>(text);
    fill::<Project>(text);
    fill::<Visit>(text);
});
