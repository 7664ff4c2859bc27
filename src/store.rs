//! The SQLite store: one file holding feeds, stories, reading state, tags and the
//! full-text index. This is the only module with SQL in it.
//!
//! The database runs in WAL mode with a busy timeout, so the reader, a cron `refresh` and
//! CLI writes can share one file. Every write runs in an `IMMEDIATE` transaction: a
//! killed process leaves either the whole change or none of it.

mod arrivals;
mod articles;
mod downloads;
mod enclosures;
mod error;
mod feeds;
mod fetch_state;
mod full_text;
mod imported;
mod pages;
mod query;
mod retention;
mod rows;
mod rules;
mod save;
mod schema;
mod search;
mod selection;
mod sync;
mod tags;
mod template;
mod types;
mod view_counts;
mod views;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags, TransactionBehavior};

pub use arrivals::{Arrival, Mark};
pub use downloads::{DownloadRow, DownloadState};
pub use error::Error;
pub use fetch_state::{FetchOutcome, FetchTarget};
pub use full_text::FullTextStatus;
pub use imported::{ImportedStory, ImportedValidators, StoryStats};
pub use pages::{PageFailure, PageTarget};
pub use retention::Expiry;
pub use search::{IndexEntry, IndexSource};
pub use sync::{
    Applied, Flag, FlagListing, FlagScope, PendingChange, RemoteArticle, RemoteFeed, SyncBatch,
    SyncMark, SyncState,
};
pub use types::{
    Article, ArticleFilter, ArticleId, FeedId, FeedRow, NewFeed, SaveStats, Stats, Story,
};
pub use view_counts::{Changes, ViewCount, ViewCounter};

/// Result type of store operations.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// How long a write waits for another process's transaction before giving up.
const BUSY_TIMEOUT: Duration = Duration::from_secs(15);

/// An open tidings database.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    /// Applied to the stories each fetch or sync stores (`[[rule]]`).
    rules: rules::RuleSet,
}

/// Prepared statements each connection keeps.
const STATEMENT_CACHE: usize = 64;

impl Store {
    /// Sets the rules applied to the stories later fetches and syncs store.
    pub(crate) fn set_rules(&mut self, rules: Vec<crate::query::Rule>) {
        self.rules = rules::RuleSet::new(rules);
    }

    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Self> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            create_private_dir(dir).map_err(|source| Error::CreateDir {
                path: dir.to_path_buf(),
                source,
            })?;
        }
        create_private_file(path);
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX;
        let conn =
            Connection::open_with_flags(path, flags).map_err(|e| Error::classify(e, path))?;
        Self::init(conn, path.to_path_buf())
    }

    #[cfg(test)]
    /// Opens a private in-memory database, for tests and dry runs.
    pub(crate) fn open_in_memory() -> Result<Self> {
        let conn =
            Connection::open_in_memory().map_err(|e| Error::classify(e, Path::new(":memory:")))?;
        Self::init(conn, PathBuf::from(":memory:"))
    }

    fn init(mut conn: Connection, path: PathBuf) -> Result<Self> {
        let classify = |e| Error::classify(e, &path);
        conn.busy_timeout(BUSY_TIMEOUT).map_err(classify)?;
        // journal_mode is the first statement that reads the file, so a file that is not a
        // database fails here with SQLITE_NOTADB, which classify() words for the user.
        conn.pragma_update_and_check(None, "journal_mode", "WAL", |_| Ok(()))
            .map_err(classify)?;
        conn.execute_batch(
            "PRAGMA synchronous = NORMAL;
             PRAGMA foreign_keys = ON;
             PRAGMA temp_store = MEMORY;",
        )
        .map_err(classify)?;
        query::register_functions(&conn).map_err(|e| e.with_path(&path))?;
        // Room for every statement a refresh repeats for each feed, and a reader's views.
        conn.set_prepared_statement_cache_capacity(STATEMENT_CACHE);
        schema::migrate(&mut conn).map_err(|e| e.with_path(&path))?;
        Ok(Self {
            conn,
            path,
            rules: rules::RuleSet::default(),
        })
    }

    /// The database file this store was opened from.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Runs `f` inside one `IMMEDIATE` transaction: all of its writes land, or none do.
    fn write<T>(&mut self, f: impl FnOnce(&rusqlite::Transaction<'_>) -> Result<T>) -> Result<T> {
        let path = self.path.clone();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| Error::classify(e, &path))?;
        let value = f(&tx).map_err(|e| e.with_path(&path))?;
        tx.commit().map_err(|e| Error::classify(e, &path))?;
        Ok(value)
    }

    /// A number that changes whenever another connection (another process, or another
    /// thread's store) commits to the database; this connection's own writes leave it as
    /// is. It reads no table, so the reader can poll it cheaply to notice outside changes.
    pub(crate) fn data_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .pragma_query_value(None, "data_version", |r| r.get(0))?)
    }

    /// Counts for `tidings stats` and the reader's status bar. Story counts are sums of
    /// the per-feed counts that triggers keep, so this is quick on any database.
    pub fn stats(&self) -> Result<Stats> {
        let conn = &self.conn;
        let count = |sql: &str| -> Result<u64> {
            Ok(conn.query_row(sql, [], |r| r.get::<_, i64>(0))?.max(0) as u64)
        };
        let (articles, unread, starred) = conn.query_row(
            "SELECT COALESCE(SUM(articles), 0), COALESCE(SUM(unread), 0),
                    COALESCE(SUM(starred), 0) FROM feed_counts",
            [],
            |r| {
                Ok((
                    r.get::<_, i64>(0)?,
                    r.get::<_, i64>(1)?,
                    r.get::<_, i64>(2)?,
                ))
            },
        )?;
        Ok(Stats {
            feeds: count("SELECT count(*) FROM feeds")?,
            articles: articles.max(0) as u64,
            unread: unread.max(0) as u64,
            starred: starred.max(0) as u64,
            tags: count(
                "SELECT count(*) FROM (SELECT tag FROM article_tags UNION SELECT tag FROM feed_tags)",
            )?,
            db_bytes: count(
                "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()",
            )?,
        })
    }
}

/// Creates `dir` and its missing parents as 0700: the database holds reading history,
/// saved pages and the sync account. An existing directory's mode is left alone.
fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
}

/// Creates the database file as 0600 if it does not exist yet, before SQLite opens it:
/// SQLite gives its `-wal` and `-shm` files the database file's mode, so they are
/// private too. An existing file is left as it is; any other failure (a read-only
/// directory) is left for SQLite to report, worded as a store error.
fn create_private_file(path: &Path) {
    use std::os::unix::fs::OpenOptionsExt;
    let _ = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path);
}

#[cfg(test)]
mod tests;
