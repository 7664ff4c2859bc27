//! Sync with a server that owns subscriptions and reading state: Tiny Tiny RSS for now,
//! behind the [`Remote`] seam so Miniflux or FreshRSS can follow.
//!
//! The SQLite store stays the cache the reader and CLI work from. A sync pushes the local
//! read/star changes the journal holds, then pulls categories (as feed tags), feeds, new
//! stories and the flags that changed on the server (modules `engine` and `flags`).
//! [`ttrss`] speaks the TT-RSS JSON API; [`password`] finds the password when a sync
//! starts.

mod engine;
mod error;
mod flags;
pub mod password;
pub mod ttrss;

use std::time::Duration;

use chrono::{DateTime, Utc};

pub use engine::{Options, Summary, sync};
pub use error::Error;

use crate::config::{Provider, SyncServer};
pub use crate::store::Flag;
use crate::store::{FeedId, Store};

/// Stories per page when listing: TT-RSS returns at most 200 a call.
pub const PAGE: usize = 200;

/// A category (folder) on the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Category {
    pub id: i64,
    pub title: String,
}

/// A subscription on the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Feed {
    pub id: i64,
    pub url: String,
    pub title: Option<String>,
    /// Its category; `None` when uncategorized.
    pub category: Option<i64>,
    pub last_updated: Option<DateTime<Utc>>,
}

/// A story on the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Headline {
    pub id: i64,
    /// `None` for stories kept without a feed (TT-RSS's archive).
    pub feed: Option<i64>,
    pub feed_title: Option<String>,
    pub title: String,
    pub link: Option<String>,
    pub author: Option<String>,
    pub date: Option<DateTime<Utc>>,
    /// The story's HTML (untrusted: sanitized when shown).
    pub content: String,
    pub unread: bool,
    pub marked: bool,
}

/// A feed's unread and marked (starred) counts on the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counter {
    pub feed: i64,
    pub unread: u64,
    pub marked: u64,
}

/// The server flags a listing asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Listed {
    Unread,
    Marked,
}

/// Which stories a call covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// Every story, those without a feed included.
    All,
    Feed(i64),
    /// Stories kept without a feed (TT-RSS's archive of removed feeds' starred stories).
    Archive,
}

/// The order of a paged listing. TT-RSS orders by dates only, and stories with equal
/// dates (a whole fetch shares one) may come in a different order on the next page, so
/// paging can skip some; listing again in another order finds them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    Newest,
    Oldest,
    Title,
}

/// What tidings needs from a sync server. Ids are the server's. Every call may fail
/// with an [`Error`] naming the server; a client logs in again by itself when its
/// session expired.
pub trait Remote {
    /// Provider, server and user, to tell whether stored remote ids belong to it.
    fn account(&self) -> String;
    /// Logs in (unless logged in already); called first by every sync.
    fn login(&mut self) -> Result<(), Error>;
    fn categories(&mut self) -> Result<Vec<Category>, Error>;
    fn feeds(&mut self) -> Result<Vec<Feed>, Error>;
    /// Up to `limit` stories of `source` newer than `since_id`, newest first, with their
    /// bodies, skipping `skip`.
    fn headlines(
        &mut self,
        source: Source,
        since_id: i64,
        skip: usize,
        limit: usize,
    ) -> Result<Vec<Headline>, Error>;
    /// `headlines(source, since_id, 0, PAGE)` for each of `sources`; a client may make
    /// the calls concurrently.
    fn first_pages(
        &mut self,
        sources: &[Source],
        since_id: i64,
    ) -> Result<Vec<Vec<Headline>>, Error> {
        sources
            .iter()
            .map(|&source| self.headlines(source, since_id, 0, PAGE))
            .collect()
    }
    /// The stories with these ids, with their bodies (unknown ids are left out).
    fn articles(&mut self, ids: &[i64]) -> Result<Vec<Headline>, Error>;
    /// Unread and marked counts of every feed that has stories.
    fn counters(&mut self) -> Result<Vec<Counter>, Error>;
    /// Up to `limit` ids of the stories of `source` with flag `listed`, skipping `skip`.
    fn listed_ids(
        &mut self,
        listed: Listed,
        source: Source,
        order: Order,
        skip: usize,
        limit: usize,
    ) -> Result<Vec<i64>, Error>;
    /// `listed_ids(listed, source, Order::Newest, 0, PAGE)` for each of `sources`; a
    /// client may make the calls concurrently.
    fn first_id_pages(
        &mut self,
        listed: Listed,
        sources: &[Source],
    ) -> Result<Vec<Vec<i64>>, Error> {
        sources
            .iter()
            .map(|&source| self.listed_ids(listed, source, Order::Newest, 0, PAGE))
            .collect()
    }
    /// Sets `flag` to `value` on the stories `ids`.
    fn set_flag(&mut self, ids: &[i64], flag: Flag, value: bool) -> Result<(), Error>;
    /// Subscribes to the feed at `url` (in a category); returns its id.
    fn subscribe(&mut self, url: &str, category: Option<i64>) -> Result<i64, Error>;
    fn unsubscribe(&mut self, feed: i64) -> Result<(), Error>;
    /// Asks the server to fetch a feed now, so a new subscription has stories at once.
    fn update_feed(&mut self, feed: i64) -> Result<(), Error>;
}

/// A feed subscribed on the server and synced.
#[derive(Debug)]
pub struct Subscribed {
    /// The feed here.
    pub feed: FeedId,
    pub summary: Summary,
    /// The server could not fetch the feed right away; it will on its own schedule.
    pub fetch_error: Option<Error>,
}

/// Subscribes to the feed at `url` on the server (in `category`), asks the server to
/// fetch it now so its stories come at once, and syncs.
pub fn subscribe(
    store: &mut Store,
    remote: &mut dyn Remote,
    url: &str,
    category: Option<i64>,
) -> Result<Subscribed, Error> {
    remote.login()?;
    let remote_id = remote.subscribe(url, category)?;
    let fetch_error = remote.update_feed(remote_id).err();
    let summary = sync(store, remote, Options::default())?;
    let feed = store
        .feed_by_remote_id(remote_id)?
        .ok_or_else(|| Error::NotListed {
            feed: url.to_owned(),
        })?;
    Ok(Subscribed {
        feed,
        summary,
        fetch_error,
    })
}

/// Timeouts for talking to the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeouts {
    pub connect: Duration,
    /// For each whole request.
    pub request: Duration,
}

/// A client for the configured server, with its password found (see [`password`]).
pub fn connect(server: &SyncServer, timeouts: Timeouts) -> Result<Box<dyn Remote>, Error> {
    let password = password::resolve(&server.password, &server.user, server.password_timeout)?;
    match server.provider {
        Provider::Ttrss => Ok(Box::new(ttrss::Client::new(
            &server.url,
            &server.user,
            password,
            timeouts,
        )?)),
    }
}

/// A warning when `url` sends the password in the clear: plain http to a host other than
/// this machine (a private address is still someone else's network).
pub(crate) fn plain_http_warning(url: &url::Url) -> Option<String> {
    let loopback = match url.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        Some(url::Host::Domain(name)) => {
            let name = name.trim_end_matches('.').to_ascii_lowercase();
            name == "localhost" || name.ends_with(".localhost")
        }
        None => false,
    };
    (url.scheme() == "http" && !loopback).then(|| {
        format!(
            "warning: sync.url {url} is plain http: the password and reading history cross the network unencrypted; use https"
        )
    })
}

#[cfg(test)]
mod tests;
