//! `add URL`: fetch the address; a feed is subscribed and its stories stored at once, an
//! HTML page is searched for the feeds it announces (the first is subscribed).

use url::Url;

use super::Error;
use super::pipeline::Meta;
use super::writer::save_parsed;
use crate::config;
use crate::feed::script::Script;
use crate::feed::{self, Alternate, ParsedFeed, Validators, fetch, schedule};
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
    Find(#[from] Box<feed::FindError>),
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
    let feed::FoundFeed {
        url: feed_url,
        response,
        feed,
        found_on,
        others,
    } = find(config, url)?;
    if found_on.is_some() {
        ensure_new(store, &feed_url)?;
    }
    let found = found(&feed_url, response, feed);
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

/// Subscribes to the script feed `script` (`exec:…`, `filter:…`): runs it once, as a
/// refresh would, and stores its stories under the address as given. Nothing is looked
/// for over HTTP: a script's output is the feed or an error.
pub fn subscribe_script(
    store: &mut Store,
    config: &config::Refresh,
    script: &Script,
    tags: Vec<String>,
) -> Result<Subscribed, SubscribeError> {
    let address = script.address().to_owned();
    if store.feed_id_for_url(&address)?.is_some() {
        return Err(store::Error::DuplicateFeed(address).into());
    }
    let (response, parsed) = run_script(config, script)?;
    let found = found(&response.url.clone(), response, parsed);
    let title = found.feed.title.clone();
    let id = store.add_feed(&NewFeed {
        url: address.clone(),
        title: None,
        tags,
    })?;
    let (stats, _) = save_parsed(store, config, id, &address, &found.feed, found.meta)?;
    Ok(Subscribed {
        id,
        url: address,
        title,
        stories: stats.new,
        found_on: None,
        others: Vec::new(),
    })
}

/// Runs the script feed `script` once, as a refresh would, and parses what it printed:
/// the one way `add` and `inspect` read a script feed.
pub fn run_script(
    config: &config::Refresh,
    script: &Script,
) -> Result<(fetch::Response, ParsedFeed), SubscribeError> {
    let fetcher = super::fetcher(config).map_err(Error::from)?;
    let failed = |kind: fetch::ErrorKind| {
        SubscribeError::Find(Box::new(feed::FindError::Fetch(kind.at(script.address()))))
    };
    let response = crate::net::block_on(script.fetch(&fetcher, &Validators::default()))
        .map_err(Error::from)?
        .map_err(|err| SubscribeError::Find(Box::new(feed::FindError::Fetch(err))))?;
    let document = response
        .document
        .as_ref()
        .ok_or_else(|| failed(fetch::ErrorKind::Script("nothing was fetched".to_owned())))?;
    let parsed = document.parse(&response.url).map_err(failed)?;
    Ok((response, parsed))
}

/// Finds the feed at `url`, or the first feed the page at `url` announces, on the
/// process's network service: the one way `add` and `inspect` look for a feed.
pub fn find(config: &config::Refresh, url: &Url) -> Result<feed::FoundFeed, SubscribeError> {
    let fetcher = super::fetcher(config).map_err(Error::from)?;
    let found = crate::net::block_on(feed::find_feed(&fetcher, url)).map_err(Error::from)?;
    Ok(found.map_err(Box::new)?)
}

fn ensure_new(store: &Store, url: &Url) -> Result<(), SubscribeError> {
    match store.feed_id_for_url(url.as_str())? {
        Some(_) => Err(store::Error::DuplicateFeed(url.to_string()).into()),
        None => Ok(()),
    }
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
