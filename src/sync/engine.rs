//! One sync, provider-neutral: push the journal, pull feeds and new stories, reconcile
//! the flags that changed on the server.
//!
//! Order matters. Local changes are pushed first, so the server's state read afterwards
//! already holds them; each batch leaves the journal only once the server confirmed it,
//! so a change is pushed exactly once even if a later step fails. Feeds and new stories
//! are stored in one transaction after all pages arrived (very large first syncs in
//! several), then flags and the sync's end mark in another. A change the user makes
//! while a sync runs stays in the journal and wins over the server's state (the user's
//! latest intent) until the next sync pushes it.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::time::{Duration, Instant};

use chrono::Utc;
use serde::Serialize;

use super::flags;
use super::{Category, Error, Feed, Flag, Headline, PAGE, Remote, Source};
use crate::feed::ParsedEntry;
use crate::sanitize;
use crate::store::{Applied, PendingChange, RemoteArticle, RemoteFeed, Store, SyncBatch, SyncMark};

/// Every story's flags are reconciled at least this often (counters miss a story read
/// on the server while another in the same feed was marked unread).
pub(crate) const FULL_RECONCILE_EVERY: Duration = Duration::from_hours(24);

/// New stories held in memory before they are stored (a very large first sync).
const FLUSH_AT: usize = 2000;

/// Feeds whose first pages are asked for together (bounds the stories held at once).
pub(super) const FEEDS_AT_ONCE: usize = 16;

/// Stories per `updateArticle` call.
const PUSH_CHUNK: usize = 500;

/// A safety stop for paging: no real account has this many pages.
pub(super) const MAX_PAGES: usize = 100_000;

/// How to sync.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    /// Reconcile every story's flags, not only those of feeds whose counts moved.
    pub full: bool,
    /// Sync with a new account even though changes made for the previous one were never
    /// sent (they are dropped: their stories are another server's).
    pub discard_pending: bool,
}

/// What a sync did; its JSON is the stable shape `tidings sync --json` prints.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Summary {
    /// Feeds subscribed on the server.
    pub feeds: usize,
    pub new_articles: usize,
    /// Local changes the server confirmed.
    pub pushed: usize,
    /// Stories whose read or star state changed to the server's.
    pub updated: usize,
    #[serde(skip)]
    pub elapsed: Duration,
}

/// Syncs `store` with `remote`. On error nothing more is changed: stories stored before
/// it stay, pending changes stay queued (except those the server already confirmed).
pub fn sync(
    store: &mut Store,
    remote: &mut dyn Remote,
    options: Options,
) -> Result<Summary, Error> {
    let started = Instant::now();
    let account = remote.account();
    tracing::info!(account = %crate::sanitize::clean_line(&account), "sync started");
    let previous = store.sync_state()?;
    remote.login()?;
    // Only a server that answers is a new account: one that is down is reported as down.
    if let Some(old) = previous.as_ref().filter(|s| s.account != account) {
        let pending = store.pending_changes()?.len();
        if pending > 0 && !options.discard_pending {
            return Err(Error::AccountChanged {
                old: old.account.clone(),
                new: account,
                pending,
            });
        }
    }
    let state = previous.filter(|state| state.account == account);
    let since = state.as_ref().map_or(0, |s| s.last_article_id);
    // Journal rows of another account name stories by that server's ids: they are
    // dropped with the reset below, never sent here.
    let pushed = if state.is_some() {
        push(store, remote)?
    } else {
        0
    };
    let categories = remote.categories()?;
    let feeds = remote.feeds()?;
    let remote_feeds = to_store_feeds(&feeds, &categories);

    let mut pull = Pull {
        account: &account,
        reset: state.is_none(),
        feeds: Some(&remote_feeds),
        applied: Applied::default(),
    };
    let last_seen = pull.new_stories(store, remote, since, &feeds)?;

    let due = state
        .as_ref()
        .and_then(|s| s.last_full_reconcile)
        .is_none_or(|at| (Utc::now() - at).to_std().unwrap_or_default() >= FULL_RECONCILE_EVERY);
    // A first sync (or one after a reset) took every story with the server's flags: that
    // is a full reconcile already, and the counters catch what paging may have missed.
    let first = state.is_none();
    let full = options.full || (due && !first);
    let flags = flags::listings(store, remote, &feeds, full)?;
    let missing: Vec<RemoteArticle> = flags.missing.into_iter().map(to_store_article).collect();
    let applied = store.apply_sync(&SyncBatch {
        account: &account,
        reset: false,
        feeds: None,
        articles: &missing,
        flags: &flags.listings,
        finished: Some(SyncMark {
            last_article_id: last_seen,
            full_reconcile: full || first,
        }),
    })?;
    let summary = Summary {
        feeds: feeds.len(),
        new_articles: pull.applied.new_articles + applied.new_articles,
        pushed,
        updated: applied.updated,
        elapsed: started.elapsed(),
    };
    tracing::info!(
        feeds = summary.feeds,
        new = summary.new_articles,
        pushed,
        updated = summary.updated,
        full,
        elapsed_ms = summary.elapsed.as_millis(),
        "sync finished"
    );
    Ok(summary)
}

/// Sends the journal's changes, grouped by flag and value, and drops each batch from the
/// journal as soon as the server confirmed it. Returns how many were confirmed.
fn push(store: &mut Store, remote: &mut dyn Remote) -> Result<usize, Error> {
    let mut groups: BTreeMap<(Flag, bool), Vec<PendingChange>> = BTreeMap::new();
    for change in store.pending_changes()? {
        groups
            .entry((change.flag, change.value))
            .or_default()
            .push(change);
    }
    let mut pushed = 0;
    for ((flag, value), mut changes) in groups {
        changes.sort_by_key(|c| c.remote_id);
        for chunk in changes.chunks(PUSH_CHUNK) {
            let ids: Vec<i64> = chunk.iter().map(|c| c.remote_id).collect();
            remote.set_flag(&ids, flag, value)?;
            store.confirm_pushed(chunk)?;
            pushed += chunk.len();
        }
    }
    Ok(pushed)
}

/// Feeds as the store takes them: a feed's category becomes its one tag.
fn to_store_feeds(feeds: &[Feed], categories: &[Category]) -> Vec<RemoteFeed> {
    let titles: HashMap<i64, &str> = categories
        .iter()
        .map(|c| (c.id, c.title.as_str()))
        .collect();
    feeds
        .iter()
        .map(|feed| RemoteFeed {
            remote_id: feed.id,
            url: feed.url.clone(),
            title: feed
                .title
                .as_deref()
                .map(sanitize::title)
                .filter(|t| !t.is_empty()),
            tags: feed
                .category
                .and_then(|c| titles.get(&c))
                .map(|t| vec![(*t).to_owned()])
                .unwrap_or_default(),
            last_updated: feed.last_updated,
        })
        .collect()
}

/// Pulling feeds and new stories into the store.
struct Pull<'a> {
    account: &'a str,
    /// The stored remote ids belong to another account (or none): forget them first.
    reset: bool,
    /// The feed list, until a batch has stored it.
    feeds: Option<&'a [RemoteFeed]>,
    applied: Applied,
}

impl Pull<'_> {
    /// Fetches every story newer than `since` and stores them with the feeds. Returns
    /// the highest story id seen.
    ///
    /// One page usually holds them all. When it does not (a first sync), the stories are
    /// fetched feed by feed, a few feeds at a time, where one page again usually suffices:
    /// paging through stories with equal dates may skip some (see [`super::Order`]).
    /// Unread and starred stories skipped so are found by the flag listings
    /// ([`flags::listings`]) of this sync.
    fn new_stories(
        &mut self,
        store: &mut Store,
        remote: &mut dyn Remote,
        since: i64,
        feeds: &[Feed],
    ) -> Result<i64, Error> {
        let mut staged = Staged {
            known_feeds: feeds.iter().map(|f| f.id).collect(),
            ..Staged::default()
        };
        // A first sync takes many pages: it goes feed by feed at once.
        let by_feed = self.reset || {
            let page = remote.headlines(Source::All, since, 0, PAGE)?;
            let full = page.len() >= PAGE;
            staged.add(page);
            full
        };
        if by_feed {
            let sources: Vec<Source> = feeds
                .iter()
                .map(|f| Source::Feed(f.id))
                .chain([Source::Archive])
                .collect();
            for chunk in sources.chunks(FEEDS_AT_ONCE) {
                let pages = remote.first_pages(chunk, since)?;
                for (&source, page) in chunk.iter().zip(pages) {
                    let mut skip = page.len();
                    let mut full_page = page.len() >= PAGE;
                    staged.add(page);
                    for _ in 0..MAX_PAGES {
                        if !full_page {
                            break;
                        }
                        let page = remote.headlines(source, since, skip, PAGE)?;
                        full_page = page.len() >= PAGE;
                        skip += page.len();
                        staged.add(page);
                        self.flush_if_large(store, &mut staged)?;
                    }
                }
                self.flush_if_large(store, &mut staged)?;
            }
        }
        self.store(store, &staged.articles)?;
        // A story of a feed the list did not have yet (subscribed meanwhile) waits for
        // the next sync, which will know its feed.
        let last_seen = match staged.held_back {
            Some(held) => staged.last_seen.min(held - 1),
            None => staged.last_seen,
        };
        Ok(last_seen.max(since))
    }

    fn flush_if_large(&mut self, store: &mut Store, staged: &mut Staged) -> Result<(), Error> {
        if staged.articles.len() >= FLUSH_AT {
            self.store(store, &staged.articles)?;
            staged.articles.clear();
        }
        Ok(())
    }

    fn store(&mut self, store: &mut Store, articles: &[RemoteArticle]) -> Result<(), Error> {
        if articles.is_empty() && self.feeds.is_none() {
            return Ok(());
        }
        let applied = store.apply_sync(&SyncBatch {
            account: self.account,
            reset: self.reset,
            feeds: self.feeds.take(),
            articles,
            flags: &[],
            finished: None,
        })?;
        self.reset = false;
        self.applied.new_articles += applied.new_articles;
        Ok(())
    }
}

/// Stories fetched and not stored yet, each once.
#[derive(Default)]
struct Staged {
    articles: Vec<RemoteArticle>,
    seen: HashSet<i64>,
    last_seen: i64,
    /// The feeds the server listed.
    known_feeds: HashSet<i64>,
    /// The lowest id of a story left for the next sync.
    held_back: Option<i64>,
}

impl Staged {
    fn add(&mut self, headlines: Vec<Headline>) {
        for headline in headlines {
            if !self.seen.insert(headline.id) {
                continue;
            }
            if headline
                .feed
                .is_some_and(|f| !self.known_feeds.contains(&f))
            {
                self.held_back = Some(self.held_back.map_or(headline.id, |h| h.min(headline.id)));
                continue;
            }
            self.last_seen = self.last_seen.max(headline.id);
            self.articles.push(to_store_article(headline));
        }
    }
}

/// A server story as the store takes it. Its guid is the server's id: unique, stable.
pub(super) fn to_store_article(headline: Headline) -> RemoteArticle {
    let link = headline.link.filter(|l| !l.trim().is_empty());
    RemoteArticle {
        remote_id: headline.id,
        remote_feed: headline.feed,
        feed_title: headline.feed_title.map(|t| sanitize::title(&t)),
        entry: ParsedEntry {
            guid: format!("remote:{}", headline.id),
            base_url: link.clone(),
            link,
            title: sanitize::title(&headline.title),
            author: headline
                .author
                .map(|a| sanitize::clean_line(&a))
                .filter(|a| !a.is_empty()),
            published: headline.date,
            updated: None,
            content_html: headline.content,
            categories: Vec::new(),
            enclosures: Vec::new(),
        },
        read: !headline.unread,
        starred: headline.marked,
    }
}
