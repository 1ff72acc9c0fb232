//! Reaching the roll-up database as a county does over a network (issue 25, item 3):
//! TLS when the server offers it, the server's certificate checked under
//! `verify-ca` / `verify-full`, the password from where libpq keeps it and never
//! printed — each against a PostgreSQL server the test starts itself.

#![allow(clippy::indexing_slicing)] // tests index what they just built

mod common;

use bangfu::rollup::{PublishAsked, Target, publish};
use bangfu::store::Store;
use common::pg::Postgres;
use common::*;

fn asked() -> PublishAsked {
    PublishAsked { dry_run: false, reveal: false, today: today() }
}

/// A server offering TLS is reached encrypted (libpq's `prefer`, the default), and in
/// the clear only when asked (`sslmode=disable`); its own certificate, unchecked, as
/// libpq does under those modes.
#[test]
fn a_server_offering_tls_is_reached_encrypted() {
    let pg = Postgres::start_with_tls();
    let port = pg.tcp_port.unwrap();
    let encrypted = |extra: &str| -> bool {
        let target = Target::parse(&format!("host=127.0.0.1 port={port} user=admin dbname=rollup {extra}")).unwrap();
        let mut client = target.connect().unwrap();
        client.query_one("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()", &[]).unwrap().get(0)
    };
    assert!(encrypted(""), "prefer: encrypted when offered");
    assert!(encrypted("sslmode=require"));
    assert!(!encrypted("sslmode=disable"));
    // And publishing over it works as over the socket.
    let mut admin =
        Target::parse(&format!("host=127.0.0.1 port={port} user=admin dbname=rollup")).unwrap().connect().unwrap();
    bangfu::rollup::init(&mut admin).unwrap();
    let fixture = demo_ledger();
    let mut store = Store::open(&fixture.path).unwrap();
    let over_tls = Target::parse(&format!("postgresql://admin@127.0.0.1:{port}/rollup")).unwrap();
    let report = publish(&mut store, &over_tls, asked()).unwrap();
    assert_eq!(report.ops_new, store.op_count().unwrap());
}

/// Under `verify-full` the server's certificate is checked against the root
/// certificate and for the host's name; under `verify-ca` the root only; `require`
/// with a root certificate named checks it as `verify-ca` does (libpq's rules). A
/// certificate refused, or a root file missing, is one sentence saying what to do.
#[test]
fn the_servers_certificate_is_checked_under_verify_modes() {
    use bangfu::rollup::RollupError;
    let pg = Postgres::start_with_tls();
    let port = pg.tcp_port.unwrap();
    let (root, other) = (pg.certificate("root.crt"), pg.certificate("other.crt"));
    let reach = |host: &str, settings: &str| -> Result<bool, RollupError> {
        let target = Target::parse(&format!("host={host} port={port} user=admin dbname=rollup {settings}"))?;
        let mut client = target.connect()?;
        Ok(client.query_one("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()", &[])?.get(0))
    };
    let refused = |r: Result<bool, RollupError>| matches!(r, Err(RollupError::Certificate { .. }));
    assert!(reach("localhost", &format!("sslmode=verify-full sslrootcert={root}")).unwrap());
    // The certificate names localhost, not 127.0.0.1: the name is checked only in full.
    let by_address = reach("127.0.0.1", &format!("sslmode=verify-full sslrootcert={root}"));
    assert!(refused(by_address), "the certificate does not name 127.0.0.1");
    assert!(reach("127.0.0.1", &format!("sslmode=verify-ca sslrootcert={root}")).unwrap());
    assert!(refused(reach("localhost", &format!("sslmode=verify-ca sslrootcert={other}"))), "another root");
    assert!(refused(reach("localhost", &format!("sslmode=require sslrootcert={other}"))), "require with a root");
    let missing = reach("localhost", "sslmode=verify-full sslrootcert=/nonexistent/root.crt");
    assert!(matches!(missing, Err(RollupError::RootCert { .. })), "{missing:?}");
    // The address as a URL, and the command line's sentence for a refused certificate.
    let url = format!("postgresql://admin@localhost:{port}/rollup?sslmode=verify-full&sslrootcert={root}");
    bangfu::rollup::init(&mut Target::parse(&url).unwrap().connect().unwrap()).unwrap();
    let fixture = demo_ledger();
    let wrong = format!("postgresql://admin@localhost:{port}/rollup?sslmode=verify-full&sslrootcert={other}");
    let said = run_bangfu(&fixture.path, &["publish", &wrong]);
    let text = String::from_utf8_lossy(&said.stderr);
    assert_eq!(said.status.code(), Some(1), "{said:?}");
    assert!(text.contains("证书没有通过核验") && text.lines().count() == 1, "{text}");
    let published = run_bangfu(&fixture.path, &["publish", &url]);
    assert!(published.status.success(), "{published:?}");
}

/// On a server asking for passwords, the password comes from where libpq keeps it —
/// the password file (`PGPASSFILE`), or `PGPASSWORD` — never from the ledger; a wrong
/// one is one sentence, the password not in it. `--reveal` sends ID numbers whole and
/// the server records that it did.
#[test]
fn the_password_comes_from_the_password_file_or_the_environment() {
    let pg = Postgres::start_with_passwords();
    let port = pg.tcp_port.unwrap();
    let mut admin = pg.client("admin", "rollup");
    bangfu::rollup::init(&mut admin).unwrap();
    admin.batch_execute("CREATE ROLE county_a LOGIN PASSWORD 'chá-2026' IN ROLE bangfu_publisher").unwrap();
    let fixture = demo_ledger();
    let passfile = fixture.dir.path().join("pgpass");
    std::fs::write(&passfile, format!("# the county's\n127.0.0.1:{port}:rollup:county_a:chá-2026\n")).unwrap();
    let address = format!("host=127.0.0.1 port={port} user=county_a dbname=rollup");
    let bangfu = |env: &[(&str, &str)], extra: &[&str]| {
        let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_bangfu"));
        command.args(["--db", fixture.path.to_str().unwrap(), "publish", &address]).args(extra);
        command.env_remove("PGPASSWORD").env("PGPASSFILE", "/nonexistent").env("BANGFU_LANG", "zh");
        for (k, v) in env {
            command.env(k, v);
        }
        command.output().unwrap()
    };
    let refused = bangfu(&[], &[]);
    let said = String::from_utf8_lossy(&refused.stderr).to_string();
    assert_eq!(refused.status.code(), Some(1), "{refused:?}");
    assert!(said.contains("连接不上汇总库") && said.lines().count() == 1, "{said}");
    let wrong = bangfu(&[("PGPASSWORD", "wrong-secret")], &[]);
    let said = String::from_utf8_lossy(&wrong.stderr).to_string();
    assert!(wrong.status.code() == Some(1) && !said.contains("wrong-secret"), "{said}");
    let from_file = bangfu(&[("PGPASSFILE", passfile.to_str().unwrap())], &["--dry-run"]);
    assert!(from_file.status.success(), "{from_file:?}");
    let from_env = bangfu(&[("PGPASSWORD", "chá-2026")], &["--reveal"]);
    assert!(from_env.status.success(), "{from_env:?}");
    let revealed: bool = admin.query_one("SELECT ids_revealed FROM bangfu.ledgers", &[]).unwrap().get(0);
    assert!(revealed);
    let whole: i64 = admin
        .query_one(
            "SELECT count(*) FROM bangfu.ops WHERE table_name = 'members' AND kind = 'create'
             AND new_value::jsonb->>'id_number' ~ '^[0-9]{17}[0-9X]$'",
            &[],
        )
        .unwrap()
        .get(0);
    assert!(whole > 100, "{whole}");
}
