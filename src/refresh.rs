//! Refreshing feeds: picks the feeds that are due, fetches and parses them concurrently on
//! the process's tokio runtime ([`crate::net`]), and stores each one in its own
//! transaction as it arrives.
//!
//! Fetch tasks (at most `jobs` requests in flight, at most `per_host` per host) send each
//! result over a small bounded channel to a single writer: the calling thread, which owns
//! the [`Store`]. A task reads its body only when one of a few body slots (three per core)
//! is free, and keeps the slot until the writer has taken the parsed feed; meanwhile other
//! responses wait in their sockets. So a slow disk slows the network down instead of
//! letting documents pile up in memory, and memory does not grow with `jobs`. Killing the
//! process loses at most the feeds in flight; every stored feed is complete.
//!
//! After the feeds, the page phase (`refresh/pages.rs`) fetches the web pages of full-text feeds'
//! stories that have none kept, the same way: tasks bounded by `page_jobs` and `per_host`,
//! one writer on the calling thread. `Options::skip_pages` leaves it out.
//!
//! Full-text indexing is not done here: stories are stored with `indexed = 0` and are
//! readable at once; [`crate::index`] catches the index up later (the reader's
//! idle time, or the next `search`), because one SQLite writer cannot spread that work.

mod pages;
mod pipeline;
mod subscribe;
mod writer;

use std::time::{Duration, Instant};

use chrono::Utc;

use crate::config;
use crate::feed::fetch::{Fetcher, Limits, SetupError};
use crate::feed::schedule::Policy;
use crate::store::{self, FeedId, FetchTarget, Store};

pub(crate) use pages::run as fetch_pages;
pub use pages::{PageReport, Pages};
pub use subscribe::{SubscribeError, Subscribed, find, run_script, subscribe, subscribe_script};

/// Redirects followed before a fetch fails.
const MAX_REDIRECTS: usize = 5;
/// Write-ahead log size (in 4 KiB pages) between checkpoints during a refresh: 64 MiB.
const REFRESH_CHECKPOINT_PAGES: u32 = 16_384;
/// SQLite's default, restored afterwards.
const DEFAULT_CHECKPOINT_PAGES: u32 = 1000;

/// What to refresh and how.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// Requests in flight at once; `None` uses the configured number.
    pub jobs: Option<usize>,
    /// Only these feeds, fetched whether due or not. Empty means every due feed.
    pub feeds: Vec<FeedId>,
    /// Fetch every feed, ignoring schedules and back-off.
    pub force: bool,
    /// Leave out the page phase (full-text feeds' story pages; `refresh --no-pages`).
    pub skip_pages: bool,
}

/// How one feed's refresh went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// A new document was stored.
    Updated {
        new: usize,
        updated: usize,
        /// New stories a rule ignored (not stored).
        ignored: usize,
        moved_to: Option<String>,
    },
    /// 304: the server says nothing changed.
    NotModified,
    /// The error, as stored in the feed's `last_error`.
    Failed(String),
}

/// One feed done, for progress output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeedReport {
    pub id: FeedId,
    pub url: String,
    pub title: Option<String>,
    pub outcome: Outcome,
}

impl FeedReport {
    /// The feed's title, else its address.
    pub fn name(&self) -> &str {
        self.title
            .as_deref()
            .filter(|t| !t.is_empty())
            .unwrap_or(&self.url)
    }
}

/// Totals of a refresh.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    /// Feeds fetched.
    pub feeds: usize,
    pub new_articles: usize,
    /// New stories a rule ignored.
    pub ignored: usize,
    /// Old stories deleted by `[retention]` after the refresh.
    pub expired: usize,
    pub errors: usize,
    /// Feeds skipped because they were not due.
    pub skipped: usize,
    /// Story pages fetched after the feeds (full-text feeds).
    pub pages: Pages,
    pub elapsed: Duration,
}

/// Receives progress as feeds finish; the command line shows a bar or one line per feed.
pub trait Progress {
    /// Called once, before any feed finishes.
    fn start(&mut self, due: usize, skipped: usize);
    /// Called for every feed fetched, in the order they finish.
    fn feed_done(&mut self, report: &FeedReport);
    /// Something in the configuration looks wrong but does not stop the refresh.
    fn warn(&mut self, _message: &str) {}
    /// Called once the feeds are done, before the first of `pages` story pages is fetched
    /// (only when there are any).
    fn pages_start(&mut self, _pages: usize) {}
    /// Called for every page tried, in the order they finish.
    fn page_done(&mut self, _report: &PageReport) {}
}

/// Why a refresh could not run at all (a single feed failing is not one of these).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Store(#[from] store::Error),
    #[error(transparent)]
    Setup(#[from] SetupError),
    #[error(transparent)]
    Net(#[from] crate::net::RuntimeError),
}

/// Refreshes the due feeds (or those `options` names) and reports each as it is stored.
pub fn refresh(
    store: &mut Store,
    config: &config::Refresh,
    options: &Options,
    progress: &mut dyn Progress,
) -> Result<Summary, Error> {
    let started = Instant::now();
    store.set_rules(config.rules.clone());
    let targets = store.fetch_targets()?;
    for key in unmatched_intervals(config, &targets) {
        progress.warn(&format!(
            "[refresh.intervals] has an entry for {key}, which is not a subscribed feed"
        ));
    }
    let (targets, skipped) = select(targets, config, options);
    tracing::info!(
        due = targets.len(),
        skipped,
        force = options.force,
        "refresh started"
    );
    progress.start(targets.len(), skipped);
    let mut summary = Summary {
        feeds: targets.len(),
        skipped,
        ..Summary::default()
    };
    if !targets.is_empty() {
        let fetcher = fetcher(config)?;
        let jobs = options.jobs.unwrap_or(config.jobs).max(1);
        store.set_checkpoint_pages(REFRESH_CHECKPOINT_PAGES)?;
        let runtime = crate::net::runtime()?;
        let mut flight = pipeline::spawn(runtime.handle(), fetcher, targets, jobs, config.per_host);
        let result = writer::run(store, config, &mut flight.results, &mut |report| {
            match &report.outcome {
                Outcome::Updated { new, ignored, .. } => {
                    summary.new_articles += new;
                    summary.ignored += ignored;
                }
                Outcome::NotModified => {}
                Outcome::Failed(_) => summary.errors += 1,
            }
            progress.feed_done(report);
        });
        // After a fatal store error, feeds still in flight are abandoned, not awaited.
        drop(flight);
        store.set_checkpoint_pages(DEFAULT_CHECKPOINT_PAGES)?;
        result?;
        summary.expired = expire(store, &config.retention)?;
    }
    // After the feeds, never beside them: pages must not slow the feed phase down.
    if !options.skip_pages {
        summary.pages = pages::run(store, config, &options.feeds, progress)?;
    }
    if summary.feeds > 0 || summary.pages.tried > 0 {
        store.truncate_wal()?;
    }
    summary.elapsed = started.elapsed();
    tracing::info!(
        feeds = summary.feeds,
        new = summary.new_articles,
        errors = summary.errors,
        pages = summary.pages.tried,
        pages_failed = summary.pages.failed,
        elapsed_ms = summary.elapsed.as_millis(),
        "refresh finished"
    );
    Ok(summary)
}

/// Deletes what `[retention]` says is past keeping (nothing when it is off); returns how
/// many stories went.
pub(crate) fn expire(store: &mut Store, retention: &config::Retention) -> Result<usize, Error> {
    if retention.is_off() {
        return Ok(0);
    }
    let now = chrono::Utc::now();
    let expiry_of = |url: &str| {
        let keep = retention.for_feed(url);
        crate::store::Expiry {
            older_than: keep
                .max_age
                .and_then(|age| chrono::Duration::from_std(age).ok())
                .and_then(|age| now.checked_sub_signed(age)),
            max_stories: keep.max_per_feed,
        }
    };
    Ok(store.expire(&expiry_of)?)
}

/// The fetcher the configuration sets up (its limits and proxy): the process's shared
/// one ([`crate::net`]), made on first use.
pub fn fetcher(config: &config::Refresh) -> Result<Fetcher, crate::feed::fetch::SetupError> {
    crate::net::fetcher(&net_settings(config))
}

/// The network settings the configuration sets: the fetch limits and the proxy.
pub fn net_settings(config: &config::Refresh) -> crate::net::Settings {
    crate::net::Settings {
        limits: limits(config),
        proxy: config.proxy.clone(),
    }
}

/// The fetch limits the configuration sets.
pub fn limits(config: &config::Refresh) -> Limits {
    Limits {
        connect_timeout: config.connect_timeout,
        timeout: config.timeout,
        max_body_bytes: config.max_body_bytes,
        max_redirects: MAX_REDIRECTS,
    }
}

/// The scheduling policy the configuration sets.
pub fn policy(config: &config::Refresh) -> Policy {
    Policy {
        default_interval: config.default_interval,
        min_interval: config.min_interval,
        max_interval: config.max_interval,
        max_backoff: config.max_backoff,
    }
}

/// The `[refresh.intervals]` keys that name no subscribed feed (both sides are in
/// canonical form, so a key spelled differently from the subscription still matches).
fn unmatched_intervals<'a>(config: &'a config::Refresh, targets: &[FetchTarget]) -> Vec<&'a str> {
    let urls: std::collections::HashSet<&str> = targets.iter().map(|t| t.url.as_str()).collect();
    config
        .intervals
        .keys()
        .map(String::as_str)
        .filter(|key| !urls.contains(key))
        .collect()
}

/// The feeds to fetch, and how many were skipped as not due.
fn select(
    targets: Vec<FetchTarget>,
    config: &config::Refresh,
    options: &Options,
) -> (Vec<FetchTarget>, usize) {
    if !options.feeds.is_empty() {
        let chosen = targets
            .into_iter()
            .filter(|t| options.feeds.contains(&t.id))
            .collect();
        return (chosen, 0);
    }
    if options.force {
        return (targets, 0);
    }
    let policy = policy(config);
    let now = Utc::now();
    let total = targets.len();
    let due: Vec<FetchTarget> = targets
        .into_iter()
        .filter(|t| policy.is_due(&t.history, config.intervals.get(&t.url).copied(), now))
        .collect();
    let skipped = total - due.len();
    (due, skipped)
}
