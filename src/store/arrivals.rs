//! Which stories a refresh or sync brought: a [`Mark`] taken before, the stories stored
//! after it, from feeds that had stories before (a feed's first fetch is not news).

use std::collections::HashSet;

use super::{ArticleId, FeedId, Result, Store};

/// Where the stories stood before a refresh: the newest story's id, and the feeds that
/// had any.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Mark {
    last: i64,
    feeds: HashSet<FeedId>,
}

/// A story stored after a [`Mark`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Arrival {
    pub id: ArticleId,
    pub feed: FeedId,
    /// As stored: not yet sanitized for a terminal or a program.
    pub title: String,
}

impl Store {
    /// Notes where the stories stand, for [`Store::arrivals`] after a refresh.
    pub fn arrival_mark(&self) -> Result<Mark> {
        let last: i64 =
            self.conn
                .query_row("SELECT COALESCE(MAX(id), 0) FROM articles", [], |r| {
                    r.get(0)
                })?;
        let mut stmt = self
            .conn
            .prepare("SELECT feed_id FROM feed_counts WHERE articles > 0 AND feed_id > 0")?;
        let feeds = stmt
            .query_map([], |r| Ok(FeedId(r.get(0)?)))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(Mark { last, feeds })
    }

    /// The stories stored since `mark` (row ids only grow) in feeds that had stories at
    /// `mark`, oldest first.
    pub fn arrivals(&self, mark: &Mark) -> Result<Vec<Arrival>> {
        let mut stmt = self.conn.prepare(
            "SELECT id, feed_id, title FROM articles
             WHERE id > ?1 AND feed_id IS NOT NULL ORDER BY id",
        )?;
        let rows = stmt.query_map([mark.last], |r| {
            Ok(Arrival {
                id: ArticleId(r.get(0)?),
                feed: FeedId(r.get(1)?),
                title: r.get(2)?,
            })
        })?;
        let mut arrivals = Vec::new();
        for row in rows {
            let row = row?;
            if mark.feeds.contains(&row.feed) {
                arrivals.push(row);
            }
        }
        Ok(arrivals)
    }
}
