//! The log: `tracing` events written to a file the user names (`--log FILE` or
//! `TIDINGS_LOG`), never to the terminal, which the reader owns. Without a file nothing
//! is recorded and the events cost next to nothing.

use std::fs::OpenOptions;
use std::path::Path;
use std::sync::Mutex;

use anyhow::{Context, Result};
use tracing_subscriber::filter::LevelFilter;

use crate::cli::LogLevel;

/// Starts logging to `file` (appended to, created private: it names feeds and stories)
/// at `level`. Call once, before any work.
pub(crate) fn init(file: &Path, level: LogLevel) -> Result<()> {
    let mut options = OpenOptions::new();
    options.create(true).append(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let writer = options
        .open(file)
        .with_context(|| format!("opening the log file {}", file.display()))?;
    tracing_subscriber::fmt()
        .with_writer(Mutex::new(writer))
        .with_max_level(filter(level))
        .with_target(true)
        .with_thread_names(true)
        .try_init()
        .map_err(|e| anyhow::anyhow!("starting the log: {e}"))?;
    tracing::info!(version = env!("CARGO_PKG_VERSION"), "tidings started");
    Ok(())
}

fn filter(level: LogLevel) -> LevelFilter {
    match level {
        LogLevel::Error => LevelFilter::ERROR,
        LogLevel::Warn => LevelFilter::WARN,
        LogLevel::Info => LevelFilter::INFO,
        LogLevel::Debug => LevelFilter::DEBUG,
        LogLevel::Trace => LevelFilter::TRACE,
    }
}
