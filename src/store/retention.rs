//! Retention: deleting old stories by age and by count per feed, never the user's own
//! (starred, tagged, or with a read/star change the sync server hasn't confirmed) nor a
//! feed's newest story, so no feed is left empty. Deleted stories are remembered as
//! dropped, so a feed that still lists them doesn't bring them back as new.

use chrono::{DateTime, Utc};
use rusqlite::{Transaction, params};

use super::{Result, Store};

/// What to keep of one feed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Expiry {
    /// Delete stories dated before this.
    pub older_than: Option<DateTime<Utc>>,
    /// Keep at most this many of the newest stories.
    pub max_stories: Option<u64>,
}

/// Stories of feed `?1` that may be deleted: not starred, tagged or waiting to be
/// synced, and not the feed's newest.
const DELETABLE: &str = "a.feed_id = ?1 AND a.starred = 0
    AND NOT EXISTS (SELECT 1 FROM article_tags t WHERE t.article_id = a.id)
    AND NOT EXISTS (SELECT 1 FROM sync_journal j WHERE j.article_id = a.id)
    AND a.id <> (SELECT n.id FROM articles n WHERE n.feed_id = ?1
                 ORDER BY n.sort_time DESC, n.id DESC LIMIT 1)";

impl Store {
    /// Deletes the stories `expiry_of(feed URL)` says are past keeping, in one
    /// transaction; returns how many.
    pub(crate) fn expire(&mut self, expiry_of: &dyn Fn(&str) -> Expiry) -> Result<usize> {
        self.write(|tx| {
            let feeds: Vec<(i64, String)> = tx
                .prepare("SELECT id, url FROM feeds")?
                .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?;
            let mut deleted = 0;
            for (feed, url) in feeds {
                let expiry = expiry_of(&url);
                let mut ids = Vec::new();
                if let Some(before) = expiry.older_than {
                    ids.extend(by_age(tx, feed, before.timestamp())?);
                }
                if let Some(keep) = expiry.max_stories {
                    ids.extend(beyond_count(tx, feed, keep)?);
                }
                ids.sort_unstable();
                ids.dedup();
                deleted += super::rules::drop_stories(tx, &ids, "expired")?;
            }
            Ok(deleted)
        })
    }

    /// Rebuilds the database file without its free pages; returns the bytes freed.
    pub fn vacuum(&mut self) -> Result<u64> {
        let size = |conn: &rusqlite::Connection| -> Result<u64> {
            let pages: i64 = conn.query_row("PRAGMA page_count", [], |r| r.get(0))?;
            let page_size: i64 = conn.query_row("PRAGMA page_size", [], |r| r.get(0))?;
            Ok((pages * page_size).max(0) as u64)
        };
        let before = size(&self.conn)?;
        self.conn.execute_batch("VACUUM")?;
        Ok(before.saturating_sub(size(&self.conn)?))
    }
}

fn by_age(tx: &Transaction<'_>, feed: i64, before: i64) -> Result<Vec<i64>> {
    let sql = format!("SELECT a.id FROM articles a WHERE {DELETABLE} AND a.sort_time < ?2");
    let ids = tx
        .prepare_cached(&sql)?
        .query_map(params![feed, before], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(ids)
}

fn beyond_count(tx: &Transaction<'_>, feed: i64, keep: u64) -> Result<Vec<i64>> {
    let sql = format!(
        "SELECT a.id FROM articles a WHERE {DELETABLE} AND a.id NOT IN
         (SELECT k.id FROM articles k WHERE k.feed_id = ?1
          ORDER BY k.sort_time DESC, k.id DESC LIMIT ?2)"
    );
    let keep = i64::try_from(keep).unwrap_or(i64::MAX);
    let ids = tx
        .prepare_cached(&sql)?
        .query_map(params![feed, keep], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(ids)
}
