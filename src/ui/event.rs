//! The messages into the UI: terminal input, the slow tick and background results all
//! arrive as [`Event`]s, on one channel (`runtime::input`). Events are past tense: they
//! report what happened.

use std::sync::Arc;
use std::time::Duration;

use ratatui::crossterm::event::{KeyEvent, MouseEvent};

use crate::feed::FullText;
use crate::refresh::FeedReport;
use crate::store::{Article, ArticleId};
use crate::ui::effect::{RenderKey, SearchId, WriteId};
use crate::ui::render::RenderedStory;

/// How often the UI ticks: spinner, auto-refresh, noticing other processes' changes.
pub(crate) const TICK: Duration = Duration::from_secs(1);

/// Something that happened, for the UI thread to apply to the
/// [`App`](crate::ui::App).
#[derive(Debug, Clone)]
pub enum Event {
    /// A key was pressed.
    Key(KeyEvent),
    /// The mouse was clicked or scrolled.
    Mouse(MouseEvent),
    /// The terminal changed size.
    Resized { width: u16, height: u16 },
    /// A second passed.
    Tick,
    /// The timer an [`Effect::Timer`](crate::ui::effect::Effect::Timer) set went off.
    TimerFired(u64),
    /// A background refresh began with this many feeds due.
    RefreshStarted { due: usize },
    /// One feed of a background refresh was stored (or failed).
    FeedRefreshed(FeedReport),
    /// A background refresh ended: new stories, or why it could not run.
    RefreshFinished(Result<usize, String>),
    /// Subscribing from the `a` prompt ended: the feed's name, or the error.
    FeedSubscribed(Result<String, String>),
    /// Work on a task thread failed with nothing else waiting for it (the browser did not
    /// start, the history could not be kept): why, for the status bar.
    TaskFailed(String),
    /// A program finished what it was asked (a bookmark saved, a pipe ended): what to
    /// say in the status bar.
    TaskDone(String),
    /// A story's page was fetched for its full text (and kept in the store), or why not.
    FullTextFetched {
        id: ArticleId,
        result: Result<FullText, String>,
    },
    /// The store worker applied a write (how many stories it changed), or why not.
    Written {
        id: WriteId,
        result: Result<usize, String>,
    },
    /// The full-text index is catching up: stories still waiting (0 when done), or why
    /// it stopped.
    Indexed(Result<u64, String>),
    /// A search ended: its results, best match first, or why it failed.
    Searched {
        id: SearchId,
        result: Result<Vec<Article>, String>,
    },
    /// A refresh stored news to announce through the terminal: the sequence to write.
    Notification(String),
    /// A view was saved in the config file: its name and query, or why not.
    ViewSaved(Result<(String, String), String>),
    /// A story was laid out for the story pane, or why not.
    Rendered {
        key: RenderKey,
        result: Result<Arc<RenderedStory>, String>,
    },
}
