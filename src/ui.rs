//! The interactive reader (ratatui), started when tidings runs without a command.
//!
//! Data flows one way: terminal input, a slow tick and background results arrive as
//! [`Event`]s on one channel ([`event`]); keys become [`Action`]s through the pure
//! [`keymap()`]; [`App::update`] applies them; [`draw`] renders `&App` only when something
//! changed. Fetching runs on background threads ([`tasks`]) that report over the same
//! channel, so no frame waits on the network; the reader's writes, full-text indexing and
//! searches run on store threads ([`worker`]), so none waits on a write lock or the index.
//!
//! - [`app`]: the state; `update`: applying events and actions;
//! - [`view`](mod@view): drawing; [`layout`]: where panes go; [`theme`]: colours;
//! - [`bidi`]: right-to-left reordering; [`samples`]: the bundled offline feeds;
//! - [`terminal`]: raw mode and the alternate screen, restored on every exit path and
//!   lent to a text-mode browser while it runs;
//! - [`worker`]: the writer and indexer threads, each with its own connection.

pub mod action;
pub mod app;
pub mod bidi;
pub mod event;
mod external;
pub mod keymap;
pub mod layout;
mod rewrap;
pub mod samples;
pub mod supervise;
pub mod tasks;
pub mod terminal;
pub mod theme;
mod update;
pub mod view;
pub mod worker;

use std::path::Path;

use anyhow::{Context, Result};

pub use action::{Action, Mode, Pane};
pub use app::{App, Settings};
pub use event::Event;
pub use keymap::{Keymap, keymap};
pub use theme::Theme;
pub use view::draw;

use crate::config::Config;
use crate::launch::Browser;
use crate::store::Store;

/// Opens the reader on the configured database and runs it until the user quits.
pub fn run(config: &Config) -> Result<()> {
    let store = Store::open(&config.db_path)
        .with_context(|| format!("opening database {}", config.db_path.display()))?;
    let keymap = Keymap::new(&config.keys)?;
    let theme = Theme::new(&config.theme, !Theme::no_color_requested())?;
    let mut app = App::new(store, settings(config), keymap, theme)?;
    let (sender, events) = event::channel();
    let workers =
        worker::Workers::start(&config.db_path, &sender).context("starting the store threads")?;
    let runner = tasks::Runner {
        db_path: config.db_path.clone(),
        refresh: config.refresh.clone(),
        browser: Browser::from_env(
            config.reader.browser.as_deref(),
            config.reader.browser_in_terminal,
        ),
        events: sender.clone(),
        sync: config.sync.clone(),
    };
    let mut guard = terminal::TerminalGuard::enter().context("setting up the terminal")?;
    let size = guard
        .terminal()
        .size()
        .context("reading the terminal size")?;
    app.size = (size.width, size.height);
    let input = event::spawn_input(sender).context("starting the input thread")?;
    if app.mode != Mode::Welcome && config.reader.auto_refresh.is_some() {
        app.update_on_start();
    }
    let result = event_loop(&mut app, &mut guard, &events, &input, &runner, &workers);
    // The terminal is given back first; then the writes still queued are stored.
    drop(guard);
    workers.finish();
    result
}

fn event_loop(
    app: &mut App,
    guard: &mut terminal::TerminalGuard,
    events: &event::Events,
    input: &event::InputSwitch,
    runner: &tasks::Runner,
    workers: &worker::Workers,
) -> Result<()> {
    while !app.quit {
        if app.dirty {
            guard
                .terminal()
                .draw(|frame| draw(app, frame))
                .context("drawing")?;
            app.dirty = false;
            app.after_frame();
            if app.dirty {
                continue;
            }
        }
        // Started after the frame is out (the start-up refresh too), never before it.
        for task in app.take_tasks() {
            match task {
                // A browser that may draw in this terminal runs here, the reader paused.
                tasks::Task::OpenUrl { url } if runner.browser.needs_terminal() => {
                    external::open_in_terminal(app, guard, input, &runner.browser, &url)?;
                }
                task => runner.spawn(task),
            }
        }
        for job in app.take_jobs() {
            workers.submit(job);
        }
        if app.dirty {
            // A text-mode browser just gave the terminal back: redraw before waiting.
            continue;
        }
        let Some(first) = events.next() else { break };
        app.on_event(first);
        // Apply everything already waiting before drawing again.
        while let Some(next) = events.try_next() {
            app.on_event(next);
        }
    }
    // Keys applied together with `q` may have left work for after a frame.
    app.after_frame();
    for job in app.take_jobs() {
        workers.submit(job);
    }
    Ok(())
}

/// The reader's settings from the config; samples live beside the database.
fn settings(config: &Config) -> Settings {
    let data_dir = config.db_path.parent().unwrap_or(Path::new("."));
    Settings {
        sample_dir: data_dir.join("samples"),
        rtl: config.reader.rtl_reorder,
        zone: crate::dates::DisplayZone::Local,
        auto_refresh: config.reader.auto_refresh,
        views: config.views.clone(),
    }
}

impl App {
    /// Starts a refresh of the due feeds, as the reader does when it opens.
    pub fn update_on_start(&mut self) {
        self.start_refresh(Vec::new(), false);
    }
}
