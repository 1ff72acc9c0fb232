//! What the operation log says about one record: which op set each field last
//! (the field's *heads*: ops no later op on that field replaced), which value wins,
//! and which disputes a person must settle. Everything here is a function of the
//! set of ops alone, so two copies holding the same ops agree, whatever order the
//! ops arrived in (docs/sharing.md).

use super::error::Result;
use crate::domain::FieldValue;
use rusqlite::{Connection, params};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The field of the deletion mark; its ops are deletions and restorations.
pub(super) const DELETED: &str = "deleted";

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
    /// The write (one save) the op was part of.
    pub batch: Option<String>,
    /// The copy of the ledger it was made in.
    pub copy_id: Option<String>,
    /// A deletion's reason, or what an undo took back.
    pub note: Option<String>,
}

/// The columns of `ops`, in the order `Op::at` reads them: for copying between files
/// and for every query that reads ops.
pub(super) const OP_COLUMNS: [&str; 14] = [
    "op_id",
    "hlc",
    "table_name",
    "record_id",
    "kind",
    "field",
    "old_value",
    "new_value",
    "replaces",
    "os_user",
    "host",
    "batch",
    "copy_id",
    "note",
];

/// The op columns as a select list, each behind `alias.` when one is given.
pub(super) fn op_columns(alias: &str) -> String {
    let prefix = if alias.is_empty() { String::new() } else { format!("{alias}.") };
    OP_COLUMNS.iter().map(|c| format!("{prefix}{c}")).collect::<Vec<_>>().join(", ")
}

impl Op {
    /// An op from a row whose first columns are `op_columns`.
    pub(super) fn at(r: &rusqlite::Row) -> rusqlite::Result<Op> {
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
            batch: r.get(11)?,
            copy_id: r.get(12)?,
            note: r.get(13)?,
        })
    }
}

/// One op, as far as deciding values and disputes needs it.
#[derive(Debug, Clone)]
pub(super) struct OpRow {
    pub op_id: String,
    pub hlc: String,
    pub kind: String,
    pub field: Option<String>,
    pub new_value: Option<String>,
    pub replaces: Vec<String>,
    /// The copy it was made in (none for ops logged before copies were named).
    pub copy_id: Option<String>,
}

impl OpRow {
    /// Later by the hybrid clock, then by op id: the order every copy agrees on.
    fn stamp(&self) -> (&str, &str) {
        (&self.hlc, &self.op_id)
    }
}

/// A record's ops, oldest first.
pub(super) fn record_ops(conn: &Connection, record_id: &str) -> Result<Vec<OpRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT op_id, hlc, kind, field, new_value, replaces, copy_id FROM ops WHERE record_id = ?1
         ORDER BY hlc, op_id",
    )?;
    let rows = stmt.query_map([record_id], |r| {
        Ok(OpRow {
            op_id: r.get(0)?,
            hlc: r.get(1)?,
            kind: r.get(2)?,
            field: r.get(3)?,
            new_value: r.get(4)?,
            replaces: split_ids(r.get::<_, Option<String>>(5)?.as_deref()),
            copy_id: r.get(6)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub(super) fn split_ids(text: Option<&str>) -> Vec<String> {
    text.unwrap_or_default().split(',').filter(|s| !s.is_empty()).map(str::to_string).collect()
}

/// The ops of one record, by field.
pub(super) struct RecordOps {
    create: Option<OpRow>,
    by_field: BTreeMap<String, Vec<OpRow>>,
}

impl RecordOps {
    pub(super) fn new(ops: Vec<OpRow>) -> RecordOps {
        let mut create = None;
        let mut by_field: BTreeMap<String, Vec<OpRow>> = BTreeMap::new();
        for op in ops {
            match op.field.clone() {
                Some(field) if crate::domain::project::DERIVED_COLUMNS.contains(&field.as_str()) => {}
                Some(field) => by_field.entry(field).or_default().push(op),
                None if op.kind == "create" => create = Some(op),
                None => {}
            }
        }
        RecordOps { create, by_field }
    }

    pub(super) fn fields(&self) -> impl Iterator<Item = &str> {
        self.by_field.keys().map(String::as_str)
    }

    /// The ops of `field` that no other op of that field replaced; the create op
    /// when the field was never changed after it.
    pub(super) fn heads(&self, field: &str) -> Vec<&OpRow> {
        let Some(ops) = self.by_field.get(field) else {
            return self.create.iter().collect();
        };
        let replaced: BTreeSet<&str> = ops.iter().flat_map(|o| o.replaces.iter().map(String::as_str)).collect();
        ops.iter().filter(|o| !replaced.contains(o.op_id.as_str())).collect()
    }

    /// The op whose value the field holds: the latest of its heads.
    pub(super) fn winner(&self, field: &str) -> Option<&OpRow> {
        self.heads(field).into_iter().max_by(|a, b| a.stamp().cmp(&b.stamp()))
    }

    /// The ids a new op on `field` replaces: every head, so that a person's save
    /// settles a dispute on that field. A deletion or restoration also names the
    /// heads of every other field: the record as the person saw it.
    pub(super) fn replaced_by_new(&self, field: &str) -> Vec<String> {
        let mut ids: Vec<String> = self.heads(field).iter().map(|o| o.op_id.clone()).collect();
        if field == DELETED {
            for other in self.fields().filter(|f| *f != DELETED) {
                ids.extend(self.heads(other).iter().map(|o| o.op_id.clone()));
            }
        }
        ids.sort();
        ids.dedup();
        ids
    }

    /// The disputes of this record, field by field: two or more heads with different
    /// values; and, when the record is deleted, edits the deletion had not seen
    /// (under the field `deleted`, with the deletion's op first).
    pub(super) fn disputes(&self) -> Vec<(String, Vec<String>)> {
        let mut out = Vec::new();
        for field in self.fields() {
            let heads = self.heads(field);
            let values: BTreeSet<Option<&str>> = heads.iter().map(|o| o.new_value.as_deref()).collect();
            if values.len() > 1 {
                let mut ids: Vec<String> = heads.iter().map(|o| o.op_id.clone()).collect();
                ids.sort();
                out.push((field.to_string(), ids));
            }
        }
        if let Some(unseen) = self.edits_unseen_by_deletion()
            && !out.iter().any(|(f, _)| f == DELETED)
        {
            out.push((DELETED.to_string(), unseen));
        }
        out
    }

    /// When the winning op of `deleted` deletes the record: it and the heads of other
    /// fields it had not seen. It saw what it replaced and all before that, and every
    /// earlier op of its own copy (one file's clock runs in the order of its saves;
    /// ops logged before copies were named all come from one file).
    fn edits_unseen_by_deletion(&self) -> Option<Vec<String>> {
        let deletion = self.winner(DELETED).filter(|o| o.new_value.as_deref() == Some("1"))?;
        let seen = self.ancestors(&deletion.replaces);
        let same_copy_before = |o: &OpRow| o.copy_id == deletion.copy_id && o.stamp() < deletion.stamp();
        let unseen: Vec<String> = self
            .fields()
            .filter(|f| *f != DELETED)
            .flat_map(|f| self.heads(f))
            .filter(|o| !seen.contains(o.op_id.as_str()) && !same_copy_before(o))
            .map(|o| o.op_id.clone())
            .collect();
        if unseen.is_empty() {
            return None;
        }
        Some(std::iter::once(deletion.op_id.clone()).chain(unseen).collect())
    }

    /// The given ops and every op they replaced, following each field's chain back.
    fn ancestors<'a>(&'a self, start: &'a [String]) -> BTreeSet<&'a str> {
        let by_id: HashMap<&str, &OpRow> =
            self.by_field.values().flatten().chain(self.create.iter()).map(|o| (o.op_id.as_str(), o)).collect();
        let mut seen = BTreeSet::new();
        let mut queue: Vec<&str> = start.iter().map(String::as_str).collect();
        while let Some(id) = queue.pop() {
            if !seen.insert(id) {
                continue;
            }
            if let Some(op) = by_id.get(id) {
                queue.extend(op.replaces.iter().map(String::as_str));
            }
        }
        seen
    }
}

/// Brings a record's rows of `conflicts` up to date with its ops.
pub(super) fn refresh_conflicts(conn: &Connection, table: &str, record_id: &str) -> Result<()> {
    keep_disputes(conn, table, record_id, &RecordOps::new(record_ops(conn, record_id)?))
}

/// Writes a record's rows of `conflicts` from its ops, already read.
pub(super) fn keep_disputes(conn: &Connection, table: &str, record_id: &str, ops: &RecordOps) -> Result<()> {
    conn.prepare_cached("DELETE FROM conflicts WHERE table_name = ?1 AND record_id = ?2")?
        .execute([table, record_id])?;
    for (field, heads) in ops.disputes() {
        conn.prepare_cached("INSERT INTO conflicts (table_name, record_id, field, heads) VALUES (?1, ?2, ?3, ?4)")?
            .execute(params![table, record_id, field, heads.join(",")])?;
    }
    Ok(())
}

/// Whether the record has a dispute on record (a save on it may settle one).
pub(super) fn has_conflict(conn: &Connection, table: &str, record_id: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM conflicts WHERE table_name = ?1 AND record_id = ?2)")?
        .query_row([table, record_id], |r| r.get(0))?)
}

/// Every record's disputes, from the whole log (after a migration or `check --rebuild`).
/// Only records with an op that replaced nothing it should have can be in dispute:
/// a field with two ops naming the same predecessor, or a deletion with edits
/// beside it, so the candidates are found in SQL and checked one by one.
pub(super) fn rebuild_conflicts(conn: &Connection) -> Result<()> {
    conn.execute("DELETE FROM conflicts", [])?;
    let mut stmt = conn.prepare(
        "SELECT DISTINCT table_name, record_id FROM ops
         WHERE field IS NOT NULL
         GROUP BY table_name, record_id, field, replaces HAVING count(*) > 1
         UNION
         SELECT DISTINCT d.table_name, d.record_id FROM ops d
         WHERE d.kind = 'delete' AND d.field = 'deleted'",
    )?;
    let candidates: Vec<(String, String)> =
        stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?.collect::<rusqlite::Result<_>>()?;
    for (table, id) in candidates {
        refresh_conflicts(conn, &table, &id)?;
    }
    Ok(())
}

/// A record's stored values as a create op notes them: a JSON object by column, in
/// column-name order (as a map of them would be written, without building one).
pub(super) fn snapshot_json(names: &[String], values: &[FieldValue]) -> String {
    struct Pairs<'a>(Vec<(&'a str, &'a FieldValue)>);
    impl serde::Serialize for Pairs<'_> {
        fn serialize<S: serde::Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
            serializer.collect_map(self.0.iter().map(|(k, v)| (k, v)))
        }
    }
    let mut pairs: Vec<(&str, &FieldValue)> = names.iter().map(String::as_str).zip(values).collect();
    pairs.sort_by_key(|(name, _)| *name);
    serde_json::to_string(&Pairs(pairs)).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn op(id: &str, hlc: &str, field: Option<&str>, value: &str, replaces: &[&str]) -> OpRow {
        OpRow {
            op_id: id.into(),
            hlc: hlc.into(),
            kind: if field.is_none() { "create".into() } else { "update".into() },
            field: field.map(str::to_string),
            new_value: Some(value.into()),
            replaces: replaces.iter().map(|s| s.to_string()).collect(),
            copy_id: Some(format!("copy-{id}")),
        }
    }

    #[test]
    fn a_chain_of_edits_has_one_head_and_no_dispute() {
        let ops = RecordOps::new(vec![
            op("c", "1", None, "{}", &[]),
            op("a", "2", Some("phone"), "\"1\"", &["c"]),
            op("b", "3", Some("phone"), "\"2\"", &["a"]),
        ]);
        assert_eq!(ops.heads("phone").len(), 1);
        assert_eq!(ops.winner("phone").map(|o| o.op_id.as_str()), Some("b"));
        assert!(ops.disputes().is_empty());
        assert_eq!(ops.winner("notes").map(|o| o.op_id.as_str()), Some("c"));
    }

    #[test]
    fn two_unseen_edits_of_one_field_are_a_dispute_the_later_shown() {
        let ops = RecordOps::new(vec![
            op("c", "1", None, "{}", &[]),
            op("a", "2", Some("phone"), "\"1\"", &["c"]),
            op("b", "3", Some("phone"), "\"2\"", &["c"]),
        ]);
        assert_eq!(ops.winner("phone").map(|o| o.op_id.as_str()), Some("b"));
        assert_eq!(ops.disputes(), vec![("phone".to_string(), vec!["a".to_string(), "b".to_string()])]);
        // The same value reached twice is no dispute.
        let same = RecordOps::new(vec![
            op("a", "2", Some("phone"), "\"1\"", &["c"]),
            op("b", "3", Some("phone"), "\"1\"", &["c"]),
        ]);
        assert!(same.disputes().is_empty());
    }

    #[test]
    fn an_edit_the_deletion_had_not_seen_is_a_dispute() {
        let deletion =
            |replaces: &[&str]| OpRow { kind: "delete".into(), ..op("d", "5", Some(DELETED), "1", replaces) };
        let seen = RecordOps::new(vec![
            op("c", "1", None, "{}", &[]),
            op("a", "2", Some("phone"), "\"1\"", &["c"]),
            deletion(&["c", "a"]),
        ]);
        assert!(seen.disputes().is_empty());
        let unseen = RecordOps::new(vec![
            op("c", "1", None, "{}", &[]),
            op("a", "2", Some("phone"), "\"1\"", &["c"]),
            op("b", "6", Some("phone"), "\"2\"", &["a"]),
            deletion(&["c", "a"]),
        ]);
        assert_eq!(unseen.disputes(), vec![(DELETED.to_string(), vec!["d".to_string(), "b".to_string()])]);
        // Logged before copies were named: one file, so the deletion saw every earlier edit.
        let legacy = |o: OpRow| OpRow { copy_id: None, ..o };
        let old_file = RecordOps::new(vec![
            legacy(op("c", "1", None, "{}", &[])),
            legacy(op("a", "2", Some("phone"), "\"1\"", &["c"])),
            legacy(deletion(&["c"])),
        ]);
        assert!(old_file.disputes().is_empty());
    }
}

#[cfg(test)]
mod snapshot_tests {
    use super::*;

    #[test]
    fn a_create_op_notes_the_values_as_a_map_of_them_would_be_written() {
        let names: Vec<String> = ["name", "amount_fen", "code", "note"].iter().map(|s| s.to_string()).collect();
        let values = vec![
            FieldValue::Text("王芳\"甲\"".into()),
            FieldValue::Int(120_050),
            FieldValue::Null,
            FieldValue::Text(String::new()),
        ];
        let map: serde_json::Map<String, serde_json::Value> =
            names.iter().zip(&values).map(|(n, v)| (n.clone(), serde_json::to_value(v).unwrap())).collect();
        assert_eq!(snapshot_json(&names, &values), serde_json::Value::Object(map).to_string());
    }
}
