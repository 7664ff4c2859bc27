//! Background work the reader asks for: refreshing feeds, subscribing, opening the
//! browser, fetching a story's page for its full text. Each runs on its own thread with
//! its own database connection (WAL lets it write while the UI reads) and reports back
//! over the event channel; none blocks a frame.

use std::path::PathBuf;

use url::Url;

use super::input::EventSender;
use super::supervise::{fault_point, guarded};
use crate::backend::Backend;
use crate::config;
use crate::feed::full_text::{self, FullText};
use crate::launch::{Launcher, Link};
use crate::refresh::{self, FeedReport, Options, Progress};
use crate::store::{ArticleId, FeedId, Store};
use crate::ui::effect::Task;
use crate::ui::event::Event;

/// The event that ends `task` with `error`: what the reader waits for from it.
fn failed(task: &Task, error: String) -> Event {
    match task {
        Task::Refresh { .. } => Event::RefreshFinished(Err(error)),
        Task::Subscribe { .. } => Event::FeedSubscribed(Err(error)),
        Task::OpenUrl(_)
        | Task::RememberCommand { .. }
        | Task::Pipe { .. }
        | Task::Bookmark { .. } => Event::TaskFailed(error),
        Task::FullText { id, .. } => Event::FullTextFetched {
            id: *id,
            result: Err(error),
        },
        Task::SaveView { .. } => Event::ViewSaved(Err(error)),
    }
}

/// What the tasks need from outside the UI.
#[derive(Debug, Clone)]
pub struct Runner {
    pub db_path: PathBuf,
    pub refresh: config::Refresh,
    /// The openers and browsers to try; one that needs the terminal is run by the event
    /// loop instead (`Runner::needs_terminal`).
    pub launcher: Launcher,
    pub events: EventSender,
    /// The sync server: refreshing syncs with it and subscribing goes through it.
    pub sync: Option<config::SyncServer>,
    /// How a refresh's new stories are announced (`[notify]`).
    pub notify: config::Notify,
}

impl Runner {
    /// Starts `task` in the background.
    pub fn spawn(&self, task: Task) {
        let runner = self.clone();
        let events = self.events.clone();
        let started = std::thread::Builder::new()
            .name("tidings-task".to_owned())
            .spawn(move || {
                let on_panic = task.clone();
                let ran = guarded("the background task", || {
                    fault_point("task");
                    runner.run(task);
                });
                // Whatever waits for this task's result gets one, so no spinner is left.
                if let Err(message) = ran {
                    let _ = runner.events.send(failed(&on_panic, message));
                }
            });
        if let Err(err) = started {
            let _ = events.send(Event::TaskFailed(format!(
                "starting a background task: {err}"
            )));
        }
    }

    fn run(&self, task: Task) {
        match task {
            Task::Refresh { feeds, force } => self.refresh(feeds, force),
            Task::Subscribe { url } => self.subscribe(&url),
            Task::OpenUrl(link) => self.open(&link),
            Task::Bookmark { id, command } => {
                let _ = self.events.send(self.bookmark(id, &command));
            }
            // The event loop runs pipes, on the terminal; one here has lost its way.
            Task::Pipe { .. } => {
                let _ = self
                    .events
                    .send(Event::TaskFailed("a pipe needs the terminal".to_owned()));
            }
            Task::FullText { id, url } => self.full_text(id, &url),
            Task::RememberCommand { file, line } => {
                if let Err(err) = remember(&file, &line) {
                    let _ = self.events.send(Event::TaskFailed(format!(
                        "keeping the command history in {}: {err}",
                        file.display()
                    )));
                }
            }
            Task::SaveView {
                config,
                name,
                query,
            } => {
                let saved = config::append_view(&config, &name, &query)
                    .map(|()| (name, query))
                    .map_err(|e| format!("{:#}", anyhow::Error::from(e)));
                let _ = self.events.send(Event::ViewSaved(saved));
            }
        }
    }

    /// Where stories come from: the sync server, or fetching here.
    fn backend(&self) -> Backend<'_> {
        Backend::new(&self.refresh, self.sync.as_ref())
    }

    fn refresh(&self, feeds: Vec<FeedId>, force: bool) {
        let backend = self.backend();
        let mut progress = Reporter {
            events: self.events.clone(),
        };
        if matches!(backend, Backend::Synced { .. }) {
            // The server fetches; there is no per-feed progress to show.
            progress.start(0, 0);
        }
        let mut news = None;
        let result = Store::open(&self.db_path)
            .map_err(anyhow::Error::from)
            .and_then(|mut store| {
                let options = Options {
                    jobs: None,
                    feeds,
                    force,
                    skip_pages: false,
                };
                // Not being able to look is no reason not to refresh: then nothing is said.
                let mark = crate::notify::mark(&store, &self.notify).ok().flatten();
                let refreshed = backend.refresh(&mut store, &options, &mut progress)?;
                if let Some(mark) = mark {
                    news = self.news(&mut store, &mark);
                }
                Ok(refreshed)
            })
            .map(|refreshed| refreshed.new_articles())
            .map_err(|e| format!("refresh failed: {e:#}"));
        let _ = self.events.send(Event::RefreshFinished(result));
        // After the refresh is reported done: a slow command must not hold its spinner.
        if let Some(news) = news {
            self.announce(&news);
        }
    }

    /// The news since `mark`, if any; a failure to look is shown, not fatal.
    fn news(&self, store: &mut Store, mark: &crate::store::Mark) -> Option<crate::notify::News> {
        crate::notify::news(store, mark, &self.notify).unwrap_or_else(|err| {
            let _ = self
                .events
                .send(Event::TaskFailed(format!("notifying: {err}")));
            None
        })
    }

    /// Tells of `news`: the command runs here, on the task thread; the terminal's
    /// notification goes to the event loop, which owns the screen.
    fn announce(&self, news: &crate::notify::News) {
        if let Some(command) = &self.notify.command
            && let Err(err) = crate::notify::run_command(command, news)
        {
            let _ = self.events.send(Event::TaskFailed(err.to_string()));
        }
        if self.notify.terminal {
            let sequence = crate::notify::terminal::for_this_terminal("tidings", &news.summary());
            let _ = self.events.send(Event::Notification(sequence));
        }
    }

    fn subscribe(&self, input: &str) {
        let result = (|| -> anyhow::Result<String> {
            let mut store = Store::open(&self.db_path)?;
            let added = self.backend().subscribe(&mut store, input, Vec::new())?;
            let feed = store.feed(added.feed())?;
            Ok(feed.display_title().to_owned())
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
            let feed = store
                .feed_url_of(id)?
                .and_then(|u| crate::feed::script::zone_address(&u));
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

    /// Starts a graphical opener or browser, detached; the link is checked again on the
    /// way.
    fn open(&self, link: &Link) {
        if let Err(err) = self.launcher.open(link, None) {
            let _ = self
                .events
                .send(Event::TaskFailed(format!("opening {}: {err}", link.url)));
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

/// Adds `line` to the history file at `file` (created, private, with its directory).
fn remember(file: &std::path::Path, line: &str) -> std::io::Result<()> {
    use std::io::Write as _;
    use std::os::unix::fs::OpenOptionsExt as _;
    if let Some(dir) = file.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut out = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .mode(0o600)
        .open(file)?;
    writeln!(out, "{line}")
}
