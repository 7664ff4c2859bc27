//! The download benchmark of issue 18: 20 files of 20 MB served from 20 loopback
//! addresses, downloaded by `tidings download --jobs 2` and by `curl --parallel
//! --parallel-max 2` the same way; wall time, throughput ratio and peak memory
//! (`/usr/bin/time -v`). Targets: throughput within 10 % of curl; peak memory under
//! 30 MB whatever the file size (bodies are streamed to disk).
//!
//! Run: `cargo bench --bench download` (needs curl and GNU time).

#[path = "../tests/support/server.rs"]
mod server;
#[path = "support/summary.rs"]
mod summary;

use std::fmt::Write as _;
use std::net::IpAddr;
use std::path::Path;
use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant};

use server::{Body, Reply, Server};

const FILES: u8 = 20;
const SIZE: usize = 20 << 20;

/// Wall time and peak resident memory of one run.
struct Run {
    wall: Duration,
    peak_kib: u64,
}

fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    let body: Arc<[u8]> = (0..SIZE).map(|i| (i % 251) as u8).collect();
    let ips: Vec<IpAddr> = (1..=FILES).map(|n| IpAddr::from([127, 0, 0, n])).collect();
    let server = Server::start_on(&ips, move |_| {
        Reply::status(200)
            .header("Content-Type", "audio/mpeg")
            .body(Body::Bytes(Arc::clone(&body)))
    });
    let url = |n: u8| format!("http://127.0.0.{n}:{}/ep{n}.mp3", server.port);

    let mut items = String::new();
    for n in 1..=FILES {
        write!(
            items,
            "<item><title>Episode {n}</title><guid>e{n}</guid>\
             <enclosure url=\"{}\" type=\"audio/mpeg\"/></item>",
            url(n)
        )
        .expect("write");
    }
    let feed = dir.path().join("feed.xml");
    std::fs::write(
        &feed,
        format!("<rss version=\"2.0\"><channel><title>Bench</title>{items}</channel></rss>"),
    )
    .expect("feed");
    let config = dir.path().join("config.toml");
    let out_dir = dir.path().join("tidings");
    std::fs::write(
        &config,
        format!(
            "[downloads]\ndir = '{}'\nmax_download_mib = 100\n",
            out_dir.display()
        ),
    )
    .expect("config");
    let tidings = |args: &[&str]| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_tidings"));
        command
            .arg("--db")
            .arg(dir.path().join("bench.db"))
            .arg("--config")
            .arg(&config)
            .args(args);
        command
    };
    assert!(
        tidings(&["add", feed.to_str().expect("utf-8")])
            .status()
            .expect("add")
            .success()
    );
    let ours = timed(&tidings(&[
        "download",
        "--query",
        "has:enclosure",
        "--jobs",
        "2",
    ]));
    check_files(&out_dir.join("Bench"), "Episode ");

    let curl_dir = dir.path().join("curl");
    std::fs::create_dir_all(&curl_dir).expect("curl dir");
    let mut curl = Command::new("curl");
    curl.args(["--silent", "--fail", "--parallel", "--parallel-max", "2"]);
    for n in 1..=FILES {
        curl.arg("-o")
            .arg(curl_dir.join(format!("Episode {n}.mp3")));
        curl.arg(url(n));
    }
    let theirs = timed(&curl);
    check_files(&curl_dir, "Episode ");

    let total = f64::from(FILES) * SIZE as f64 / f64::from(1 << 20);
    let rate = |run: &Run| total / run.wall.as_secs_f64();
    let ratio = rate(&ours) / rate(&theirs);
    println!(
        "tidings download: {:.2} s, {:.0} MiB/s, peak {} MiB",
        ours.wall.as_secs_f64(),
        rate(&ours),
        ours.peak_kib / 1024
    );
    println!(
        "curl --parallel:  {:.2} s, {:.0} MiB/s, peak {} MiB",
        theirs.wall.as_secs_f64(),
        rate(&theirs),
        theirs.peak_kib / 1024
    );
    println!("throughput tidings/curl: {ratio:.2} (target ≥ 0.90)");
    summary::record(
        "download throughput vs curl",
        &format!("{ratio:.2}"),
        "≥ 0.90",
    );
    summary::record(
        "download peak memory",
        &format!("{} MiB", ours.peak_kib / 1024),
        "< 30 MiB",
    );
}

/// Every file is there at full size.
fn check_files(dir: &Path, prefix: &str) {
    for n in 1..=FILES {
        let file = dir.join(format!("{prefix}{n}.mp3"));
        let len = std::fs::metadata(&file).map_or(0, |m| m.len());
        assert_eq!(len, SIZE as u64, "{}", file.display());
    }
}

fn timed(command: &Command) -> Run {
    let mut wrapped = Command::new("/usr/bin/time");
    wrapped
        .arg("-v")
        .arg(command.get_program())
        .args(command.get_args());
    for var in tidings::feed::fetch::PROXY_VARS {
        wrapped.env_remove(var);
    }
    let started = Instant::now();
    let output = wrapped.output().expect("run under /usr/bin/time");
    let wall = started.elapsed();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    let peak_kib = stderr
        .lines()
        .find_map(|l| l.trim().strip_prefix("Maximum resident set size (kbytes):"))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0);
    Run { wall, peak_kib }
}
