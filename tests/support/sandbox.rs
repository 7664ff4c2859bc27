//! A temporary database and config for running the real `tidings` binary, with short
//! fetch timeouts so hostile-server tests stay fast, and no proxy from the environment.

#![allow(dead_code, clippy::missing_panics_doc)]

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

/// Config for tests: timeouts short enough for a fast suite, long enough for a loaded
/// machine to serve a small feed from loopback; a 1 MiB body cap.
pub const TEST_CONFIG: &str =
    "[refresh]\nconnect_timeout_secs = 2\ntimeout_secs = 3\nmax_body_mib = 1\n";

/// One test's database and config file.
pub struct Sandbox {
    pub dir: tempfile::TempDir,
}

impl Sandbox {
    pub fn new() -> Self {
        Self::with_config(TEST_CONFIG)
    }

    pub fn with_config(config: &str) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("config.toml"), config).expect("write config");
        Self { dir }
    }

    pub fn db(&self) -> PathBuf {
        self.dir.path().join("tidings.db")
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// `tidings --db … --config …` with no proxies, so loopback requests stay local.
    pub fn cmd(&self) -> Command {
        let mut cmd = Command::cargo_bin("tidings").expect("tidings binary");
        for var in tidings::feed::fetch::PROXY_VARS {
            cmd.env_remove(var);
        }
        cmd.env("NO_PROXY", "*")
            .arg("--db")
            .arg(self.db())
            .arg("--config")
            .arg(self.path("config.toml"));
        cmd
    }

    /// Runs `args`, expecting success; returns stdout.
    pub fn run(&self, args: &[&str]) -> String {
        let out = self
            .cmd()
            .args(args)
            .assert()
            .success()
            .get_output()
            .stdout
            .clone();
        String::from_utf8(out).expect("utf-8 stdout")
    }

    /// Runs `args --json`, expecting success; returns the parsed output.
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
        serde_json::from_slice(&out).expect("JSON output")
    }

    /// The titles `list ARGS --json` prints, in list order.
    pub fn list_titles(&self, args: &[&str]) -> Vec<String> {
        let mut all = vec!["list"];
        all.extend_from_slice(args);
        self.json(&all)
            .as_array()
            .expect("list")
            .iter()
            .map(|a| a["title"].as_str().expect("title").to_owned())
            .collect()
    }

    /// [`Sandbox::list_titles`], sorted.
    pub fn sorted_titles(&self, args: &[&str]) -> Vec<String> {
        let mut titles = self.list_titles(args);
        titles.sort();
        titles
    }

    /// Subscribes to `urls` without fetching them (a newsboat urls file import).
    pub fn import_urls(&self, urls: &[String]) {
        let file = self.path("urls");
        std::fs::write(&file, urls.join("\n")).expect("write urls");
        self.run(&["import", file.to_str().expect("utf-8 path")]);
    }

    /// `feeds --json` as (url, last_error) pairs.
    pub fn feed_errors(&self) -> Vec<(String, Option<String>)> {
        let feeds = self.json(&["feeds"]);
        feeds
            .as_array()
            .expect("feeds array")
            .iter()
            .map(|f| {
                (
                    f["url"].as_str().unwrap_or_default().to_owned(),
                    f["last_error"].as_str().map(str::to_owned),
                )
            })
            .collect()
    }

    /// The `last_error` of the feed at `url`.
    pub fn error_of(&self, url: &str) -> Option<String> {
        self.feed_errors()
            .into_iter()
            .find(|(u, _)| u == url)
            .and_then(|(_, e)| e)
    }
}

/// The path of a fixture, absolute.
pub fn fixture(path: &str) -> PathBuf {
    std::fs::canonicalize(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures")
            .join(path),
    )
    .expect("fixture")
}

/// An RSS 2.0 feed with `items` stories.
pub fn rss(title: &str, items: usize) -> String {
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel><title>{title}</title><link>http://example.com/</link>\n"
    );
    for i in 0..items {
        let _ = writeln!(
            xml,
            "<item><title>{title} story {i}</title><link>http://example.com/{i}</link><guid>{title}-{i}</guid><description>Text of story {i}.</description></item>"
        );
    }
    xml.push_str("</channel></rss>\n");
    xml
}

/// The Blogger fixtures.
pub const ATOM: &str = "blogger/posts-default.atom.xml";
pub const BLOGGER_RSS: &str = "blogger/posts-default.rss.xml";

/// A fixture's bytes.
pub fn read(path: &str) -> Vec<u8> {
    std::fs::read(fixture(path)).expect("fixture")
}

/// `bytes` gzipped.
pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder.write_all(bytes).expect("gzip");
    encoder.finish().expect("gzip")
}

/// The closing summary of `refresh` output.
pub fn summary_line(stdout: &str) -> &str {
    stdout.lines().last().unwrap_or_default()
}
