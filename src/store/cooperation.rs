//! A side's year against its agreement (docs/cooperation.md): each indicator's
//! target, and its actual counted from the dated records up to a day.

use super::Store;
use super::error::Result;
use crate::domain::cooperation::{Indicator, Party, Progress, Target};
use crate::domain::dates::format_date;
use chrono::NaiveDate;

impl Store {
    /// Each indicator of `party`'s `year`, in the agreement's order: its target (the
    /// one entered first where two were), and what was done from the year's start
    /// to `until` (or the year's end, if sooner).
    pub fn party_progress(&self, party: &Party, year: i32, until: NaiveDate) -> Result<Vec<Progress>> {
        let targets: Vec<Target> = self.children("party_id", &party.id, "ORDER BY t.created_at, t.id")?;
        let first = NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or(until);
        let last = NaiveDate::from_ymd_opt(year, 12, 31).unwrap_or(until).min(until);
        Indicator::ALL
            .into_iter()
            .map(|indicator| {
                let target =
                    targets.iter().find(|t| t.year == i64::from(year) && t.indicator == indicator.code()).cloned();
                let actual = if last < first { 0 } else { self.indicator_actual(indicator, party, first, last)? };
                Ok(Progress { indicator, target, actual })
            })
            .collect()
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

    /// What was done for one indicator between two days (both counted).
    fn indicator_actual(&self, indicator: Indicator, party: &Party, first: NaiveDate, last: NaiveDate) -> Result<i64> {
        let (from, to) = (format_date(first), format_date(last));
        // Months as the records keep them (2026-03): those of the days' months.
        let months = (from.get(..7).unwrap_or_default().to_string(), to.get(..7).unwrap_or_default().to_string());
        let by_id = party.id.as_str();
        // ?1: the side (its id, or its name where records name it); ?2, ?3: the span.
        let (sql, side, (from, to)) = match indicator {
            // Money arrived from the side: arrivals name it by its name.
            Indicator::Funds => (
                "SELECT COALESCE(SUM(amount_fen), 0) FROM fund_arrivals
                 WHERE deleted = 0 AND party = ?1 AND date BETWEEN ?2 AND ?3",
                party.name.as_str(),
                (from, to),
            ),
            // The side's projects (their own 帮扶方, else their village's) planned to
            // start in the year, or started in it where no plan was written.
            Indicator::Projects => (
                "SELECT COUNT(*) FROM projects p LEFT JOIN villages v ON v.id = p.village_id AND v.deleted = 0
                 WHERE p.deleted = 0
                   AND (p.assisting_party = ?1 OR (p.assisting_party = '' AND v.assisting_party = ?1))
                   AND COALESCE(p.planned_start_month, p.start_month) BETWEEN ?2 AND ?3",
                party.name.as_str(),
                months,
            ),
            Indicator::Jobs => (
                "SELECT COUNT(*) FROM placements WHERE deleted = 0 AND party_id = ?1 AND started BETWEEN ?2 AND ?3",
                by_id,
                months,
            ),
            Indicator::Purchases => (
                "SELECT COALESCE(SUM(amount_fen), 0) FROM purchases
                 WHERE deleted = 0 AND party_id = ?1 AND date BETWEEN ?2 AND ?3",
                by_id,
                (from, to),
            ),
            Indicator::Exchanges => (
                "SELECT COUNT(*) FROM exchanges WHERE deleted = 0 AND party_id = ?1 AND start BETWEEN ?2 AND ?3",
                by_id,
                (from, to),
            ),
            Indicator::Trained => (
                "SELECT COALESCE(SUM(headcount), 0) FROM trainings
                 WHERE deleted = 0 AND party_id = ?1 AND date BETWEEN ?2 AND ?3",
                by_id,
                (from, to),
            ),
        };
        Ok(self.conn.prepare_cached(sql)?.query_row(rusqlite::params![side, from, to], |r| r.get(0))?)
    }
}
