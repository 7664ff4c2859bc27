//! Stories: saving a fetched feed, listing, reading state and favourites.

use super::query::Reading;
use super::selection::{Selection, filter_sql, filter_sql_for, set_flag_where};

use chrono::DateTime;
use rusqlite::types::Value;
use rusqlite::{OptionalExtension, Row, params_from_iter};

use super::fetch_state::record_fetch_state;
use super::pages::CURRENT_PAGE;
use super::sync::Flag;
use super::tags::ensure_article;
use super::{
    Article, ArticleFilter, ArticleId, Error, FeedId, FetchOutcome, Result, SaveStats, Store, Story,
};
use crate::feed::{FullText, ParsedFeed};

/// Columns read by [`article_from_row`], in order; `a` is articles, `f` feeds. The tags
/// come in the same row (joined by [`TAG_SEPARATOR`]), not one query per story.
pub(super) const ARTICLE_COLUMNS: &str = "a.id, a.feed_id,
    COALESCE(f.custom_title, f.title, f.url, a.orphan_feed_title, ''),
    a.title, a.link, a.author, COALESCE(a.published, a.updated), a.read, a.starred,
    (SELECT group_concat(t.tag, char(31) ORDER BY t.tag) FROM article_tags t
     WHERE t.article_id = a.id),
    EXISTS (SELECT 1 FROM article_full_text p WHERE p.article_id = a.id AND p.link IS a.link)";

/// Joins tags in one column: a control character, which stored tags never contain.
pub(super) const TAG_SEPARATOR: char = '\u{1f}';

/// The story order: newest first.
const NEWEST_FIRST: &str = "ORDER BY a.sort_time DESC, a.id DESC";

/// The story order backwards, for pages counted from the end.
const OLDEST_FIRST: &str = "ORDER BY a.sort_time ASC, a.id ASC";

impl Store {
    /// Saves one fetch of a feed in one transaction: new stories are added, changed ones
    /// get their new content, and read, starred and tags are never touched.
    pub fn save_feed(&mut self, feed: FeedId, parsed: &ParsedFeed) -> Result<SaveStats> {
        let rules = std::mem::take(&mut self.rules);
        let saved = self.write(|tx| super::save::save_stories(tx, feed, parsed, &rules));
        self.rules = rules;
        saved
    }

    /// Saves a fetched feed's stories and its fetch state (validators, interval, a
    /// permanent redirect) in one transaction, so validators are never stored for stories
    /// that were not. Returns what changed and whether the feed's address moved.
    pub(crate) fn save_fetched(
        &mut self,
        feed: FeedId,
        parsed: &ParsedFeed,
        outcome: &FetchOutcome,
    ) -> Result<(SaveStats, bool)> {
        let rules = std::mem::take(&mut self.rules);
        let saved = self.write(|tx| {
            let stats = super::save::save_stories(tx, feed, parsed, &rules)?;
            let moved = record_fetch_state(tx, feed, outcome)?;
            Ok((stats, moved))
        });
        self.rules = rules;
        saved
    }

    /// Stories matching `filter`, newest first.
    pub fn articles(&self, filter: &ArticleFilter) -> Result<Vec<Article>> {
        self.page(filter, NEWEST_FIRST)
    }

    /// A page of `filter` counted from its oldest story (`filter.offset` stories are
    /// skipped from the end), returned newest first like any other: a page near the end
    /// of a long view is found as quickly as one near its start.
    pub(crate) fn articles_from_end(&self, filter: &ArticleFilter) -> Result<Vec<Article>> {
        let mut articles = self.page(filter, OLDEST_FIRST)?;
        articles.reverse();
        Ok(articles)
    }

    fn page(&self, filter: &ArticleFilter, order: &str) -> Result<Vec<Article>> {
        let reading = if filter.limit.is_some() {
            Reading::Page
        } else {
            Reading::All
        };
        let (conditions, mut args) = filter_sql_for(filter, reading);
        let from = "FROM articles a LEFT JOIN feeds f ON f.id = a.feed_id";
        let sql = if filter.limit.is_some() || filter.offset > 0 {
            // The page's ids come from an index alone, so skipping to the end of a long
            // view never reads the stories it skips.
            let limit = filter
                .limit
                .map_or(-1, |l| i64::try_from(l).unwrap_or(i64::MAX));
            args.push(Value::Integer(limit));
            args.push(Value::Integer(
                i64::try_from(filter.offset).unwrap_or(i64::MAX),
            ));
            let (l, o) = (args.len() - 1, args.len());
            format!(
                "SELECT {ARTICLE_COLUMNS} {from} WHERE a.id IN
                 (SELECT a.id FROM articles a WHERE 1{conditions} {order}
                  LIMIT ?{l} OFFSET ?{o})
                 {order}"
            )
        } else {
            format!("SELECT {ARTICLE_COLUMNS} {from} WHERE 1{conditions} {order}")
        };
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(params_from_iter(args), article_from_row)?;
        let mut articles = rows.collect::<rusqlite::Result<Vec<_>>>()?;
        self.attach_enclosures(&mut articles)?;
        Ok(articles)
    }

    /// How many stories match `filter` (its offset and limit are ignored). Views without
    /// a tag are summed from the per-feed counts, so even the largest costs no scan.
    pub fn count_articles(&self, filter: &ArticleFilter) -> Result<u64> {
        let column = match (filter.unread_only, filter.starred_only) {
            (false, false) => Some("articles"),
            (true, false) => Some("unread"),
            (false, true) => Some("starred"),
            (true, true) => None,
        };
        let count: i64 = if let Some(column) =
            column.filter(|_| filter.tag.is_none() && filter.query.is_none())
        {
            let sql = format!(
                "SELECT COALESCE(SUM({column}), 0) FROM feed_counts
                 WHERE ?1 IS NULL OR feed_id = ?1"
            );
            self.conn
                .query_row(&sql, [filter.feed.map(|f| f.0)], |r| r.get(0))?
        } else {
            let (conditions, args) = filter_sql(filter);
            let sql = format!("SELECT count(*) FROM articles a WHERE 1{conditions}");
            self.conn
                .query_row(&sql, params_from_iter(args), |r| r.get(0))?
        };
        Ok(count.max(0) as u64)
    }

    /// Where in the view of `filter` the nearest unread story after (or, `forward` false,
    /// before) story `from` is, counting from 0; `None` when there is none.
    pub(crate) fn unread_position(
        &self,
        filter: &ArticleFilter,
        from: ArticleId,
        forward: bool,
    ) -> Result<Option<u64>> {
        let (conditions, mut args) = filter_sql(filter);
        args.push(Value::Integer(from.0));
        let n = args.len();
        let (side, order) = if forward { ("<", "DESC") } else { (">", "ASC") };
        let sql = format!(
            "SELECT a.sort_time, a.id FROM articles a WHERE a.read = 0{conditions}
             AND (a.sort_time, a.id) {side} (SELECT sort_time, id FROM articles WHERE id = ?{n})
             ORDER BY a.sort_time {order}, a.id {order} LIMIT 1"
        );
        let found: Option<(i64, i64)> = self
            .conn
            .query_row(&sql, params_from_iter(args), |r| Ok((r.get(0)?, r.get(1)?)))
            .optional()?;
        let Some((time, id)) = found else {
            return Ok(None);
        };
        let (conditions, mut args) = filter_sql(filter);
        args.push(Value::Integer(time));
        args.push(Value::Integer(id));
        let (t, i) = (args.len() - 1, args.len());
        let sql = format!(
            "SELECT count(*) FROM articles a WHERE 1{conditions} AND (a.sort_time, a.id) > (?{t}, ?{i})"
        );
        let before: i64 = self
            .conn
            .query_row(&sql, params_from_iter(args), |r| r.get(0))?;
        Ok(Some(before.max(0) as u64))
    }

    /// One story with its body.
    pub fn story(&self, id: ArticleId) -> Result<Story> {
        let sql = format!(
            "SELECT {ARTICLE_COLUMNS}, a.content, a.base_url, t.html, t.url
             FROM articles a LEFT JOIN feeds f ON f.id = a.feed_id {CURRENT_PAGE}
             WHERE a.id = ?1"
        );
        let found = self
            .conn
            .query_row(&sql, [id.0], |row| {
                let page: (Option<String>, Option<String>) = (row.get(13)?, row.get(14)?);
                Ok(Story {
                    article: article_from_row(row)?,
                    content_html: row.get(11)?,
                    base_url: row.get(12)?,
                    page: page.0.zip(page.1).map(|(html, url)| FullText { html, url }),
                })
            })
            .optional()?;
        let mut story = found.ok_or(Error::ArticleNotFound(id.0))?;
        story.article.enclosures = self.enclosures(id)?;
        Ok(story)
    }

    /// Marks stories read or unread; every id must exist, or nothing changes.
    pub fn set_read(&mut self, ids: &[ArticleId], read: bool) -> Result<usize> {
        self.set_flag(ids, Flag::Read, read)
    }

    /// Stars or unstars stories; every id must exist, or nothing changes.
    pub fn set_starred(&mut self, ids: &[ArticleId], starred: bool) -> Result<usize> {
        self.set_flag(ids, Flag::Star, starred)
    }

    fn set_flag(&mut self, ids: &[ArticleId], flag: Flag, on: bool) -> Result<usize> {
        self.write(|tx| {
            let mut changed = 0;
            for id in ids {
                ensure_article(tx, *id)?;
                changed += set_flag_where(tx, flag, on, &Selection::One(*id))?;
            }
            Ok(changed)
        })
    }

    /// Marks every story matching `filter` read or unread (its offset and limit ignored);
    /// returns how many changed.
    pub(crate) fn set_read_matching(
        &mut self,
        filter: &ArticleFilter,
        read: bool,
    ) -> Result<usize> {
        self.write(|tx| set_flag_where(tx, Flag::Read, read, &Selection::Matching(filter)))
    }

    /// Stars or unstars every story matching `filter` (its offset and limit ignored);
    /// returns how many changed.
    pub(crate) fn set_starred_matching(
        &mut self,
        filter: &ArticleFilter,
        starred: bool,
    ) -> Result<usize> {
        self.write(|tx| set_flag_where(tx, Flag::Star, starred, &Selection::Matching(filter)))
    }

    /// Marks every story matching `filter` read (its offset and limit are ignored);
    /// returns how many changed.
    pub(crate) fn mark_matching_read(&mut self, filter: &ArticleFilter) -> Result<usize> {
        self.write(|tx| set_flag_where(tx, Flag::Read, true, &Selection::Matching(filter)))
    }

    #[cfg(test)]
    /// Marks every story read, or every story of one feed; returns how many changed.
    pub(crate) fn mark_all_read(&mut self, feed: Option<FeedId>) -> Result<usize> {
        let filter = ArticleFilter {
            feed,
            ..ArticleFilter::default()
        };
        self.mark_matching_read(&filter)
    }
}

pub(super) fn article_from_row(row: &Row<'_>) -> rusqlite::Result<Article> {
    let tags: Option<String> = row.get(9)?;
    Ok(Article {
        id: ArticleId(row.get(0)?),
        feed_id: row.get::<_, Option<i64>>(1)?.map(FeedId),
        feed: row.get(2)?,
        title: row.get(3)?,
        link: row.get(4)?,
        author: row.get(5)?,
        published: row
            .get::<_, Option<i64>>(6)?
            .and_then(|t| DateTime::from_timestamp(t, 0)),
        read: row.get(7)?,
        starred: row.get(8)?,
        tags: split_tags(tags.as_deref()),
        full_text: row.get(10)?,
        enclosures: Vec::new(),
    })
}

/// Tags joined by [`TAG_SEPARATOR`] in one column, back as a list.
pub(super) fn split_tags(joined: Option<&str>) -> Vec<String> {
    joined.map_or_else(Vec::new, |j| {
        j.split(TAG_SEPARATOR).map(str::to_owned).collect()
    })
}
