//! The headless story, flag, search and error commands, driven through the real binary
//! against temporary databases (subscription files: `cli_subscriptions.rs`).

// Helpers outside #[test] fns unwrap too: a failed step should fail the test loudly.
#![allow(clippy::unwrap_used)]

mod support;

use predicates::prelude::*;
use support::home::{ATOM, Sandbox};

#[test]
fn list_json_has_the_documented_shape() {
    let sandbox = Sandbox::new();
    sandbox.with_blogger_stories();
    let list = sandbox.json(&["list", "--limit", "3"]);
    let articles = list.as_array().unwrap();
    assert_eq!(articles.len(), 3);
    let keys: Vec<&str> = articles[0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    for key in [
        "id",
        "feed_id",
        "feed",
        "title",
        "link",
        "author",
        "published",
        "read",
        "starred",
        "tags",
        "full_text",
        "enclosures",
    ] {
        assert!(keys.contains(&key), "missing {key} in {keys:?}");
    }
    assert_eq!(keys.len(), 12, "{keys:?}");
    assert_eq!(articles[0]["full_text"], false, "no page is kept");
    let published = articles[0]["published"].as_str().unwrap();
    assert!(
        chrono::DateTime::parse_from_rfc3339(published).is_ok(),
        "{published}"
    );
    let dates: Vec<&str> = articles
        .iter()
        .map(|a| a["published"].as_str().unwrap())
        .collect();
    assert!(
        dates.windows(2).all(|w| w[0] >= w[1]),
        "newest first: {dates:?}"
    );
    assert_eq!(
        sandbox.json(&["list"]).as_array().unwrap().len(),
        6,
        "every match without --limit"
    );
}

#[test]
fn star_tag_and_read_show_up_in_list_filters() {
    let sandbox = Sandbox::new();
    sandbox.with_blogger_stories();
    let ids = sandbox.article_ids();
    let (a, b) = (ids[0].to_string(), ids[1].to_string());
    sandbox
        .cmd()
        .args(["star", &a])
        .assert()
        .success()
        .stdout("starred 1 story\n");
    sandbox
        .cmd()
        .args(["tag", &b, "later", "سوريا"])
        .assert()
        .success();
    sandbox.cmd().args(["read", &a, &b]).assert().success();

    let starred = sandbox.json(&["list", "--starred"]);
    assert_eq!(starred.as_array().unwrap().len(), 1);
    assert_eq!(starred[0]["id"].as_i64(), Some(ids[0]));
    let tagged = sandbox.json(&["list", "--tag", "سوريا"]);
    assert_eq!(tagged[0]["tags"], serde_json::json!(["later", "سوريا"]));
    assert_eq!(
        sandbox
            .json(&["list", "--unread"])
            .as_array()
            .unwrap()
            .len(),
        4
    );

    sandbox
        .cmd()
        .args(["untag", &b, "later"])
        .assert()
        .success();
    sandbox.cmd().args(["unstar", &a]).assert().success();
    sandbox.cmd().args(["unread", &a]).assert().success();
    assert!(
        sandbox
            .json(&["list", "--starred"])
            .as_array()
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        sandbox
            .json(&["list", "--unread"])
            .as_array()
            .unwrap()
            .len(),
        5
    );
    sandbox
        .cmd()
        .args(["mark-all-read", "--feed", "1"])
        .assert()
        .success();
    assert!(
        sandbox
            .json(&["list", "--unread"])
            .as_array()
            .unwrap()
            .is_empty()
    );
}

#[test]
fn stats_json_counts_everything() {
    let sandbox = Sandbox::new();
    sandbox.with_blogger_stories();
    let id = sandbox.article_ids()[0].to_string();
    sandbox.cmd().args(["star", &id]).assert().success();
    sandbox
        .cmd()
        .args(["tag", &id, "x", "y"])
        .assert()
        .success();
    let stats = sandbox.json(&["stats"]);
    assert_eq!(stats["feeds"], 1);
    assert_eq!(stats["articles"], 6);
    assert_eq!(stats["unread"], 6);
    assert_eq!(stats["starred"], 1);
    assert_eq!(stats["tags"], 2);
    assert!(stats["db_bytes"].as_u64().unwrap() > 0);
}

#[test]
fn show_prints_clean_text() {
    let sandbox = Sandbox::new();
    sandbox.with_blogger_stories();
    let list = sandbox.json(&["list"]);
    let seed = list
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"].as_str().unwrap().starts_with("Trump"))
        .unwrap();
    let out = sandbox
        .cmd()
        .args(["show", &seed["id"].to_string()])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    assert!(text.starts_with("Trump, Putin"), "{text}");
    assert!(text.contains("ceasefire"));
    assert!(!text.contains('<') || !text.contains("<div"), "no raw HTML");
    assert!(
        !text
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\t')
    );
}

#[test]
fn search_finds_words_phrases_and_prefixes() {
    let sandbox = Sandbox::new();
    sandbox.with_blogger_stories();
    let hits = sandbox.json(&["search", "ceasefire"]);
    assert!(!hits.as_array().unwrap().is_empty());
    let phrase = sandbox.json(&["search", "\"Trump, Putin\""]);
    assert!(phrase[0]["title"].as_str().unwrap().starts_with("Trump"));
    let prefix = sandbox.json(&["search", "ceasef*"]);
    assert!(!prefix.as_array().unwrap().is_empty());
    sandbox
        .cmd()
        .args(["search", "zzzznothing"])
        .assert()
        .success()
        .stdout("");
}

#[test]
fn bad_search_syntax_is_a_clear_error() {
    let sandbox = Sandbox::new();
    sandbox.with_blogger_stories();
    sandbox
        .cmd()
        .args(["search", "\"unclosed"])
        .assert()
        .code(1)
        .stderr(predicate::str::starts_with("error: invalid search query"));
}

#[test]
fn remove_keeps_starred_stories() {
    let sandbox = Sandbox::new();
    sandbox.with_blogger_stories();
    let id = sandbox.article_ids()[2];
    sandbox
        .cmd()
        .args(["star", &id.to_string()])
        .assert()
        .success();
    sandbox
        .cmd()
        .args(["remove", "1"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "5 stories deleted, 1 starred or tagged kept",
        ));
    let left = sandbox.json(&["list"]);
    assert_eq!(left.as_array().unwrap().len(), 1);
    assert_eq!(left[0]["id"].as_i64(), Some(id));
    assert!(left[0]["feed_id"].is_null());
}

#[test]
fn add_accepts_urls_and_rejects_other_schemes() {
    let sandbox = Sandbox::new();
    // `add` reads the feed (offline here: a local file), so the file must exist.
    let file = format!("file://{}", std::fs::canonicalize(ATOM).unwrap().display());
    sandbox
        .cmd()
        .args(["add", &file, "--tag", "local"])
        .assert()
        .success();
    sandbox
        .cmd()
        .args(["add", "ftp://example.com/feed"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("unsupported URL scheme"));
    sandbox
        .cmd()
        .args(["add", &file])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("already subscribed"));
    let feeds = sandbox.json(&["feeds"]);
    assert_eq!(feeds[0]["tags"], serde_json::json!(["local"]));
}
