//! `tidings download` (queue enclosures and fetch the queue) and `tidings downloads`
//! (list the queue).

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::sync::{Mutex, PoisonError};

use anyhow::{Result, bail};
use serde::Serialize;

use super::json::Json;
use super::output::{self, emit};
use crate::config::Config;
use crate::download::{self, Bounds, Failure, Job, names};
use crate::feed::fetch::Reach;
use crate::sanitize::SafeText;
use crate::store::{ArticleFilter, DownloadRow, DownloadState, Store};

/// `tidings download [--query Q] [--jobs N]`
pub fn download(
    store: &mut Store,
    config: &Config,
    query: Option<&str>,
    jobs: Option<usize>,
) -> Result<()> {
    if let Some(query) = query {
        let query = crate::query::parse(query)?;
        if query.uses_text_index() {
            crate::index::index_pending(store)?;
        }
        let filter = ArticleFilter {
            query: Some(query),
            ..ArticleFilter::default()
        };
        let ids: Vec<_> = store.articles(&filter)?.iter().map(|a| a.id).collect();
        let queued = store.queue_downloads(&ids)?;
        eprintln!("Queued {queued} enclosure(s) of {} stories", ids.len());
    }
    let settings = &config.downloads;
    let bounds = Bounds {
        jobs: jobs.unwrap_or(settings.jobs).clamp(1, 32),
        max_bytes: settings.max_bytes,
    };
    let fetcher = crate::refresh::fetcher(&config.refresh)?;
    let (work, failed) = plan(store, config)?;
    if work.is_empty() && failed == 0 {
        eprintln!("Nothing to download");
        return Ok(());
    }
    let failed = fetch_all(store, &fetcher, work, failed, bounds)?;
    if failed > 0 {
        bail!("{failed} download(s) failed (see `tidings downloads`)");
    }
    Ok(())
}

/// One download to run: queue row, checked URL, file, and the feed's address.
type Planned = (i64, url::Url, PathBuf, Option<url::Url>);

/// The queued (and interrupted) downloads, each with its file chosen and marked as
/// downloading; those whose address is refused are marked failed and counted.
fn plan(store: &mut Store, config: &Config) -> Result<(Vec<Planned>, usize)> {
    let settings = &config.downloads;
    let rows: Vec<DownloadRow> = store
        .downloads()?
        .into_iter()
        .filter(|r| matches!(r.state, DownloadState::Queued | DownloadState::Downloading))
        .collect();
    let mut work = Vec::new();
    let mut failed = 0;
    for row in rows {
        let url = match download::checked_url(&row.url) {
            Ok(url) => url,
            Err(Failure(reason)) => {
                store.set_download(row.id, DownloadState::Failed, None, Some(&reason))?;
                report_failure(&row.url, &reason);
                failed += 1;
                continue;
            }
        };
        let target = row.path.clone().unwrap_or_else(|| {
            let relative = names::file_path(
                &settings.path,
                &row.feed_title,
                &row.story_title,
                &url,
                row.mime.as_deref(),
            );
            unused(settings.dir.join(relative))
        });
        store.set_download(row.id, DownloadState::Downloading, Some(&target), None)?;
        let feed = row
            .feed_url
            .as_deref()
            .and_then(|u| url::Url::parse(u).ok());
        work.push((row.id, url, target, feed));
    }
    Ok((work, failed))
}

/// Runs `work`, recording each result as it comes; returns how many failed, counting
/// `failed` from before.
fn fetch_all(
    store: &mut Store,
    fetcher: &crate::feed::fetch::Fetcher,
    work: Vec<Planned>,
    failed: usize,
    bounds: Bounds,
) -> Result<usize> {
    let terminal = std::io::stderr().is_terminal();
    let progress = indicatif::MultiProgress::with_draw_target(if terminal {
        indicatif::ProgressDrawTarget::stderr()
    } else {
        indicatif::ProgressDrawTarget::hidden()
    });
    // Above the bars on a terminal; else done lines on stdout, failures on stderr (a
    // hidden MultiProgress prints nothing).
    let say = |line: String, failure: bool| match (terminal, failure) {
        (true, _) => {
            let _ = progress.println(line);
        }
        (false, false) => println!("{line}"),
        (false, true) => eprintln!("{line}"),
    };
    let store = Mutex::new(store);
    let failures = Mutex::new(failed);
    let done = |job: &Job, result: &Result<u64, Failure>| {
        let mut store = store.lock().unwrap_or_else(PoisonError::into_inner);
        let written = match result {
            Ok(size) => {
                let shown = SafeText::line(&job.target.to_string_lossy());
                say(
                    format!("done: {shown} ({})", crate::feed::human_size(*size)),
                    false,
                );
                store.set_download(job.id, DownloadState::Done, None, None)
            }
            Err(Failure(reason)) => {
                *failures.lock().unwrap_or_else(PoisonError::into_inner) += 1;
                let shown = SafeText::line(&format!("{}: {reason}", job.url));
                say(format!("failed: {shown}"), true);
                store.set_download(job.id, DownloadState::Failed, None, Some(reason))
            }
        };
        if let Err(err) = written {
            tracing::error!(%err, "recording a download");
        }
    };
    crate::net::block_on(async {
        let mut jobs = Vec::new();
        for (id, url, target, feed) in work {
            // A feed on the internet may not send downloads to the user's own network.
            let reach = match &feed {
                Some(feed) => fetcher.reach_for_feed(feed).await,
                None => Reach::PublicOnly,
            };
            jobs.push(Job {
                id,
                url,
                target,
                reach,
            });
        }
        download::run_all(fetcher, jobs, bounds, &progress, &done).await;
    })?;
    Ok(failures
        .into_inner()
        .unwrap_or_else(PoisonError::into_inner))
}

fn report_failure(url: &str, reason: &str) {
    eprintln!("failed: {}", SafeText::line(&format!("{url}: {reason}")));
}

/// `path`, or `name (2).ext`, `name (3).ext`, … when a file (or its `.part`) is there.
fn unused(path: PathBuf) -> PathBuf {
    let taken = |p: &PathBuf| p.exists() || download::part_of(p).exists();
    if !taken(&path) {
        return path;
    }
    let stem = path
        .file_stem()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned();
    let ext = path
        .extension()
        .map(|e| format!(".{}", e.to_string_lossy()));
    (2..10_000)
        .map(|n| path.with_file_name(format!("{stem} ({n}){}", ext.as_deref().unwrap_or(""))))
        .find(|p| !taken(p))
        .unwrap_or(path)
}

/// `tidings downloads [--json]`: the queue; a finished file since deleted shows as missing.
pub fn list(store: &mut Store, json: bool) -> Result<()> {
    let mut rows = store.downloads()?;
    for row in &mut rows {
        let gone = row.path.as_ref().is_none_or(|p| !p.exists());
        if row.state == DownloadState::Done && gone {
            store.set_download(row.id, DownloadState::Missing, None, None)?;
            row.state = DownloadState::Missing;
        }
    }
    if json {
        let rows: Vec<DownloadJson> = rows.iter().map(DownloadJson::from).collect();
        return output::json(&rows);
    }
    emit(|out| {
        for row in &rows {
            write_row(out, row)?;
        }
        Ok(())
    })
}

fn write_row(out: &mut dyn Write, row: &DownloadRow) -> std::io::Result<()> {
    let place = row
        .path
        .as_ref()
        .map_or_else(|| row.url.clone(), |p| p.to_string_lossy().into_owned());
    write!(
        out,
        "{:>5}  {:<11}  {} — {}  {}",
        row.id,
        row.state.as_str(),
        SafeText::line(&row.feed_title),
        SafeText::line(&row.story_title),
        SafeText::line(&place)
    )?;
    match &row.error {
        Some(error) => writeln!(out, "  ({})", SafeText::line(error)),
        None => writeln!(out),
    }
}

/// `downloads --json`: one queued enclosure.
#[derive(Debug, Serialize)]
struct DownloadJson {
    id: i64,
    story_id: i64,
    feed: SafeText,
    title: SafeText,
    url: SafeText,
    /// queued, downloading, done, failed or missing.
    state: &'static str,
    path: Option<SafeText>,
    error: Option<SafeText>,
}

impl Json for DownloadJson {}

impl From<&DownloadRow> for DownloadJson {
    fn from(r: &DownloadRow) -> Self {
        Self {
            id: r.id,
            story_id: r.article_id.0,
            feed: SafeText::line(&r.feed_title),
            title: SafeText::line(&r.story_title),
            url: SafeText::line(&r.url),
            state: r.state.as_str(),
            path: r
                .path
                .as_ref()
                .map(|p| SafeText::line(&p.to_string_lossy())),
            error: r.error.as_deref().map(SafeText::line),
        }
    }
}
