//! Merging copies of one ledger: generated histories spread over three copies (edits,
//! new people, deletions, restorations, settings, and partial merges between the
//! copies on the way), then merged in every order. The records produced must not
//! depend on the order or grouping of merges, merging again must change nothing, and
//! every op of every copy must be kept.

#![allow(clippy::indexing_slicing)] // tests index what they just built

mod common;

use bangfu::domain::household::Household;
use bangfu::domain::member::Member;
use bangfu::store::Store;
use common::{demo_ledger, today};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// A small deterministic generator (tests must be reproducible).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        (!items.is_empty()).then(|| &items[self.below(items.len())])
    }
}

const PHONES: [&str; 4] = ["13800138000", "13912345678", "15011112222", "18600001111"];
const NOTES: [&str; 4] = ["", "已走访", "需复核", "外出务工"];
const NAMES: [&str; 4] = ["王秀英", "李建国", "张伟", "刘芳"];
/// Valid ID numbers, few, so that the same person is sometimes added in two copies.
// Sound numbers, as a form lets through (a merge refuses what no form writes).
const ID_NUMBERS: [&str; 3] = ["110101199003074514", "110101199003076210", "110101199003076915"];

fn live<T: bangfu::domain::Record>(store: &Store, limit: usize) -> Vec<String> {
    store.all::<T>().unwrap().iter().take(limit).map(|r| r.id().to_string()).collect()
}

/// One random change in one copy; returns whether it wrote.
fn random_change(store: &mut Store, rng: &mut Rng) -> bool {
    let households = live::<Household>(store, 40);
    let members = live::<Member>(store, 60);
    let deleted = store.deleted_ids("members").unwrap();
    let choice = rng.below(100);
    let result = match choice {
        0..=34 => {
            let Some(id) = rng.pick(&households).cloned() else { return false };
            let mut h: Household = store.get(&id).unwrap().unwrap();
            match rng.below(3) {
                0 => h.phone = Some(rng.pick(&PHONES).unwrap().to_string()),
                1 => h.notes = rng.pick(&NOTES).unwrap().to_string(),
                _ => h.group_name = format!("{}组", rng.below(4) + 1),
            }
            store.update(&h).map(|_| ())
        }
        35..=59 => {
            let Some(id) = rng.pick(&members).cloned() else { return false };
            let mut m: Member = store.get(&id).unwrap().unwrap();
            match rng.below(2) {
                0 => m.name = rng.pick(&NAMES).unwrap().to_string(),
                _ => m.phone = Some(rng.pick(&PHONES).unwrap().to_string()),
            }
            store.update(&m).map(|_| ())
        }
        60..=71 => {
            let Some(household) = rng.pick(&households).cloned() else { return false };
            let mut m = Member {
                household_id: household,
                name: rng.pick(&NAMES).unwrap().to_string(),
                id_number: (rng.below(3) == 0).then(|| rng.pick(&ID_NUMBERS).unwrap().to_string()),
                ..Member::default()
            };
            store.insert(&mut m).map(|_| ())
        }
        72..=81 => {
            let Some(id) = rng.pick(&members).cloned() else { return false };
            store.delete::<Member>(&id)
        }
        82..=84 => {
            let Some(id) = rng.pick(&households).cloned() else { return false };
            store.delete::<Household>(&id)
        }
        85..=91 => {
            let Some(id) = rng.pick(&deleted).cloned() else { return false };
            store.write(|w| w.restore("members", &id))
        }
        _ => store.set_setting("report.title", rng.pick(&NOTES).unwrap()),
    };
    result.unwrap();
    true
}

/// Everything a merge produces that a person sees: every record table row (without
/// the bookkeeping `updated_at`), the settings, and the disputes.
fn records(path: &Path) -> Vec<String> {
    let conn = rusqlite::Connection::open(path).unwrap();
    let mut out = Vec::new();
    // Every table of records, as the registry names them (vocabularies included).
    for &table in bangfu::domain::registry::record_tables() {
        let mut stmt = conn.prepare(&format!("SELECT * FROM {table} ORDER BY id")).unwrap();
        let names: Vec<String> = stmt.column_names().into_iter().map(str::to_string).collect();
        let rows = stmt
            .query_map([], |r| {
                let mut line = format!("{table}:");
                for (i, name) in names.iter().enumerate() {
                    if name != "updated_at" {
                        let v: rusqlite::types::Value = r.get(i)?;
                        line.push_str(&format!(" {name}={v:?}"));
                    }
                }
                Ok(line)
            })
            .unwrap();
        out.extend(rows.map(Result::unwrap));
    }
    let mut stmt = conn.prepare("SELECT key, value FROM settings ORDER BY key").unwrap();
    out.extend(
        stmt.query_map([], |r| Ok(format!("setting {}={}", r.get::<_, String>(0)?, r.get::<_, String>(1)?)))
            .unwrap()
            .map(Result::unwrap),
    );
    let mut stmt = conn.prepare("SELECT table_name, record_id, field, heads FROM conflicts ORDER BY 1, 2, 3").unwrap();
    out.extend(
        stmt.query_map([], |r| {
            Ok(format!(
                "conflict {} {} {} {}",
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?
            ))
        })
        .unwrap()
        .map(Result::unwrap),
    );
    out
}

fn op_ids(path: &Path) -> BTreeSet<String> {
    let conn = rusqlite::Connection::open(path).unwrap();
    let mut stmt = conn.prepare("SELECT op_id FROM ops").unwrap();
    stmt.query_map([], |r| r.get(0)).unwrap().map(Result::unwrap).collect()
}

/// A fresh file copy of `from` named `name` in `dir`.
fn copy_of(from: &Path, dir: &Path, name: &str) -> PathBuf {
    let to = dir.join(name);
    std::fs::copy(from, &to).unwrap();
    to
}

fn merge(into: &Path, from: &Path) -> bangfu::store::MergeReport {
    let mut store = Store::open_with(into, today(), &mut |_, _| {}).unwrap();
    store.merge_from(from, false, false).unwrap()
}

/// Three copies of one demo ledger, `changes` random changes spread over them, with
/// an occasional merge between two copies on the way.
fn histories(seed: u64, changes: usize) -> (tempfile::TempDir, [PathBuf; 3]) {
    let base = demo_ledger();
    let dir = tempfile::tempdir().unwrap();
    let paths = ["a.db", "b.db", "c.db"].map(|n| copy_of(&base.path, dir.path(), n));
    let mut stores: Vec<Store> = paths.iter().map(|p| Store::open_with(p, today(), &mut |_, _| {}).unwrap()).collect();
    let mut rng = Rng(seed);
    let mut made = 0;
    while made < changes {
        let copy = rng.below(3);
        if rng.below(40) == 0 {
            let from = rng.below(3);
            if from != copy {
                let other = paths[from].clone();
                stores[copy].merge_from(&other, false, false).unwrap();
            }
            continue;
        }
        if random_change(&mut stores[copy], &mut rng) {
            made += 1;
        }
    }
    drop(stores);
    (dir, paths)
}

#[test]
fn merging_in_any_order_gives_the_same_records_and_keeps_every_op() {
    let (dir, [a, b, c]) = histories(11, 1_200);
    let all_ops: BTreeSet<String> = [&a, &b, &c].iter().flat_map(|p| op_ids(p)).collect();
    let copies = [&a, &b, &c];
    let mut results = Vec::new();
    for (n, order) in [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]].iter().enumerate() {
        let target = copy_of(copies[order[0]], dir.path(), &format!("order{n}.db"));
        merge(&target, copies[order[1]]);
        merge(&target, copies[order[2]]);
        assert_eq!(op_ids(&target), all_ops, "order {order:?} keeps every op");
        results.push((order, target));
    }
    let want = records(&results[0].1);
    assert!(want.iter().any(|l| l.starts_with("conflict")), "the history produced disputes to settle");
    for (order, path) in &results {
        assert!(records(path) == want, "merging in the order {order:?} gives other records");
    }
    // Grouped the other way: a ← (b ← c).
    let bc = copy_of(&b, dir.path(), "bc.db");
    merge(&bc, &c);
    let grouped = copy_of(&a, dir.path(), "a_bc.db");
    merge(&grouped, &bc);
    assert!(records(&grouped) == want, "a ← (b ← c) equals (a ← b) ← c");
    // Merging again changes nothing.
    let again = merge(&results[0].1, &c);
    assert_eq!((again.ops_in, again.records_added, again.records_changed), (0, 0, 0));
    assert!(records(&results[0].1) == want);
}

#[test]
fn short_histories_merge_the_same_both_ways() {
    for seed in 1..=6 {
        let (dir, [a, b, _]) = histories(seed, 120);
        let ab = copy_of(&a, dir.path(), "ab.db");
        let ba = copy_of(&b, dir.path(), "ba.db");
        merge(&ab, &b);
        merge(&ba, &a);
        assert!(records(&ab) == records(&ba), "seed {seed}: a ← b differs from b ← a");
        assert_eq!(op_ids(&ab), op_ids(&ba));
    }
}

/// A copy still of format 10 marks an income as the 12 months before identification by
/// its old flag; merged into a format-11 ledger, the edit reaches the income's period
/// (docs/file-format.md, format 11).
#[test]
fn an_older_copys_flag_on_an_income_reaches_its_period() {
    let base = demo_ledger();
    let dir = tempfile::tempdir().unwrap();
    let (ours, theirs) = (copy_of(&base.path, dir.path(), "ours.db"), copy_of(&base.path, dir.path(), "theirs.db"));
    let income: String = rusqlite::Connection::open(&ours)
        .unwrap()
        .query_row("SELECT id FROM incomes WHERE period = 'year' AND deleted = 0 LIMIT 1", [], |r| r.get(0))
        .unwrap();
    // What bangfu before format 11 wrote for that edit: the column and its op.
    let conn = rusqlite::Connection::open(&theirs).unwrap();
    conn.execute("UPDATE incomes SET before_identification = 1 WHERE id = ?1", [&income]).unwrap();
    conn.execute(
        "INSERT INTO ops (op_id, hlc, table_name, record_id, kind, field, old_value, new_value, replaces,
                          os_user, host, batch, copy_id, note)
         VALUES ('01ffffff-ffff-7fff-bfff-ffffffffffff', '009999999999999-00000', 'incomes', ?1, 'update',
                 'before_identification', '0', '1', NULL, 'cadre', 'old-laptop', 'old-batch', NULL, NULL)",
        [&income],
    )
    .unwrap();
    drop(conn);
    merge(&ours, &theirs);
    let merged: bangfu::domain::income::Income = Store::open(&ours).unwrap().get(&income).unwrap().unwrap();
    assert_eq!(merged.period, "before_identification");
}
