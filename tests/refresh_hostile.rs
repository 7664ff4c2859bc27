//! Hostile servers (drip, hang, endless body, gzip bomb, redirect loops, billion laughs,
//! refused connections, TLS garbage) among good feeds: each fails alone, within the
//! timeout and in little memory, with an error that says what happened.

mod support;

use std::net::TcpListener;
use std::sync::Arc;
use std::time::{Duration, Instant};

use support::sandbox::{Sandbox, gzip, rss, summary_line};
use support::server::{Body, Reply, Server};

/// Peak resident memory of a process, polled from /proc until it exits.
fn run_measuring_memory(mut command: std::process::Command) -> (std::process::Output, u64) {
    let child = command
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn tidings");
    let status_file = format!("/proc/{}/status", child.id());
    let peak = Arc::new(std::sync::atomic::AtomicU64::new(0));
    let watcher = {
        let peak = Arc::clone(&peak);
        std::thread::spawn(move || {
            while let Ok(status) = std::fs::read_to_string(&status_file) {
                let Some(kib) = status.lines().find_map(|l| l.strip_prefix("VmHWM:")) else {
                    break;
                };
                let kib: u64 = kib
                    .trim()
                    .trim_end_matches("kB")
                    .trim()
                    .parse()
                    .unwrap_or(0);
                peak.fetch_max(kib, std::sync::atomic::Ordering::Relaxed);
                std::thread::sleep(Duration::from_millis(10));
            }
        })
    };
    let output = child.wait_with_output().expect("tidings output");
    watcher.join().expect("memory watcher");
    (
        output,
        peak.load(std::sync::atomic::Ordering::Relaxed) * 1024,
    )
}

/// The hostile cases, each on its own path, served next to good feeds.
fn hostile_server() -> Server {
    let good: Arc<[u8]> = rss("Good", 5).into_bytes().into();
    let gzipped: Arc<[u8]> = gzip(rss("Zipped", 3).as_bytes()).into();
    let mut bomb_xml = b"<rss version=\"2.0\"><channel><title>".to_vec();
    bomb_xml.resize(64 << 20, b' ');
    let bomb: Arc<[u8]> = gzip(&bomb_xml).into();
    let laughs: Arc<[u8]> = billion_laughs().into_bytes().into();
    Server::start(move |r| match r.path.as_str() {
        "/good1" | "/good2" => Reply::ok("application/rss+xml", Arc::clone(&good)),
        "/gzip" => Reply::ok("application/rss+xml", Arc::clone(&gzipped))
            .header("Content-Encoding", "gzip"),
        "/drip" => Reply::ok("application/rss+xml", vec![]).body(Body::Drip {
            bytes: Arc::clone(&good),
            every: Duration::from_secs(1),
        }),
        "/hang" => Reply::status(200).body(Body::Hang),
        "/huge" => Reply::ok("application/rss+xml", vec![]).body(Body::Endless { len: 200 << 20 }),
        "/bomb" => {
            Reply::ok("application/rss+xml", Arc::clone(&bomb)).header("Content-Encoding", "gzip")
        }
        "/loop-a" => Reply::redirect(302, "/loop-b"),
        "/loop-b" => Reply::redirect(302, "/loop-a"),
        path if path.starts_with("/chain/") => {
            let n: u32 = path[7..].parse().unwrap_or(0);
            Reply::redirect(307, &format!("/chain/{}", n + 1))
        }
        "/laughs" => Reply::ok("application/rss+xml", Arc::clone(&laughs)),
        "/html" => Reply::ok(
            "text/html; charset=utf-8",
            &b"<!DOCTYPE html><html><body>no feed</body></html>"[..],
        ),
        "/broken" => Reply::ok(
            "application/rss+xml",
            // Broken beyond recovery into a feed: recovery closes the tags, but what
            // is left is no feed. (A broken feed is recovered; see tests/feed_formats.rs.)
            &b"<?xml version=\"1.0\"?>\n<notes>\n<title>x</titel>\n"[..],
        ),
        "/busy" => Reply::status(503).header("Retry-After", "120"),
        _ => Reply::status(404),
    })
}

fn billion_laughs() -> String {
    let mut xml = String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE rss [\n<!ENTITY lol \"lol\">\n");
    for i in 1..=9 {
        let previous = if i == 1 {
            "lol".to_owned()
        } else {
            format!("lol{}", i - 1)
        };
        let value = format!("&{previous};").repeat(10);
        xml.extend(["<!ENTITY lol", &i.to_string(), " \"", &value, "\">\n"]);
    }
    xml + "]>\n<rss version=\"2.0\"><channel><title>&lol9;</title><item><title>&lol9;</title></item></channel></rss>"
}

#[test]
fn hostile_servers_fail_alone_in_bounded_time_and_memory() {
    let server = hostile_server();
    let refused_port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let refused = format!("http://127.0.0.1:{refused_port}/feed");
    let tls = format!("https://127.0.0.1:{}/good1", server.port);
    let paths = [
        "/good1", "/good2", "/gzip", "/drip", "/hang", "/huge", "/bomb", "/loop-a", "/chain/0",
        "/laughs", "/html", "/broken", "/busy", "/missing",
    ];
    let mut urls: Vec<String> = paths.iter().map(|p| server.url(p)).collect();
    urls.extend([refused.clone(), tls.clone()]);
    let sandbox = Sandbox::new();
    sandbox.import_urls(&urls);

    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_tidings"));
    command
        .env("NO_PROXY", "*")
        .arg("--db")
        .arg(sandbox.db())
        .arg("--config")
        .arg(sandbox.path("config.toml"));
    command.arg("refresh");
    let started = Instant::now();
    let (output, peak_bytes) = run_measuring_memory(command);
    let elapsed = started.elapsed();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(elapsed < Duration::from_secs(20), "took {elapsed:?}");
    assert!(
        peak_bytes < 60 << 20,
        "peak memory {} MiB",
        peak_bytes >> 20
    );
    assert!(
        summary_line(&stdout).starts_with("16 feeds, 14 new articles, 12 errors in "),
        "{stdout}"
    );

    let expect = |path: &str, needle: &str| {
        let error = sandbox.error_of(&server.url(path)).unwrap_or_default();
        assert!(
            error.contains(needle),
            "{path}: {error:?} should contain {needle:?}"
        );
    };
    for good in ["/good1", "/good2", "/gzip", "/laughs"] {
        assert_eq!(sandbox.error_of(&server.url(good)), None, "{good}");
    }
    expect("/drip", "timed out after 3 s");
    expect("/hang", "timed out after 3 s");
    expect("/huge", "larger than the 1 MiB limit");
    expect("/bomb", "larger than the 1 MiB limit");
    expect("/loop-a", "redirect loop at");
    expect("/chain/0", "more than 5 redirects");
    expect("/html", "not a feed (content type text/html)");
    expect("/broken", "parse error at line 3, column");
    expect(
        "/busy",
        "server returned 503 Service Unavailable (retry after 120 s)",
    );
    expect("/missing", "server returned 404 Not Found");
    let refused_error = sandbox.error_of(&refused).unwrap_or_default();
    assert!(
        refused_error.ends_with("connection refused by 127.0.0.1"),
        "{refused_error}"
    );
    let tls_error = sandbox.error_of(&tls).unwrap_or_default();
    assert!(tls_error.contains("TLS error"), "{tls_error}");
    assert!(
        stdout.contains(&format!(
            "error {}: fetching {}: server returned 404",
            server.url("/missing"),
            server.url("/missing")
        )),
        "{stdout}"
    );
}
