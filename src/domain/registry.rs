//! Every kind of record, declared once: its name in code, the record type that
//! declares its table and fields, where it is shown, how it is searched and what a
//! change to it feeds in the derived tables. The kinds, their tables, what `bangfu
//! check` scans, what a merge copies, what `bangfu list` takes, the search index and
//! the derived tables' bookkeeping all follow from this list, and a match over the
//! kinds is exhaustive — a kind added here and forgotten elsewhere does not compile.
//! A test holds the schema to it: a table with records (a `deleted` column) that is
//! not registered fails (docs/records.md).

use super::facts::{cadre_search_key, project_search_key, task_search_key, village_search_key};
use super::field::RecordDef;
use super::record::Record;
use super::warnings::Warning;

mod feed;
pub use feed::Feed;

/// How the records of a kind are searched: the number their tokens are kept under in
/// the file's search index (never reused: it is in every file), and their tokens.
pub struct Search<T> {
    pub number: i64,
    pub tokens: fn(&T) -> Vec<String>,
}

/// How a record is named in questions and messages, from its own fields.
pub struct Named<T> {
    pub by: fn(&T) -> String,
}

/// Reads records for the registry's dispatch (the store does).
pub trait ReadRecord {
    type Error;
    /// One record by id (a live one, or any, as the reader is made).
    fn read<T: Record>(&self, id: &str) -> Result<Option<T>, Self::Error>;
    /// The live records whose `column` names `id` (a task's notes).
    fn children<T: Record>(&self, column: &'static str, id: &str) -> Result<Vec<T>, Self::Error>;
    /// What an assisting side did: its lists, and the arrivals and projects that name
    /// it by its name (a side's figures and warnings count from these).
    fn side_records(&self, party: &super::cooperation::Party) -> Result<super::cooperation::SideRecords, Self::Error>;
}

/// A kind whose records have warnings of their own (not a household's facts): from
/// the record, and its parts where they count (a task's notes).
pub trait OwnWarnings: Record {
    fn own_warnings<S: ReadRecord>(&self, source: &S) -> Result<Vec<Warning>, S::Error>;
    /// The village its warnings are counted under (none: the whole ledger's).
    fn warning_village(&self) -> Option<String> {
        None
    }
}

/// A record's own warnings, with the village they count under and the name they are
/// sorted by.
pub struct OwnRows {
    pub warnings: Vec<Warning>,
    pub village: Option<String>,
    pub name: String,
}

/// `warnings: yes` or `warnings: no` of a registry line, as code.
macro_rules! own_warnings {
    (has yes) => {
        true
    };
    (has no) => {
        false
    };
    (yes, $ty:ty, $name:expr, $source:expr, $id:expr) => {{
        match $source.read::<$ty>($id)? {
            Some(r) => Some(OwnRows {
                warnings: OwnWarnings::own_warnings(&r, $source)?,
                village: r.warning_village(),
                name: $name.map(|n| (n.by)(&r)).unwrap_or_default(),
            }),
            None => None,
        }
    }};
    (no, $ty:ty, $name:expr, $source:expr, $id:expr) => {{
        let _ = ($name, $source, $id);
        None
    }};
}

/// Declares the kinds: `Name => module::Type { under, search, feeds }`, after a `$`
/// (the dollar of the `with_record!` it writes).
macro_rules! record_kinds {
    ($d:tt $($kind:ident => $module:ident :: $ty:ident {
        under: $under:expr,
        name: $name:expr,
        search: $search:expr,
        warnings: $warnings:ident,
        feeds: $feeds:expr $(,)?
    }),* $(,)?) => {
        /// Runs `$body` with `$t` standing for the record type of `$kind`.
        macro_rules! with_record {
            ($d kind:expr, $d t:ident => $d body:expr) => {{
                match $d kind {
                    $($crate::domain::registry::RecordKind::$kind => {
                        type $d t = $crate::domain::$module::$ty;
                        $d body
                    })*
                }
            }};
        }
        pub(crate) use with_record;

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

            /// The record whose details list a record of this kind, and the column
            /// naming it; none when it is a row of its tab's list itself.
            pub fn under(self) -> Option<(RecordKind, &'static str)> {
                match self {
                    $(RecordKind::$kind => $under),*
                }
            }

            /// What a change to a record of this kind feeds.
            pub fn feeds(self) -> &'static [Feed] {
                match self {
                    $(RecordKind::$kind => $feeds),*
                }
            }

            /// The number this kind's search tokens are kept under, if it is searched.
            pub fn search_number(self) -> Option<i64> {
                match self {
                    $(RecordKind::$kind => {
                        let search: Option<Search<super::$module::$ty>> = $search;
                        search.map(|s| s.number)
                    }),*
                }
            }

            /// The name of a record of this kind from its own fields (none: the kind
            /// is named from other records too, in app/names.rs, or the record is gone).
            pub fn record_name<S: ReadRecord>(self, source: &S, id: &str) -> Result<Option<String>, S::Error> {
                match self {
                    $(RecordKind::$kind => {
                        let name: Option<Named<super::$module::$ty>> = $name;
                        match name {
                            Some(n) => Ok(source.read::<super::$module::$ty>(id)?.map(|r| (n.by)(&r))),
                            None => Ok(None),
                        }
                    }),*
                }
            }

            /// Whether records of this kind have warnings of their own.
            pub fn has_own_warnings(self) -> bool {
                match self {
                    $(RecordKind::$kind => own_warnings!(has $warnings)),*
                }
            }

            /// The own warnings of a live record of this kind (none: the kind has none,
            /// or the record is gone).
            pub fn own_warnings<S: ReadRecord>(self, source: &S, id: &str) -> Result<Option<OwnRows>, S::Error> {
                Ok(match self {
                    $(RecordKind::$kind => {
                        let name: Option<Named<super::$module::$ty>> = $name;
                        own_warnings!($warnings, super::$module::$ty, name, source, id)
                    }),*
                })
            }

            /// The search tokens of a live record of this kind (none: the kind is not
            /// searched, or the record is gone).
            pub fn search_tokens<S: ReadRecord>(self, source: &S, id: &str) -> Result<Option<Vec<String>>, S::Error> {
                match self {
                    $(RecordKind::$kind => {
                        let search: Option<Search<super::$module::$ty>> = $search;
                        match search {
                            Some(s) => Ok(source.read::<super::$module::$ty>(id)?.map(|r| (s.tokens)(&r))),
                            None => Ok(None),
                        }
                    }),*
                }
            }
        }
    };
}

/// A household's own tokens need its members and the vocabularies: the store makes
/// them with its facts (number 1), not from the record alone.
pub const HOUSEHOLD_SEARCH: i64 = 1;
/// The visitors' names of the visits (no table of their own).
pub const VISITORS_SEARCH: i64 = 3;

record_kinds! { $
    Village => village::Village {
        under: None,
        name: Some(Named { by: |v| v.name.clone() }),
        search: Some(Search { number: 2, tokens: village_search_key }),
        warnings: no,
        feeds: &[Feed::Village("id"), Feed::Record(RecordKind::Village, "id"), Feed::Ledger, Feed::SideNames],
    },
    Household => household::Household {
        under: None,
        name: Some(Named { by: |h| h.head_name.clone() }),
        search: None,
        warnings: no,
        feeds: &[Feed::Household("id"), Feed::Ledger],
    },
    Member => member::Member {
        under: Some((RecordKind::Household, "household_id")),
        name: Some(Named { by: |m| m.name.clone() }),
        search: None,
        warnings: no,
        feeds: &[Feed::Household("household_id"), Feed::IdNumber("id_number")],
    },
    Income => income::Income {
        under: Some((RecordKind::Household, "household_id")),
        name: None,
        search: None,
        warnings: no,
        feeds: &[Feed::Household("household_id")],
    },
    Measure => measure::Measure {
        under: Some((RecordKind::Household, "household_id")),
        name: None,
        search: None,
        warnings: no,
        feeds: &[Feed::Household("household_id")],
    },
    Step => monitoring::MonitoringEvent {
        under: Some((RecordKind::Household, "household_id")),
        name: None,
        search: None,
        warnings: no,
        feeds: &[Feed::Household("household_id")],
    },
    Project => project::Project {
        under: None,
        name: Some(Named { by: |p| p.name.clone() }),
        search: Some(Search { number: 4, tokens: project_search_key }),
        warnings: yes,
        feeds: &[
            Feed::Record(RecordKind::Project, "id"),
            Feed::Arrivals("id"),
            Feed::Work,
            Feed::Side("assisting_party"),
            Feed::SideNames,
        ],
    },
    Arrival => project::FundArrival {
        under: Some((RecordKind::Project, "project_id")),
        name: None,
        search: None,
        warnings: no,
        feeds: &[
            Feed::Arrivals("project_id"),
            Feed::Record(RecordKind::Project, "project_id"),
            Feed::Work,
            Feed::Side("party"),
            Feed::SideNames,
        ],
    },
    Visit => visit::Visit {
        under: None,
        name: None,
        search: None,
        warnings: no,
        feeds: &[Feed::Visited("household_id"), Feed::Visitors("visitors"), Feed::VillageFigures("village_id")],
    },
    Task => task::Task {
        under: None,
        name: Some(Named { by: |t| t.title.clone() }),
        search: Some(Search { number: 5, tokens: task_search_key }),
        warnings: yes,
        feeds: &[Feed::Record(RecordKind::Task, "id"), Feed::Work],
    },
    TaskNote => task::TaskNote {
        under: Some((RecordKind::Task, "task_id")),
        name: Some(Named { by: |n| n.text.clone() }),
        search: None,
        warnings: no,
        feeds: &[Feed::Record(RecordKind::Task, "task_id")],
    },
    Need => need::Need {
        under: None,
        name: Some(Named { by: |n| n.title.clone() }),
        search: Some(Search { number: 7, tokens: super::need::search_tokens }),
        warnings: yes,
        feeds: &[Feed::Record(RecordKind::Need, "id")],
    },
    Party => cooperation::Party {
        under: None,
        name: Some(Named { by: |p| p.name.clone() }),
        search: Some(Search { number: 8, tokens: super::cooperation::party_search_tokens }),
        warnings: yes,
        feeds: &[Feed::Record(RecordKind::Party, "id"), Feed::SideNames],
    },
    // A year's targets, placements, purchases, exchanges and trainings count again the
    // warnings of the side they name (its figures are counted from them as kept).
    Target => cooperation::Target {
        under: Some((RecordKind::Party, "party_id")),
        name: None,
        search: None,
        warnings: no,
        feeds: &[Feed::Record(RecordKind::Party, "party_id")],
    },
    Placement => cooperation::Placement {
        under: None,
        name: Some(Named { by: |p| p.name.clone() }),
        search: Some(Search { number: 9, tokens: super::cooperation::placement_search_tokens }),
        warnings: no,
        feeds: &[Feed::Record(RecordKind::Placement, "id"), Feed::Record(RecordKind::Party, "party_id")],
    },
    Purchase => cooperation::Purchase {
        under: None,
        name: Some(Named { by: |p| format!("{} {}", p.buyer, p.product) }),
        search: None,
        warnings: no,
        feeds: &[Feed::Record(RecordKind::Party, "party_id")],
    },
    Exchange => cooperation::Exchange {
        under: None,
        name: Some(Named { by: |e| e.person.clone() }),
        search: None,
        warnings: no,
        feeds: &[Feed::Record(RecordKind::Party, "party_id")],
    },
    Training => cooperation::Training {
        under: None,
        name: Some(Named { by: |t| t.title.clone() }),
        search: None,
        warnings: no,
        feeds: &[Feed::Record(RecordKind::Party, "party_id")],
    },
    Park => cooperation::Park {
        under: None,
        name: Some(Named { by: |p| format!("{} {}", p.name, p.year) }),
        search: None,
        warnings: no,
        feeds: &[],
    },
    Donation => cooperation::Donation {
        under: None,
        name: Some(Named { by: |d| d.donor.clone() }),
        search: None,
        warnings: no,
        feeds: &[],
    },
    Pairing => cooperation::Pairing {
        under: None,
        name: Some(Named { by: |p| p.activity.clone() }),
        search: None,
        warnings: no,
        feeds: &[],
    },
    Meeting => meeting::Meeting {
        under: None,
        name: Some(Named { by: |m| m.title.clone() }),
        search: None,
        warnings: no,
        feeds: &[],
    },
    Cadre => cadre::Cadre {
        under: None,
        name: Some(Named { by: |c| c.name.clone() }),
        search: Some(Search { number: 6, tokens: cadre_search_key }),
        warnings: yes,
        feeds: &[Feed::Record(RecordKind::Cadre, "id")],
    },
    // A month in the village feeds no derived table (the ledgers read it as kept).
    Attendance => cadre::Attendance {
        under: Some((RecordKind::Cadre, "cadre_id")),
        name: None,
        search: None,
        warnings: no,
        feeds: &[],
    },
    Threshold => income::Threshold {
        under: None,
        name: Some(Named { by: |t| format!("{} {}", t.province, t.year) }),
        search: None,
        warnings: no,
        feeds: &[Feed::AllHouseholds, Feed::Ledger],
    },
    VisitRule => schedule::VisitRule {
        under: None,
        name: None,
        search: None,
        warnings: no,
        feeds: &[Feed::AllHouseholds, Feed::Ledger],
    },
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

impl RecordKind {
    /// The kind of the row that shows a record of this kind: its own, or the kind of
    /// the record whose details list it.
    pub fn row_kind(self) -> RecordKind {
        self.under().map_or(self, |(owner, _)| owner)
    }

    /// The kinds whose records have derived rows of their own (search tokens, their
    /// own warnings), counted again when they change: what a rebuild goes through.
    pub fn with_own_rows() -> impl Iterator<Item = RecordKind> {
        RecordKind::ALL.iter().copied().filter(|k| k.feeds().contains(&Feed::Record(*k, "id")))
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
#[path = "registry_tests.rs"]
mod tests;
