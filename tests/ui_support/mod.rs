//! Shared by the reader's tests: an [`App`] over an in-memory store, key presses, and
//! the bundled sample feeds.

// Test helpers: a failure to set up is a test failure, so unwrap is the right call.
#![allow(dead_code, clippy::unwrap_used)]

use chrono::FixedOffset;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use tidings::store::Store;
use tidings::ui::{App, Event, Keymap, Settings, Theme};

/// An app and the directory its samples are written to.
pub struct Harness {
    pub app: App,
    pub dir: tempfile::TempDir,
}

/// A reader over an empty in-memory store, `width` × `height` cells, dates in UTC.
pub fn empty(width: u16, height: u16) -> Harness {
    let dir = tempfile::tempdir().unwrap();
    let settings = Settings {
        sample_dir: dir.path().join("samples"),
        rtl: false,
        utc_offset: FixedOffset::east_opt(0).unwrap(),
        auto_refresh: None,
    };
    let store = Store::open_in_memory().unwrap();
    let mut app = App::new(store, settings, Keymap::default(), Theme::default()).unwrap();
    app.on_event(Event::Resized { width, height });
    Harness { app, dir }
}

/// A reader with the sample feeds loaded (through the welcome view's `s`).
pub fn with_samples(width: u16, height: u16) -> Harness {
    let mut harness = empty(width, height);
    harness.keys("s");
    harness
}

impl Harness {
    /// Presses each character of `keys` in turn.
    pub fn keys(&mut self, keys: &str) {
        for c in keys.chars() {
            self.press(KeyCode::Char(c));
        }
    }

    /// Presses one key, then does what the event loop does once the frame is drawn.
    pub fn press(&mut self, code: KeyCode) {
        self.app
            .on_event(Event::Key(KeyEvent::new(code, KeyModifiers::NONE)));
        self.app.after_frame();
    }

    /// The title of the selected story.
    pub fn selected_title(&self) -> String {
        self.app
            .selected_article()
            .map(|a| a.title.clone())
            .unwrap_or_default()
    }
}
