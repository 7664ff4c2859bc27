//! The `tidings` binary: parse arguments, run, report a fatal error once with its cause
//! chain. Exit codes: 0 success, 1 runtime error, 2 usage error (from clap).

use std::process::ExitCode;

use clap::Parser;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = tidings::cli::Cli::parse();
    match tidings::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!(
                "error: {}",
                tidings::sanitize::clean_line(&format!("{err:#}"))
            );
            ExitCode::FAILURE
        }
    }
}
