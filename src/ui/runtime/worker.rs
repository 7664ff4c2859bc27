//! Store work off the UI thread. The reader's writes (read, star, tags, marking a view
//! read, removing a feed) go to a writer thread, in order; the full-text index is caught
//! up, and searches run, on an indexer thread. Each thread has its own connection (WAL lets
//! them write while the UI reads) and reports over the event channel, so no frame waits on
//! another process's write lock or on indexing.

use std::path::Path;
use std::sync::mpsc::{self, Sender};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use super::input::EventSender;
use super::render::Renderer;
use super::supervise::{fault_point, guarded};
use super::writes;
use crate::store::{self, Store};
use crate::ui::effect::{Job, RenderKey, RenderSource, Write, WriteId};
use crate::ui::event::Event;

/// A long catch-up (before a search) reports how far it got this often.
const PROGRESS_EVERY: Duration = Duration::from_secs(1);

/// How the indexer paces a [`Job::Index`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pace {
    /// Batches are indexed until this much time has passed (at least one batch), then
    /// the job reports what is left; the reader asks for the next slice while it is idle.
    pub slice: Duration,
    /// Pause between batches, so other writers (a refresh, the reader's own writes) get
    /// the write lock and the CPU in between.
    pub pause: Duration,
}

impl Pace {
    /// The reader's: short slices, so a key pressed stops indexing soon.
    pub(crate) const BACKGROUND: Self = Self {
        slice: Duration::from_millis(250),
        pause: Duration::from_millis(10),
    };
    /// Everything in one job, without pauses (for tests).
    pub(crate) const AT_ONCE: Self = Self {
        slice: Duration::MAX,
        pause: Duration::ZERO,
    };
}

/// Applies writes on its own connection and reports each result.
pub struct Writer {
    store: Result<Store, String>,
    events: EventSender,
}

impl Writer {
    /// A writer on the database at `path`. Failing to open it is reported for every write.
    pub fn open(path: &Path, events: EventSender) -> Self {
        Self {
            store: Store::open(path).map_err(describe),
            events,
        }
    }

    /// Applies `write` and sends [`Event::Written`]; a panic fails this write (undone by
    /// the reader like any refused write), and the next ones still run.
    pub fn run(&mut self, id: WriteId, write: &Write) {
        let result = match &mut self.store {
            Ok(store) => guarded("the writer", || {
                fault_point("writer");
                writes::apply(write, store).map_err(|e| format!("{e:#}"))
            })
            .and_then(|result| result),
            Err(error) => Err(error.clone()),
        };
        let _ = self.events.send(Event::Written { id, result });
    }
}

/// Catches the full-text index up and runs searches, on its own connection.
pub struct Indexer {
    store: Result<Store, String>,
    events: EventSender,
    pace: Pace,
}

impl Indexer {
    /// An indexer on the database at `path`, indexing at `pace` when asked to.
    pub fn open(path: &Path, events: EventSender, pace: Pace) -> Self {
        Self {
            store: Store::open(path).map_err(describe),
            events,
            pace,
        }
    }

    /// Runs a [`Job::Index`] (one slice) or a [`Job::Search`] (a write is not its job:
    /// ignored). Each sends [`Event::Indexed`] with the stories left to index.
    /// A panic in either is reported like an error of its own (the indexing stops, the
    /// search fails), and the indexer goes on with the next job.
    pub fn run(&mut self, job: Job) {
        match job {
            Job::Index => {
                let pace = self.pace;
                let left = guarded("the indexer", || self.index(pace)).and_then(|r| r);
                let _ = self.events.send(Event::Indexed(left));
            }
            Job::Search { id, query, limit } => {
                let result = guarded("the search", || self.search(&query, limit)).and_then(|r| r);
                let _ = self.events.send(Event::Searched { id, result });
            }
            Job::Write { .. } | Job::Render { .. } => {}
        }
    }

    /// Catches the whole index up, then runs `query`. A search waits for the whole index
    /// (a failure to index is reported; the search then reports its own).
    fn search(&mut self, query: &str, limit: usize) -> Result<Vec<store::Article>, String> {
        let left = self.index(Pace::AT_ONCE);
        let _ = self.events.send(Event::Indexed(left));
        match &mut self.store {
            Ok(store) => crate::index::find(store, query, Some(limit)).map_err(describe),
            Err(error) => Err(error.clone()),
        }
    }

    /// Indexes batch after batch for one slice of `pace`, or until nothing is pending;
    /// returns how many stories are still waiting. A long run reports its progress.
    fn index(&mut self, pace: Pace) -> Result<u64, String> {
        let store = self.store.as_mut().map_err(|e| e.clone())?;
        fault_point("indexer");
        let started = Instant::now();
        let mut reported = started;
        loop {
            if crate::index::index_batch(store).map_err(describe)? == 0 {
                return Ok(0);
            }
            if started.elapsed() >= pace.slice {
                return store.unindexed_count().map_err(describe);
            }
            if reported.elapsed() >= PROGRESS_EVERY {
                let left = store.unindexed_count().map_err(describe)?;
                let _ = self.events.send(Event::Indexed(Ok(left)));
                reported = Instant::now();
            }
            thread::sleep(pace.pause);
        }
    }
}

/// The store threads: a writer, whose queue is finished before the reader exits, an
/// indexer and a renderer, which are simply abandoned then (the indexer's batches are
/// transactions; the renderer only reads).
pub struct Workers {
    writes: Sender<(WriteId, Write)>,
    index: Sender<Job>,
    render: Sender<(RenderKey, RenderSource)>,
    writer: JoinHandle<()>,
}

impl Workers {
    /// Starts the threads on the database at `path`; they open their connections there.
    pub fn start(path: &Path, events: &EventSender) -> std::io::Result<Self> {
        let (writes, queue) = mpsc::channel::<(WriteId, Write)>();
        let (index, index_queue) = mpsc::channel::<Job>();
        let (writer_path, writer_events) = (path.to_path_buf(), events.clone());
        let writer = thread::Builder::new()
            .name("tidings-writer".to_owned())
            .spawn(move || {
                let mut writer = Writer::open(&writer_path, writer_events);
                for (id, write) in queue {
                    writer.run(id, &write);
                }
            })?;
        let (index_path, index_events) = (path.to_path_buf(), events.clone());
        thread::Builder::new()
            .name("tidings-indexer".to_owned())
            .spawn(move || {
                let mut indexer = Indexer::open(&index_path, index_events, Pace::BACKGROUND);
                for job in index_queue {
                    indexer.run(job);
                }
            })?;
        let (render, render_queue) = mpsc::channel();
        let (render_path, render_events) = (path.to_path_buf(), events.clone());
        thread::Builder::new()
            .name("tidings-renderer".to_owned())
            .spawn(move || Renderer::open(&render_path, render_events).serve(&render_queue))?;
        Ok(Self {
            writes,
            index,
            render,
            writer,
        })
    }

    /// Hands `job` to its thread. A thread only stops early by panicking; its jobs are
    /// then dropped.
    pub fn submit(&self, job: Job) {
        match job {
            Job::Write { id, write } => _ = self.writes.send((id, write)),
            Job::Render { key, source } => _ = self.render.send((key, source)),
            other => _ = self.index.send(other),
        }
    }

    /// Waits until every write handed over is done (the indexer is left to stop with the
    /// process).
    pub fn finish(self) {
        drop(self.writes);
        let _ = self.writer.join();
    }
}

/// The store threads' work on the calling thread, one job at a time: what the threads
/// do, for tests that need the results in order, without waiting on threads.
pub struct Inline {
    writer: Writer,
    indexer: Indexer,
    renderer: Renderer,
}

impl Inline {
    /// A writer, an indexer and a renderer on the database at `path`, reporting to
    /// `events`.
    pub fn open(path: &Path, events: &EventSender) -> Self {
        Self {
            writer: Writer::open(path, events.clone()),
            indexer: Indexer::open(path, events.clone(), Pace::AT_ONCE),
            renderer: Renderer::open(path, events.clone()),
        }
    }

    /// Runs `job` now; its results are waiting on the event channel when this returns.
    pub fn run(&mut self, job: Job) {
        match job {
            Job::Write { id, write } => self.writer.run(id, &write),
            Job::Render { key, source } => self.renderer.run(key, &source),
            other => self.indexer.run(other),
        }
    }
}

/// A store error as one line with its causes, for the status bar.
fn describe(error: store::Error) -> String {
    format!("{:#}", anyhow::Error::from(error))
}
