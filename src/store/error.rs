//! Store errors, worded for the person at the terminal.

use std::path::{Path, PathBuf};

use rusqlite::ErrorCode;

/// What can go wrong with the database.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The directory for the database could not be created.
    #[error("creating directory {path}")]
    CreateDir {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The file exists but is not an SQLite database (or is damaged).
    #[error("{path} is not a tidings database: the file is corrupt or of another kind")]
    NotADatabase { path: PathBuf },
    /// Another process held the database longer than the busy timeout.
    #[error("database {path} is locked by another process; try again when it is done")]
    Locked { path: PathBuf },
    /// The disk (or the database's size limit) is full.
    #[error("database {path} is full: free some disk space and try again (nothing was lost)")]
    Full { path: PathBuf },
    /// The file or its directory cannot be written.
    #[error("database {path} is read-only: check the file's and its directory's permissions")]
    ReadOnly { path: PathBuf },
    /// A newer tidings wrote this file.
    #[error(
        "database {path} has schema version {found}, newer than this tidings knows ({known}); upgrade tidings"
    )]
    TooNew {
        path: PathBuf,
        found: i64,
        known: i64,
    },
    /// No feed matched what the user typed.
    #[error("no feed matches '{0}' (give its id, URL or title; `tidings feeds` lists them)")]
    FeedNotFound(String),
    /// Several feeds matched what the user typed.
    #[error("'{query}' matches several feeds ({candidates}); give its id or URL instead")]
    AmbiguousFeed { query: String, candidates: String },
    /// The feed is already subscribed.
    #[error("already subscribed to {0}")]
    DuplicateFeed(String),
    /// No article has this id.
    #[error("no story with id {0}")]
    ArticleNotFound(i64),
    /// FTS5 rejected the search query.
    #[error("invalid search query '{query}': {reason}")]
    BadQuery { query: String, reason: String },
    /// Any other SQLite failure.
    #[error("database error")]
    Sqlite(#[from] rusqlite::Error),
}

impl Error {
    /// Turns an SQLite error into the most specific variant for the file at `path`.
    pub(crate) fn classify(err: rusqlite::Error, path: &Path) -> Self {
        let path = path.to_path_buf();
        match err.sqlite_error_code() {
            Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt) => {
                Self::NotADatabase { path }
            }
            Some(ErrorCode::DatabaseBusy | ErrorCode::DatabaseLocked) => Self::Locked { path },
            Some(ErrorCode::DiskFull) => Self::Full { path },
            Some(ErrorCode::ReadOnly | ErrorCode::CannotOpen) if is_read_only(&err) => {
                Self::ReadOnly { path }
            }
            _ => Self::Sqlite(err),
        }
    }

    /// Re-classifies a raw SQLite error now that the database path is known.
    pub(crate) fn with_path(self, path: &Path) -> Self {
        match self {
            Self::Sqlite(e) => Self::classify(e, path),
            Self::TooNew { found, known, .. } => Self::TooNew {
                path: path.to_path_buf(),
                found,
                known,
            },
            other => other,
        }
    }
}

fn is_read_only(err: &rusqlite::Error) -> bool {
    err.sqlite_error_code() == Some(ErrorCode::ReadOnly)
}
