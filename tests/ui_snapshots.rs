//! Render snapshots of every view at 80×24, 120×40 and 60×20 on ratatui's `TestBackend`.
//! Dates are fixed: the samples carry their own and the app shows them in UTC.

mod ui_support;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::KeyCode;
use tidings::ui::draw;
use ui_support::{Harness, empty, with_samples};

const SIZES: [(u16, u16); 3] = [(80, 24), (120, 40), (60, 20)];

/// Renders one frame of `harness` as text.
fn render(harness: &Harness) -> String {
    let (width, height) = harness.app.model.size;
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal
        .draw(|frame| draw(&harness.app.model, frame))
        .unwrap();
    terminal.backend().to_string()
}

/// Snapshots the screen `setup` leads to, at every size.
fn snapshot_all(name: &str, setup: impl Fn(u16, u16) -> Harness) {
    for (width, height) in SIZES {
        let harness = setup(width, height);
        insta::assert_snapshot!(format!("{name}_{width}x{height}"), render(&harness));
    }
}

#[test]
fn welcome_view() {
    snapshot_all("welcome", empty);
}

#[test]
fn story_list() {
    snapshot_all("list", |w, h| {
        let mut harness = with_samples(w, h);
        harness.keys("jr");
        harness
    });
}

#[test]
fn sidebar() {
    snapshot_all("sidebar", |w, h| {
        let mut harness = with_samples(w, h);
        harness.keys("hjjjj");
        harness
    });
}

#[test]
fn english_story() {
    snapshot_all("story_english", |w, h| {
        let mut harness = with_samples(w, h);
        harness.press(KeyCode::Enter);
        harness.keys("s");
        harness
    });
}

#[test]
fn arabic_story_reordered_right_to_left() {
    snapshot_all("story_arabic_rtl", |w, h| {
        let mut harness = with_samples(w, h);
        harness.keys("jjjb");
        harness.press(KeyCode::Enter);
        harness
    });
}

#[test]
fn help_overlay() {
    snapshot_all("help", |w, h| {
        let mut harness = with_samples(w, h);
        harness.keys("?");
        harness
    });
}

#[test]
fn tags_prompt_with_completions() {
    snapshot_all("tags_prompt", |w, h| {
        let mut harness = with_samples(w, h);
        harness.keys("t");
        harness
    });
}

#[test]
fn delete_confirmation() {
    snapshot_all("confirm_delete", |w, h| {
        let mut harness = with_samples(w, h);
        harness.keys("hjjjjjjd");
        harness
    });
}

#[test]
fn search_results() {
    snapshot_all("search", |w, h| {
        let mut harness = with_samples(w, h);
        harness.keys("/syria");
        harness.press(KeyCode::Enter);
        harness
    });
}
