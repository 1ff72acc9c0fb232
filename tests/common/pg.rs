//! A PostgreSQL server of the test's own: a cluster made by `initdb` in a temporary
//! folder, started by `pg_ctl` on a socket in that folder (no TCP port to collide
//! with another test's), as the `postgres` user when the tests run as root (the
//! server refuses to run as root), stopped when dropped. Needs only Debian's
//! `postgresql` package (`.ci/run` installs it).

use std::path::{Path, PathBuf};
use std::process::Command;

pub struct Postgres {
    dir: tempfile::TempDir,
    bin: PathBuf,
    as_user: Option<&'static str>,
}

/// The server's programs: Debian's newest under /usr/lib/postgresql, else on PATH.
fn bin_dir() -> PathBuf {
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| Some((e.file_name().to_str()?.parse::<u32>().ok()?, e.path().join("bin"))))
        .filter(|(_, bin)| bin.join("initdb").exists())
        .collect();
    versions.sort();
    match versions.pop() {
        Some((_, bin)) => bin,
        None => {
            let found = Command::new("sh").args(["-c", "command -v initdb"]).output().ok();
            let path = found.map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string()).unwrap_or_default();
            assert!(
                !path.is_empty(),
                "the roll-up tests start their own PostgreSQL: install Debian's package `postgresql` (.ci/run does)"
            );
            Path::new(&path).parent().map(Path::to_path_buf).unwrap_or_default()
        }
    }
}

fn is_root() -> bool {
    Command::new("id").arg("-u").output().is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

impl Postgres {
    /// A new cluster, started; its superuser is `admin`, every local login trusted.
    pub fn start() -> Postgres {
        let dir = tempfile::Builder::new().prefix("bangfu-pg").tempdir().unwrap();
        let as_user = is_root().then_some("postgres");
        if let Some(user) = as_user {
            let status = Command::new("chown").args(["-R", &format!("{user}:"), dir.path().to_str().unwrap()]).status();
            assert!(status.is_ok_and(|s| s.success()), "chown the cluster's folder to {user}");
        }
        let pg = Postgres { dir, bin: bin_dir(), as_user };
        let data = pg.data();
        pg.run("initdb", &["-D", &data, "-U", "admin", "--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C"]);
        let options = format!("-k {} -c listen_addresses='' -c fsync=off -c full_page_writes=off", pg.socket());
        let log = format!("{}/log", pg.dir.path().display());
        pg.run("pg_ctl", &["-D", &data, "-l", &log, "-o", &options, "-w", "start"]);
        let mut admin = pg.client("admin", "postgres");
        admin.batch_execute("CREATE DATABASE rollup").unwrap();
        pg
    }

    fn data(&self) -> String {
        format!("{}/data", self.dir.path().display())
    }

    /// The folder of the server's socket.
    pub fn socket(&self) -> String {
        self.dir.path().display().to_string()
    }

    fn run(&self, program: &str, args: &[&str]) {
        let program = self.bin.join(program);
        let output = match self.as_user {
            Some(user) => Command::new("runuser").args(["-u", user, "--"]).arg(&program).args(args).output(),
            None => Command::new(&program).args(args).output(),
        }
        .unwrap_or_else(|e| panic!("{}: {e}", program.display()));
        assert!(
            output.status.success(),
            "{} failed: {}{}",
            program.display(),
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
    }

    /// The address a role uses to reach the roll-up database (as `bangfu publish` takes it).
    pub fn address(&self, user: &str) -> String {
        format!("host={} port=5432 user={user} dbname=rollup", self.socket())
    }

    /// A session as `user` on `db`.
    pub fn client(&self, user: &str, db: &str) -> postgres::Client {
        let text = format!("host={} port=5432 user={user} dbname={db}", self.socket());
        postgres::Client::connect(&text, postgres::NoTls).unwrap()
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        let data = self.data();
        let program = self.bin.join("pg_ctl");
        let args = ["-D", data.as_str(), "-m", "immediate", "stop"];
        let _ = match self.as_user {
            Some(user) => Command::new("runuser").args(["-u", user, "--"]).arg(&program).args(args).output(),
            None => Command::new(&program).args(args).output(),
        };
    }
}
