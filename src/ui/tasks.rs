//! Background work the reader asks for: refreshing feeds, subscribing, opening the
//! browser, fetching a story's page for its full text. Each runs on its own thread with
//! its own database connection (WAL lets it write while the UI reads) and reports back
//! over the event channel; none blocks a frame.

use std::path::PathBuf;
use std::process::{Command, Stdio};

use url::Url;

use super::event::{Event, EventSender};
use crate::config;
use crate::feed::full_text::{self, FullText};
use crate::feed::parse_location;
use crate::refresh::{self, FeedReport, Options, Progress};
use crate::store::{ArticleId, FeedId, Store};
use crate::sync;

/// Work for the event loop to start.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Task {
    /// Refresh `feeds` (all due feeds when empty); `force` ignores schedules.
    Refresh { feeds: Vec<FeedId>, force: bool },
    /// Subscribe to the feed at (or announced by) this address.
    Subscribe { url: String },
    /// Open this address in the browser.
    OpenUrl { url: String },
    /// Fetch story `id`'s page at `url` for its full text and keep it in the store.
    FullText { id: ArticleId, url: String },
}

/// What the tasks need from outside the UI.
#[derive(Debug, Clone)]
pub struct Runner {
    pub db_path: PathBuf,
    pub refresh: config::Refresh,
    pub browser: Option<String>,
    pub events: EventSender,
    /// The sync server: refreshing syncs with it and subscribing goes through it.
    pub sync: Option<config::SyncServer>,
}

impl Runner {
    /// Starts `task` in the background.
    pub fn spawn(&self, task: Task) {
        let runner = self.clone();
        let events = self.events.clone();
        let started = std::thread::Builder::new()
            .name("tidings-task".to_owned())
            .spawn(move || match task {
                Task::Refresh { feeds, force } => runner.refresh(feeds, force),
                Task::Subscribe { url } => runner.subscribe(&url),
                Task::OpenUrl { url } => runner.open(&url),
                Task::FullText { id, url } => runner.full_text(id, &url),
            });
        if let Err(err) = started {
            let _ = events.send(Event::BrowserFailed(format!(
                "starting a background task: {err}"
            )));
        }
    }

    fn refresh(&self, feeds: Vec<FeedId>, force: bool) {
        if let Some(server) = &self.sync {
            let _ = self.events.send(Event::RefreshStarted { due: 0 });
            let result = self.sync(server).map_err(|e| format!("sync failed: {e:#}"));
            let _ = self.events.send(Event::RefreshFinished(result));
            return;
        }
        let result = Store::open(&self.db_path)
            .map_err(|e| e.to_string())
            .and_then(|mut store| {
                let options = Options {
                    jobs: None,
                    feeds,
                    force,
                };
                let mut progress = Reporter {
                    events: self.events.clone(),
                };
                refresh::refresh(&mut store, &self.refresh, &options, &mut progress)
                    .map(|summary| summary.new_articles)
                    .map_err(|e| format!("refresh failed: {e}"))
            });
        let _ = self.events.send(Event::RefreshFinished(result));
    }

    /// Syncs with the server (the server fetches the feeds); returns the new stories.
    fn sync(&self, server: &config::SyncServer) -> anyhow::Result<usize> {
        let mut store = Store::open(&self.db_path)?;
        let mut remote = sync::connect(server, self.sync_timeouts())?;
        let summary = sync::sync(&mut store, remote.as_mut(), sync::Options::default())?;
        Ok(summary.new_articles)
    }

    fn sync_timeouts(&self) -> sync::Timeouts {
        sync::Timeouts {
            connect: self.refresh.connect_timeout,
            request: self.refresh.timeout,
        }
    }

    /// Subscribes on the sync server, which fetches the feed, then syncs.
    fn subscribe_on_server(
        &self,
        server: &config::SyncServer,
        url: &str,
    ) -> anyhow::Result<String> {
        let mut store = Store::open(&self.db_path)?;
        let mut remote = sync::connect(server, self.sync_timeouts())?;
        let added = sync::subscribe(&mut store, remote.as_mut(), url.trim(), None)?;
        let feed = store.feed(added.feed)?;
        Ok(feed.display_title().to_owned())
    }

    fn subscribe(&self, input: &str) {
        let result = (|| -> anyhow::Result<String> {
            if let Some(server) = &self.sync {
                return self.subscribe_on_server(server, input);
            }
            let url = parse_location(input)?;
            let mut store = Store::open(&self.db_path)?;
            let added = refresh::subscribe(&mut store, &self.refresh, &url, Vec::new())?;
            Ok(added.title.unwrap_or(added.url))
        })();
        let _ = self
            .events
            .send(Event::FeedSubscribed(result.map_err(|e| format!("{e:#}"))));
    }

    /// Fetches and extracts the page, keeps it, then tells the UI (which shows it if the
    /// story is still open). Kept first, so a story reopened later finds it.
    fn full_text(&self, id: ArticleId, url: &str) {
        let result = (|| -> anyhow::Result<FullText> {
            let url = Url::parse(url)?;
            let mut store = Store::open(&self.db_path)?;
            let feed = store.feed_url_of(id)?.and_then(|u| Url::parse(&u).ok());
            let fetcher = refresh::fetcher(&self.refresh)?;
            let text = full_text::fetch_full_text_blocking(&fetcher, feed.as_ref(), &url)?;
            store.save_full_text(id, &text)?;
            Ok(text)
        })();
        let _ = self.events.send(Event::FullTextFetched {
            id,
            result: result.map_err(|e| format!("{e:#}")),
        });
    }

    fn open(&self, url: &str) {
        if let Err(err) = open_in_browser(self.browser.as_deref(), url) {
            let _ = self
                .events
                .send(Event::BrowserFailed(format!("opening {url}: {err}")));
        }
    }
}

/// Sends refresh progress to the UI.
struct Reporter {
    events: EventSender,
}

impl Progress for Reporter {
    fn start(&mut self, due: usize, _skipped: usize) {
        let _ = self.events.send(Event::RefreshStarted { due });
    }

    fn feed_done(&mut self, report: &FeedReport) {
        let _ = self.events.send(Event::FeedRefreshed(report.clone()));
    }
}

/// The command that opens links: the config's, else `$BROWSER`, else the platform opener.
/// Words are split on spaces; `%s` is replaced by the URL, else the URL is appended.
pub fn browser_command(configured: Option<&str>, url: &str) -> Vec<String> {
    let from_env = std::env::var("BROWSER")
        .ok()
        .filter(|b| !b.trim().is_empty());
    let fallback = if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    let command = configured
        .map(str::to_owned)
        .or(from_env)
        .unwrap_or_else(|| fallback.to_owned());
    // $BROWSER may list several commands separated by ':'; the first is used.
    let first = command.split(':').next().unwrap_or(fallback).to_owned();
    let mut words: Vec<String> = first.split_whitespace().map(str::to_owned).collect();
    if words.iter().any(|w| w.contains("%s")) {
        for word in &mut words {
            *word = word.replace("%s", url);
        }
    } else {
        words.push(url.to_owned());
    }
    words
}

/// Starts the browser detached from the terminal (no shared stdin/stdout) and reaps it
/// without waiting on the UI thread.
fn open_in_browser(configured: Option<&str>, url: &str) -> std::io::Result<()> {
    let words = browser_command(configured, url);
    let Some((program, args)) = words.split_first() else {
        return Err(std::io::Error::other("no browser command"));
    };
    let mut child = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()?;
    // This thread is the task's own; waiting here only reaps the child.
    let _ = child.wait();
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn configured_browser_gets_the_url_last_or_in_place_of_percent_s() {
        let url = "https://example.org/a";
        assert_eq!(
            browser_command(Some("firefox --new-tab"), url),
            ["firefox", "--new-tab", url]
        );
        assert_eq!(
            browser_command(Some("w3m %s -dump"), url),
            ["w3m", url, "-dump"]
        );
    }
}
