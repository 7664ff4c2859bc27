//! Openers, the link picker, pipes and bookmarks from the real reader in tmux, with
//! recording scripts standing in for the programs: each writes its arguments one per
//! line, its environment and its standard input to files named after itself.

#![allow(clippy::unwrap_used)]

mod support;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use support::programs;
use support::tmux::{self, Tmux};

/// A story with a tricky title and a long text (newest, so selected first), and one with
/// numbered links.
const FEED: &str = r#"<?xml version="1.0"?>
<rss version="2.0"><channel><title>Programs Feed</title><link>https://example.com/</link>
<description>stories to hand to programs</description>
<item><title>Watch "this" now: it's $(big) &amp; 'loud'</title>
  <link>https://www.youtube.com/watch?v=abc123</link><guid>v1</guid>
  <author>ammar@example.org (Ammar J)</author>
  <description>&lt;p&gt;First words of the video story. LONGTEXT&lt;/p&gt;&lt;p&gt;Second paragraph.&lt;/p&gt;</description>
  <pubDate>Tue, 06 Jan 2026 00:00:00 GMT</pubDate></item>
<item><title>Plain story</title><link>https://example.org/plain</link><guid>p1</guid>
  <description>&lt;p&gt;Hello &lt;a href="https://example.org/one"&gt;one&lt;/a&gt; and
  &lt;a href="https://example.org/two"&gt;two&lt;/a&gt;. PLAIN-BODY-MARKER&lt;/p&gt;</description>
  <pubDate>Sun, 04 Jan 2026 00:00:00 GMT</pubDate></item>
</channel></rss>"#;

/// The first story's title once parsed.
const TITLE: &str = "Watch \"this\" now: it's $(big) & 'loud'";

const VIDEO_URL: &str = "https://www.youtube.com/watch?v=abc123";

/// Records a call in `<dir>/<name>.{stdin,env,argv}`; the argv file is written last and
/// ends in `--end--`, so once that is there everything is.
const RECORDER: &str = r#"#!/bin/sh
dir=$(dirname "$0"); name=$(basename "$0")
cat > "$dir/$name.stdin"
env > "$dir/$name.env"
for arg in "$@"; do printf '%s\n' "$arg" >> "$dir/$name.argv"; done
echo '--end--' >> "$dir/$name.argv"
"#;

/// A program that draws in the terminal: shows a marker with its arguments, then keeps
/// the line typed into it.
const TERMINAL_PROGRAM: &str = r#"#!/bin/sh
echo "TERMINAL-PROGRAM-MARKER $# $1"
read -r answer
printf '%s\n' "$answer" > "$(dirname "$0")/typed.log"
"#;

/// A temp dir with the database, the config, the feed and the scripts.
struct Home {
    dir: tempfile::TempDir,
}

impl Home {
    /// A home with the feed subscribed and a config that turns auto-refresh off.
    fn new() -> Self {
        let home = Self {
            dir: tempfile::tempdir().unwrap(),
        };
        let long = "lorem ipsum ".repeat(40);
        let feed = home.path("feed.xml");
        std::fs::write(&feed, FEED.replace("LONGTEXT", &long)).unwrap();
        home.configure("");
        programs::subscribe(&home.path("tidings.db"), &home.path("config.toml"), &feed);
        home
    }

    /// Writes the config: `extra` after `[reader]`'s first line (so `[reader]` keys, then
    /// any tables).
    fn configure(&self, extra: &str) {
        let config = format!("[reader]\nauto_refresh_mins = 0\n{extra}");
        std::fs::write(self.path("config.toml"), config).unwrap();
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Writes an executable script at `name` and returns its path.
    fn script(&self, name: &str, body: &str) -> PathBuf {
        programs::script(&self.path(name), body)
    }

    /// The reader in tmux with `env` set and the sync password in its environment.
    fn reader(&self, env: &str) -> Tmux {
        let env = format!(
            "XDG_CONFIG_HOME={} TIDINGS_SYNC_PASSWORD=pw-s3cr3t {env}",
            self.path("xdg-config").display()
        );
        let tmux = tmux::reader(
            self.dir.path(),
            &self.path("tidings.db"),
            &self.path("config.toml"),
            &env,
        );
        tmux.wait_for("All (2)");
        tmux
    }

    /// The arguments `name` was called with, once it has been.
    fn argv(&self, name: &str) -> Vec<String> {
        let mut calls = programs::calls(&self.path(&format!("{name}.argv")), 1);
        calls.swap_remove(0)
    }

    fn recorded(&self, name: &str, what: &str) -> String {
        std::fs::read_to_string(self.path(&format!("{name}.{what}"))).unwrap()
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

/// A TOML literal string holding `path` (single quotes: no escapes to worry about).
fn quoted(path: &Path) -> String {
    format!("'{}'", path.display())
}

#[test]
fn an_opener_gets_its_arguments_and_other_links_go_to_the_browser() {
    let home = Home::new();
    let opener = home.script("opener", RECORDER);
    home.configure(&format!(
        "[[opener]]\nmatch = 'youtube\\.com|youtu\\.be'\n\
         command = \"{} --title=%t --feed %f %u\"\n",
        quoted(&opener)
    ));
    let browser = home.script("browser", RECORDER);
    let tmux = home.reader(&format!("BROWSER={}", browser.display()));

    tmux.send(&["o"]);
    assert_eq!(
        home.argv("opener"),
        [
            format!("--title={TITLE}"),
            "--feed".to_owned(),
            "Programs Feed".to_owned(),
            VIDEO_URL.to_owned(),
        ]
    );
    let env = home.recorded("opener", "env");
    assert!(!env.contains("TIDINGS_SYNC_PASSWORD"), "{env}");
    assert!(
        !home.path("browser.argv").exists(),
        "the browser ran as well"
    );

    tmux.send(&["j", "o"]);
    assert_eq!(home.argv("browser"), ["https://example.org/plain"]);
    let opened = home.recorded("opener", "argv");
    assert_eq!(opened.matches("--end--").count(), 1, "{opened}");
    tmux.send(&["q"]);
    tmux.wait_for("TIDINGS-EXITED:0");
}

#[test]
fn a_terminal_opener_borrows_the_terminal_and_gives_it_back() {
    let home = Home::new();
    let program = home.script("terminal-program", TERMINAL_PROGRAM);
    home.configure(&format!(
        "[[opener]]\nmatch = 'youtube'\ncommand = \"{} %u\"\nterminal = true\n",
        quoted(&program)
    ));
    let tmux = home.reader("BROWSER=/nonexistent/browser");
    tmux.send(&["o"]);
    tmux.wait_for(&format!("TERMINAL-PROGRAM-MARKER 1 {VIDEO_URL}"));
    assert!(!tmux.alternate_screen(), "the reader kept the screen");
    tmux.type_text("typed into the program");
    tmux.send(&["Enter"]);
    let typed = wait_for_file(&home.path("typed.log"), "\n");
    assert_eq!(typed, "typed into the program\n", "the reader took keys");

    tmux.wait_for("All (2)");
    assert!(tmux.alternate_screen(), "the reader is back on its screen");
    assert!(!tmux.screen().contains("TERMINAL-PROGRAM-MARKER"));
    // Single keys work again: the next story opens and shows its text.
    tmux.send(&["j", "Enter"]);
    tmux.wait_for("PLAIN-BODY-MARKER");
    tmux.send(&["q"]);
    tmux.wait_for("TIDINGS-EXITED:0");
    tmux.wait_for("TERMINAL-COOKED");
}

#[test]
fn the_link_picker_opens_the_chosen_numbered_link() {
    let home = Home::new();
    let browser = home.script("browser", RECORDER);
    let tmux = home.reader(&format!("BROWSER={}", browser.display()));
    tmux.send(&["j", "Enter"]);
    tmux.wait_for("PLAIN-BODY-MARKER");
    tmux.send(&["O"]);
    tmux.wait_for("Links (j/k choose");
    let screen = tmux.screen();
    for row in [
        "link   https://example.org/plain",
        "[1]    https://example.org/one",
        "[2]    https://example.org/two",
    ] {
        assert!(screen.contains(row), "{row:?} missing:\n{screen}");
    }
    // Esc closes it without opening anything.
    tmux.send(&["Escape"]);
    tmux.wait_gone("Links (j/k choose");
    assert!(!home.path("browser.argv").exists(), "Esc opened a link");
    tmux.send(&["O", "j", "j", "Enter"]);
    assert_eq!(home.argv("browser"), ["https://example.org/two"]);
    tmux.send(&["q"]);
    tmux.wait_for("TIDINGS-EXITED:0");
}

#[test]
fn a_pipe_gets_the_story_and_its_variables_but_no_secret() {
    let home = Home::new();
    let pipe = home.script("piped", RECORDER);
    let tmux = home.reader("");
    tmux.send(&["|"]);
    tmux.wait_for("Pipe the story to:");
    tmux.type_text(&format!("{} --from-tidings", pipe.display()));
    tmux.send(&["Enter"]);
    assert_eq!(home.argv("piped"), ["--from-tidings"]);
    let stdin = home.recorded("piped", "stdin");
    assert!(
        stdin.starts_with(&format!("{TITLE}\nFeed: Programs Feed\n")),
        "{stdin}"
    );
    assert!(stdin.contains("\nAuthor: Ammar J\n"), "{stdin}");
    assert!(stdin.contains(&format!("Link: {VIDEO_URL}\n")), "{stdin}");
    assert!(stdin.contains("First words of the video story."), "{stdin}");
    assert!(stdin.contains("Second paragraph."), "{stdin}");
    let env = home.recorded("piped", "env");
    for line in [
        format!("TIDINGS_URL={VIDEO_URL}"),
        format!("TIDINGS_TITLE={TITLE}"),
        "TIDINGS_FEED=Programs Feed".to_owned(),
        "TIDINGS_AUTHOR=Ammar J".to_owned(),
    ] {
        assert!(env.lines().any(|l| l == line), "{line:?} missing:\n{env}");
    }
    assert!(!env.contains("TIDINGS_SYNC_PASSWORD"), "{env}");
    assert!(!env.contains("pw-s3cr3t"), "{env}");
    tmux.wait_for("Piped the story to");

    // The prompt remembers the command.
    tmux.send(&["|", "Up"]);
    tmux.wait_for(&format!(
        "Pipe the story to: {} --from-tidings",
        pipe.display()
    ));
    tmux.send(&["Escape"]);
    tmux.wait_gone("Pipe the story to:");
    tmux.send(&["q"]);
    tmux.wait_for("TIDINGS-EXITED:0");
    let kept = std::fs::read_to_string(home.path("pipe_history")).unwrap();
    assert_eq!(kept, format!("{} --from-tidings\n", pipe.display()));
}

#[test]
fn a_bookmark_command_gets_newsboats_four_arguments() {
    let home = Home::new();
    let bookmark = home.script("bookmark", RECORDER);
    home.configure(&format!(
        "bookmark_command = \"{} --tag news\"\n",
        quoted(&bookmark)
    ));
    let tmux = home.reader("");
    tmux.send(&["B"]);
    let argv = home.argv("bookmark");
    assert_eq!(argv.len(), 6, "{argv:?}");
    assert_eq!(argv[..4], ["--tag", "news", VIDEO_URL, TITLE]);
    let description = &argv[4];
    assert!(
        description.starts_with("First words of the video story. lorem ipsum"),
        "{description}"
    );
    assert!(description.ends_with('…'), "{description}");
    assert!(description.chars().count() <= 201, "{description}");
    assert_eq!(argv[5], "Programs Feed");
    assert!(
        !home
            .recorded("bookmark", "env")
            .contains("TIDINGS_SYNC_PASSWORD")
    );
    tmux.wait_for(&format!(
        "Bookmarked with {}: Watch \"this\"",
        bookmark.display()
    ));
    tmux.send(&["q"]);
    tmux.wait_for("TIDINGS-EXITED:0");
}

#[test]
fn a_failing_bookmark_command_shows_its_error() {
    let home = Home::new();
    let failing = home.script(
        "failing",
        "#!/bin/sh\necho 'saving...'\necho 'linkding: 401 unauthorized' >&2\nexit 3\n",
    );
    home.configure(&format!("bookmark_command = {}\n", quoted(&failing)));
    let tmux = home.reader("");
    tmux.send(&["B"]);
    tmux.wait_for("exited with 3: linkding: 401 unauthorized");
    tmux.send(&["q"]);
    tmux.wait_for("TIDINGS-EXITED:0");
}
