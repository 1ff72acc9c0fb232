//! A cadre's first day at 80×24, in the real binary in a real terminal (tmux), in
//! Chinese and in English (issue 21): an empty ledger → herself on 人员 as 本人 → the
//! county and a village from the official list → a household with three members →
//! a visit → a monitoring step → a month's visits from the due list. The keys are
//! counted as sent (a Chinese word typed counts its characters) and held to what
//! issue 21 asks: a visit to a found household in ≤ 8 keys, a household with three
//! members in ≤ 70 % of the 100 it took.

#![allow(clippy::indexing_slicing)]

mod common;

use bangfu::domain::household::Household;
use bangfu::domain::member::Member;
use bangfu::domain::monitoring::MonitoringEvent;
use bangfu::domain::visit::Visit;
use bangfu::store::Store;
use common::tmux::Tmux;
use std::path::Path;

/// An 18-character resident ID with its check digit (GB 11643).
fn resident_id(body: &str) -> String {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = body.chars().zip(WEIGHTS).map(|(c, w)| c.to_digit(10).unwrap() * w).sum();
    let check = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'][(sum % 11) as usize];
    format!("{body}{check}")
}

/// Sends keys and text, counting each key and each character typed.
struct Walk {
    tmux: Tmux,
    keys: usize,
}

impl Walk {
    fn keys(&mut self, keys: &[&str]) {
        self.keys += keys.len();
        self.tmux.keys(keys);
    }
    fn text(&mut self, text: &str) {
        self.keys += text.chars().count();
        self.tmux.literal(text);
    }
    fn wait(&self, zh: &str, en: &str, lang: &str) -> String {
        self.tmux.wait_for(if lang == "en" { en } else { zh })
    }
}

fn walk_the_first_day(lang: &str) {
    let dir = tempfile::tempdir().unwrap();
    let ledger = dir.path().join("ledger.db");
    let tmux = Tmux::new(&format!("first-day-{lang}"));
    tmux.start_sized(&ledger, dir.path(), (80, 24), &format!("--lang {lang}"));
    let mut w = Walk { tmux, keys: 0 };
    w.wait("概览", "Overview", lang);

    // Once: herself on 人员, set as 本人.
    w.keys(&["7", "a"]);
    w.text("王芳");
    w.keys(&["C-s"]);
    w.wait("已保存：王芳", "Saved: 王芳", lang);
    w.keys(&["b"]);
    w.wait("已设为本人", "You work as", lang);

    // The county, then a village by its initials, from the official list.
    w.keys(&["2", "a"]);
    w.text("eyq");
    w.keys(&["Enter"]);
    w.text("ljmc");
    w.keys(&["Enter"]);
    w.wait("林家庙村", "林家庙村", lang);
    w.keys(&["Escape"]);

    // A household with three members: the head's form opens by itself; sex, birth
    // date and (from the head's) the relation follow from each ID.
    let start = w.keys;
    w.keys(&["3", "a"]);
    w.text("张三");
    w.keys(&["C-s"]);
    w.wait("新增家庭成员", "New household member", lang);
    w.text(&resident_id("51190319750601001"));
    w.keys(&["C-s"]);
    w.wait("已保存：张三", "Saved: 张三", lang);
    for (name, body) in [("李四", "51190319780203002"), ("张小", "51190320010909004")] {
        w.keys(&["m"]);
        w.wait("新增家庭成员", "New household member", lang);
        w.text(name);
        w.keys(&["Tab"]);
        w.text(&resident_id(body));
        w.keys(&["C-s"]);
        w.wait(&format!("已保存：{name}"), &format!("Saved: {name}"), lang);
    }
    let household_keys = w.keys - start;

    // A visit: 走访人 is herself, the date today.
    let start = w.keys;
    w.keys(&["v"]);
    w.wait("新增走访记录", "New visit", lang);
    w.keys(&["C-s"]);
    w.wait("已保存", "Saved", lang);
    let visit_keys = w.keys - start;

    // A monitoring step: a clue, its channel chosen by initials.
    w.keys(&["s"]);
    w.wait("新增监测流程", "New monitoring step", lang);
    w.keys(&["Tab", "Tab", "Tab"]);
    w.text(if lang == "en" { "cadre" } else { "gbpc" });
    w.keys(&["Enter", "C-s"]);
    w.wait("已保存", "Saved", lang);

    // The terminal's last column stays empty (the gutter: nothing runs into the edge).
    let screen = w.tmux.screen();
    assert!(screen.lines().all(|l| unicode_width::UnicodeWidthStr::width(l.trim_end()) <= 79), "{screen}");
    w.keys(&["q"]);
    w.tmux.wait_until_gone();

    check_the_ledger(&ledger);
    eprintln!("{lang}: {household_keys} keys for a household with three members, {visit_keys} for a visit");
    // Before issue 21: about 100 keys for the household and its three members, 17
    // for a visit (走访人 typed each time).
    assert!(household_keys * 100 <= 100 * 70, "{lang}: {household_keys} keys for a household with three members");
    assert!(visit_keys <= 8, "{lang}: {visit_keys} keys for a visit");
}

fn check_the_ledger(path: &Path) {
    let store = Store::open(path).unwrap();
    let households: Vec<Household> = store.all().unwrap();
    assert_eq!(households.len(), 1);
    let id = &households[0].id;
    let mut members: Vec<Member> = store.children("household_id", id, "").unwrap();
    members.sort_by(|a, b| a.name.cmp(&b.name));
    let relations: Vec<(&str, Option<&str>, Option<&str>)> =
        members.iter().map(|m| (m.name.as_str(), m.relation.as_deref(), m.sex.as_deref())).collect();
    assert_eq!(
        relations,
        [
            ("张三", Some("self"), Some("male")),
            ("张小", Some("daughter"), Some("female")),
            ("李四", Some("spouse"), Some("female"))
        ]
    );
    let visits: Vec<Visit> = store.children("household_id", id, "").unwrap();
    assert_eq!(visits.len(), 1);
    assert_eq!(visits[0].visitors, "王芳");
    let steps: Vec<MonitoringEvent> = store.children("household_id", id, "").unwrap();
    assert_eq!((steps.len(), steps[0].step.as_str(), steps[0].by.as_str()), (1, "clue", "王芳"));
}

/// A ledger with a cadre and `n` households under monitoring, last visited long
/// ago: due whatever the day the test runs.
fn due_households(path: &Path, n: usize) -> usize {
    use bangfu::domain::cadre::Cadre;
    use bangfu::domain::village::Village;
    use bangfu::domain::{Draft, Record};
    let mut store = Store::open(path).unwrap();
    let mut village =
        Village::from_draft("", &Draft::default().with("name", "柳林村").with("code", "511903100204")).unwrap();
    store.insert(&mut village).unwrap();
    store.insert(&mut Cadre { name: "王芳".into(), ..Cadre::default() }).unwrap();
    for (i, name) in ["赵一", "钱二", "孙三", "李四", "周五"].iter().take(n).enumerate() {
        let mut h = Household {
            village_id: village.id.clone(),
            head_name: (*name).into(),
            group_name: format!("{}组", i + 1),
            monitor_category: Some("marginal".into()),
            identified_month: bangfu::domain::dates::YearMonth::new(2026, 1),
            risks: vec!["illness".into()],
            ..Household::default()
        };
        store.insert(&mut h).unwrap();
        // Last seen in January 2026: overdue on any day the test runs after it.
        let mut visit = Visit {
            household_id: Some(h.id.clone()),
            village_id: village.id.clone(),
            date: chrono::NaiveDate::from_ymd_opt(2026, 1, 10).unwrap(),
            visit_type: "home".into(),
            visitors: "王芳".into(),
            ..Visit::default()
        };
        store.insert(&mut visit).unwrap();
    }
    n
}

/// A month's visits from the due list (待走访): each is `v` and
/// Ctrl-S, the household leaves the list, the next one is under the cursor.
fn walk_a_months_visits(lang: &str) {
    let dir = tempfile::tempdir().unwrap();
    let ledger = dir.path().join("ledger.db");
    let visits_before = due_households(&ledger, 4);
    let tmux = Tmux::new(&format!("month-{lang}"));
    tmux.start_sized(&ledger, dir.path(), (80, 24), &format!("--lang {lang}"));
    let mut w = Walk { tmux, keys: 0 };
    w.wait("概览", "Overview", lang);
    w.keys(&["7", "b"]);
    w.wait("已设为本人", "You work as", lang);
    w.keys(&["5", "f"]);
    let due = |screen: &str| {
        let line = screen.lines().find(|l| l.contains('/') && (l.contains("待走访") || l.contains("[due]")))?;
        let count = line.rsplit(' ').find(|t| t.contains('/'))?;
        count.split('/').next()?.parse::<usize>().ok()
    };
    let first = due(&w.wait("待走访", "[due]", lang)).expect("the due list counts its households");
    let start = w.keys;
    for n in 1..=3 {
        w.keys(&["v"]);
        w.wait("新增走访记录", "New visit", lang);
        w.keys(&["C-s"]);
        let screen = w.wait("已保存", "Saved", lang);
        assert_eq!(due(&screen), Some(first - n), "{lang}: the visited household leaves the due list\n{screen}");
    }
    let keys = w.keys - start;
    w.keys(&["q"]);
    w.tmux.wait_until_gone();
    let store = Store::open(&ledger).unwrap();
    let visits: Vec<Visit> = store.all().unwrap();
    assert_eq!(visits.len(), visits_before + 3);
    assert_eq!(keys, 6, "{lang}: two keys a visit from the due list");
}

#[test]
fn a_months_visits_in_chinese() {
    walk_a_months_visits("zh");
}

#[test]
fn a_months_visits_in_english() {
    walk_a_months_visits("en");
}

#[test]
fn the_first_day_in_chinese() {
    walk_the_first_day("zh");
}

#[test]
fn the_first_day_in_english() {
    walk_the_first_day("en");
}
