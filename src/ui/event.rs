//! The one channel into the UI: terminal input, the slow tick and background results all
//! arrive as [`Event`]s. Events are past tense: they report what happened.

use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::Duration;

use ratatui::crossterm::event::{self as term, KeyEvent, KeyEventKind, MouseEvent};

use crate::refresh::FeedReport;

/// How often the UI wakes up when nothing happens (spinner, auto-refresh).
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
}

/// The sending half, cloned into every background task.
pub type EventSender = Sender<Event>;

/// The channel's two ends.
pub fn channel() -> (EventSender, Events) {
    let (sender, receiver) = mpsc::channel();
    (sender, Events { receiver })
}

/// The receiving half, owned by the UI loop.
pub struct Events {
    receiver: Receiver<Event>,
}

impl Events {
    /// The next event; a [`Event::Tick`] when none came within [`TICK`]. `None` when
    /// every sender is gone.
    pub fn next(&self) -> Option<Event> {
        match self.receiver.recv_timeout(TICK) {
            Ok(event) => Some(event),
            Err(RecvTimeoutError::Timeout) => Some(Event::Tick),
            Err(RecvTimeoutError::Disconnected) => None,
        }
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
