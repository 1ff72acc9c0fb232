//! What the last national import set each record's fields to (`import_baselines`, one
//! row per record, docs/national.md "Reconciling"): read a batch of records at a time
//! as an import plans them, written with its records.

use super::error::Result;
use super::{Store, Writer};
use rusqlite::Connection;
use rusqlite::types::Value;
use std::collections::{BTreeMap, HashMap};

/// What the last import set each record's fields to, by record id, as stored (a JSON
/// object by field).
pub type Baselines = HashMap<String, String>;

impl Store {
    /// The baselines of these records.
    pub fn import_baselines(&self, ids: &[String]) -> Result<Baselines> {
        read(&self.conn, ids)
    }
}

impl Writer<'_> {
    /// The baselines of these records, as this write sees them.
    pub fn import_baselines(&self, ids: &[String]) -> Result<Baselines> {
        read(self.conn(), ids)
    }

    /// Notes what an import set a record's fields to.
    pub fn set_import_baseline(&mut self, table: &str, id: &str, fields: &[(String, String)]) -> Result<()> {
        let by_field: BTreeMap<&str, &str> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let json = serde_json::to_string(&by_field).unwrap_or_default();
        self.conn()
            .prepare_cached(
                // A field an export lacks keeps what an earlier one set; a re-import
                // mostly says again what it said, and such rows are left untouched.
                "INSERT INTO import_baselines (table_name, record_id, fields) VALUES (?1, ?2, ?3)
                 ON CONFLICT (table_name, record_id) DO UPDATE SET fields = json_patch(fields, excluded.fields)
                 WHERE json_patch(fields, excluded.fields) IS NOT fields",
            )?
            .execute(rusqlite::params![table, id, json])?;
        Ok(())
    }
}

fn read(conn: &Connection, ids: &[String]) -> Result<Baselines> {
    let list = std::rc::Rc::new(ids.iter().cloned().map(Value::Text).collect::<Vec<Value>>());
    let mut stmt =
        conn.prepare_cached("SELECT record_id, fields FROM import_baselines WHERE record_id IN rarray(?1)")?;
    let rows = stmt.query_map([list], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
