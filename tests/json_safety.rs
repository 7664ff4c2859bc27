//! Every output outside the reader passes the sanitizer: stored strings mixing readable
//! text (Latin, Arabic) with C1 controls, escape sequences, BEL and bidi controls are put in
//! every stored text column, and `--json`, the plain output and stderr print none of the
//! hostile characters while keeping the readable words.

// Helpers outside #[test] fns unwrap too: a failed step should fail the test loudly.
#![allow(clippy::unwrap_used)]

mod support;

use proptest::prelude::*;
use rusqlite::{Connection, params};
use support::clean::{json_output, plain_output};
use support::home;

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
