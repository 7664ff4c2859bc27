//! Full text: the per-feed opt-in (`add --full-text`, `full-text FEED on|off`, shown by
//! `feeds`), and a story's page fetched from loopback by the reader's background task,
//! extracted, kept in the store and printed by `show`.

mod support;

use std::sync::Arc;

use serde_json::Value;
use support::sandbox::{ATOM, BLOGGER_RSS, Sandbox, fixture, read};
use support::server::{Reply, Server};

fn path_of(name: &str) -> String {
    fixture(name).to_str().expect("utf-8 path").to_owned()
}

/// `feeds --json` as (url, full_text) pairs.
fn full_text_flags(sandbox: &Sandbox) -> Vec<(String, bool)> {
    let feeds = sandbox.json(&["feeds"]);
    feeds
        .as_array()
        .expect("feeds")
        .iter()
        .map(|f| {
            let url = f["url"].as_str().expect("url").to_owned();
            (url, f["full_text"].as_bool().expect("full_text is a bool"))
        })
        .collect()
}

#[test]
fn add_full_text_sets_the_flag_and_full_text_command_toggles_it() {
    let sandbox = Sandbox::new();
    let atom = format!("file://{}", path_of(ATOM));
    let rss = format!("file://{}", path_of(BLOGGER_RSS));
    let out = sandbox.run(&["add", &path_of(ATOM), "--full-text"]);
    assert!(out.contains("full text: on"), "{out}");
    let out = sandbox.run(&["add", &path_of(BLOGGER_RSS)]);
    assert!(!out.contains("full text"), "{out}");
    let mut flags = full_text_flags(&sandbox);
    flags.sort();
    assert_eq!(flags, [(atom.clone(), true), (rss.clone(), false)]);

    let listing = sandbox.run(&["feeds"]);
    let marked: Vec<&str> = listing
        .lines()
        .filter(|l| l.ends_with("(full text)"))
        .collect();
    assert_eq!(marked.len(), 1, "{listing}");
    assert!(marked[0].contains(&atom), "{listing}");

    let out = sandbox.run(&["full-text", &atom, "off"]);
    assert_eq!(out, "full text off for Ammar Johmani Magazine\n");
    sandbox.run(&["full-text", &rss, "on"]);
    let mut flags = full_text_flags(&sandbox);
    flags.sort();
    assert_eq!(flags, [(atom, false), (rss, true)]);

    let err = sandbox
        .cmd()
        .args(["full-text", "99", "on"])
        .assert()
        .failure()
        .get_output()
        .stderr
        .clone();
    let err = String::from_utf8(err).expect("utf-8");
    assert!(err.starts_with("error: no feed matches '99'"), "{err}");
    sandbox
        .cmd()
        .args(["full-text", "1", "maybe"])
        .assert()
        .failure()
        .code(2);
}

const ARTICLE_PATH: &str = "/2017/05/trump-putin-discuss-syria-ceasefire-in.html";

/// A site whose feed sends only summaries; its stories link to pages on the same server:
/// the Blogger article, a missing page and a PDF.
fn summary_site() -> Server {
    let page: Arc<[u8]> = read("blogger/article.html").into();
    let feed = Arc::new(std::sync::OnceLock::<Arc<[u8]>>::new());
    let served = Arc::clone(&feed);
    let server = Server::start(move |r| match r.path.as_str() {
        "/feed" => Reply::ok(
            "application/rss+xml",
            Arc::clone(served.get().expect("feed set before serving")),
        ),
        ARTICLE_PATH => Reply::ok("text/html; charset=UTF-8", Arc::clone(&page)),
        "/paper.pdf" => Reply::ok("application/pdf", &b"%PDF-1.4 not a page"[..]),
        _ => Reply::status(404),
    });
    let item = |guid: &str, path: &str| {
        format!(
            "<item><guid>{guid}</guid><title>Story {guid}</title><link>{}</link>\
             <pubDate>Tue, 02 May 2017 2{guid}:00:00 +0000</pubDate>\
             <description>Summary only.</description></item>",
            server.url(path)
        )
    };
    let rss = format!(
        "<rss version='2.0'><channel><title>Summaries</title><link>{}</link>{}{}{}</channel></rss>",
        server.url("/"),
        item("1", ARTICLE_PATH),
        item("2", "/missing.html"),
        item("3", "/paper.pdf"),
    );
    assert!(feed.set(rss.into_bytes().into()).is_ok(), "feed set once");
    server
}

/// Story ids and links by title.
fn stories(sandbox: &Sandbox) -> Vec<(String, i64, String)> {
    let list = sandbox.json(&["list"]);
    list.as_array()
        .expect("list")
        .iter()
        .map(|a: &Value| {
            (
                a["title"].as_str().expect("title").to_owned(),
                a["id"].as_i64().expect("id"),
                a["link"].as_str().expect("link").to_owned(),
            )
        })
        .collect()
}

fn story<'a>(all: &'a [(String, i64, String)], title: &str) -> (i64, &'a str) {
    let (_, id, link) = all.iter().find(|(t, ..)| t == title).expect("story");
    (*id, link)
}

/// Words of `text` with whitespace collapsed, to compare text modulo wrapping.
fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn a_stories_page_is_fetched_extracted_kept_and_shown() {
    let server = summary_site();
    let sandbox = Sandbox::new();
    sandbox.run(&["add", &server.url("/feed"), "--full-text"]);
    let all = stories(&sandbox);
    let (id, link) = story(&all, "Story 1");
    let before = sandbox.run(&["show", &id.to_string()]);
    assert!(before.contains("Summary only."), "{before}");
    assert!(!before.contains("Full text:"), "{before}");

    let text = support::tasks::full_text(&sandbox, id, link).expect("full text");
    assert_eq!(text.url, server.url(ARTICLE_PATH));
    assert_eq!(server.hits(ARTICLE_PATH), 1);

    let after = sandbox.run(&["show", &id.to_string()]);
    assert!(after.contains(&format!("\nFull text: {link}\n")), "{after}");
    assert!(!after.contains("Summary only."), "{after}");
    assert!(
        after.contains("Trump told Reuters[2] in an interview"),
        "{after}"
    );
    assert!(after.contains("[2]: https://www.reuters.com/"), "{after}");
    for boilerplate in [
        "Post a Comment",
        "Previous Post",
        "Share to",
        "Search this blog",
    ] {
        assert!(!after.contains(boilerplate), "{boilerplate} in {after}");
    }
    let expected = std::fs::read_to_string(fixture("blogger/expected/seed-article.txt"))
        .expect("expected text");
    let shown = words(&after);
    for paragraph in expected.split("\n\n").take(5) {
        assert!(
            shown.contains(&words(paragraph)),
            "{paragraph:?} in {after}"
        );
    }
}

#[test]
fn pages_that_fail_or_are_not_web_pages_are_errors_and_nothing_is_kept() {
    let server = summary_site();
    let sandbox = Sandbox::new();
    sandbox.run(&["add", &server.url("/feed")]);
    let all = stories(&sandbox);

    let (id, link) = story(&all, "Story 2");
    let err = support::tasks::full_text(&sandbox, id, link).expect_err("404");
    assert!(err.contains("404"), "{err}");
    let (pdf_id, link) = story(&all, "Story 3");
    let err = support::tasks::full_text(&sandbox, pdf_id, link).expect_err("not a page");
    assert!(
        err.contains("not a web page (content type application/pdf)"),
        "{err}"
    );
    let err =
        support::tasks::full_text(&sandbox, pdf_id, "file:///etc/hostname").expect_err("local");
    assert!(err.contains("needs a web address"), "{err}");

    for id in [id, pdf_id] {
        let shown = sandbox.run(&["show", &id.to_string()]);
        assert!(shown.contains("Summary only."), "{shown}");
        assert!(!shown.contains("Full text:"), "{shown}");
    }
}
