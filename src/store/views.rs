//! What the reader asks about saved queries once per reload, each in as few statements as
//! it can: the counts of every saved view, and which highlight each listed story takes.

use std::collections::HashMap;

use chrono::Utc;
use rusqlite::params_from_iter;
use rusqlite::types::Value;

use super::selection::filter_sql;
use super::{ArticleFilter, ArticleId, Result, Store};
use crate::query::Query;

/// How many stories a saved view holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ViewCount {
    pub unread: u64,
    pub total: u64,
}

impl Store {
    /// The unread and total counts of each query, in order, as saved views count them
    /// (hidden stories only when the query names `hidden`). A query with text terms
    /// needs the index caught up first (`crate::index`).
    pub fn view_counts<'a>(
        &self,
        queries: impl IntoIterator<Item = &'a Query>,
    ) -> Result<Vec<ViewCount>> {
        queries
            .into_iter()
            .map(|query| {
                let filter = ArticleFilter {
                    query: Some(query.clone()),
                    ..ArticleFilter::default()
                };
                let (conditions, args) = filter_sql(&filter);
                let sql = format!(
                    "SELECT count(*), COALESCE(sum(a.read = 0), 0)
                     FROM articles a WHERE 1{conditions}"
                );
                let (total, unread): (i64, i64) = self
                    .conn
                    .prepare_cached(&sql)?
                    .query_row(params_from_iter(args), |r| Ok((r.get(0)?, r.get(1)?)))?;
                Ok(ViewCount {
                    unread: unread.max(0).unsigned_abs(),
                    total: total.max(0).unsigned_abs(),
                })
            })
            .collect()
    }

    /// For each story of `ids`, in order, the index of the first of `highlights` whose
    /// query matches it, or `None`: one statement for the whole list, so the reader asks
    /// once per reload of its rows, never per frame.
    pub fn highlights<'a>(
        &self,
        ids: &[ArticleId],
        highlights: impl IntoIterator<Item = &'a Query>,
    ) -> Result<Vec<Option<usize>>> {
        let mut args: Vec<Value> = Vec::new();
        let now = Utc::now();
        let arms: Vec<String> = highlights
            .into_iter()
            .enumerate()
            .map(|(n, query)| {
                let condition = super::query::condition(query, now, &mut args);
                format!("WHEN ({condition}) THEN {n}")
            })
            .collect();
        if arms.is_empty() || ids.is_empty() {
            return Ok(vec![None; ids.len()]);
        }
        // The ids are integers, joined into the statement as numbers, not data.
        let list = ids
            .iter()
            .map(|id| id.0.to_string())
            .collect::<Vec<_>>()
            .join(",");
        let sql = format!(
            "SELECT a.id, CASE {} END FROM articles a WHERE a.id IN ({list})",
            arms.join(" ")
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let found: HashMap<i64, Option<i64>> = stmt
            .query_map(params_from_iter(args), |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(ids
            .iter()
            .map(|id| {
                found
                    .get(&id.0)
                    .copied()
                    .flatten()
                    .and_then(|n| usize::try_from(n).ok())
            })
            .collect())
    }
}
