//! One database, three writers at once: the reader (the real binary in tmux, starring
//! stories), headless `refresh` runs storing a growing loopback corpus, and CLI `star` and
//! `tag` calls. No write may be lost and no "database is locked" may reach the user.

#![allow(clippy::unwrap_used)]

mod support;

use std::collections::BTreeSet;
use std::process::Output;
use std::thread;
use std::time::Duration;

use support::corpus;
use support::sandbox::Sandbox;
use support::tmux::Tmux;

const FEEDS: usize = 60;
const REFRESHES: usize = 4;
/// Stories the reader stars: the top of the list, which the corpus's older-dated new
/// stories never push down.
const READER_STARS: usize = 8;
/// Stories the CLI stars and tags: from the bottom of the first page, far from the top.
const CLI_WRITES: usize = 25;

fn output_text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

fn ids_of(stories: &serde_json::Value) -> Vec<i64> {
    stories
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_i64().unwrap())
        .collect()
}

#[test]
fn reader_refresh_and_cli_write_one_database_without_losses_or_lock_errors() {
    let server = corpus::serve(FEEDS);
    let sandbox = Sandbox::with_config(
        "[refresh]\nconnect_timeout_secs = 5\ntimeout_secs = 20\nmax_body_mib = 4\n\
         [reader]\nauto_refresh_mins = 0\n",
    );
    sandbox.import_urls(&corpus::urls(&server, FEEDS));
    sandbox.run(&["refresh", "--quiet"]);
    let first_page = ids_of(&sandbox.json(&["list", "--limit", "200"]));
    let reader_ids: Vec<i64> = first_page[..READER_STARS].to_vec();
    let cli_ids: Vec<i64> = first_page[first_page.len() - CLI_WRITES..].to_vec();

    let command = format!(
        "env TZ=UTC NO_PROXY='*' {} --db {} --config {}; echo TIDINGS-EXITED:$?; sleep 60",
        env!("CARGO_BIN_EXE_tidings"),
        sandbox.db().display(),
        sandbox.path("config.toml").display()
    );
    let tmux = Tmux::start(&command, sandbox.dir.path());
    tmux.wait_for("Story 0 of feed 0");

    thread::scope(|scope| {
        let refreshes = scope.spawn(|| {
            for _ in 0..REFRESHES {
                let out = sandbox
                    .cmd()
                    .args(["refresh", "--force", "--quiet"])
                    .output()
                    .unwrap();
                let text = output_text(&out);
                assert!(out.status.success(), "refresh failed: {text}");
                assert!(!text.contains("locked"), "refresh: {text}");
            }
        });
        let cli = scope.spawn(|| {
            for (n, id) in cli_ids.iter().enumerate() {
                let id = id.to_string();
                for args in [vec!["star", &id], vec!["tag", &id, "cli"]] {
                    let out = sandbox.cmd().args(&args).output().unwrap();
                    let text = output_text(&out);
                    assert!(out.status.success(), "{args:?} failed: {text}");
                    assert!(!text.contains("locked"), "{args:?}: {text}");
                }
                if n % 5 == 0 {
                    thread::sleep(Duration::from_millis(50));
                }
            }
        });
        for _ in 0..READER_STARS {
            tmux.send(&["s"]);
            thread::sleep(Duration::from_millis(150));
            tmux.send(&["j"]);
            thread::sleep(Duration::from_millis(150));
            let screen = tmux.screen();
            assert!(!screen.contains("locked"), "the reader shows:\n{screen}");
        }
        refreshes.join().unwrap();
        cli.join().unwrap();
    });
    let screen = tmux.screen();
    assert!(
        !screen.contains("locked") && !screen.contains("error"),
        "the reader shows:\n{screen}"
    );
    tmux.send(&["q"]);
    tmux.wait_for("TIDINGS-EXITED:0");

    let starred: BTreeSet<i64> = ids_of(&sandbox.json(&["list", "--starred"]))
        .into_iter()
        .collect();
    let expected: BTreeSet<i64> = reader_ids.iter().chain(&cli_ids).copied().collect();
    assert_eq!(starred, expected, "every star from the reader and the CLI");
    let tagged: BTreeSet<i64> = ids_of(&sandbox.json(&["list", "--tag", "cli"]))
        .into_iter()
        .collect();
    let cli_set: BTreeSet<i64> = cli_ids.iter().copied().collect();
    assert_eq!(tagged, cli_set, "every tag from the CLI");
    let stats = sandbox.json(&["stats"]);
    let stored = stats["articles"].as_u64().unwrap();
    let floor =
        u64::try_from(FEEDS * (corpus::STORIES + corpus::NEW_PER_FETCH * REFRESHES)).unwrap();
    assert!(
        stored >= floor,
        "every refresh stored its new stories: {stored} < {floor}"
    );
}
