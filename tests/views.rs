//! Saved views (`[[view]]`): `tidings views [--json]` with counts, `list --view`, a bad
//! query as a config error naming the view, and the reader's sidebar listing them.

mod support;

use support::sandbox::{ATOM, Sandbox, TEST_CONFIG, fixture};
use support::tmux::Tmux;

const VIEWS: &str = r#"
[[view]]
name = "Syria, unread"
query = 'سوريا unread'

[[view]]
name = "Videos"
query = 'title:/^Video/'
"#;

fn sandbox_with_views() -> Sandbox {
    let sandbox = Sandbox::with_config(&format!("{TEST_CONFIG}{VIEWS}"));
    sandbox.run(&["add", fixture(ATOM).to_str().expect("utf-8 path")]);
    sandbox
}

fn count(sandbox: &Sandbox, args: &[&str]) -> u64 {
    sandbox.json(args).as_array().expect("array").len() as u64
}

#[test]
fn views_are_listed_with_their_counts_and_list_view_shows_one() {
    let sandbox = sandbox_with_views();
    let syria = count(&sandbox, &["list", "--query", "سوريا"]);
    let videos = count(&sandbox, &["list", "--query", "title:/^Video/"]);
    assert!(syria > 0 && videos > 0);
    let first_video = sandbox.json(&["list", "--query", "title:/^Video/"])[0]["id"].to_string();
    sandbox.run(&["read", &first_video]);

    let views = sandbox.json(&["views"]);
    assert_eq!(
        views,
        serde_json::json!([
            {"name": "Syria, unread", "query": "سوريا unread", "unread": syria, "total": syria},
            {"name": "Videos", "query": "title:/^Video/", "unread": videos - 1, "total": videos},
        ])
    );
    assert_eq!(count(&sandbox, &["list", "--view", "videos"]), videos);
    assert_eq!(
        count(&sandbox, &["list", "--view", "Videos", "--query", "unread"]),
        videos - 1
    );
    let out = sandbox
        .cmd()
        .args(["list", "--view", "Nope"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("no view named Nope") && err.contains("Syria, unread"),
        "{err}"
    );
    let text = sandbox.run(&["views"]);
    assert!(
        text.contains("Videos") && text.contains(&format!("{} unread", videos - 1)),
        "{text}"
    );
}

#[test]
fn a_view_with_a_bad_query_is_a_config_error_naming_it() {
    let sandbox = Sandbox::with_config(&format!(
        "{TEST_CONFIG}[[view]]\nname = \"Broken\"\nquery = \"unread or\"\n"
    ));
    let out = sandbox.cmd().args(["views"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("\"Broken\"") && err.contains("expected a term after `or`"),
        "{err}"
    );
}

#[test]
fn the_readers_sidebar_lists_views_and_opening_one_lists_its_stories() {
    let sandbox = sandbox_with_views();
    let videos = sandbox.json(&["list", "--query", "title:/^Video/"]);
    let first = videos[0]["title"].as_str().unwrap().to_owned();
    let other = sandbox.json(&["list", "--query", "-title:/^Video/"])[0]["title"]
        .as_str()
        .unwrap()
        .to_owned();
    let command = format!(
        "env -u TIDINGS_CONFIG TZ=UTC {} --db {} --config {}; echo TIDINGS-EXITED:$?; sleep 60",
        env!("CARGO_BIN_EXE_tidings"),
        sandbox.db().display(),
        sandbox.path("config.toml").display(),
    );
    let tmux = Tmux::start(&command, sandbox.dir.path());
    tmux.wait_for("Views");
    tmux.wait_for("Syria, unread");
    // To the sidebar; All, Unread, Starred, then the two views: the fifth is "Videos".
    tmux.send(&["h", "j", "j", "j", "j", "Enter"]);
    tmux.wait_for("Videos (1)");
    let screen = tmux.screen();
    let shown = |title: &str| screen.contains(&title.chars().take(16).collect::<String>());
    assert!(shown(&first) && !shown(&other), "{screen}");
    tmux.send(&["q"]);
    tmux.wait_for("TIDINGS-EXITED:0");
}

#[test]
fn a_highlight_with_a_bad_style_is_a_config_error_naming_it() {
    let sandbox = Sandbox::with_config(&format!(
        "{TEST_CONFIG}[[highlight]]\nquery = 'starred'\nstyle = \"bold\"\n\
         [[highlight]]\nquery = 'tag:syria'\nstyle = \"bold yelow\"\n"
    ));
    let out = sandbox.cmd().args(["views"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("[[highlight]] 2 (`tag:syria`)") && err.contains("`yelow`"),
        "{err}"
    );
}
