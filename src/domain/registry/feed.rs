//! What a change to a record feeds in the derived tables, as the registry declares it
//! per kind (`feeds:`).

use super::RecordKind;

/// What a change to a record feeds in the derived tables. Each names the column of
/// the record's row that says which (`id` for the record itself); the store reads
/// them before and after a write, so both the old and the new owner are counted again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Feed {
    /// The facts, search and warnings of the household the column names.
    Household(&'static str),
    /// An ID number checked for repeats across the ledger.
    IdNumber(&'static str),
    /// The household the column names was visited (its due date, not its facts).
    Visited(&'static str),
    /// The visitors' names, searched on their own.
    Visitors(&'static str),
    /// The village the column names: its name and code in its households' facts.
    Village(&'static str),
    /// The month figures of the village the column names.
    VillageFigures(&'static str),
    /// The search tokens and own warnings of the record of a kind the column names
    /// (`id`: of this record; a task's note: of its task).
    Record(RecordKind, &'static str),
    /// The 到位 of the project the column names (the sum of its arrivals).
    Arrivals(&'static str),
    /// Every household: a line or rule they are all measured against.
    AllHouseholds,
    /// The ledger-wide counts.
    Ledger,
    /// The whole file's project and task figures.
    Work,
    /// The own warnings of the assisting side the column names by its name (an
    /// arrival names the side it came from).
    Side(&'static str),
    /// The names of the ledger's sides, and the names written where a side's money
    /// or projects count (a name none of them is, warned of).
    SideNames,
}

impl Feed {
    /// The column of the record's row a feed reads, if it names one.
    pub fn column(self) -> Option<&'static str> {
        match self {
            Feed::Household(c)
            | Feed::IdNumber(c)
            | Feed::Visited(c)
            | Feed::Visitors(c)
            | Feed::Village(c)
            | Feed::VillageFigures(c)
            | Feed::Record(_, c)
            | Feed::Arrivals(c)
            | Feed::Side(c) => Some(c),
            Feed::AllHouseholds | Feed::Ledger | Feed::Work | Feed::SideNames => None,
        }
    }
}
