//! Reaching the roll-up database as libpq would: a `postgresql://` address or
//! `key=value` words; what they leave out from `PGHOST`, `PGPORT`, `PGUSER`,
//! `PGDATABASE`; a `service=` (or `PGSERVICE`) from `PGSERVICEFILE` or
//! `~/.pg_service.conf`; the password from the address, `PGPASSWORD` or the password
//! file (`PGPASSFILE`, `~/.pgpass`). Nothing of it is kept in the ledger, and the
//! password is never printed (`Target::shown`). TLS is used when the server offers
//! it (`sslmode=prefer`, libpq's default), without checking its certificate, as libpq
//! does in that mode; `verify-ca` checks the certificate against the root certificate
//! (`sslrootcert`, `PGSSLROOTCERT`, else `~/.postgresql/root.crt`), `verify-full` its
//! host name too.

use super::RollupError;
use super::tls::{Verify, certificate_refused, default_root, tls_config};
use postgres::config::Host;
use std::path::PathBuf;
use std::str::FromStr;

/// Where to publish, or read from.
#[derive(Clone)]
pub struct Target {
    config: postgres::Config,
    /// The server's certificate checked (`sslmode=verify-ca` / `verify-full`).
    verify: Option<Verify>,
}

impl std::fmt::Debug for Target {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.shown())
    }
}

impl Target {
    /// Reads an address as libpq does, filling what it leaves out.
    pub fn parse(text: &str) -> Result<Target, RollupError> {
        let bad = |e: &dyn std::fmt::Display| RollupError::Address(e.to_string());
        let text = with_service(text.trim())?;
        let (text, verify) = verification(&text)?;
        let mut config = postgres::Config::from_str(&text).map_err(|e| bad(&e))?;
        if verify.is_some() {
            // Never in clear, whatever the server offers.
            config.ssl_mode(postgres::config::SslMode::Require);
        }
        fill_from_environment(&mut config);
        if config.get_password().is_none() {
            if let Some(password) = std::env::var("PGPASSWORD").ok().filter(|p| !p.is_empty()) {
                config.password(password);
            } else if let Some(password) = password_file_entry(&config) {
                config.password(password);
            }
        }
        Ok(Target { config, verify })
    }

    /// The address as it may be printed: user, host, port and database, never a password.
    pub fn shown(&self) -> String {
        let host = match self.config.get_hosts().first() {
            Some(Host::Tcp(h)) => h.clone(),
            #[cfg(unix)]
            Some(Host::Unix(p)) => p.display().to_string(),
            None => String::new(),
        };
        let port = self.config.get_ports().first().copied().unwrap_or(5432);
        let user = self.config.get_user().unwrap_or_default();
        let db = self.config.get_dbname().unwrap_or_default();
        format!("postgresql://{user}@{host}:{port}/{db}")
    }

    /// A session on the server.
    pub fn connect(&self) -> Result<postgres::Client, RollupError> {
        let failed = |e: postgres::Error| RollupError::Connect { target: self.shown(), why: e.to_string() };
        // A local socket is never encrypted (libpq does not either).
        #[cfg(unix)]
        if self.config.get_hosts().iter().all(|h| matches!(h, Host::Unix(_))) {
            let mut config = self.config.clone();
            config.ssl_mode(postgres::config::SslMode::Disable);
            return config.connect(postgres::NoTls).map_err(failed);
        }
        let tls = tokio_postgres_rustls::MakeRustlsConnect::new(tls_config(self.verify.as_ref())?);
        self.config.connect(tls).map_err(|e| match certificate_refused(&e) {
            Some(why) => RollupError::Certificate { target: self.shown(), why },
            None => failed(e),
        })
    }
}

/// Takes `sslmode` and `sslrootcert` from the address (or `PGSSLMODE`,
/// `PGSSLROOTCERT`), which the client library reads only in part: the address without
/// them but for a mode it knows, and how the certificate is to be checked. As in
/// libpq, `require` with a root certificate at hand checks it as `verify-ca` does.
fn verification(text: &str) -> Result<(String, Option<Verify>), RollupError> {
    let (mut kept, mut mode, mut root) = (Vec::new(), None, None);
    let is_url = text.contains("://");
    let (base, settings) = if is_url { text.split_once('?').unwrap_or((text, "")) } else { ("", text) };
    let separator = if is_url { '&' } else { ' ' };
    for setting in settings.split(separator).filter(|s| !s.is_empty()) {
        match setting.split_once('=') {
            Some(("sslmode", value)) => mode = Some(percent_decoded(value)),
            Some(("sslrootcert", value)) => root = Some(percent_decoded(value)),
            _ => kept.push(setting),
        }
    }
    let env = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
    let mode = mode.or_else(|| env("PGSSLMODE")).unwrap_or_else(|| "prefer".to_string());
    let root = root.or_else(|| env("PGSSLROOTCERT")).map(PathBuf::from);
    let verify = match mode.as_str() {
        "verify-full" | "verify-ca" => Some(Verify {
            host_name: mode == "verify-full",
            root: root.or_else(default_root).ok_or_else(|| RollupError::RootCert {
                path: "~/.postgresql/root.crt".into(),
                why: "no home folder".into(),
            })?,
        }),
        "require" => root.or_else(default_root).filter(|r| r.exists()).map(|root| Verify { host_name: false, root }),
        _ => None,
    };
    if verify.is_none() {
        kept.push(match mode.as_str() {
            // (libpq's `allow` tries without TLS first: taken as `prefer`, which encrypts.)
            "prefer" | "allow" => "sslmode=prefer",
            "require" => "sslmode=require",
            "disable" => "sslmode=disable",
            _ => return Err(RollupError::Address(format!("sslmode={mode}"))),
        });
    }
    let kept = kept.join(&separator.to_string());
    Ok((if is_url { format!("{base}?{kept}") } else { kept }, verify))
}

/// A value of an address's query, its `%XX` escapes read.
fn percent_decoded(value: &str) -> String {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let hex = bytes.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok());
        match (b, hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(decoded)) => {
                out.push(decoded);
                i += 3;
            }
            _ => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `service=NAME` (or `PGSERVICE`): the service's settings, under those written.
fn with_service(text: &str) -> Result<String, RollupError> {
    let is_words = !text.contains("://");
    let named = is_words
        .then(|| text.split_whitespace().find_map(|w| w.strip_prefix("service=").map(str::to_string)))
        .flatten()
        .or_else(|| std::env::var("PGSERVICE").ok().filter(|s| !s.is_empty()));
    let Some(service) = named else { return Ok(text.to_string()) };
    let files = [std::env::var_os("PGSERVICEFILE").map(PathBuf::from), home().map(|h| h.join(".pg_service.conf"))];
    let settings = files.into_iter().flatten().find_map(|f| service_settings(&f, &service));
    let Some(settings) = settings else { return Err(RollupError::NoService(service)) };
    if !is_words {
        // An address keeps its own settings; the service only fills the rest.
        return Ok(text.to_string());
    }
    let written: Vec<&str> = text.split_whitespace().filter(|w| !w.starts_with("service=")).collect();
    let given = |key: &str| written.iter().any(|w| w.starts_with(&format!("{key}=")));
    let mut words: Vec<String> =
        settings.into_iter().filter(|(k, _)| !given(k)).map(|(k, v)| format!("{k}={v}")).collect();
    words.extend(written.iter().map(|w| w.to_string()));
    Ok(words.join(" "))
}

/// The settings of `[service]` in a service file.
fn service_settings(file: &std::path::Path, service: &str) -> Option<Vec<(String, String)>> {
    let text = std::fs::read_to_string(file).ok()?;
    let mut inside = false;
    let mut found = None;
    for line in text.lines().map(str::trim).filter(|l| !l.is_empty() && !l.starts_with('#')) {
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            inside = name == service;
            if inside {
                found = Some(Vec::new());
            }
        } else if let (true, Some((k, v)), Some(list)) = (inside, line.split_once('='), found.as_mut()) {
            list.push((k.trim().to_string(), v.trim().to_string()));
        }
    }
    found
}

/// What the address leaves out, from the environment, else libpq's defaults.
fn fill_from_environment(config: &mut postgres::Config) {
    let env = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
    if config.get_hosts().is_empty() {
        match env("PGHOST") {
            Some(host) => {
                config.host(&host);
            }
            #[cfg(unix)]
            None => {
                config.host_path("/var/run/postgresql");
            }
            #[cfg(not(unix))]
            None => {
                config.host("localhost");
            }
        }
    }
    if config.get_ports().is_empty()
        && let Some(port) = env("PGPORT").and_then(|p| p.parse::<u16>().ok())
    {
        config.port(port);
    }
    if config.get_user().is_none() {
        let user = env("PGUSER").or_else(|| env("USER")).or_else(|| env("USERNAME")).unwrap_or_default();
        config.user(&user);
    }
    if config.get_dbname().is_none()
        && let Some(db) = env("PGDATABASE").or_else(|| config.get_user().map(str::to_string))
    {
        config.dbname(&db);
    }
}

/// The password file's line for this host, port, database and user (`*` matches any;
/// a socket connection is `localhost`), as libpq reads it.
fn password_file_entry(config: &postgres::Config) -> Option<String> {
    let file = std::env::var_os("PGPASSFILE").map(PathBuf::from).or_else(|| home().map(|h| h.join(".pgpass")))?;
    let text = std::fs::read_to_string(file).ok()?;
    let host = match config.get_hosts().first() {
        Some(Host::Tcp(h)) => h.clone(),
        _ => "localhost".to_string(),
    };
    let port = config.get_ports().first().copied().unwrap_or(5432).to_string();
    let wanted = [host.as_str(), port.as_str(), config.get_dbname()?, config.get_user()?];
    text.lines().filter(|l| !l.trim_start().starts_with('#')).find_map(|line| {
        let fields = split_pgpass(line);
        let [h, p, d, u, password] = fields.as_slice() else { return None };
        let matches = [h, p, d, u].iter().zip(wanted).all(|(field, want)| *field == "*" || field.as_str() == want);
        matches.then(|| password.clone())
    })
}

/// A password file's line split at unescaped colons (`\:` and `\\` are literal).
fn split_pgpass(line: &str) -> Vec<String> {
    let mut fields = vec![String::new()];
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => fields.last_mut().into_iter().for_each(|f| f.extend(chars.next())),
            ':' => fields.push(String::new()),
            c => fields.last_mut().into_iter().for_each(|f| f.push(c)),
        }
    }
    fields
}

fn home() -> Option<PathBuf> {
    directories::BaseDirs::new().map(|d| d.home_dir().to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_password_file_line_is_split_at_unescaped_colons() {
        assert_eq!(split_pgpass(r"db.example:5432:*:county\:a:p\\w"), ["db.example", "5432", "*", "county:a", r"p\w"]);
    }

    #[test]
    fn the_printed_address_never_holds_the_password() {
        let t = Target::parse("postgresql://county_a:s3cret@db.example:5433/rollup").unwrap();
        assert_eq!(t.shown(), "postgresql://county_a@db.example:5433/rollup");
        assert!(!format!("{t:?}").contains("s3cret"));
    }

    #[test]
    fn the_certificate_settings_are_taken_from_the_address() {
        let (words, verify) = verification("host=db.example sslmode=verify-full sslrootcert=/etc/省/root.crt").unwrap();
        assert_eq!(words, "host=db.example");
        assert_eq!(verify, Some(Verify { host_name: true, root: "/etc/省/root.crt".into() }));
        let url =
            "postgresql://a@db.example/rollup?application_name=x&sslmode=verify-ca&sslrootcert=%2Fsrv%2Fca%20file.crt";
        let (address, verify) = verification(url).unwrap();
        assert_eq!(address, "postgresql://a@db.example/rollup?application_name=x");
        assert_eq!(verify, Some(Verify { host_name: false, root: "/srv/ca file.crt".into() }));
        let (address, verify) = verification("postgresql://a@db.example/rollup?sslmode=disable").unwrap();
        assert_eq!((address.as_str(), verify), ("postgresql://a@db.example/rollup?sslmode=disable", None));
        assert!(matches!(verification("host=x sslmode=sometimes"), Err(RollupError::Address(_))));
        assert!(Target::parse("host=x sslmode=verify-full sslrootcert=/r.crt").is_ok());
    }

    #[test]
    fn a_service_fills_what_the_words_leave_out() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("services");
        std::fs::write(&file, "# comment\n[city]\nhost=10.0.0.5\nport=6543\ndbname=rollup\n[other]\nhost=x\n").unwrap();
        let settings = service_settings(&file, "city").unwrap();
        assert_eq!(settings.len(), 3);
        assert!(service_settings(&file, "none").is_none());
    }
}
