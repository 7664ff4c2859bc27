//! Errors and set-up through the real binary: exit codes with the cause, a corrupt or
//! empty database file, two processes writing at once, malformed config files, settings
//! from the environment, and `--help`.

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
