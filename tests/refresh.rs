//! `refresh` against a loopback server: conditional GET, schedules and back-off,
//! redirects, `--feed` and `--quiet`, and charsets. Nothing here leaves 127.0.0.1.

mod support;

use std::sync::Arc;

use predicates::prelude::*;
use support::sandbox::{ATOM, BLOGGER_RSS, Sandbox, read, rss, summary_line};
use support::server::{Reply, Request, Server};

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

#[test]
fn a_refresh_leaves_a_short_log_while_another_process_has_the_database_open() {
    let server = support::corpus::serve(40);
    let sandbox = Sandbox::new();
    sandbox.import_urls(&support::corpus::urls(&server, 40));
    // Like the reader: a connection that stays open keeps SQLite from removing the log
    // when the refresh's connection closes.
    let reader = tidings::store::Store::open(&sandbox.db()).expect("open");
    sandbox.run(&["refresh", "--quiet"]);
    let total: i64 = reader.stats().expect("stats").articles as i64;
    assert!(total > 1000, "{total} stories");
    let wal = sandbox.path("tidings.db-wal");
    let size = std::fs::metadata(&wal).map_or(0, |m| m.len());
    assert!(
        size < 1024 * 1024,
        "the log is {size} bytes after the refresh"
    );
}

#[test]
fn log_file_records_the_refresh_and_each_failure_and_is_private() {
    let server = Server::start(|r| match r.path.as_str() {
        "/ok" => Reply::ok("application/rss+xml", rss("Fine", 2).into_bytes()),
        _ => Reply::status(500),
    });
    let sandbox = Sandbox::new();
    sandbox.import_urls(&[server.url("/ok"), server.url("/broken")]);
    let log = sandbox.path("tidings.log");
    let out = sandbox
        .cmd()
        .args([
            "--log",
            log.to_str().unwrap(),
            "--log-level",
            "debug",
            "refresh",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = std::fs::read_to_string(&log).expect("log written");
    assert!(text.contains("refresh finished"), "{text}");
    assert!(
        text.contains("feed failed") && text.contains("/broken"),
        "{text}"
    );
    assert!(
        text.contains("feed stored") && text.contains("/ok"),
        "{text}"
    );
    assert!(!String::from_utf8_lossy(&out.stderr).contains("refresh finished"));
    let mode =
        std::os::unix::fs::PermissionsExt::mode(&std::fs::metadata(&log).unwrap().permissions())
            & 0o777;
    assert_eq!(mode, 0o600);
}
