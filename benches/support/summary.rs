//! One line per headline figure for `scripts/bench`'s table: when `TIDINGS_BENCH_SUMMARY`
//! names a file, each figure is appended to it as `measure<TAB>value<TAB>target`.

#![allow(dead_code)]

use std::io::Write as _;

/// Appends one figure to the summary file, if `scripts/bench` asked for one.
pub fn record(measure: &str, value: &str, target: &str) {
    let Some(path) = std::env::var_os("TIDINGS_BENCH_SUMMARY") else {
        return;
    };
    let line = format!("{measure}\t{value}\t{target}\n");
    let written = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&path)
        .and_then(|mut file| file.write_all(line.as_bytes()));
    if let Err(err) = written {
        eprintln!("cannot write the bench summary {}: {err}", path.display());
    }
}
