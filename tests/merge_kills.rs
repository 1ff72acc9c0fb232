//! A merge killed at any point, and the folder then moved (a USB stick mounting at
//! another path, a new drive letter): the ledger opens sound, as it was before the
//! merge or as after it, and no super-journal is left anywhere.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

const RUNS: u64 = 100;

fn bangfu() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_bangfu"));
    cmd.env_remove("BANGFU_DB").env_remove("BANGFU_LANG");
    cmd
}

fn demo(path: &Path, seed: &str) {
    let out = bangfu().args(["demo", path.to_str().unwrap(), "--seed", seed]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

fn op_count(path: &Path) -> i64 {
    let store = bangfu::store::Store::open(path).unwrap();
    let problems = store.integrity_check().unwrap();
    assert_eq!(problems, ["ok"], "{}", path.display());
    store.op_count().unwrap()
}

fn merge(ledger: &Path, other: &Path) -> Command {
    let mut cmd = bangfu();
    cmd.args(["--db", ledger.to_str().unwrap(), "merge", other.to_str().unwrap(), "--force"]);
    cmd.stdout(std::process::Stdio::null()).stderr(std::process::Stdio::null());
    cmd
}

#[test]
fn a_merge_killed_anywhere_then_moved_leaves_the_ledger_before_or_after() {
    let dir = tempfile::tempdir().unwrap();
    let (pristine, other) = (dir.path().join("pristine.db"), dir.path().join("other.db"));
    demo(&pristine, "1");
    // Another ledger's records, all new here: a merge with work to do throughout.
    demo(&other, "2");
    let before = op_count(&pristine);
    let whole = dir.path().join("whole");
    std::fs::create_dir(&whole).unwrap();
    std::fs::copy(&pristine, whole.join("ledger.db")).unwrap();
    let started = Instant::now();
    assert!(merge(&whole.join("ledger.db"), &other).status().unwrap().success());
    let span = started.elapsed().as_micros() as u64;
    let after = op_count(&whole.join("ledger.db"));
    assert!(after > before);
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    let (mut cut_before, mut cut_after) = (0, 0);
    for run in 0..RUNS {
        // xorshift: kill times spread over the merge, the same each run of the test.
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let folder = dir.path().join(format!("usb-{run}"));
        std::fs::create_dir(&folder).unwrap();
        std::fs::copy(&pristine, folder.join("ledger.db")).unwrap();
        let mut child = merge(&folder.join("ledger.db"), &other).spawn().unwrap();
        std::thread::sleep(Duration::from_micros(state % (span + span / 4)));
        let _ = child.kill();
        let _ = child.wait();
        let moved = dir.path().join(format!("moved-{run}"));
        std::fs::rename(&folder, &moved).unwrap();
        for entry in std::fs::read_dir(&moved).unwrap() {
            let name = entry.unwrap().file_name().to_string_lossy().into_owned();
            assert!(!name.contains("-mj"), "run {run}: a super-journal was left: {name}");
        }
        let ops = op_count(&moved.join("ledger.db"));
        assert!(ops == before || ops == after, "run {run}: {ops} ops, neither {before} nor {after}");
        if ops == before {
            cut_before += 1
        } else {
            cut_after += 1
        }
        std::fs::remove_dir_all(&moved).unwrap();
    }
    // The kills fell both before and after the commit.
    assert!(cut_before > 0 && cut_after > 0, "{cut_before} before, {cut_after} after");
}
