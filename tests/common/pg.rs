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
    /// The TCP port on 127.0.0.1, for a server offering TLS (none: the socket only).
    pub tcp_port: Option<u16>,
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

/// A root certificate of the test's own (`root.crt`) and the server's certificate
/// signed by it for the name `localhost` only (`server.crt`, `server.key`), as a
/// province's administrator would make them; and another root (`other.crt`) that
/// signed nothing of this server's.
fn make_certificates(folder: &str) {
    let openssl = |args: &[&str]| {
        let made = Command::new("openssl").args(args).current_dir(folder).output().unwrap();
        assert!(made.status.success(), "openssl {args:?}: {}", String::from_utf8_lossy(&made.stderr));
    };
    for (name, subject) in [("root", "/CN=bangfu test root"), ("other", "/CN=another root")] {
        let (key, crt) = (format!("{name}.key"), format!("{name}.crt"));
        openssl(&["req", "-new", "-x509", "-days", "2", "-nodes", "-subj", subject, "-keyout", &key, "-out", &crt]);
    }
    openssl(&["req", "-new", "-nodes", "-subj", "/CN=localhost", "-keyout", "server.key", "-out", "server.csr"]);
    std::fs::write(format!("{folder}/server.ext"), "subjectAltName = DNS:localhost\n").unwrap();
    openssl(&[
        "x509",
        "-req",
        "-in",
        "server.csr",
        "-CA",
        "root.crt",
        "-CAkey",
        "root.key",
        "-CAcreateserial",
        "-days",
        "2",
        "-extfile",
        "server.ext",
        "-out",
        "server.crt",
    ]);
    Command::new("chmod").args(["600", &format!("{folder}/server.key")]).status().unwrap();
}

fn is_root() -> bool {
    Command::new("id").arg("-u").output().is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

impl Postgres {
    /// A new cluster, started; its superuser is `admin`, every local login trusted.
    pub fn start() -> Postgres {
        Postgres::start_with(false)
    }

    /// A new cluster that also listens on 127.0.0.1 and offers TLS, with a certificate
    /// of its own (self-signed, made by `openssl`).
    pub fn start_with_tls() -> Postgres {
        Postgres::start_with(true)
    }

    /// Like `start_with_tls`, where a login over TCP needs its password (SCRAM), as on
    /// a real server; the socket still trusts its local users.
    pub fn start_with_passwords() -> Postgres {
        let pg = Postgres::start_with(true);
        let hba = format!("{}/pg_hba.conf", pg.data());
        let trusting = std::fs::read_to_string(&hba).unwrap();
        let asking: String = trusting
            .lines()
            .map(|l| if l.starts_with("host") { l.replace("trust", "scram-sha-256") } else { l.to_string() })
            .collect::<Vec<_>>()
            .join("\n");
        std::fs::write(&hba, asking + "\n").unwrap();
        pg.client("admin", "postgres").batch_execute("SELECT pg_reload_conf()").unwrap();
        pg
    }

    fn start_with(tls: bool) -> Postgres {
        let dir = tempfile::Builder::new().prefix("bangfu-pg").tempdir().unwrap();
        let as_user = is_root().then_some("postgres");
        let tcp_port = tls.then(|| std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port());
        let mut pg = Postgres { dir, bin: bin_dir(), as_user, tcp_port: None };
        let folder = pg.dir.path().display().to_string();
        if tls {
            make_certificates(&folder);
        }
        if let Some(user) = as_user {
            let status = Command::new("chown").args(["-R", &format!("{user}:"), &folder]).status();
            assert!(status.is_ok_and(|s| s.success()), "chown the cluster's folder to {user}");
        }
        let data = pg.data();
        pg.run("initdb", &["-D", &data, "-U", "admin", "--auth=trust", "--no-sync", "-E", "UTF8", "--locale=C"]);
        let listen = match tcp_port {
            Some(port) => format!(
                "-c listen_addresses=127.0.0.1 -p {port} -c ssl=on -c ssl_cert_file={folder}/server.crt \
                 -c ssl_key_file={folder}/server.key"
            ),
            None => "-c listen_addresses=''".to_string(),
        };
        pg.tcp_port = tcp_port;
        let options = format!("-k {} {listen} -c fsync=off -c full_page_writes=off", pg.socket());
        let log = format!("{}/log", pg.dir.path().display());
        pg.run("pg_ctl", &["-D", &data, "-l", &log, "-o", &options, "-w", "start"]);
        let mut admin = pg.client("admin", "postgres");
        admin.batch_execute("CREATE DATABASE rollup").unwrap();
        pg
    }

    fn data(&self) -> String {
        format!("{}/data", self.dir.path().display())
    }

    /// A certificate file the TLS server made (`root.crt`, `other.crt`).
    pub fn certificate(&self, name: &str) -> String {
        format!("{}/{name}", self.dir.path().display())
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
        format!("host={} port={} user={user} dbname=rollup", self.socket(), self.port())
    }

    /// The port the server's socket is named by (its TCP port, where it has one).
    fn port(&self) -> u16 {
        self.tcp_port.unwrap_or(5432)
    }

    /// A session as `user` on `db`.
    pub fn client(&self, user: &str, db: &str) -> postgres::Client {
        let text = format!("host={} port={} user={user} dbname={db}", self.socket(), self.port());
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
