//! Subscription files through the real binary: OPML and newsboat `urls` import, export,
//! and round trips, against temporary databases.

#![allow(clippy::unwrap_used)]

mod support;

use predicates::prelude::*;
use serde_json::Value;
use support::home::Sandbox;

const OPML2: &str = "tests/fixtures/opml/subscriptions-opml2.opml";
const OPML1: &str = "tests/fixtures/opml/legacy-opml1.opml";
const URLS: &str = "tests/fixtures/opml/newsboat-urls";
const MALFORMED: &str = "tests/fixtures/opml/malformed-unclosed.opml";

#[test]
fn imports_every_fixture_subscription_file() {
    for (file, count) in [(OPML2, 20), (OPML1, 6), (URLS, 12)] {
        let sandbox = Sandbox::new();
        sandbox
            .cmd()
            .args(["import", file])
            .assert()
            .success()
            .stdout(predicate::str::contains(format!("imported {count} feeds")));
        assert_eq!(
            sandbox.json(&["feeds"]).as_array().unwrap().len(),
            count,
            "{file}"
        );
    }
}

#[test]
fn opml_folders_become_feed_tags() {
    let sandbox = Sandbox::new();
    sandbox.cmd().args(["import", OPML2]).assert().success();
    let feeds = sandbox.json(&["feeds"]);
    let tagged = feeds.as_array().unwrap().iter().any(|f| {
        let tags: Vec<&str> = f["tags"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t.as_str().unwrap())
            .collect();
        tags.contains(&"عربي")
    });
    assert!(tagged, "the Arabic folder is a tag: {feeds}");
}

#[test]
fn urls_import_warns_about_query_feeds() {
    let sandbox = Sandbox::new();
    sandbox
        .cmd()
        .args(["import", URLS])
        .assert()
        .success()
        .stderr(predicate::str::contains("warning:").and(predicate::str::contains("query")));
}

#[test]
fn malformed_opml_names_the_line_and_changes_nothing() {
    let sandbox = Sandbox::new();
    sandbox.cmd().args(["import", OPML1]).assert().success();
    let before = sandbox.json(&["feeds"]);
    sandbox
        .cmd()
        .args(["import", MALFORMED])
        .assert()
        .code(1)
        .stderr(
            predicate::str::starts_with("error: importing").and(predicate::str::contains("line")),
        );
    assert_eq!(sandbox.json(&["feeds"]), before);
}

#[test]
fn export_then_import_round_trips_feeds_and_tags() {
    let first = Sandbox::new();
    first.cmd().args(["import", OPML2]).assert().success();
    let exported = first.dir.path().join("out.opml");
    first
        .cmd()
        .args(["export", "--output"])
        .arg(&exported)
        .assert()
        .success();

    let second = Sandbox::new();
    second.cmd().arg("import").arg(&exported).assert().success();
    let summary = |feeds: Value| {
        let mut rows: Vec<(String, String, Vec<String>)> = feeds
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                let mut tags: Vec<String> = f["tags"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|t| t.as_str().unwrap().to_owned())
                    .collect();
                tags.sort();
                (
                    f["url"].as_str().unwrap().to_owned(),
                    f["title"].to_string(),
                    tags,
                )
            })
            .collect();
        rows.sort();
        rows
    };
    assert_eq!(
        summary(first.json(&["feeds"])),
        summary(second.json(&["feeds"]))
    );
}

#[test]
fn export_to_stdout_is_opml() {
    let sandbox = Sandbox::new();
    sandbox.cmd().args(["import", URLS]).assert().success();
    sandbox
        .cmd()
        .arg("export")
        .assert()
        .success()
        .stdout(predicate::str::contains("<opml version=\"2.0\""));
}
