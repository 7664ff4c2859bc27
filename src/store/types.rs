//! Plain values that go in and out of the store. They hold raw text as stored and do not
//! serialize: `--json` prints its own types (`commands/json.rs`), whose strings have all
//! passed the sanitizer.

use chrono::{DateTime, Utc};

/// A feed's row id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct FeedId(pub i64);

/// A story's row id: what `show`, `star`, `tag` … take.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ArticleId(pub i64);

impl std::fmt::Display for FeedId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

impl std::fmt::Display for ArticleId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.0.fmt(f)
    }
}

/// A feed to subscribe to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NewFeed {
    pub url: String,
    pub title: Option<String>,
    pub tags: Vec<String>,
}

impl From<crate::subscriptions::Subscription> for NewFeed {
    fn from(s: crate::subscriptions::Subscription) -> Self {
        Self {
            url: s.url,
            title: s.title,
            tags: s.tags,
        }
    }
}

/// A subscribed feed with its fetch state and counts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedRow {
    pub id: FeedId,
    pub url: String,
    pub title: Option<String>,
    pub link: Option<String>,
    pub tags: Vec<String>,
    pub last_fetched: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
    /// What had to be repaired in the last document fetched (it was not well-formed).
    pub warning: Option<String>,
    pub article_count: u64,
    pub unread_count: u64,
    /// Stories' web pages are fetched for their full text when opened.
    pub full_text: bool,
    /// Validators for conditional GET.
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    /// Consecutive failed fetches, for back-off.
    pub failures: u32,
}

impl FeedRow {
    /// The title to show: the feed's own, else its URL.
    pub(crate) fn display_title(&self) -> &str {
        self.title
            .as_deref()
            .filter(|t| !t.is_empty())
            .unwrap_or(&self.url)
    }
}

/// A story as listed: everything but the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Article {
    pub id: ArticleId,
    pub feed_id: Option<FeedId>,
    /// The feed's title (or URL); kept for starred stories of removed feeds.
    pub feed: String,
    pub title: String,
    pub link: Option<String>,
    pub author: Option<String>,
    /// The story's date: when it was published, else when it was last updated (Atom
    /// requires only the latter).
    pub published: Option<DateTime<Utc>>,
    pub read: bool,
    pub starred: bool,
    pub tags: Vec<String>,
    /// A page fetched for the story's link is kept: its text is the story's.
    pub full_text: bool,
    /// The files the story carries (a podcast's episode), in the feed's order; raw as
    /// stored (addresses go through the URL policy, text through the sanitizer).
    pub enclosures: Vec<crate::feed::Enclosure>,
}

/// A story with its body, for reading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Story {
    pub article: Article,
    /// The body as the feed gave it (untrusted HTML: sanitize before showing).
    pub content_html: String,
    /// The URL relative links in the body resolve against.
    pub base_url: Option<String>,
    /// The page fetched for the story's link, if one is kept (see [`crate::story_text`]).
    pub page: Option<crate::feed::FullText>,
}

/// Which stories to list; the default lists all of them, newest first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ArticleFilter {
    pub unread_only: bool,
    pub starred_only: bool,
    /// Stories tagged so, or from a feed tagged so.
    pub tag: Option<String>,
    pub feed: Option<FeedId>,
    /// Stories the query matches (with the other fields: all of them must hold). A query
    /// with text terms needs the index caught up first (`crate::index`).
    pub query: Option<crate::query::Query>,
    /// Skip this many matches first (for paging through a long view).
    pub offset: usize,
    pub limit: Option<usize>,
}

/// What saving one fetch of a feed changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SaveStats {
    pub new: usize,
    pub updated: usize,
    /// New stories a rule ignored (not stored).
    pub ignored: usize,
}

/// Totals for `tidings stats`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stats {
    pub feeds: u64,
    pub articles: u64,
    pub unread: u64,
    pub starred: u64,
    pub tags: u64,
    pub db_bytes: u64,
}
