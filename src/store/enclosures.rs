//! Reading back the files stories carry (`enclosures`, written with each story by
//! `rows.rs`): attached to the stories a page lists, in one query per batch of stories.

use std::collections::HashMap;

use rusqlite::params_from_iter;

use super::{Result, Store};
use crate::feed::Enclosure;
use crate::store::{Article, ArticleId};

/// Stories whose enclosures one query reads (SQLite allows many more parameters).
const BATCH: usize = 500;

impl Store {
    /// The enclosures of story `id`, in the feed's order.
    pub fn enclosures(&self, id: ArticleId) -> Result<Vec<Enclosure>> {
        Ok(self
            .enclosures_of(&[id.0])?
            .remove(&id.0)
            .unwrap_or_default())
    }

    /// Fills each article's `enclosures` from the store.
    pub(super) fn attach_enclosures(&self, articles: &mut [Article]) -> Result<()> {
        for chunk in articles.chunks_mut(BATCH) {
            let ids: Vec<i64> = chunk.iter().map(|a| a.id.0).collect();
            let mut found = self.enclosures_of(&ids)?;
            for article in chunk {
                article.enclosures = found.remove(&article.id.0).unwrap_or_default();
            }
        }
        Ok(())
    }

    fn enclosures_of(&self, ids: &[i64]) -> Result<HashMap<i64, Vec<Enclosure>>> {
        let marks = vec!["?"; ids.len()].join(",");
        let sql = format!(
            "SELECT article_id, url, mime, length, duration, title FROM enclosures
             WHERE article_id IN ({marks}) ORDER BY article_id, position"
        );
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map(params_from_iter(ids), |r| {
            let size = |n: Option<i64>| n.and_then(|n| u64::try_from(n).ok());
            Ok((
                r.get::<_, i64>(0)?,
                Enclosure {
                    url: r.get(1)?,
                    mime: r.get(2)?,
                    length: size(r.get(3)?),
                    duration_secs: size(r.get(4)?),
                    title: r.get(5)?,
                },
            ))
        })?;
        let mut found: HashMap<i64, Vec<Enclosure>> = HashMap::new();
        for row in rows {
            let (id, enclosure) = row?;
            found.entry(id).or_default().push(enclosure);
        }
        Ok(found)
    }
}
