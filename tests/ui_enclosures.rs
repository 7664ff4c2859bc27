//! Enclosures in the real reader (tmux): the list marks stories that carry one, the story
//! header gives type, size and playing time, and `e` hands the enclosure's URL to the
//! opener for its MIME type (the browser when none matches), through a picker when the
//! story carries several; `D` queues them for `tidings download`. Recording scripts
//! stand in for the players.

#![allow(clippy::unwrap_used)]

mod support;

use std::path::{Path, PathBuf};

use support::programs;
use support::tmux::{self, Tmux};

/// Newest first: an episode with one enclosure, a story with a video and a PDF, and one
/// with none.
const FEED: &str = r#"<?xml version="1.0"?>
<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd"
     xmlns:media="http://search.yahoo.com/mrss/">
<channel><title>Cast Feed</title><link>https://cast.example/</link>
<item><title>Episode one</title><guid>e1</guid><link>https://cast.example/1</link>
  <enclosure url="https://cdn.cast.example/ep1.mp3?x=1&amp;y=2" length="12345678" type="audio/mpeg"/>
  <itunes:duration>01:02:03</itunes:duration>
  <description>Show notes.</description>
  <pubDate>Tue, 06 Jan 2026 00:00:00 GMT</pubDate></item>
<item><title>Two files</title><guid>e2</guid><link>https://cast.example/2</link>
  <media:group>
    <media:content url="https://cdn.cast.example/talk.mp4" type="video/mp4" fileSize="2048"/>
    <media:content url="https://cdn.cast.example/slides.pdf" type="application/pdf"/>
  </media:group>
  <pubDate>Mon, 05 Jan 2026 00:00:00 GMT</pubDate></item>
<item><title>No file here</title><guid>e3</guid><link>https://cast.example/3</link>
  <pubDate>Sun, 04 Jan 2026 00:00:00 GMT</pubDate></item>
</channel></rss>"#;

/// Records its arguments in `<dir>/<name>.argv`, one per line, then `--end--`.
const RECORDER: &str = r#"#!/bin/sh
dir=$(dirname "$0"); name=$(basename "$0")
for arg in "$@"; do printf '%s\n' "$arg" >> "$dir/$name.argv"; done
echo '--end--' >> "$dir/$name.argv"
"#;

struct Home {
    dir: tempfile::TempDir,
}

impl Home {
    fn new() -> Self {
        let home = Self {
            dir: tempfile::tempdir().unwrap(),
        };
        let feed = home.path("feed.xml");
        std::fs::write(&feed, FEED).unwrap();
        let audio = home.script("audio-player");
        let video = home.script("video-player");
        let config = format!(
            "[reader]\nauto_refresh_mins = 0\n\
             [[opener]]\ntype = \"audio/*\"\ncommand = \"'{}' --audio %u\"\n\
             [[opener]]\ntype = \"video/*\"\ncommand = \"'{}' %u\"\n",
            audio.display(),
            video.display()
        );
        std::fs::write(home.path("config.toml"), config).unwrap();
        programs::subscribe(&home.path("tidings.db"), &home.path("config.toml"), &feed);
        home
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn script(&self, name: &str) -> PathBuf {
        programs::script(&self.path(name), RECORDER)
    }

    /// `tidings downloads --json`.
    fn queue(&self) -> Vec<serde_json::Value> {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_tidings"))
            .env_remove("TIDINGS_CONFIG")
            .arg("--db")
            .arg(self.path("tidings.db"))
            .arg("--config")
            .arg(self.path("config.toml"))
            .args(["downloads", "--json"])
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
        serde_json::from_slice(&out.stdout).unwrap()
    }

    fn reader(&self) -> Tmux {
        let browser = self.script("browser");
        let env = format!(
            "XDG_CONFIG_HOME={} BROWSER={}",
            self.path("xdg-config").display(),
            browser.display()
        );
        let tmux = tmux::reader(
            self.dir.path(),
            &self.path("tidings.db"),
            &self.path("config.toml"),
            &env,
        );
        tmux.wait_for("All (3)");
        tmux
    }

    /// The calls `name` got so far, once it has had `calls` of them.
    fn calls(&self, name: &str, calls: usize) -> Vec<Vec<String>> {
        programs::calls(&self.path(&format!("{name}.argv")), calls)
    }
}

fn row<'a>(screen: &'a str, title: &str) -> &'a str {
    screen
        .lines()
        .find(|l| l.contains(title))
        .unwrap_or_else(|| panic!("{title} on screen:\n{screen}"))
}

fn missing(path: &Path) -> bool {
    !path.exists()
}

#[test]
fn enclosures_are_marked_described_and_played_by_the_opener_for_their_type() {
    let home = Home::new();
    let tmux = home.reader();
    let screen = tmux.screen();
    assert!(row(&screen, "Episode one").contains('♪'), "{screen}");
    assert!(row(&screen, "Two files").contains('♪'), "{screen}");
    assert!(!row(&screen, "No file here").contains('♪'), "{screen}");

    tmux.send(&["enter"]);
    tmux.wait_for("♪ audio/mpeg · 11.8 MiB · 1:02:03");
    tmux.send(&["e"]);
    assert_eq!(
        home.calls("audio-player", 1),
        [["--audio", "https://cdn.cast.example/ep1.mp3?x=1&y=2"]]
    );
    assert!(missing(&home.path("browser.argv")), "the browser ran too");

    // Two enclosures: a picker; the second (a PDF, no opener) goes to the browser, then
    // the first to the video opener.
    tmux.send(&["h", "j", "e"]);
    tmux.wait_for("♪2");
    tmux.send(&["j", "enter"]);
    assert_eq!(
        home.calls("browser", 1),
        [["https://cdn.cast.example/slides.pdf"]]
    );
    tmux.send(&["e"]);
    tmux.wait_for("♪2");
    tmux.send(&["enter"]);
    assert_eq!(
        home.calls("video-player", 1),
        [["https://cdn.cast.example/talk.mp4"]]
    );

    tmux.send(&["j", "e"]);
    tmux.wait_for("This story has no enclosure");
    assert_eq!(home.calls("audio-player", 1).len(), 1, "played once only");

    // D queues the episode for `tidings download`, once.
    tmux.send(&["D"]);
    tmux.wait_for("This story has no enclosure");
    tmux.send(&["k", "k", "D"]);
    tmux.wait_for("Queued 1 enclosure(s)");
    tmux.send(&["D"]);
    tmux.wait_for("Already queued or downloaded");
    let queue = home.queue();
    assert_eq!(queue.len(), 1, "{queue:?}");
    assert_eq!(queue[0]["title"], "Episode one");
    assert_eq!(queue[0]["state"], "queued");
    tmux.send(&["q"]);
    tmux.wait_for("TIDINGS-EXITED:0");
}
