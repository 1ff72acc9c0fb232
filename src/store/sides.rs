//! The assisting sides a ledger's villages name: what a report can be made for.

use super::Store;
use super::error::Result;
use crate::domain::side::Side;

/// Whether the village `v` (an alias in the query) is one of a side's, the side's
/// value in parameter `param`: a 帮扶方's villages are those naming it and those its
/// record lists (a village may have several sides); a 帮扶力量's, those naming it.
pub(super) fn village_of_side(side: &Side, param: &str) -> String {
    match side {
        Side::Party(_) => format!(
            "(v.assisting_party = {param} OR EXISTS (SELECT 1 FROM parties pa WHERE pa.deleted = 0
                AND pa.name = {param} AND instr(',' || coalesce(pa.villages, '') || ',', ',' || v.id || ',') > 0))"
        ),
        Side::Force(_) => format!("v.assist_force = {param}"),
    }
}

impl Store {
    /// The 帮扶方 the villages name (by name) or the ledger holds as records, then the
    /// 帮扶力量 the villages name (in the vocabulary's order).
    pub fn assisting_sides(&self) -> Result<Vec<Side>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT DISTINCT trim(assisting_party) FROM villages
             WHERE deleted = 0 AND trim(assisting_party) != ''
             UNION SELECT trim(name) FROM parties WHERE deleted = 0 AND trim(name) != '' ORDER BY 1",
        )?;
        let parties = stmt.query_map([], |r| r.get::<_, String>(0))?;
        let mut sides: Vec<Side> = parties.map(|p| p.map(Side::Party)).collect::<rusqlite::Result<_>>()?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT DISTINCT v.assist_force FROM villages v
             LEFT JOIN vocab x ON x.list = 'assist_force' AND x.code = v.assist_force
             WHERE v.deleted = 0 AND v.assist_force IS NOT NULL ORDER BY x.sort, v.assist_force",
        )?;
        let forces = stmt.query_map([], |r| r.get::<_, String>(0))?;
        for force in forces {
            sides.push(Side::Force(force?));
        }
        Ok(sides)
    }
}
