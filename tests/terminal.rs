//! The real binary in a real pseudo-terminal (tmux): a person adds a village through
//! the form and quits, and the village is in the file; an SSH link that drops
//! (SIGHUP) in the middle of a form loses nothing that was typed.
//! Needs tmux (`apt-get install tmux`; .ci/run installs it).

mod common;

use bangfu::domain::village::Village;
use bangfu::store::Store;
use common::tmux::Tmux;
use std::path::Path;
use std::time::Duration;

fn villages(path: &Path) -> Vec<String> {
    Store::open(path).unwrap().all::<Village>().unwrap().into_iter().map(|v| v.name).collect()
}

#[test]
fn add_a_village_through_the_form_quit_and_find_it_in_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = dir.path().join("ledger.db");
    let tmux = Tmux::new("add");
    tmux.start(&ledger, dir.path());
    tmux.wait_for("概览");
    tmux.keys(&["2", "a", "End", "Enter"]);
    tmux.wait_for("新增村庄");
    tmux.literal("测试村");
    tmux.keys(&["C-s"]);
    tmux.wait_for("已保存：测试村");
    tmux.keys(&["q"]);
    tmux.wait_until_gone();
    assert_eq!(villages(&ledger), ["测试村"]);
}

#[test]
fn a_dropped_link_keeps_the_form_as_a_draft() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = dir.path().join("ledger.db");
    let tmux = Tmux::new("hup");
    tmux.start(&ledger, dir.path());
    tmux.wait_for("概览");
    tmux.keys(&["2", "a", "End", "Enter"]);
    tmux.wait_for("新增村庄");
    tmux.literal("草稿村");
    tmux.wait_for("草稿村");
    // Killing the session hangs up the terminal, as a dropped SSH link does.
    tmux.run(&["kill-session", "-t", "app"]);
    tmux.wait_until_gone();
    std::thread::sleep(Duration::from_millis(300));
    assert!(villages(&ledger).is_empty(), "nothing was saved yet");

    tmux.start(&ledger, dir.path());
    let screen = tmux.wait_for("已恢复上次未保存的输入");
    assert!(screen.contains("草稿村"), "{screen}");
    tmux.keys(&["C-s"]);
    tmux.wait_for("已保存：草稿村");
    tmux.keys(&["q"]);
    tmux.wait_until_gone();
    assert_eq!(villages(&ledger), ["草稿村"]);
}

/// Two people on one ledger, each in their own terminal: a village one adds shows in
/// the other's list within a second or two, with no key pressed there.
#[test]
fn two_sessions_on_one_file_see_each_others_saves_without_a_key() {
    let dir = tempfile::tempdir().unwrap();
    let ledger = dir.path().join("ledger.db");
    let (first, second) = (Tmux::new("live-a"), Tmux::new("live-b"));
    first.start(&ledger, dir.path());
    first.wait_for("概览");
    first.keys(&["2", "a", "End", "Enter"]);
    first.wait_for("新增村庄");
    first.literal("甲村");
    first.keys(&["C-s"]);
    first.wait_for("已保存：甲村");
    second.start(&ledger, dir.path());
    second.wait_for("概览");
    second.keys(&["2"]);
    second.wait_for("1/1 条");

    first.keys(&["a", "End", "Enter"]);
    first.wait_for("新增村庄");
    first.literal("乙村");
    first.keys(&["C-s"]);
    first.wait_for("已保存：乙村");
    // Seen without a key pressed (how soon is measured by scripts/measure.py, not here).
    let screen = second.wait_for("2/2 条");
    assert!(screen.contains("乙村"), "{screen}");
    for tmux in [&first, &second] {
        tmux.keys(&["q"]);
        tmux.wait_until_gone();
    }
}
