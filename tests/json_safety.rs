//! Every output outside the reader passes the sanitizer: stored strings mixing readable
//! text (Latin, Arabic) with C1 controls, escape sequences, BEL and bidi controls are put in
//! every stored text column, and `--json`, the plain output and stderr print none of the
//! hostile characters while keeping the readable words.

// Helpers outside #[test] fns unwrap too: a failed step should fail the test loudly.
#![allow(clippy::unwrap_used)]

mod support;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use proptest::prelude::*;
use rusqlite::{Connection, params};
use serde_json::Value;
use support::home;
use support::server::{Reply, Server};

/// Readable words: each must survive sanitizing wherever it was stored.
const WORDS: &[&str] = &["Syria", "Québec", "ترامب", "سوريا", "news"];

/// Whole hostile sequences: removed (or, for some C1 controls, turned into the
/// windows-1252 punctuation they stand for), never printed.
const HOSTILE: &[&str] = &[
    "\u{1b}[2J",
    "\u{1b}[1;31m",
    "\u{1b}]52;c;ZXZpbA==\u{7}",
    "\u{7}",
    "\u{9b}2J",
    "\u{9d}0;title\u{9c}",
    "\u{80}",
    "\u{85}",
    "\u{8d}",
    "\u{92}",
    "\u{9f}",
    "\u{202e}",
    "\u{2066}",
    "\u{2069}",
];

/// The hostile pieces XML can carry as character references (no C0 controls but tab,
/// newline and carriage return are allowed there).
const HOSTILE_XML: &[&str] = &[
    "&#x9b;2J", "&#x85;", "&#x80;", "&#x92;", "&#x9f;", "&#x202e;", "&#x2066;", "&#x2069;",
];

/// A stored string and the readable words in it.
#[derive(Debug, Clone)]
struct Mixed {
    text: String,
    words: Vec<&'static str>,
}

/// Readable words and hostile pieces in any order, with at least one word.
fn mixed(hostile: &'static [&'static str]) -> impl Strategy<Value = Mixed> {
    let piece = prop_oneof![
        prop::sample::select(WORDS).prop_map(|w| (w, true)),
        prop::sample::select(hostile).prop_map(|h| (h, false)),
    ];
    (
        prop::sample::select(WORDS),
        prop::collection::vec((piece, prop::bool::ANY), 1..8),
    )
        .prop_map(|(first, pieces)| {
            let mut text = first.to_owned();
            let mut words = vec![first];
            for ((piece, is_word), spaced) in pieces {
                if spaced {
                    text.push(' ');
                }
                text.push_str(piece);
                if is_word {
                    words.push(piece);
                }
            }
            Mixed { text, words }
        })
}

/// Characters no output may hold: C0 controls but newline and tab, DEL, C1 controls, bidi
/// embeddings, overrides and isolates.
fn is_hostile(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{8}' | '\u{b}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
        | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

fn assert_clean(what: &str, text: &str) {
    let found: Vec<char> = text.chars().filter(|&c| is_hostile(c)).collect();
    assert!(found.is_empty(), "{what} printed {found:?}: {text:?}");
}

/// Every string in a JSON value, decoded (serde_json would escape C0 controls, hiding
/// them from a scan of the raw text).
fn strings(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::String(s) => out.push(s.clone()),
        Value::Array(items) => items.iter().for_each(|v| strings(v, out)),
        Value::Object(map) => map.values().for_each(|v| strings(v, out)),
        _ => {}
    }
}

/// Runs `args` with `--json`; checks the raw output and every decoded string.
fn json_output(sandbox: &home::Sandbox, args: &[&str]) -> String {
    let out = sandbox.cmd().args(args).arg("--json").output().unwrap();
    assert!(out.status.success(), "{args:?}: {out:?}");
    let raw = String::from_utf8(out.stdout).unwrap();
    assert_clean(&format!("{args:?} (raw)"), &raw);
    assert!(!raw.contains("\\u00"), "{args:?} escaped a control: {raw}");
    let mut all = Vec::new();
    strings(&serde_json::from_str(&raw).unwrap(), &mut all);
    let decoded = all.join("\n");
    assert_clean(&format!("{args:?} (decoded)"), &decoded);
    decoded
}

/// Runs `args` in plain mode; checks stdout and stderr.
fn plain_output(sandbox: &home::Sandbox, args: &[&str]) -> String {
    let out = sandbox.cmd().args(args).output().unwrap();
    assert!(out.status.success(), "{args:?}: {out:?}");
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_clean(&format!("{args:?} stdout"), &stdout);
    assert_clean(
        &format!("{args:?} stderr"),
        &String::from_utf8_lossy(&out.stderr),
    );
    stdout
}

fn assert_words(what: &str, output: &str, columns: &[&Mixed]) {
    for column in columns {
        for word in &column.words {
            assert!(
                output.contains(word),
                "{what} lost {word:?} of {:?}: {output}",
                column.text
            );
        }
    }
}

/// The stored columns of one feed and two stories (one from a removed feed).
#[derive(Debug, Clone)]
struct Columns {
    feed_title: Mixed,
    feed_url: Mixed,
    feed_link: Mixed,
    feed_tag: Mixed,
    last_error: Mixed,
    story_title: Mixed,
    author: Mixed,
    story_link: Mixed,
    story_tag: Mixed,
    orphan_feed: Mixed,
}

fn columns() -> impl Strategy<Value = Columns> {
    let m = || mixed(HOSTILE);
    (m(), m(), m(), m(), m(), m(), m(), m(), m(), m()).prop_map(
        |(
            feed_title,
            feed_url,
            feed_link,
            feed_tag,
            last_error,
            story_title,
            author,
            story_link,
            story_tag,
            orphan_feed,
        )| Columns {
            feed_title,
            feed_url,
            feed_link,
            feed_tag,
            last_error,
            story_title,
            author,
            story_link,
            story_tag,
            orphan_feed,
        },
    )
}

/// Writes the rows straight into the database (created by the binary, so the schema is
/// the real one): the surest way to reach every column, whatever the fetcher would store.
fn store(sandbox: &home::Sandbox, c: &Columns) {
    sandbox.cmd().arg("stats").assert().success();
    let db = Connection::open(sandbox.db()).unwrap();
    db.execute(
        "INSERT INTO feeds (id, url, title, custom_title, link, last_error, added)
         VALUES (1, ?1, ?2, ?3, ?4, ?5, 0)",
        params![
            format!("http://example.com/{}", c.feed_url.text),
            c.story_title.text,
            c.feed_title.text,
            c.feed_link.text,
            c.last_error.text
        ],
    )
    .unwrap();
    db.execute(
        "INSERT INTO feed_tags (feed_id, tag) VALUES (1, ?1)",
        [&c.feed_tag.text],
    )
    .unwrap();
    for (id, feed_id, orphan) in [(1, Some(1), None), (2, None, Some(&c.orphan_feed.text))] {
        db.execute(
            "INSERT INTO articles (id, feed_id, orphan_feed_title, guid, link, title, author,
                 published, content, content_hash, starred, first_seen, sort_time)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 1700000000, ?8, 0, 1, 0, 1700000000)",
            params![
                id,
                feed_id,
                orphan,
                format!("guid-{id}"),
                c.story_link.text,
                format!("zebra {}", c.story_title.text),
                c.author.text,
                format!("<p>zebra {}</p>", c.story_title.text),
            ],
        )
        .unwrap();
        db.execute(
            "INSERT INTO article_tags (article_id, tag) VALUES (?1, ?2)",
            params![id, c.story_tag.text],
        )
        .unwrap();
    }
}

proptest! {
    // Each case runs the binary a dozen times.
    #![proptest_config(ProptestConfig::with_cases(16))]

    #[test]
    fn outputs_print_no_control_or_bidi_characters_from_any_stored_column(c in columns()) {
        let sandbox = home::Sandbox::new();
        store(&sandbox, &c);

        let feeds = json_output(&sandbox, &["feeds"]);
        assert_words(
            "feeds --json",
            &feeds,
            &[&c.feed_title, &c.feed_url, &c.feed_link, &c.feed_tag, &c.last_error],
        );
        let story_columns = [
            &c.feed_title, &c.story_title, &c.author, &c.story_link, &c.story_tag, &c.orphan_feed,
        ];
        assert_words("list --json", &json_output(&sandbox, &["list"]), &story_columns);
        assert_words(
            "search --json",
            &json_output(&sandbox, &["search", "zebra"]),
            &story_columns,
        );
        json_output(&sandbox, &["stats"]);

        let feeds = plain_output(&sandbox, &["feeds"]);
        assert_words("feeds", &feeds, &[&c.feed_url, &c.feed_tag, &c.last_error]);
        assert_words(
            "list",
            &plain_output(&sandbox, &["list"]),
            &[&c.story_title, &c.story_tag],
        );
        let shown = plain_output(&sandbox, &["show", "1"]);
        assert_words(
            "show",
            &shown,
            &[&c.feed_title, &c.story_title, &c.author, &c.story_link, &c.story_tag],
        );
        assert_words("show 2", &plain_output(&sandbox, &["show", "2"]), &[&c.orphan_feed]);
        assert_words(
            "export",
            &plain_output(&sandbox, &["export"]),
            &[&c.feed_title, &c.feed_tag],
        );
    }

    #[test]
    fn inspect_prints_no_control_or_bidi_characters_from_a_feed_file(
        title in mixed(HOSTILE_XML),
        item in mixed(HOSTILE_XML),
        author in mixed(HOSTILE_XML),
        category in mixed(HOSTILE_XML),
    ) {
        let sandbox = home::Sandbox::new();
        let file = sandbox.dir.path().join("feed.xml");
        std::fs::write(&file, format!(
            r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>
<title>{}</title><link>http://example.com/{}</link><description>d</description>
<item><title>{}</title><link>http://example.com/a/{}</link><guid>g-{}</guid>
<dc:creator>{}</dc:creator><category>{}</category>
<description>&lt;p&gt;{}&lt;/p&gt;</description></item>
</channel></rss>"#,
            title.text, title.text, item.text, item.text, item.text, author.text,
            category.text, item.text,
        )).unwrap();
        let path = file.to_str().unwrap();
        let columns = [&title, &item, &author, &category];
        let json = json_output(&sandbox, &["inspect", path]);
        assert_words("inspect --json", &json, &columns);
        assert_words("inspect", &plain_output(&sandbox, &["inspect", path]), &columns);
    }
}

#[test]
fn imported_opml_titles_are_clean_in_json_and_plain_output() {
    let sandbox = home::Sandbox::new();
    let opml = sandbox.dir.path().join("subs.opml");
    std::fs::write(
        &opml,
        r#"<?xml version="1.0"?><opml version="2.0"><body>
<outline text="News&#x202e;&#x9b;2J">
<outline type="rss" title="ترامب&#x9b;2J&#x2066; Syria&#x85;" text="x" xmlUrl="http://example.com/feed"/>
<outline type="rss" text="سوريا&#x202e;&#x9d;0;t&#x9c; Québec" xmlUrl="http://example.com/other"/>
</outline></body></opml>"#,
    )
    .unwrap();
    plain_output(&sandbox, &["import", opml.to_str().unwrap()]);
    let json = json_output(&sandbox, &["feeds"]);
    for word in ["ترامب", "Syria", "سوريا", "Québec", "News"] {
        assert!(json.contains(word), "{word} missing: {json}");
    }
    let plain = plain_output(&sandbox, &["feeds"]);
    assert!(
        plain.contains("Syria") && plain.contains("Québec"),
        "{plain}"
    );
}

#[test]
fn fatal_errors_quoting_the_command_line_are_clean_on_stderr() {
    let sandbox = home::Sandbox::new();
    let out = sandbox
        .cmd()
        .args([
            "remove",
            "Syria\u{1b}]52;c;ZXZpbA==\u{7}\u{202e}ترامب\u{9b}2J",
        ])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_clean("remove stderr", &stderr);
    assert!(
        stderr.contains("Syria") && stderr.contains("ترامب"),
        "{stderr}"
    );
}

/// The error text the fake TT-RSS refuses calls with.
const SERVER_ERROR: &str = r#"{"seq":0,"status":1,"content":{"error":"Syria \u001b[2J\u0007\u009b31m\u202eترامب\u2066 \u001b]52;c;ZXZpbA==\u0007"}}"#;

/// A TT-RSS stand-in: answers the first `ok` calls with a reply that serves as a login,
/// then refuses every call with [`SERVER_ERROR`]. Each reply closes its
/// connection, since the test server does not read request bodies.
fn fake_ttrss(ok: usize) -> (Server, Arc<AtomicUsize>) {
    let calls = Arc::new(AtomicUsize::new(0));
    let seen = Arc::clone(&calls);
    let server = Server::start(move |_| {
        let body = if seen.fetch_add(1, Ordering::SeqCst) < ok {
            r#"{"seq":0,"status":0,"content":{"session_id":"s1","api_level":20}}"#
        } else {
            SERVER_ERROR
        };
        Reply::ok("application/json", body.as_bytes().to_vec()).header("Connection", "close")
    });
    (server, calls)
}

/// Runs `args` against `server` as the `[sync]` server; fails, returns stderr.
fn run_synced(server: &Server, args: &[&str]) -> String {
    let sandbox = home::Sandbox::new();
    let config = sandbox.dir.path().join("config.toml");
    std::fs::write(
        &config,
        format!(
            "[sync]\nprovider = \"ttrss\"\nurl = \"{}\"\nuser = \"me\"\npassword = \"pw\"\n",
            server.url("/")
        ),
    )
    .unwrap();
    let out = sandbox
        .cmd()
        .env("NO_PROXY", "*")
        .arg("--config")
        .arg(&config)
        .args(args)
        .output()
        .unwrap();
    assert!(!out.status.success(), "{out:?}");
    String::from_utf8(out.stderr).unwrap()
}

#[test]
fn sync_prints_a_servers_error_text_clean_on_stderr() {
    let (server, calls) = fake_ttrss(1);
    let stderr = run_synced(&server, &["sync"]);
    assert!(
        calls.load(Ordering::SeqCst) >= 2,
        "the server was not asked past login"
    );
    assert_clean("sync stderr", &stderr);
    assert!(
        stderr.contains("Syria") && stderr.contains("ترامب"),
        "{stderr}"
    );
}
