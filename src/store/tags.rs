//! Tags on stories (chosen by the user) and on feeds (from imports and `add --tag`).
//! A feed's tags apply to its stories when filtering.

use rusqlite::{Connection, params};

use super::selection::Selection;
use super::{ArticleFilter, ArticleId, Error, Result, Store};
use crate::sanitize;

impl Store {
    /// Adds `tags` to a story; returns how many were new to it.
    pub(crate) fn tag_article(&mut self, id: ArticleId, tags: &[String]) -> Result<usize> {
        let tags = normalize_tags(tags);
        self.write(|tx| {
            ensure_article(tx, id)?;
            let mut stmt = tx.prepare_cached(
                "INSERT OR IGNORE INTO article_tags (article_id, tag) VALUES (?1, ?2)",
            )?;
            let mut added = 0;
            for tag in &tags {
                added += stmt.execute(params![id.0, tag])?;
            }
            Ok(added)
        })
    }

    /// Adds `tags` to every story matching `filter`, in one transaction; returns how many
    /// (story, tag) pairs were new.
    pub(crate) fn tag_matching(
        &mut self,
        filter: &ArticleFilter,
        tags: &[String],
    ) -> Result<usize> {
        let tags = normalize_tags(tags);
        let (ids_sql, mut args) = Selection::Matching(filter).ids_sql();
        args.push(rusqlite::types::Value::Null);
        let n = args.len();
        let sql = format!(
            "INSERT OR IGNORE INTO article_tags (article_id, tag) SELECT a.id, ?{n} FROM
             ({ids_sql}) a"
        );
        self.write(|tx| {
            let mut stmt = tx.prepare_cached(&sql)?;
            let mut added = 0;
            for tag in &tags {
                args[n - 1] = rusqlite::types::Value::Text(tag.clone());
                added += stmt.execute(rusqlite::params_from_iter(args.iter()))?;
            }
            Ok(added)
        })
    }

    /// Removes `tags` from a story; returns how many it had.
    pub(crate) fn untag_article(&mut self, id: ArticleId, tags: &[String]) -> Result<usize> {
        let tags = normalize_tags(tags);
        self.write(|tx| {
            ensure_article(tx, id)?;
            let mut stmt =
                tx.prepare_cached("DELETE FROM article_tags WHERE article_id = ?1 AND tag = ?2")?;
            let mut removed = 0;
            for tag in &tags {
                removed += stmt.execute(params![id.0, tag])?;
            }
            Ok(removed)
        })
    }

    /// Every tag in use, on stories or feeds, sorted.
    pub(crate) fn all_tags(&self) -> Result<Vec<String>> {
        let mut stmt = self
            .conn
            .prepare("SELECT tag FROM article_tags UNION SELECT tag FROM feed_tags ORDER BY 1")?;
        let tags = stmt
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(tags)
    }
}

impl Store {
    /// Every tag in use with its number of unread stories (tagged, or from a tagged feed).
    /// Feed tags add up the per-feed counts; only stories tagged one by one are counted
    /// here, so the cost follows the number of tagged stories, not the database's size.
    pub(crate) fn tag_unread_counts(&self) -> Result<Vec<(String, u64)>> {
        let mut stmt = self.conn.prepare(
            "SELECT t.tag,
                (SELECT COALESCE(SUM(c.unread), 0) FROM feed_tags ft
                 JOIN feed_counts c ON c.feed_id = ft.feed_id WHERE ft.tag = t.tag)
              + (SELECT count(*) FROM article_tags at JOIN articles a ON a.id = at.article_id
                 WHERE at.tag = t.tag AND a.read = 0 AND NOT EXISTS
                   (SELECT 1 FROM feed_tags ft WHERE ft.tag = t.tag AND ft.feed_id = a.feed_id))
             FROM (SELECT tag FROM article_tags UNION SELECT tag FROM feed_tags) t ORDER BY t.tag",
        )?;
        let counts = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get::<_, i64>(1)?.max(0) as u64)))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(counts)
    }
}

pub(super) fn ensure_article(conn: &Connection, id: ArticleId) -> Result<()> {
    let exists: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM articles WHERE id = ?1)",
        [id.0],
        |r| r.get(0),
    )?;
    if exists {
        Ok(())
    } else {
        Err(Error::ArticleNotFound(id.0))
    }
}

/// Tags as stored: one terminal-safe line each, trimmed, no empties, no duplicates.
pub(super) fn normalize_tags(tags: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::with_capacity(tags.len());
    for tag in tags {
        let tag = sanitize::clean_line(tag);
        if !tag.is_empty() && !out.contains(&tag) {
            out.push(tag);
        }
    }
    out
}
