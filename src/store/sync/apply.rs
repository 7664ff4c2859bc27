//! Applying what a sync brought back: the server's feed list (adopting feeds fetched
//! here before, removing those gone), its stories (adopting ones fetched here by link) and
//! its flags, except where a local change waits in the journal.

use std::collections::{HashMap, HashSet};

use chrono::Utc;
use rusqlite::{OptionalExtension, Transaction, params, params_from_iter};

use super::super::feeds::remove_feed_in;
use super::super::rows::{NewStory, add_story_tags, insert_story, update_story_content};
use super::super::rules::{RuleSet, Verdict, is_dropped, remember_dropped};
use super::super::save::content_hash;
use super::super::tags::normalize_tags;
use super::judge::Judge;
use super::{Applied, Flag, FlagListing, FlagScope, RemoteArticle, RemoteFeed, SyncBatch};
use crate::store::{FeedId, Result};

pub(super) fn apply(
    tx: &Transaction<'_>,
    batch: &SyncBatch<'_>,
    rules: &RuleSet,
) -> Result<Applied> {
    let now = Utc::now().timestamp();
    if batch.reset {
        tx.execute_batch(
            "UPDATE feeds SET remote_id = NULL WHERE remote_id IS NOT NULL;
             UPDATE articles SET remote_id = NULL WHERE remote_id IS NOT NULL;
             DELETE FROM sync_journal;
             DELETE FROM sync_state;",
        )?;
    }
    tx.execute(
        "INSERT INTO sync_state (id, account) VALUES (1, ?1)
         ON CONFLICT (id) DO UPDATE SET account = excluded.account",
        [batch.account],
    )?;
    let mut applied = Applied::default();
    if let Some(feeds) = batch.feeds {
        apply_feeds(tx, feeds, &mut applied)?;
    }
    let feed_ids = local_feed_ids(tx)?;
    let mut judge = Judge::new(rules);
    for article in batch.articles {
        if apply_article(tx, article, &feed_ids, &mut judge, now)? {
            applied.new_articles += 1;
        }
    }
    let journaled = journaled(tx)?;
    let mut changed = HashSet::new();
    for listing in batch.flags {
        apply_listing(tx, listing, &journaled, &mut changed)?;
    }
    applied.updated = changed.len();
    if let Some(mark) = batch.finished {
        tx.execute(
            "UPDATE sync_state SET last_article_id = max(last_article_id, ?1), last_sync = ?2,
             last_full_reconcile = CASE WHEN ?3 THEN ?2 ELSE last_full_reconcile END
             WHERE id = 1",
            params![mark.last_article_id, now, mark.full_reconcile],
        )?;
    }
    Ok(applied)
}

/// Adds, updates and removes feeds to match the server's list. A feed subscribed before
/// sync was set up is adopted by its URL, keeping its stories.
fn apply_feeds(tx: &Transaction<'_>, feeds: &[RemoteFeed], applied: &mut Applied) -> Result<()> {
    let listed: HashSet<i64> = feeds.iter().map(|f| f.remote_id).collect();
    for feed in feeds {
        let id = local_feed_for(tx, feed, &listed, applied)?;
        tx.prepare_cached(
            "UPDATE feeds SET remote_id = ?2, title = COALESCE(?3, title),
             url = CASE WHEN EXISTS (SELECT 1 FROM feeds WHERE url = ?4 AND id != ?1)
                   THEN url ELSE ?4 END,
             last_fetched = COALESCE(?5, last_fetched), last_error = NULL, failures = 0
             WHERE id = ?1",
        )?
        .execute(params![
            id,
            feed.remote_id,
            feed.title,
            feed.url,
            feed.last_updated.map(|t| t.timestamp())
        ])?;
        tx.prepare_cached("DELETE FROM feed_tags WHERE feed_id = ?1")?
            .execute([id])?;
        let mut tag = tx.prepare_cached("INSERT INTO feed_tags (feed_id, tag) VALUES (?1, ?2)")?;
        for name in normalize_tags(&feed.tags) {
            tag.execute(params![id, name])?;
        }
    }
    let stale: Vec<i64> = {
        let mut stmt = tx.prepare("SELECT id, remote_id FROM feeds WHERE remote_id IS NOT NULL")?;
        stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)))?
            .filter_map(|row| match row {
                Ok((id, remote)) if !listed.contains(&remote) => Some(Ok(id)),
                Ok(_) => None,
                Err(e) => Some(Err(e)),
            })
            .collect::<rusqlite::Result<_>>()?
    };
    for id in stale {
        remove_feed_in(tx, FeedId(id))?;
        applied.feeds_removed += 1;
    }
    Ok(())
}

/// The local feed for a server feed: by its server id, else by URL (a feed subscribed
/// here before sync, or whose server id changed), else a new one.
fn local_feed_for(
    tx: &Transaction<'_>,
    feed: &RemoteFeed,
    listed: &HashSet<i64>,
    applied: &mut Applied,
) -> Result<i64> {
    let by_remote: Option<i64> = tx
        .prepare_cached("SELECT id FROM feeds WHERE remote_id = ?1")?
        .query_row([feed.remote_id], |r| r.get(0))
        .optional()?;
    if let Some(id) = by_remote {
        return Ok(id);
    }
    let url = crate::url_policy::canonical_str(&feed.url);
    let by_url: Option<(i64, Option<i64>)> = tx
        .prepare_cached("SELECT id, remote_id FROM feeds WHERE url = ?1")?
        .query_row([&url], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    if let Some((id, remote)) = by_url
        && remote.is_none_or(|r| !listed.contains(&r))
    {
        return Ok(id);
    }
    tx.prepare_cached("INSERT INTO feeds (url, title, remote_id, added) VALUES (?1, ?2, ?3, ?4)")?
        .execute(params![
            url,
            feed.title,
            feed.remote_id,
            Utc::now().timestamp()
        ])?;
    applied.feeds_added += 1;
    Ok(tx.last_insert_rowid())
}

fn local_feed_ids(tx: &Transaction<'_>) -> Result<HashMap<i64, i64>> {
    let mut stmt = tx.prepare("SELECT remote_id, id FROM feeds WHERE remote_id IS NOT NULL")?;
    let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Stores one story from the server; returns whether it was new (and not ignored by a
/// rule). A story seen before gets its new text, never the server's flags (reconciling
/// does that). A story already stored from the feed itself (same feed and link) is
/// adopted: read or starred in either place stays so, and what the server lacks is
/// journaled to be pushed.
fn apply_article(
    tx: &Transaction<'_>,
    article: &RemoteArticle,
    feed_ids: &HashMap<i64, i64>,
    judge: &mut Judge<'_>,
    now: i64,
) -> Result<bool> {
    let entry = &article.entry;
    let hash = content_hash(entry);
    let feed = article
        .remote_feed
        .and_then(|remote| feed_ids.get(&remote).copied());
    let existing: Option<(i64, i64)> = tx
        .prepare_cached("SELECT id, content_hash FROM articles WHERE remote_id = ?1")?
        .query_row([article.remote_id], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    if let Some((id, old_hash)) = existing {
        if old_hash != hash {
            update_story_content(tx, id, entry, hash)?;
        }
        return Ok(false);
    }
    if let (Some(feed), Some(link)) = (feed, entry.link.as_deref())
        && adopt(tx, article, feed, link, now)?
    {
        return Ok(false);
    }
    // A story a rule ignored stays ignored, however often the server lists it.
    if let Some(feed) = feed
        && is_dropped(tx, feed, &entry.guid)?
    {
        return Ok(false);
    }
    let state = match judge.judge(tx, article, feed, now)? {
        Verdict::Ignore => {
            if let Some(feed) = feed {
                remember_dropped(tx, feed, &entry.guid, "ignored")?;
            }
            return Ok(false);
        }
        Verdict::Store(state) => state,
    };
    let id = insert_story(
        tx,
        &NewStory {
            feed_id: feed,
            orphan_feed_title: if feed.is_none() {
                article.feed_title.as_deref()
            } else {
                None
            },
            entry,
            content_hash: hash,
            first_seen: now,
            read: state.read,
            starred: state.starred,
            hidden: state.hidden,
            remote_id: Some(article.remote_id),
        },
    )?;
    add_story_tags(tx, id, &state.tags)?;
    Ok(true)
}

/// Gives a story fetched locally before sync its server id; returns whether one matched.
fn adopt(
    tx: &Transaction<'_>,
    article: &RemoteArticle,
    feed: i64,
    link: &str,
    now: i64,
) -> Result<bool> {
    let local: Option<(i64, bool, bool)> = tx
        .prepare_cached(
            "SELECT id, read, starred FROM articles
             WHERE feed_id = ?1 AND link = ?2 AND remote_id IS NULL LIMIT 1",
        )?
        .query_row(params![feed, link], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .optional()?;
    let Some((id, read, starred)) = local else {
        return Ok(false);
    };
    tx.prepare_cached("UPDATE articles SET remote_id = ?2, read = ?3, starred = ?4 WHERE id = ?1")?
        .execute(params![
            id,
            article.remote_id,
            read || article.read,
            starred || article.starred
        ])?;
    let mut journal = tx.prepare_cached(
        "INSERT OR REPLACE INTO sync_journal (article_id, field, value, ts) VALUES (?1, ?2, 1, ?3)",
    )?;
    if read && !article.read {
        journal.execute(params![id, Flag::Read.field(), now])?;
    }
    if starred && !article.starred {
        journal.execute(params![id, Flag::Star.field(), now])?;
    }
    Ok(true)
}

/// Stories (and flag) with a change waiting for the server.
fn journaled(tx: &Transaction<'_>) -> Result<HashSet<(i64, Flag)>> {
    let mut stmt = tx.prepare("SELECT article_id, field FROM sync_journal")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))?;
    let mut set = HashSet::new();
    for row in rows {
        let (id, field) = row?;
        if let Some(flag) = Flag::from_field(&field) {
            set.insert((id, flag));
        }
    }
    Ok(set)
}

/// Sets one flag on every story in the listing's scope as the server has it, except
/// where a local change is still waiting to be pushed.
fn apply_listing(
    tx: &Transaction<'_>,
    listing: &FlagListing,
    journaled: &HashSet<(i64, Flag)>,
    changed: &mut HashSet<i64>,
) -> Result<()> {
    let column = listing.flag.column();
    let listed: HashSet<i64> = listing.listed.iter().copied().collect();
    let (sql, args): (String, Vec<i64>) = match &listing.scope {
        FlagScope::All => (
            format!("SELECT id, remote_id, {column} FROM articles WHERE remote_id IS NOT NULL"),
            Vec::new(),
        ),
        FlagScope::Feeds(feeds) => {
            let marks = vec!["?"; feeds.len()].join(", ");
            (
                format!(
                    "SELECT a.id, a.remote_id, a.{column} FROM articles a
                     JOIN feeds f ON f.id = a.feed_id
                     WHERE a.remote_id IS NOT NULL AND f.remote_id IN ({marks})"
                ),
                feeds.clone(),
            )
        }
    };
    let rows: Vec<(i64, i64, bool)> = tx
        .prepare(&sql)?
        .query_map(params_from_iter(args), |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut update =
        tx.prepare_cached(&format!("UPDATE articles SET {column} = ?2 WHERE id = ?1"))?;
    for (id, remote, current) in rows {
        let wanted = if listed.contains(&remote) {
            listing.listed_value
        } else {
            !listing.listed_value
        };
        if wanted != current && !journaled.contains(&(id, listing.flag)) {
            update.execute(params![id, wanted])?;
            changed.insert(id);
        }
    }
    Ok(())
}
