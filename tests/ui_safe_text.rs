//! The reader holds safe text: hostile stored titles, feed names and tags become
//! [`SafeText`] when loaded (list rows, sidebar labels, the list's title, status messages,
//! prompt completions), so a frame draws none of their control or bidi characters.

// Fixture builders fail the test when setup fails, so unwrap is the right call there too.
#![allow(clippy::unwrap_used)]

mod ui_support;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::KeyCode;
use rusqlite::Connection;
use tidings::store::Store;
use tidings::ui::draw;
use tidings::ui::model::View;
use ui_support::Harness;

const FEED: &str = "Syria\u{1b}[2J\u{202e} سوريا\u{9b}31m";
const TITLE: &str = "ترامب\u{1b}]52;c;ZXZpbA==\u{7} news\u{2066}\u{85}";
const TAG: &str = "tag\u{9d}0;x\u{9c}\u{202e}";

fn is_hostile(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{8}' | '\u{b}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
        | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

fn assert_clean(what: &str, text: &str) {
    assert!(!text.chars().any(is_hostile), "{what}: {text:?}");
}

/// A reader at 120×40 over one feed and one story whose stored text is hostile.
fn hostile_reader() -> Harness {
    let dir = tempfile::tempdir().unwrap();
    let path = ui_support::db_path(dir.path());
    drop(Store::open(&path).unwrap());
    let db = Connection::open(&path).unwrap();
    db.execute(
        "INSERT INTO feeds (id, url, custom_title, added) VALUES (1, 'http://a/', ?1, 0)",
        [FEED],
    )
    .unwrap();
    db.execute(
        "INSERT INTO articles (id, feed_id, guid, title, content, content_hash, first_seen,
             sort_time) VALUES (1, 1, 'g', ?1, '<p>x</p>', 0, 0, 0)",
        [TITLE],
    )
    .unwrap();
    db.execute("INSERT INTO article_tags VALUES (1, ?1)", [TAG])
        .unwrap();
    drop(db);
    let store = Store::open(&path).unwrap();
    ui_support::harness(store, dir, 120, 40)
}

fn render(harness: &Harness) -> String {
    let (width, height) = harness.app.model.size;
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal
        .draw(|frame| draw(&harness.app.model, frame))
        .unwrap();
    terminal.backend().to_string()
}

#[test]
fn list_rows_hold_safe_text_made_when_loaded() {
    let h = hostile_reader();
    let (article, text) = h.app.model.list.row(0).unwrap();
    // The store keeps the raw text; the row's text is what is drawn.
    assert_eq!(article.title, TITLE);
    assert_eq!(text.title.as_str(), "ترامب news…");
    assert_eq!(text.feed.as_str(), "Syria سوريا");
    assert_eq!(h.app.model.list.label.as_str(), "All");
}

#[test]
fn sidebar_labels_are_safe() {
    let h = hostile_reader();
    let labels: Vec<&str> = h
        .app
        .model
        .sidebar
        .entries
        .iter()
        .map(|e| e.label.as_str())
        .collect();
    assert!(labels.contains(&"Syria سوريا"), "{labels:?}");
    for label in labels {
        assert_clean("sidebar label", label);
    }
}

#[test]
fn a_frame_draws_no_control_or_bidi_characters_and_keeps_the_words() {
    let mut h = hostile_reader();
    let screen = render(&h);
    assert_clean("screen", &screen);
    for word in ["ترامب", "news", "Syria"] {
        assert!(screen.contains(word), "{word} missing:\n{screen}");
    }
    // The feed's own view, as the sidebar offers it: its name is the list's title.
    let feed = h
        .app
        .model
        .sidebar
        .entries
        .iter()
        .find(|e| matches!(e.view, View::Feed { .. }))
        .map(|e| e.view.clone())
        .unwrap();
    h.app.load_view(feed, false).unwrap();
    assert_eq!(h.app.model.list.label.as_str(), "Syria سوريا");
    assert_clean("feed view", &render(&h));
}

#[test]
fn status_messages_are_sanitized_when_said() {
    let mut h = hostile_reader();
    h.app.model.say(format!("Subscribed to {FEED}"));
    assert_eq!(
        h.app.model.status.message.as_deref(),
        Some("Subscribed to Syria سوريا")
    );
    h.app.model.fail(&anyhow::anyhow!("fetching: {TITLE}"));
    let error = h.app.model.status.error.clone().unwrap();
    assert_clean("status error", &error);
    assert!(error.contains("ترامب"), "{error}");
    assert_clean("status bar", &render(&h));
}

#[test]
fn tag_prompt_completions_and_input_are_safe() {
    let mut h = hostile_reader();
    h.keys("t");
    assert!(
        h.app
            .model
            .prompt
            .candidates
            .iter()
            .all(|c| c.as_str() == "tag"),
        "{:?}",
        h.app.model.prompt.candidates
    );
    assert_clean("prompt input", &h.app.model.prompt.input);
    assert_eq!(h.app.model.prompt.input, "tag, ");
    h.press(KeyCode::Char('\u{202e}'));
    assert_eq!(h.app.model.prompt.input, "tag, ");
    assert_clean("prompt", &render(&h));
}
