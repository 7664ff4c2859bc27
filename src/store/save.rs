//! Saving one fetch's stories: new ones inserted, each judged by the rules first so it is
//! written once with its flags and tags (an ignored one is only remembered), changed ones
//! updated, unchanged ones left alone.

use std::hash::Hasher;

use chrono::Utc;
use rusqlite::{OptionalExtension, Transaction, params};
use siphasher::sip::SipHasher13;

use super::rows::{NewStory, add_story_tags, insert_story, sort_time, update_story_content};
use super::rules::{RuleSet, Verdict, is_dropped, remember_dropped};
use super::{ArticleId, Error, FeedId, Result, SaveStats};
use crate::feed::{ParsedEntry, ParsedFeed};
use crate::query::eval::{FeedFacts, State, Story};

/// Stores the stories of one fetch inside `tx`; see [`super::Store::save_feed`].
pub(super) fn save_stories(
    tx: &Transaction<'_>,
    feed: FeedId,
    parsed: &ParsedFeed,
    rules: &RuleSet,
) -> Result<SaveStats> {
    let now = Utc::now();
    let found = tx.execute(
        "UPDATE feeds SET title = COALESCE(?2, title), link = COALESCE(?3, link),
         last_fetched = ?4, last_error = NULL, failures = 0, last_warning = ?5 WHERE id = ?1",
        params![
            feed.0,
            parsed.title,
            parsed.link,
            now.timestamp(),
            parsed.warning
        ],
    )?;
    if found == 0 {
        return Err(Error::FeedNotFound(feed.to_string()));
    }
    let judge = if rules.is_empty() {
        None
    } else {
        Some((rules, feed_facts(tx, feed)?))
    };
    let saver = Saver {
        tx,
        feed,
        now,
        judge,
        learns: super::template::learns(tx, feed)?,
    };
    let mut stats = SaveStats::default();
    // A document that lists one id twice has one story: the first.
    let mut seen = std::collections::HashSet::with_capacity(parsed.entries.len());
    for entry in parsed
        .entries
        .iter()
        .filter(|e| seen.insert(e.guid.as_str()))
    {
        match saver.upsert(entry)? {
            Upsert::Inserted => stats.new += 1,
            Upsert::Ignored => stats.ignored += 1,
            Upsert::Updated => stats.updated += 1,
            Upsert::Unchanged => {}
        }
    }
    Ok(stats)
}

/// What [`feed:`](crate::query::Term::Feed) and `tag:` see of the feed being saved.
pub(super) fn feed_facts(tx: &Transaction<'_>, feed: FeedId) -> Result<FeedFacts> {
    let (custom, title, url): (Option<String>, Option<String>, String) = tx
        .prepare_cached("SELECT custom_title, title, url FROM feeds WHERE id = ?1")?
        .query_row([feed.0], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    let tags = tx
        .prepare_cached("SELECT tag FROM feed_tags WHERE feed_id = ?1")?
        .query_map([feed.0], |r| r.get(0))?
        .collect::<rusqlite::Result<Vec<String>>>()?;
    Ok(FeedFacts::subscribed(
        feed.0,
        custom.as_deref(),
        title.as_deref(),
        &url,
        tags,
    ))
}

/// One fetch's saving: the feed, the moment, and the rules with what they see of it.
struct Saver<'a> {
    tx: &'a Transaction<'a>,
    feed: FeedId,
    now: chrono::DateTime<Utc>,
    judge: Option<(&'a RuleSet, FeedFacts)>,
    /// Whether the feed's template is being learned from its new stories.
    learns: bool,
}

enum Upsert {
    Inserted,
    Ignored,
    Updated,
    Unchanged,
}

impl Saver<'_> {
    fn upsert(&self, entry: &ParsedEntry) -> Result<Upsert> {
        let tx = self.tx;
        let hash = content_hash(entry);
        let existing: Option<(i64, i64)> = tx
            .prepare_cached(
                "SELECT id, content_hash FROM articles WHERE feed_id = ?1 AND guid = ?2",
            )?
            .query_row(params![self.feed.0, entry.guid], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })
            .optional()?;
        match existing {
            None if is_dropped(tx, self.feed.0, &entry.guid)? => Ok(Upsert::Unchanged),
            None => self.insert(entry, hash),
            Some((_, old_hash)) if old_hash == hash => Ok(Upsert::Unchanged),
            Some((id, _)) => {
                update_story_content(tx, id, entry, hash)?;
                Ok(Upsert::Updated)
            }
        }
    }

    /// Inserts a new story as the rules have it, or remembers that they ignored it.
    fn insert(&self, entry: &ParsedEntry, hash: i64) -> Result<Upsert> {
        let first_seen = self.now.timestamp();
        let state = match &self.judge {
            None => State::default(),
            Some((rules, facts)) => {
                match rules.judge(&story_of(entry, first_seen, facts), self.now) {
                    Verdict::Ignore => {
                        remember_dropped(self.tx, self.feed.0, &entry.guid, "ignored")?;
                        return Ok(Upsert::Ignored);
                    }
                    Verdict::Store(state) => state,
                }
            }
        };
        let id = insert_story(
            self.tx,
            &NewStory {
                feed_id: Some(self.feed.0),
                orphan_feed_title: None,
                entry,
                content_hash: hash,
                first_seen,
                read: state.read,
                starred: state.starred,
                hidden: state.hidden,
                remote_id: None,
            },
        )?;
        add_story_tags(self.tx, id, &state.tags)?;
        if state.download && !entry.enclosures.is_empty() {
            super::downloads::queue(self.tx, &[ArticleId(id)])?;
        }
        if self.learns {
            super::template::learn(self.tx, self.feed, &entry.content_html)?;
        }
        Ok(Upsert::Inserted)
    }
}

/// A new story as the rules see it, first seen at `first_seen` in the feed `feed`.
pub(super) fn story_of<'a>(
    entry: &'a ParsedEntry,
    first_seen: i64,
    feed: &'a FeedFacts,
) -> Story<'a> {
    Story {
        title: &entry.title,
        author: entry.author.as_deref(),
        link: entry.link.as_deref(),
        sort_time: sort_time(
            entry.published.map(|d| d.timestamp()),
            entry.updated.map(|d| d.timestamp()),
            first_seen,
        ),
        has_enclosure: !entry.enclosures.is_empty(),
        feed,
    }
}

/// A fingerprint of everything shown about a story, so an unchanged re-fetch writes nothing.
pub(super) fn content_hash(entry: &ParsedEntry) -> i64 {
    let mut h = SipHasher13::new();
    for part in [
        entry.title.as_str(),
        entry.link.as_deref().unwrap_or(""),
        entry.author.as_deref().unwrap_or(""),
        entry.content_html.as_str(),
        entry.base_url.as_deref().unwrap_or(""),
    ] {
        h.write(part.as_bytes());
        h.write_u8(0xff);
    }
    h.write_i64(entry.published.map_or(i64::MIN, |d| d.timestamp()));
    h.write_i64(entry.updated.map_or(i64::MIN, |d| d.timestamp()));
    h.finish() as i64
}
