//! Numbered schema migrations, tracked in `PRAGMA user_version`.
//! Each one runs in its own transaction; a file is backed up before it is migrated.

use super::error::Result;
use crate::domain::vocab::VocabEntry;
use rusqlite::{Connection, params};

/// Marks a SQLite file as a bangfu ledger ("BANG" read as a big-endian integer + 0).
pub const APPLICATION_ID: i64 = 1_112_425_031;

const SCHEMA_V1: &str = include_str!("schema_v1.sql");
const VOCAB_SEED: &str = include_str!("../../assets/vocab.tsv");
const SCHEMA_V3: &str = include_str!("schema_v3.sql");
const VOCAB_SEED_V3: &str = include_str!("../../assets/vocab_v3.tsv");
const SCHEMA_V4: &str = include_str!("schema_v4.sql");

/// The newest file format this build reads and writes.
pub const LATEST: i64 = 4;

pub fn user_version(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

/// Runs every migration above the file's version, up to `target`; the derived tables
/// of format 4 are filled from the records in the same transaction (`progress` hears
/// how far that is).
pub fn migrate_to(
    conn: &mut Connection,
    target: i64,
    today: chrono::NaiveDate,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<()> {
    let mut version = user_version(conn)?;
    while version < target {
        let next = version + 1;
        let tx = conn.transaction()?;
        match next {
            1 => tx.execute_batch(SCHEMA_V1)?,
            2 => seed_vocab(&tx, VOCAB_SEED)?,
            3 => {
                tx.execute_batch(SCHEMA_V3)?;
                seed_vocab(&tx, VOCAB_SEED_V3)?;
                seed_visit_rules(&tx)?;
            }
            4 => {
                tx.execute_batch(SCHEMA_V4)?;
                super::derive::rebuild_all(&tx, today, progress)?;
            }
            _ => {
                return Err(super::error::StoreError::TooNew {
                    path: Default::default(),
                    found: next,
                    supported: LATEST,
                });
            }
        }
        tx.pragma_update(None, "user_version", next)?;
        tx.commit()?;
        version = next;
    }
    Ok(())
}

/// The vocabulary rows shipped with bangfu, in all migrations.
pub fn shipped_vocab() -> Vec<VocabEntry> {
    let mut all = parse_vocab(VOCAB_SEED);
    all.extend(parse_vocab(VOCAB_SEED_V3));
    all
}

fn parse_vocab(text: &str) -> Vec<VocabEntry> {
    let mut sort_in_list = std::collections::HashMap::<String, i64>::new();
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .filter_map(|line| {
            let cols: Vec<&str> = line.split('\t').collect();
            let [list, code, zh, en] = cols[..] else {
                return None;
            };
            let sort = sort_in_list.entry(list.to_string()).or_default();
            *sort += 10;
            Some(VocabEntry { list: list.into(), code: code.into(), zh: zh.into(), en: en.into(), sort: *sort })
        })
        .collect()
}

/// Seeded rows get name-based ids (UUIDv5 of list and code), so that every copy of
/// every ledger agrees on them and merging two copies never doubles a label.
fn seed_vocab(tx: &rusqlite::Transaction, seed: &str) -> Result<()> {
    let mut stmt = tx.prepare(
        "INSERT INTO vocab (id, list, code, zh, en, sort, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')",
    )?;
    for e in parse_vocab(seed) {
        let id =
            uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_OID, format!("bangfu:vocab:{}:{}", e.list, e.code).as_bytes());
        stmt.execute(params![id.to_string(), e.list, e.code, e.zh, e.en, e.sort])?;
    }
    Ok(())
}

/// The default visit rules (docs/rules.md, "Visits"), with name-based ids like the vocabularies.
fn seed_visit_rules(tx: &rusqlite::Transaction) -> Result<()> {
    let mut stmt = tx.prepare(
        "INSERT INTO visit_rules (id, group_code, visits, period, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')",
    )?;
    for rule in crate::domain::schedule::default_rules() {
        let id = uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_OID, format!("bangfu:visit_rule:{}", rule.group).as_bytes());
        stmt.execute(params![id.to_string(), rule.group, rule.visits, rule.period])?;
    }
    Ok(())
}
