//! Numbered schema migrations, tracked in `PRAGMA user_version`.
//! Each one runs in its own transaction; a file is backed up before it is migrated.

use super::error::Result;
use crate::domain::vocab::VocabEntry;
use rusqlite::{Connection, params};

/// Marks a SQLite file as a bangfu ledger ("BANG" read as a big-endian integer + 0).
pub const APPLICATION_ID: i64 = 1_112_425_031;

const SCHEMA: &str = include_str!("schema.sql");
/// The vocabulary each format adds, by format: seeded by its migration, and all of
/// them are what bangfu ships (`shipped_vocab`).
const VOCAB_SEEDS: [(i64, &str); 7] = [
    (2, include_str!("../../assets/vocab.tsv")),
    (3, include_str!("../../assets/vocab_v3.tsv")),
    (8, include_str!("../../assets/vocab_v8.tsv")),
    (11, include_str!("../../assets/vocab_v11.tsv")),
    (13, include_str!("../../assets/vocab_v13.tsv")),
    (14, include_str!("../../assets/vocab_v14.tsv")),
    (15, include_str!("../../assets/vocab_v15.tsv")),
];

/// Marks a schema section after which the derived tables are still right (only
/// `conflicts` is computed anew), sparing a county file its rebuild.
const KEEPS_DERIVED: &str = "-- keeps the derived tables";

/// The newest file format this build reads and writes: the number of sections of schema.sql.
pub const LATEST: i64 = count_sections(SCHEMA.as_bytes());

/// How many `-- format ` headers start a line of the schema. Evaluated at compile
/// time, where an index out of bounds stops the build rather than the program.
#[allow(clippy::indexing_slicing)]
pub const fn count_sections(text: &[u8]) -> i64 {
    let header = b"\n-- format ";
    let mut count = 0;
    let mut i = 0;
    while i + header.len() <= text.len() {
        let mut j = 0;
        while j < header.len() && text[i + j] == header[j] {
            j += 1;
        }
        if j == header.len() {
            count += 1;
        }
        i += 1;
    }
    count
}

/// The SQL of one format's section of schema.sql (empty when it has none).
fn section(format: i64) -> Option<&'static str> {
    let header = format!("-- format {format}\n");
    let start = SCHEMA.find(&header)? + header.len();
    let rest = SCHEMA.get(start..)?;
    let end = rest.find("\n-- format ").map_or(rest.len(), |i| i + 1);
    rest.get(..end)
}

pub fn user_version(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

/// Runs every migration above the file's version, up to `target`; on reaching the
/// newest format, rebuilds the derived tables from the records in the same
/// transaction (`progress` hears how far that is).
pub fn migrate_to(
    conn: &mut Connection,
    target: i64,
    today: chrono::NaiveDate,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<()> {
    let mut version = user_version(conn)?;
    // Whether a section changed what the derived tables are computed from.
    let mut derived_stale = false;
    while version < target {
        let next = version + 1;
        let sql = section(next).ok_or(super::error::StoreError::TooNew {
            path: Default::default(),
            found: next,
            supported: LATEST,
        })?;
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        derived_stale |= !sql.contains(KEEPS_DERIVED);
        for (_, seed) in VOCAB_SEEDS.iter().filter(|(format, _)| *format == next) {
            seed_vocab(&tx, seed)?;
        }
        match next {
            3 => seed_visit_rules(&tx)?,
            13 => arrivals_from_totals(&tx)?,
            _ => {}
        }
        // The derived tables are written as this build knows them: only in the newest format.
        if next == target && target == LATEST {
            if derived_stale {
                super::derive::rebuild_all(&tx, today, progress)?;
            } else {
                super::oplog::rebuild_conflicts(&tx)?;
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
    VOCAB_SEEDS.iter().flat_map(|(_, seed)| parse_vocab(seed)).collect()
}

/// Format 13: a project's one 到位 figure becomes one arrival, dated the day that
/// figure was last written (its op in the log; else the project's last save), its
/// source unknown. Its id is name-based on the project's, so two copies upgraded apart
/// make the same arrival and a merge keeps one. The month figures kept are dropped:
/// 到位 is now counted as each month ended.
fn arrivals_from_totals(tx: &rusqlite::Transaction) -> Result<()> {
    tx.execute_batch("DELETE FROM derived_figures")?;
    // The op that last wrote the figure: an update of it, else the project's creation.
    let mut projects = tx.prepare(
        "SELECT p.id, p.arrived_fen,
             coalesce((SELECT CAST(substr(max(o.hlc), 1, 15) AS INTEGER) FROM ops o
                       WHERE o.record_id = p.id AND o.table_name = 'projects'
                           AND (o.field = 'arrived_fen' OR o.kind = 'create')), -1),
             substr(p.updated_at, 1, 10), p.created_at
         FROM projects p WHERE p.arrived_fen > 0",
    )?;
    let rows: Vec<(String, i64, i64, String, String)> = projects
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let mut insert = tx.prepare(
        "INSERT INTO fund_arrivals (id, project_id, date, amount_fen, source, party, notes, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, NULL, '', '', ?5, ?5)",
    )?;
    for (project, fen, written_ms, saved, created) in rows {
        let written = chrono::DateTime::from_timestamp_millis(written_ms).filter(|_| written_ms >= 0);
        let day = written.map_or(saved, |t| t.date_naive().format("%Y-%m-%d").to_string());
        let id = uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_OID, format!("bangfu:arrival:{project}").as_bytes());
        insert.execute(params![id.to_string(), project, day, fen, created])?;
    }
    Ok(())
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_formats_are_the_sections_of_the_schema() {
        const { assert!(LATEST >= 4) };
        assert!(section(1).is_some_and(|s| s.contains("CREATE TABLE households")));
        assert!(section(2).is_some_and(|s| !s.contains("CREATE")));
        assert!(section(4).is_some_and(|s| s.contains("derived_fts") && !s.contains("-- format")));
        assert!((1..=LATEST).all(|f| section(f).is_some()));
        assert_eq!(section(LATEST + 1), None);
    }

    /// Each vocabulary file in assets/ is seeded by the format its name gives (a file
    /// added and not listed would never reach a ledger), and each format seeds at most one.
    #[test]
    fn every_vocabulary_file_is_seeded_by_its_format() {
        let assets = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets");
        let mut files = 0;
        for entry in std::fs::read_dir(assets).unwrap() {
            let name = entry.unwrap().file_name().to_string_lossy().to_string();
            let format = match name.as_str() {
                "vocab.tsv" => 2,
                other => match other.strip_prefix("vocab_v").and_then(|n| n.strip_suffix(".tsv")) {
                    Some(n) => n.parse().unwrap(),
                    None => continue,
                },
            };
            files += 1;
            assert!(VOCAB_SEEDS.iter().any(|(f, _)| *f == format), "{name} is not seeded (migrations.rs)");
        }
        assert_eq!(files, VOCAB_SEEDS.len());
        assert!(VOCAB_SEEDS.iter().all(|(f, _)| *f <= LATEST));
        assert!(shipped_vocab().iter().any(|e| e.list == crate::domain::need::NEED_CLASS));
    }
}
