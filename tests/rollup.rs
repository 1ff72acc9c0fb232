//! Beyond one county (issue 25): county ledgers published to a PostgreSQL server the
//! test starts itself; publishing twice sends nothing; a copy merged back converges;
//! one county cannot write another's rows; a city's reports read them together and
//! agree with each county's own.

#![allow(clippy::indexing_slicing)] // tests index what they just built

mod common;

use bangfu::rollup::{PublishAsked, Target, publish};
use bangfu::store::Store;
use common::pg::Postgres;
use common::sheets::sheet_cells;
use common::*;

fn asked() -> PublishAsked {
    PublishAsked { dry_run: false, reveal: false, today: today() }
}

/// The server as its administrator sets it up: bangfu's schema, a role per county
/// allowed to publish, a city's role reading the counties under its code.
fn server() -> Postgres {
    let pg = Postgres::start();
    let mut admin = pg.client("admin", "rollup");
    bangfu::rollup::init(&mut admin).unwrap();
    admin
        .batch_execute(
            "CREATE ROLE county_a LOGIN IN ROLE bangfu_publisher;
             CREATE ROLE county_b LOGIN IN ROLE bangfu_publisher;
             CREATE ROLE city LOGIN IN ROLE bangfu_reader;
             INSERT INTO bangfu.readers (role, area_code) VALUES ('city', '5119');",
        )
        .unwrap();
    pg
}

fn target(pg: &Postgres, role: &str) -> Target {
    Target::parse(&pg.address(role)).unwrap()
}

/// The ops the server holds of a ledger; the count it keeps of them (what a publish
/// reads to know a copy is whole) must agree.
fn server_ops(pg: &Postgres, ledger: &str) -> i64 {
    let row = pg
        .client("admin", "rollup")
        .query_one(
            "SELECT (SELECT count(*) FROM bangfu.ops WHERE ledger_id = $1),
                    (SELECT op_count FROM bangfu.ledgers WHERE ledger_id = $1)",
            &[&ledger],
        )
        .unwrap();
    let (held, kept): (i64, Option<i64>) = (row.get(0), row.get(1));
    assert_eq!(kept.unwrap_or(0), held, "the server's count of the ledger's ops");
    held
}

/// A server an older bangfu set up (format 1, before the server kept each ledger's
/// count of ops) refuses a publish with what to do; brought up by `--init`, it counts
/// the ops it already held, and the publish goes on from there.
#[test]
fn a_server_of_an_older_format_is_brought_up_by_init() {
    let pg = Postgres::start();
    let mut admin = pg.client("admin", "rollup");
    assert_eq!(bangfu::rollup::init_to(&mut admin, 1).unwrap(), (0, 1));
    admin.batch_execute("CREATE ROLE county_a LOGIN IN ROLE bangfu_publisher").unwrap();
    let fixture = demo_ledger();
    let mut store = Store::open(&fixture.path).unwrap();
    let ledger = store.ledger_id().unwrap();
    let refused = publish(&mut store, &target(&pg, "county_a"), asked()).unwrap_err();
    assert!(
        matches!(refused, bangfu::rollup::RollupError::OlderServer { found: 1, known } if known == bangfu::rollup::SERVER_FORMAT),
        "{refused:?}"
    );
    // What the older build had published of the ledger: its row and three ops.
    admin.execute("INSERT INTO bangfu.ledgers (ledger_id, owner) VALUES ($1, 'county_a')", &[&ledger]).unwrap();
    for op in ["a", "b", "c"] {
        admin
            .execute(
                "INSERT INTO bangfu.ops (ledger_id, op_id, hlc, table_name, record_id, kind, os_user, host)
                 VALUES ($1, $2, '0', 'villages', 'x', 'create', 'u', 'h')",
                &[&ledger, &op],
            )
            .unwrap();
    }
    assert_eq!(bangfu::rollup::init(&mut admin).unwrap(), (1, bangfu::rollup::SERVER_FORMAT));
    assert_eq!(server_ops(&pg, &ledger), 3);
    let report = publish(&mut store, &target(&pg, "county_a"), asked()).unwrap();
    assert_eq!(report.ops_new, store.op_count().unwrap());
    // The older build's three ops are none of this copy's: the server is ahead of it.
    assert_eq!(report.behind, 3, "{report:?}");
    assert_eq!(server_ops(&pg, &ledger), store.op_count().unwrap() + 3);
}

/// A county publishes its ledger: every op once, the records, the figures; again, and
/// nothing is sent; a dry run first says the same and writes nothing.
#[test]
fn a_county_publishes_once_and_again_sends_nothing() {
    let pg = server();
    let fixture = demo_ledger();
    let mut store = Store::open(&fixture.path).unwrap();
    let ledger = store.ledger_id().unwrap();
    let dry = publish(&mut store, &target(&pg, "county_a"), PublishAsked { dry_run: true, ..asked() }).unwrap();
    assert_eq!(server_ops(&pg, &ledger), 0, "a dry run writes nothing");
    let real = publish(&mut store, &target(&pg, "county_a"), asked()).unwrap();
    assert_eq!(PublishAsked { dry_run: true, ..asked() }.today, today());
    assert_eq!((dry.ops_new, dry.records, &dry.periods), (real.ops_new, real.records, &real.periods));
    assert_eq!(real.ops_new, store.op_count().unwrap());
    assert_eq!(server_ops(&pg, &ledger), store.op_count().unwrap());
    assert!(real.records > 0 && real.periods == ["2026-Q3", "2026-Q4", "2026"], "{real:?}");
    assert_eq!(real.months, ["2026-10", "2026-11"]);
    let again = publish(&mut store, &target(&pg, "county_a"), asked()).unwrap();
    assert!(again.sent_nothing() && again.server_lost.is_none(), "{again:?}");
    // The server restored from an older backup: it lost this copy's mark and the ops
    // after it. The file remembers its own mark: the loss is said, and made good.
    let mut admin = pg.client("admin", "rollup");
    let lost = admin
        .execute(
            "DELETE FROM bangfu.ops WHERE ledger_id = $1 AND received > (SELECT max(received) - 100 FROM bangfu.ops)",
            &[&ledger],
        )
        .unwrap();
    admin.execute("DELETE FROM bangfu.copies WHERE ledger_id = $1", &[&ledger]).unwrap();
    let restored = publish(&mut store, &target(&pg, "county_a"), asked()).unwrap();
    assert!(restored.server_lost.is_some_and(|(server, mine)| server == 0 && mine > 0), "{restored:?}");
    assert_eq!(restored.ops_new, lost as i64);
    assert_eq!(server_ops(&pg, &ledger), store.op_count().unwrap());
}

/// A copy carried away (a new copy of the same ledger) publishes only its own new ops;
/// the original, meanwhile changed, publishes its ops but not its figures while the
/// server holds the copy's work it lacks; merged, it publishes the figures of the
/// whole, and the server holds each op once, as `merge` would.
#[test]
fn a_copy_and_its_original_converge_as_a_merge_would() {
    use bangfu::domain::village::Village;
    let pg = server();
    let fixture = demo_ledger();
    let mut original = Store::open(&fixture.path).unwrap();
    let ledger = original.ledger_id().unwrap();
    publish(&mut original, &target(&pg, "county_a"), asked()).unwrap();
    let carried = fixture.dir.path().join("副本.db");
    original.snapshot(&carried).unwrap();
    let mut copy = Store::open(&carried).unwrap();
    assert_ne!(copy.copy_id(), original.copy_id());
    let rename = |store: &mut Store, name: &str| {
        let mut v: Village = store.all().unwrap().remove(0);
        v.name = name.into();
        store.write(|w| w.update(&v).map(drop)).unwrap();
    };
    rename(&mut copy, "新名村");
    let from_copy = publish(&mut copy, &target(&pg, "county_a"), asked()).unwrap();
    assert_eq!(from_copy.ops_new, copy.op_count().unwrap() - original.op_count().unwrap(), "{from_copy:?}");
    assert_eq!(from_copy.behind, 0);
    assert!(!from_copy.periods.is_empty(), "the copy holds every op: it publishes the figures");
    // The original changed a field of another village meanwhile: its op goes up, the
    // figures wait (the server has the copy's op it lacks).
    let mut v: Village = original.all().unwrap().remove(1);
    v.first_secretary = "王建国".into();
    original.write(|w| w.update(&v).map(drop)).unwrap();
    let behind = publish(&mut original, &target(&pg, "county_a"), asked()).unwrap();
    assert_eq!((behind.ops_new, behind.behind), (1, 1), "{behind:?}");
    assert!(behind.periods.is_empty() && behind.records == 0);
    // Merged: nothing new to send but the figures, and the record changed since the
    // copy published (the copy sent its own).
    original.merge_from(&carried, false, false).unwrap();
    let merged = publish(&mut original, &target(&pg, "county_a"), asked()).unwrap();
    assert_eq!((merged.ops_new, merged.behind), (0, 0), "{merged:?}");
    assert!(merged.records == 1 && !merged.periods.is_empty(), "{merged:?}");
    assert_eq!(server_ops(&pg, &ledger), original.op_count().unwrap());
    let mut admin = pg.client("admin", "rollup");
    let names: Vec<String> = admin
        .query(
            "SELECT data->>'name' FROM bangfu.records WHERE ledger_id = $1 AND table_name = 'villages'
             AND data->>'name' = '新名村'",
            &[&ledger],
        )
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(names, ["新名村"]);
    let secretary: i64 = admin
        .query_one(
            "SELECT count(*) FROM bangfu.records WHERE ledger_id = $1 AND data->>'first_secretary' = '王建国'",
            &[&ledger],
        )
        .unwrap()
        .get(0);
    assert_eq!(secretary, 1);
    assert!(publish(&mut original, &target(&pg, "county_a"), asked()).unwrap().sent_nothing());
}

/// One county's role cannot publish another's ledger, nor write or change its rows on
/// the server by hand; the city's role reads both, and writes nothing. ID numbers
/// arrive masked.
#[test]
fn a_county_writes_only_its_own_rows() {
    let pg = server();
    let a = demo_ledger();
    let b = demo_seeded(11);
    let mut store_a = Store::open(&a.path).unwrap();
    let mut store_b = Store::open(&b.path).unwrap();
    let ledger_a = store_a.ledger_id().unwrap();
    publish(&mut store_a, &target(&pg, "county_a"), asked()).unwrap();
    publish(&mut store_b, &target(&pg, "county_b"), asked()).unwrap();
    let refused = publish(&mut store_a, &target(&pg, "county_b"), asked()).unwrap_err();
    assert!(matches!(refused, bangfu::rollup::RollupError::OwnedByOther(ref l) if *l == ledger_a), "{refused:?}");
    let mut b_role = pg.client("county_b", "rollup");
    let insert = b_role.execute(
        "INSERT INTO bangfu.ops (ledger_id, op_id, hlc, table_name, record_id, kind, os_user, host)
         VALUES ($1, 'forged', '0', 'villages', 'x', 'create', 'b', 'b')",
        &[&ledger_a],
    );
    assert!(insert.is_err(), "a row of another county's ledger is refused");
    let changed =
        b_role.execute("UPDATE bangfu.village_periods SET visits_done = 0 WHERE ledger_id = $1", &[&ledger_a]).unwrap();
    assert_eq!(changed, 0, "another county's rows are not even seen");
    let seen: i64 = b_role.query_one("SELECT count(DISTINCT ledger_id) FROM bangfu.ops", &[]).unwrap().get(0);
    assert_eq!(seen, 1);
    let mut city = pg.client("city", "rollup");
    let read: i64 = city.query_one("SELECT count(DISTINCT ledger_id) FROM bangfu.village_periods", &[]).unwrap().get(0);
    assert_eq!(read, 2);
    assert!(city.execute("DELETE FROM bangfu.ops", &[]).is_err(), "a reader writes nothing");
    // Every ID number the server holds, in an op or a record, is masked.
    let numbers: Vec<Option<String>> = city
        .query(
            "SELECT new_value FROM bangfu.ops WHERE table_name = 'members' AND field = 'id_number'
             UNION ALL SELECT new_value::jsonb->>'id_number' FROM bangfu.ops
                 WHERE table_name = 'members' AND kind = 'create'
             UNION ALL SELECT data->>'id_number' FROM bangfu.records WHERE table_name = 'members'",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert!(numbers.iter().flatten().count() > 100, "{numbers:?}");
    for number in numbers.iter().flatten() {
        assert!(number.contains("********"), "{number}");
    }
}

/// A ledger whose villages give no division code cannot be placed in a city or
/// province: the publish says so, and what to do; once a village has its code, the
/// next publish places it and the city reads it.
#[test]
fn a_ledger_without_division_codes_is_told_the_city_cannot_read_it() {
    use bangfu::domain::village::Village;
    let pg = server();
    let fixture = demo_ledger();
    let mut store = Store::open(&fixture.path).unwrap();
    let villages: Vec<Village> = store.all().unwrap();
    let code = villages[0].code.clone();
    store
        .write(|w| {
            for v in &villages {
                w.update(&Village { code: None, ..v.clone() })?;
            }
            Ok(())
        })
        .unwrap();
    drop(store);
    let city_reads =
        || -> i64 { pg.client("city", "rollup").query_one("SELECT count(*) FROM bangfu.ledgers", &[]).unwrap().get(0) };
    let first = run_bangfu(&fixture.path, &["publish", &pg.address("county_a")]);
    let said = String::from_utf8_lossy(&first.stdout);
    assert!(first.status.success() && said.contains("没有统计用区划代码"), "{first:?}");
    assert_eq!(city_reads(), 0);
    let mut store = Store::open(&fixture.path).unwrap();
    let first_village: Village = store.get(&villages[0].id).unwrap().unwrap();
    store.write(|w| w.update(&Village { code, ..first_village }).map(drop)).unwrap();
    drop(store);
    let again = run_bangfu(&fixture.path, &["publish", &pg.address("county_a")]);
    assert!(!String::from_utf8_lossy(&again.stdout).contains("区划代码"), "{again:?}");
    assert_eq!(city_reads(), 1);
}

/// Two counties published; the city's 季通报 ranks them, and each county's townships
/// and villages read exactly as in that county's own bulletin (indicators, score,
/// rank in its own county aside); each county's row is its villages' sum, scored as
/// a county's own report would score it. The command line writes the same.
#[test]
fn a_city_bulletin_ranks_its_counties_as_each_counts_itself() {
    use bangfu::domain::assessment::{INDICATORS, Judged, Period, Tally, bp_text, indicator_bp, score_bp, weights_of};
    use bangfu::domain::vocab::Lang;
    let pg = server();
    let q3 = Period::Quarter { year: 2026, quarter: 3 };
    let counties = [(demo_ledger(), "county_a"), (demo_seeded(11), "county_b")];
    let mut stores = Vec::new();
    for (fixture, role) in &counties {
        let mut store = Store::open(&fixture.path).unwrap();
        publish(&mut store, &target(&pg, role), asked()).unwrap();
        stores.push(store);
    }
    let out = counties[0].0.dir.path().join("市季通报.xlsx");
    let labels = bangfu::ui::Labels::get(Lang::Zh);
    let area = bangfu::rollup::Area::Code("5119".into());
    let counts = bangfu::report::rollup_period_report(&target(&pg, "city"), labels, q3, &area, today(), &out).unwrap();
    assert_eq!(counts.counties, 2);
    let city_towns = sheet_cells(&out, "乡镇排名");
    let city_counties = sheet_cells(&out, "县排名");
    assert_eq!(city_counties.len(), 2 + 2 + 2, "title, header, two counties, signature: {city_counties:?}");
    let all: Vec<_> = INDICATORS.iter().map(|i| (*i, i.default_weight)).collect();
    let weights = weights_of(&all, Judged::Places);
    for (store, (fixture, _)) in stores.iter_mut().zip(&counties) {
        let own = fixture.dir.path().join("本县季通报.xlsx");
        bangfu::report::period_report(store, labels, q3, today(), &own).unwrap();
        // Both demos are of one county's name: each is told by its ledger's id.
        let short: String = store.ledger_id().unwrap().chars().take(8).collect();
        let county = format!("{}（{short}）", store.county_of_ledger().unwrap().0);
        // Each township's figures as the county's own bulletin has them.
        let towns = sheet_cells(&own, "乡镇排名");
        for row in towns.iter().skip(2).filter(|r| !r[1].is_empty() && !r[0].starts_with("填报")) {
            let found = city_towns.iter().find(|r| r[1] == county && r[2] == row[1]);
            let found = found.unwrap_or_else(|| panic!("{county} {} not in {city_towns:?}", row[1]));
            // The indicators and the score (the columns after the names, to 综合得分).
            assert_eq!(found[3..3 + weights.len() + 1], row[2..2 + weights.len() + 1], "{county} {}", row[1]);
        }
        // The county's row: its villages summed, scored by the same rule.
        let mut whole = Tally::default();
        for t in store.period_tallies(q3, today()).unwrap().villages.values() {
            whole.add(t);
        }
        let row = city_counties.iter().find(|r| r.get(1) == Some(&county)).unwrap();
        let shown = |bp: Option<i64>| bp.map(|b| bp_text(b).trim_end_matches('0').trim_end_matches('.').to_string());
        for (i, (indicator, _)) in weights.iter().enumerate() {
            assert_eq!(Some(row[2 + i].clone()), shown(indicator_bp(indicator, &whole)).or(Some(String::new())));
        }
        assert_eq!(Some(row[2 + weights.len()].clone()), shown(score_bp(&whole, &weights)));
    }
    // The command line, as the city's clerk types it.
    let cli_out = counties[0].0.dir.path().join("命令行.xlsx");
    let address = pg.address("city");
    let done = run_bangfu(
        &counties[0].0.path,
        &["report", "quarter", "2026-Q3", cli_out.to_str().unwrap(), "--from", &address, "--city", "5119"],
    );
    assert!(done.status.success(), "{}", String::from_utf8_lossy(&done.stderr));
    assert_eq!(sheet_cells(&cli_out, "县排名")[2..4], city_counties[2..4]);
}

/// The command line as a clerk uses it: the administrator's `--init` with no ledger
/// of their own, a county's publish and its repetition, each said in one sentence; a
/// mistake (another county's account, a server not there) is one sentence too, exit 1,
/// the password never printed.
#[test]
fn publishing_from_the_command_line_says_what_it_did() {
    let pg = Postgres::start();
    let fixture = demo_ledger();
    let nowhere = fixture.dir.path().join("没有这个台账.db");
    let init = run_bangfu(&nowhere, &["publish", &pg.address("admin"), "--init"]);
    assert!(init.status.success(), "{}", String::from_utf8_lossy(&init.stderr));
    let made = format!("第 0 版 → 第 {} 版", bangfu::rollup::SERVER_FORMAT);
    assert!(String::from_utf8_lossy(&init.stdout).contains(&made), "{init:?}");
    pg.client("admin", "rollup")
        .batch_execute(
            "CREATE ROLE county_a LOGIN IN ROLE bangfu_publisher; CREATE ROLE county_b LOGIN IN ROLE bangfu_publisher;",
        )
        .unwrap();
    let first = run_bangfu(&fixture.path, &["publish", &pg.address("county_a")]);
    let said = String::from_utf8_lossy(&first.stdout).to_string();
    assert!(first.status.success() && said.contains("已发布到 postgresql://county_a@"), "{first:?}");
    let again = run_bangfu(&fixture.path, &["publish", &pg.address("county_a")]);
    assert!(String::from_utf8_lossy(&again.stdout).contains("没有要发布的"), "{again:?}");
    let other = run_bangfu(&fixture.path, &["publish", &pg.address("county_b")]);
    let refused = String::from_utf8_lossy(&other.stderr).to_string();
    assert_eq!(other.status.code(), Some(1), "{other:?}");
    assert!(refused.contains("另一个账号发布") && refused.lines().count() == 1, "{refused}");
    let gone = run_bangfu(&fixture.path, &["publish", "postgresql://county_a:s3cret@127.0.0.1:1/rollup"]);
    let text = String::from_utf8_lossy(&gone.stderr).to_string();
    assert_eq!(gone.status.code(), Some(1), "{gone:?}");
    assert!(text.contains("连接不上汇总库") && !text.contains("s3cret") && !text.contains("panicked"), "{text}");
}

/// The city's 月调度 over two counties: each township's figures are its subtotal in
/// that county's own 月调度, each county's row their sum, the total all of them.
#[test]
fn a_city_month_report_sums_each_countys_own() {
    use bangfu::domain::dates::YearMonth;
    use bangfu::domain::vocab::Lang;
    let pg = server();
    let counties = [(demo_ledger(), "county_a"), (demo_seeded(11), "county_b")];
    let labels = bangfu::ui::Labels::get(Lang::Zh);
    let october = YearMonth { year: 2026, month: 10 };
    let out = counties[0].0.dir.path().join("市月调度.xlsx");
    let mut own_reports = Vec::new();
    for (fixture, role) in &counties {
        let mut store = Store::open(&fixture.path).unwrap();
        publish(&mut store, &target(&pg, role), asked()).unwrap();
        let own = fixture.dir.path().join("本县月调度.xlsx");
        bangfu::report::month_report(&mut store, labels, october, today(), &own).unwrap();
        let short: String = store.ledger_id().unwrap().chars().take(8).collect();
        own_reports.push((format!("{}（{short}）", store.county_of_ledger().unwrap().0), sheet_cells(&own, "月调度")));
    }
    let area = bangfu::rollup::Area::Code("5119".into());
    bangfu::report::rollup_month_report(&target(&pg, "city"), labels, october, &area, today(), &out).unwrap();
    let city = sheet_cells(&out, "月调度");
    let figures = |row: &[String]| row[3..].to_vec();
    let mut all_households = 0.0;
    for (county, own) in &own_reports {
        let subtotals: Vec<&Vec<String>> =
            own.iter().filter(|r| r.get(1).map(String::as_str) == Some("小计")).collect();
        assert!(!subtotals.is_empty());
        for sub in subtotals {
            let row = city
                .iter()
                .find(|r| r[0] == *county && r[1] == sub[0])
                .unwrap_or_else(|| panic!("{county} {}", sub[0]));
            assert_eq!(figures(row), figures(sub), "{county} {}", sub[0]);
        }
        let county_row = city.iter().find(|r| r[0] == *county && r[1] == "小计").unwrap();
        let own_villages = own
            .iter()
            .filter(|r| {
                !r[1].is_empty() && r[1] != "小计" && r[0] != "乡镇" && r.len() > 3 && r[3].parse::<f64>().is_ok()
            })
            .count();
        assert_eq!(county_row[2], own_villages.to_string(), "{county}");
        all_households += county_row[3].parse::<f64>().unwrap();
    }
    let total = city.iter().find(|r| r[0] == "合计").unwrap();
    assert_eq!(total[3].parse::<f64>().unwrap(), all_households);
}
