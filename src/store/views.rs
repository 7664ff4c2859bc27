//! Which `[[highlight]]` each listed story takes, asked once per loaded window of the
//! story list in one statement. (The saved views' counts are in `view_counts`.)

use std::collections::HashMap;

use chrono::Utc;
use rusqlite::params_from_iter;
use rusqlite::types::Value;

use super::{ArticleId, Result, Store};
use crate::query::Query;

impl Store {
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
