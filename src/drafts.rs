//! An open form's unsaved input, kept in a file when a session ends abruptly (the SSH
//! link drops, the window is closed) and offered again when the ledger is next opened.
//!
//! Each session writes its own file, named by the ledger and the session's process,
//! so two sessions of one user on one ledger never overwrite each other's input. A
//! new session takes over the newest file of a session that has ended (never one of
//! a session still running) and removes it. Drafts may hold ID numbers: they live in
//! the user's own data directory, in a folder only its owner can open, never beside a
//! ledger that others on a county server can read.

use crate::app::SavedDraft;
use std::io;
use std::path::{Path, PathBuf};

/// Where one session keeps its draft, and where it looks for one left over.
#[derive(Debug, Clone)]
pub struct DraftFiles {
    dir: PathBuf,
    /// Names the ledger: a hash of its canonical path.
    ledger_key: String,
    session: u32,
}

impl DraftFiles {
    /// The drafts of `ledger` in the per-user data directory, for this process.
    pub fn for_ledger(ledger: &Path) -> Option<DraftFiles> {
        let dirs = directories::ProjectDirs::from("cn", "bangfu", "bangfu")?;
        Some(DraftFiles::in_dir(&dirs.data_dir().join("drafts"), ledger, std::process::id()))
    }

    pub fn in_dir(dir: &Path, ledger: &Path, session: u32) -> DraftFiles {
        let canonical = std::fs::canonicalize(ledger).unwrap_or_else(|_| ledger.to_path_buf());
        let hash = crate::domain::fingerprint::fnv1a64(&canonical.to_string_lossy());
        DraftFiles { dir: dir.to_path_buf(), ledger_key: format!("{hash:016x}"), session }
    }

    /// This session's file.
    pub fn session_file(&self) -> PathBuf {
        self.dir.join(format!("{}-{}.json", self.ledger_key, self.session))
    }

    /// Writes this session's draft (or removes the file when there is none).
    pub fn keep(&self, draft: Option<&SavedDraft>) -> io::Result<()> {
        let file = self.session_file();
        match draft {
            Some(d) => {
                create_private_dir(&self.dir)?;
                write_private(&file, &serde_json::to_string(d).unwrap_or_default())
            }
            None => match std::fs::remove_file(&file) {
                Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
                _ => Ok(()),
            },
        }
    }

    /// The newest draft an ended session of this ledger left, removed from the folder
    /// so no other session offers it too. Files of running sessions are left alone.
    pub fn take_left_over(&self) -> Option<SavedDraft> {
        let mut candidates: Vec<(std::time::SystemTime, PathBuf)> = std::fs::read_dir(&self.dir)
            .ok()?
            .flatten()
            .filter_map(|entry| {
                let name = entry.file_name().to_string_lossy().to_string();
                let session = self.session_of(&name)?;
                if session.is_some_and(|s| s == self.session || session_running(s)) {
                    return None;
                }
                Some((entry.metadata().ok()?.modified().ok()?, entry.path()))
            })
            .collect();
        candidates.sort();
        let (_, newest) = candidates.pop()?;
        let draft = std::fs::read_to_string(&newest).ok().and_then(|text| serde_json::from_str(&text).ok());
        let _ = std::fs::remove_file(&newest);
        draft
    }

    /// `Some(session)` for `KEY-PID.json`, `Some(None)` for the one-file-per-ledger
    /// name earlier versions wrote (`KEY.json`), `None` for another ledger's file.
    fn session_of(&self, name: &str) -> Option<Option<u32>> {
        let rest = name.strip_prefix(&self.ledger_key)?.strip_suffix(".json")?;
        match rest.strip_prefix('-') {
            Some(pid) => pid.parse().ok().map(Some),
            None if rest.is_empty() => Some(None),
            None => None,
        }
    }
}

/// Whether the process that wrote a draft is still running (on Linux, where /proc
/// says so — a process that has ended but not yet been reaped by its parent is not;
/// elsewhere any other session's draft is taken over).
fn session_running(pid: u32) -> bool {
    if !cfg!(target_os = "linux") {
        return false;
    }
    let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else { return false };
    // `pid (name) STATE …`: the name may hold spaces, so the state follows the last ')'.
    let state = stat.rsplit_once(')').and_then(|(_, rest)| rest.trim_start().chars().next());
    !matches!(state, Some('Z' | 'X') | None)
}

/// A folder only its owner can open (on Windows a folder in the user's profile
/// already is).
pub fn create_private_dir(dir: &Path) -> io::Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

fn write_private(file: &Path, text: &str) -> io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    io::Write::write_all(&mut options.open(file)?, text.as_bytes())
}
