//! `refresh` and `add` against a loopback server: conditional GET, schedules and back-off,
//! redirects, charsets, autodiscovery, and hostile servers that must fail alone, quickly
//! and in little memory. Nothing here leaves 127.0.0.1.

mod support;

use std::io::Write;
use std::net::TcpListener;
use std::sync::Arc;
use std::time::{Duration, Instant};

use predicates::prelude::*;
use support::sandbox::{Sandbox, fixture, rss};
use support::server::{Body, Reply, Request, Server};

const ATOM: &str = "blogger/posts-default.atom.xml";
const BLOGGER_RSS: &str = "blogger/posts-default.rss.xml";

fn read(path: &str) -> Vec<u8> {
    std::fs::read(fixture(path)).expect("fixture")
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder.write_all(bytes).expect("gzip");
    encoder.finish().expect("gzip")
}

/// 200 with validators, or 304 when the request carries them.
fn conditional(request: &Request, body: &Arc<[u8]>, content_type: &str) -> Reply {
    const ETAG: &str = "\"v1\"";
    const MODIFIED: &str = "Mon, 01 May 2017 10:00:00 GMT";
    if request.header("If-None-Match") == Some(ETAG)
        || request.header("If-Modified-Since") == Some(MODIFIED)
    {
        return Reply::status(304).header("ETag", ETAG);
    }
    let reply = Reply::ok(content_type, Arc::clone(body)).header("Last-Modified", MODIFIED);
    if request.path == "/atom" {
        reply.header("ETag", ETAG)
    } else {
        reply
    }
}

fn summary_line(stdout: &str) -> &str {
    stdout.lines().last().unwrap_or_default()
}

#[test]
fn second_refresh_is_all_304_and_third_skips_feeds_not_due() {
    let atom: Arc<[u8]> = read(ATOM).into();
    let rss: Arc<[u8]> = read(BLOGGER_RSS).into();
    let server = Server::start(move |r| match r.path.as_str() {
        "/atom" => conditional(r, &atom, "application/atom+xml"),
        "/rss" => conditional(r, &rss, "application/rss+xml; charset=UTF-8"),
        _ => Reply::status(404),
    });
    let sandbox = Sandbox::new();
    sandbox.import_urls(&[server.url("/atom"), server.url("/rss")]);

    let first = sandbox.run(&["refresh"]);
    assert!(
        first.contains("ok    Ammar Johmani Magazine: 6 new"),
        "{first}"
    );
    assert!(
        summary_line(&first).starts_with("2 feeds, 12 new articles, 0 errors in "),
        "{first}"
    );
    assert_eq!(sandbox.json(&["list"]).as_array().unwrap().len(), 12);

    let second = sandbox.run(&["refresh", "--force"]);
    assert!(
        summary_line(&second).starts_with("2 feeds, 0 new articles, 0 errors in "),
        "{second}"
    );
    assert_eq!(
        second.matches("same  Ammar Johmani Magazine").count(),
        2,
        "{second}"
    );
    assert_eq!(
        (server.replies("/atom", 304), server.replies("/rss", 304)),
        (1, 1)
    );

    let third = sandbox.run(&["refresh"]);
    assert!(
        summary_line(&third).starts_with("0 feeds, 0 new articles, 0 errors in "),
        "{third}"
    );
    assert!(
        summary_line(&third).ends_with("(2 not due, skipped)"),
        "{third}"
    );
    assert_eq!(
        server.hits("/atom") + server.hits("/rss"),
        4,
        "no requests for feeds not due"
    );

    let request = &server.requests()[0];
    let agent = format!(
        "tidings/{} (+https://github.com/tidings-reader/tidings)",
        env!("CARGO_PKG_VERSION")
    );
    assert_eq!(request.header("User-Agent"), Some(agent.as_str()));
    let encodings = request.header("Accept-Encoding").unwrap_or_default();
    assert!(
        ["gzip", "deflate", "br"]
            .iter()
            .all(|e| encodings.contains(e)),
        "{encodings}"
    );
}

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
            &b"<rss version=\"2.0\">\n<channel>\n<title>x</titel>\n"[..],
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

#[test]
fn permanent_redirect_updates_the_stored_url_and_temporary_does_not() {
    let body: Arc<[u8]> = rss("Moved", 2).into_bytes().into();
    let server = Server::start(move |r| match r.path.as_str() {
        "/old" => Reply::redirect(301, "/older"),
        "/older" => Reply::redirect(308, "/new"),
        "/temp" => Reply::redirect(302, "/elsewhere"),
        "/new" | "/elsewhere" => Reply::ok("application/rss+xml", Arc::clone(&body)),
        _ => Reply::status(404),
    });
    let sandbox = Sandbox::new();
    sandbox.import_urls(&[server.url("/old"), server.url("/temp")]);
    let out = sandbox.run(&["refresh"]);
    assert!(
        out.contains(&format!("(moved permanently to {})", server.url("/new"))),
        "{out}"
    );
    let urls: Vec<String> = sandbox
        .feed_errors()
        .into_iter()
        .map(|(url, _)| url)
        .collect();
    assert!(urls.contains(&server.url("/new")), "{urls:?}");
    assert!(urls.contains(&server.url("/temp")), "{urls:?}");
    sandbox.run(&["refresh", "--force"]);
    assert_eq!(
        server.hits("/old"),
        1,
        "the moved feed is fetched at its new address"
    );
}

#[test]
fn failing_feed_backs_off_until_forced() {
    let server = Server::start(|r| match r.path.as_str() {
        "/busy" => Reply::status(429).header("Retry-After", "3600"),
        _ => Reply::status(404),
    });
    let sandbox = Sandbox::new();
    sandbox.import_urls(&[server.url("/busy")]);
    let out = sandbox.run(&["refresh"]);
    assert!(
        summary_line(&out).starts_with("1 feed, 0 new articles, 1 error in "),
        "{out}"
    );
    let error = sandbox.error_of(&server.url("/busy")).unwrap();
    assert!(
        error.contains("429 Too Many Requests (retry after 3600 s)"),
        "{error}"
    );
    let out = sandbox.run(&["refresh"]);
    assert!(
        summary_line(&out).ends_with("(1 not due, skipped)"),
        "{out}"
    );
    assert_eq!(server.hits("/busy"), 1);
    sandbox.run(&["refresh", "--force"]);
    assert_eq!(server.hits("/busy"), 2);
    let text = sandbox.run(&["feeds"]);
    assert!(text.contains("error: fetching"), "{text}");
}

#[test]
fn feed_option_refreshes_only_that_feed_and_quiet_prints_nothing() {
    let body: Arc<[u8]> = rss("One", 1).into_bytes().into();
    let server = Server::start(move |_| Reply::ok("application/rss+xml", Arc::clone(&body)));
    let sandbox = Sandbox::new();
    sandbox.import_urls(&[server.url("/a"), server.url("/b")]);
    let out = sandbox.run(&["refresh", "--feed", &server.url("/b"), "--quiet"]);
    assert_eq!(out, "");
    assert_eq!((server.hits("/a"), server.hits("/b")), (0, 1));
    sandbox
        .cmd()
        .args(["refresh", "--feed", "nonesuch"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no feed matches"));
}

#[test]
fn legacy_charsets_from_bom_header_prolog_or_detection() {
    let cyrillic = encoding_rs::WINDOWS_1251
        .encode(&rss("Новости", 1))
        .0
        .into_owned();
    let mut utf16 = vec![0xff, 0xfe];
    utf16.extend(
        rss("Ελληνικά", 1)
            .replace("UTF-8", "UTF-16")
            .encode_utf16()
            .flat_map(u16::to_le_bytes),
    );
    let files: Vec<(&str, Arc<[u8]>, &str)> = vec![
        (
            "/latin1",
            read("charset/feed-rs--rss_1.0_iso8859.xml").into(),
            "application/rss+xml",
        ),
        (
            "/sjis",
            read("charset/feedparser--chardet-shiftjis.xml").into(),
            "application/atom+xml",
        ),
        (
            "/hebrew",
            read("charset/feedparser--chardet-windows1255.xml").into(),
            "text/xml",
        ),
        (
            "/euckr",
            read("charset/feedparser--euc-kr-item.xml").into(),
            "application/rss+xml",
        ),
        (
            "/cp1251",
            cyrillic.into(),
            "application/rss+xml; charset=windows-1251",
        ),
        ("/utf16", utf16.into(), "application/rss+xml"),
    ];
    let table = files.clone();
    let server = Server::start(move |r| {
        table
            .iter()
            .find(|(p, ..)| *p == r.path)
            .map_or(Reply::status(404), |(_, body, ct)| {
                Reply::ok(ct, Arc::clone(body))
            })
    });
    let sandbox = Sandbox::new();
    sandbox.import_urls(
        &files
            .iter()
            .map(|(p, ..)| server.url(p))
            .collect::<Vec<_>>(),
    );
    let out = sandbox.run(&["refresh"]);
    assert!(summary_line(&out).contains(" 0 errors "), "{out}");
    let titles = sandbox.json(&["list"]).to_string();
    for needle in [
        "Glasfaserförderung",
        "DrecomRSSに記事投稿が反映されない",
        "Новости story 0",
        "Ελληνικά story 0",
    ] {
        assert!(titles.contains(needle), "{needle} not in {titles}");
    }
    let bodies: String = sandbox
        .json(&["list"])
        .as_array()
        .unwrap()
        .iter()
        .map(|a| sandbox.run(&["show", &a["id"].to_string()]))
        .collect();
    assert!(bodies.contains("האם תדפיס נייר"), "windows-1255 detected");
    assert!(bodies.contains('\u{b144}'), "EUC-KR from the prolog");
}

/// The Blogger article page, its feed links pointing at `server` instead of blogspot.
fn blogger_site() -> Server {
    let atom: Arc<[u8]> = read(ATOM).into();
    let rss: Arc<[u8]> = read(BLOGGER_RSS).into();
    let page = Arc::new(std::sync::OnceLock::<Arc<[u8]>>::new());
    let html = String::from_utf8(read("blogger/article.html")).expect("utf-8 page");
    let server_page = Arc::clone(&page);
    let server = Server::start(move |r| match r.path.as_str() {
        "/2017/05/trump-putin-discuss-syria-ceasefire-in.html" => Reply::ok(
            "text/html; charset=UTF-8",
            Arc::clone(server_page.get().expect("page set before serving")),
        ),
        "/feeds/posts/default" => {
            Reply::ok("application/atom+xml; charset=UTF-8", Arc::clone(&atom))
        }
        "/feeds/posts/default?alt=rss" => {
            Reply::ok("application/rss+xml; charset=UTF-8", Arc::clone(&rss))
        }
        "/plain.html" => Reply::ok(
            "text/html",
            &b"<html><head><title>x</title></head></html>"[..],
        ),
        _ => Reply::status(404),
    });
    let origin = server.url("");
    let rewritten = html
        .replace("https://ammar-magazine.blogspot.com", &origin)
        .into_bytes()
        .into();
    assert!(page.set(rewritten).is_ok(), "page set once");
    server
}

#[test]
fn add_discovers_the_first_feed_of_a_blogger_page_and_lists_the_rest() {
    let server = blogger_site();
    let sandbox = Sandbox::new();
    let page = server.url("/2017/05/trump-putin-discuss-syria-ceasefire-in.html");
    let out = sandbox.run(&["add", &page]);
    assert!(
        out.starts_with(&format!(
            "found 3 feeds at {page}\nadded feed 1: Ammar Johmani Magazine (6 stories)\n"
        )),
        "{out}"
    );
    assert!(
        out.contains(&server.url("/feeds/posts/default?alt=rss")),
        "{out}"
    );
    assert!(
        out.contains(&server.url("/feeds/6642017735512093184/comments/default")),
        "{out}"
    );
    assert_eq!(
        sandbox.feed_errors(),
        [(server.url("/feeds/posts/default"), None)]
    );
    assert_eq!(sandbox.json(&["list"]).as_array().unwrap().len(), 6);
    assert_eq!(
        server.hits("/feeds/posts/default?alt=rss"),
        0,
        "only the first feed is fetched"
    );
}

#[test]
fn add_of_a_page_without_feeds_says_none_found() {
    let server = blogger_site();
    let sandbox = Sandbox::new();
    let url = server.url("/plain.html");
    sandbox
        .cmd()
        .args(["add", &url])
        .assert()
        .code(1)
        .stderr(format!("error: no feed found at {url}\n"));
    sandbox
        .cmd()
        .args(["add", &server.url("/nope")])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("server returned 404 Not Found"));
    assert!(sandbox.feed_errors().is_empty());
}

#[test]
fn add_reads_local_files_offline() {
    let sandbox = Sandbox::new();
    let path = fixture(ATOM);
    let out = sandbox.run(&["add", path.to_str().unwrap(), "--tag", "local"]);
    assert!(
        out.starts_with("added feed 1: Ammar Johmani Magazine (6 stories)\n"),
        "{out}"
    );
    let rss_url = format!("file://{}", fixture(BLOGGER_RSS).display());
    sandbox.run(&["add", &rss_url]);
    assert_eq!(sandbox.json(&["list"]).as_array().unwrap().len(), 12);
    let out = sandbox.run(&["refresh", "--force"]);
    assert!(
        summary_line(&out).starts_with("2 feeds, 0 new articles, 0 errors"),
        "{out}"
    );
}

#[test]
fn unusable_database_is_fatal() {
    let sandbox = Sandbox::new();
    std::fs::write(
        sandbox.db(),
        b"not a database at all, just some bytes that go on and on",
    )
    .unwrap();
    sandbox
        .cmd()
        .arg("refresh")
        .assert()
        .code(1)
        .stderr(predicate::str::contains("is not a tidings database"));
}
