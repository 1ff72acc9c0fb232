//! The warnings of the kinds that have their own (a project, a task, a need, a
//! person: `warnings: yes` in the registry), computed from the record and its parts,
//! kept beside the households' in `derived_warnings`.

use super::rows::put_warning;
use super::search::Reader;
use crate::domain::registry::RecordKind;
use crate::domain::warnings::rule;
use crate::store::error::Result;
use rusqlite::Connection;

/// The warnings about one record of a kind with warnings of its own; they are listed
/// after the households', by table and name.
pub(super) fn refresh_record_warnings(conn: &Connection, table: &str, id: &str) -> Result<()> {
    // A household's are its facts (derive_household); a kind the registry says has
    // none of its own (a month in the village, an arrival) is left alone.
    let Some(kind) = RecordKind::of_table(table).filter(|k| k.has_own_warnings()) else { return Ok(()) };
    conn.prepare_cached(
        "DELETE FROM derived_warnings WHERE table_name = ?1 AND record_id = ?2 AND household_id IS NULL",
    )?
    .execute([table, id])?;
    let Some(own) = kind.own_warnings(&Reader(conn), id)? else { return Ok(()) };
    for w in &own.warnings {
        let key = format!("2{table}\u{1f}{}\u{1f}{:02}\u{1f}{id}", own.name, rule::rank(&w.rule));
        put_warning(conn, w, own.village.as_deref(), &key)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::domain::registry::{Feed, RecordKind};

    /// A kind with warnings of its own says, in the registry, that a change to it
    /// counts its own rows again (else its warnings would be computed on a rebuild
    /// only), and is named (its warnings are sorted by its name).
    #[test]
    fn kinds_with_warnings_count_their_rows_again() {
        let with: Vec<RecordKind> = RecordKind::ALL.iter().copied().filter(|k| k.has_own_warnings()).collect();
        assert!(with.contains(&RecordKind::Task) && with.contains(&RecordKind::Need));
        for kind in with {
            assert!(kind.feeds().contains(&Feed::Record(kind, "id")), "{kind:?}");
            assert!(RecordKind::with_own_rows().any(|k| k == kind), "{kind:?}");
        }
    }
}
