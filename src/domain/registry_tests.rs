//! The registry held to the schema, the tables and the tabs' needs.
use super::*;

impl RecordKind {
    fn with_own_rows_declared(self) -> bool {
        RecordKind::with_own_rows().any(|k| k == self)
    }
}

/// Every table of schema.sql with a `deleted` column holds records: each is a
/// registered kind, a link, or the vocabularies.
#[test]
fn every_table_of_records_is_registered() {
    let schema = include_str!("../store/schema.sql");
    let mut table = None;
    let mut unregistered = Vec::new();
    for line in schema.lines() {
        let words: Vec<&str> = line.split_whitespace().collect();
        match words.as_slice() {
            ["CREATE", "TABLE", name, ..] => table = Some(name.trim_end_matches('(').to_string()),
            [");"] | [")"] => table = None,
            ["deleted", ..] => {
                if let Some(t) = &table
                    && !record_tables().contains(&t.as_str())
                {
                    unregistered.push(t.clone());
                }
            }
            _ => {}
        }
    }
    assert!(unregistered.is_empty(), "tables of records not in domain/registry.rs: {unregistered:?}");
    assert!(record_tables().contains(&"attendance") && record_tables().contains(&"fund_arrivals"));
}

/// Each column a kind's feeds or place name is a column of its table, and each
/// search number is used once (the household's included): a misspelt column would
/// otherwise feed nothing, silently.
#[test]
fn feeds_and_places_name_real_columns() {
    for kind in RecordKind::ALL {
        let columns = kind.def().column_names();
        let has = |c: &str| c == "id" || columns.iter().any(|k| k == c);
        for feed in kind.feeds() {
            let column = feed.column().unwrap_or("id");
            assert!(has(column), "{kind:?} feeds {feed:?}: no column {column} in {}", kind.def().table);
            if let Feed::Record(of, _) = feed {
                assert!(of.with_own_rows_declared(), "{kind:?} feeds the rows of {of:?}, which has none");
            }
        }
        if let Some((owner, column)) = kind.under() {
            assert!(has(column), "{kind:?} is shown under {owner:?} by {column}, not a column");
            assert!(owner.under().is_none(), "{kind:?} is shown under {owner:?}, itself a part");
        }
    }
    for kind in RecordKind::ALL.iter().filter(|k| k.search_number().is_some()) {
        assert!(kind.with_own_rows_declared(), "{kind:?} is searched but a change to it does not say so");
    }
    let mut numbers: Vec<i64> = RecordKind::ALL.iter().filter_map(|k| k.search_number()).collect();
    numbers.extend([HOUSEHOLD_SEARCH, VISITORS_SEARCH]);
    let count = numbers.len();
    numbers.sort();
    numbers.dedup();
    assert_eq!(numbers.len(), count, "a search number used twice");
}
