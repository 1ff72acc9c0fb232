//! The terminal session: set up, draw, read keys (blocking: no CPU while idle),
//! and always give the terminal back — on quit, panic, Ctrl-C, SIGHUP and SIGTERM.
//! An open form's unsaved input is kept as a draft and offered again next time.

use crate::app::{App, DraftSlot};
use crate::drafts::DraftFiles;
use crossterm::event::{self, DisableBracketedPaste, EnableBracketedPaste, Event};
use crossterm::execute;
use crossterm::terminal::{EnterAlternateScreen, LeaveAlternateScreen, disable_raw_mode, enable_raw_mode};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use std::io;
use std::time::{Duration, Instant};

/// How long a status message stays before it is cleared without a key.
const STATUS_SECONDS: u64 = 6;

pub fn restore_terminal() {
    let _ = disable_raw_mode();
    let _ = execute!(io::stdout(), DisableBracketedPaste, LeaveAlternateScreen, crossterm::cursor::Show);
}

pub fn run(mut app: App) -> io::Result<()> {
    crate::ui::theme::init_from_env();
    let drafts = DraftFiles::for_ledger(app.store.path());
    if let Some(saved) = drafts.as_ref().and_then(DraftFiles::take_left_over) {
        app.resume_draft(saved);
    }
    let previous_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore_terminal();
        previous_hook(info);
    }));
    watch_signals(app.draft_slot.clone(), drafts.clone());

    enable_raw_mode()?;
    execute!(io::stdout(), EnterAlternateScreen, EnableBracketedPaste)?;
    let result = event_loop(&mut app);
    restore_terminal();
    keep_draft(&app.draft_slot, drafts.as_ref());
    result
}

/// While waiting for a key, the file is looked at this often for other sessions' saves.
const WATCH_EVERY: Duration = Duration::from_secs(1);

/// How often a running import is asked how far it has got.
const IMPORT_WATCH_EVERY: Duration = Duration::from_millis(100);

fn event_loop(app: &mut App) -> io::Result<()> {
    let mut terminal = Terminal::new(CrosstermBackend::new(io::stdout()))?;
    terminal.clear()?;
    let mut status_shown: Option<(String, Instant)> = None;
    while !app.quit {
        let size = terminal.size()?;
        crate::tabs::prepare(app, ratatui::layout::Rect::new(0, 0, size.width, size.height));
        terminal.draw(|frame| crate::tabs::draw(frame, app))?;
        // File work asked for shows its "writing…" line first, then runs.
        if app.run_pending() {
            continue;
        }
        // Wake once a second with no key: clear an old status message, and show
        // another session's save (asking SQLite costs microseconds; no redraw otherwise).
        loop {
            // An import running on its own thread is looked at often, to say how far
            // it has got; the file is not watched meanwhile (the import is its writer).
            let wait = if app.import_running() { IMPORT_WATCH_EVERY } else { WATCH_EVERY };
            if event::poll(wait)? {
                match event::read()? {
                    Event::Key(key) => app.handle_key(key),
                    Event::Paste(text) => app.handle_paste(&text),
                    _ => {}
                }
                status_shown = None;
                break;
            }
            if app.import_running() {
                if app.poll_import() {
                    break;
                }
                continue;
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
            if app.watch_door() || app.watch_file() {
                break;
            }
        }
    }
    Ok(())
}

/// On SIGHUP (the SSH link dropped), SIGTERM or SIGINT: keep the draft, give the
/// terminal back, and end. Committed records are already safe in the file.
#[cfg(unix)]
fn watch_signals(slot: DraftSlot, drafts: Option<DraftFiles>) {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGHUP, SIGTERM, SIGINT]) else {
        return;
    };
    std::thread::spawn(move || {
        if let Some(signal) = signals.forever().next() {
            keep_draft(&slot, drafts.as_ref());
            restore_terminal();
            std::process::exit(128 + signal);
        }
    });
}

/// On Windows the same moments come as console control events: the console window
/// closed, Ctrl-Break, the user logging off, the machine shutting down (Ctrl-C reaches
/// the app as a key, the console being in raw mode). The handler runs on a thread of
/// its own; Windows ends the process once it returns, so the draft is kept first.
#[cfg(windows)]
fn watch_signals(slot: DraftSlot, drafts: Option<DraftFiles>) {
    let _ = ctrlc::set_handler(move || {
        keep_draft(&slot, drafts.as_ref());
        restore_terminal();
        // 0xC000013A, STATUS_CONTROL_C_EXIT: how Windows reports a console closed under a program.
        std::process::exit(0xC000_013A_u32 as i32);
    });
}

/// Writes the open form's input to this session's draft file. The slot is held
/// while writing, so a save that is committing finishes (and clears it) first.
fn keep_draft(slot: &DraftSlot, drafts: Option<&DraftFiles>) {
    let (Some(drafts), Ok(guard)) = (drafts, slot.lock()) else {
        return;
    };
    let _ = drafts.keep(guard.as_ref());
}
