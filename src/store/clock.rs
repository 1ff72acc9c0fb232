//! Time, identity and authorship of every change.
//!
//! The hybrid logical clock keeps ops of one file in a total order even when the
//! wall clocks of two laptops disagree: it never goes backwards past the newest
//! op already in the file.

use chrono::{DateTime, Utc};
use uuid::Uuid;

/// Where "now" comes from: the system, or (for reproducible demo files and tests)
/// a counter that starts at a fixed instant and advances a fixed step per reading.
#[derive(Debug, Clone)]
pub enum TimeSource {
    System,
    Fixed { next_ms: i64, step_ms: i64, rng: u64 },
}

impl TimeSource {
    pub fn fixed(start_ms: i64, seed: u64) -> Self {
        TimeSource::Fixed { next_ms: start_ms, step_ms: 1, rng: seed ^ 0x9E37_79B9_7F4A_7C15 }
    }

    fn now_ms(&mut self) -> i64 {
        match self {
            TimeSource::System => Utc::now().timestamp_millis(),
            TimeSource::Fixed { next_ms, step_ms, .. } => {
                let now = *next_ms;
                *next_ms += *step_ms;
                now
            }
        }
    }

    /// A new UUIDv7: time-ordered, and unique across copies of the file.
    pub fn new_id(&mut self) -> String {
        let ms = self.now_ms().max(0) as u64;
        let random = match self {
            TimeSource::System => *Uuid::new_v4().as_bytes(),
            TimeSource::Fixed { rng, .. } => {
                let a = splitmix(rng).to_le_bytes();
                let b = splitmix(rng).to_le_bytes();
                let mut out = [0u8; 16];
                out[..8].copy_from_slice(&a);
                out[8..].copy_from_slice(&b);
                out
            }
        };
        let mut tail = [0u8; 10];
        tail.copy_from_slice(&random[..10]);
        uuid::Builder::from_unix_timestamp_millis(ms, &tail).into_uuid().to_string()
    }
}

fn splitmix(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Hybrid logical clock: physical milliseconds plus a counter, written as a
/// fixed-width string so that text order is time order.
#[derive(Debug, Clone)]
pub(super) struct Hlc {
    pub source: TimeSource,
    last_ms: i64,
    counter: u32,
}

impl Hlc {
    pub(super) fn new(source: TimeSource) -> Self {
        Hlc { source, last_ms: 0, counter: 0 }
    }

    /// Moves the clock past an observed timestamp (the newest op in the file).
    pub(super) fn observe(&mut self, stamp: &str) {
        if let Some((ms, counter)) = parse_stamp(stamp)
            && (ms, counter) > (self.last_ms, self.counter)
        {
            self.last_ms = ms;
            self.counter = counter;
        }
    }

    /// The next timestamp, and the wall-clock instant it stands for.
    pub(super) fn tick(&mut self) -> (String, DateTime<Utc>) {
        let now = self.source.now_ms();
        if now > self.last_ms {
            self.last_ms = now;
            self.counter = 0;
        } else {
            self.counter += 1;
        }
        let wall = DateTime::from_timestamp_millis(self.last_ms).unwrap_or_default();
        (format!("{:015}-{:05}", self.last_ms, self.counter), wall)
    }
}

/// The wall-clock instant a hybrid-clock stamp stands for (to show when a change was made).
pub fn stamp_time(stamp: &str) -> Option<DateTime<Utc>> {
    DateTime::from_timestamp_millis(parse_stamp(stamp)?.0)
}

fn parse_stamp(stamp: &str) -> Option<(i64, u32)> {
    let (ms, counter) = stamp.split_once('-')?;
    Some((ms.parse().ok()?, counter.parse().ok()?))
}

/// Who makes the changes: the operating-system user and host.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub user: String,
    pub host: String,
}

impl Actor {
    pub fn current() -> Actor {
        let user = ["USER", "LOGNAME", "USERNAME"]
            .iter()
            .find_map(|k| std::env::var(k).ok().filter(|v| !v.is_empty()))
            .or_else(login_name)
            .unwrap_or_else(|| "unknown".into());
        Actor { user, host: host_name() }
    }
}

/// The account name of the running process, when the environment does not say
/// (services, `su`, some SSH setups).
#[cfg(unix)]
fn login_name() -> Option<String> {
    let uid = unsafe { libc::getuid() };
    let passwd = std::fs::read_to_string("/etc/passwd").ok()?;
    passwd.lines().find_map(|line| {
        let mut parts = line.split(':');
        let name = parts.next()?;
        let id: u32 = parts.nth(1)?.parse().ok()?;
        (id == uid).then(|| name.to_string())
    })
}

#[cfg(not(unix))]
fn login_name() -> Option<String> {
    None
}

fn host_name() -> String {
    if let Ok(name) = std::env::var("HOSTNAME")
        && !name.is_empty()
    {
        return name;
    }
    std::fs::read_to_string("/etc/hostname")
        .map(|s| s.trim().to_string())
        .ok()
        .filter(|s| !s.is_empty())
        .or_else(|| std::env::var("COMPUTERNAME").ok())
        .unwrap_or_else(|| "localhost".into())
}

pub(super) fn iso_utc(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hlc_never_goes_back() {
        let mut hlc = Hlc::new(TimeSource::fixed(1_000, 1));
        hlc.observe("000000000005000-00003");
        let (a, _) = hlc.tick();
        let (b, _) = hlc.tick();
        assert_eq!(a, "000000000005000-00004");
        assert!(b > a);
    }

    #[test]
    fn fixed_source_gives_the_same_ids() {
        let mut a = TimeSource::fixed(1_700_000_000_000, 7);
        let mut b = TimeSource::fixed(1_700_000_000_000, 7);
        assert_eq!(a.new_id(), b.new_id());
        assert_ne!(a.new_id(), TimeSource::fixed(1_700_000_000_000, 8).new_id());
    }
}
