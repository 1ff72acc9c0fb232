//! A side's year against its agreement (docs/cooperation.md): each indicator's
//! target, and its actual counted from the dated records up to a day.

use super::Store;
use super::error::Result;
use super::records::select;
use crate::domain::cooperation::{Party, Progress, SideRecords, Target, progress};
use crate::domain::project::FundArrival;
use chrono::NaiveDate;
use rusqlite::Connection;

impl Store {
    /// Each indicator of `party`'s `year`, in the agreement's order: its target (the
    /// one entered first where two were), and what was done from the year's start
    /// to `until` (or the year's end, if sooner).
    pub fn party_progress(&self, party: &Party, year: i32, until: NaiveDate) -> Result<Vec<Progress>> {
        let targets: Vec<Target> = self.children("party_id", &party.id, "ORDER BY t.created_at, t.id")?;
        Ok(progress(&targets, &self.side_records(party)?, year, until))
    }

    /// What a side did, as its figures are counted from.
    pub fn side_records(&self, party: &Party) -> Result<SideRecords> {
        side_records(&self.conn, party)
    }

    /// The live records that name one of `table` in a field of theirs (the tasks a
    /// meeting decided), by kind and id, in the order entered.
    pub fn referring(&self, table: &str, id: &str) -> Result<Vec<(crate::domain::registry::RecordKind, String)>> {
        use crate::domain::field::Kind;
        let mut out = Vec::new();
        for kind in crate::domain::registry::RecordKind::ALL {
            let def = kind.def();
            for f in def.fields.iter().filter(|f| matches!(f.kind, Kind::Ref(t) if t == table)) {
                for column in f.column_names() {
                    let sql =
                        format!("SELECT id FROM {} WHERE deleted = 0 AND {column} = ?1 ORDER BY rowid", def.table);
                    let mut stmt = self.conn.prepare_cached(&sql)?;
                    let ids = stmt.query_map([id], |r| r.get::<_, String>(0))?;
                    for found in ids {
                        out.push((*kind, found?));
                    }
                }
            }
        }
        Ok(out)
    }

    /// A live target other than this one for the same side, year and indicator.
    pub fn target_held(&self, t: &Target) -> Result<Option<Target>> {
        let found: Vec<Target> = super::records::select(
            &self.conn,
            "AND t.party_id = ?1 AND t.year = ?2 AND t.indicator = ?3 AND t.id != ?4",
            "ORDER BY t.created_at, t.id LIMIT 1",
            rusqlite::params![t.party_id, t.year, t.indicator, t.id],
        )?;
        Ok(found.into_iter().next())
    }
}

/// The arrivals naming a side, of projects not deleted (月调度 counts them so too).
pub const ARRIVALS_OF_SIDE: &str =
    "AND t.party = ?1 AND EXISTS (SELECT 1 FROM projects p WHERE p.id = t.project_id AND p.deleted = 0)";

/// What a side did: its own lists by its id; the arrivals naming it, and the months its
/// projects are planned (else started) in — a project's own 帮扶方, else its village's.
pub(super) fn side_records(conn: &Connection, party: &Party) -> Result<SideRecords> {
    let of_side = "AND t.party_id = ?1";
    let by_id = [party.id.as_str()];
    // A project's own 帮扶方, else one of its village's (as 月调度 counts a side's projects).
    let side = crate::domain::side::Side::Party(party.name.clone());
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT COALESCE(p.planned_start_month, p.start_month) FROM projects p
         LEFT JOIN villages v ON v.id = p.village_id AND v.deleted = 0
         WHERE p.deleted = 0 AND (p.assisting_party = ?1 OR (p.assisting_party = '' AND v.id IS NOT NULL AND {}))",
        super::sides::village_of_side(&side, "?1")
    ))?;
    let months = stmt.query_map([party.name.as_str()], |r| r.get::<_, Option<String>>(0))?;
    let mut projects = Vec::new();
    for month in months {
        projects.push(month?.and_then(|m| crate::domain::dates::parse_month(&m).ok()));
    }
    Ok(SideRecords {
        arrivals: select::<FundArrival>(conn, ARRIVALS_OF_SIDE, "ORDER BY t.date", [party.name.as_str()])?,
        projects,
        placements: select(conn, of_side, "ORDER BY t.started", by_id)?,
        purchases: select(conn, of_side, "ORDER BY t.date", by_id)?,
        exchanges: select(conn, of_side, "ORDER BY t.start", by_id)?,
        trainings: select(conn, of_side, "ORDER BY t.date", by_id)?,
    })
}
