//! The download queue against a loopback server that honours `Range`: a download ends
//! with the exact bytes in place of its `.part` file; one killed midway resumes with a
//! `Range` request; a 404 and a file over `max_download_mib` fail with a reason; a
//! finished file since deleted is listed as missing.

#![allow(clippy::unwrap_used)]

mod support;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::Value;
use support::sandbox::{Sandbox, TEST_CONFIG};
use support::server::{Body, Reply, Request, Server};

/// Bytes that are not all alike, so a file stitched wrongly shows.
fn content(len: usize) -> Arc<[u8]> {
    (0..len)
        .map(|i| u8::try_from((i * 31 + i / 251) % 251).unwrap())
        .collect()
}

/// Serves `bytes` at `/ep.mp3`: whole (dripped, one byte every `drip`, when given) or,
/// for a `Range: bytes=N-` request, from N on at once; a 404 anywhere else and 2 MiB at
/// `/big.mp3`.
fn serve(bytes: Arc<[u8]>, drip: Option<Duration>) -> Server {
    Server::start(move |request: &Request| match request.path.as_str() {
        "/ep.mp3" => {
            if let Some(range) = request.header("Range") {
                let from: usize = range
                    .trim_start_matches("bytes=")
                    .trim_end_matches('-')
                    .parse()
                    .unwrap();
                let rest: Arc<[u8]> = Arc::from(&bytes[from..]);
                return Reply::status(206)
                    .header("Content-Type", "audio/mpeg")
                    .header(
                        "Content-Range",
                        &format!("bytes {from}-{}/{}", bytes.len() - 1, bytes.len()),
                    )
                    .body(Body::Bytes(rest));
            }
            let body = match drip {
                Some(every) => Body::Drip {
                    bytes: Arc::clone(&bytes),
                    every,
                },
                None => Body::Bytes(Arc::clone(&bytes)),
            };
            Reply::status(200)
                .header("Content-Type", "audio/mpeg")
                .body(body)
        }
        "/big.mp3" => Reply::ok("audio/mpeg", vec![7u8; 2 << 20]),
        _ => Reply::status(404),
    })
}

/// A sandbox subscribed to a local feed whose stories carry `enclosures` (path on
/// `server`, story title), downloading into `dl/`.
fn sandbox(server: &Server, enclosures: &[(&str, &str)]) -> Sandbox {
    sandbox_with(server, enclosures, "")
}

/// [`sandbox`] with `extra` config after `[downloads]` (tables such as `[[rule]]`).
fn sandbox_with(server: &Server, enclosures: &[(&str, &str)], extra: &str) -> Sandbox {
    let sandbox = Sandbox::with_config(&format!(
        "{TEST_CONFIG}[downloads]\ndir = 'DIR'\nmax_download_mib = 1\n{extra}"
    ));
    let config = std::fs::read_to_string(sandbox.path("config.toml")).unwrap();
    let dir = sandbox.path("dl");
    std::fs::write(
        sandbox.path("config.toml"),
        config.replace("DIR", dir.to_str().unwrap()),
    )
    .unwrap();
    let mut items = String::new();
    for (n, (path, title)) in enclosures.iter().enumerate() {
        write!(
            items,
            "<item><title>{title}</title><guid>g{n}</guid><link>https://cast.example/{n}</link>\
             <enclosure url=\"{}\" type=\"audio/mpeg\"/></item>",
            server.url(path)
        )
        .unwrap();
    }
    let feed = format!(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Loop Cast</title>\
         <link>https://cast.example/</link>{items}</channel></rss>"
    );
    std::fs::write(sandbox.path("feed.xml"), feed).unwrap();
    sandbox.run(&["add", sandbox.path("feed.xml").to_str().unwrap()]);
    sandbox
}

/// The feed file rewritten with `enclosures` (as [`sandbox_with`] writes it).
fn rewrite_feed(sandbox: &Sandbox, server: &Server, enclosures: &[(&str, &str)]) {
    let other = sandbox_with(server, enclosures, "");
    std::fs::copy(other.path("feed.xml"), sandbox.path("feed.xml")).unwrap();
}

fn queue(sandbox: &Sandbox) -> Vec<Value> {
    sandbox.json(&["downloads"]).as_array().unwrap().clone()
}

fn episode(sandbox: &Sandbox) -> PathBuf {
    sandbox.path("dl/Loop Cast/Episode one.mp3")
}

#[test]
fn a_download_ends_with_the_exact_bytes_and_a_deleted_file_shows_as_missing() {
    let bytes = content(300_000);
    let server = serve(Arc::clone(&bytes), None);
    let sandbox = sandbox(&server, &[("/ep.mp3", "Episode one")]);
    let printed = sandbox.run(&["download", "--query", "has:enclosure"]);
    let file = episode(&sandbox);
    assert!(
        printed.contains(&format!("done: {} (293.0 KiB)", file.display())),
        "{printed}"
    );
    assert_eq!(&std::fs::read(&file).unwrap()[..], &bytes[..]);
    assert!(!Path::new(&format!("{}.part", file.display())).exists());
    let rows = queue(&sandbox);
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0]["state"], "done");
    assert_eq!(rows[0]["path"], file.to_str().unwrap());

    // Nothing queued: nothing fetched again.
    sandbox.run(&["download"]);
    assert_eq!(server.hits("/ep.mp3"), 1);

    std::fs::remove_file(&file).unwrap();
    assert_eq!(queue(&sandbox)[0]["state"], "missing");
    let text = sandbox.run(&["downloads"]);
    assert!(text.contains("missing"), "{text}");
}

#[test]
fn a_killed_download_resumes_with_a_range_request() {
    let bytes = content(40_000);
    let server = serve(Arc::clone(&bytes), Some(Duration::from_millis(1)));
    let sandbox = sandbox(&server, &[("/ep.mp3", "Episode one")]);
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_tidings"))
        .env("NO_PROXY", "*")
        .env_remove("HTTP_PROXY")
        .env_remove("http_proxy")
        .env_remove("ALL_PROXY")
        .env_remove("all_proxy")
        .arg("--db")
        .arg(sandbox.db())
        .arg("--config")
        .arg(sandbox.path("config.toml"))
        .args(["download", "--query", "has:enclosure"])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let part = PathBuf::from(format!("{}.part", episode(&sandbox).display()));
    let start = Instant::now();
    while std::fs::metadata(&part).map_or(0, |m| m.len()) < 2_000 {
        assert!(start.elapsed() < Duration::from_secs(20), "no .part grew");
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    let kept = std::fs::metadata(&part).unwrap().len();
    assert!(kept > 0 && kept < 40_000, "{kept}");
    assert_eq!(queue(&sandbox)[0]["state"], "downloading");

    sandbox.run(&["download"]);
    let ranges: Vec<String> = server
        .requests()
        .iter()
        .filter_map(|r| r.header("Range").map(str::to_owned))
        .collect();
    assert_eq!(ranges.len(), 1, "{ranges:?}");
    let from: u64 = ranges[0]
        .trim_start_matches("bytes=")
        .trim_end_matches('-')
        .parse()
        .unwrap();
    assert!(
        from >= kept && from < 40_000,
        "resumed at {from}, {kept} kept"
    );
    assert_eq!(&std::fs::read(episode(&sandbox)).unwrap()[..], &bytes[..]);
    assert!(!part.exists());
    assert_eq!(queue(&sandbox)[0]["state"], "done");
}

#[test]
fn a_missing_file_and_one_over_the_size_limit_fail_with_a_reason() {
    let server = serve(content(10), None);
    let sandbox = sandbox(&server, &[("/gone.mp3", "Gone"), ("/big.mp3", "Big")]);
    let out = sandbox
        .cmd()
        .args(["download", "--query", "has:enclosure"])
        .output()
        .unwrap();
    assert!(!out.status.success(), "{out:?}");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("2 download(s) failed"), "{stderr}");
    assert!(stderr.contains("failed: http://127.0.0.1:"), "{stderr}");
    let rows = queue(&sandbox);
    let row = |title: &str| rows.iter().find(|r| r["title"] == title).unwrap().clone();
    assert_eq!(row("Gone")["state"], "failed");
    assert!(
        row("Gone")["error"].as_str().unwrap().contains("404"),
        "{rows:?}"
    );
    assert_eq!(row("Big")["state"], "failed");
    assert!(
        row("Big")["error"]
            .as_str()
            .unwrap()
            .contains("larger than the 1 MiB limit"),
        "{rows:?}"
    );
    assert!(!sandbox.path("dl/Loop Cast/Big.mp3").exists());
    assert!(!sandbox.path("dl/Loop Cast/Big.mp3.part").exists());
}

#[test]
fn a_download_rule_queues_new_episodes_on_refresh() {
    let bytes = content(5_000);
    let server = serve(Arc::clone(&bytes), None);
    let rule = "[[rule]]\nquery = 'feed:\"Loop Cast\" has:enclosure'\naction = \"download\"\n";
    let sandbox = sandbox_with(&server, &[("/ep.mp3", "Episode one")], rule);
    // Rules act on what refresh stores; `add` stored this one.
    assert_eq!(queue(&sandbox).len(), 0);

    rewrite_feed(
        &sandbox,
        &server,
        &[
            ("/ep.mp3", "Episode one"),
            ("/ep.mp3", "Episode two"),
            ("/gone.mp3", "Episode three"),
        ],
    );
    sandbox.run(&["refresh", "--force"]);
    let titles: Vec<String> = queue(&sandbox)
        .iter()
        .map(|r| r["title"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(titles, ["Episode two", "Episode three"]);
    assert!(queue(&sandbox).iter().all(|r| r["state"] == "queued"));

    let out = sandbox.cmd().arg("download").output().unwrap();
    assert!(!out.status.success(), "{out:?}");
    let two = sandbox.path("dl/Loop Cast/Episode two.mp3");
    assert_eq!(&std::fs::read(two).unwrap()[..], &bytes[..]);
    let states: Vec<String> = queue(&sandbox)
        .iter()
        .map(|r| r["state"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(states, ["done", "failed"]);
}
