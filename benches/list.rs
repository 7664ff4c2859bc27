//! `tidings list --limit 50 --json` on a 100 000-story database, timed as a whole process
//! (start-up, open, migrate check, query, JSON), as a user or script runs it.
//!
//! Run: `cargo bench --bench list`. Targets: `list` under 50 ms (issue 3); `list --query`
//! with flags under 50 ms, with words and flags under 100 ms (issue 16).

#[path = "support/corpus.rs"]
mod corpus;
#[path = "support/summary.rs"]
mod summary;

use std::process::Command;
use std::time::{Duration, Instant};

const STORIES: usize = 100_000;
const RUNS: usize = 30;

fn main() {
    let dir = std::env::temp_dir().join("tidings-bench");
    std::fs::create_dir_all(&dir).expect("bench dir");
    let db = dir.join("list-100k.db");
    let started = Instant::now();
    drop(corpus::ensure(&db, 500, STORIES / 500));
    println!(
        "corpus: {STORIES} stories in {} ({:.1} s)",
        db.display(),
        started.elapsed().as_secs_f64()
    );

    let binary = env!("CARGO_BIN_EXE_tidings");
    for args in [
        &["list", "--limit", "50", "--json"][..],
        &["list", "--limit", "50", "--unread", "--json"][..],
        &["list", "--limit", "50", "--tag", "topic3", "--json"][..],
        &["stats", "--json"][..],
        &["search", "ceasefire", "--limit", "50", "--json"][..],
        &["search", "\"feed 123\"", "--limit", "50", "--json"][..],
        &[
            "list",
            "--query",
            "unread tag:topic3 newer:30d",
            "--limit",
            "50",
            "--json",
        ][..],
        &[
            "list",
            "--query",
            "ceasefire unread tag:topic3",
            "--limit",
            "50",
            "--json",
        ][..],
    ] {
        let times = time_runs(binary, &db, args);
        report(&args.join(" "), &times);
        if matches!(args[0], "search") || args.len() == 4 || args[1] == "--query" {
            let median = times[times.len() / 2].as_secs_f64() * 1000.0;
            // Issue 3 sets the target for `list`; a search that matches every story
            // (ranking all 100 000) is the worst case, shown for scale.
            // Issue 16 sets the query targets: flags alone, and words with flags.
            let (note, target) = match (args[1], args.get(2).copied()) {
                ("ceasefire", _) => (" (matches every story)", "—"),
                ("\"feed 123\"", _) => (" (200 matches)", "—"),
                ("--query", Some(q)) if q.starts_with("ceasefire") => ("", "< 100 ms"),
                _ => ("", "< 50 ms"),
            };
            summary::record(
                &format!("`{}`, 100 000 stories{note}", args.join(" ")),
                &format!("{median:.1} ms median"),
                target,
            );
        }
    }
}

fn time_runs(binary: &str, db: &std::path::Path, args: &[&str]) -> Vec<Duration> {
    let run = || {
        let start = Instant::now();
        let out = Command::new(binary)
            .arg("--db")
            .arg(db)
            .args(args)
            .output()
            .expect("run tidings");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        start.elapsed()
    };
    run(); // warm the page cache
    let mut times: Vec<Duration> = (0..RUNS).map(|_| run()).collect();
    times.sort();
    times
}

fn report(name: &str, times: &[Duration]) {
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{name:<45} median {:>6.1} ms   min {:>6.1} ms   max {:>6.1} ms   ({} runs)",
        ms(times[times.len() / 2]),
        ms(times[0]),
        ms(times[times.len() - 1]),
        times.len()
    );
}
