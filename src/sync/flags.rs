//! Finding the read and starred state that changed on the server. TT-RSS has no "changed
//! since" for flags: its per-feed unread and marked counters show which feeds moved, and
//! only their flags are listed; a full reconcile lists every story's.
//!
//! The counters also check the listings: a feed's listing is repeated in other orders
//! until it holds as many stories as the counter says (see [`Order`]). A listed story
//! this store lacks (one a paged fetch skipped) is fetched, so it is not lost.

use std::collections::{BTreeSet, HashMap};

use super::engine::{FEEDS_AT_ONCE, MAX_PAGES};
use super::{Error, Feed, Headline, Listed, Order, PAGE, Remote, Source};
use crate::store::{Flag, FlagListing, FlagScope, Store};

/// Stories per `getArticle` call.
const ARTICLES_CHUNK: usize = 200;

/// What the server says about flags, ready for the store.
pub(super) struct Listings {
    pub listings: Vec<FlagListing>,
    /// Listed stories the store lacks, fetched.
    pub missing: Vec<Headline>,
}

/// Lists the flags of the feeds whose counts differ from the store's, or (`full`) of
/// every story.
pub(super) fn listings(
    store: &Store,
    remote: &mut dyn Remote,
    feeds: &[Feed],
    full: bool,
) -> Result<Listings, Error> {
    let counters: HashMap<i64, (u64, u64)> = remote
        .counters()?
        .into_iter()
        .map(|c| (c.feed, (c.unread, c.marked)))
        .collect();
    let expected = |feed: i64, listed: Listed| {
        let (unread, marked) = counters.get(&feed).copied().unwrap_or_default();
        match listed {
            Listed::Unread => unread,
            Listed::Marked => marked,
        }
    };
    let mut listings = Vec::new();
    if full {
        for listed in [Listed::Unread, Listed::Marked] {
            let ids = list_everything(remote, listed, feeds, &expected)?;
            listings.push(listing(listed, FlagScope::All, ids));
        }
    } else {
        let local = store.synced_flag_counts()?;
        for listed in [Listed::Unread, Listed::Marked] {
            let changed: Vec<i64> = feeds
                .iter()
                .map(|f| f.id)
                .filter(|&feed| {
                    let (unread, marked) = local.get(&feed).copied().unwrap_or_default();
                    let here = if listed == Listed::Unread {
                        unread
                    } else {
                        marked
                    };
                    here != expected(feed, listed)
                })
                .collect();
            if changed.is_empty() {
                continue;
            }
            let sources: Vec<(Source, u64)> = changed
                .iter()
                .map(|&feed| (Source::Feed(feed), expected(feed, listed)))
                .collect();
            let ids = list_sources(remote, listed, &sources)?;
            listings.push(listing(listed, FlagScope::Feeds(changed), ids));
        }
    }
    let listed: Vec<i64> = listings
        .iter()
        .flat_map(|l| l.listed.iter().copied())
        .collect();
    let unknown = store.unknown_remote_ids(&listed)?;
    let mut missing = Vec::new();
    for chunk in unknown.chunks(ARTICLES_CHUNK) {
        missing.extend(remote.articles(chunk)?);
    }
    Ok(Listings { listings, missing })
}

/// Every story with flag `listed`: in one page if it holds them, else feed by feed and
/// the archive.
fn list_everything(
    remote: &mut dyn Remote,
    listed: Listed,
    feeds: &[Feed],
    expected: &dyn Fn(i64, Listed) -> u64,
) -> Result<Vec<i64>, Error> {
    let first = remote.listed_ids(listed, Source::All, Order::Newest, 0, PAGE)?;
    if first.len() < PAGE {
        return Ok(first);
    }
    let sources: Vec<(Source, u64)> = feeds
        .iter()
        .map(|f| (Source::Feed(f.id), expected(f.id, listed)))
        .chain([(Source::Archive, 0)])
        .collect();
    list_sources(remote, listed, &sources)
}

/// The ids with flag `listed` in each source (with the count expected there): first
/// pages a few at a time, then more pages where needed.
fn list_sources(
    remote: &mut dyn Remote,
    listed: Listed,
    sources: &[(Source, u64)],
) -> Result<Vec<i64>, Error> {
    let mut ids = Vec::new();
    for chunk in sources.chunks(FEEDS_AT_ONCE) {
        let just_sources: Vec<Source> = chunk.iter().map(|(s, _)| *s).collect();
        let pages = remote.first_id_pages(listed, &just_sources)?;
        for (&(source, expected), page) in chunk.iter().zip(pages) {
            if page.len() < PAGE {
                ids.extend(page);
            } else {
                ids.extend(list_source(remote, listed, source, expected)?);
            }
        }
    }
    Ok(ids)
}

/// The ids with flag `listed` in `source`, page by page. When it takes more than a page
/// and fewer than `expected` were found, it lists again in another order.
fn list_source(
    remote: &mut dyn Remote,
    listed: Listed,
    source: Source,
    expected: u64,
) -> Result<Vec<i64>, Error> {
    let mut ids = BTreeSet::new();
    for order in [Order::Newest, Order::Oldest, Order::Title] {
        let mut skip = 0;
        let mut pages = 0;
        for _ in 0..MAX_PAGES {
            let page = remote.listed_ids(listed, source, order, skip, PAGE)?;
            let full_page = page.len() >= PAGE;
            skip += page.len();
            pages += 1;
            ids.extend(page);
            if !full_page {
                break;
            }
        }
        if pages == 1 || ids.len() as u64 >= expected {
            break;
        }
    }
    Ok(ids.into_iter().collect())
}

/// The server's list of flag `listed` as the store takes it.
fn listing(listed: Listed, scope: FlagScope, ids: Vec<i64>) -> FlagListing {
    match listed {
        Listed::Unread => FlagListing {
            flag: Flag::Read,
            scope,
            listed: ids,
            listed_value: false,
        },
        Listed::Marked => FlagListing {
            flag: Flag::Star,
            scope,
            listed: ids,
            listed_value: true,
        },
    }
}
