//! The reader answers keys while slow work runs elsewhere (real binary in tmux): a
//! 10 MiB story is laid out on the renderer thread while keys go on working, and another
//! process holding the database's write lock (a cron refresh, in effect) delays only the
//! write that waits for it, not the screen.

// Test code: a failure to set up is a test failure.
#![allow(clippy::unwrap_used)]

mod support;

use std::path::Path;
use std::process::Command;

use chrono::{TimeZone, Utc};
use tidings::feed::{FeedKind, ParsedEntry, ParsedFeed};
use tidings::store::{NewFeed, Store};

use support::tmux::{self, Tmux};

/// A paragraph of the big story; repeated to make 10 MiB.
const PARAGRAPH: &str = "<p>The quick brown fox jumps over the lazy dog near the riverbank, \
    and the <b>walrus</b> watches from the ice while the wind turns cold.</p>\n";

/// A store at `dir` with one feed: a 10 MiB story (newest, so listed first) and a short one.
fn store_with_big_story(dir: &Path) {
    let mut store = Store::open(&dir.join("tidings.db")).unwrap();
    let feed = store
        .add_feed(&NewFeed {
            url: "http://big.example/feed".into(),
            ..NewFeed::default()
        })
        .unwrap();
    let big = PARAGRAPH.repeat(10 * 1024 * 1024 / PARAGRAPH.len());
    let entry = |n: i64, title: &str, html: String| ParsedEntry {
        guid: format!("big-{n}"),
        link: None,
        title: title.to_owned(),
        author: None,
        published: Some(
            Utc.with_ymd_and_hms(2020, 1, 1, 0, 0, 0).unwrap() - chrono::Duration::hours(n),
        ),
        updated: None,
        content_html: html,
        base_url: None,
        categories: vec![],
        enclosures: Vec::new(),
    };
    let parsed = ParsedFeed {
        kind: FeedKind::Rss2,
        title: Some("Big feed".into()),
        link: None,
        ttl_minutes: None,
        entries: vec![
            entry(0, "The ten mebibyte story", big),
            entry(1, "A short story", "<p>Short and sweet.</p>".into()),
        ],
        warning: None,
    };
    store.save_feed(feed, &parsed).unwrap();
}

fn reader(dir: &Path) -> Tmux {
    std::fs::write(dir.join("config.toml"), "[reader]\nauto_refresh_mins = 0\n").unwrap();
    tmux::reader(dir, &dir.join("tidings.db"), &dir.join("config.toml"), "")
}

#[test]
fn keys_are_answered_while_a_ten_mib_story_is_laid_out() {
    let dir = tempfile::tempdir().unwrap();
    store_with_big_story(dir.path());
    let tmux = reader(dir.path());
    tmux.wait_for("The ten mebibyte story");
    tmux.send(&["Enter"]);
    // The pane shows the story's header and a placeholder at once: opening did not wait.
    tmux.wait_for("Laying the story out…");
    // A key is answered while the layout runs: the status bar says so, and the same
    // screen still shows the placeholder.
    tmux.send(&["s"]);
    tmux.wait_for("Starred");
    let screen = tmux.screen();
    assert!(
        screen.contains("Laying the story out…"),
        "the layout was done before the key was answered:\n{screen}"
    );
    // The text arrives in the end (a debug build lays 10 MiB out slowly).
    tmux.wait_for_within("watches from the ice", std::time::Duration::from_mins(3));
    tmux.send(&["q"]);
    tmux.wait_for("TIDINGS-EXITED:0");
}

#[test]
fn keys_are_answered_while_another_process_holds_the_write_lock() {
    let dir = tempfile::tempdir().unwrap();
    store_with_big_story(dir.path());
    let tmux = reader(dir.path());
    tmux.wait_for("A short story");

    // Another process takes the write lock and keeps it, as a long refresh would.
    let lock = rusqlite::Connection::open(dir.path().join("tidings.db")).unwrap();
    lock.execute_batch("BEGIN IMMEDIATE; UPDATE feeds SET title = title;")
        .unwrap();
    // Opening the short story marks it read: that write waits for the lock...
    tmux.send(&["j", "Enter"]);
    tmux.wait_for("Short and sweet.");
    // ...while keys go on working: the help overlay opens and closes.
    tmux.send(&["?"]);
    tmux.wait_for("open link in browser");
    tmux.send(&["Escape"]);
    tmux.send(&["b"]);
    tmux.wait_for("Right-to-left reordering on");
    lock.execute_batch("COMMIT").unwrap();

    // Once the lock is free the write goes through.
    tmux.send(&["q"]);
    tmux.wait_for("TIDINGS-EXITED:0");
    let out = Command::new(env!("CARGO_BIN_EXE_tidings"))
        .env_remove("TIDINGS_CONFIG")
        .arg("--db")
        .arg(dir.path().join("tidings.db"))
        .args(["list", "--json"])
        .output()
        .unwrap();
    let list: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let short = list
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"] == "A short story")
        .unwrap();
    assert_eq!(short["read"], true, "the delayed write was stored");
}
