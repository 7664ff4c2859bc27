//! Each feed's learned template (see [`crate::sanitize::template`]): as a story or a page
//! of a full-text feed is stored, the hashes of its blocks are counted for its feed; the
//! blocks that recur in enough of the feed's recent documents are its template, cut
//! before rendering.
//!
//! Only full-text feeds learn: their text comes from web pages (or teasers cut from them),
//! which is where a site's furniture is. Counting every feed's stories doubled the CPU of
//! the 500-feed cold refresh (2.1 s → 4.3 s, benches/refresh.rs), for feeds whose text
//! the publisher wrote for the feed.

use rusqlite::{OptionalExtension, Transaction, params};

use super::{ArticleId, FeedId, Result, Store};
use crate::sanitize::template::{self, MIN_DOCUMENTS, Template, WINDOW};

impl Store {
    /// The template feed `feed` has learned so far (empty for an unknown feed).
    pub fn template(&self, feed: FeedId) -> Result<Template> {
        let total: Option<i64> = self
            .conn
            .query_row(
                "SELECT template_documents FROM feeds WHERE id = ?1",
                [feed.0],
                |r| r.get(0),
            )
            .optional()?;
        let total = total.unwrap_or(0).max(0) as u32;
        let mut stmt = self.conn.prepare_cached(
            "SELECT hash, documents, last_seen FROM feed_blocks
             WHERE feed_id = ?1 AND documents >= ?2",
        )?;
        let rows = stmt.query_map(params![feed.0, MIN_DOCUMENTS], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, i64>(2)?,
            ))
        })?;
        let mut hashes = std::collections::HashSet::new();
        for row in rows {
            let (hash, documents, last_seen) = row?;
            if template::is_template(documents.max(0) as u32, last_seen.max(0) as u32, total) {
                hashes.insert(hash);
            }
        }
        Ok(Template(hashes))
    }

    /// The template of story `id`'s feed (empty once the feed is gone).
    pub fn template_of_story(&self, id: ArticleId) -> Result<Template> {
        let feed: Option<Option<i64>> = self
            .conn
            .query_row("SELECT feed_id FROM articles WHERE id = ?1", [id.0], |r| {
                r.get(0)
            })
            .optional()?;
        match feed.flatten() {
            Some(feed) => self.template(FeedId(feed)),
            None => Ok(Template::default()),
        }
    }
}

/// Whether `feed` learns its template: it has full text on.
pub(super) fn learns(tx: &Transaction<'_>, feed: FeedId) -> Result<bool> {
    let on: Option<bool> = tx
        .query_row("SELECT full_text FROM feeds WHERE id = ?1", [feed.0], |r| {
            r.get(0)
        })
        .optional()?;
    Ok(on.unwrap_or(false))
}

/// Counts the feed's latest stories (up to [`WINDOW`]), oldest first, as [`learn`]
/// would have had full text been on when they came: for a feed whose full text was just
/// turned on (`add --full-text` stores the stories first).
pub(super) fn learn_stored(tx: &Transaction<'_>, feed: FeedId) -> Result<()> {
    let mut stmt = tx.prepare(
        "SELECT content FROM articles WHERE feed_id = ?1 ORDER BY sort_time DESC, id DESC
         LIMIT ?2",
    )?;
    let mut bodies: Vec<String> = stmt
        .query_map(params![feed.0, WINDOW], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    bodies.reverse();
    for body in bodies {
        learn(tx, feed, &body)?;
    }
    Ok(())
}

/// Counts one more document of `feed` (a new story, or a page kept) with the blocks of
/// `html`. Every [`WINDOW`] documents, blocks not seen in the last [`WINDOW`] are
/// forgotten: they can no longer be template, and the table stays small.
pub(super) fn learn(tx: &Transaction<'_>, feed: FeedId, html: &str) -> Result<()> {
    let hashes = template::block_hashes(html);
    let total: Option<i64> = tx
        .query_row(
            "UPDATE feeds SET template_documents = template_documents + 1 WHERE id = ?1
             RETURNING template_documents",
            [feed.0],
            |r| r.get(0),
        )
        .optional()?;
    let Some(total) = total else {
        return Ok(());
    };
    let mut count = tx.prepare_cached(
        "INSERT INTO feed_blocks (feed_id, hash, documents, last_seen) VALUES (?1, ?2, 1, ?3)
         ON CONFLICT (feed_id, hash) DO UPDATE SET documents = documents + 1,
             last_seen = excluded.last_seen",
    )?;
    for hash in hashes {
        count.execute(params![feed.0, hash, total])?;
    }
    if total % i64::from(WINDOW) == 0 {
        tx.execute(
            "DELETE FROM feed_blocks WHERE feed_id = ?1 AND last_seen + ?2 <= ?3",
            params![feed.0, WINDOW, total],
        )?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::feed::parse_feed;
    use crate::store::NewFeed;
    use std::fmt::Write as _;

    const BLURB: &str = "&lt;p&gt;Acme Daily is an independent newsroom.&lt;/p&gt;";

    fn feed_of(store: &mut Store, stories: usize, from: usize) -> FeedId {
        // A new feed has full text on; an existing one keeps its setting.
        let feed = store
            .find_feed("http://example.com/feed")
            .unwrap_or_else(|_| {
                let feed = store
                    .add_feed(&NewFeed {
                        url: "http://example.com/feed".into(),
                        title: None,
                        tags: Vec::new(),
                    })
                    .unwrap();
                store.set_full_text(feed, true).unwrap();
                feed
            });
        let mut items = String::new();
        for i in from..from + stories {
            // Digits don't tell blocks apart: each story's own text differs in letters.
            let topic: String = [i / 26 / 26, i / 26, i]
                .iter()
                .map(|n| char::from(b'a' + (n % 26) as u8))
                .collect();
            let _ = write!(
                items,
                "<item><guid>{i}</guid><title>S{i}</title>\
                 <description>&lt;p&gt;A story about {topic}.&lt;/p&gt;{BLURB}</description></item>"
            );
        }
        let xml = format!("<rss version='2.0'><channel><title>t</title>{items}</channel></rss>");
        store
            .save_feed(feed, &parse_feed(xml.as_bytes(), None).unwrap())
            .unwrap();
        feed
    }

    #[test]
    fn a_block_in_every_story_is_learned_and_unique_ones_are_not() {
        let mut store = Store::open_in_memory().unwrap();
        let feed = feed_of(&mut store, 2, 0);
        assert!(
            store.template(feed).unwrap().0.is_empty(),
            "two stories are not enough"
        );
        feed_of(&mut store, 3, 2);
        let template = store.template(feed).unwrap();
        let blurb = template::block_hashes("<p>Acme Daily is an independent newsroom.</p>");
        assert_eq!(template.0.into_iter().collect::<Vec<_>>(), blurb);
        // Saving the same stories again counts nothing.
        feed_of(&mut store, 5, 0);
        let total: i64 = store
            .conn
            .query_row("SELECT template_documents FROM feeds", [], |r| r.get(0))
            .unwrap();
        assert_eq!(total, 5);
    }

    #[test]
    fn feeds_without_full_text_learn_nothing() {
        let mut store = Store::open_in_memory().unwrap();
        let feed = feed_of(&mut store, 5, 0);
        store.set_full_text(feed, false).unwrap();
        feed_of(&mut store, 5, 5);
        let total: i64 = store
            .conn
            .query_row("SELECT template_documents FROM feeds", [], |r| r.get(0))
            .unwrap();
        assert_eq!(total, 5, "only the stories stored with full text on");
    }

    #[test]
    fn turning_full_text_on_learns_from_the_stories_stored_once() {
        let mut store = Store::open_in_memory().unwrap();
        let feed = feed_of(&mut store, 5, 0);
        store.set_full_text(feed, false).unwrap();
        store
            .conn
            .execute_batch(
                "DELETE FROM feed_blocks;
             UPDATE feeds SET template_documents = 0;",
            )
            .unwrap();
        store.set_full_text(feed, true).unwrap();
        store.set_full_text(feed, true).unwrap();
        let total: i64 = store
            .conn
            .query_row("SELECT template_documents FROM feeds", [], |r| r.get(0))
            .unwrap();
        assert_eq!(total, 5, "each stored story once");
        assert_eq!(store.template(feed).unwrap().0.len(), 1);
    }

    #[test]
    fn blocks_not_seen_for_a_window_are_forgotten() {
        let mut store = Store::open_in_memory().unwrap();
        let feed = feed_of(&mut store, 2 * WINDOW as usize, 0);
        let rows: i64 = store
            .conn
            .query_row("SELECT count(*) FROM feed_blocks", [], |r| r.get(0))
            .unwrap();
        // The blurb, and the own blocks of the last window's stories only.
        assert_eq!(rows, 1 + i64::from(WINDOW));
        assert_eq!(store.template(feed).unwrap().0.len(), 1);
        assert!(store.template(FeedId(99)).unwrap().0.is_empty());
    }
}
