//! Keys and links in the real reader, in tmux: a chain of keys from `[keys]` and a `;`
//! sequence run their commands, a chain's pending keys show in the status bar and time
//! out, `?` lists the config's bindings with their descriptions, and the story's links
//! go out as OSC 8 hyperlinks (or not) and `y` as OSC 52, in the bytes the reader writes.

// Test code: a failure to set up is a test failure.
#![allow(clippy::unwrap_used)]

mod support;
mod ui_support;

use std::time::{Duration, Instant};

use support::sandbox::{Sandbox, TEST_CONFIG};
use support::tmux::{self, Tmux};

/// One story with a link of its own and two numbered links in its text.
const FEED: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Links</title><link>http://example.com/</link>
<item><title>Linked story</title><link>https://example.org/story</link><guid>s1</guid>
<description>&lt;p&gt;See &lt;a href="https://example.org/one"&gt;one&lt;/a&gt; and &lt;a href="https://example.org/two"&gt;two&lt;/a&gt;.&lt;/p&gt;</description></item>
</channel></rss>
"#;

/// The reader on the one-story feed with `config` after the test settings, showing it.
fn reader_with(config: &str) -> (Sandbox, Tmux) {
    let (sandbox, tmux) = start(config);
    tmux.wait_for("Linked story");
    (sandbox, tmux)
}

/// The reader on the one-story feed with `config` after the test settings, just started.
fn start(config: &str) -> (Sandbox, Tmux) {
    let sandbox = Sandbox::with_config(&format!("{TEST_CONFIG}{config}"));
    let feed = sandbox.path("links.rss");
    std::fs::write(&feed, FEED).unwrap();
    sandbox.run(&["add", feed.to_str().unwrap()]);
    let tmux = tmux::reader(
        sandbox.dir.path(),
        &sandbox.db(),
        &sandbox.path("config.toml"),
        "",
    );
    (sandbox, tmux)
}

fn open_story(tmux: &Tmux) {
    tmux.send(&["Enter"]);
    tmux.wait_for("example.org/story");
}

const BINDINGS: &str = r#"
[reader]
key_timeout_ms = 400
[keys]
toggle_read = "X"
"g g" = { run = "star", help = "star the story" }
", t" = "tag later; toggle_rtl"
"#;

#[test]
fn a_chain_runs_after_its_keys_and_times_out_with_its_hint() {
    let (_sandbox, tmux) = reader_with(BINDINGS);
    open_story(&tmux);
    tmux.send(&["g"]);
    tmux.wait_for("g …");
    // Nothing more typed: the hint goes once the chain times out, and nothing ran.
    let start = Instant::now();
    tmux.wait_gone("g …");
    assert!(start.elapsed() < Duration::from_secs(3));
    assert!(!tmux.screen().contains('★'), "{}", tmux.screen());
    tmux.send(&["g", "g"]);
    tmux.wait_for("Story ★");
    // A key that continues no chain breaks it: `g` then `j` stars nothing more.
    tmux.send(&["g", "j"]);
    tmux.wait_gone("g …");
    assert!(tmux.screen().contains("Story ★"), "{}", tmux.screen());
    tmux.send(&["q"]);
    tmux.wait_for("TIDINGS-EXITED:0");
}

#[test]
fn a_sequence_runs_its_commands_in_turn_and_help_lists_it() {
    let (_sandbox, tmux) = reader_with(BINDINGS);
    open_story(&tmux);
    tmux.send(&[",", "t"]);
    tmux.wait_for("tags: later");
    tmux.wait_for("RTL");
    // The old-style rebinding beside the chains: X toggles read, r no longer does.
    tmux.wait_for("0 unread");
    tmux.send(&["r"]);
    std::thread::sleep(Duration::from_millis(300));
    assert!(tmux.screen().contains("0 unread"), "{}", tmux.screen());
    tmux.send(&["X"]);
    tmux.wait_for("1 unread");
    tmux.send(&["?"]);
    tmux.wait_for("star the story (star)");
    let screen = tmux.screen();
    assert!(screen.contains("g g"), "{screen}");
    assert!(screen.contains("tag later; toggle_rtl"), "{screen}");
    // Commands with arguments are listed too.
    assert!(screen.contains("tag TAG"), "{screen}");
    tmux.send(&["Escape"]);
    // Esc and a key sent together can read as Alt and the key: let the Esc land first.
    tmux.wait_gone("star the story (star)");
    tmux.send(&["q"]);
    tmux.wait_for("TIDINGS-EXITED:0");
}

#[test]
fn a_bad_binding_stops_the_reader_with_an_error_naming_it() {
    let (_sandbox, tmux) = start("[keys]\n\"g hyper-q\" = \"star\"\n");
    tmux.wait_for("TIDINGS-EXITED:");
    let screen = tmux.screen();
    assert!(screen.contains(r#"[keys] "g hyper-q""#), "{screen}");
    assert!(!screen.contains("TIDINGS-EXITED:0"), "{screen}");
}

/// What the reader writes while it opens the story, copies its link (if `copy`) and quits.
fn output_opening_the_story(config: &str, copy: bool) -> (String, String) {
    let (sandbox, tmux) = reader_with(config);
    let file = sandbox.path("output");
    tmux.record_output(&file);
    open_story(&tmux);
    tmux.wait_for("example.org/two");
    if copy {
        tmux.send(&["y"]);
        tmux.wait_for("clipboard");
    }
    let screen = tmux.screen();
    tmux.send(&["q"]);
    tmux.wait_for("TIDINGS-EXITED:0");
    let bytes = std::fs::read(&file).unwrap();
    (String::from_utf8_lossy(&bytes).into_owned(), screen)
}

fn open(uri: &str, id: usize) -> String {
    format!("\x1b]8;id=tidings-{id};{uri}\x1b\\")
}

const CLOSE: &str = "\x1b]8;;\x1b\\";

#[test]
fn hyperlinks_on_wrap_the_links_in_osc_8() {
    let (out, screen) = output_opening_the_story("[reader]\nhyperlinks = \"on\"\n", false);
    let (_, plain_screen) = output_opening_the_story("[reader]\nhyperlinks = \"off\"\n", false);
    // The sequences take no columns: the story pane reads the same as without them.
    let story_pane = |screen: &str| -> Vec<String> {
        screen
            .lines()
            .filter(|l| l.contains("example.org") || l.contains("See"))
            .map(str::to_owned)
            .collect()
    };
    assert_eq!(story_pane(&screen), story_pane(&plain_screen));
    assert_eq!(story_pane(&screen).len(), 4, "{screen}");
    let one = open("https://example.org/one", 1);
    let two = open("https://example.org/two", 2);
    let story = open("https://example.org/story", 0);
    // Cell by cell: the marker `[1]` in the text, the story's own link in the header.
    assert!(
        out.contains(&format!("{one}[{CLOSE}{one}1{CLOSE}")),
        "{out:?}"
    );
    assert!(out.contains(&format!("{two}[{CLOSE}")), "{out:?}");
    assert!(out.contains(&format!("{story}h{CLOSE}")), "{out:?}");
    // Every open is closed, and every OSC 8 is one of the three.
    let opens = out.matches("\x1b]8;id=").count();
    assert_eq!(opens, out.matches(CLOSE).count());
    assert_eq!(
        opens,
        out.matches(&one).count() + out.matches(&two).count() + out.matches(&story).count()
    );
}

#[test]
fn hyperlinks_off_write_none() {
    let (out, screen) = output_opening_the_story("[reader]\nhyperlinks = \"off\"\n", false);
    assert!(screen.contains("example.org/one"), "{screen}");
    assert!(out.contains("example.org/one"), "the output was recorded");
    assert!(!out.contains("\x1b]8;"), "{out:?}");
}

#[test]
fn hyperlinks_auto_are_off_under_tmux() {
    let (out, _) = output_opening_the_story("", false);
    assert!(out.contains("example.org/one"), "the output was recorded");
    assert!(!out.contains("\x1b]8;"), "{out:?}");
}

#[test]
fn y_copies_the_story_link_with_osc_52_when_allowed() {
    let (out, screen) = output_opening_the_story("[reader]\nosc52 = true\n", true);
    assert!(
        screen.contains("Sent https://example.org/story to the terminal's clipboard"),
        "{screen}"
    );
    // base64 of "https://example.org/story".
    assert!(
        out.contains("\x1b]52;c;aHR0cHM6Ly9leGFtcGxlLm9yZy9zdG9yeQ==\x1b\\"),
        "{out:?}"
    );
}

#[test]
fn y_says_how_to_allow_copying_otherwise() {
    let (sandbox, tmux) = reader_with("");
    let file = sandbox.path("output");
    tmux.record_output(&file);
    open_story(&tmux);
    tmux.send(&["y"]);
    tmux.wait_for("set osc52 = true in [reader]");
    tmux.send(&["q"]);
    tmux.wait_for("TIDINGS-EXITED:0");
    let out = String::from_utf8_lossy(&std::fs::read(&file).unwrap()).into_owned();
    assert!(!out.contains("\x1b]52"), "{out:?}");
}

#[test]
fn the_event_loops_timer_fires_before_the_tick_and_a_newer_one_replaces_it() {
    use tidings::ui::Event;
    let (_sender, events) = tidings::ui::runtime::input::channel();
    events.set_timer(Duration::from_millis(200), 1);
    events.set_timer(Duration::from_millis(50), 2);
    let start = Instant::now();
    assert!(matches!(events.next(), Some(Event::TimerFired(2))));
    assert!(start.elapsed() >= Duration::from_millis(50));
    assert!(start.elapsed() < Duration::from_millis(900));
    // The replaced timer never fires: the next event is the one-second tick.
    assert!(matches!(events.next(), Some(Event::Tick)));
}

#[test]
fn only_the_latest_chains_timer_drops_its_keys() {
    use tidings::ui::{Event, Keymap};
    let mut h = ui_support::with_samples(120, 40);
    let config = tidings::config::Config::load(
        Some(&write_config(&h, BINDINGS)),
        None,
        &tidings::config::DefaultPaths {
            config_file: h.dir.path().join("none.toml"),
            db_file: h.dir.path().join("tidings.db"),
        },
    )
    .unwrap();
    h.app.model.keymap = Keymap::from_config(&config.keys, config.reader.key_timeout).unwrap();
    h.keys("g");
    let first = h.app.model.pending_keys.clone().unwrap();
    assert_eq!(first.keys.len(), 1);
    // A key that continues nothing breaks the chain; a new one gets a new timer.
    h.keys("jg");
    let second = h.app.model.pending_keys.clone().unwrap();
    assert_ne!(first.timer, second.timer);
    h.app.on_event(Event::TimerFired(first.timer));
    assert_eq!(h.app.model.pending_keys, Some(second.clone()));
    h.app.on_event(Event::TimerFired(second.timer));
    assert_eq!(h.app.model.pending_keys, None);
    // Timed out: the next `g` starts over rather than completing `g g`.
    let id = h.app.model.selected_article().unwrap().id;
    h.keys("g");
    assert!(h.app.model.pending_keys.is_some());
    h.keys("g");
    assert!(h.app.store().story(id).unwrap().article.starred);
}

fn write_config(h: &ui_support::Harness, text: &str) -> std::path::PathBuf {
    let path = h.dir.path().join("keys.toml");
    std::fs::write(&path, text).unwrap();
    path
}
