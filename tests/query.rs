//! `list --query` through the real binary: a query over stored stories, combined with the
//! plain options, and a malformed query shown with a caret and nothing listed.

mod support;

use support::sandbox::{ATOM, Sandbox, fixture};

fn titles(sandbox: &Sandbox, args: &[&str]) -> Vec<String> {
    sandbox.list_titles(args)
}

#[test]
fn list_query_combines_with_the_plain_options() {
    let sandbox = Sandbox::new();
    sandbox.run(&["add", fixture(ATOM).to_str().unwrap()]);
    let all = titles(&sandbox, &[]);
    let arabic = titles(&sandbox, &["--query", "سوريا"]);
    assert!(!arabic.is_empty() && arabic.len() < all.len(), "{arabic:?}");
    assert!(arabic.iter().all(|t| t.contains("سوريا")), "{arabic:?}");
    let weather = titles(&sandbox, &["--query", "title:weather or title:/^Video/"]);
    assert_eq!(weather.len(), 2, "{weather:?}");
    let first = sandbox.json(&["list", "--limit", "1"])[0]["id"].to_string();
    sandbox.run(&["star", &first]);
    let starred = titles(&sandbox, &["--unread", "--query", "starred"]);
    assert_eq!(starred.len(), 1);
    assert!(titles(&sandbox, &["--starred", "--query", "-starred"]).is_empty());
}

#[test]
fn a_malformed_query_is_shown_with_a_caret_and_lists_nothing() {
    let sandbox = Sandbox::new();
    let out = sandbox
        .cmd()
        .args(["list", "--query", "unread or"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(out.stdout.is_empty());
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error: invalid query: expected a term after `or`\n  unread or\n           ^\n"
    );
}

#[test]
fn star_tag_read_and_mark_all_read_take_a_query() {
    let sandbox = Sandbox::new();
    sandbox.run(&["add", fixture(ATOM).to_str().unwrap()]);
    let total = titles(&sandbox, &[]).len();
    let arabic = titles(&sandbox, &["--query", "سوريا"]).len();

    let out = sandbox.run(&["star", "--query", "سوريا"]);
    assert_eq!(out, format!("starred {arabic} stories\n"));
    assert_eq!(titles(&sandbox, &["--starred"]).len(), arabic);

    sandbox.run(&["tag", "--query", "title:/^Video/", "video", "later"]);
    let tagged = titles(&sandbox, &["--tag", "later"]);
    assert!(!tagged.is_empty() && tagged.iter().all(|t| t.starts_with("Video")));

    sandbox.run(&["read", "--query", "-starred"]);
    assert_eq!(titles(&sandbox, &["--unread"]).len(), arabic);
    sandbox.run(&["unread", "--query", "tag:later"]);
    sandbox.run(&["mark-all-read", "--query", "starred"]);
    assert_eq!(titles(&sandbox, &["--unread"]), tagged);
    assert_eq!(titles(&sandbox, &[]).len(), total);

    // A story id that isn't a number, without --query, says how to tag by query.
    let out = sandbox.cmd().args(["tag", "news", "x"]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--query"));
}
