//! The `tidings` binary: parse arguments, run, report a fatal error once with its cause
//! chain. Exit codes: 0 success, 1 runtime error, 2 usage error (from clap).

use std::process::ExitCode;

use clap::Parser;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's option numbers (`mi_option_e` in mimalloc 3's `mimalloc.h`, which the
/// Rust bindings do not name).
const MI_OPTION_ARENA_EAGER_COMMIT: libmimalloc_sys::mi_option_t = 4;
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Makes mimalloc commit arena memory as it is used and give freed pages back after
/// 100 ms. On the 500-feed refresh benchmark this keeps peak memory near glibc's (46 MB
/// instead of 60–66 MB) while keeping most of mimalloc's CPU saving.
#[allow(unsafe_code)]
fn tune_allocator() {
    // SAFETY: mi_option_set only stores an integer in mimalloc's option table; both
    // option numbers exist in the mimalloc version Cargo.lock pins.
    unsafe {
        libmimalloc_sys::mi_option_set(MI_OPTION_ARENA_EAGER_COMMIT, 0);
        libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 100);
    }
}

fn main() -> ExitCode {
    tune_allocator();
    let cli = tidings::cli::Cli::parse();
    match tidings::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            // The chain may quote a server's or a feed's own text. A query error keeps
            // its lines: the query, and a caret under the place it went wrong.
            let message = format!("{err:#}");
            let message = if err.downcast_ref::<tidings::query::ParseError>().is_some() {
                tidings::sanitize::SafeText::text(&message)
            } else {
                tidings::sanitize::SafeText::line(&message)
            };
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}
