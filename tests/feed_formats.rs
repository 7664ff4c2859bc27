//! Feeds other readers accept, read by the real binary: every format in use (Atom 0.3,
//! RSS 0.90, base64 content, fallback elements, odd prefixes, xml:base) and broken XML
//! recovered with a warning, through `inspect --json` and through `add` and `refresh`.
//! The corpus is `tests/fixtures/feeds/`, one small feed per case.

mod feed_cases;
mod support;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use feed_cases::{CASES, Case, Entry};
use serde_json::Value;
use support::sandbox::{Sandbox, fixture, read};
use support::server::{Reply, Server};

fn path_of(file: &str) -> String {
    fixture(&format!("feeds/{file}"))
        .to_str()
        .expect("utf-8 path")
        .to_owned()
}

fn check_warning(case: &Case, warning: &Value) {
    match case.warning {
        Some(part) => {
            let text = warning.as_str().unwrap_or_default();
            assert!(
                text.starts_with("recovered from broken XML: ") && text.contains(part),
                "{}: warning {warning} should contain {part:?}",
                case.file
            );
        }
        None => assert_eq!(warning, &Value::Null, "{}", case.file),
    }
}

#[test]
fn every_fixture_reads_as_other_readers_read_it_through_inspect_json() {
    let sandbox = Sandbox::new();
    for case in CASES {
        let report = sandbox.json(&["inspect", &path_of(case.file)]);
        let feed = &report["feed"];
        assert_eq!(feed["kind"], case.kind, "{}", case.file);
        assert_eq!(feed["title"], case.title, "{}", case.file);
        check_warning(case, &feed["warning"]);
        let entries = report["entries"].as_array().expect("entries");
        assert_eq!(entries.len(), case.entries.len(), "{}", case.file);
        for (got, Entry(id, title, link, author, text)) in entries.iter().zip(case.entries) {
            assert_eq!(got["id"], *id, "{}", case.file);
            assert_eq!(got["title"], *title, "{}", case.file);
            assert_eq!(got["link"].as_str(), *link, "{}: link", case.file);
            if let Some(author) = author {
                assert_eq!(got["authors"][0], *author, "{}", case.file);
            }
            let shown = got["text"].as_str().unwrap_or_default();
            assert!(shown.contains(text), "{}: {shown:?}", case.file);
        }
    }
}

/// Serves every fixture at `/NAME`.
fn fixture_server() -> Server {
    let bodies: Vec<(String, Arc<[u8]>)> = CASES
        .iter()
        .map(|c| {
            (
                format!("/{}", c.file),
                read(&format!("feeds/{}", c.file)).into(),
            )
        })
        .collect();
    Server::start(move |r| {
        bodies.iter().find(|(path, _)| *path == r.path).map_or_else(
            || Reply::status(404),
            |(_, body)| Reply::ok("application/xml", Arc::clone(body)),
        )
    })
}

#[test]
fn every_fixture_is_subscribed_and_refreshed_with_its_stories_and_warning() {
    let server = fixture_server();
    let sandbox = Sandbox::new();
    for case in CASES {
        let out = sandbox.run(&["add", &server.url(&format!("/{}", case.file))]);
        let stories = format!("({} stories)", case.entries.len());
        assert!(out.contains(&stories), "{}: {out}", case.file);
    }
    // A second fetch of each (recovered again, or not needed) keeps the same result.
    sandbox.run(&["refresh", "--force"]);
    let feeds = sandbox.json(&["feeds"]);
    let feeds = feeds.as_array().expect("feeds");
    assert_eq!(feeds.len(), CASES.len());
    for case in CASES {
        let url = server.url(&format!("/{}", case.file));
        let feed = feeds
            .iter()
            .find(|f| f["url"] == url.as_str())
            .expect("feed");
        assert_eq!(feed["title"], case.title, "{}", case.file);
        assert_eq!(feed["last_error"], Value::Null, "{}", case.file);
        check_warning(case, &feed["warning"]);
        let stories = sandbox.json(&["list", "--feed", &url]);
        let mut titles: Vec<&str> = stories
            .as_array()
            .expect("stories")
            .iter()
            .filter_map(|s| s["title"].as_str())
            .collect();
        let mut expected: Vec<&str> = case.entries.iter().map(|e| e.1).collect();
        titles.sort_unstable();
        expected.sort_unstable();
        assert_eq!(titles, expected, "{}", case.file);
    }
}

#[test]
fn the_warning_goes_once_the_feed_parses_strictly_and_feeds_shows_it_until_then() {
    let fixed = Arc::new(AtomicBool::new(false));
    let broken: Arc<[u8]> = read("feeds/bare-ampersands.rss").into();
    let clean: Arc<[u8]> = String::from_utf8(read("feeds/bare-ampersands.rss"))
        .expect("utf-8")
        .replace(" & ", " &amp; ")
        .replace("&b=", "&amp;b=")
        .replace("T&T", "T&amp;T")
        .replace("R&D", "R&amp;D")
        .into_bytes()
        .into();
    let serve_fixed = Arc::clone(&fixed);
    let server = Server::start(move |_| {
        let body = if serve_fixed.load(Ordering::SeqCst) {
            &clean
        } else {
            &broken
        };
        Reply::ok("application/rss+xml", Arc::clone(body))
    });
    let sandbox = Sandbox::new();
    sandbox.run(&["add", &server.url("/feed")]);
    let listed = sandbox.run(&["feeds"]);
    assert!(
        listed.contains("warning: recovered from broken XML: 7 bare &s"),
        "{listed}"
    );
    fixed.store(true, Ordering::SeqCst);
    sandbox.run(&["refresh", "--force"]);
    assert_eq!(sandbox.json(&["feeds"])[0]["warning"], Value::Null);
    assert!(!sandbox.run(&["feeds"]).contains("warning:"));
}

#[test]
fn inspect_prints_a_warning_line_for_a_recovered_feed_only() {
    let sandbox = Sandbox::new();
    let broken = sandbox.run(&["inspect", &path_of("truncated.rss")]);
    let head: Vec<&str> = broken.lines().take(3).collect();
    assert_eq!(head[1], "Kind: rss2");
    assert_eq!(
        head[2],
        "Warning: recovered from broken XML: 4 unclosed elements, cut off before its end"
    );
    let clean = sandbox.run(&["inspect", &path_of("rss090.rdf")]);
    assert!(!clean.contains("Warning:"), "{clean}");
}

#[test]
fn relative_links_resolve_against_the_url_the_feed_was_fetched_from() {
    let body: Arc<[u8]> = read("feeds/xml-base.atom").into();
    let server = Server::start(move |_| Reply::ok("application/atom+xml", Arc::clone(&body)));
    let sandbox = Sandbox::new();
    let report = sandbox.json(&["inspect", &server.url("/feeds/base.atom")]);
    let origin = server.url("");
    assert_eq!(
        report["feed"]["link"],
        format!("{origin}/blog/index.html").as_str()
    );
    let entry = &report["entries"][0];
    assert_eq!(
        entry["link"],
        format!("{origin}/blog/posts/one.html").as_str()
    );
    // The content's own xml:base, inside the entry's, inside the feed's.
    let text = entry["text"].as_str().unwrap_or_default();
    assert!(
        text.contains(&format!("[1]: {origin}/blog/posts/media/two.html")),
        "{text}"
    );
}

/// The shared real-world corpus (absent from a user's clone): every feed feed-rs reads
/// alone, tidings reads with at least as many entries and titles; the rest, broken on
/// purpose, are recovered or refused without a panic.
#[test]
fn real_world_feeds_read_the_same_or_better() {
    let dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures/real-world");
    let Ok(files) = std::fs::read_dir(dir) else {
        return;
    };
    let url = url::Url::parse("http://127.0.0.1/feed").expect("url");
    let mut read = 0;
    for path in files.filter_map(Result::ok).map(|e| e.path()) {
        if !path.extension().is_some_and(|x| x == "xml" || x == "json") {
            continue;
        }
        let document = tidings::feed::Document {
            bytes: std::fs::read(&path).expect("readable"),
            content_type: None,
        };
        let ours = document.parse(&url);
        let Ok(theirs) = feed_rs::parser::parse(&*document.decoded()) else {
            continue;
        };
        let ours = ours.unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert!(
            ours.entries.len() >= theirs.entries.len(),
            "{}",
            path.display()
        );
        let titled = |n: usize| theirs.entries.get(n).and_then(|e| e.title.as_ref());
        for (n, entry) in ours.entries.iter().enumerate() {
            if titled(n).is_some_and(|t| !t.content.trim().is_empty()) {
                assert!(!entry.title.is_empty(), "{}: entry {n}", path.display());
            }
        }
        read += 1;
    }
    assert!(read >= 20, "only {read} feeds read");
}

/// Every real-world feed cut off at forty places: each cut is recovered to a document
/// that needs no second repair, and parsing it never panics.
#[test]
fn real_world_feeds_cut_anywhere_recover_without_panic() {
    let dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures/real-world");
    let Ok(files) = std::fs::read_dir(dir) else {
        return;
    };
    for path in files.filter_map(Result::ok).map(|e| e.path()) {
        let bytes = std::fs::read(&path).expect("readable");
        let decoded = tidings::feed::charset::to_utf8(&bytes, None).bytes;
        let text = String::from_utf8_lossy(&decoded);
        let step = (text.len() / 40).max(1);
        for cut in (0..text.len())
            .step_by(step)
            .filter(|&c| text.is_char_boundary(c))
        {
            let once = tidings::feed::recover::recover(&text[..cut]);
            let twice = tidings::feed::recover::recover(&once.text);
            assert!(twice.repairs.is_empty(), "{} cut at {cut}", path.display());
            let _ = tidings::feed::parse_feed(text[..cut].as_bytes(), Some("http://127.0.0.1/"));
        }
    }
}
