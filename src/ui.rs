//! The interactive reader (ratatui), started when tidings runs without a command.
//!
//! Data flows one way, through parts that each know only the ones before them:
//!
//! - data: [`action`] (what a key means), [`event`] (messages in: input, ticks,
//!   background results), [`effect`] (work asked of the runtime);
//! - [`model`]: the state, plain data with no store or I/O;
//! - `update`: [`App`] applies events and actions to the model, reads what it shows
//!   through its own connection, and asks for effects;
//! - [`view`](mod@view): draws the model; everything it draws was made safe before;
//! - [`runtime`]: the event loop, task threads (network, programs) and store threads
//!   (writer, indexer, renderer), driven by effects and reporting by events.
//!
//! Helpers: [`keymap`] (keys and chains of keys to actions and commands), [`command`] (the
//! command language, and `[keys]` bindings to it), [`layout`], [`theme`], [`bidi`]
//! (right-to-left reordering), [`render`] (laying a story out), [`osc`] and
//! [`hyperlink`] (the escape sequences tidings writes itself: OSC 8 links, OSC 52), and
//! [`samples`] (the bundled offline feeds).

pub mod action;
pub mod bidi;
pub mod command;
pub mod effect;
pub mod event;
pub mod hyperlink;
pub mod keymap;
pub mod layout;
pub mod model;
pub mod osc;
pub mod render;
mod rewrap;
pub mod runtime;
pub mod samples;
pub mod text;
pub mod theme;
mod update;
pub mod view;

use std::path::Path;

use anyhow::{Context, Result};
use ratatui::Frame;

pub use action::{Action, Mode, Pane};
pub use event::Event;
pub use keymap::{Keymap, keymap};
pub use model::{Model, Settings};
pub use theme::Theme;
pub use update::App;
pub use view::draw;

use crate::config::Config;
use crate::launch::{Browser, Launcher};
use crate::store::Store;
use effect::Effect;
use runtime::{Program, Runtime, input, tasks, terminal, worker};

/// Opens the reader on the configured database and runs it until the user quits.
pub fn run(config: &Config) -> Result<()> {
    let store = Store::open(&config.db_path)
        .with_context(|| format!("opening database {}", config.db_path.display()))?;
    let keymap = Keymap::from_config(&config.keys, config.reader.key_timeout)?;
    let theme = Theme::new(&config.theme, !Theme::no_color_requested())?;
    let mut app = App::new(store, settings(config), keymap, theme)?;
    let (sender, events) = input::channel();
    let workers =
        worker::Workers::start(&config.db_path, &sender).context("starting the store threads")?;
    let runner = tasks::Runner {
        db_path: config.db_path.clone(),
        refresh: config.refresh.clone(),
        launcher: Launcher {
            openers: config.openers.clone(),
            browser: Browser::from_env(
                config.reader.browser.as_deref(),
                config.reader.browser_in_terminal,
            ),
        },
        events: sender.clone(),
        sync: config.sync.clone(),
        notify: config.notify.clone(),
    };
    let mut guard = terminal::TerminalGuard::enter().context("setting up the terminal")?;
    let size = guard
        .terminal()
        .size()
        .context("reading the terminal size")?;
    app.on_event(Event::Resized {
        width: size.width,
        height: size.height,
    });
    let input = input::spawn_input(sender).context("starting the input thread")?;
    if app.model.mode != Mode::Welcome && config.reader.auto_refresh.is_some() {
        app.update_on_start();
    }
    let result = Runtime {
        guard: &mut guard,
        events: &events,
        input: &input,
        runner: &runner,
        workers: &workers,
    }
    .run(&mut app);
    // The terminal is given back first; then the writes still queued are stored.
    drop(guard);
    workers.finish();
    result
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
        highlights: config.highlights.clone(),
        hyperlinks: match config.reader.hyperlinks {
            crate::config::Hyperlinks::On => true,
            crate::config::Hyperlinks::Off => false,
            crate::config::Hyperlinks::Auto => {
                osc::hyperlinks_supported(|name| std::env::var(name).ok())
            }
        },
        osc52: config.reader.osc52,
        history: load_history(&data_dir.join("command_history")),
        history_file: Some(data_dir.join("command_history")),
        programs: model::Programs {
            pipe_format: config.reader.pipe_format,
            bookmark_command: config.reader.bookmark_command.clone(),
            pipe_history: load_history(&data_dir.join("pipe_history")),
            pipe_history_file: Some(data_dir.join("pipe_history")),
        },
        config_file: config.config_path.clone().or_else(|| {
            crate::config::DefaultPaths::from_environment()
                .ok()
                .map(|d| d.config_file)
        }),
    }
}

/// The command lines typed in earlier runs, oldest first (the last 500), made safe to
/// show in the prompt. A missing or unreadable file is an empty history.
fn load_history(path: &Path) -> Vec<String> {
    let text = std::fs::read(path).unwrap_or_default();
    let lines: Vec<String> = String::from_utf8_lossy(&text)
        .lines()
        .map(crate::sanitize::clean_line)
        .filter(|line| !line.trim().is_empty())
        .collect();
    let skip = lines.len().saturating_sub(500);
    lines.into_iter().skip(skip).collect()
}

impl Program for App {
    fn on_event(&mut self, event: Event) {
        App::on_event(self, event);
    }

    fn take_effects(&mut self) -> Vec<Effect> {
        App::take_effects(self)
    }

    fn needs_frame(&self) -> bool {
        self.model.dirty
    }

    fn draw(&self, frame: &mut Frame) {
        draw(&self.model, frame);
    }

    fn frame_drawn(&mut self) {
        self.model.dirty = false;
        self.after_frame();
    }

    fn quitting(&self) -> bool {
        self.model.quit
    }
}

impl App {
    /// Starts a refresh of the due feeds, as the reader does when it opens.
    pub(crate) fn update_on_start(&mut self) {
        self.start_refresh(Vec::new(), false);
    }
}
