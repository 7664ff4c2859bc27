//! Supervised threads under the running reader (real binary in tmux): a panic in the
//! indexer or the writer is caught and shown in the status bar, the write is undone, keys
//! still work, and quitting restores the terminal. The faults are injected through
//! `TIDINGS_FAULT`, which only debug builds (the tests' binary) read.

// Test code: a failure to set up is a test failure.
#![allow(clippy::unwrap_used)]

mod support;

use std::path::Path;
use std::process::Command;

use support::sandbox::fixture;
use support::tmux;

fn tidings(dir: &Path, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_tidings"))
        .env_remove("TIDINGS_CONFIG")
        .arg("--db")
        .arg(dir.join("tidings.db"))
        .arg("--config")
        .arg(dir.join("config.toml"))
        .args(args)
        .output()
        .expect("run tidings");
    assert!(out.status.success(), "{args:?}: {out:?}");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// The reader in tmux over the Blogger fixture feed, with `TIDINGS_FAULT=faults`.
fn reader_with_faults(faults: &str) -> (tempfile::TempDir, tmux::Tmux) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("config.toml"),
        "[reader]\nauto_refresh_mins = 0\n",
    )
    .unwrap();
    let feed = fixture("blogger/posts-default.atom.xml");
    tidings(dir.path(), &["add", feed.to_str().unwrap()]);
    let tmux = tmux::reader(
        dir.path(),
        &dir.path().join("tidings.db"),
        &dir.path().join("config.toml"),
        &format!("TIDINGS_FAULT={faults}"),
    );
    (dir, tmux)
}

#[test]
fn a_worker_panic_is_reported_and_the_reader_goes_on() {
    let (dir, tmux) = reader_with_faults("indexer,writer");
    // The indexer starts on the stories nobody has indexed yet, and panics.
    tmux.wait_for("the indexer stopped: injected fault at indexer");
    // Opening a story marks it read: the writer panics, the mark is undone.
    tmux.send(&["l", "Enter"]);
    tmux.wait_for("the writer stopped: injected fault at writer");
    // Keys still work: the help overlay opens and closes.
    tmux.send(&["?"]);
    tmux.wait_for("open link in browser");
    tmux.send(&["Escape"]);
    // Esc and a key sent together can read as Alt and the key: let the Esc land first.
    tmux.wait_gone("open link in browser");
    tmux.send(&["q"]);
    tmux.wait_for("TIDINGS-EXITED:0");
    tmux.wait_for("TERMINAL-COOKED");
    assert!(!tmux.alternate_screen());

    let list: serde_json::Value =
        serde_json::from_str(&tidings(dir.path(), &["list", "--json"])).unwrap();
    let read = list
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["read"] == true)
        .count();
    assert_eq!(read, 0, "the failed write left nothing behind");
}

#[test]
fn a_renderer_panic_fails_that_story_only() {
    let (_dir, tmux) = reader_with_faults("renderer");
    tmux.wait_for("Weekend weather");
    tmux.send(&["l", "Enter"]);
    tmux.wait_for("the renderer stopped: injected fault at renderer");
    tmux.wait_for("The story's text could not be laid out.");
    // The reader goes on: another story opens (and fails the same way), keys work.
    tmux.send(&["h", "j", "Enter"]);
    tmux.send(&["?"]);
    tmux.wait_for("open link in browser");
    tmux.send(&["Escape"]);
    // Esc and a key sent together can read as Alt and the key: let the Esc land first.
    tmux.wait_gone("open link in browser");
    tmux.send(&["q"]);
    tmux.wait_for("TIDINGS-EXITED:0");
    assert!(!tmux.alternate_screen());
}
