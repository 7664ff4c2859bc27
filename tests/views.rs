//! Saved views (`[[view]]`): `tidings views [--json]` with counts, `list --view`, a bad
//! query as a config error naming the view, and the reader's sidebar listing them.

mod support;

use support::sandbox::{ATOM, Sandbox, TEST_CONFIG, fixture};
use support::tmux::{self, Tmux};

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

fn reader_of(sandbox: &Sandbox) -> Tmux {
    tmux::reader(
        sandbox.dir.path(),
        &sandbox.db(),
        &sandbox.path("config.toml"),
        "",
    )
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
    let tmux = reader_of(&sandbox);
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
fn f_filters_the_list_esc_clears_it_and_v_saves_it_as_a_view() {
    let sandbox = sandbox_with_views();
    let config_before = std::fs::read_to_string(sandbox.path("config.toml")).unwrap();
    let tmux = reader_of(&sandbox);
    tmux.wait_for("All (6)");
    tmux.send(&["f"]);
    tmux.wait_for("Filter (query, Esc clears):");
    tmux.type_text("title:/^Video/");
    tmux.send(&["Enter"]);
    // The pane title names the filter; only the video story is left.
    tmux.wait_for("All · title:/^Video/ (1)");
    tmux.wait_for("1 stories match the filter");
    tmux.send(&["Escape"]);
    tmux.wait_for("Filter cleared");
    tmux.wait_for("All (6)");
    // A bad query is an error that says where, and the list stays whole.
    tmux.send(&["f"]);
    tmux.type_text("unread or");
    tmux.send(&["Enter"]);
    tmux.wait_for("filter: expected");
    tmux.wait_for("All (6)");
    // Filter again and save it: it joins the sidebar and is shown.
    tmux.send(&["f"]);
    tmux.type_text("title:/^Video/");
    tmux.send(&["Enter"]);
    tmux.wait_for("All · title:/^Video/ (1)");
    tmux.send(&["V"]);
    tmux.wait_for("Save the filtered view as:");
    tmux.type_text("Clips");
    tmux.send(&["Enter"]);
    tmux.wait_for("Saved view Clips");
    tmux.wait_for("Clips (1)");
    tmux.send(&["q"]);
    tmux.wait_for("TIDINGS-EXITED:0");

    // The user's file is kept as written, with the view appended.
    let config_after = std::fs::read_to_string(sandbox.path("config.toml")).unwrap();
    assert!(config_after.starts_with(&config_before), "{config_after}");
    assert!(
        config_after.ends_with("[[view]]\nname = \"Clips\"\nquery = \"title:/^Video/\"\n"),
        "{config_after}"
    );
    let views = sandbox.json(&["views"]);
    let clips = views
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["name"] == "Clips")
        .expect("the saved view is listed");
    assert_eq!(clips["total"], 1, "{views}");
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
