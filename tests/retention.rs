//! `[retention]` through real refreshes: old stories and those beyond a per-feed count go
//! after a refresh, but never starred or tagged ones nor a feed's newest story, and they
//! don't come back on the next refresh; `vacuum` applies it too and compacts the file.

mod support;

use std::fmt::Write as _;

use chrono::{Duration, Utc};
use support::sandbox::{Sandbox, TEST_CONFIG};
use support::server::{Reply, Server};

/// Six stories, `age` to `age` + 50 days old (story 0 the newest).
fn feed(age: i64) -> String {
    let mut items = String::new();
    for n in 0..6 {
        let date = (Utc::now() - Duration::days(age + n * 10)).to_rfc2822();
        let _ = write!(
            items,
            "<item><guid>{n}</guid><title>Story {n}</title><pubDate>{date}</pubDate></item>"
        );
    }
    format!("<rss version='2.0'><channel><title>Old news</title>{items}</channel></rss>")
}

fn titles(sandbox: &Sandbox) -> Vec<String> {
    sandbox.sorted_titles(&[])
}

fn id_of(sandbox: &Sandbox, title: &str) -> String {
    sandbox
        .json(&["list"])
        .as_array()
        .expect("list")
        .iter()
        .find(|a| a["title"] == title)
        .expect("story")["id"]
        .to_string()
}

#[test]
fn old_stories_go_after_a_refresh_but_never_starred_tagged_or_the_newest() {
    let body = feed(0);
    let server =
        Server::start(move |_| Reply::ok("application/rss+xml", body.clone().into_bytes()));
    // First without retention: all six are stored; star one old story, tag another.
    let sandbox = Sandbox::new();
    sandbox.import_urls(&[server.url("/feed")]);
    sandbox.run(&["refresh"]);
    assert_eq!(titles(&sandbox).len(), 6);
    sandbox.run(&["star", &id_of(&sandbox, "Story 5")]);
    sandbox.run(&["tag", &id_of(&sandbox, "Story 4"), "keep"]);

    std::fs::write(
        sandbox.path("config.toml"),
        format!("{TEST_CONFIG}[retention]\nkeep_days = 25\n"),
    )
    .unwrap();
    let out = sandbox.run(&["refresh", "--force"]);
    assert!(out.contains("(1 old story deleted)"), "{out}");
    // 30, 40 and 50 days old go, except the starred (50) and the tagged (40) one.
    assert_eq!(
        titles(&sandbox),
        ["Story 0", "Story 1", "Story 2", "Story 4", "Story 5"]
    );
    // The feed still lists story 3: it doesn't come back.
    sandbox.run(&["refresh", "--force"]);
    assert_eq!(titles(&sandbox).len(), 5);

    // A count per feed, through vacuum: the newest two stay, with the starred and tagged.
    std::fs::write(
        sandbox.path("config.toml"),
        format!("{TEST_CONFIG}[retention]\nmax_per_feed = 2\n"),
    )
    .unwrap();
    let out = sandbox.run(&["vacuum"]);
    assert!(out.starts_with("deleted 1 old story; freed"), "{out}");
    assert_eq!(
        titles(&sandbox),
        ["Story 0", "Story 1", "Story 4", "Story 5"]
    );
}

#[test]
fn a_feeds_newest_story_is_kept_however_old() {
    let body = feed(100);
    let server =
        Server::start(move |_| Reply::ok("application/rss+xml", body.clone().into_bytes()));
    let sandbox = Sandbox::with_config(&format!("{TEST_CONFIG}[retention]\nkeep_days = 30\n"));
    sandbox.import_urls(&[server.url("/feed")]);
    let out = sandbox.run(&["refresh"]);
    assert!(out.contains("(5 old stories deleted)"), "{out}");
    // Every story is 100 days old or more: the newest stays, so the feed isn't empty.
    assert_eq!(titles(&sandbox), ["Story 0"]);
    sandbox.run(&["refresh", "--force"]);
    assert_eq!(
        titles(&sandbox),
        ["Story 0"],
        "expired stories stay dropped"
    );
}
