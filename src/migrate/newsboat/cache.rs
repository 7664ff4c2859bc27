//! newsboat's `cache.db` (the schema of 2.21 and later), opened read-only and read in
//! batches so a cache of any size is imported in bounded memory.

use std::path::{Path, PathBuf};

use chrono::DateTime;
use rusqlite::{Connection, OpenFlags, Row};

/// Why the cache could not be read.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("opening newsboat's cache {path} (read-only)")]
    Open {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },
    #[error("{path} is not a newsboat cache of version 2.21 or later: {source}")]
    Schema {
        path: PathBuf,
        #[source]
        source: rusqlite::Error,
    },
    #[error("reading newsboat's cache")]
    Read(#[from] rusqlite::Error),
}

/// A feed as newsboat cached it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CachedFeed {
    pub url: String,
    pub title: Option<String>,
    pub etag: Option<String>,
    /// The server's Last-Modified, as an HTTP date.
    pub last_modified: Option<String>,
}

/// A story as newsboat cached it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CachedItem {
    pub feed_url: String,
    pub guid: String,
    pub title: String,
    pub author: Option<String>,
    pub link: Option<String>,
    /// Seconds since the epoch; newsboat stores 0 for "unknown".
    pub published: i64,
    pub content: String,
    pub unread: bool,
    pub enclosure_url: Option<String>,
    pub enclosure_type: Option<String>,
    /// Flag letters (`s`, `b`, …).
    pub flags: String,
    pub deleted: bool,
    pub base: Option<String>,
}

/// An open cache.
pub struct Cache {
    conn: Connection,
}

const ITEM_COLUMNS: &str = "id, feedurl, guid, title, author, url, pubDate, content, unread,
    enclosure_url, enclosure_type, flags, deleted, base";

impl Cache {
    /// Opens the cache read-only: newsboat's files are never changed (its lock file,
    /// held while newsboat runs, doesn't stop a reader).
    pub fn open(path: &Path) -> Result<Self, Error> {
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )
        .map_err(|source| Error::Open {
            path: path.to_owned(),
            source,
        })?;
        let schema = |source| Error::Schema {
            path: path.to_owned(),
            source,
        };
        conn.prepare(&format!("SELECT {ITEM_COLUMNS} FROM rss_item LIMIT 0"))
            .map_err(schema)?;
        conn.prepare("SELECT rssurl, title, etag, lastmodified FROM rss_feed LIMIT 0")
            .map_err(schema)?;
        Ok(Self { conn })
    }

    /// Every cached feed.
    pub fn feeds(&self) -> Result<Vec<CachedFeed>, Error> {
        let mut stmt = self
            .conn
            .prepare("SELECT rssurl, title, etag, lastmodified FROM rss_feed ORDER BY rssurl")?;
        let rows = stmt.query_map([], |row| {
            let modified: Option<i64> = row.get(3)?;
            Ok(CachedFeed {
                url: row.get(0)?,
                title: non_empty(row.get(1)?),
                etag: non_empty(row.get(2)?),
                last_modified: modified.filter(|m| *m > 0).and_then(http_date),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Hands every story to `each`, `batch` at a time, in id order; stops at the first
    /// error `each` returns.
    pub fn for_each_batch<E: From<Error>>(
        &self,
        batch: usize,
        mut each: impl FnMut(&[CachedItem]) -> Result<(), E>,
    ) -> Result<(), E> {
        let limit = i64::try_from(batch).unwrap_or(i64::MAX);
        let mut stmt = self
            .conn
            .prepare(&format!(
                "SELECT {ITEM_COLUMNS} FROM rss_item WHERE id > ?1 ORDER BY id LIMIT ?2"
            ))
            .map_err(Error::from)?;
        let mut after = i64::MIN;
        loop {
            let mut items = Vec::with_capacity(batch);
            let mut rows = stmt.query([after, limit]).map_err(Error::from)?;
            while let Some(row) = rows.next().map_err(Error::from)? {
                after = row.get(0).map_err(Error::from)?;
                items.push(item(row).map_err(Error::from)?);
            }
            if items.is_empty() {
                return Ok(());
            }
            each(&items)?;
        }
    }
}

fn item(row: &Row<'_>) -> rusqlite::Result<CachedItem> {
    let flags: Option<String> = row.get(11)?;
    Ok(CachedItem {
        feed_url: row.get(1)?,
        guid: row.get(2)?,
        title: row.get::<_, Option<String>>(3)?.unwrap_or_default(),
        author: non_empty(row.get(4)?),
        link: non_empty(row.get(5)?),
        published: row.get::<_, Option<i64>>(6)?.unwrap_or(0),
        content: row.get::<_, Option<String>>(7)?.unwrap_or_default(),
        unread: row.get::<_, Option<i64>>(8)?.unwrap_or(1) != 0,
        enclosure_url: non_empty(row.get(9)?),
        enclosure_type: non_empty(row.get(10)?),
        flags: flags.unwrap_or_default(),
        deleted: row.get::<_, Option<i64>>(12)?.unwrap_or(0) != 0,
        base: non_empty(row.get(13)?),
    })
}

fn non_empty(text: Option<String>) -> Option<String> {
    text.filter(|t| !t.trim().is_empty())
}

/// Seconds since the epoch as an HTTP date (`Sun, 06 Nov 1994 08:49:37 GMT`).
fn http_date(secs: i64) -> Option<String> {
    DateTime::from_timestamp(secs, 0).map(|d| d.format("%a, %d %b %Y %H:%M:%S GMT").to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_dates_are_rfc_7231() {
        assert_eq!(
            http_date(784_111_777).as_deref(),
            Some("Sun, 06 Nov 1994 08:49:37 GMT")
        );
    }

    #[test]
    fn a_file_that_is_not_a_cache_is_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("cache.db");
        Connection::open(&path)
            .unwrap()
            .execute_batch("CREATE TABLE other (x)")
            .unwrap();
        let err = Cache::open(&path)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(err.contains("not a newsboat cache"), "{err}");
        assert!(Cache::open(&dir.path().join("missing.db")).is_err());
    }
}
