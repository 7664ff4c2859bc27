//! Stories and fetch state brought over from another reader's cache (newsboat's): each
//! batch is one transaction; a story already here (same feed, same guid) is left as it
//! is, so importing twice changes nothing.

use std::collections::HashMap;

use chrono::Utc;
use rusqlite::{OptionalExtension, params};

use super::rows::{NewStory, add_story_tags, insert_story};
use super::{Result, Store};
use crate::feed::ParsedEntry;
use crate::url_policy;

/// A story from another reader's cache, for [`Store::import_stories`].
#[derive(Debug, Clone)]
pub struct ImportedStory {
    pub feed_url: String,
    pub entry: ParsedEntry,
    pub read: bool,
    pub starred: bool,
    /// Tags of its own (newsboat's other flags become `flag-X`).
    pub tags: Vec<String>,
    /// Deleted there: remembered as dropped, so a refresh doesn't bring it back.
    pub deleted: bool,
}

/// What importing stories did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct StoryStats {
    pub stored: usize,
    /// Already here (or dropped before): left as they are.
    pub existing: usize,
    /// Deleted in the other reader, remembered as dropped.
    pub dropped: usize,
    /// Of a feed that is not subscribed (the other reader's cache keeps them a while).
    pub no_feed: usize,
}

impl StoryStats {
    /// Adds another batch's counts.
    pub fn add(&mut self, other: Self) {
        self.stored += other.stored;
        self.existing += other.existing;
        self.dropped += other.dropped;
        self.no_feed += other.no_feed;
    }
}

/// A feed's validators from another reader, for [`Store::import_validators`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedValidators {
    pub url: String,
    pub title: Option<String>,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

impl Store {
    /// Every feed's id by its (canonical) URL.
    pub fn feed_ids_by_url(&self) -> Result<HashMap<String, i64>> {
        let mut stmt = self.conn.prepare("SELECT url, id FROM feeds")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Gives feeds the title and validators another reader kept, where they have none
    /// yet, so the first refresh is conditional. Returns how many feeds gained some.
    pub fn import_validators(&mut self, feeds: &[ImportedValidators]) -> Result<usize> {
        self.write(|tx| {
            let mut update = tx.prepare_cached(
                "UPDATE feeds SET title = COALESCE(title, ?2),
                     etag = COALESCE(etag, ?3), last_modified = COALESCE(last_modified, ?4)
                 WHERE url = ?1 AND ((title IS NULL AND ?2 IS NOT NULL)
                     OR (etag IS NULL AND ?3 IS NOT NULL)
                     OR (last_modified IS NULL AND ?4 IS NOT NULL))",
            )?;
            let mut changed = 0;
            for feed in feeds {
                changed += update.execute(params![
                    url_policy::canonical_str(&feed.url),
                    feed.title,
                    feed.etag,
                    feed.last_modified
                ])?;
            }
            Ok(changed)
        })
    }

    /// Stores one batch of imported stories in one transaction; `feeds` is
    /// [`Store::feed_ids_by_url`].
    pub fn import_stories(
        &mut self,
        feeds: &HashMap<String, i64>,
        stories: &[ImportedStory],
    ) -> Result<StoryStats> {
        let now = Utc::now().timestamp();
        self.write(|tx| {
            let mut stats = StoryStats::default();
            for story in stories {
                let Some(&feed) = feeds.get(&url_policy::canonical_str(&story.feed_url)) else {
                    stats.no_feed += 1;
                    continue;
                };
                let guid = &story.entry.guid;
                let stored: Option<i64> = tx
                    .prepare_cached("SELECT 1 FROM articles WHERE feed_id = ?1 AND guid = ?2")?
                    .query_row(params![feed, guid], |r| r.get(0))
                    .optional()?;
                if stored.is_some() {
                    stats.existing += 1;
                    continue;
                }
                if story.deleted {
                    // Remembered (again, harmlessly): a refresh must not bring it back.
                    super::rules::remember_dropped(tx, feed, guid, "deleted")?;
                    stats.dropped += 1;
                    continue;
                }
                if super::rules::is_dropped(tx, feed, guid)? {
                    stats.existing += 1;
                    continue;
                }
                let id = insert_story(
                    tx,
                    &NewStory {
                        feed_id: Some(feed),
                        orphan_feed_title: None,
                        entry: &story.entry,
                        content_hash: super::save::content_hash(&story.entry),
                        first_seen: now,
                        read: story.read,
                        starred: story.starred,
                        hidden: false,
                        remote_id: None,
                    },
                )?;
                add_story_tags(tx, id, &story.tags)?;
                stats.stored += 1;
            }
            Ok(stats)
        })
    }
}

impl Store {
    /// The guids of read stories of subscribed feeds, for another reader's import.
    pub fn read_guids(&self) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare(
            "SELECT guid FROM articles WHERE read = 1 AND feed_id IS NOT NULL ORDER BY id",
        )?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::feed::{FeedKind, ParsedFeed};
    use crate::store::NewFeed;

    fn entry(guid: &str) -> ParsedEntry {
        ParsedEntry {
            guid: guid.into(),
            link: Some(format!("https://example.org/{guid}")),
            title: format!("Story {guid}"),
            author: None,
            published: None,
            updated: None,
            content_html: "<p>x</p>".into(),
            base_url: None,
            categories: vec![],
            enclosures: Vec::new(),
        }
    }

    fn imported(guid: &str, deleted: bool) -> ImportedStory {
        ImportedStory {
            feed_url: "https://example.org/feed.xml".into(),
            entry: entry(guid),
            read: true,
            starred: false,
            tags: vec!["flag-b".into()],
            deleted,
        }
    }

    #[test]
    fn deleted_stories_stay_away_and_unchanged_ones_are_not_rewritten_by_a_refresh() {
        let mut store = Store::open_in_memory().unwrap();
        let feed = store
            .add_feed(&NewFeed {
                url: "https://example.org/feed.xml".into(),
                ..NewFeed::default()
            })
            .unwrap();
        let ids = store.feed_ids_by_url().unwrap();
        let batch = [imported("kept", false), imported("gone", true), {
            let mut other = imported("elsewhere", false);
            other.feed_url = "https://example.org/other.xml".into();
            other
        }];
        let stats = store.import_stories(&ids, &batch).unwrap();
        assert_eq!((stats.stored, stats.dropped, stats.no_feed), (1, 1, 1));
        let again = store.import_stories(&ids, &batch).unwrap();
        assert_eq!((again.stored, again.existing, again.dropped), (0, 1, 1));
        // The feed still carries both: the deleted one isn't stored, the kept one keeps
        // its read state (same content, so nothing is rewritten).
        let fetched = ParsedFeed {
            kind: FeedKind::Rss2,
            title: None,
            link: None,
            ttl_minutes: None,
            entries: vec![entry("kept"), entry("gone")],
            warning: None,
        };
        let saved = store.save_feed(feed, &fetched).unwrap();
        assert_eq!(saved.new, 0, "{saved:?}");
        assert_eq!(store.read_guids().unwrap(), ["kept"]);
    }
}
