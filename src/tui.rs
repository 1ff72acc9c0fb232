//! The terminal session: set up, draw, read keys (blocking: no CPU while idle),
//! and always give the terminal back — on quit, panic, Ctrl-C, SIGHUP and SIGTERM.
//! An open form's unsaved input is kept as a draft and offered again next time.

use crate::app::{App, DraftSlot, SavedDraft};
use crossterm::event::{self, DisableBracketedPaste, EnableBracketedPaste, Event};
use crossterm::execute;
use crossterm::terminal::{EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// How long a status message stays before it is cleared without a key.
const STATUS_SECONDS: u64 = 6;

pub fn restore_terminal() {
    let _ = disable_raw_mode();
    let _ = execute!(io::stdout(), DisableBracketedPaste, LeaveAlternateScreen, crossterm::cursor::Show);
}

pub fn run(mut app: App) -> io::Result<()> {
    crate::ui::theme::init_from_env();
    let draft_file = draft_path(app.store.path());
    if let Some(saved) = draft_file.as_deref().and_then(read_draft) {
        app.resume_draft(saved);
        if let Some(p) = &draft_file {
            let _ = std::fs::remove_file(p);
        }
    }
    let previous_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore_terminal();
        previous_hook(info);
    }));
    watch_signals(app.draft_slot.clone(), draft_file.clone());

    enable_raw_mode()?;
    execute!(io::stdout(), EnterAlternateScreen, EnableBracketedPaste)?;
    let result = event_loop(&mut app);
    restore_terminal();
    keep_draft(&app.draft_slot, draft_file.as_deref());
    result
}

/// While waiting for a key, the file is looked at this often for other sessions' saves.
const WATCH_EVERY: Duration = Duration::from_secs(1);

fn event_loop(app: &mut App) -> io::Result<()> {
    let mut terminal = Terminal::new(CrosstermBackend::new(io::stdout()))?;
    terminal.clear()?;
    let mut status_shown: Option<(String, Instant)> = None;
    while !app.quit {
        let size = terminal.size()?;
        crate::tabs::prepare(app, ratatui::layout::Rect::new(0, 0, size.width, size.height));
        terminal.draw(|frame| crate::tabs::draw(frame, app))?;
        // Wake once a second with no key: clear an old status message, and show
        // another session's save (asking SQLite costs microseconds; no redraw otherwise).
        loop {
            if event::poll(WATCH_EVERY)? {
                match event::read()? {
                    Event::Key(key) => app.handle_key(key),
                    Event::Paste(text) => app.handle_paste(&text),
                    _ => {}
                }
                status_shown = None;
                break;
            }
            let expired = match (&app.status, &status_shown) {
                (Some(now), Some((shown, since))) if now == shown => since.elapsed().as_secs() >= STATUS_SECONDS,
                (Some(now), _) => {
                    status_shown = Some((now.clone(), Instant::now()));
                    false
                }
                (None, _) => false,
            };
            if expired {
                app.status = None;
                break;
            }
            if app.watch_file() {
                break;
            }
        }
    }
    Ok(())
}

/// On SIGHUP (the SSH link dropped), SIGTERM or SIGINT: keep the draft, give the
/// terminal back, and end. Committed records are already safe in the file.
fn watch_signals(slot: DraftSlot, draft_file: Option<PathBuf>) {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGHUP, SIGTERM, SIGINT]) else {
        return;
    };
    std::thread::spawn(move || {
        if let Some(signal) = signals.forever().next() {
            keep_draft(&slot, draft_file.as_deref());
            restore_terminal();
            std::process::exit(128 + signal);
        }
    });
}

fn keep_draft(slot: &DraftSlot, file: Option<&Path>) {
    let (Some(file), Ok(guard)) = (file, slot.lock()) else {
        return;
    };
    if let Some(draft) = guard.as_ref() {
        let _ = write_private(file, &serde_json::to_string(draft).unwrap_or_default());
    }
}

fn read_draft(file: &Path) -> Option<SavedDraft> {
    serde_json::from_str(&std::fs::read_to_string(file).ok()?).ok()
}

/// Drafts may hold ID numbers: they live in the user's own data directory, owner-only,
/// never beside a ledger that others on the county server can read.
fn draft_path(ledger: &Path) -> Option<PathBuf> {
    let dirs = directories::ProjectDirs::from("cn", "bangfu", "bangfu")?;
    let canonical = std::fs::canonicalize(ledger).unwrap_or_else(|_| ledger.to_path_buf());
    let hash = canonical
        .to_string_lossy()
        .bytes()
        .fold(0xcbf2_9ce4_8422_2325u64, |h, b| (h ^ b as u64).wrapping_mul(0x100_0000_01b3));
    Some(dirs.data_dir().join("drafts").join(format!("{hash:016x}.json")))
}

fn write_private(file: &Path, text: &str) -> io::Result<()> {
    if let Some(dir) = file.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    io::Write::write_all(&mut options.open(file)?, text.as_bytes())
}
