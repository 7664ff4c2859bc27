//! The one channel into the UI: terminal input, the slow tick and background results all
//! arrive as [`Event`]s. Events are past tense: they report what happened.

use std::cell::Cell;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use ratatui::crossterm::event::{self as term, KeyEvent, KeyEventKind, MouseEvent};

use crate::feed::FullText;
use crate::refresh::FeedReport;
use crate::store::{Article, ArticleId};
use crate::ui::worker::{SearchId, WriteId};

/// How often the UI ticks: spinner, auto-refresh, noticing other processes' changes.
pub const TICK: Duration = Duration::from_secs(1);

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
    /// A background refresh began with this many feeds due.
    RefreshStarted { due: usize },
    /// One feed of a background refresh was stored (or failed).
    FeedRefreshed(FeedReport),
    /// A background refresh ended: new stories, or why it could not run.
    RefreshFinished(Result<usize, String>),
    /// Subscribing from the `a` prompt ended: the feed's name, or the error.
    FeedSubscribed(Result<String, String>),
    /// The browser could not be started.
    BrowserFailed(String),
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
}

/// The sending half, cloned into every background task.
pub type EventSender = Sender<Event>;

/// The channel's two ends.
pub fn channel() -> (EventSender, Events) {
    let (sender, receiver) = mpsc::channel();
    let next_tick = Cell::new(Instant::now() + TICK);
    (
        sender,
        Events {
            receiver,
            next_tick,
        },
    )
}

/// The receiving half, owned by the UI loop.
pub struct Events {
    receiver: Receiver<Event>,
    /// When the next [`Event::Tick`] is due. Ticks keep time even while results stream
    /// in (a long refresh, indexing progress), so the tick's work is never starved.
    next_tick: Cell<Instant>,
}

impl Events {
    /// The next event, or an [`Event::Tick`] once every [`TICK`]. `None` when every
    /// sender is gone.
    pub fn next(&self) -> Option<Event> {
        let wait = self
            .next_tick
            .get()
            .saturating_duration_since(Instant::now());
        if wait.is_zero() {
            return Some(self.tick());
        }
        match self.receiver.recv_timeout(wait) {
            Ok(event) => Some(event),
            Err(RecvTimeoutError::Timeout) => Some(self.tick()),
            Err(RecvTimeoutError::Disconnected) => None,
        }
    }

    fn tick(&self) -> Event {
        self.next_tick.set(Instant::now() + TICK);
        Event::Tick
    }

    /// An event that is already waiting, without blocking (to batch before a redraw).
    pub fn try_next(&self) -> Option<Event> {
        self.receiver.try_recv().ok()
    }
}

/// Reads terminal input on its own thread for as long as the UI listens.
pub fn spawn_input(sender: EventSender) -> std::io::Result<()> {
    std::thread::Builder::new()
        .name("tidings-input".to_owned())
        .spawn(move || {
            while let Ok(event) = term::read() {
                let event = match event {
                    term::Event::Key(key) if key.kind != KeyEventKind::Release => Event::Key(key),
                    term::Event::Mouse(mouse) => Event::Mouse(mouse),
                    term::Event::Resize(width, height) => Event::Resized { width, height },
                    _ => continue,
                };
                if sender.send(event).is_err() {
                    return;
                }
            }
        })
        .map(|_| ())
}
