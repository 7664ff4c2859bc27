//! Stories' pages as refresh fetches them: which stories of full-text feeds still need
//! their page, keeping a page for the link it was fetched for, and pages that failed,
//! with the time each may be tried again.

use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, Transaction, params, params_from_iter};

use super::{ArticleId, Error, FeedId, Result, Store};
use crate::feed::FullText;

/// Joins a story (`a`) to its page (`t`): the kept page is the story's while the story
/// still has the link it was fetched for. Every read of a story's page goes through it.
pub(super) const CURRENT_PAGE: &str =
    "LEFT JOIN article_full_text t ON t.article_id = a.id AND t.link IS a.link";

/// A story whose page is wanted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageTarget {
    pub id: ArticleId,
    /// The story's link: the page to fetch (untrusted, checked before any request).
    pub link: String,
    /// The feed's address, which decides where the link may lead.
    pub feed_url: String,
}

/// A page that could not be had, as recorded on its story.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageFailure {
    /// The link that failed.
    pub link: String,
    /// Failures in a row for this link.
    pub failures: u32,
    /// Not tried again before this.
    pub next_try: DateTime<Utc>,
    pub last_error: String,
}

impl Store {
    /// The stories of full-text feeds (of `feeds` only, when not empty) with a web link
    /// and no page for it, newest first, leaving out those whose last failure asks to
    /// wait past `now`. Stories a rule hid are left alone.
    pub fn page_targets(&self, now: DateTime<Utc>, feeds: &[FeedId]) -> Result<Vec<PageTarget>> {
        let only = if feeds.is_empty() {
            String::new()
        } else {
            let marks = (0..feeds.len())
                .map(|i| format!("?{}", i + 2))
                .collect::<Vec<_>>()
                .join(", ");
            format!(" AND a.feed_id IN ({marks})")
        };
        let sql = format!(
            "SELECT a.id, a.link, f.url FROM feeds f JOIN articles a ON a.feed_id = f.id
             {CURRENT_PAGE}
             WHERE f.full_text = 1 AND a.hidden = 0 AND t.article_id IS NULL
               AND (a.link LIKE 'http://%' OR a.link LIKE 'https://%'){only}
               AND NOT EXISTS (SELECT 1 FROM page_failures p
                   WHERE p.article_id = a.id AND p.link = a.link AND p.next_try > ?1)
             ORDER BY a.sort_time DESC, a.id DESC"
        );
        let args = std::iter::once(now.timestamp()).chain(feeds.iter().map(|f| f.0));
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(params_from_iter(args), |r| {
            Ok(PageTarget {
                id: ArticleId(r.get(0)?),
                link: r.get(1)?,
                feed_url: r.get(2)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Keeps the page fetched for story `id` while it had link `link`. Returns false,
    /// keeping nothing, when the story's link has changed since (the page is not its
    /// page any more); an unknown story is an error.
    pub fn save_page(&mut self, id: ArticleId, link: &str, text: &FullText) -> Result<bool> {
        self.write(|tx| save_page_row(tx, id, Some(link), text))
    }

    /// Records that the page of story `id` (at `link`) could not be had; `next_try` gets
    /// the number of failures in a row for that link and says when to try again.
    pub fn record_page_failure(
        &mut self,
        id: ArticleId,
        link: &str,
        error: &str,
        next_try: impl FnOnce(u32) -> DateTime<Utc>,
    ) -> Result<u32> {
        self.write(|tx| {
            let before: Option<i64> = tx
                .query_row(
                    "SELECT failures FROM page_failures WHERE article_id = ?1 AND link = ?2",
                    params![id.0, link],
                    |r| r.get(0),
                )
                .optional()?;
            let failures = before.unwrap_or(0).max(0) as u32 + 1;
            let stored = tx.execute(
                "INSERT OR REPLACE INTO page_failures
                     (article_id, link, failures, next_try, last_error)
                 SELECT id, ?2, ?3, ?4, ?5 FROM articles WHERE id = ?1",
                params![id.0, link, failures, next_try(failures).timestamp(), error],
            )?;
            if stored == 0 {
                return Err(Error::ArticleNotFound(id.0));
            }
            Ok(failures)
        })
    }

    /// The failure recorded on story `id`'s page, if any.
    pub fn page_failure(&self, id: ArticleId) -> Result<Option<PageFailure>> {
        let found = self
            .conn
            .query_row(
                "SELECT failures, next_try, last_error, link FROM page_failures
                 WHERE article_id = ?1",
                [id.0],
                |r| {
                    Ok(PageFailure {
                        link: r.get(3)?,
                        failures: r.get::<_, i64>(0)?.max(0) as u32,
                        next_try: DateTime::from_timestamp(r.get(1)?, 0).unwrap_or_default(),
                        last_error: r.get(2)?,
                    })
                },
            )
            .optional()?;
        Ok(found)
    }
}

/// Keeps `text` as story `id`'s page, for `link` (`None`: the link the story has now),
/// replacing any page kept before; forgets a failure, marks the story for the search
/// index (which holds the page's words from now on) and counts the page's blocks for
/// the feed's template. False when the story no longer has `link`.
pub(super) fn save_page_row(
    tx: &Transaction<'_>,
    id: ArticleId,
    link: Option<&str>,
    text: &FullText,
) -> Result<bool> {
    let found: Option<(Option<String>, Option<i64>)> = tx
        .query_row(
            "SELECT link, feed_id FROM articles WHERE id = ?1",
            [id.0],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let (current, feed) = found.ok_or(Error::ArticleNotFound(id.0))?;
    if link.is_some_and(|link| current.as_deref() != Some(link)) {
        return Ok(false);
    }
    tx.execute(
        "INSERT OR REPLACE INTO article_full_text (article_id, html, url, fetched, link)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![id.0, text.html, text.url, Utc::now().timestamp(), current],
    )?;
    tx.execute("DELETE FROM page_failures WHERE article_id = ?1", [id.0])?;
    tx.execute("UPDATE articles SET indexed = 0 WHERE id = ?1", [id.0])?;
    if let Some(feed) = feed {
        // Pages teach the feed's template too: a site's page furniture recurs in them.
        super::template::learn(tx, FeedId(feed), &text.html)?;
    }
    Ok(true)
}

#[cfg(test)]
mod tests;
