//! The process's one network service: a tokio runtime and the HTTP clients (a
//! [`Fetcher`]), each created on first use and then shared by everything that talks to the
//! network — refresh, `add`, `inspect`, full text and sync — so TLS is set up once and
//! connections and DNS answers are not thrown away with a runtime made for one call.

use std::future::Future;
use std::sync::{Mutex, OnceLock, PoisonError};
use std::time::Duration;

use tokio::runtime::Runtime;
use url::Url;

use crate::feed::fetch::{Fetcher, Limits, SetupError};

/// What a fetcher is made with: its limits and the proxy every request goes through.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    pub limits: Limits,
    /// `None`: the environment's proxies (`HTTP_PROXY`, …).
    pub proxy: Option<Url>,
}

/// The runtime could not be started.
#[derive(Debug, thiserror::Error)]
#[error("starting the network runtime")]
pub struct RuntimeError(#[source] std::io::Error);

static RUNTIME: OnceLock<Runtime> = OnceLock::new();
/// Held while the runtime is built, so two threads asking at once build one.
static RUNTIME_BUILD: Mutex<()> = Mutex::new(());
/// The settings of the configuration the process runs with (see [`configure`]).
static CONFIGURED: OnceLock<Settings> = OnceLock::new();
/// Every fetcher made, by its settings. A process has one configuration, so one; tests
/// and tools that ask for other limits get theirs beside it.
static FETCHERS: Mutex<Vec<(Settings, Fetcher)>> = Mutex::new(Vec::new());

/// Records the settings of the process's configuration: the sync client uses them (its
/// requests go through the same client, proxy included). The first call wins; a process
/// has one configuration.
pub fn configure(settings: Settings) {
    let _ = CONFIGURED.set(settings);
}

/// The process's runtime: multi-threaded, one worker per core, started on first use and
/// never stopped.
pub fn runtime() -> Result<&'static Runtime, RuntimeError> {
    if let Some(runtime) = RUNTIME.get() {
        return Ok(runtime);
    }
    // A panic while building leaves nothing half-made behind the lock: go on.
    let _building = RUNTIME_BUILD.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(runtime) = RUNTIME.get() {
        return Ok(runtime);
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(cores())
        .thread_name("tidings-net")
        .enable_all()
        .build()
        .map_err(RuntimeError)?;
    Ok(RUNTIME.get_or_init(|| runtime))
}

fn cores() -> usize {
    std::thread::available_parallelism().map_or(2, std::num::NonZero::get)
}

/// Runs `future` to completion on the process's runtime, blocking the calling thread
/// (many threads may wait at once). Not for use on one of the runtime's own threads:
/// there, `.await` the future instead.
pub fn block_on<F: Future>(future: F) -> Result<F::Output, RuntimeError> {
    Ok(runtime()?.block_on(future))
}

/// The fetcher for `settings`: made on first use, then the same one (a clone sharing its
/// clients) for every caller asking with the same settings.
pub fn fetcher(settings: &Settings) -> Result<Fetcher, SetupError> {
    let mut fetchers = FETCHERS.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some((_, fetcher)) = fetchers.iter().find(|(s, _)| s == settings) {
        return Ok(fetcher.clone());
    }
    let fetcher = Fetcher::with_proxy(settings.limits, settings.proxy.as_ref())?;
    fetchers.push((settings.clone(), fetcher.clone()));
    Ok(fetcher)
}

/// The HTTP client for a sync server: the configured fetcher's own client (same proxy,
/// same TLS set-up), unless `connect_timeout` differs from the configured one. Request
/// timeouts are set per request.
pub fn client(connect_timeout: Duration) -> Result<reqwest::Client, SetupError> {
    let mut settings = CONFIGURED.get().cloned().unwrap_or(Settings {
        // Without a configuration only the client is used: the fetch limits don't matter.
        limits: Limits {
            connect_timeout,
            timeout: connect_timeout,
            max_body_bytes: 0,
            max_redirects: 0,
        },
        proxy: None,
    });
    settings.limits.connect_timeout = connect_timeout;
    Ok(fetcher(&settings)?.client().clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(connect_secs: u64) -> Settings {
        Settings {
            limits: Limits {
                connect_timeout: Duration::from_secs(connect_secs),
                timeout: Duration::from_secs(30),
                max_body_bytes: 1 << 20,
                max_redirects: 5,
            },
            proxy: None,
        }
    }

    #[test]
    fn the_runtime_is_made_once_and_shared_by_every_thread() {
        let here = std::ptr::from_ref(runtime().unwrap());
        let there = std::thread::spawn(|| std::ptr::from_ref(runtime().unwrap()) as usize)
            .join()
            .unwrap();
        assert_eq!(here as usize, there);
        assert_eq!(block_on(async { 6 * 7 }).unwrap(), 42);
    }

    #[test]
    fn equal_settings_share_a_fetcher_and_other_settings_get_their_own() {
        let made = |wanted: &Settings| {
            let fetchers = FETCHERS.lock().unwrap();
            fetchers.iter().filter(|(s, _)| s == wanted).count()
        };
        let first = fetcher(&settings(7)).unwrap();
        let again = fetcher(&settings(7)).unwrap();
        assert_eq!(made(&settings(7)), 1);
        assert_eq!(first.limits(), again.limits());
        let other = fetcher(&settings(8)).unwrap();
        assert_eq!(made(&settings(8)), 1);
        assert_eq!(other.limits().connect_timeout, Duration::from_secs(8));
    }
}
