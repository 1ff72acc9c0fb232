//! `bangfu check`'s look at every stored row against its record's declaration
//! (`domain::stored`): ids, types, dates and months, vocabulary codes, required
//! fields, and references to records that do not exist.

use super::Store;
use super::error::Result;
use super::records::field_value;
use crate::domain::FieldValue;
use crate::domain::dates::{format_date, stored_date, stored_month};
use crate::domain::field::Kind;
use crate::domain::invalid::Invalid;
use crate::domain::registry::record_defs;
use crate::domain::stored::{id_problem, stored_problem};

/// One stored value that no form would have written.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RowProblem {
    pub table: &'static str,
    pub id: String,
    /// The field's key (`id` for the record id).
    pub field: &'static str,
    /// The column as the file names it (`wages_fen`), for whoever mends it by hand.
    pub column: String,
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
                    out.push(RowProblem {
                        table: def.table,
                        id: id.clone(),
                        field: "id",
                        column: "id".into(),
                        problem,
                    });
                }
                let mut at = 1;
                for f in &fields {
                    for (place, column) in f.column_names().into_iter().enumerate() {
                        let value = field_value(row.get_ref(at)?);
                        // Several columns of one field (the five risks): only the first is required.
                        let required = f.required && place == 0;
                        let problem = stored_problem(&f.kind, required, &value, &known)
                            .or_else(|| f.past.then(|| in_future(&value, self.today)).flatten());
                        if let Some(problem) = problem {
                            out.push(RowProblem { table: def.table, id: id.clone(), field: f.key, column, problem });
                        }
                        at += 1;
                    }
                }
            }
            drop(rows);
            self.missing_references(def, &mut out)?;
        }
        self.duplicated_id_numbers(&mut out)?;
        Ok(out)
    }

    /// Live people holding an ID number another live person holds first (a form
    /// refuses the second): each named, with whom the number is recorded for.
    fn duplicated_id_numbers(&self, out: &mut Vec<RowProblem>) -> Result<()> {
        let mut stmt = self.conn.prepare(
            "SELECT id, id_number, name FROM members WHERE deleted = 0 AND id_number IN (
                 SELECT id_number FROM members WHERE deleted = 0 AND id_number IS NOT NULL AND id_number != ''
                 GROUP BY id_number HAVING count(*) > 1)
             ORDER BY id_number, rowid",
        )?;
        let rows =
            stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?, r.get::<_, String>(2)?)))?;
        let mut first: Option<(String, String)> = None;
        for row in rows {
            let (id, number, name) = row?;
            match &first {
                Some((held, holder)) if *held == number => out.push(RowProblem {
                    table: "members",
                    id,
                    field: "id_number",
                    column: "id_number".into(),
                    problem: Invalid::Duplicate { holder: holder.clone() },
                }),
                _ => first = Some((number, name)),
            }
        }
        Ok(())
    }

    /// Rows whose reference names no record of its table (a household whose village is
    /// gone), each with its field (SQLite's own foreign-key check names only the tables).
    fn missing_references(&self, def: &crate::domain::field::RecordDef, out: &mut Vec<RowProblem>) -> Result<()> {
        for f in def.fields {
            let Kind::Ref(target) = f.kind else { continue };
            for column in f.column_names() {
                let sql = format!(
                    "SELECT t.id FROM {table} t WHERE t.{column} IS NOT NULL AND t.{column} != ''
                     AND NOT EXISTS (SELECT 1 FROM {target} r WHERE r.id = t.{column}) ORDER BY t.rowid",
                    table = def.table
                );
                let mut stmt = self.conn.prepare(&sql)?;
                let ids = stmt.query_map([], |r| r.get::<_, String>(0))?;
                for id in ids {
                    let column = column.clone();
                    out.push(RowProblem {
                        table: def.table,
                        id: id?,
                        field: f.key,
                        column,
                        problem: Invalid::MissingRecord,
                    });
                }
            }
        }
        Ok(())
    }
}

/// A date or month after today in a field of something done (a visit dated 2099).
fn in_future(value: &FieldValue, today: chrono::NaiveDate) -> Option<Invalid> {
    let text = value.to_text();
    let later = match (stored_date(&text), stored_month(&text)) {
        (Some(day), _) => day > today,
        (None, Some(month)) => month > crate::domain::dates::YearMonth::of(today),
        _ => false,
    };
    later.then(|| Invalid::Future { today: format_date(today) })
}
