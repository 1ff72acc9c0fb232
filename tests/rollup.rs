//! Beyond one county (issue 25): county ledgers published to a PostgreSQL server the
//! test starts itself; publishing twice sends nothing; a copy merged back converges;
//! one county cannot write another's rows; a city's reports read them together and
//! agree with each county's own.

#![allow(clippy::indexing_slicing)] // tests index what they just built

mod common;

use bangfu::rollup::{PublishAsked, Target, publish};
use bangfu::store::Store;
use common::pg::Postgres;
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

fn server_ops(pg: &Postgres, ledger: &str) -> i64 {
    pg.client("admin", "rollup")
        .query_one("SELECT count(*) FROM bangfu.ops WHERE ledger_id = $1", &[&ledger])
        .unwrap()
        .get(0)
}

/// A county publishes its ledger: every op once, the records, the figures; again, and
/// nothing is sent; a dry run first says the same and writes nothing.
#[test]
fn a_county_publishes_once_and_again_sends_nothing() {
    let pg = server();
    let fixture = demo_ledger();
    let store = Store::open(&fixture.path).unwrap();
    let ledger = store.ledger_id().unwrap();
    let dry = publish(&store, &target(&pg, "county_a"), PublishAsked { dry_run: true, ..asked() }).unwrap();
    assert_eq!(server_ops(&pg, &ledger), 0, "a dry run writes nothing");
    let real = publish(&store, &target(&pg, "county_a"), asked()).unwrap();
    assert_eq!(PublishAsked { dry_run: true, ..asked() }.today, today());
    assert_eq!((dry.ops_new, dry.records, &dry.periods), (real.ops_new, real.records, &real.periods));
    assert_eq!(real.ops_new, store.op_count().unwrap());
    assert_eq!(server_ops(&pg, &ledger), store.op_count().unwrap());
    assert!(real.records > 0 && real.periods == ["2026-Q3", "2026-Q4", "2026"], "{real:?}");
    assert_eq!(real.months, ["2026-10", "2026-11"]);
    let again = publish(&store, &target(&pg, "county_a"), asked()).unwrap();
    assert!(again.sent_nothing(), "{again:?}");
}
