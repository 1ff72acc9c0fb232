//! Every kind of record, declared once: its name in code and the record type that
//! declares its table and fields. The kinds, their tables, what `bangfu check`
//! scans, what a merge copies and what `bangfu list` takes all follow from this list,
//! and a match over the kinds is exhaustive — a kind added here and forgotten
//! elsewhere does not compile. A test holds the schema to it: a table with records
//! (a `deleted` column) that is not registered fails (docs/records.md).

use super::field::RecordDef;
use super::record::Record;

/// Declares the kinds: `Name => module::Type`.
macro_rules! record_kinds {
    ($($kind:ident => $module:ident :: $ty:ident),* $(,)?) => {
        /// A kind of record a person writes (a form edits it, the log records it).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
        pub enum RecordKind {
            $($kind),*
        }

        impl RecordKind {
            /// Every kind, in the order of the declaration (of `check` and `list`).
            pub const ALL: &'static [RecordKind] = &[$(RecordKind::$kind),*];

            /// The kind's declaration: table, fields, label prefix.
            pub fn def(self) -> &'static RecordDef {
                match self {
                    $(RecordKind::$kind => <super::$module::$ty as Record>::DEF),*
                }
            }
        }
    };
}

record_kinds! {
    Village => village::Village,
    Household => household::Household,
    Member => member::Member,
    Income => income::Income,
    Measure => measure::Measure,
    Step => monitoring::MonitoringEvent,
    Project => project::Project,
    Arrival => project::FundArrival,
    Visit => visit::Visit,
    Task => task::Task,
    TaskNote => task::TaskNote,
    Cadre => cadre::Cadre,
    Attendance => cadre::Attendance,
    Threshold => income::Threshold,
    VisitRule => schedule::VisitRule,
}

/// Records that only link two others (a project's beneficiary households): kept,
/// logged, merged and checked like the kinds, edited through their owner's form.
pub const LINKS: [&RecordDef; 1] = [<super::project::ProjectHousehold as Record>::DEF];

/// Tables of records that are not declared as fields: the vocabularies.
pub const OTHER_RECORD_TABLES: [&str; 1] = ["vocab"];

impl RecordKind {
    /// The kind of the records of a table.
    pub fn of_table(table: &str) -> Option<RecordKind> {
        RecordKind::ALL.iter().copied().find(|k| k.def().table == table)
    }

    /// Every record table, in the order the kinds are declared: what `bangfu list`
    /// takes, its help and its refusal list.
    pub fn tables() -> impl Iterator<Item = &'static str> {
        RecordKind::ALL.iter().map(|k| k.def().table)
    }

    /// The prefix of this record's labels in the catalogs (`household.head_name`).
    pub fn label_prefix(self) -> &'static str {
        self.def().prefix
    }
}

/// Every declaration: the kinds, then the links.
pub fn record_defs() -> Vec<&'static RecordDef> {
    RecordKind::ALL.iter().map(|k| k.def()).chain(LINKS).collect()
}

/// Every table of records (what `check` counts and a merge copies), in order: the
/// kinds', the links', the vocabularies.
pub fn record_tables() -> &'static [&'static str] {
    static TABLES: std::sync::LazyLock<Vec<&'static str>> =
        std::sync::LazyLock::new(|| record_defs().iter().map(|d| d.table).chain(OTHER_RECORD_TABLES).collect());
    &TABLES
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
