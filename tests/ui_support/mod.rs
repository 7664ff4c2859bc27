//! Shared by the reader's tests: an [`App`] over a store in a temporary directory, key
//! presses, the store work (writes, indexing, searches) run in order on the test's thread,
//! and the bundled sample feeds.

// Test helpers: a failure to set up is a test failure, so unwrap is the right call.
#![allow(dead_code, clippy::unwrap_used)]

use std::path::{Path, PathBuf};

use chrono::FixedOffset;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use tidings::store::Store;
use tidings::ui::effect::{Effect, Task};
use tidings::ui::runtime::input::{self as event, Events};
use tidings::ui::runtime::worker::Inline;
use tidings::ui::{App, Event, Keymap, Settings, Theme};

/// An app, the directory its database and samples are in, and its store work.
pub struct Harness {
    pub app: App,
    pub dir: tempfile::TempDir,
    /// The store threads' work, run here; `None` for an in-memory store.
    worker: Option<(Inline, Events)>,
    /// The tasks the app asked for, oldest first (never started).
    tasks: Vec<Task>,
}

/// A reader over an empty store, `width` × `height` cells, dates in UTC.
pub fn empty(width: u16, height: u16) -> Harness {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&db_path(dir.path())).unwrap();
    harness(store, dir, width, height)
}

/// Where [`empty`] keeps the database in `dir`.
pub fn db_path(dir: &Path) -> PathBuf {
    dir.join("tidings.db")
}

/// A reader over `store` (a file in `dir`, or in memory: then store work is never run).
pub fn harness(store: Store, dir: tempfile::TempDir, width: u16, height: u16) -> Harness {
    let settings = Settings {
        sample_dir: dir.path().join("samples"),
        rtl: false,
        zone: tidings::dates::DisplayZone::Fixed(FixedOffset::east_opt(0).unwrap()),
        auto_refresh: None,
        views: Vec::new(),
        highlights: Vec::new(),
        hyperlinks: false,
        osc52: false,
        config_file: Some(dir.path().join("config.toml")),
        history: Vec::new(),
        history_file: Some(dir.path().join("command_history")),
        programs: tidings::ui::model::Programs::default(),
    };
    let worker = (store.path() != Path::new(":memory:")).then(|| {
        let (sender, events) = event::channel();
        (Inline::open(store.path(), &sender), events)
    });
    let app = App::new(store, settings, Keymap::default(), Theme::default()).unwrap();
    let mut harness = Harness {
        app,
        dir,
        worker,
        tasks: Vec::new(),
    };
    harness.app.on_event(Event::Resized { width, height });
    harness
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

    /// Presses one key, then does what the event loop does once the frame is drawn, and
    /// lets the store work that follows finish.
    pub fn press(&mut self, code: KeyCode) {
        self.app
            .on_event(Event::Key(KeyEvent::new(code, KeyModifiers::NONE)));
        self.settle();
    }

    /// What the event loop does after a frame, then the store work the app asked for, in
    /// order, with every result applied, until no more is asked for.
    pub fn settle(&mut self) {
        self.app.after_frame();
        loop {
            let mut jobs = Vec::new();
            for effect in self.app.take_effects() {
                match effect {
                    Effect::Task(task) => self.tasks.push(task),
                    Effect::Job(job) => jobs.push(job),
                    // Timers and terminal sequences belong to the runtime.
                    Effect::Timer { .. } | Effect::Terminal(_) => {}
                }
            }
            // An in-memory store has no threads to run its jobs: they are dropped.
            let Some((worker, events)) = &mut self.worker else {
                return;
            };
            let mut busy = !jobs.is_empty();
            for job in jobs {
                worker.run(job);
            }
            while let Some(event) = events.try_next() {
                self.app.on_event(event);
                busy = true;
            }
            if !busy {
                return;
            }
        }
    }

    /// The tasks asked for so far (after settling), oldest first.
    pub fn take_tasks(&mut self) -> Vec<Task> {
        self.settle();
        std::mem::take(&mut self.tasks)
    }

    /// The title of the selected story.
    pub fn selected_title(&self) -> String {
        self.app
            .model
            .selected_article()
            .map(|a| a.title.clone())
            .unwrap_or_default()
    }
}
