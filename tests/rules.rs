//! Rules through a real refresh from loopback: ignored stories are never stored (not on
//! the next refresh either), hidden ones are out of every view but `hidden`, tags and stars
//! are set; `rules test` counts matches; a bad rule is a config error naming it.

mod support;

use support::sandbox::{Sandbox, TEST_CONFIG};
use support::server::{Reply, Server};

const RULES: &str = r#"
[[rule]]
query = 'title:/^(Sponsored|Advertisement)/ or author:"PR Wire"'
action = "ignore"

[[rule]]
query = 'title:/^Weather/'
action = "hide"

[[rule]]
query = 'title:syria'
action = ["star", "tag:syria"]
"#;

fn feed() -> String {
    let item = |guid: &str, title: &str, author: &str| {
        format!(
            "<item><guid>{guid}</guid><title>{title}</title><author>x@example.org ({author})</author>\
             <description>Body of {guid}</description></item>"
        )
    };
    format!(
        "<rss version='2.0'><channel><title>News</title>{}{}{}{}{}</channel></rss>",
        item("1", "Sponsored: buy now", "Ads Desk"),
        item("2", "Talks on Syria resume", "Ammar"),
        item("3", "Weather: heat builds", "Ammar"),
        item("4", "Markets today", "PR Wire"),
        item("5", "A quiet day", "Ammar"),
    )
}

fn titles(sandbox: &Sandbox, args: &[&str]) -> Vec<String> {
    sandbox.sorted_titles(args)
}

#[test]
fn rules_ignore_hide_star_and_tag_new_stories_as_a_refresh_stores_them() {
    let body = feed();
    let server =
        Server::start(move |_| Reply::ok("application/rss+xml", body.clone().into_bytes()));
    let sandbox = Sandbox::with_config(&format!("{TEST_CONFIG}{RULES}"));
    sandbox.import_urls(&[server.url("/feed")]);
    let out = sandbox.run(&["refresh"]);
    assert!(out.contains("2 ignored"), "{out}");

    assert_eq!(
        titles(&sandbox, &[]),
        ["A quiet day", "Talks on Syria resume"]
    );
    assert_eq!(
        titles(&sandbox, &["--query", "hidden"]),
        ["Weather: heat builds"]
    );
    assert_eq!(titles(&sandbox, &["--starred"]), ["Talks on Syria resume"]);
    assert_eq!(
        titles(&sandbox, &["--tag", "syria"]),
        ["Talks on Syria resume"]
    );
    // Hidden stories are stored read.
    assert!(titles(&sandbox, &["--query", "hidden unread"]).is_empty());

    // The next refresh (forced, the same document) doesn't bring the ignored ones back.
    sandbox.run(&["refresh", "--force"]);
    assert_eq!(titles(&sandbox, &["--query", "hidden or -hidden"]).len(), 3);

    let tested = sandbox.json(&["rules", "test"]);
    let matches: Vec<u64> = tested
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["matches"].as_u64().unwrap())
        .collect();
    // Ignored stories aren't stored; the hidden one counts only for a query naming hidden.
    assert_eq!(matches, [0, 0, 1]);
    assert_eq!(
        tested[2]["actions"],
        serde_json::json!(["star", "tag:syria"])
    );
}

#[test]
fn a_rule_with_a_bad_query_or_action_is_a_config_error_naming_it() {
    for (rule, says) in [
        ("query = 'title:/(/'\naction = \"ignore\"", "invalid regex"),
        (
            "query = 'unread'\naction = \"explode\"",
            "unknown action `explode`",
        ),
        (
            "query = 'ceasefire'\naction = \"read\"",
            "can't match bare words",
        ),
    ] {
        let sandbox = Sandbox::with_config(&format!("{TEST_CONFIG}[[rule]]\n{rule}\n"));
        let out = sandbox.cmd().args(["rules", "test"]).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{rule}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("[[rule]] 1") && err.contains(says), "{err}");
    }
}
