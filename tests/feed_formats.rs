//! Feeds other readers accept, read by the real binary: every format in use (Atom 0.3,
//! RSS 0.90, base64 content, fallback elements, odd prefixes, xml:base) and broken XML
//! recovered with a warning, through `inspect --json` and through `add` and `refresh`.
//! The corpus is `tests/fixtures/feeds/`, one small feed per case.

mod support;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use serde_json::Value;
use support::sandbox::{Sandbox, fixture, read};
use support::server::{Reply, Server};

/// One fixture and what tidings must read from it.
struct Case {
    file: &'static str,
    kind: &'static str,
    title: &'static str,
    /// Part of the warning, or `None` when the feed must read without one.
    warning: Option<&'static str>,
    entries: &'static [Entry],
}

/// An entry's id, title, link, author and a part of its text.
struct Entry(
    &'static str,
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
    &'static str,
);

const CASES: &[Case] = &[
    Case {
        file: "entities.rss",
        kind: "rss2",
        title: "Café Society",
        warning: Some("HTML entities, 1 bare &"),
        entries: &[Entry(
            "cafe-1",
            "Café news & more …",
            Some("http://example.com/cafe"),
            None,
            "Crème brûlée — © 2024",
        )],
    },
    Case {
        file: "bare-ampersands.rss",
        kind: "rss2",
        title: "Tom & Jerry",
        warning: Some("7 bare &s"),
        entries: &[Entry(
            "amp-1",
            "Salt & pepper & more",
            Some("http://example.com/item?a=1&b=2"),
            None,
            "Fish & chips, AT&T and R&D",
        )],
    },
    Case {
        file: "truncated.rss",
        kind: "rss2",
        title: "Cut short",
        warning: Some("cut off before its end"),
        entries: &[
            Entry(
                "cut-1",
                "Complete story",
                Some("http://example.com/complete"),
                None,
                "Whole text.",
            ),
            Entry(
                "cut-2",
                "Half a story",
                Some("http://example.com/half"),
                None,
                "The server stopped sending in the mid",
            ),
        ],
    },
    Case {
        file: "atom03-escaped.atom",
        kind: "atom",
        title: "Atom 0.3 escaped",
        warning: None,
        entries: &[Entry(
            "tag:example.org,2004:escaped",
            "Escaped entry",
            Some("http://example.org/escaped"),
            None,
            "Hello escaped world",
        )],
    },
    Case {
        file: "atom03-base64.atom",
        kind: "atom",
        title: "Atom 0.3 base64",
        warning: None,
        entries: &[Entry(
            "tag:example.org,2004:base64",
            "Base64 entry",
            Some("http://example.org/base64"),
            None,
            "Hello from base64",
        )],
    },
    Case {
        file: "atom03-xml.atom",
        kind: "atom",
        title: "Atom 0.3 inline XML",
        warning: None,
        entries: &[Entry(
            "tag:example.org,2004:xml",
            "XML entry",
            Some("http://example.org/xml"),
            Some("Mark"),
            "Hello inline XML",
        )],
    },
    Case {
        file: "rss090.rdf",
        kind: "rss0",
        title: "Mozilla Dot Org",
        warning: None,
        entries: &[
            Entry(
                "http://www.mozilla.org/status/",
                "New Status Updates",
                Some("http://www.mozilla.org/status/"),
                None,
                "",
            ),
            Entry(
                "http://www.mozilla.org/bugs/",
                "Bugzilla Reorganized",
                Some("http://www.mozilla.org/bugs/"),
                None,
                "",
            ),
        ],
    },
    Case {
        file: "atom-base64.atom",
        kind: "atom",
        title: "Base64 content",
        warning: None,
        entries: &[Entry(
            "urn:example:base64:1",
            "Encoded body",
            Some("http://example.com/b64"),
            None,
            "Text that was base64",
        )],
    },
    Case {
        file: "fallback-dc.rss",
        kind: "rss2",
        title: "Dublin Core channel",
        warning: None,
        entries: &[Entry(
            "dc-1",
            "Title from dc:title",
            Some("http://example.com/dc"),
            None,
            "Text from dc:description",
        )],
    },
    Case {
        file: "fallback-itunes.rss",
        kind: "rss2",
        title: "A podcast",
        warning: None,
        entries: &[Entry(
            "ep-1",
            "Episode 1",
            Some("http://example.com/ep1"),
            None,
            "Show notes from itunes:summary",
        )],
    },
    Case {
        file: "fallback-media.rss",
        kind: "rss2",
        title: "Videos",
        warning: None,
        entries: &[Entry(
            "video-1",
            "Title from media:title",
            Some("http://example.com/video"),
            None,
            "Text from media:description",
        )],
    },
    Case {
        file: "permalink-guid.rss",
        kind: "rss2",
        title: "Permalinks",
        warning: None,
        entries: &[
            Entry(
                "http://example.com/2024/permalink",
                "Guid is the link",
                Some("http://example.com/2024/permalink"),
                None,
                "",
            ),
            Entry(
                "http://example.com/not-a-page",
                "Guid is not a link",
                None,
                None,
                "",
            ),
        ],
    },
    Case {
        file: "odd-prefixes.rss",
        kind: "rss2",
        title: "Odd prefixes",
        warning: None,
        entries: &[Entry(
            "odd-1",
            "Uppercase prefix, no trailing slash",
            Some("http://example.com/odd"),
            None,
            "Body under an https namespace",
        )],
    },
    Case {
        file: "undeclared-prefix.rss",
        kind: "rss2",
        title: "Undeclared prefixes",
        warning: Some("2 undeclared prefixes"),
        entries: &[Entry(
            "undeclared-1",
            "Who wrote this — and where",
            Some("http://example.com/undeclared"),
            Some("Jane Doe"),
            "Body & soul",
        )],
    },
    Case {
        file: "rss1-title-only.rdf",
        kind: "rss1",
        title: "RSS 1.0",
        warning: None,
        entries: &[
            Entry(
                "http://example.com/only-title",
                "Only a title",
                Some("http://example.com/only-title"),
                None,
                "",
            ),
            Entry(
                "http://example.com/full",
                "Full item",
                Some("http://example.com/full"),
                None,
                "",
            ),
        ],
    },
];

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
