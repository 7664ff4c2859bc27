//! Subscriptions: adding, finding, listing and removing feeds.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, Row, Transaction, params};

use super::articles::split_tags;
use super::tags::normalize_tags;
use super::{Error, FeedId, FeedRow, NewFeed, Result, Store};
use crate::url_policy;

/// Columns read by [`feed_from_row`], in order; the counts come from `feed_counts` (kept
/// by triggers) and the tags in one column, so listing 500 feeds is one quick query.
const FEED_COLUMNS: &str = "f.id, f.url, COALESCE(f.custom_title, f.title), f.link, f.last_fetched,
    f.last_error, f.etag, f.last_modified, f.failures,
    COALESCE(c.articles, 0), COALESCE(c.unread, 0),
    (SELECT group_concat(t.tag, char(31) ORDER BY t.tag) FROM feed_tags t WHERE t.feed_id = f.id),
    f.full_text, f.last_warning";

/// The feeds table with its counts, for [`FEED_COLUMNS`].
const FEEDS_WITH_COUNTS: &str = "feeds f LEFT JOIN feed_counts c ON c.feed_id = f.id";

/// What an import did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ImportStats {
    /// Feeds that were new.
    pub added: usize,
    /// Feeds already subscribed (their tags were merged).
    pub existing: usize,
}

/// What removing a feed did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Removal {
    /// Stories deleted with the feed.
    pub deleted: usize,
    /// Starred or tagged stories kept (tags and stars are the user's own data).
    pub kept: usize,
}

impl Store {
    /// Subscribes to a feed. Fails with [`Error::DuplicateFeed`] if the URL is already there.
    pub fn add_feed(&mut self, feed: &NewFeed) -> Result<FeedId> {
        self.write(|tx| {
            if feed_id_by_url(tx, &feed.url)?.is_some() {
                return Err(Error::DuplicateFeed(url_policy::canonical_str(&feed.url)));
            }
            insert_feed(tx, feed)
        })
    }

    /// Subscribes to every feed in `feeds` in one transaction: all of them or none. Feeds
    /// already subscribed keep their settings and gain the imported tags.
    pub(crate) fn import_feeds(&mut self, feeds: &[NewFeed]) -> Result<ImportStats> {
        self.write(|tx| {
            let mut stats = ImportStats::default();
            for feed in feeds {
                if let Some(id) = feed_id_by_url(tx, &feed.url)? {
                    add_feed_tags(tx, id, &feed.tags)?;
                    stats.existing += 1;
                } else {
                    insert_feed(tx, feed)?;
                    stats.added += 1;
                }
            }
            Ok(stats)
        })
    }

    /// All feeds with their counts, ordered by title.
    pub fn feeds(&self) -> Result<Vec<FeedRow>> {
        let sql = format!(
            "SELECT {FEED_COLUMNS} FROM {FEEDS_WITH_COUNTS}
             ORDER BY lower(COALESCE(f.custom_title, f.title, f.url)), f.id"
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map([], feed_from_row)?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// One feed by id.
    pub fn feed(&self, id: FeedId) -> Result<FeedRow> {
        let sql = format!("SELECT {FEED_COLUMNS} FROM {FEEDS_WITH_COUNTS} WHERE f.id = ?1");
        self.conn
            .query_row(&sql, [id.0], feed_from_row)
            .optional()?
            .ok_or_else(|| Error::FeedNotFound(id.to_string()))
    }

    /// Finds the feed a user means: by id, by exact URL, or by title (ignoring case).
    pub(crate) fn find_feed(&self, query: &str) -> Result<FeedId> {
        let query = query.trim();
        if let Ok(id) = query.parse::<i64>() {
            let found: Option<i64> = self
                .conn
                .query_row("SELECT id FROM feeds WHERE id = ?1", [id], |r| r.get(0))
                .optional()?;
            if let Some(id) = found {
                return Ok(FeedId(id));
            }
        }
        if let Some(id) = feed_id_by_url(&self.conn, query)? {
            return Ok(id);
        }
        let mut stmt = self.conn.prepare(
            "SELECT id, COALESCE(custom_title, title, url) FROM feeds
             WHERE lower(COALESCE(custom_title, title)) = lower(?1) ORDER BY id",
        )?;
        let matches = stmt
            .query_map([query], |r| Ok((FeedId(r.get(0)?), r.get::<_, String>(1)?)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        match matches.as_slice() {
            [] => Err(Error::FeedNotFound(query.to_owned())),
            [(id, _)] => Ok(*id),
            many => Err(Error::AmbiguousFeed {
                query: query.to_owned(),
                candidates: many
                    .iter()
                    .map(|(id, _)| format!("id {id}"))
                    .collect::<Vec<_>>()
                    .join(", "),
            }),
        }
    }

    /// Unsubscribes. Starred and tagged stories are the user's: they stay, remembering the
    /// feed's title.
    pub fn remove_feed(&mut self, id: FeedId) -> Result<Removal> {
        self.write(|tx| remove_feed_in(tx, id))
    }
}

/// Removes a feed inside `tx`; see [`Store::remove_feed`].
pub(super) fn remove_feed_in(tx: &Transaction<'_>, id: FeedId) -> Result<Removal> {
    let title: String = tx
        .query_row(
            "SELECT COALESCE(custom_title, title, url) FROM feeds WHERE id = ?1",
            [id.0],
            |r| r.get(0),
        )
        .optional()?
        .ok_or_else(|| Error::FeedNotFound(id.to_string()))?;
    // A trigger removes their full-text index rows with them.
    let deleted = tx.execute(
        "DELETE FROM articles WHERE feed_id = ?1 AND starred = 0
         AND NOT EXISTS (SELECT 1 FROM article_tags t WHERE t.article_id = articles.id)",
        [id.0],
    )?;
    let kept = tx.execute(
        "UPDATE articles SET feed_id = NULL, orphan_feed_title = ?2 WHERE feed_id = ?1",
        params![id.0, title],
    )?;
    tx.execute("DELETE FROM feeds WHERE id = ?1", [id.0])?;
    Ok(Removal { deleted, kept })
}

/// The feed stored under `url`'s canonical form: the same feed spelled another way
/// (host case, default port, escapes) is the same subscription.
pub(super) fn feed_id_by_url(conn: &rusqlite::Connection, url: &str) -> Result<Option<FeedId>> {
    let url = url_policy::canonical_str(url);
    Ok(conn
        .prepare_cached("SELECT id FROM feeds WHERE url = ?1")?
        .query_row([url], |r| r.get(0))
        .optional()?
        .map(FeedId))
}

fn insert_feed(tx: &Transaction<'_>, feed: &NewFeed) -> Result<FeedId> {
    tx.execute(
        "INSERT INTO feeds (url, custom_title, added) VALUES (?1, ?2, ?3)",
        params![
            url_policy::canonical_str(&feed.url),
            feed.title.as_deref().filter(|t| !t.trim().is_empty()),
            Utc::now().timestamp()
        ],
    )?;
    let id = FeedId(tx.last_insert_rowid());
    add_feed_tags(tx, id, &feed.tags)?;
    Ok(id)
}

fn add_feed_tags(tx: &Transaction<'_>, id: FeedId, tags: &[String]) -> Result<()> {
    let mut stmt =
        tx.prepare_cached("INSERT OR IGNORE INTO feed_tags (feed_id, tag) VALUES (?1, ?2)")?;
    for tag in normalize_tags(tags) {
        stmt.execute(params![id.0, tag])?;
    }
    Ok(())
}

fn feed_from_row(row: &Row<'_>) -> rusqlite::Result<FeedRow> {
    Ok(FeedRow {
        id: FeedId(row.get(0)?),
        url: row.get(1)?,
        title: row.get(2)?,
        link: row.get(3)?,
        tags: split_tags(row.get::<_, Option<String>>(11)?.as_deref()),
        last_fetched: row
            .get::<_, Option<i64>>(4)?
            .and_then(|t| DateTime::from_timestamp(t, 0)),
        last_error: row.get(5)?,
        etag: row.get(6)?,
        last_modified: row.get(7)?,
        failures: row.get::<_, i64>(8)?.max(0) as u32,
        article_count: row.get::<_, i64>(9)? as u64,
        unread_count: row.get::<_, i64>(10)? as u64,
        full_text: row.get(12)?,
        warning: row.get(13)?,
    })
}
