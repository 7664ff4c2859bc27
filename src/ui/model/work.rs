//! The store work the reader waits for: writes already
//! shown but not yet stored, the search in flight, and what the reader last saw of the
//! database (to notice other processes' changes).

use crate::ui::effect::{SearchId, Write, WriteId};

/// Where a search came from, which decides what its results do to the screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SearchOrigin {
    /// Typed at the `/` prompt: the results become the list, focused, with a count.
    Prompt,
    /// The search's entry was picked in the sidebar.
    Sidebar,
    /// The search view is shown and the database changed: refresh it in place.
    Reload,
}

/// A search sent to the indexer thread whose results are awaited.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingSearch {
    pub id: SearchId,
    pub query: String,
    pub origin: SearchOrigin,
}

/// Store work in flight.
#[derive(Debug, Default)]
pub struct StoreWork {
    /// Writes shown as done and not yet confirmed, oldest first. They are shown again
    /// over whatever is reloaded from the store until their results arrive.
    pub writes: Vec<(WriteId, Write)>,
    /// The search whose results the list is waiting for.
    pub search: Option<PendingSearch>,
    /// `PRAGMA data_version` when the reader last loaded what it shows.
    pub(crate) data_version: i64,
    /// A slice of indexing was asked for and has not reported back yet.
    pub(crate) index_asked: bool,
    /// A key or the mouse was used since the last tick: indexing waits for a quiet one.
    pub(crate) input_seen: bool,
    /// Stories may be waiting for the index (the reader opened, the database changed):
    /// the next quiet tick asks for a slice.
    pub(crate) index_due: bool,
    next_id: u64,
}

impl StoreWork {
    /// A fresh number for a write or a search.
    pub(crate) fn next_id(&mut self) -> u64 {
        self.next_id += 1;
        self.next_id
    }
}
