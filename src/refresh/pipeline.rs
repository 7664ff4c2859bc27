//! The fetch side of a refresh: one tokio task per feed on the process's runtime
//! ([`crate::net`]), bounded by a global and a per-host semaphore; parsing on blocking
//! threads, bounded by the number of cores; each result sent to the writer over a small
//! channel.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use tokio::runtime::Handle;
use tokio::sync::{OwnedSemaphorePermit, Semaphore, SemaphorePermit, mpsc};
use tokio::task::JoinSet;
use url::Url;

use crate::feed::fetch::{self, Document, ErrorKind, Fetcher, Response, Validators};
use crate::feed::script::Script;
use crate::feed::{ParsedFeed, schedule};
use crate::store::FetchTarget;
use crate::url_policy::Origin;

/// One feed's fetch, on its way to the writer.
#[derive(Debug)]
pub(super) struct Fetched {
    pub target: FetchTarget,
    pub result: Result<Update, fetch::Error>,
}

/// What a successful fetch yields.
#[derive(Debug)]
pub(super) enum Update {
    NotModified(Meta),
    Parsed(Box<ParsedFeed>, Meta),
}

/// Everything about a successful fetch except the stories.
#[derive(Debug, Default)]
pub(super) struct Meta {
    pub validators: Validators,
    /// The interval the feed and server asked for.
    pub interval_hint: Option<Duration>,
    pub moved_to: Option<Url>,
}

/// Bodies in memory at once, per core: enough to keep every parser and the writer busy.
/// Requests beyond that wait with their body unread in the socket, so `jobs` can be high
/// to hide network latency without holding `jobs` documents in memory.
const BODIES_PER_CORE: usize = 3;

/// State shared by all fetch tasks.
struct Shared {
    fetcher: Fetcher,
    /// Feeds between "request starts" and "writer has the result".
    jobs: Arc<Semaphore>,
    /// Requests in flight per host.
    hosts: HashMap<String, Arc<Semaphore>>,
    /// Bodies being read, parsed or handed to the writer: what bounds memory.
    bodies: Semaphore,
    /// Parses running at once: one per core.
    parsers: Semaphore,
}

/// A refresh's fetches in flight: their results arrive on `results`, which closes when
/// every feed is done. Dropping it abandons the feeds still in flight (their tasks are
/// aborted), so a refresh that stops early leaves no work behind on the shared runtime.
pub(super) struct Flight {
    pub results: mpsc::Receiver<Fetched>,
    /// Held for its drop: aborts whatever has not finished.
    _tasks: JoinSet<()>,
}

fn cores() -> usize {
    std::thread::available_parallelism().map_or(2, std::num::NonZero::get)
}

/// Starts fetching `targets` on `runtime` (the process's, in a refresh); see [`Flight`].
pub(super) fn spawn(
    runtime: &Handle,
    fetcher: Fetcher,
    targets: Vec<FetchTarget>,
    jobs: usize,
    per_host: usize,
) -> Flight {
    let mut hosts = HashMap::new();
    for target in &targets {
        if let Some(host) = host_key(&target.url) {
            hosts
                .entry(host)
                .or_insert_with(|| Arc::new(Semaphore::new(per_host.max(1))));
        }
    }
    let shared = Arc::new(Shared {
        fetcher,
        jobs: Arc::new(Semaphore::new(jobs)),
        hosts,
        bodies: Semaphore::new(BODIES_PER_CORE * cores()),
        parsers: Semaphore::new(cores()),
    });
    // Small on purpose: backpressure, not buffering, keeps memory flat.
    let (sender, results) = mpsc::channel(cores() * 2);
    let mut tasks = JoinSet::new();
    for target in targets {
        tasks.spawn_on(
            run_one(Arc::clone(&shared), target, sender.clone()),
            runtime,
        );
    }
    Flight {
        results,
        _tasks: tasks,
    }
}

/// Waits for the feed's host and a job slot, then fetches it. Every feed gets a task up
/// front, so the waiting part is kept small; the fetch itself is boxed.
async fn run_one(shared: Arc<Shared>, target: FetchTarget, sender: mpsc::Sender<Fetched>) {
    let host = host_key(&target.url)
        .and_then(|h| shared.hosts.get(&h))
        .cloned();
    // Wait for the host first, so a feed queued behind its busy host holds no global slot.
    let host_permit = match host {
        Some(semaphore) => semaphore.acquire_owned().await.ok(),
        None => None,
    };
    let Ok(job) = Arc::clone(&shared.jobs).acquire_owned().await else {
        return;
    };
    Box::pin(hand_over(shared, target, host_permit, job, sender)).await;
}

/// Fetches, parses and hands over one feed, holding its job slot until the writer has it.
async fn hand_over(
    shared: Arc<Shared>,
    target: FetchTarget,
    host_permit: Option<OwnedSemaphorePermit>,
    _job: OwnedSemaphorePermit,
    sender: mpsc::Sender<Fetched>,
) {
    let mut body_slot = None;
    let result = fetch_and_parse(&shared, &target, host_permit, &mut body_slot).await;
    // The receiver is gone only after a fatal error; the result no longer matters then.
    let _ = sender.send(Fetched { target, result }).await;
}

/// Fetches and parses one feed. A body is read only once `slot` holds one of the body
/// permits, which stays taken until the caller has handed the result to the writer.
async fn fetch_and_parse<'a>(
    shared: &'a Shared,
    target: &FetchTarget,
    host_permit: Option<OwnedSemaphorePermit>,
    slot: &mut Option<SemaphorePermit<'a>>,
) -> Result<Update, fetch::Error> {
    let script = Script::parse(&target.url, Origin::Typed)
        .map_err(|e| ErrorKind::from(e).at(&target.url))?;
    let mut response = if let Some(script) = script {
        // A script's output, and a filter's input, are bodies like any other.
        *slot = shared.bodies.acquire().await.ok();
        script.fetch(&shared.fetcher, &target.validators).await?
    } else {
        let url = Url::parse(&target.url)
            .map_err(|e| ErrorKind::Other(format!("invalid URL: {e}")).at(&target.url))?;
        let pending = shared.fetcher.start(&url, &target.validators).await?;
        if pending.has_body() {
            *slot = shared.bodies.acquire().await.ok();
        }
        pending.finish(&shared.fetcher).await?
    };
    drop(host_permit);
    let Some(document) = response.document.take() else {
        let interval_hint =
            schedule::combine_hints(&[response.freshness, target.history.interval_hint]);
        return Ok(Update::NotModified(Meta {
            validators: response.validators,
            interval_hint,
            moved_to: response.moved_to,
        }));
    };
    parse(shared, document, response).await
}

/// Parses a document on a blocking thread, at most one per core at a time.
async fn parse(
    shared: &Shared,
    document: Document,
    meta: Response,
) -> Result<Update, fetch::Error> {
    let at = meta.url.clone();
    let Ok(_parser) = shared.parsers.acquire().await else {
        return Err(ErrorKind::Other("shutting down".to_owned()).at(at.as_str()));
    };
    let parsed = tokio::task::spawn_blocking(move || {
        let feed = document.parse(&at)?;
        let hints = [
            schedule::ttl(feed.ttl_minutes),
            schedule::syndication_interval(&document.bytes),
        ];
        Ok::<_, ErrorKind>((feed, schedule::combine_hints(&hints)))
    })
    .await
    .unwrap_or_else(|_| {
        Err(ErrorKind::Other(
            "the feed parser crashed on this document".to_owned(),
        ))
    });
    let (feed, hint) = parsed.map_err(|e| e.at(meta.url.as_str()))?;
    let interval_hint = schedule::combine_hints(&[hint, meta.freshness]);
    Ok(Update::Parsed(
        Box::new(feed),
        Meta {
            validators: meta.validators,
            interval_hint,
            moved_to: meta.moved_to,
        },
    ))
}

/// The host name of a URL (a filter feed's, that of the URL it filters): what the
/// per-host limit counts. Files and `exec:` feeds have none.
fn host_key(url: &str) -> Option<String> {
    let url = match Script::parse(url, Origin::Typed) {
        Ok(Some(script)) => script.input()?.clone(),
        _ => Url::parse(url).ok()?,
    };
    url.host_str()
        .filter(|h| !h.is_empty())
        .map(str::to_ascii_lowercase)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::feed::{Fetcher, Limits};
    use crate::store::FeedId;

    fn limits(timeout: Duration) -> Limits {
        Limits {
            connect_timeout: timeout,
            timeout,
            max_body_bytes: 1024,
            max_redirects: 5,
        }
    }

    fn target(id: i64, url: String) -> FetchTarget {
        FetchTarget {
            id: FeedId(id),
            url,
            title: None,
            validators: Validators::default(),
            history: crate::feed::schedule::FetchHistory::default(),
        }
    }

    /// Waits up to five seconds for `done`.
    fn eventually(done: impl Fn() -> bool) -> bool {
        let until = std::time::Instant::now() + Duration::from_secs(5);
        while !done() {
            if std::time::Instant::now() > until {
                return false;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        true
    }

    #[test]
    fn dropping_a_flight_abandons_the_feeds_in_flight() {
        // A server that takes every connection and never answers: the fetches would wait
        // for their one-minute timeout.
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let accepted = Arc::new(std::sync::Mutex::new(Vec::new()));
        let held = Arc::clone(&accepted);
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                held.lock().unwrap().push(stream);
            }
        });
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .unwrap();
        let fetcher = Fetcher::new(limits(Duration::from_mins(1))).unwrap();
        let targets = (0..3)
            .map(|i| target(i, format!("http://127.0.0.1:{port}/feed/{i}")))
            .collect();
        let flight = spawn(runtime.handle(), fetcher, targets, 3, 3);
        assert!(eventually(|| accepted.lock().unwrap().len() == 3));
        // The three feeds' tasks, and a connection task for each.
        assert!(runtime.metrics().num_alive_tasks() >= 3);
        drop(flight);
        assert!(
            eventually(|| runtime.metrics().num_alive_tasks() == 0),
            "{} tasks left",
            runtime.metrics().num_alive_tasks()
        );
    }

    #[test]
    fn tasks_waiting_for_a_slot_stay_small() {
        let shared = Arc::new(Shared {
            fetcher: Fetcher::new(limits(Duration::from_secs(1))).unwrap(),
            jobs: Arc::new(Semaphore::new(1)),
            hosts: HashMap::new(),
            bodies: Semaphore::new(1),
            parsers: Semaphore::new(1),
        });
        let (sender, _receiver) = mpsc::channel(1);
        // Every feed gets a task up front: 10 000 feeds must not cost 25 MB of futures.
        let task = run_one(shared, target(1, "http://127.0.0.1/feed".into()), sender);
        assert!(
            std::mem::size_of_val(&task) < 1024,
            "{}",
            std::mem::size_of_val(&task)
        );
    }
}
