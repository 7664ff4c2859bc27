//! The single writer of a refresh: stores each fetched feed as it arrives (stories and
//! validators and schedule in one transaction), and records failures with their back-off.

use chrono::Utc;
use tokio::sync::mpsc;

use super::pipeline::{Fetched, Meta, Update};
use super::{FeedReport, Outcome, policy};
use crate::config;
use crate::feed::ParsedFeed;
use crate::feed::fetch;
use crate::store::{self, FeedId, FetchOutcome, FetchTarget, SaveStats, Store};

/// Stores every result from `receiver` until the channel closes, calling `done` after each.
/// Fails on the first store error: the database is then unusable for every feed alike.
pub(super) fn run(
    store: &mut Store,
    config: &config::Refresh,
    receiver: &mut mpsc::Receiver<Fetched>,
    done: &mut dyn FnMut(&FeedReport),
) -> Result<(), store::Error> {
    while let Some(fetched) = receiver.blocking_recv() {
        let report = apply(store, config, fetched)?;
        log_report(&report);
        done(&report);
    }
    Ok(())
}

/// One line in the log per feed: a failure is a warning, the rest are details.
fn log_report(report: &FeedReport) {
    let url = crate::sanitize::clean_line(&report.url);
    match &report.outcome {
        Outcome::Updated { new, updated, .. } => {
            tracing::debug!(feed = %url, new, updated, "feed stored");
        }
        Outcome::NotModified => tracing::debug!(feed = %url, "feed not modified"),
        Outcome::Failed(error) => {
            let error = crate::sanitize::clean_line(error);
            tracing::warn!(feed = %url, %error, "feed failed");
        }
    }
}

fn apply(
    store: &mut Store,
    config: &config::Refresh,
    fetched: Fetched,
) -> Result<FeedReport, store::Error> {
    let Fetched { target, result } = fetched;
    let outcome = match result {
        Ok(Update::Parsed(feed, meta)) => {
            let saved = save(store, config, &target, &feed, meta);
            let title = feed.title.clone();
            return finish(target, saved).map(|mut report| {
                report.title = report.title.or(title);
                report
            });
        }
        Ok(Update::NotModified(meta)) => {
            let outcome = fetch_outcome(config, &target.url, meta);
            store
                .record_not_modified(target.id, &outcome)
                .map(|()| Outcome::NotModified)
        }
        Err(err) => record_failure(store, config, &target, &err),
    };
    finish(target, outcome)
}

/// Turns a feed that vanished mid-refresh (removed by another process) into a per-feed
/// failure; every other store error stays fatal.
fn finish(
    target: FetchTarget,
    outcome: Result<Outcome, store::Error>,
) -> Result<FeedReport, store::Error> {
    let outcome = match outcome {
        Err(store::Error::FeedNotFound(_)) => {
            Outcome::Failed("the feed was removed during the refresh".to_owned())
        }
        other => other?,
    };
    Ok(FeedReport {
        id: target.id,
        url: target.url,
        title: target.title,
        outcome,
    })
}

/// Saves a parsed feed: its stories and its fetch state, in one transaction.
fn save(
    store: &mut Store,
    config: &config::Refresh,
    target: &FetchTarget,
    feed: &ParsedFeed,
    meta: Meta,
) -> Result<Outcome, store::Error> {
    let (stats, moved_to) = save_parsed(store, config, target.id, &target.url, feed, meta)?;
    Ok(Outcome::Updated {
        new: stats.new,
        updated: stats.updated,
        ignored: stats.ignored,
        moved_to,
    })
}

/// Stores a fetched feed and its fetch state; returns what changed and the feed's new
/// address if it moved. Shared with `add`.
pub(super) fn save_parsed(
    store: &mut Store,
    config: &config::Refresh,
    id: FeedId,
    url: &str,
    feed: &ParsedFeed,
    meta: Meta,
) -> Result<(SaveStats, Option<String>), store::Error> {
    let outcome = fetch_outcome(config, url, meta);
    let (stats, moved) = store.save_fetched(id, feed, &outcome)?;
    Ok((stats, outcome.moved_to.filter(|_| moved)))
}

fn fetch_outcome(config: &config::Refresh, url: &str, meta: Meta) -> FetchOutcome {
    let interval = policy(config).interval(meta.interval_hint, config.intervals.get(url).copied());
    FetchOutcome {
        validators: meta.validators,
        interval_hint: meta.interval_hint,
        next_fetch: Some(crate::feed::schedule::later(Utc::now(), interval)),
        moved_to: meta.moved_to.map(String::from),
    }
}

fn record_failure(
    store: &mut Store,
    config: &config::Refresh,
    target: &FetchTarget,
    err: &fetch::Error,
) -> Result<Outcome, store::Error> {
    let policy = policy(config);
    let interval = policy.interval(
        target.history.interval_hint,
        config.intervals.get(&target.url).copied(),
    );
    let message = err.to_string();
    let now = Utc::now();
    store.record_failure(target.id, &message, |failures| {
        policy.retry_at(failures, interval, err.kind.retry_after(), now)
    })?;
    Ok(Outcome::Failed(message))
}
