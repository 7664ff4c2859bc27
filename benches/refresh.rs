//! The refresh benchmark of issue 4: 500 generated feeds × 50 stories served from 32
//! loopback addresses with 80 ms of added latency per request; `tidings refresh` cold and
//! all-304 (`--force`) against `newsboat -x reload` with reload-threads 16 and 1, in the
//! same run. Prints wall time, peak memory (`/usr/bin/time -v`) and the ratios.
//!
//! Run: `scripts/bench-refresh` (installs newsboat if missing), or
//! `cargo bench --bench refresh [-- --quick]` (`--quick` skips newsboat with 1 thread,
//! `--tidings-only` skips newsboat; `--rules` runs tidings alone, cold without and with
//! the 20 rules of `support/refresh_rules.toml` (five times each, in pairs of alternating
//! order), and prints what the rules add to the medians;
//! `--pages` runs the page phase benchmark of `support/pages.rs` alone).
//! Targets: cold ≥ 4× faster than newsboat-16; all-304 ≥ 10× faster than newsboat's third
//! (all-304) reload; peak memory under 60 MB; 20 rules add under 10 % to the cold
//! refresh (issue 16).

#[path = "support/pages.rs"]
mod pages;
#[path = "support/refresh_corpus.rs"]
mod refresh_corpus;
#[path = "../tests/support/server.rs"]
mod server;
#[path = "support/summary.rs"]
mod summary;

use std::net::IpAddr;
use std::path::Path;
use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant};

use refresh_corpus::Corpus;
use server::Server;

const FEEDS: usize = 500;
const STORIES: usize = 50;
const HOSTS: u8 = 32;
const LATENCY: Duration = Duration::from_millis(80);

/// One timed run: wall time, peak resident memory, and the last line it printed.
struct Run {
    wall: Duration,
    /// User plus system CPU time.
    cpu: Duration,
    peak_kib: u64,
    last_line: String,
}

fn main() {
    let quick = std::env::args().any(|a| a == "--quick");
    let tidings_only = std::env::args().any(|a| a == "--tidings-only");
    if std::env::args().any(|a| a == "--pages") {
        let dir = std::env::temp_dir().join("tidings-bench-pages");
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("bench dir");
        pages::run(&dir);
        let _ = std::fs::remove_dir_all(&dir);
        return;
    }
    let started = Instant::now();
    let corpus = Arc::new(Corpus::generate());
    println!(
        "corpus: {FEEDS} feeds × {STORIES} stories, {} MB ({} MB gzipped), generated in {:.1} s",
        corpus.plain_bytes() >> 20,
        corpus.gzip_bytes() >> 20,
        started.elapsed().as_secs_f64()
    );
    let ips: Vec<IpAddr> = (1..=HOSTS).map(|i| IpAddr::from([127, 0, 0, i])).collect();
    let shared = Arc::clone(&corpus);
    let server = Server::start_on(&ips, move |r| shared.reply(r));
    let urls: Vec<String> = (0..FEEDS)
        .map(|i| {
            format!(
                "http://127.0.0.{}:{}/feed/{i}.xml",
                i % usize::from(HOSTS) + 1,
                server.port
            )
        })
        .collect();
    let dir = std::env::temp_dir().join("tidings-bench-refresh");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("bench dir");
    std::fs::write(dir.join("urls"), urls.join("\n") + "\n").expect("urls file");

    if std::env::args().any(|a| a == "--rules") {
        rules_overhead(&dir, &server);
        let _ = std::fs::remove_dir_all(&dir);
        return;
    }
    let tidings = run_tidings(&dir, &server, "", "tidings");
    if tidings_only {
        for (name, run) in ["cold", "all-304"].iter().zip(&tidings) {
            let (wall, cpu, peak) = (secs(run.wall), secs(run.cpu), run.peak_kib >> 10);
            println!("tidings {name}: {wall:.2} s, {cpu:.2} s CPU, peak {peak} MB");
        }
        let _ = std::fs::remove_dir_all(&dir);
        return;
    }
    let newsboat16 = run_newsboat(&dir, &server, 16);
    let newsboat1 = if quick {
        None
    } else {
        Some(run_newsboat(&dir, &server, 1))
    };
    report(&tidings, &newsboat16, newsboat1.as_ref());
    // The databases and caches come to about 600 MB.
    let _ = std::fs::remove_dir_all(&dir);
}

/// The 20 rules whose cost `--rules` measures: killfile regexes, feed and link matches,
/// dates, each action.
const RULES: &str = include_str!("support/refresh_rules.toml");

/// The cold refresh without rules and with [`RULES`], each into a new database, five
/// times each in pairs whose order alternates (without-with, with-without, …): whichever
/// runs first on a machine warms it for the rest. Medians, since one run in several on a
/// shared machine can take half again as long for reasons of its own.
fn rules_overhead(dir: &Path, server: &Server) {
    const PAIRS: usize = 5;
    let mut plain = Vec::new();
    let mut ruled = Vec::new();
    for round in 0..2 * PAIRS {
        let with_rules = (round % 2 == 0) == (round / 2 % 2 == 1);
        let (config, name) = if with_rules {
            (RULES, format!("rules-{round}"))
        } else {
            ("", format!("no-rules-{round}"))
        };
        let [cold, _] = run_tidings(dir, server, config, &name);
        if with_rules { &mut ruled } else { &mut plain }.push(cold);
        // Each database is some 100 MB: gone before the next run, so dirty pages don't
        // pile up behind the later runs.
        for suffix in [".db", ".db-wal", ".db-shm"] {
            let _ = std::fs::remove_file(dir.join(format!("{name}{suffix}")));
        }
    }
    let median = |runs: &[Run], of: fn(&Run) -> Duration| {
        let mut values: Vec<f64> = runs.iter().map(|r| secs(of(r))).collect();
        values.sort_by(f64::total_cmp);
        values[values.len() / 2]
    };
    let (plain_wall, ruled_wall) = (median(&plain, |r| r.wall), median(&ruled, |r| r.wall));
    let (plain_cpu, ruled_cpu) = (median(&plain, |r| r.cpu), median(&ruled, |r| r.cpu));
    let overhead = (ruled_wall / plain_wall - 1.0) * 100.0;
    let cpu = (ruled_cpu / plain_cpu - 1.0) * 100.0;
    let list = |runs: &[Run]| {
        runs.iter()
            .map(|r| format!("{:.2}", secs(r.cpu)))
            .collect::<Vec<_>>()
            .join(" ")
    };
    println!(
        "CPU s without rules: {}; with: {}",
        list(&plain),
        list(&ruled)
    );
    println!(
        "cold refresh, median of {PAIRS} runs each: {plain_wall:.2} s without rules, \
         {ruled_wall:.2} s with 20 rules: {overhead:+.1} % wall, {cpu:+.1} % CPU \
         ({plain_cpu:.2} s → {ruled_cpu:.2} s) (target < 10 %)"
    );
    summary::record(
        "20 rules on the 500-feed cold refresh",
        &format!("{plain_wall:.2} s → {ruled_wall:.2} s ({overhead:+.1} %; CPU {cpu:+.1} %)"),
        "< 10 %",
    );
}

/// `tidings refresh` cold, then `refresh --force` (all 304), with the config `config`,
/// into the database `name`.db.
fn run_tidings(dir: &Path, server: &Server, config: &str, name: &str) -> [Run; 2] {
    let db = dir.join(format!("{name}.db"));
    let config_text = config;
    let config = dir.join(format!("{name}.toml"));
    std::fs::write(&config, config_text).expect("config");
    let tidings = |args: &[&str]| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_tidings"));
        command
            .arg("--db")
            .arg(&db)
            .arg("--config")
            .arg(&config)
            .args(args);
        command
    };
    let urls = dir.join("urls");
    timed(&tidings(&["import", urls.to_str().expect("utf-8 path")]));
    let before = server.count(200);
    let cold = timed(&tidings(&["refresh"]));
    println!(
        "tidings cold:    {} (200s served: {})",
        cold.last_line,
        server.count(200) - before
    );
    let before = server.count(304);
    let warm = timed(&tidings(&["refresh", "--force"]));
    println!(
        "tidings all-304: {} (304s served: {})",
        warm.last_line,
        server.count(304) - before
    );
    [cold, warm]
}

/// `newsboat -x reload` three times: cold, the second (which re-downloads), and the third
/// (all 304), with `threads` reload threads.
fn run_newsboat(dir: &Path, server: &Server, threads: usize) -> [Run; 3] {
    let home = dir.join(format!("newsboat-{threads}"));
    std::fs::create_dir_all(&home).expect("newsboat home");
    let config = home.join("config");
    std::fs::write(&config, format!("reload-threads {threads}\n")).expect("newsboat config");
    [1, 2, 3].map(|n| {
        let (ok, not_modified) = (server.count(200), server.count(304));
        let mut command = Command::new("newsboat");
        command
            .env("HOME", &home)
            .arg("-x")
            .arg("reload")
            .arg("-u")
            .arg(dir.join("urls"))
            .arg("-c")
            .arg(home.join("cache.db"))
            .arg("-C")
            .arg(&config);
        let run = timed(&command);
        let counts = (server.count(200) - ok, server.count(304) - not_modified);
        println!(
            "newsboat {threads:>2} threads, reload {n}: {:.2} s (200s: {}, 304s: {})",
            secs(run.wall),
            counts.0,
            counts.1
        );
        run
    })
}

/// Runs `command` under `/usr/bin/time -v`, for its peak memory.
fn timed(command: &Command) -> Run {
    let mut wrapped = Command::new("/usr/bin/time");
    wrapped
        .arg("-v")
        .arg(command.get_program())
        .args(command.get_args());
    for (key, value) in command.get_envs() {
        match value {
            Some(value) => wrapped.env(key, value),
            None => wrapped.env_remove(key),
        };
    }
    for var in tidings::feed::fetch::PROXY_VARS {
        wrapped.env_remove(var);
    }
    let started = Instant::now();
    let output = wrapped
        .output()
        .expect("run under /usr/bin/time (apt-get install time)");
    let wall = started.elapsed();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "{} failed: {stderr}",
        command.get_program().display()
    );
    let field = |name: &str| -> f64 {
        stderr
            .lines()
            .find_map(|l| l.trim().strip_prefix(name))
            .and_then(|v| v.trim().parse().ok())
            .unwrap_or(0.0)
    };
    let peak_kib = field("Maximum resident set size (kbytes):") as u64;
    let cpu =
        Duration::from_secs_f64(field("User time (seconds):") + field("System time (seconds):"));
    let stdout = String::from_utf8_lossy(&output.stdout);
    let last_line = stdout.lines().last().unwrap_or_default().to_owned();
    Run {
        wall,
        cpu,
        peak_kib,
        last_line,
    }
}

fn report(tidings: &[Run; 2], newsboat16: &[Run; 3], newsboat1: Option<&[Run; 3]>) {
    let [cold, warm] = tidings;
    println!(
        "\n{:<34} {:>9} {:>9} {:>10}",
        "run", "wall (s)", "CPU (s)", "peak (MB)"
    );
    let row = |name: &str, run: &Run| {
        println!(
            "{name:<34} {:>9.2} {:>9.2} {:>10.1}",
            secs(run.wall),
            secs(run.cpu),
            run.peak_kib as f64 / 1024.0
        );
    };
    row("tidings refresh (cold)", cold);
    row("tidings refresh --force (all 304)", warm);
    for (threads, runs) in [(16, Some(newsboat16)), (1, newsboat1)] {
        let Some(runs) = runs else { continue };
        for (run, label) in runs.iter().zip(["cold", "2nd", "3rd, all 304"]) {
            row(&format!("newsboat {threads} threads ({label})"), run);
        }
    }
    let ratio = |a: &Run, b: &Run| secs(a.wall) / secs(b.wall);
    let [nb_cold, _, nb_third] = newsboat16;
    println!(
        "\ncold:    {:.1}× faster than newsboat-16 (target ≥ 4×)",
        ratio(nb_cold, cold)
    );
    println!(
        "all-304: {:.1}× faster than newsboat-16's third reload (target ≥ 10×)",
        ratio(nb_third, warm)
    );
    if let Some([nb_cold, _, nb_third]) = newsboat1 {
        println!(
            "cold:    {:.1}× faster than newsboat-1",
            ratio(nb_cold, cold)
        );
        println!(
            "all-304: {:.1}× faster than newsboat-1's third reload",
            ratio(nb_third, warm)
        );
    }
    let peak = cold.peak_kib.max(warm.peak_kib) as f64 / 1024.0;
    println!("peak memory: {peak:.1} MB (target < 60 MB)");
    summarize(cold, warm, newsboat16, newsboat1, peak);
}

/// The refresh rows of `scripts/bench`'s table.
fn summarize(
    cold: &Run,
    warm: &Run,
    newsboat16: &[Run; 3],
    newsboat1: Option<&[Run; 3]>,
    peak: f64,
) {
    let ratio = |a: &Run, b: &Run| secs(a.wall) / secs(b.wall);
    let [nb16_cold, _, nb16_third] = newsboat16;
    summary::record(
        "refresh 500 feeds, cold",
        &format!(
            "{:.2} s; newsboat-16 {:.2} s ({:.1}×)",
            secs(cold.wall),
            secs(nb16_cold.wall),
            ratio(nb16_cold, cold)
        ),
        "≥ 4× newsboat-16",
    );
    summary::record(
        "refresh 500 feeds, all 304",
        &format!(
            "{:.2} s; newsboat-16 {:.2} s ({:.1}×)",
            secs(warm.wall),
            secs(nb16_third.wall),
            ratio(nb16_third, warm)
        ),
        "≥ 10× newsboat-16",
    );
    if let Some([nb1_cold, _, nb1_third]) = newsboat1 {
        summary::record(
            "refresh vs newsboat-1 (cold / all 304)",
            &format!(
                "{:.2} s / {:.2} s ({:.1}× / {:.1}×)",
                secs(nb1_cold.wall),
                secs(nb1_third.wall),
                ratio(nb1_cold, cold),
                ratio(nb1_third, warm)
            ),
            "",
        );
    }
    summary::record(
        "refresh peak memory",
        &format!(
            "{peak:.1} MB; newsboat-16 {:.1} MB",
            nb16_cold.peak_kib.max(nb16_third.peak_kib) as f64 / 1024.0
        ),
        "< 60 MB",
    );
}

fn secs(d: Duration) -> f64 {
    d.as_secs_f64()
}
