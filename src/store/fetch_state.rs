//! Fetch bookkeeping per feed: validators for conditional GET, when it was last fetched,
//! the interval it asked for, failures and back-off, and its address after a permanent
//! redirect. Stories themselves are saved by [`Store::save_feed`].

use super::rows::timestamp;
use std::time::Duration;

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, Row, Transaction, params};

use super::{Error, FeedId, Result, Store};
use crate::feed::Validators;
use crate::feed::schedule::FetchHistory;

/// A feed as the fetcher needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchTarget {
    pub id: FeedId,
    pub url: String,
    /// The title to show in progress output (custom, else the feed's own).
    pub title: Option<String>,
    pub validators: Validators,
    pub history: FetchHistory,
}

/// What a fetch that worked (200 or 304) leaves behind.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FetchOutcome {
    /// Validators from the response. On a 304 a missing one keeps the stored value.
    pub validators: Validators,
    /// The interval the feed or server asked for; on a 304, `None` keeps the stored one.
    pub interval_hint: Option<Duration>,
    /// When the feed is next due, for display; scheduling recomputes it from the history.
    pub next_fetch: Option<DateTime<Utc>>,
    /// The feed's new address after a permanent redirect.
    pub moved_to: Option<String>,
}

impl Store {
    /// Sets how many pages the write-ahead log may hold before SQLite copies it into the
    /// database (a checkpoint, which ends in an fsync). A refresh writes hundreds of
    /// megabytes; at SQLite's default of 1000 pages (4 MB) its writer spends half its time
    /// in checkpoints. A larger log loses nothing on a crash: it is replayed at open.
    pub(crate) fn set_checkpoint_pages(&self, pages: u32) -> Result<()> {
        self.conn.pragma_update(None, "wal_autocheckpoint", pages)?;
        Ok(())
    }

    /// Checkpoints the write-ahead log into the database and truncates it, so a large
    /// refresh doesn't leave a log of tens of megabytes beside the database. Best effort:
    /// a reader holding an old snapshot makes it a partial checkpoint, tried again next
    /// time; it waits at most a moment for other writers.
    pub(crate) fn truncate_wal(&self) -> Result<()> {
        self.conn
            .busy_timeout(std::time::Duration::from_millis(500))?;
        let result = self
            .conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()));
        self.conn.busy_timeout(super::BUSY_TIMEOUT)?;
        match result {
            Err(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseBusy) => Ok(()),
            other => Ok(other?),
        }
    }

    /// Every feed with its fetch history; [`crate::feed::schedule::Policy::is_due`]
    /// decides which of them to fetch.
    pub(crate) fn fetch_targets(&self) -> Result<Vec<FetchTarget>> {
        let mut stmt = self.conn.prepare(
            "SELECT id, url, COALESCE(custom_title, title), etag, last_modified,
                    last_fetched, failures, next_fetch, interval_hint
             FROM feeds ORDER BY id",
        )?;
        let rows = stmt.query_map([], target_from_row)?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// The feed subscribed at exactly `url`, if any.
    pub(crate) fn feed_id_for_url(&self, url: &str) -> Result<Option<FeedId>> {
        super::feeds::feed_id_by_url(&self.conn, url)
    }

    /// Records a 304 Not Modified: the feed is fresh; a permanent redirect on the way
    /// moves it all the same.
    pub(crate) fn record_not_modified(
        &mut self,
        feed: FeedId,
        outcome: &FetchOutcome,
    ) -> Result<()> {
        let now = Utc::now().timestamp();
        self.write(|tx| {
            let found = tx.execute(
                "UPDATE feeds SET last_fetched = ?2, last_error = NULL, failures = 0,
                 etag = COALESCE(?3, etag), last_modified = COALESCE(?4, last_modified),
                 interval_hint = COALESCE(?5, interval_hint), next_fetch = ?6
                 WHERE id = ?1",
                params![
                    feed.0,
                    now,
                    outcome.validators.etag,
                    outcome.validators.last_modified,
                    outcome.interval_hint.map(secs),
                    outcome.next_fetch.map(|t| t.timestamp()),
                ],
            )?;
            ensure_found(found, feed)?;
            move_feed(tx, feed, outcome).map(|_| ())
        })
    }

    #[cfg(test)]
    /// Records a fetched and saved document: its validators and interval replace the old
    /// ones, and a permanent redirect moves the feed unless another feed has that address.
    /// Returns whether the address changed. [`Store::save_fetched`] does this together
    /// with saving the stories.
    pub(crate) fn record_fetched(&mut self, feed: FeedId, outcome: &FetchOutcome) -> Result<bool> {
        self.write(|tx| record_fetch_state(tx, feed, outcome))
    }

    /// Records a failed fetch: the error, one more failure, and the next attempt, which
    /// `next_fetch` computes from the new failure count. Returns that count.
    pub(crate) fn record_failure(
        &mut self,
        feed: FeedId,
        error: &str,
        next_fetch: impl FnOnce(u32) -> DateTime<Utc>,
    ) -> Result<u32> {
        self.write(|tx| {
            let failures: Option<i64> = tx
                .query_row("SELECT failures FROM feeds WHERE id = ?1", [feed.0], |r| {
                    r.get(0)
                })
                .optional()?;
            let failures = failures
                .ok_or_else(|| Error::FeedNotFound(feed.to_string()))?
                .max(0) as u32
                + 1;
            tx.execute(
                "UPDATE feeds SET last_error = ?2, failures = ?3, next_fetch = ?4 WHERE id = ?1",
                params![feed.0, error, failures, next_fetch(failures).timestamp()],
            )?;
            Ok(failures)
        })
    }
}

/// Stores a successful fetch's validators, interval and redirect inside `tx`; see
/// [`Store::record_fetched`].
pub(super) fn record_fetch_state(
    tx: &Transaction<'_>,
    feed: FeedId,
    outcome: &FetchOutcome,
) -> Result<bool> {
    let found = tx.execute(
        "UPDATE feeds SET etag = ?2, last_modified = ?3, interval_hint = ?4, next_fetch = ?5
         WHERE id = ?1",
        params![
            feed.0,
            outcome.validators.etag,
            outcome.validators.last_modified,
            outcome.interval_hint.map(secs),
            outcome.next_fetch.map(|t| t.timestamp()),
        ],
    )?;
    ensure_found(found, feed)?;
    move_feed(tx, feed, outcome)
}

/// Moves `feed` to the address a permanent redirect named (in `outcome`), unless another
/// feed has it; returns whether it moved.
fn move_feed(tx: &Transaction<'_>, feed: FeedId, outcome: &FetchOutcome) -> Result<bool> {
    let Some(url) = &outcome.moved_to else {
        return Ok(false);
    };
    let moved = tx.execute(
        "UPDATE feeds SET url = ?2 WHERE id = ?1
         AND NOT EXISTS (SELECT 1 FROM feeds WHERE url = ?2)",
        params![feed.0, crate::url_policy::canonical_str(url.as_str())],
    )?;
    Ok(moved > 0)
}

fn ensure_found(rows: usize, feed: FeedId) -> Result<()> {
    if rows == 0 {
        return Err(Error::FeedNotFound(feed.to_string()));
    }
    Ok(())
}

fn secs(d: Duration) -> i64 {
    i64::try_from(d.as_secs()).unwrap_or(i64::MAX)
}

fn target_from_row(row: &Row<'_>) -> rusqlite::Result<FetchTarget> {
    Ok(FetchTarget {
        id: FeedId(row.get(0)?),
        url: row.get(1)?,
        title: row.get(2)?,
        validators: Validators {
            etag: row.get(3)?,
            last_modified: row.get(4)?,
        },
        history: FetchHistory {
            last_fetched: timestamp(row.get(5)?),
            failures: row.get::<_, i64>(6)?.max(0) as u32,
            next_fetch: timestamp(row.get(7)?),
            interval_hint: row
                .get::<_, Option<i64>>(8)?
                .map(|s| Duration::from_secs(s.max(0) as u64)),
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::NewFeed;

    fn store_with_feed() -> (Store, FeedId) {
        let mut store = Store::open_in_memory().unwrap();
        let id = store
            .add_feed(&NewFeed {
                url: "http://a.test/feed".into(),
                ..Default::default()
            })
            .unwrap();
        (store, id)
    }

    fn validators(etag: &str) -> Validators {
        Validators {
            etag: Some(etag.into()),
            last_modified: None,
        }
    }

    #[test]
    fn new_feed_has_no_history() {
        let (store, id) = store_with_feed();
        let targets = store.fetch_targets().unwrap();
        assert_eq!(targets.len(), 1);
        assert_eq!(targets[0].id, id);
        assert_eq!(targets[0].history, FetchHistory::default());
    }

    #[test]
    fn failures_count_up_and_a_304_resets_them() {
        let (mut store, id) = store_with_feed();
        let later = Utc::now() + chrono::Duration::hours(1);
        assert_eq!(
            store
                .record_failure(id, "fetching x: timed out after 30 s", |_| later)
                .unwrap(),
            1
        );
        assert_eq!(
            store
                .record_failure(id, "again", |n| later
                    + chrono::Duration::hours(i64::from(n)))
                .unwrap(),
            2
        );
        let target = &store.fetch_targets().unwrap()[0];
        assert_eq!(target.history.failures, 2);
        assert_eq!(store.feed(id).unwrap().last_error.as_deref(), Some("again"));
        store
            .record_not_modified(id, &FetchOutcome::default())
            .unwrap();
        let target = &store.fetch_targets().unwrap()[0];
        assert_eq!(target.history.failures, 0);
        assert!(target.history.last_fetched.is_some());
        assert_eq!(store.feed(id).unwrap().last_error, None);
    }

    #[test]
    fn not_modified_keeps_validators_it_was_not_given() {
        let (mut store, id) = store_with_feed();
        let outcome = FetchOutcome {
            validators: validators("\"v1\""),
            ..Default::default()
        };
        store.record_fetched(id, &outcome).unwrap();
        store
            .record_not_modified(id, &FetchOutcome::default())
            .unwrap();
        assert_eq!(
            store.fetch_targets().unwrap()[0].validators,
            validators("\"v1\"")
        );
    }

    #[test]
    fn permanent_redirect_moves_the_feed_unless_the_address_is_taken() {
        let (mut store, id) = store_with_feed();
        let other = store
            .add_feed(&NewFeed {
                url: "http://b.test/taken".into(),
                ..Default::default()
            })
            .unwrap();
        let moved = |url: &str| FetchOutcome {
            moved_to: Some(url.into()),
            ..Default::default()
        };
        assert!(
            store
                .record_fetched(id, &moved("http://a.test/new"))
                .unwrap()
        );
        assert_eq!(store.feed(id).unwrap().url, "http://a.test/new");
        assert!(
            !store
                .record_fetched(id, &moved("http://b.test/taken"))
                .unwrap()
        );
        assert_eq!(
            store.feed_id_for_url("http://b.test/taken").unwrap(),
            Some(other)
        );
    }

    #[test]
    fn a_not_modified_reply_after_a_permanent_redirect_moves_the_feed() {
        let (mut store, id) = store_with_feed();
        let outcome = FetchOutcome {
            moved_to: Some("http://a.test/moved".into()),
            ..Default::default()
        };
        store.record_not_modified(id, &outcome).unwrap();
        assert_eq!(store.feed(id).unwrap().url, "http://a.test/moved");
    }
}
