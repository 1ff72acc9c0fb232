use bangfu::cli::CliError;
use std::process::ExitCode;

// A county's import makes and frees some ten million short strings, many of them
// freed on another thread than the one that made them: with the system allocator
// a third of its time went to malloc and free (a CSV import 13.6 -> 10.2 s here).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    match bangfu::commands::run(std::env::args_os().collect()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(CliError::User(message)) => {
            say_error(&message);
            ExitCode::from(1)
        }
        Err(CliError::Internal(message)) => {
            say_error(&message);
            ExitCode::from(2)
        }
    }
}

/// The sentence on standard error; one closed with the pipe (`2>&1 | head`) is no panic.
fn say_error(message: &str) {
    use std::io::Write;
    let _ = writeln!(std::io::stderr().lock(), "{message}");
}
