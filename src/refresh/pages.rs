//! The page phase of a refresh (and of a sync): once the feeds are stored, the web pages
//! of full-text feeds' stories that have none kept are fetched and their main content
//! kept, so `show`, search and the reader have the story's text offline.
//!
//! It runs after the feed phase, never beside it, so pages never delay feeds. Tasks on
//! the process's runtime ([`crate::net`]) fetch at most `page_jobs` pages at once and
//! `per_host` per host, through [`fetch_full_text`] (the URL policy, zones, timeouts and
//! size cap of every fetch); each result goes over a small bounded channel to the calling
//! thread, which owns the [`Store`] and is the only writer. A page that fails is recorded
//! on its story and tried again by a later refresh, after a back-off that doubles from an
//! hour up to a week.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use chrono::{DateTime, Utc};
use tokio::sync::{Semaphore, mpsc};
use tokio::task::AbortHandle;
use url::Url;

use super::{Error, Progress};
use crate::config;
use crate::feed::fetch::Fetcher;
use crate::feed::full_text::{self, FullText, fetch_full_text};
use crate::store::{self, ArticleId, FeedId, PageTarget, Store};
use crate::url_policy::{self, Origin};

/// The wait after a page's first failure; it doubles with each further one.
const FIRST_BACKOFF: Duration = Duration::from_hours(1);
/// The longest wait between tries of a failing page.
const MAX_BACKOFF: Duration = Duration::from_hours(7 * 24);

/// What the page phase did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Pages {
    /// Pages tried (kept or failed).
    pub tried: usize,
    /// Of those, pages that could not be had (recorded on their stories).
    pub failed: usize,
}

/// One page done, for progress output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageReport {
    pub id: ArticleId,
    /// The story's link (untrusted: sanitize before showing).
    pub link: String,
    /// Why it failed; `None` when the page was kept.
    pub error: Option<String>,
}

/// One page's fetch, on its way to the writer.
struct Fetched {
    target: PageTarget,
    result: Result<FullText, full_text::Error>,
}

/// Fetches and keeps the pages stories of full-text feeds (of `feeds` only, when not
/// empty) still lack, reporting each to `progress`. A page failing is recorded, not an
/// error; a store error ends the phase (the pages in flight are abandoned).
pub(crate) fn run(
    store: &mut Store,
    config: &config::Refresh,
    feeds: &[FeedId],
    progress: &mut dyn Progress,
) -> Result<Pages, Error> {
    let targets = store.page_targets(Utc::now(), feeds)?;
    if targets.is_empty() {
        return Ok(Pages::default());
    }
    tracing::info!(pages = targets.len(), "page phase started");
    progress.pages_start(targets.len());
    let fetcher = super::fetcher(config)?;
    let runtime = crate::net::runtime()?;
    let (receiver, tasks) = spawn(runtime, &fetcher, targets, config);
    let _abandon = AbortOnDrop(tasks);
    let pages = write(store, receiver, progress)?;
    tracing::info!(
        tried = pages.tried,
        failed = pages.failed,
        "page phase finished"
    );
    Ok(pages)
}

/// Aborts the page tasks still running when the phase ends early (a store error).
struct AbortOnDrop(Vec<AbortHandle>);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        for task in &self.0 {
            task.abort();
        }
    }
}

/// Starts one task per page on `runtime`; results arrive on the returned channel, which
/// closes when every page is done.
fn spawn(
    runtime: &tokio::runtime::Runtime,
    fetcher: &Fetcher,
    targets: Vec<PageTarget>,
    config: &config::Refresh,
) -> (mpsc::Receiver<Fetched>, Vec<AbortHandle>) {
    let jobs = Arc::new(Semaphore::new(config.page_jobs.max(1)));
    let mut hosts: HashMap<String, Arc<Semaphore>> = HashMap::new();
    // Small on purpose: a slow writer holds the fetches back instead of pages piling up.
    let (sender, receiver) = mpsc::channel(config.page_jobs.clamp(1, 16));
    let tasks = targets
        .into_iter()
        .map(|target| {
            let host = host_of(&target.link).map(|h| {
                Arc::clone(
                    hosts
                        .entry(h)
                        .or_insert_with(|| Arc::new(Semaphore::new(config.per_host.max(1)))),
                )
            });
            let task = fetch_one(
                fetcher.clone(),
                target,
                host,
                Arc::clone(&jobs),
                sender.clone(),
            );
            runtime.spawn(task).abort_handle()
        })
        .collect();
    (receiver, tasks)
}

/// Waits for the page's host, then for a job slot, fetches it, and hands it over,
/// holding the slot until the writer has the result.
async fn fetch_one(
    fetcher: Fetcher,
    target: PageTarget,
    host: Option<Arc<Semaphore>>,
    jobs: Arc<Semaphore>,
    sender: mpsc::Sender<Fetched>,
) {
    // The host first, so a page queued behind its busy host holds no global slot.
    let host_permit = match host {
        Some(host) => host.acquire_owned().await.ok(),
        None => None,
    };
    let Ok(_job) = jobs.acquire_owned().await else {
        return;
    };
    // Boxed: every page gets its task up front, so the waiting part is kept small.
    let result = Box::pin(fetch_page(&fetcher, &target)).await;
    drop(host_permit);
    // The receiver is gone only after a fatal store error; nothing waits for it then.
    let _ = sender.send(Fetched { target, result }).await;
}

/// The page of one story: its link checked by the URL policy (a link found in a feed:
/// http or https only), then fetched within the feed's zone and extracted.
async fn fetch_page(fetcher: &Fetcher, target: &PageTarget) -> Result<FullText, full_text::Error> {
    let not_web = || full_text::Error::NotWeb(target.link.clone());
    let url = Url::parse(&target.link).map_err(|_| not_web())?;
    let found = Origin::Found {
        in_local_file: false,
    };
    url_policy::check(&url, found).map_err(|_| not_web())?;
    let feed = crate::feed::script::zone_address(&target.feed_url);
    fetch_full_text(fetcher, feed.as_ref(), &url).await
}

/// Stores every result from `receiver` until the channel closes.
fn write(
    store: &mut Store,
    mut receiver: mpsc::Receiver<Fetched>,
    progress: &mut dyn Progress,
) -> Result<Pages, Error> {
    let mut pages = Pages::default();
    while let Some(Fetched { target, result }) = receiver.blocking_recv() {
        let error = match result {
            Ok(text) => {
                keep(store.save_page(target.id, &target.link, &text).map(drop))?;
                None
            }
            Err(err) => {
                let message = err.to_string();
                let now = Utc::now();
                let recorded = store
                    .record_page_failure(target.id, &target.link, &message, |n| next_try(n, now));
                keep(recorded.map(drop))?;
                let link = crate::sanitize::clean_line(&target.link);
                let error = crate::sanitize::clean_line(&message);
                tracing::warn!(page = %link, %error, "page failed");
                Some(message)
            }
        };
        pages.tried += 1;
        pages.failed += usize::from(error.is_some());
        progress.page_done(&PageReport {
            id: target.id,
            link: target.link,
            error,
        });
    }
    Ok(pages)
}

/// A story deleted while its page was fetched (retention, another process) is no error:
/// there is nothing left to keep the page for. Every other store error is fatal.
fn keep(result: store::Result<()>) -> Result<(), Error> {
    match result {
        Ok(()) | Err(store::Error::ArticleNotFound(_)) => Ok(()),
        Err(err) => Err(err.into()),
    }
}

/// When a page that failed `failures` times in a row (at least once) is tried again: an
/// hour after the first failure, twice as long after each further one, at most a week.
pub(crate) fn next_try(failures: u32, now: DateTime<Utc>) -> DateTime<Utc> {
    let doublings = failures.saturating_sub(1).min(16);
    let wait = FIRST_BACKOFF
        .saturating_mul(1 << doublings)
        .min(MAX_BACKOFF);
    now + chrono::Duration::from_std(wait).unwrap_or(chrono::Duration::MAX)
}

/// The host name of a link: what the per-host limit counts.
fn host_of(link: &str) -> Option<String> {
    let url = Url::parse(link).ok()?;
    url.host_str()
        .filter(|h| !h.is_empty())
        .map(str::to_ascii_lowercase)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn back_off_doubles_from_an_hour_up_to_a_week() {
        let now = Utc::now();
        let hours = |n| (next_try(n, now) - now).num_hours();
        assert_eq!(hours(1), 1);
        assert_eq!(hours(2), 2);
        assert_eq!(hours(3), 4);
        assert_eq!(hours(8), 128);
        assert_eq!(hours(9), 168);
        assert_eq!(hours(u32::MAX), 168);
    }

    #[test]
    fn tasks_waiting_for_a_slot_stay_small() {
        let limits = crate::feed::Limits {
            connect_timeout: Duration::from_secs(1),
            timeout: Duration::from_secs(1),
            max_body_bytes: 1024,
            max_redirects: 5,
        };
        let (sender, _receiver) = mpsc::channel(1);
        let target = PageTarget {
            id: ArticleId(1),
            link: "http://127.0.0.1/page".into(),
            feed_url: "http://127.0.0.1/feed".into(),
        };
        let task = fetch_one(
            Fetcher::new(limits).unwrap(),
            target,
            None,
            Arc::new(Semaphore::new(1)),
            sender,
        );
        // 10 000 pages must not cost tens of megabytes of futures before they start.
        let size = std::mem::size_of_val(&task);
        assert!(size < 1024, "{size}");
    }

    #[test]
    fn pages_of_one_host_share_its_limit() {
        assert_eq!(
            host_of("https://Blog.Example/2017/05/a.html").as_deref(),
            Some("blog.example")
        );
        assert_eq!(host_of("not a url"), None);
    }
}
