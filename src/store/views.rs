//! What the reader asks about saved queries once per reload, each in as few statements as
//! it can: the counts of every saved view, and which highlight each listed story takes.

use std::collections::HashMap;

use chrono::Utc;
use rusqlite::params_from_iter;
use rusqlite::types::Value;

use super::{ArticleId, Result, Store};
use crate::query::Query;

/// What one unread story adds to a view's packed count (2^32): stores hold far fewer
/// stories than that.
const UNREAD: i64 = 1 << 32;
const UNREAD_U64: u64 = 1 << 32;

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
    ///
    /// One statement reads every story once, from the covering index of the story list
    /// (migration 10), and sums each view's matches as it goes: twenty views cost about
    /// one pass, where a statement per view would read the table once for each.
    pub fn view_counts<'a>(
        &self,
        queries: impl IntoIterator<Item = &'a Query>,
    ) -> Result<Vec<ViewCount>> {
        let mut args: Vec<Value> = Vec::new();
        let now = Utc::now();
        let sums: Vec<String> = queries
            .into_iter()
            .map(|query| {
                let condition = super::query::condition(query, now, &mut args);
                let condition = if query.mentions_hidden() {
                    condition
                } else {
                    format!("a.hidden = 0 AND ({condition})")
                };
                // Both counts in one sum, so the condition is tested once a story: the
                // total in the low 32 bits, the unread in the high ones.
                format!("COALESCE(sum(iif({condition}, 1 + (a.read = 0) * {UNREAD}, 0)), 0)")
            })
            .collect();
        if sums.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!("SELECT {} FROM articles a", sums.join(", "));
        let mut stmt = self.conn.prepare(&sql)?;
        let packed: Vec<i64> = stmt.query_row(params_from_iter(args), |row| {
            (0..sums.len()).map(|i| row.get(i)).collect()
        })?;
        Ok(packed
            .into_iter()
            .map(|sum| {
                let sum = sum.max(0).unsigned_abs();
                ViewCount {
                    unread: sum / UNREAD_U64,
                    total: sum % UNREAD_U64,
                }
            })
            .collect())
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
