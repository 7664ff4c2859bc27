//! Downloading enclosures (the podcast queue): bounded concurrency (`jobs` in flight, one
//! per host), each file streamed to `<name>.part` and renamed when complete, resumed
//! with an HTTP `Range` request after an interruption or a kill, its length checked
//! against what the server said, and a size cap.

pub mod names;

use std::collections::HashMap;
use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use reqwest::StatusCode;
use reqwest::header::{CONTENT_LENGTH, CONTENT_RANGE};
use tokio::sync::Semaphore;
use url::Url;

use crate::feed::fetch::{Fetcher, Reach};
use crate::url_policy::{self, Origin};

/// Bytes gathered before each write to the `.part` file.
const WRITE_BUFFER: usize = 256 << 10;

/// Longest a received piece waits in the buffer.
const FLUSH_EVERY: std::time::Duration = std::time::Duration::from_secs(1);

/// One file to fetch.
#[derive(Debug, Clone)]
pub struct Job {
    /// The queue row it is.
    pub id: i64,
    pub url: Url,
    /// Where the finished file goes.
    pub target: PathBuf,
    /// What the enclosure's feed may make tidings reach.
    pub reach: Reach,
}

/// Why a download did not finish. The text may quote a server: sanitize it to show it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Failure(pub String);

/// Bounds on a run.
#[derive(Debug, Clone, Copy)]
pub struct Bounds {
    /// Downloads in flight at once.
    pub jobs: usize,
    /// Largest file accepted.
    pub max_bytes: u64,
}

/// An enclosure address fit to download: absolute http or https.
pub fn checked_url(raw: &str) -> Result<Url, Failure> {
    let url = Url::parse(raw.trim()).map_err(|_| Failure(format!("not a URL: {raw}")))?;
    url_policy::check(
        &url,
        Origin::Found {
            in_local_file: false,
        },
    )
    .map_err(|e| Failure(e.to_string()))?;
    if url.host().is_none() {
        return Err(Failure(format!("not a URL: {raw}")));
    }
    Ok(url)
}

/// The `.part` file `target` is written to until it is complete.
pub fn part_of(target: &Path) -> PathBuf {
    let mut name = target.file_name().unwrap_or_default().to_os_string();
    name.push(".part");
    target.with_file_name(name)
}

/// Runs `jobs` on the shared runtime, at most `bounds.jobs` at once and one per host;
/// `done` hears of each as it ends. Returns when all have.
pub async fn run_all(
    fetcher: &Fetcher,
    jobs: Vec<Job>,
    bounds: Bounds,
    progress: &indicatif::MultiProgress,
    done: &(dyn Fn(&Job, &Result<u64, Failure>) + Sync),
) {
    let all = Arc::new(Semaphore::new(bounds.jobs.max(1)));
    let mut hosts: HashMap<String, Arc<Semaphore>> = HashMap::new();
    let mut tasks = tokio::task::JoinSet::new();
    for job in jobs {
        let host = job.url.host_str().unwrap_or_default().to_owned();
        let host = Arc::clone(
            hosts
                .entry(host)
                .or_insert_with(|| Arc::new(Semaphore::new(1))),
        );
        let (all, fetcher) = (Arc::clone(&all), fetcher.clone());
        let bar = progress.add(bar_for(&job));
        tasks.spawn(async move {
            // The host first, so a busy host does not hold a slot others could use.
            let _host = host.acquire_owned().await;
            let _slot = all.acquire_owned().await;
            let result = fetch(&fetcher, &job, bounds.max_bytes, &bar).await;
            bar.finish_and_clear();
            (job, result)
        });
    }
    while let Some(ended) = tasks.join_next().await {
        match ended {
            Ok((job, result)) => done(&job, &result),
            Err(err) => tracing::error!(%err, "a download task failed"),
        }
    }
}

fn bar_for(job: &Job) -> indicatif::ProgressBar {
    let bar = indicatif::ProgressBar::no_length();
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "{bytes:>10}/{total_bytes:<10} {bytes_per_sec:>12} {wide_msg}",
    ) {
        bar.set_style(style);
    }
    let name = job.target.file_name().unwrap_or_default().to_string_lossy();
    bar.set_message(crate::sanitize::clean_line(&name));
    bar
}

/// Downloads one file; returns its size.
async fn fetch(
    fetcher: &Fetcher,
    job: &Job,
    max_bytes: u64,
    bar: &indicatif::ProgressBar,
) -> Result<u64, Failure> {
    let part = part_of(&job.target);
    if let Some(dir) = part.parent() {
        fs::create_dir_all(dir).map_err(|e| io_failure(dir, &e))?;
    }
    let have = fs::metadata(&part).map_or(0, |m| m.len());
    let response = fetcher
        .get_ranged(&job.url, job.reach, have)
        .await
        .map_err(|e| Failure(e.to_string()))?;
    let status = response.status();
    let (file, mut written, total) = match status {
        StatusCode::PARTIAL_CONTENT if have > 0 => {
            let (start, total) = content_range(&response)
                .ok_or_else(|| Failure("the server sent a range it did not name".into()))?;
            if start != have {
                // Not where we stopped: start over on the next run.
                let _ = fs::remove_file(&part);
                return Err(Failure(format!(
                    "the server resumed at byte {start}, not {have}; run again to start over"
                )));
            }
            let file = OpenOptions::new()
                .append(true)
                .open(&part)
                .map_err(|e| io_failure(&part, &e))?;
            (file, have, total)
        }
        StatusCode::RANGE_NOT_SATISFIABLE if have > 0 => {
            // Everything was there already; else start over next time.
            let total = response
                .headers()
                .get(CONTENT_RANGE)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.strip_prefix("bytes */"))
                .and_then(|n| n.trim().parse::<u64>().ok());
            if total == Some(have) {
                return finish(&part, &job.target, have);
            }
            let _ = fs::remove_file(&part);
            return Err(Failure(
                "the partial file no longer fits the server's; run again".into(),
            ));
        }
        status if status.is_success() => {
            let total = response
                .headers()
                .get(CONTENT_LENGTH)
                .and_then(|v| v.to_str().ok())
                .and_then(|v| v.trim().parse::<u64>().ok());
            let file = File::create(&part).map_err(|e| io_failure(&part, &e))?;
            (file, 0, total)
        }
        status => return Err(Failure(format!("server returned {status}"))),
    };
    let limit = || Failure(format!("larger than the {} MiB limit", max_bytes >> 20));
    if total.is_some_and(|t| t > max_bytes) {
        let _ = fs::remove_file(&part);
        return Err(limit());
    }
    bar.set_length(total.unwrap_or(0));
    bar.set_position(written);
    // Bodies arrive in pieces of a few KiB: one write per piece would be most of the work.
    let mut file = std::io::BufWriter::with_capacity(WRITE_BUFFER, file);
    // A slow body still reaches the disk every second, so a kill loses little of it.
    let mut flushed = std::time::Instant::now();
    let mut response = response;
    loop {
        let chunk = tokio::time::timeout(fetcher.limits().timeout, response.chunk())
            .await
            .map_err(|_| {
                Failure(format!(
                    "no data for {} s",
                    fetcher.limits().timeout.as_secs()
                ))
            })?
            .map_err(|e| Failure(format!("reading the body: {e}")))?;
        let Some(chunk) = chunk else { break };
        written += chunk.len() as u64;
        if written > max_bytes {
            drop(file.into_inner());
            let _ = fs::remove_file(&part);
            return Err(limit());
        }
        file.write_all(&chunk).map_err(|e| io_failure(&part, &e))?;
        if flushed.elapsed() >= FLUSH_EVERY {
            file.flush().map_err(|e| io_failure(&part, &e))?;
            flushed = std::time::Instant::now();
        }
        bar.set_position(written);
    }
    let file = file
        .into_inner()
        .map_err(|e| io_failure(&part, e.error()))?;
    file.sync_all().map_err(|e| io_failure(&part, &e))?;
    if let Some(total) = total.filter(|t| *t != written) {
        return Err(Failure(format!(
            "got {written} of {total} bytes; run again to resume"
        )));
    }
    finish(&part, &job.target, written)
}

/// Renames the complete `.part` file into place.
fn finish(part: &Path, target: &Path, size: u64) -> Result<u64, Failure> {
    fs::rename(part, target).map_err(|e| io_failure(target, &e))?;
    Ok(size)
}

/// `Content-Range: bytes START-END/TOTAL` as (start, total when known).
fn content_range(response: &reqwest::Response) -> Option<(u64, Option<u64>)> {
    let value = response.headers().get(CONTENT_RANGE)?.to_str().ok()?;
    let range = value.trim().strip_prefix("bytes ")?;
    let (span, total) = range.split_once('/')?;
    let start = span.split_once('-')?.0.trim().parse().ok()?;
    Some((start, total.trim().parse().ok()))
}

fn io_failure(path: &Path, err: &std::io::Error) -> Failure {
    Failure(format!("{}: {err}", path.display()))
}
