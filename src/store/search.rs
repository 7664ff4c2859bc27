//! Full-text search over titles and story text (SQLite FTS5).
//!
//! Indexing is kept off the refresh's critical path: saving a story only marks it
//! `indexed = 0`, and the index catches up later, in batches: [`crate::index`] reads the
//! pending stories, turns them into words and hands them back. The store keeps the
//! index and answers queries; it never renders a story.

use rusqlite::{ErrorCode, params};

use super::articles::{ARTICLE_COLUMNS, article_from_row};
use super::pages::CURRENT_PAGE;
use super::{Article, ArticleId, Error, FeedId, Result, Store};
use crate::feed::FullText;

impl Store {
    /// Up to `limit` stories waiting for the index (new or changed), oldest first, with
    /// their raw title and HTML: the caller turns them into words
    /// ([`crate::index`]), so the store never renders a story.
    pub fn pending_index(&self, limit: usize) -> Result<Vec<IndexSource>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT a.id, a.content_hash, a.title, a.content, a.base_url, t.html, t.url,
                    t.fetched, a.feed_id
             FROM articles a {CURRENT_PAGE} WHERE a.indexed = 0 ORDER BY a.id LIMIT ?1"
        ))?;
        let rows = stmt.query_map([i64::try_from(limit).unwrap_or(i64::MAX)], |r| {
            let page: (Option<String>, Option<String>) = (r.get(5)?, r.get(6)?);
            Ok(IndexSource {
                id: ArticleId(r.get(0)?),
                hash: r.get(1)?,
                title: r.get(2)?,
                html: r.get(3)?,
                base_url: r.get(4)?,
                page: page.0.zip(page.1).map(|(html, url)| FullText { html, url }),
                page_fetched: r.get(7)?,
                feed_id: r.get::<_, Option<i64>>(8)?.map(FeedId),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Puts stories' words in the index, in one short transaction. A story changed by
    /// another process since its words were made (its hash differs, or its page is not
    /// the one read) is skipped: it stays pending for the next round.
    pub fn save_index(&mut self, entries: &[IndexEntry]) -> Result<()> {
        self.write(|tx| {
            let mut delete = tx.prepare_cached("DELETE FROM article_fts WHERE rowid = ?1")?;
            let mut insert = tx.prepare_cached(
                "INSERT INTO article_fts (rowid, title, body) VALUES (?1, ?2, ?3)",
            )?;
            let mut mark = tx.prepare_cached(
                "UPDATE articles SET indexed = 1 WHERE id = ?1 AND content_hash = ?2
                 AND (SELECT t.fetched FROM article_full_text t
                      WHERE t.article_id = ?1 AND t.link IS articles.link) IS ?3",
            )?;
            for entry in entries {
                if mark.execute(params![entry.id.0, entry.hash, entry.page_fetched])? == 1 {
                    delete.execute([entry.id.0])?;
                    insert.execute(params![entry.id.0, entry.title, entry.body])?;
                }
            }
            Ok(())
        })
    }

    /// Stories waiting for the full-text index (counted on a partial index of them).
    pub fn unindexed_count(&self) -> Result<u64> {
        let count: i64 =
            self.conn
                .query_row("SELECT count(*) FROM articles WHERE indexed = 0", [], |r| {
                    r.get(0)
                })?;
        Ok(count.max(0) as u64)
    }

    /// Stories matching an FTS5 query (words, `"phrases"`, `prefix*`, `AND`/`OR`/`NOT`),
    /// best match first (a match in the title weighs five times one in the text), among
    /// the stories indexed so far: [`crate::index::search`] catches the index up first.
    pub fn search_indexed(&self, query: &str, limit: Option<usize>) -> Result<Vec<Article>> {
        let sql = format!(
            "SELECT {ARTICLE_COLUMNS} FROM article_fts
             JOIN articles a ON a.id = article_fts.rowid
             LEFT JOIN feeds f ON f.id = a.feed_id
             WHERE article_fts MATCH ?1
             ORDER BY bm25(article_fts, 5.0, 1.0), a.sort_time DESC LIMIT ?2"
        );
        let limit = limit.map_or(-1, |l| i64::try_from(l).unwrap_or(i64::MAX));
        let bad_query = |e: rusqlite::Error| match e.sqlite_error_code() {
            Some(ErrorCode::Unknown) => Error::BadQuery {
                query: query.to_owned(),
                reason: e.to_string(),
            },
            _ => Error::Sqlite(e),
        };
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt
            .query_map(params![query, limit], article_from_row)
            .map_err(bad_query)?;
        let mut articles = rows
            .collect::<rusqlite::Result<Vec<_>>>()
            .map_err(bad_query)?;
        self.attach_enclosures(&mut articles)?;
        Ok(articles)
    }
}

/// A story waiting for the index, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexSource {
    pub id: ArticleId,
    /// Its content hash when read, to notice a change made meanwhile.
    pub hash: i64,
    pub title: String,
    /// The body the feed sent (untrusted HTML).
    pub html: String,
    pub base_url: Option<String>,
    /// The page kept for the story's link, if any: what [`crate::story_text`] indexes.
    pub page: Option<FullText>,
    /// When that page was kept, to notice a newer one saved meanwhile.
    pub page_fetched: Option<i64>,
    /// Its feed, whose template is cut from its text (`None` once the feed is gone).
    pub feed_id: Option<FeedId>,
}

/// A story's words for the index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IndexEntry {
    pub id: ArticleId,
    /// The [`IndexSource::hash`] the words were made from.
    pub hash: i64,
    pub title: String,
    pub body: String,
    /// The [`IndexSource::page_fetched`] the words were made from.
    pub page_fetched: Option<i64>,
}
