//! A temporary home for the headless-command tests: a database and no config file, so
//! commands run with the user's defaults (unlike [`super::sandbox`], which writes a test
//! config with short timeouts).

#![allow(dead_code, clippy::unwrap_used, clippy::missing_panics_doc)]

use std::path::PathBuf;

use assert_cmd::Command;
use serde_json::Value;
use tidings::feed::parse_feed;
use tidings::store::{NewFeed, Store};

/// The Blogger fixture feed, relative to the crate root (where tests run).
pub const ATOM: &str = "tests/fixtures/blogger/posts-default.atom.xml";

/// A temporary home for one test's database and config.
pub struct Sandbox {
    pub dir: tempfile::TempDir,
}

impl Sandbox {
    pub fn new() -> Self {
        Self {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    pub fn db(&self) -> PathBuf {
        self.dir.path().join("tidings.db")
    }

    /// `tidings` with this sandbox's database and no user config.
    pub fn cmd(&self) -> Command {
        let mut cmd = Command::cargo_bin("tidings").unwrap();
        cmd.env_remove("TIDINGS_CONFIG")
            .env("XDG_CONFIG_HOME", self.dir.path().join("config"))
            .env("XDG_DATA_HOME", self.dir.path().join("data"))
            .arg("--db")
            .arg(self.db());
        cmd
    }

    pub fn json(&self, args: &[&str]) -> Value {
        let out = self
            .cmd()
            .args(args)
            .arg("--json")
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        serde_json::from_slice(&out).unwrap()
    }

    /// Subscribes to the Blogger fixture feed and stores its six stories.
    pub fn with_blogger_stories(&self) {
        let mut store = Store::open(&self.db()).unwrap();
        let id = store
            .add_feed(&NewFeed {
                url: "http://ammar.example/feeds/posts/default".into(),
                ..Default::default()
            })
            .unwrap();
        let parsed = parse_feed(&std::fs::read(ATOM).unwrap(), None).unwrap();
        store.save_feed(id, &parsed).unwrap();
    }

    pub fn article_ids(&self) -> Vec<i64> {
        self.json(&["list"])
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["id"].as_i64().unwrap())
            .collect()
    }
}
