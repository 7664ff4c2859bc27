//! The row layer: each statement that writes a story lives here once, on a
//! `&Transaction`, and the `impl Store` use-case methods (refresh, sync, removal) compose
//! them. Also the one conversion between stored seconds and dates.

use chrono::{DateTime, Utc};
use rusqlite::{Transaction, params};

use super::Result;
use crate::feed::{Enclosure, ParsedEntry};

/// A story to insert: a fetched entry plus where it belongs and its first flags.
pub(super) struct NewStory<'a> {
    pub feed_id: Option<i64>,
    /// The feed's title, for a story without a (local) feed.
    pub orphan_feed_title: Option<&'a str>,
    pub entry: &'a ParsedEntry,
    pub content_hash: i64,
    pub first_seen: i64,
    pub read: bool,
    pub starred: bool,
    /// Hidden by a rule: read, and out of every view but `hidden`.
    pub hidden: bool,
    /// The sync server's id for it.
    pub remote_id: Option<i64>,
}

/// Inserts a story and returns its id. Ids are never reused: a new story's id is above
/// every id handed out before, even of stories since deleted, so `tidings star 123` in a
/// script always means the same story.
pub(super) fn insert_story(tx: &Transaction<'_>, story: &NewStory<'_>) -> Result<i64> {
    let entry = story.entry;
    let published = entry.published.map(|d| d.timestamp());
    let updated = entry.updated.map(|d| d.timestamp());
    tx.prepare_cached(
        "INSERT INTO articles (id, feed_id, orphan_feed_title, guid, link, title, author,
         published, updated, content, base_url, content_hash, first_seen, sort_time, read,
         starred, hidden, remote_id)
         VALUES (
             max(COALESCE((SELECT max(id) FROM articles), 0),
                 COALESCE((SELECT id FROM id_high_water WHERE name = 'articles'), 0)) + 1,
             ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17)",
    )?
    .execute(params![
        story.feed_id,
        story.orphan_feed_title,
        entry.guid,
        entry.link,
        entry.title,
        entry.author,
        published,
        updated,
        entry.content_html,
        entry.base_url,
        story.content_hash,
        story.first_seen,
        sort_time(published, updated, story.first_seen),
        story.read,
        story.starred,
        story.hidden,
        story.remote_id,
    ])?;
    let id = tx.last_insert_rowid();
    replace_enclosures(tx, id, &entry.enclosures)?;
    Ok(id)
}

/// Gives story `id` these tags of its own (those it has stay).
pub(super) fn add_story_tags(tx: &Transaction<'_>, id: i64, tags: &[String]) -> Result<()> {
    if tags.is_empty() {
        return Ok(());
    }
    let mut insert =
        tx.prepare_cached("INSERT OR IGNORE INTO article_tags (article_id, tag) VALUES (?1, ?2)")?;
    for tag in tags {
        insert.execute(params![id, tag])?;
    }
    Ok(())
}

/// Replaces stored story `id`'s content with `entry`'s (whose fingerprint is `hash`) and
/// queues it for re-indexing (a trigger drops its old index row at once); read, starred
/// and tags stay as they are.
pub(super) fn update_story_content(
    tx: &Transaction<'_>,
    id: i64,
    entry: &ParsedEntry,
    hash: i64,
) -> Result<()> {
    // The sort time is `sort_time()`'s rule, in SQL, against the stored first_seen.
    tx.prepare_cached(
        "UPDATE articles SET link = ?2, title = ?3, author = ?4, published = ?5,
         updated = ?6, content = ?7, base_url = ?8, content_hash = ?9,
         sort_time = min(COALESCE(?5, ?6, first_seen), first_seen), indexed = 0
         WHERE id = ?1",
    )?
    .execute(params![
        id,
        entry.link,
        entry.title,
        entry.author,
        entry.published.map(|d| d.timestamp()),
        entry.updated.map(|d| d.timestamp()),
        entry.content_html,
        entry.base_url,
        hash,
    ])?;
    replace_enclosures(tx, id, &entry.enclosures)
}

/// Stores `enclosures` as story `id`'s, in order, in place of what it had.
fn replace_enclosures(tx: &Transaction<'_>, id: i64, enclosures: &[Enclosure]) -> Result<()> {
    tx.prepare_cached("DELETE FROM enclosures WHERE article_id = ?1")?
        .execute([id])?;
    let mut insert = tx.prepare_cached(
        "INSERT INTO enclosures (article_id, position, url, mime, length, duration, title)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    for (position, e) in enclosures.iter().enumerate() {
        let as_int = |n: Option<u64>| n.and_then(|n| i64::try_from(n).ok());
        insert.execute(params![
            id,
            i64::try_from(position).unwrap_or(i64::MAX),
            e.url,
            e.mime,
            as_int(e.length),
            as_int(e.duration_secs),
            e.title,
        ])?;
    }
    Ok(())
}

/// Where a story sorts: its publication date, else its update date, else when it was
/// first seen, but never later than that: a story dated in the future would otherwise
/// sit above every other until its date came.
pub(super) fn sort_time(published: Option<i64>, updated: Option<i64>, first_seen: i64) -> i64 {
    published
        .or(updated)
        .map_or(first_seen, |t| t.min(first_seen))
}

/// A stored time (seconds since the epoch) as a date.
pub(super) fn timestamp(value: Option<i64>) -> Option<DateTime<Utc>> {
    value.and_then(|t| DateTime::from_timestamp(t, 0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stories_sort_by_date_but_never_above_when_first_seen() {
        assert_eq!(sort_time(Some(10), Some(20), 100), 10);
        assert_eq!(sort_time(None, Some(20), 100), 20);
        assert_eq!(sort_time(None, None, 100), 100);
        // Dated next year, seen today: sorts as today.
        assert_eq!(sort_time(Some(1_000), None, 100), 100);
    }
}
