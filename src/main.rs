//! The `tidings` binary: parse arguments, run, report errors with their cause chain.

use std::process::ExitCode;

fn main() -> ExitCode {
    tidings::cli::main()
}
