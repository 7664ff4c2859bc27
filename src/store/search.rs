//! Full-text search over titles and story text (SQLite FTS5).
//!
//! Indexing is kept off the refresh's critical path: saving a story only marks it
//! `indexed = 0`, and the index catches up later, in batches ([`Store::index_pending`]).
//! Every search first brings the index up to date, so a search right after a refresh
//! finds the new stories. The reader also catches it up in the background, a batch at a
//! time ([`Store::index_batch`]), so its searches rarely have much left to do.

use rusqlite::{ErrorCode, params};

use super::articles::{ARTICLE_COLUMNS, article_from_row};
use super::{Article, Error, Result, Store};
use crate::sanitize;

/// Stories indexed per transaction; small enough to keep other writers waiting briefly.
const INDEX_BATCH: usize = 256;

impl Store {
    /// Adds every new or changed story to the full-text index; returns how many.
    pub fn index_pending(&mut self) -> Result<usize> {
        let mut total = 0;
        loop {
            let done = self.index_batch()?;
            if done == 0 {
                return Ok(total);
            }
            total += done;
        }
    }

    /// Adds one batch of new or changed stories to the index (a short transaction, for
    /// callers that index in the background and let other writers in between); returns
    /// how many it looked at, 0 when nothing is pending.
    pub fn index_batch(&mut self) -> Result<usize> {
        let batch = self.pending_batch()?;
        if batch.is_empty() {
            return Ok(0);
        }
        self.write(|tx| {
            let mut delete = tx.prepare_cached("DELETE FROM article_fts WHERE rowid = ?1")?;
            let mut insert = tx.prepare_cached(
                "INSERT INTO article_fts (rowid, title, body) VALUES (?1, ?2, ?3)",
            )?;
            // The hash check skips a story changed by another process since we read it;
            // it stays pending and is indexed by the next round.
            let mut mark = tx.prepare_cached(
                "UPDATE articles SET indexed = 1 WHERE id = ?1 AND content_hash = ?2",
            )?;
            for doc in &batch {
                if mark.execute(params![doc.id, doc.hash])? == 1 {
                    delete.execute([doc.id])?;
                    insert.execute(params![doc.id, doc.title, doc.body])?;
                }
            }
            Ok(())
        })?;
        Ok(batch.len())
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

    fn pending_batch(&self) -> Result<Vec<Document>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, content_hash, title, content, base_url FROM articles
             WHERE indexed = 0 ORDER BY id LIMIT ?1",
        )?;
        let rows = stmt.query_map([INDEX_BATCH as i64], |r| {
            let html: String = r.get(3)?;
            let base: Option<String> = r.get(4)?;
            Ok(Document {
                id: r.get(0)?,
                hash: r.get(1)?,
                title: r.get(2)?,
                body: sanitize::index_text(&html, base.as_deref()),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Stories matching an FTS5 query (words, `"phrases"`, `prefix*`, `AND`/`OR`/`NOT`),
    /// best match first (a match in the title weighs five times one in the text).
    pub fn search(&mut self, query: &str, limit: Option<usize>) -> Result<Vec<Article>> {
        self.index_pending()?;
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
        rows.collect::<rusqlite::Result<Vec<_>>>()
            .map_err(bad_query)
    }
}

struct Document {
    id: i64,
    hash: i64,
    title: String,
    body: String,
}
