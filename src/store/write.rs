//! Every write: one transaction that changes the rows and appends to `ops`.

use super::Store;
use super::clock::{Actor, Hlc, iso_utc};
use super::error::{Result, StoreError};
use crate::domain::project::Project;
use crate::domain::{FieldValue, Record};
use rusqlite::types::{ToSqlOutput, ValueRef};
use rusqlite::{OptionalExtension, ToSql, Transaction, TransactionBehavior, params};

/// One entry of the operation log.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Op {
    pub op_id: String,
    pub hlc: String,
    pub table_name: String,
    pub record_id: String,
    pub kind: String,
    pub field: Option<String>,
    pub old_value: Option<String>,
    pub new_value: Option<String>,
    pub replaces: Option<String>,
    pub os_user: String,
    pub host: String,
}

impl ToSql for FieldValue {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(match self {
            FieldValue::Null => ToSqlOutput::Borrowed(ValueRef::Null),
            FieldValue::Int(n) => ToSqlOutput::Borrowed(ValueRef::Integer(*n)),
            FieldValue::Text(s) => ToSqlOutput::Borrowed(ValueRef::Text(s.as_bytes())),
        })
    }
}

pub(super) fn field_value(v: ValueRef) -> FieldValue {
    match v {
        ValueRef::Null => FieldValue::Null,
        ValueRef::Integer(n) => FieldValue::Int(n),
        ValueRef::Real(f) => FieldValue::Int(f as i64),
        ValueRef::Text(t) | ValueRef::Blob(t) => FieldValue::Text(String::from_utf8_lossy(t).into_owned()),
    }
}

/// Writes inside one transaction; each change is logged as it is made.
pub struct Writer<'a> {
    tx: Transaction<'a>,
    hlc: &'a mut Hlc,
    actor: &'a Actor,
}

impl Store {
    /// Runs `f` in one immediate transaction: all of it is saved, or none.
    pub fn write<R>(&mut self, f: impl FnOnce(&mut Writer) -> Result<R>) -> Result<R> {
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        // Another process may have written since we last looked: stay ahead of its clock.
        if let Some(newest) = tx.query_row("SELECT max(hlc) FROM ops", [], |r| r.get::<_, Option<String>>(0))? {
            self.hlc.observe(&newest);
        }
        let mut writer = Writer { tx, hlc: &mut self.hlc, actor: &self.actor };
        let result = f(&mut writer)?;
        writer.tx.commit()?;
        Ok(result)
    }

    /// Adds a record; gives it a new id when it has none. Returns the id.
    pub fn insert<T: Record>(&mut self, record: &mut T) -> Result<String> {
        self.write(|w| w.insert(record))
    }

    /// Saves the changed fields of a record; returns how many changed.
    pub fn update<T: Record>(&mut self, record: &T) -> Result<usize> {
        self.write(|w| w.update(record))
    }

    /// Soft delete: the row stays, marked deleted, for audit and merge.
    pub fn delete<T: Record>(&mut self, id: &str) -> Result<()> {
        self.write(|w| w.delete(T::TABLE, id))
    }

    /// Saves a project and its beneficiary households together.
    pub fn save_project(&mut self, project: &mut Project) -> Result<String> {
        self.write(|w| {
            let id = if project.id.is_empty() {
                w.insert(project)?
            } else {
                w.update(project)?;
                project.id.clone()
            };
            w.set_beneficiaries(&id, &project.beneficiaries)?;
            Ok(id)
        })
    }

    pub fn set_setting(&mut self, key: &str, value: &str) -> Result<()> {
        self.write(|w| w.set_setting(key, value))
    }
}

impl Writer<'_> {
    fn stamp(&mut self) -> (String, String, String) {
        let op_id = self.hlc.source.new_id();
        let (hlc, wall) = self.hlc.tick();
        (op_id, hlc, iso_utc(wall))
    }

    pub fn insert<T: Record>(&mut self, record: &mut T) -> Result<String> {
        if record.id().is_empty() {
            let id = self.hlc.source.new_id();
            record.set_id(id);
        }
        let id = record.id().to_string();
        let cols = record.columns();
        let (op_id, hlc, now) = self.stamp();
        let names: Vec<&str> = cols.iter().map(|(n, _)| *n).collect();
        let marks: Vec<String> = (0..cols.len()).map(|i| format!("?{}", i + 4)).collect();
        let sql = format!(
            "INSERT INTO {} (id, created_at, updated_at, {}) VALUES (?1, ?2, ?3, {})",
            T::TABLE,
            names.join(", "),
            marks.join(", ")
        );
        let mut values: Vec<&dyn ToSql> = vec![&id, &now, &now];
        values.extend(cols.iter().map(|(_, v)| v as &dyn ToSql));
        self.tx.prepare_cached(&sql)?.execute(values.as_slice())?;
        let snapshot: serde_json::Map<String, serde_json::Value> =
            cols.iter().map(|(n, v)| (n.to_string(), serde_json::to_value(v).unwrap_or_default())).collect();
        let new_value = serde_json::Value::Object(snapshot).to_string();
        self.log(&op_id, &hlc, T::TABLE, &id, "create", None, None, Some(&new_value), None)?;
        Ok(id)
    }

    pub fn update<T: Record>(&mut self, record: &T) -> Result<usize> {
        let cols = record.columns();
        let names: Vec<&str> = cols.iter().map(|(n, _)| *n).collect();
        let current = self.current_values(T::TABLE, record.id(), &names)?;
        let changed: Vec<(&str, &FieldValue, FieldValue)> = cols
            .iter()
            .zip(current)
            .filter(|((_, new), old)| new != old)
            .map(|((name, new), old)| (*name, new, old))
            .collect();
        for (name, new, old) in &changed {
            self.set_field(T::TABLE, record.id(), name, old, new, "update")?;
        }
        Ok(changed.len())
    }

    fn current_values(&self, table: &str, id: &str, names: &[&str]) -> Result<Vec<FieldValue>> {
        let sql = format!("SELECT {} FROM {table} WHERE id = ?1", names.join(", "));
        let row = self
            .tx
            .prepare_cached(&sql)?
            .query_row([id], |row| {
                (0..names.len()).map(|i| row.get_ref(i).map(field_value)).collect::<rusqlite::Result<Vec<_>>>()
            })
            .optional()?;
        match row {
            Some(values) => Ok(values),
            None => Err(StoreError::NotFound { table: table.into(), id: id.into() }),
        }
    }

    fn set_field(
        &mut self,
        table: &str,
        id: &str,
        field: &str,
        old: &FieldValue,
        new: &FieldValue,
        kind: &str,
    ) -> Result<()> {
        let (op_id, hlc, now) = self.stamp();
        let sql = format!("UPDATE {table} SET {field} = ?1, updated_at = ?2 WHERE id = ?3");
        self.tx.prepare_cached(&sql)?.execute(params![new, now, id])?;
        let replaces = self.latest_op(id, field)?;
        self.log(
            &op_id,
            &hlc,
            table,
            id,
            kind,
            Some(field),
            Some(&old.to_json()),
            Some(&new.to_json()),
            replaces.as_deref(),
        )
    }

    /// The op that last set this field (or created the record).
    fn latest_op(&self, record_id: &str, field: &str) -> Result<Option<String>> {
        Ok(self
            .tx
            .prepare_cached(
                "SELECT op_id FROM ops WHERE record_id = ?1 AND (field = ?2 OR kind = 'create')
                 ORDER BY hlc DESC, op_id DESC LIMIT 1",
            )?
            .query_row([record_id, field], |r| r.get(0))
            .optional()?)
    }

    pub fn delete(&mut self, table: &str, id: &str) -> Result<()> {
        let current = self.current_values(table, id, &["deleted"])?;
        if current[0] == FieldValue::Int(1) {
            return Ok(());
        }
        self.set_field(table, id, "deleted", &current[0], &FieldValue::Int(1), "delete")
    }

    fn undelete(&mut self, table: &str, id: &str) -> Result<()> {
        self.set_field(table, id, "deleted", &FieldValue::Int(1), &FieldValue::Int(0), "update")
    }

    /// Makes the project's live links exactly `households`, reusing old link rows.
    pub fn set_beneficiaries(&mut self, project_id: &str, households: &[String]) -> Result<()> {
        let links: Vec<(String, String, bool)> = self
            .tx
            .prepare_cached("SELECT id, household_id, deleted FROM project_households WHERE project_id = ?1")?
            .query_map([project_id], |r| Ok((r.get(0)?, r.get(1)?, r.get::<_, i64>(2)? != 0)))?
            .collect::<rusqlite::Result<_>>()?;
        for (link_id, household, deleted) in &links {
            let wanted = households.contains(household);
            if wanted && *deleted {
                self.undelete("project_households", link_id)?;
            } else if !wanted && !deleted {
                self.delete("project_households", link_id)?;
            }
        }
        for household in households {
            if !links.iter().any(|(_, h, _)| h == household) {
                let mut link = super::read::ProjectHousehold::new(project_id, household);
                self.insert(&mut link)?;
            }
        }
        Ok(())
    }

    pub fn set_setting(&mut self, key: &str, value: &str) -> Result<()> {
        let (op_id, hlc, now) = self.stamp();
        let old: Option<String> =
            self.tx.query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| r.get(0)).optional()?;
        self.tx.execute(
            "INSERT INTO settings (key, value, updated_at) VALUES (?1, ?2, ?3)
             ON CONFLICT(key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at",
            params![key, value, now],
        )?;
        let old_json = old.map(|o| FieldValue::Text(o).to_json());
        let replaces = self.latest_op(key, "value")?;
        let new_json = FieldValue::text(value).to_json();
        self.log(
            &op_id,
            &hlc,
            "settings",
            key,
            "update",
            Some("value"),
            old_json.as_deref(),
            Some(&new_json),
            replaces.as_deref(),
        )
    }

    #[allow(clippy::too_many_arguments)]
    fn log(
        &mut self,
        op_id: &str,
        hlc: &str,
        table: &str,
        record_id: &str,
        kind: &str,
        field: Option<&str>,
        old_value: Option<&str>,
        new_value: Option<&str>,
        replaces: Option<&str>,
    ) -> Result<()> {
        self.tx
            .prepare_cached(
                "INSERT INTO ops (op_id, hlc, table_name, record_id, kind, field, old_value, new_value, replaces, os_user, host)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            )?
            .execute(params![
                op_id, hlc, table, record_id, kind, field, old_value, new_value, replaces, self.actor.user, self.actor.host
            ])?;
        Ok(())
    }
}
