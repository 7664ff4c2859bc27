//! The headless story, flag, search and error commands, driven through the real binary
//! against temporary databases (subscription files: `cli_subscriptions.rs`).

// Helpers outside #[test] fns unwrap too: a failed step should fail the test loudly.
#![allow(clippy::unwrap_used)]

mod support;

use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;
use support::home::{ATOM, Sandbox};

const OPML2: &str = "tests/fixtures/opml/subscriptions-opml2.opml";
const URLS: &str = "tests/fixtures/opml/newsboat-urls";

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
    ] {
        assert!(keys.contains(&key), "missing {key} in {keys:?}");
    }
    assert_eq!(keys.len(), 10, "{keys:?}");
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

#[test]
fn errors_exit_1_with_the_cause_and_usage_errors_exit_2() {
    let sandbox = Sandbox::new();
    sandbox
        .cmd()
        .args(["show", "42"])
        .assert()
        .code(1)
        .stderr("error: no story with id 42\n");
    sandbox.cmd().args(["star"]).assert().code(2);
    sandbox.cmd().args(["no-such-command"]).assert().code(2);
    sandbox
        .cmd()
        .args(["list", "--limit", "many"])
        .assert()
        .code(2);
    sandbox
        .cmd()
        .args(["remove", "nope"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no feed matches 'nope'"));
}

#[test]
fn random_bytes_database_is_a_clear_error() {
    let sandbox = Sandbox::new();
    let junk: Vec<u8> = (0..8192u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    std::fs::write(sandbox.db(), &junk).unwrap();
    sandbox.cmd().arg("stats").assert().code(1).stderr(
        predicate::str::contains("is not a tidings database")
            .and(predicate::str::contains("panicked").not()),
    );
    assert_eq!(
        std::fs::read(sandbox.db()).unwrap(),
        junk,
        "the file is left alone"
    );
}

#[test]
fn new_empty_file_is_migrated() {
    let sandbox = Sandbox::new();
    std::fs::write(sandbox.db(), b"").unwrap();
    assert_eq!(sandbox.json(&["stats"])["feeds"], 0);
}

#[test]
fn two_processes_writing_at_once_both_succeed() {
    let sandbox = Sandbox::new();
    sandbox.with_blogger_stories();
    let ids = sandbox.article_ids();
    let spawn = |args: Vec<String>| {
        let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("tidings"));
        cmd.arg("--db")
            .arg(sandbox.db())
            .args(args)
            .env_remove("TIDINGS_CONFIG");
        cmd.env("XDG_CONFIG_HOME", sandbox.dir.path().join("config"));
        cmd.spawn().unwrap()
    };
    let mut children = Vec::new();
    for round in 0..8 {
        let id = ids[round % ids.len()].to_string();
        children.push(spawn(vec![
            "import".into(),
            if round % 2 == 0 { OPML2 } else { URLS }.into(),
        ]));
        children.push(spawn(vec!["tag".into(), id.clone(), format!("t{round}")]));
        children.push(spawn(vec!["star".into(), id]));
    }
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let stats = sandbox.json(&["stats"]);
    assert!(stats["tags"].as_u64().unwrap() >= 8, "{stats}");
    assert_eq!(stats["feeds"], 1 + 20 + 12 - overlap(OPML2, URLS));
}

/// Feeds present in both fixture files (imported once).
fn overlap(a: &str, b: &str) -> u64 {
    let parse = |f: &str| tidings::subscriptions::parse(&std::fs::read(f).unwrap()).unwrap();
    let (a, b) = (parse(a), parse(b));
    a.feeds
        .iter()
        .filter(|f| b.feeds.iter().any(|g| g.url == f.url))
        .count() as u64
}

#[test]
fn malformed_config_names_file_line_and_column() {
    let sandbox = Sandbox::new();
    let config = sandbox.dir.path().join("bad.toml");
    std::fs::write(&config, "[refresh]\njobs = \"many\"\n").unwrap();
    sandbox
        .cmd()
        .arg("--config")
        .arg(&config)
        .arg("stats")
        .assert()
        .code(1)
        .stderr(predicate::str::contains(format!(
            "{}, line 2, column 8",
            config.display()
        )));
}

#[test]
fn config_and_db_come_from_environment() {
    let sandbox = Sandbox::new();
    let db = sandbox.dir.path().join("env.db");
    Command::cargo_bin("tidings")
        .unwrap()
        .env("TIDINGS_DB", &db)
        .env("XDG_CONFIG_HOME", sandbox.dir.path())
        .args(["add", ATOM])
        .assert()
        .success();
    assert!(Path::new(&db).exists());
}

#[test]
fn help_explains_every_command() {
    let out = Command::cargo_bin("tidings")
        .unwrap()
        .arg("--help")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let help = String::from_utf8(out).unwrap();
    for command in [
        "add", "remove", "feeds", "import", "export", "list", "show", "search", "star", "tag",
        "stats",
    ] {
        assert!(help.contains(command), "{command} missing from --help");
    }
}
