//! Selections of stories: a filter's SQL conditions, and the stories a change of flag is
//! for, with the one statement that sets a flag and journals it for the sync server.

use std::fmt::Write as _;

use rusqlite::types::Value;
use rusqlite::{Transaction, params_from_iter};

use super::query::Reading;
use super::sync::{Flag, journal_changes};
use super::{ArticleFilter, ArticleId, Result};

/// Which stories a change of flag is for.
pub(super) enum Selection<'a> {
    One(ArticleId),
    /// Every story matching the filter (its offset and limit ignored).
    Matching(&'a ArticleFilter),
}

impl Selection<'_> {
    /// A query yielding the selected stories' ids, and its arguments (numbered from 1).
    pub(super) fn ids_sql(&self) -> (String, Vec<Value>) {
        match self {
            Self::One(id) => (
                "SELECT a.id FROM articles a WHERE a.id = ?1".to_owned(),
                vec![Value::Integer(id.0)],
            ),
            Self::Matching(filter) => {
                let (conditions, args) = filter_sql(filter);
                (
                    format!("SELECT a.id FROM articles a WHERE 1{conditions}"),
                    args,
                )
            }
        }
    }
}

/// Sets `flag` to `value` on the selected stories, journaling the change for the sync
/// server in the same transaction; returns how many changed.
pub(super) fn set_flag_where(
    tx: &Transaction<'_>,
    flag: Flag,
    value: bool,
    selection: &Selection<'_>,
) -> Result<usize> {
    journal_changes(tx, flag, value, selection)?;
    let (ids, mut args) = selection.ids_sql();
    args.push(Value::Integer(value.into()));
    let n = args.len();
    let column = flag.column();
    let sql =
        format!("UPDATE articles SET {column} = ?{n} WHERE {column} != ?{n} AND id IN ({ids})");
    Ok(tx.prepare_cached(&sql)?.execute(params_from_iter(args))?)
}

/// The WHERE conditions (each starting with " AND") and their arguments for `filter`,
/// for a statement that reads every match.
pub(super) fn filter_sql(filter: &ArticleFilter) -> (String, Vec<Value>) {
    filter_sql_for(filter, Reading::All)
}

/// [`filter_sql`] for a statement that reads matches as `reading` says.
pub(super) fn filter_sql_for(filter: &ArticleFilter, reading: Reading) -> (String, Vec<Value>) {
    let mut sql = String::new();
    let mut args: Vec<Value> = Vec::new();
    if filter.unread_only {
        sql.push_str(" AND a.read = 0");
    }
    if filter.starred_only {
        sql.push_str(" AND a.starred = 1");
    }
    if let Some(feed) = filter.feed {
        args.push(Value::Integer(feed.0));
        let _ = write!(sql, " AND a.feed_id = ?{}", args.len());
    }
    if let Some(tag) = &filter.tag {
        args.push(Value::Text(tag.clone()));
        let n = args.len();
        let _ = write!(
            sql,
            " AND (a.id IN (SELECT article_id FROM article_tags WHERE tag = ?{n})
               OR a.feed_id IN (SELECT feed_id FROM feed_tags WHERE tag = ?{n}))"
        );
    }
    match &filter.query {
        Some(query) => {
            if !query.mentions_hidden() {
                sql.push_str(" AND a.hidden = 0");
            }
            let condition =
                super::query::condition_for(query, chrono::Utc::now(), reading, &mut args);
            let _ = write!(sql, " AND ({condition})");
        }
        None => sql.push_str(" AND a.hidden = 0"),
    }
    (sql, args)
}
