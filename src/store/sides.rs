//! The assisting sides a ledger's villages name: what a report can be made for.

use super::Store;
use super::error::Result;
use crate::domain::side::Side;

impl Store {
    /// The 帮扶方 the villages name (by name), then the 帮扶力量 they name (in the
    /// vocabulary's order).
    pub fn assisting_sides(&self) -> Result<Vec<Side>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT DISTINCT trim(assisting_party) FROM villages
             WHERE deleted = 0 AND trim(assisting_party) != '' ORDER BY 1",
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
