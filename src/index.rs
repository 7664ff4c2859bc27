//! The full-text index's words: stories the store holds as HTML are rendered to text
//! (the sanitizer's [`sanitize::index_text`]) here, above the store, in batches short
//! enough that other writers wait only briefly. A search catches the index up first, so
//! it finds stories a refresh stored a moment ago. Words go in, and queries go out, in
//! the spelling of [`search_text`] (Arabic normalized and lightly stemmed).

use std::collections::HashMap;
use std::collections::hash_map::Entry;

use crate::sanitize;
use crate::sanitize::template::Template;
use crate::search_text;
use crate::store::{self, Article, FeedId, IndexEntry, Store};
use crate::story_text;

/// Stories indexed per transaction; small enough to keep other writers waiting briefly.
const BATCH: usize = 256;

/// Indexes one batch of new or changed stories; returns how many it looked at, 0 when
/// nothing is pending.
pub(crate) fn index_batch(store: &mut Store) -> store::Result<usize> {
    let pending = store.pending_index(BATCH)?;
    if pending.is_empty() {
        return Ok(0);
    }
    let mut templates: HashMap<FeedId, Template> = HashMap::new();
    for feed in pending.iter().filter_map(|s| s.feed_id) {
        if let Entry::Vacant(slot) = templates.entry(feed) {
            slot.insert(store.template(feed)?);
        }
    }
    let none = Template::default();
    let entries: Vec<IndexEntry> = pending
        .into_iter()
        .map(|story| {
            // The story's text: its kept page's words replace the feed's teaser, and its
            // feed's template is not indexed.
            let template = story
                .feed_id
                .and_then(|f| templates.get(&f))
                .unwrap_or(&none);
            let text = story_text::of_pending(&story, template);
            let body = sanitize::index_text(&text.html, text.base_url);
            IndexEntry {
                body: search_text::index_string(body),
                title: search_text::index_string(story.title),
                id: story.id,
                hash: story.hash,
                page_fetched: story.page_fetched,
            }
        })
        .collect();
    store.save_index(&entries)?;
    Ok(entries.len())
}

/// Indexes every new or changed story; returns how many.
pub fn index_pending(store: &mut Store) -> store::Result<usize> {
    let mut total = 0;
    loop {
        let done = index_batch(store)?;
        if done == 0 {
            return Ok(total);
        }
        total += done;
    }
}

/// Brings the index up to date, then searches it ([`find`]).
pub fn search(store: &mut Store, query: &str, limit: Option<usize>) -> store::Result<Vec<Article>> {
    index_pending(store)?;
    find(store, query, limit)
}

/// Searches the stories indexed so far (FTS5 syntax; see [`Store::search_indexed`]),
/// the query's words spelled as the index spells them. A rejected query is reported as
/// the user typed it.
pub fn find(store: &Store, query: &str, limit: Option<usize>) -> store::Result<Vec<Article>> {
    store
        .search_indexed(&search_text::fts5_query(query), limit)
        .map_err(|error| match error {
            store::Error::BadQuery { reason, .. } => store::Error::BadQuery {
                query: query.to_owned(),
                reason,
            },
            other => other,
        })
}
