//! `inspect FILE_OR_URL`: a feed fetched, parsed and sanitized without storing it, as
//! text and as JSON; bad input is one `error:` line and a failing exit, never a panic.

mod support;

use std::sync::Arc;

use serde_json::Value;
use support::sandbox::{ATOM, BLOGGER_RSS, Sandbox, fixture, read};
use support::server::{Reply, Server};

fn path_of(name: &str) -> String {
    fixture(name).to_str().expect("utf-8 path").to_owned()
}

/// Runs `inspect ARGS…`, expecting failure; returns stderr after checking that stdout is
/// empty and stderr is exactly one `error: …` line.
fn inspect_error(sandbox: &Sandbox, args: &[&str]) -> String {
    let out = sandbox
        .cmd()
        .arg("inspect")
        .args(args)
        .assert()
        .failure()
        .code(1)
        .get_output()
        .clone();
    let stderr = String::from_utf8(out.stderr).expect("utf-8 stderr");
    assert!(out.stdout.is_empty(), "nothing on stdout: {:?}", out.stdout);
    assert_eq!(stderr.lines().count(), 1, "one line: {stderr:?}");
    assert!(stderr.starts_with("error: "), "{stderr:?}");
    assert!(!stderr.contains("panicked"), "{stderr:?}");
    stderr
}

#[test]
fn inspect_prints_the_feed_then_every_entry_as_text() {
    let sandbox = Sandbox::new();
    let atom = path_of(ATOM);
    let out = sandbox.run(&["inspect", &atom]);
    let head: Vec<&str> = out.lines().take(5).collect();
    assert_eq!(
        head,
        [
            "Ammar Johmani Magazine",
            "Kind: atom",
            "Link: https://ammar-magazine.blogspot.com/",
            &format!("Source: file://{atom}"),
            "Entries: 6",
        ]
    );
    for n in 1..=6 {
        assert!(out.contains(&format!("──── {n}/6 ────")), "{out}");
    }
    // The seed story: header lines, then its sanitized text with numbered links.
    let seed = out
        .split("────")
        .find(|e| e.contains("Trump, Putin discuss"))
        .expect("seed entry");
    assert!(seed.contains("\nAuthors: Ammar Johmani\n"), "{seed}");
    assert!(
        seed.contains("\nDate: 2017-05-02T20:15:00+00:00\n"),
        "{seed}"
    );
    assert!(
        seed.contains(
            "\nLink: https://ammar-magazine.blogspot.com/2017/05/trump-putin-discuss-syria-ceasefire-in.html\n"
        ),
        "{seed}"
    );
    assert!(
        seed.contains("Trump told Reuters[2] in an interview"),
        "{seed}"
    );
    assert!(seed.contains("[2]: https://www.reuters.com/"), "{seed}");
    assert!(!out.contains("<p>") && !out.contains("&amp;"), "{out}");
    assert!(!sandbox.db().exists(), "inspect never creates the database");
}

#[test]
fn inspect_json_has_the_documented_shape() {
    let sandbox = Sandbox::new();
    let json = sandbox.json(&["inspect", &path_of(BLOGGER_RSS)]);
    let keys = |v: &Value| {
        let mut keys: Vec<String> = v.as_object().expect("object").keys().cloned().collect();
        keys.sort();
        keys
    };
    assert_eq!(keys(&json), ["entries", "feed"]);
    assert_eq!(
        json["feed"],
        serde_json::json!({
            "title": "Ammar Johmani Magazine",
            "link": "https://ammar-magazine.blogspot.com/",
            "kind": "rss2",
            "warning": null,
        })
    );
    let entries = json["entries"].as_array().expect("entries");
    assert_eq!(entries.len(), 6);
    for entry in entries {
        assert_eq!(
            keys(entry),
            [
                "authors",
                "id",
                "link",
                "published",
                "tags",
                "text",
                "title"
            ]
        );
        let published = entry["published"].as_str().expect("dated");
        assert!(
            chrono::DateTime::parse_from_rfc3339(published).is_ok(),
            "{published}"
        );
        // RSS writes `noreply@blogger.com (Ammar Johmani)`: the name alone is shown.
        assert_eq!(entry["authors"], serde_json::json!(["Ammar Johmani"]));
        assert!(!entry["tags"].as_array().expect("tags").is_empty());
        assert!(!entry["text"].as_str().expect("text").is_empty());
    }
    let seed = entries
        .iter()
        .find(|e| {
            e["title"]
                .as_str()
                .unwrap_or("")
                .starts_with("Trump, Putin")
        })
        .expect("seed entry");
    assert_eq!(seed["published"], "2017-05-02T20:15:00Z");
    let text = seed["text"].as_str().expect("text");
    assert!(
        text.contains("Trump told Reuters[2] in an interview"),
        "{text}"
    );
    assert!(!text.contains("Post a Comment"), "{text}");
    assert!(!sandbox.db().exists(), "inspect never creates the database");
}

#[test]
fn inspect_fetches_over_http_and_discovers_a_page_feed() {
    let atom: Arc<[u8]> = read(ATOM).into();
    let page = "<!DOCTYPE html><html><head><link rel='alternate' \
                type='application/atom+xml' href='/feeds/posts/default'></head></html>";
    let server = Server::start(move |r| match r.path.as_str() {
        "/feeds/posts/default" => Reply::ok("application/atom+xml", Arc::clone(&atom)),
        "/" => Reply::ok("text/html", page.as_bytes()),
        _ => Reply::status(404),
    });
    let sandbox = Sandbox::new();
    let feed_url = server.url("/feeds/posts/default");
    let json = sandbox.json(&["inspect", &feed_url]);
    assert_eq!(json["feed"]["kind"], "atom");
    assert_eq!(json["entries"].as_array().expect("entries").len(), 6);

    let out = sandbox.run(&["inspect", &server.url("/")]);
    assert!(out.contains(&format!("\nSource: {feed_url}\n")), "{out}");
    assert!(
        out.contains(&format!("\nFound on: {}\n", server.url("/"))),
        "{out}"
    );
    assert!(out.contains("Entries: 6"), "{out}");
}

#[test]
fn bad_input_is_one_error_line_and_a_failing_exit() {
    let sandbox = Sandbox::new();
    let garbage = sandbox.path("garbage.xml");
    let bytes: Vec<u8> = (0u8..=255).cycle().take(4096).collect();
    std::fs::write(&garbage, bytes).expect("write");
    let stderr = inspect_error(&sandbox, &[garbage.to_str().expect("utf-8")]);
    assert!(stderr.contains("garbage.xml"), "{stderr}");

    let missing = sandbox.path("missing.xml");
    let stderr = inspect_error(&sandbox, &[missing.to_str().expect("utf-8")]);
    assert!(
        stderr.contains("neither a URL nor an existing file"),
        "{stderr}"
    );
    // A relative name is a missing file too, not a host name to look up.
    let stderr = inspect_error(&sandbox, &["no-such-feed.xml"]);
    assert!(
        stderr.contains("neither a URL nor an existing file"),
        "{stderr}"
    );

    let html = sandbox.path("page.html");
    std::fs::write(&html, "<!DOCTYPE html><html><body>hi</body></html>").expect("write");
    let stderr = inspect_error(&sandbox, &[html.to_str().expect("utf-8")]);
    assert!(stderr.contains("no feed"), "{stderr}");

    let empty = sandbox.path("empty.xml");
    std::fs::write(&empty, "").expect("write");
    inspect_error(&sandbox, &[empty.to_str().expect("utf-8")]);
    assert!(!sandbox.db().exists(), "inspect never creates the database");
}

#[test]
fn unreachable_or_failing_servers_are_one_error_line() {
    let sandbox = Sandbox::new();
    // A port nothing listens on: bound, then closed.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("free port")
        .port();
    let stderr = inspect_error(&sandbox, &[&format!("http://127.0.0.1:{port}/feed")]);
    assert!(stderr.contains("connection refused"), "{stderr}");

    let server = Server::start(|r| match r.path.as_str() {
        "/gone" => Reply::status(404),
        _ => Reply::ok("application/rss+xml", &b"\x00\x01\x1b[2J not xml"[..]),
    });
    let stderr = inspect_error(&sandbox, &[&server.url("/gone")]);
    assert!(stderr.contains("404"), "{stderr}");
    let stderr = inspect_error(&sandbox, &[&server.url("/junk")]);
    assert!(!stderr.contains('\x1b'), "{stderr:?}");
}

/// Control characters that must never reach a terminal from a feed.
fn is_hostile(c: char) -> bool {
    (c.is_control() && c != '\n')
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200b}' | '\u{feff}')
}

fn assert_safe(text: &str) {
    if let Some(c) = text.chars().find(|&c| is_hostile(c)) {
        panic!("unsafe character {c:?} in {text:?}");
    }
}

#[test]
fn escape_sequences_in_any_field_never_reach_stdout() {
    // ESC, CSI, OSC 52 (clipboard write) with BEL, C1 CSI, bidi override, DCS: in every
    // field a feed controls. XML 1.0 cannot carry raw C0 controls, so JSON Feed does.
    let evil = "A\u{1b}[2J\u{1b}]52;c;ZXZpbA==\u{7}B\u{9b}31m\u{202e}C\u{1b}P1;2|x\u{1b}\\D";
    let feed = serde_json::json!({
        "version": "https://jsonfeed.org/version/1.1",
        "title": format!("Feed {evil}"),
        "home_page_url": format!("https://example.com/{evil}"),
        "items": [{
            "id": format!("id-{evil}"),
            "url": format!("https://example.com/story/{evil}"),
            "title": format!("Title {evil}"),
            "authors": [{"name": format!("Author {evil}")}],
            "tags": [format!("tag {evil}")],
            "date_published": "2024-01-02T03:04:05Z",
            "content_html": format!(
                "<p>Body {evil}</p><p><a href='https://example.com/{evil}'>link {evil}</a></p>\
                 <img src='x' alt='{evil}'><script>alert(1)</script>"
            ),
        }],
    });
    let sandbox = Sandbox::new();
    let file = sandbox.path("evil.json");
    std::fs::write(&file, feed.to_string()).expect("write");
    let path = file.to_str().expect("utf-8");

    let text = sandbox.run(&["inspect", path]);
    assert_safe(&text);
    assert!(text.contains("Title ABCD"), "{text}");
    assert!(text.contains("Authors: Author ABCD"), "{text}");
    assert!(text.contains("Tags: tag ABCD"), "{text}");
    assert!(!text.contains("alert(1)"), "{text}");

    let raw = sandbox
        .cmd()
        .args(["inspect", path, "--json"])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let raw = String::from_utf8(raw).expect("utf-8");
    assert_safe(&raw);
    // serde_json would write ESC as \u001b: decode and check the strings themselves.
    let json: Value = serde_json::from_str(&raw).expect("JSON");
    let mut strings = Vec::new();
    collect_strings(&json, &mut strings);
    assert!(strings.len() >= 9, "{strings:?}");
    for s in &strings {
        assert_safe(s);
    }
    assert_eq!(json["entries"][0]["title"], "Title ABCD");
    assert_eq!(json["feed"]["title"], "Feed ABCD");
}

fn collect_strings(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::String(s) => out.push(s.clone()),
        Value::Array(items) => items.iter().for_each(|v| collect_strings(v, out)),
        Value::Object(map) => map.values().for_each(|v| collect_strings(v, out)),
        _ => {}
    }
}
