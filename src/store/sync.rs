//! Sync bookkeeping: the server's ids for feeds and stories, the journal of local read
//! and star changes the server has not confirmed yet, and applying what a sync brought
//! back in one transaction. Provider-neutral: the sync client decides what to ask for.
//!
//! Journal rows are written by the flag setters in `articles.rs` in the same transaction
//! as the change, for stories that have a remote id; users without sync never get any.

mod apply;
mod judge;

use super::rows::timestamp;
use super::selection::Selection;
use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, Transaction, params, params_from_iter};

use super::{ArticleId, FeedId, Result, Store};
use crate::feed::ParsedEntry;

/// A story flag that syncs with the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Flag {
    Read,
    Star,
}

impl Flag {
    /// The `articles` column holding the flag.
    pub(super) fn column(self) -> &'static str {
        match self {
            Self::Read => "read",
            Self::Star => "starred",
        }
    }

    /// The flag's name in `sync_journal.field`.
    pub(super) fn field(self) -> &'static str {
        match self {
            Self::Read => "read",
            Self::Star => "star",
        }
    }

    fn from_field(field: &str) -> Option<Self> {
        match field {
            "read" => Some(Self::Read),
            "star" => Some(Self::Star),
            _ => None,
        }
    }
}

/// A local change the server has not confirmed yet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PendingChange {
    pub article: ArticleId,
    /// The story's id on the server.
    pub remote_id: i64,
    pub flag: Flag,
    pub value: bool,
}

/// Where the last successful sync ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncState {
    /// Provider, server and user the stored remote ids belong to.
    pub account: String,
    /// The highest story id seen on the server: the next sync asks for newer ones.
    pub last_article_id: i64,
    pub last_full_reconcile: Option<DateTime<Utc>>,
    pub last_sync: Option<DateTime<Utc>>,
}

/// A feed as the server lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemoteFeed {
    pub remote_id: i64,
    pub url: String,
    pub title: Option<String>,
    /// Replace the feed's tags (the server's category, say).
    pub tags: Vec<String>,
    /// When the server last fetched it.
    pub last_updated: Option<DateTime<Utc>>,
}

/// A story as the server sends it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemoteArticle {
    pub remote_id: i64,
    /// The server's id of its feed; `None` for stories kept without one (archived).
    pub remote_feed: Option<i64>,
    /// The feed's title, kept for a story without a feed.
    pub feed_title: Option<String>,
    /// Title, link, dates and body; `guid` must be unique for the server's stories.
    pub entry: ParsedEntry,
    pub read: bool,
    pub starred: bool,
}

/// Which stories a [`FlagListing`] covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FlagScope {
    /// Every story with a remote id.
    All,
    /// The stories of these feeds (server ids).
    Feeds(Vec<i64>),
}

/// The server's word on one flag for every story in `scope`: the stories in `listed` have
/// the flag set to `listed_value`, every other one in scope has the opposite.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FlagListing {
    pub flag: Flag,
    pub scope: FlagScope,
    pub listed: Vec<i64>,
    pub listed_value: bool,
}

/// Records where a sync ended; given with its last batch only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SyncMark {
    pub last_article_id: i64,
    /// Every story's flags were reconciled.
    pub full_reconcile: bool,
}

/// What a sync brings back, applied by [`Store::apply_sync`] in one transaction.
#[derive(Debug, Clone, Copy)]
pub struct SyncBatch<'a> {
    pub account: &'a str,
    /// Forget every remote id, pending change and sync state first (another account).
    pub reset: bool,
    /// The server's complete feed list: feeds not in it are removed (starred stories kept).
    pub feeds: Option<&'a [RemoteFeed]>,
    pub articles: &'a [RemoteArticle],
    /// Flags to reconcile. A story with a pending local change keeps it (the user's
    /// latest intent wins until the server has it).
    pub flags: &'a [FlagListing],
    pub finished: Option<SyncMark>,
}

/// What applying a batch changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Applied {
    pub feeds_added: usize,
    pub feeds_removed: usize,
    pub new_articles: usize,
    /// Stories whose read or star state the server changed.
    pub updated: usize,
}

impl Store {
    /// Where the last sync ended; `None` before the first.
    pub(crate) fn sync_state(&self) -> Result<Option<SyncState>> {
        let state = self
            .conn
            .query_row(
                "SELECT account, last_article_id, last_full_reconcile, last_sync
                 FROM sync_state WHERE id = 1",
                [],
                |r| {
                    Ok(SyncState {
                        account: r.get(0)?,
                        last_article_id: r.get(1)?,
                        last_full_reconcile: timestamp(r.get(2)?),
                        last_sync: timestamp(r.get(3)?),
                    })
                },
            )
            .optional()?;
        Ok(state)
    }

    /// Local changes waiting for the server, oldest first.
    pub(crate) fn pending_changes(&self) -> Result<Vec<PendingChange>> {
        let mut stmt = self.conn.prepare(
            "SELECT j.article_id, a.remote_id, j.field, j.value FROM sync_journal j
             JOIN articles a ON a.id = j.article_id
             WHERE a.remote_id IS NOT NULL ORDER BY j.ts, j.article_id, j.field",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, bool>(3)?,
            ))
        })?;
        let mut changes = Vec::new();
        for row in rows {
            let (article, remote_id, field, value) = row?;
            if let Some(flag) = Flag::from_field(&field) {
                changes.push(PendingChange {
                    article: ArticleId(article),
                    remote_id,
                    flag,
                    value,
                });
            }
        }
        Ok(changes)
    }

    /// Drops changes the server confirmed. A row changed again since it was read (the
    /// user flipped the flag back meanwhile) stays, to be pushed next time.
    pub(crate) fn confirm_pushed(&mut self, changes: &[PendingChange]) -> Result<usize> {
        self.write(|tx| {
            let mut stmt = tx.prepare_cached(
                "DELETE FROM sync_journal WHERE article_id = ?1 AND field = ?2 AND value = ?3",
            )?;
            let mut removed = 0;
            for change in changes {
                removed +=
                    stmt.execute(params![change.article.0, change.flag.field(), change.value])?;
            }
            Ok(removed)
        })
    }

    /// Unread and starred stories per synced feed (by server id), counting only stories
    /// that came from the server: what the server's counters are compared with.
    pub(crate) fn synced_flag_counts(&self) -> Result<HashMap<i64, (u64, u64)>> {
        let mut stmt = self.conn.prepare(
            "SELECT f.remote_id, COALESCE(SUM(a.read = 0), 0), COALESCE(SUM(a.starred = 1), 0)
             FROM articles a JOIN feeds f ON f.id = a.feed_id
             WHERE a.remote_id IS NOT NULL AND f.remote_id IS NOT NULL
             GROUP BY f.remote_id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                (
                    r.get::<_, i64>(1)?.max(0) as u64,
                    r.get::<_, i64>(2)?.max(0) as u64,
                ),
            ))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Those of `remote_ids` no story here has, each once, in order.
    pub(crate) fn unknown_remote_ids(&self, remote_ids: &[i64]) -> Result<Vec<i64>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT EXISTS (SELECT 1 FROM articles WHERE remote_id = ?1)")?;
        let mut seen = HashSet::new();
        let mut unknown = Vec::new();
        for &id in remote_ids {
            if seen.insert(id) && !stmt.query_row([id], |r| r.get::<_, bool>(0))? {
                unknown.push(id);
            }
        }
        Ok(unknown)
    }

    /// The server's id of a feed, if it came from the server.
    pub(crate) fn feed_remote_id(&self, feed: FeedId) -> Result<Option<i64>> {
        Ok(self
            .conn
            .query_row("SELECT remote_id FROM feeds WHERE id = ?1", [feed.0], |r| {
                r.get(0)
            })
            .optional()?
            .flatten())
    }

    /// The local feed with this server id.
    pub(crate) fn feed_by_remote_id(&self, remote_id: i64) -> Result<Option<FeedId>> {
        Ok(self
            .conn
            .query_row(
                "SELECT id FROM feeds WHERE remote_id = ?1",
                [remote_id],
                |r| r.get(0),
            )
            .optional()?
            .map(FeedId))
    }

    /// Applies what a sync brought back, all of it or nothing.
    pub(crate) fn apply_sync(&mut self, batch: &SyncBatch<'_>) -> Result<Applied> {
        let rules = std::mem::take(&mut self.rules);
        let applied = self.write(|tx| apply::apply(tx, batch, &rules));
        self.rules = rules;
        applied
    }
}

/// Records a local flag change for the server, in the caller's transaction, for the
/// selected stories that came from the server and whose flag differs from `value`.
/// Called before the change itself.
pub(super) fn journal_changes(
    tx: &Transaction<'_>,
    flag: Flag,
    value: bool,
    selection: &Selection<'_>,
) -> Result<()> {
    let (ids_sql, mut all) = selection.ids_sql();
    let column = flag.column();
    let n = all.len();
    let sql = format!(
        "INSERT INTO sync_journal (article_id, field, value, ts)
         SELECT j.id, ?{}, ?{}, ?{} FROM articles j
         WHERE j.id IN ({ids_sql}) AND j.remote_id IS NOT NULL AND j.{column} != ?{}
         ON CONFLICT (article_id, field) DO UPDATE SET value = excluded.value, ts = excluded.ts",
        n + 1,
        n + 2,
        n + 3,
        n + 2,
    );
    all.push(flag.field().to_owned().into());
    all.push(i64::from(value).into());
    all.push(Utc::now().timestamp().into());
    tx.prepare_cached(&sql)?.execute(params_from_iter(all))?;
    Ok(())
}
