//! The warnings of a project, a task, a need or a person: computed from that record alone
//! (and a task's notes), kept beside the households' in `derived_warnings`.

use super::rows::put_warning;
use crate::domain::registry::RecordKind;
use crate::domain::warnings::rule;
use crate::store::error::Result;
use crate::store::records::{get, select};
use rusqlite::Connection;

/// The warnings about one project, task, need or person, computed from that record (and a
/// task's notes); they are listed after the households', by table and name.
pub(super) fn refresh_record_warnings(conn: &Connection, table: &str, id: &str) -> Result<()> {
    use crate::domain::warnings::{cadre_warnings, project_warnings, task_warnings};
    // Each kind says whether it has warnings of its own (a household's are its facts,
    // derive_household; a month in the village or an arrival has none yet).
    let Some(kind) = RecordKind::of_table(table).filter(|k| has_own_warnings(*k)) else { return Ok(()) };
    conn.prepare_cached(
        "DELETE FROM derived_warnings WHERE table_name = ?1 AND record_id = ?2 AND household_id IS NULL",
    )?
    .execute([table, id])?;
    let (warnings, village, name) = match kind {
        RecordKind::Project => match get::<crate::domain::project::Project>(conn, id)? {
            Some(p) => (project_warnings(&p), p.village_id.clone(), p.name),
            None => return Ok(()),
        },
        RecordKind::Task => match get::<crate::domain::task::Task>(conn, id)? {
            Some(t) => {
                let notes: Vec<crate::domain::task::TaskNote> = select(conn, "AND t.task_id = ?1", "", [id])?;
                (task_warnings(&t, &notes), None, t.title)
            }
            None => return Ok(()),
        },
        RecordKind::Need => match get::<crate::domain::need::Need>(conn, id)? {
            Some(n) => (crate::domain::need::need_warnings(&n), n.village_id.clone(), n.title),
            None => return Ok(()),
        },
        RecordKind::Cadre => match get::<crate::domain::cadre::Cadre>(conn, id)? {
            Some(c) => (cadre_warnings(&c), None, c.name),
            None => return Ok(()),
        },
        RecordKind::Village
        | RecordKind::Household
        | RecordKind::Member
        | RecordKind::Income
        | RecordKind::Measure
        | RecordKind::Step
        | RecordKind::Arrival
        | RecordKind::Visit
        | RecordKind::TaskNote
        | RecordKind::Attendance
        | RecordKind::Threshold
        | RecordKind::VisitRule => return Ok(()),
    };
    for w in &warnings {
        let key = format!("2{table}\u{1f}{name}\u{1f}{:02}\u{1f}{id}", rule::rank(&w.rule));
        put_warning(conn, w, village.as_deref(), &key)?;
    }
    Ok(())
}

/// Whether a kind has warnings of its own (exhaustive: a new kind says).
pub(super) const fn has_own_warnings(kind: RecordKind) -> bool {
    match kind {
        RecordKind::Project | RecordKind::Task | RecordKind::Need | RecordKind::Cadre => true,
        RecordKind::Village
        | RecordKind::Household
        | RecordKind::Member
        | RecordKind::Income
        | RecordKind::Measure
        | RecordKind::Step
        | RecordKind::Arrival
        | RecordKind::Visit
        | RecordKind::TaskNote
        | RecordKind::Attendance
        | RecordKind::Threshold
        | RecordKind::VisitRule => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::registry::Feed;

    /// A kind with warnings of its own says, in the registry, that a change to it
    /// counts its own rows again (else its warnings would be computed on a rebuild
    /// only).
    #[test]
    fn kinds_with_warnings_count_their_rows_again() {
        for kind in RecordKind::ALL.iter().copied().filter(|k| has_own_warnings(*k)) {
            assert!(kind.feeds().contains(&Feed::Record(kind, "id")), "{kind:?}");
            assert!(RecordKind::with_own_rows().any(|k| k == kind), "{kind:?}");
        }
    }
}
