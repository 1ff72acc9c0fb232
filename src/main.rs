use bangfu::cli::CliError;
use std::process::ExitCode;

fn main() -> ExitCode {
    match bangfu::commands::run(std::env::args_os().collect()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(CliError::User(message)) => {
            eprintln!("{message}");
            ExitCode::from(1)
        }
        Err(CliError::Internal(message)) => {
            eprintln!("{message}");
            ExitCode::from(2)
        }
    }
}
