//! `add URL`: fetch the address; a feed is subscribed and its stories stored at once, an
//! HTML page is searched for the feeds it announces (the first is subscribed).

use url::Url;

use super::pipeline::Meta;
use super::writer::save_parsed;
use super::{Error, limits};
use crate::config;
use crate::feed::fetch::{self, Fetcher};
use crate::feed::{Alternate, ParsedFeed, Validators, discover, schedule};
use crate::store::{self, FeedId, NewFeed, Store};

/// A new subscription.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subscribed {
    pub id: FeedId,
    /// The feed's address as stored.
    pub url: String,
    pub title: Option<String>,
    /// Stories stored.
    pub stories: usize,
    /// The page the feed was discovered on, when the address given was a page.
    pub found_on: Option<Url>,
    /// Further feeds that page announced, not subscribed.
    pub others: Vec<Alternate>,
}

/// Why subscribing failed.
#[derive(Debug, thiserror::Error)]
pub enum SubscribeError {
    #[error(transparent)]
    Fetch(#[from] fetch::Error),
    #[error("no feed found at {0}")]
    NoFeed(Url),
    #[error(transparent)]
    Store(#[from] store::Error),
    #[error(transparent)]
    Refresh(#[from] Error),
}

/// A feed fetched and parsed, not yet stored.
struct Found {
    url: Url,
    feed: ParsedFeed,
    meta: Meta,
}

/// Subscribes to the feed at `url`, or to the first feed the page at `url` announces, and
/// stores its stories.
pub fn subscribe(
    store: &mut Store,
    config: &config::Refresh,
    url: &Url,
    tags: Vec<String>,
) -> Result<Subscribed, SubscribeError> {
    ensure_new(store, url)?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(Error::Runtime)?;
    let fetcher = Fetcher::new(limits(config)).map_err(Error::from)?;
    let (found, found_on, others) = runtime.block_on(find_feed(&fetcher, store, url))?;
    let title = found.feed.title.clone();
    let stored_url = found.url.to_string();
    let id = store.add_feed(&NewFeed {
        url: stored_url.clone(),
        title: None,
        tags,
    })?;
    let (stats, moved_to) = save_parsed(store, config, id, &stored_url, &found.feed, found.meta)?;
    Ok(Subscribed {
        id,
        url: moved_to.unwrap_or(stored_url),
        title,
        stories: stats.new,
        found_on,
        others,
    })
}

fn ensure_new(store: &Store, url: &Url) -> Result<(), SubscribeError> {
    match store.feed_id_for_url(url.as_str())? {
        Some(_) => Err(store::Error::DuplicateFeed(url.to_string()).into()),
        None => Ok(()),
    }
}

/// The feed at `url`, or the first one the page there announces (with the page and the
/// other feeds it announces).
async fn find_feed(
    fetcher: &Fetcher,
    store: &Store,
    url: &Url,
) -> Result<(Found, Option<Url>, Vec<Alternate>), SubscribeError> {
    let response = fetcher.fetch(url, &Validators::default()).await?;
    let page = response.url.clone();
    let document = response
        .document
        .as_ref()
        .ok_or_else(|| SubscribeError::NoFeed(url.clone()))?;
    match document.parse(&page) {
        Ok(feed) => return Ok((found(url, response, feed), None, Vec::new())),
        Err(kind) if !document.is_html() => return Err(kind.at(page.as_str()).into()),
        Err(_) => {}
    }
    let html = String::from_utf8_lossy(&document.decoded()).into_owned();
    let mut alternates = discover(&html, &page).into_iter();
    let first = alternates
        .next()
        .ok_or_else(|| SubscribeError::NoFeed(url.clone()))?;
    ensure_new(store, &first.url)?;
    let response = fetcher.fetch(&first.url, &Validators::default()).await?;
    let document = response
        .document
        .as_ref()
        .ok_or_else(|| SubscribeError::NoFeed(first.url.clone()))?;
    let feed = document
        .parse(&response.url)
        .map_err(|e| e.at(response.url.as_str()))?;
    Ok((
        found(&first.url, response, feed),
        Some(page),
        alternates.collect(),
    ))
}

/// The address to store: where a permanent redirect led, else the one asked for.
fn found(asked: &Url, response: fetch::Response, feed: ParsedFeed) -> Found {
    let hints = [
        schedule::ttl(feed.ttl_minutes),
        response
            .document
            .as_ref()
            .and_then(|d| schedule::syndication_interval(&d.bytes)),
        response.freshness,
    ];
    let url = response.moved_to.clone().unwrap_or_else(|| asked.clone());
    let meta = Meta {
        validators: response.validators,
        interval_hint: schedule::combine_hints(&hints),
        moved_to: None,
    };
    Found { url, feed, meta }
}
