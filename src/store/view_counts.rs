//! The saved views' counts, kept between the reader's reloads. Counting twenty views over
//! 100 000 stories reads every story (110–140 ms, benches/list.rs); the reader reloads
//! after every star or read it writes, which touches one or a few stories. So the counts
//! are kept per chunk of story ids ([`CHUNK_BITS`]), and a reload after a write of known
//! stories counts again only their chunks and the chunks of stories added since (ids are
//! never reused, so new stories have higher ids): about 3 ms (benches/list.rs).
//!
//! Anything else counts everything again: a change the reader did not make (a refresh, a
//! CLI command), a change in the number of stories that the new chunks don't explain (a
//! deletion), other queries, or counts older than [`RECOUNT_AFTER`] (terms such as
//! `newer:7d` move with the clock).

use std::collections::HashMap;
use std::time::{Duration, Instant};

use chrono::Utc;
use rusqlite::params_from_iter;
use rusqlite::types::Value;

use super::{ArticleId, Result, Store};
use crate::query::Query;

/// Stories per chunk: 2^10 ids.
const CHUNK_BITS: u32 = 10;
/// Counts older than this are counted again whatever changed.
const RECOUNT_AFTER: Duration = Duration::from_mins(1);
/// What one unread story adds to a view's packed count (2^32): stores hold far fewer
/// stories than that.
const UNREAD: i64 = 1 << 32;

/// How many stories a saved view holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ViewCount {
    pub unread: u64,
    pub total: u64,
}

/// What changed in the store since the counts were last asked for.
#[derive(Debug, Clone, Copy)]
pub enum Changes<'a> {
    /// Not known: count everything again unless the store says nothing was committed.
    Unknown,
    /// Only these stories changed (and stories may have been added).
    Only(&'a [ArticleId]),
}

/// The counts of a list of queries by chunk of story ids, kept between reloads.
#[derive(Debug, Default)]
pub struct ViewCounter {
    queries: Vec<Query>,
    /// Per chunk (`id >> CHUNK_BITS`): every story's packed count, then each query's.
    chunks: HashMap<i64, Vec<i64>>,
    counted: Option<Counted>,
}

/// How much a call counts again.
enum Plan {
    /// Nothing was committed since: the kept counts hold.
    Keep,
    Chunks(Vec<i64>),
    All,
}

/// The store as it was when the chunks were counted.
#[derive(Debug, Clone, Copy)]
struct Counted {
    data_version: (i64, u64),
    last_id: i64,
    /// When everything was last counted.
    at: Instant,
}

impl ViewCounter {
    /// The sums of every chunk, packed: the stories first, then each query.
    fn totals(&self) -> Vec<i64> {
        let mut totals = vec![0; self.queries.len() + 1];
        for sums in self.chunks.values() {
            for (total, sum) in totals.iter_mut().zip(sums) {
                *total += sum;
            }
        }
        totals
    }
}

impl Store {
    /// The unread and total counts of each of `queries`, in order, as [`Store::view_counts`]
    /// gives them, reusing what `counter` kept from the last call where `changes` allows.
    pub fn count_views(
        &self,
        counter: &mut ViewCounter,
        queries: &[Query],
        changes: Changes<'_>,
    ) -> Result<Vec<ViewCount>> {
        if queries.is_empty() {
            return Ok(Vec::new());
        }
        let (data_version, last_id, stories) = self.shape()?;
        let plan = match (counter.counted, changes) {
            _ if counter.queries != queries => Plan::All,
            (Some(counted), _) if counted.at.elapsed() > RECOUNT_AFTER => Plan::All,
            (Some(counted), _) if counted.data_version == data_version => Plan::Keep,
            (Some(counted), Changes::Only(ids)) => {
                let mut chunks: Vec<i64> = ids.iter().map(|id| id.0 >> CHUNK_BITS).collect();
                chunks.extend((counted.last_id >> CHUNK_BITS)..=(last_id >> CHUNK_BITS));
                Plan::Chunks(chunks)
            }
            _ => Plan::All,
        };
        let at = match &plan {
            Plan::Keep => counter.counted.map_or_else(Instant::now, |c| c.at),
            Plan::Chunks(chunks) => {
                self.recount_chunks(counter, Some(chunks))?;
                counter.counted.map_or_else(Instant::now, |c| c.at)
            }
            Plan::All => {
                counter.queries = queries.to_vec();
                counter.chunks.clear();
                self.recount_chunks(counter, None)?;
                Instant::now()
            }
        };
        counter.counted = Some(Counted {
            data_version,
            last_id,
            at,
        });
        let totals = counter.totals();
        if totals[0] % UNREAD != stories && !matches!(plan, Plan::All) {
            // Stories went that the chunks counted don't know of: count them all.
            counter.counted = None;
            return self.count_views(counter, queries, Changes::Unknown);
        }
        Ok(totals[1..].iter().map(|&sum| unpack(sum)).collect())
    }

    /// What changes when anything is committed (`data_version` for other connections'
    /// commits, the change count for this one's), the newest story id and the number of
    /// stories.
    fn shape(&self) -> Result<((i64, u64), i64, i64)> {
        let (last_id, stories) = self.conn.query_row(
            "SELECT COALESCE(max(id), 0), count(*) FROM articles",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let version = (self.data_version()?, self.conn.total_changes());
        Ok((version, last_id, stories))
    }

    /// Counts `chunks` again (every chunk when `None`) into `counter`.
    fn recount_chunks(&self, counter: &mut ViewCounter, chunks: Option<&[i64]>) -> Result<()> {
        let mut wanted = chunks.unwrap_or_default().to_vec();
        wanted.sort_unstable();
        wanted.dedup();
        let mut args: Vec<Value> = Vec::new();
        let mut sums = vec![packed_sum("1")];
        sums.extend(view_sums(&counter.queries, &mut args));
        // Chunk numbers are integers, joined into the statement as numbers, not data.
        let only = if chunks.is_none() {
            String::new()
        } else {
            let ranges: Vec<String> = wanted
                .iter()
                .map(|c| {
                    let (lo, hi) = (c << CHUNK_BITS, ((c + 1) << CHUNK_BITS) - 1);
                    format!("a.id BETWEEN {lo} AND {hi}")
                })
                .collect();
            format!("WHERE {}", ranges.join(" OR "))
        };
        let sql = format!(
            "SELECT a.id >> {CHUNK_BITS}, {} FROM articles a {only} GROUP BY 1",
            sums.join(", ")
        );
        for chunk in &wanted {
            counter.chunks.remove(chunk);
        }
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(params_from_iter(args), |row| {
            let chunk: i64 = row.get(0)?;
            let sums = (1..=sums.len())
                .map(|i| row.get(i))
                .collect::<rusqlite::Result<Vec<i64>>>()?;
            Ok((chunk, sums))
        })?;
        for row in rows {
            let (chunk, sums) = row?;
            counter.chunks.insert(chunk, sums);
        }
        Ok(())
    }

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
        let queries: Vec<Query> = queries.into_iter().cloned().collect();
        let mut args: Vec<Value> = Vec::new();
        let sums = view_sums(&queries, &mut args);
        if sums.is_empty() {
            return Ok(Vec::new());
        }
        let sql = format!("SELECT {} FROM articles a", sums.join(", "));
        let mut stmt = self.conn.prepare(&sql)?;
        let packed: Vec<i64> = stmt.query_row(params_from_iter(args), |row| {
            (0..sums.len()).map(|i| row.get(i)).collect()
        })?;
        Ok(packed.into_iter().map(unpack).collect())
    }
}

/// Each query's packed sum, as a saved view counts it: hidden stories left out unless
/// the query names `hidden`.
fn view_sums(queries: &[Query], args: &mut Vec<Value>) -> Vec<String> {
    let now = Utc::now();
    queries
        .iter()
        .map(|query| {
            let condition = super::query::condition(query, now, args);
            if query.mentions_hidden() {
                packed_sum(&condition)
            } else {
                packed_sum(&format!("a.hidden = 0 AND ({condition})"))
            }
        })
        .collect()
}

/// Both counts of `condition` in one sum, so the condition is tested once a story: the
/// total in the low 32 bits, the unread in the high ones.
fn packed_sum(condition: &str) -> String {
    format!("COALESCE(sum(iif({condition}, 1 + (a.read = 0) * {UNREAD}, 0)), 0)")
}

fn unpack(sum: i64) -> ViewCount {
    let sum = sum.max(0);
    ViewCount {
        unread: (sum / UNREAD).unsigned_abs(),
        total: (sum % UNREAD).unsigned_abs(),
    }
}
