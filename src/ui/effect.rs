//! Effects as data: what the update asks the runtime to do, and the names that match a
//! result to its request. Nothing here runs anything: the runtime (`runtime/`) turns
//! each effect into work on a thread, and the answer comes back as an
//! [`Event`](super::Event).

use std::path::PathBuf;

use crate::config::PipeFormat;
use crate::feed::FullText;
use crate::launch::Link;
use crate::store::{ArticleFilter, ArticleId, FeedId, NewFeed};

/// Search results kept, best match first.
pub const SEARCH_LIMIT: usize = 1000;

/// Something the update wants done outside the UI thread's state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Network and program work, on a task thread (or, for a program that needs the
    /// terminal, on the UI thread with the reader paused).
    Task(Task),
    /// Store work, on the store threads.
    Job(Job),
    /// Send [`Event::TimerFired`](super::Event::TimerFired) with `id` after `after`
    /// (a chain of keys timing out). A newer timer replaces one not yet fired.
    Timer { after: std::time::Duration, id: u64 },
    /// Bytes for the terminal itself, written between frames: a desktop notification
    /// (OSC 9 or 777), made safe by [`crate::notify::terminal`], or a link for the
    /// clipboard (OSC 52, [`crate::ui::osc::clipboard`]).
    Terminal(String),
}

/// Work for the event loop to start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Task {
    /// Refresh `feeds` (all due feeds when empty); `force` ignores schedules.
    Refresh { feeds: Vec<FeedId>, force: bool },
    /// Subscribe to the feed at (or announced by) this address.
    Subscribe { url: String },
    /// Open this link with its opener or the browser: a URL `url_policy::for_opening`
    /// allowed, in its serialized form (the launcher checks it again), with the story's
    /// and feed's titles for `%t` and `%f`.
    OpenUrl(Link),
    /// Run `command` in the terminal with story `id` on its standard input, as `format`.
    Pipe {
        id: ArticleId,
        command: String,
        format: PipeFormat,
    },
    /// Run the bookmark command for story `id` with newsboat's four arguments.
    Bookmark { id: ArticleId, command: String },
    /// Fetch story `id`'s page at `url` for its full text and keep it in the store.
    FullText { id: ArticleId, url: String },
    /// Add a command line to the history file at `file`.
    RememberCommand { file: PathBuf, line: String },
    /// Append a saved view to the config file at `config`.
    SaveView {
        config: PathBuf,
        name: String,
        query: String,
    },
}

/// Names one write, to match its result to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WriteId(pub u64);

/// Names one search; a result for a search the reader no longer waits for is dropped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SearchId(pub u64);

/// A change the reader makes to the database. It is shown at once and undone if the
/// write fails, so every variant says both what to set and what was shown before.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Write {
    /// Set the read flag of these stories.
    Read {
        ids: Vec<ArticleId>,
        read: bool,
    },
    Star {
        id: ArticleId,
        starred: bool,
    },
    /// Replace a story's tags (`before` is what was shown, `after` what the user typed;
    /// both sorted, as the store lists them).
    Tags {
        id: ArticleId,
        before: Vec<String>,
        after: Vec<String>,
    },
    /// Mark every story of a view read; `shown` are the loaded stories that were unread.
    ViewRead {
        filter: ArticleFilter,
        shown: Vec<ArticleId>,
    },
    RemoveFeed {
        id: FeedId,
        title: String,
    },
    /// Subscribe to feeds read from a subscription file (OPML or newsboat `urls`).
    ImportFeeds {
        feeds: Vec<NewFeed>,
    },
    /// Write the bundled sample feeds into `dir`, subscribe to them and store their
    /// stories.
    InstallSamples {
        dir: PathBuf,
    },
    /// Queue a story's enclosures for `tidings download`.
    QueueDownloads {
        id: ArticleId,
    },
}

impl Write {
    /// The stories the write changes, when it changes only stories already stored (a
    /// read, a star, tags); `None` for one that changes more.
    pub(crate) fn stories(&self) -> Option<&[ArticleId]> {
        match self {
            Write::Read { ids, .. } => Some(ids),
            Write::Star { id, .. } | Write::Tags { id, .. } => Some(std::slice::from_ref(id)),
            _ => None,
        }
    }

    /// What the write was doing, to start its error message with.
    pub(crate) fn doing(&self) -> String {
        match self {
            Self::Read { ids, read } => {
                let state = if *read { "read" } else { "unread" };
                match ids.as_slice() {
                    [id] => format!("marking story {id} {state}"),
                    many => format!("marking {} stories {state}", many.len()),
                }
            }
            Self::Star { id, starred: true } => format!("starring story {id}"),
            Self::Star { id, starred: false } => format!("unstarring story {id}"),
            Self::Tags { id, .. } => format!("tagging story {id}"),
            Self::ViewRead { .. } => "marking the view read".to_owned(),
            Self::RemoveFeed { title, .. } => format!("removing {title}"),
            Self::ImportFeeds { .. } => "importing feeds".to_owned(),
            Self::InstallSamples { .. } => "loading the sample feeds".to_owned(),
            Self::QueueDownloads { id } => format!("queueing story {id}'s enclosures"),
        }
    }
}

/// Work for the store threads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Job {
    /// A change, applied after every write asked for before it.
    Write { id: WriteId, write: Write },
    /// Index one slice of the stories waiting for the full-text index ([`Pace`]).
    Index,
    /// Catch the index up, then run a full-text query; at most `limit` results.
    Search {
        id: SearchId,
        query: String,
        limit: usize,
    },
    /// Lay a story's text out for the story pane ([`RenderKey`]).
    Render {
        key: RenderKey,
        source: RenderSource,
    },
}

/// What a rendering is for: the same story at the same width, in the same mode, is
/// rendered once and then taken from the reader's cache.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RenderKey {
    pub id: ArticleId,
    /// The text width, in columns.
    pub width: usize,
    /// The page's full text rather than the feed's.
    pub full_text: bool,
    /// Right-to-left paragraphs reordered for display.
    pub rtl: bool,
}

/// The HTML a rendering starts from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RenderSource {
    /// The story's text as the feed sent it, read from the store by the renderer.
    Stored,
    /// The main content of the story's page.
    Page(FullText),
}
