//! Opening links from the real reader in tmux: story links a feed controls (option-like,
//! `javascript:`, `file:`) launch nothing and the status bar says why; a normal link
//! reaches `$BROWSER` as exactly one argument, without the sync password in its
//! environment; a text-mode browser gets the terminal and gives it back.

#![allow(clippy::unwrap_used)]

mod support;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde_json::Value;
use support::tmux::{self, Tmux};

/// Newest first, as the reader lists them; neighbours are refused for different reasons,
/// so every status message differs from the one before it.
const JSON_FEED: &str = r#"{"version": "https://jsonfeed.org/version/1.1", "title": "Json Hostile",
  "home_page_url": "https://example.org/", "items": [
  {"id": "j1", "title": "JSON gpu launcher", "url": "--gpu-launcher=touch pwned",
   "content_html": "<p>a</p>", "date_published": "2026-01-07T00:00:00Z"},
  {"id": "j2", "title": "JSON file", "url": "file:///etc/passwd",
   "content_html": "<p>b</p>", "date_published": "2026-01-05T00:00:00Z"},
  {"id": "j3", "title": "JSON javascript", "url": "javascript:alert(1)",
   "content_html": "<p>c</p>", "date_published": "2026-01-03T00:00:00Z"},
  {"id": "j4", "title": "JSON normal", "url": "https://example.org/normal-story?a=1&b=two words",
   "content_html": "<p>d</p>", "date_published": "2026-01-01T00:00:00Z"}]}"#;

const RSS_FEED: &str = r#"<?xml version="1.0"?>
<rss version="2.0"><channel><title>Rss Hostile</title><link>https://example.com/</link>
<description>links a feed should not be able to launch</description>
<item><title>RSS javascript</title><link>javascript:alert(1)</link><guid>r1</guid>
  <pubDate>Tue, 06 Jan 2026 00:00:00 GMT</pubDate></item>
<item><title>RSS gpu launcher</title><link>--gpu-launcher=touch pwned</link><guid>r2</guid>
  <pubDate>Sun, 04 Jan 2026 00:00:00 GMT</pubDate></item>
<item><title>RSS file</title><link>file:///etc/passwd</link><guid>r3</guid>
  <pubDate>Fri, 02 Jan 2026 00:00:00 GMT</pubDate></item>
</channel></rss>"#;

/// What the normal story's link is once stored and serialized.
const NORMAL_URL: &str = "https://example.org/normal-story?a=1&b=two%20words";

/// A browser that records each call: its arguments one per line, then `--end--`; and
/// its whole environment.
const RECORDING_BROWSER: &str = r#"#!/bin/sh
dir=$(dirname "$0")
for arg in "$@"; do printf '%s\n' "$arg" >> "$dir/argv.log"; done
echo '--end--' >> "$dir/argv.log"
env >> "$dir/env.log"
"#;

/// A text-mode browser stand-in (in `bin/`): shows a marker, then keeps the line typed
/// into it in `typed.log`.
const TEXT_BROWSER: &str = r#"#!/bin/sh
echo "TEXT-BROWSER-MARKER $# $1"
read -r answer
printf '%s\n' "$answer" > "$(dirname "$0")/../typed.log"
"#;

/// A temp dir holding the database, config, feeds and fake browsers.
struct Home {
    dir: tempfile::TempDir,
}

impl Home {
    fn new() -> Self {
        let home = Self {
            dir: tempfile::tempdir().unwrap(),
        };
        home.configure("");
        home.subscribe("feed.json", JSON_FEED);
        home.subscribe("feed.xml", RSS_FEED);
        home
    }

    /// Writes the config: no auto-refresh, plus `reader` lines for `[reader]`.
    fn configure(&self, reader: &str) {
        let config = format!("[reader]\nauto_refresh_mins = 0\n{reader}");
        std::fs::write(self.path("config.toml"), config).unwrap();
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn tidings(&self) -> assert_cmd::Command {
        let mut cmd = assert_cmd::Command::new(env!("CARGO_BIN_EXE_tidings"));
        cmd.env_remove("TIDINGS_CONFIG")
            .env("XDG_CONFIG_HOME", self.path("xdg-config"))
            .arg("--db")
            .arg(self.path("tidings.db"))
            .arg("--config")
            .arg(self.path("config.toml"));
        cmd
    }

    fn subscribe(&self, name: &str, body: &str) {
        let file = self.path(name);
        std::fs::write(&file, body).unwrap();
        self.tidings().arg("add").arg(&file).assert().success();
    }

    /// Each stored story's title and link.
    fn links(&self) -> Vec<(String, Option<String>)> {
        let out = self.tidings().args(["list", "--json"]).output().unwrap();
        assert!(out.status.success(), "{out:?}");
        let stories: Value = serde_json::from_slice(&out.stdout).unwrap();
        stories
            .as_array()
            .unwrap()
            .iter()
            .map(|s| {
                let link = s["link"].as_str().map(str::to_owned);
                (s["title"].as_str().unwrap().to_owned(), link)
            })
            .collect()
    }

    fn script(&self, relative: &str, body: &str) -> PathBuf {
        use std::os::unix::fs::PermissionsExt;
        let path = self.path(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, body).unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
        path
    }

    /// The reader in tmux with `env` (`NAME=value` words) set; the shell then reports its
    /// exit status and whether the terminal is back in cooked mode.
    fn reader(&self, env: &str) -> Tmux {
        let env = format!(
            "XDG_CONFIG_HOME={} {env}",
            self.path("xdg-config").display()
        );
        let tmux = tmux::reader(
            self.dir.path(),
            &self.path("tidings.db"),
            &self.path("config.toml"),
            &env,
        );
        tmux.wait_for("All (7)");
        tmux
    }
}

/// Waits until `file` exists and holds `text`; returns its contents.
fn wait_for_file(file: &Path, text: &str) -> String {
    let start = Instant::now();
    loop {
        let contents = std::fs::read_to_string(file).unwrap_or_default();
        if contents.contains(text) {
            return contents;
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "{} never held {text:?}: {contents:?}",
            file.display()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn feed_controlled_links_launch_nothing_and_a_normal_one_is_one_argument_without_secrets() {
    let home = Home::new();
    let links = home.links();
    let link = |title: &str| {
        links
            .iter()
            .find(|(t, _)| t == title)
            .and_then(|(_, link)| link.clone())
            .unwrap_or_else(|| panic!("{title} has a link: {links:?}"))
    };
    // JSON Feed keeps the link as written; RSS resolves it against the feed's file.
    assert_eq!(link("JSON gpu launcher"), "--gpu-launcher=touch pwned");
    let rss_gpu = link("RSS gpu launcher");
    assert!(
        rss_gpu.starts_with("file:///") && rss_gpu.ends_with("/--gpu-launcher=touch%20pwned"),
        "{rss_gpu}"
    );
    assert_eq!(link("JSON javascript"), "javascript:alert(1)");
    assert_eq!(link("RSS file"), "file:///etc/passwd");

    let browser = home.script("recording-browser", RECORDING_BROWSER);
    let tmux = home.reader(&format!(
        "TIDINGS_SYNC_PASSWORD=pw-x7q2k TIDINGS_TEST_KEPT=kept BROWSER={}",
        browser.display()
    ));
    let refused = [
        "Not opening --gpu-launcher=touch pwned: not an absolute URL",
        "Not opening javascript:alert(1): javascript: URLs are not allowed to open",
        "Not opening file:///etc/passwd: file: URLs are not allowed to open",
        "/--gpu-launcher=touch%20pwned: file: URLs",
        "Not opening javascript:alert(1): javascript: URLs are not allowed to open",
        "Not opening file:///etc/passwd: file: URLs are not allowed to open",
    ];
    for (n, message) in refused.iter().enumerate() {
        if n > 0 {
            tmux.send(&["j"]);
        }
        tmux.send(&["o"]);
        tmux.wait_for(message);
    }
    assert!(
        !home.path("argv.log").exists(),
        "a refused link launched the browser"
    );

    tmux.send(&["j", "o"]);
    tmux.wait_for(&format!("Opening {NORMAL_URL}"));
    let argv = wait_for_file(&home.path("argv.log"), "--end--");
    assert_eq!(argv, format!("{NORMAL_URL}\n--end--\n"));
    let env = wait_for_file(&home.path("env.log"), "TIDINGS_TEST_KEPT=kept");
    assert!(!env.contains("TIDINGS_SYNC_PASSWORD"), "{env}");
    assert!(!env.contains("pw-x7q2k"), "{env}");

    tmux.send(&["q"]);
    tmux.wait_for("TIDINGS-EXITED:0");
    assert!(!home.path("pwned").exists());
}

/// Opens the normal (oldest) story's link with a browser that runs in the terminal, types
/// into it, and checks the reader comes back and answers keys, then quits.
fn text_browser_borrows_the_terminal(home: &Home, tmux: &Tmux) {
    tmux.send(&["G", "o"]);
    tmux.wait_for(&format!("TEXT-BROWSER-MARKER 1 {NORMAL_URL}"));
    assert!(
        !tmux.alternate_screen(),
        "the reader left the alternate screen"
    );
    tmux.type_text("typed into the browser");
    tmux.send(&["Enter"]);
    let typed = wait_for_file(&home.path("typed.log"), "\n");
    assert_eq!(
        typed, "typed into the browser\n",
        "the reader took keystrokes"
    );

    tmux.wait_for("All (7)");
    assert!(tmux.alternate_screen(), "the reader is back on its screen");
    assert!(!tmux.screen().contains("TEXT-BROWSER-MARKER"));
    // Keys work (single keys, so raw mode is back): select the story above and open it.
    tmux.send(&["k", "Enter"]);
    tmux.wait_for("file:///etc/passwd");
    tmux.send(&["q"]);
    tmux.wait_for("TIDINGS-EXITED:0");
    tmux.wait_for("TERMINAL-COOKED");
    assert!(!tmux.alternate_screen());
}

#[test]
fn a_text_mode_browser_on_path_gets_the_terminal_and_gives_it_back() {
    let home = Home::new();
    home.script("bin/w3m", TEXT_BROWSER);
    let path = format!(
        "{}:{}",
        home.path("bin").display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let tmux = home.reader(&format!("PATH={path} BROWSER=w3m"));
    text_browser_borrows_the_terminal(&home, &tmux);
}

#[test]
fn browser_in_terminal_runs_any_configured_browser_in_the_terminal() {
    let home = Home::new();
    let browser = home.script("bin/my browser", TEXT_BROWSER);
    // Quoted, since the path has a space; the URL takes the place of %s.
    home.configure(&format!(
        "browser = \"'{}' %s\"\nbrowser_in_terminal = true\n",
        browser.display()
    ));
    let tmux = home.reader("BROWSER=/nonexistent/not-this-one");
    text_browser_borrows_the_terminal(&home, &tmux);
}
