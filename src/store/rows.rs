//! `bangfu check`'s look at every stored row against its record's declaration
//! (`domain::stored`): ids, types, dates and months, vocabulary codes, required
//! fields, and references to records that do not exist.

use super::Store;
use super::error::Result;
use super::records::field_value;
use crate::domain::field::Kind;
use crate::domain::invalid::Invalid;
use crate::domain::stored::{id_problem, record_defs, stored_problem};

/// One stored value that no form would have written.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RowProblem {
    pub table: &'static str,
    pub id: String,
    /// The field's key (`id` for the record id).
    pub field: &'static str,
    pub problem: Invalid,
}

impl Store {
    /// Every broken row of every record table, table by table.
    pub fn row_problems(&self) -> Result<Vec<RowProblem>> {
        let vocab = self.vocab()?;
        let known = |list: &str, code: &str| vocab.contains(list, code);
        let mut out = Vec::new();
        for def in record_defs() {
            let fields: Vec<_> = def.fields.iter().filter(|f| !f.column_names().is_empty()).collect();
            let columns: Vec<String> = fields.iter().flat_map(|f| f.column_names()).collect();
            let sql = format!("SELECT id, {} FROM {} ORDER BY rowid", columns.join(", "), def.table);
            let mut stmt = self.conn.prepare(&sql)?;
            let mut rows = stmt.query([])?;
            while let Some(row) = rows.next()? {
                let id = field_value(row.get_ref(0)?).to_text();
                if let Some(problem) = id_problem(&id) {
                    out.push(RowProblem { table: def.table, id: id.clone(), field: "id", problem });
                }
                let mut at = 1;
                for f in &fields {
                    for column in 0..f.column_names().len() {
                        let value = field_value(row.get_ref(at)?);
                        // Several columns of one field (the five risks): only the first is required.
                        let required = f.required && column == 0;
                        if let Some(problem) = stored_problem(&f.kind, required, &value, &known) {
                            out.push(RowProblem { table: def.table, id: id.clone(), field: f.key, problem });
                        }
                        at += 1;
                    }
                }
            }
            drop(rows);
            self.missing_references(def, &mut out)?;
        }
        Ok(out)
    }

    /// Rows whose reference names no record of its table (a household whose village is gone).
    fn missing_references(&self, def: &crate::domain::field::RecordDef, out: &mut Vec<RowProblem>) -> Result<()> {
        // Columns SQLite's own foreign-key check already covers are not read twice.
        let mut stmt = self.conn.prepare("SELECT \"from\" FROM pragma_foreign_key_list(?1)")?;
        let declared: Vec<String> = stmt.query_map([def.table], |r| r.get(0))?.collect::<rusqlite::Result<_>>()?;
        for f in def.fields {
            let Kind::Ref(target) = f.kind else { continue };
            for column in f.column_names().into_iter().filter(|c| !declared.contains(c)) {
                let sql = format!(
                    "SELECT t.id FROM {table} t WHERE t.{column} IS NOT NULL AND t.{column} != ''
                     AND NOT EXISTS (SELECT 1 FROM {target} r WHERE r.id = t.{column}) ORDER BY t.rowid",
                    table = def.table
                );
                let mut stmt = self.conn.prepare(&sql)?;
                let ids = stmt.query_map([], |r| r.get::<_, String>(0))?;
                for id in ids {
                    out.push(RowProblem { table: def.table, id: id?, field: f.key, problem: Invalid::MissingRecord });
                }
            }
        }
        Ok(())
    }
}
