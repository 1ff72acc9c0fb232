//! Reading records back. Only live (not deleted) rows, unless asked otherwise.

use super::Store;
use super::error::Result;
use super::write::{Op, field_value};
use crate::domain::project::Project;
use crate::domain::vocab::{Vocab, VocabEntry};
use crate::domain::{FieldValue, Fields, Record};
use rusqlite::OptionalExtension;
use std::collections::HashMap;

/// A link between a project and a beneficiary household.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ProjectHousehold {
    pub id: String,
    pub project_id: String,
    pub household_id: String,
}

impl ProjectHousehold {
    pub fn new(project_id: &str, household_id: &str) -> Self {
        ProjectHousehold { id: String::new(), project_id: project_id.into(), household_id: household_id.into() }
    }
}

impl Record for ProjectHousehold {
    const TABLE: &'static str = "project_households";
    fn id(&self) -> &str {
        &self.id
    }
    fn set_id(&mut self, id: String) {
        self.id = id;
    }
    fn columns(&self) -> Vec<(&'static str, FieldValue)> {
        vec![("project_id", FieldValue::text(&self.project_id)), ("household_id", FieldValue::text(&self.household_id))]
    }
    fn from_fields(id: String, f: &Fields) -> Self {
        ProjectHousehold { id, project_id: f.text("project_id"), household_id: f.text("household_id") }
    }
}

/// Live and deleted rows of one table.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TableCount {
    pub table: &'static str,
    pub live: i64,
    pub deleted: i64,
}

/// The tables `bangfu check` counts, in the order it prints them.
pub const RECORD_TABLES: &[&str] = &[
    "villages",
    "households",
    "members",
    "incomes",
    "measures",
    "monitoring_events",
    "projects",
    "project_households",
    "visits",
    "tasks",
    "task_notes",
    "cadres",
    "thresholds",
    "visit_rules",
    "vocab",
];

impl Store {
    fn select<T: Record>(&self, filter: &str, args: &[&dyn rusqlite::ToSql]) -> Result<Vec<T>> {
        let sql = format!("SELECT * FROM {} WHERE deleted = 0 {filter}", T::TABLE);
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let names: std::rc::Rc<[String]> = stmt.column_names().into_iter().map(str::to_string).collect();
        let id_index = names.iter().position(|n| n == "id").unwrap_or(0);
        let rows = stmt.query_map(args, |row| {
            let values = (0..names.len()).map(|i| row.get_ref(i).map(field_value)).collect::<rusqlite::Result<_>>()?;
            let id: String = row.get(id_index)?;
            Ok(T::from_fields(id, &Fields::new(names.clone(), values)))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// All live records of a type.
    pub fn load_all<T: Record>(&self) -> Result<Vec<T>> {
        self.select("", &[])
    }

    /// One live record by id.
    pub fn get<T: Record>(&self, id: &str) -> Result<Option<T>> {
        Ok(self.select::<T>("AND id = ?1", &[&id])?.into_iter().next())
    }

    /// Projects with their beneficiary households filled in.
    pub fn load_projects(&self) -> Result<Vec<Project>> {
        let mut projects: Vec<Project> = self.load_all()?;
        let mut links: HashMap<String, Vec<String>> = HashMap::new();
        for link in self.load_all::<ProjectHousehold>()? {
            links.entry(link.project_id).or_default().push(link.household_id);
        }
        for p in &mut projects {
            p.beneficiaries = links.remove(&p.id).unwrap_or_default();
        }
        Ok(projects)
    }

    pub fn vocab(&self) -> Result<Vocab> {
        let mut stmt = self.conn.prepare("SELECT list, code, zh, en, sort FROM vocab WHERE deleted = 0")?;
        let entries = stmt
            .query_map([], |r| {
                Ok(VocabEntry { list: r.get(0)?, code: r.get(1)?, zh: r.get(2)?, en: r.get(3)?, sort: r.get(4)? })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(Vocab::new(entries))
    }

    pub fn setting(&self, key: &str) -> Result<Option<String>> {
        Ok(self.conn.query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| r.get(0)).optional()?)
    }

    /// The history of one record, oldest first.
    pub fn ops_for(&self, record_id: &str) -> Result<Vec<Op>> {
        let mut stmt = self.conn.prepare(
            "SELECT op_id, hlc, table_name, record_id, kind, field, old_value, new_value, replaces, os_user, host
             FROM ops WHERE record_id = ?1 ORDER BY hlc, op_id",
        )?;
        let ops = stmt.query_map([record_id], |r| {
            Ok(Op {
                op_id: r.get(0)?,
                hlc: r.get(1)?,
                table_name: r.get(2)?,
                record_id: r.get(3)?,
                kind: r.get(4)?,
                field: r.get(5)?,
                old_value: r.get(6)?,
                new_value: r.get(7)?,
                replaces: r.get(8)?,
                os_user: r.get(9)?,
                host: r.get(10)?,
            })
        })?;
        Ok(ops.collect::<rusqlite::Result<_>>()?)
    }

    pub fn op_count(&self) -> Result<i64> {
        Ok(self.conn.query_row("SELECT count(*) FROM ops", [], |r| r.get(0))?)
    }

    pub fn table_counts(&self) -> Result<Vec<TableCount>> {
        RECORD_TABLES
            .iter()
            .map(|&table| {
                let sql =
                    format!("SELECT count(*) - coalesce(sum(deleted), 0), coalesce(sum(deleted), 0) FROM {table}");
                let (live, deleted) = self.conn.query_row(&sql, [], |r| Ok((r.get(0)?, r.get(1)?)))?;
                Ok(TableCount { table, live, deleted })
            })
            .collect()
    }
}
