//! The download queue: enclosures queued for `tidings download`, and how each went.

use std::path::{Path, PathBuf};

use chrono::Utc;
use rusqlite::{Transaction, params};

use super::{ArticleId, FeedId, Result, Store};

/// Where one download stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DownloadState {
    Queued,
    /// Started (or interrupted: its `.part` file is resumed next time).
    Downloading,
    Done,
    Failed,
    /// Done, but the file has since been deleted.
    Missing,
}

impl DownloadState {
    /// The name stored and printed.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Queued => "queued",
            Self::Downloading => "downloading",
            Self::Done => "done",
            Self::Failed => "failed",
            Self::Missing => "missing",
        }
    }

    fn parse(text: &str) -> Self {
        match text {
            "downloading" => Self::Downloading,
            "done" => Self::Done,
            "failed" => Self::Failed,
            "missing" => Self::Missing,
            _ => Self::Queued,
        }
    }
}

/// One queued enclosure with its story and feed (raw as stored: sanitize to show).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DownloadRow {
    pub id: i64,
    pub article_id: ArticleId,
    pub feed_id: Option<FeedId>,
    /// The feed's URL, which decides whether the enclosure may be on a private address.
    pub feed_url: Option<String>,
    pub feed_title: String,
    pub story_title: String,
    pub url: String,
    pub mime: Option<String>,
    pub state: DownloadState,
    pub path: Option<PathBuf>,
    pub error: Option<String>,
}

impl Store {
    /// Queues every enclosure of the stories `ids`; one already done stays done, one that
    /// failed or went missing is queued again. Returns how many were queued.
    pub fn queue_downloads(&mut self, ids: &[ArticleId]) -> Result<usize> {
        self.write(|tx| queue(tx, ids))
    }

    /// The whole queue, oldest first.
    pub fn downloads(&self) -> Result<Vec<DownloadRow>> {
        let mut stmt = self.conn.prepare(
            "SELECT d.id, d.article_id, a.feed_id, f.url,
                    COALESCE(f.custom_title, f.title, f.url, a.orphan_feed_title, ''),
                    a.title, d.url, d.mime, d.state, d.path, d.error
             FROM downloads d JOIN articles a ON a.id = d.article_id
             LEFT JOIN feeds f ON f.id = a.feed_id ORDER BY d.queued_at, d.id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(DownloadRow {
                id: r.get(0)?,
                article_id: ArticleId(r.get(1)?),
                feed_id: r.get::<_, Option<i64>>(2)?.map(FeedId),
                feed_url: r.get(3)?,
                feed_title: r.get(4)?,
                story_title: r.get(5)?,
                url: r.get(6)?,
                mime: r.get(7)?,
                state: DownloadState::parse(&r.get::<_, String>(8)?),
                path: r.get::<_, Option<String>>(9)?.map(PathBuf::from),
                error: r.get(10)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Records where download `id` stands, with its file and, when it failed, why.
    pub fn set_download(
        &mut self,
        id: i64,
        state: DownloadState,
        path: Option<&Path>,
        error: Option<&str>,
    ) -> Result<()> {
        let path = path.map(|p| p.to_string_lossy().into_owned());
        self.write(|tx| {
            tx.execute(
                "UPDATE downloads SET state = ?2, path = COALESCE(?3, path), error = ?4
                 WHERE id = ?1",
                params![id, state.as_str(), path, error],
            )?;
            Ok(())
        })
    }
}

/// Queues the enclosures of `ids` inside `tx` (also used when a `download` rule fires).
pub(super) fn queue(tx: &Transaction<'_>, ids: &[ArticleId]) -> Result<usize> {
    let now = Utc::now().timestamp();
    let mut insert = tx.prepare_cached(
        "INSERT INTO downloads (article_id, url, mime, state, queued_at)
         SELECT article_id, url, mime, 'queued', ?2 FROM enclosures WHERE article_id = ?1
         ORDER BY position
         ON CONFLICT (article_id, url) DO UPDATE SET state = 'queued', error = NULL
             WHERE state IN ('failed', 'missing')",
    )?;
    let mut queued = 0;
    for id in ids {
        queued += insert.execute(params![id.0, now])?;
    }
    Ok(queued)
}
