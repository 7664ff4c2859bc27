//! Store behaviour through its public API, on in-memory and temporary databases.

use super::*;
use crate::feed::{FeedKind, ParsedEntry, ParsedFeed};

fn entry(guid: &str, title: &str, content: &str, day: u32) -> ParsedEntry {
    ParsedEntry {
        guid: guid.into(),
        link: Some(format!("http://example.com/{guid}")),
        title: title.into(),
        author: None,
        published: chrono::NaiveDate::from_ymd_opt(2017, 5, day)
            .and_then(|d| d.and_hms_opt(12, 0, 0))
            .map(|d| d.and_utc()),
        updated: None,
        content_html: content.into(),
        base_url: None,
        categories: vec![],
        enclosures: Vec::new(),
    }
}

fn feed_of(entries: Vec<ParsedEntry>) -> ParsedFeed {
    ParsedFeed {
        kind: FeedKind::Rss2,
        title: Some("Example".into()),
        link: Some("http://example.com/".into()),
        ttl_minutes: None,
        entries,
        warning: None,
    }
}

fn store_with_feed() -> (Store, FeedId) {
    let mut store = Store::open_in_memory().unwrap();
    let id = store
        .add_feed(&NewFeed {
            url: "http://example.com/feed".into(),
            ..NewFeed::default()
        })
        .unwrap();
    (store, id)
}

#[test]
fn save_feed_counts_new_and_updated_stories() {
    let (mut store, feed) = store_with_feed();
    let first = store
        .save_feed(feed, &feed_of(vec![entry("a", "A", "<p>one</p>", 1)]))
        .unwrap();
    assert_eq!(
        first,
        SaveStats {
            new: 1,
            updated: 0,
            ignored: 0
        }
    );
    let same = store
        .save_feed(feed, &feed_of(vec![entry("a", "A", "<p>one</p>", 1)]))
        .unwrap();
    assert_eq!(
        same,
        SaveStats {
            new: 0,
            updated: 0,
            ignored: 0
        }
    );
    let changed = store
        .save_feed(
            feed,
            &feed_of(vec![
                entry("a", "A", "<p>two</p>", 1),
                entry("b", "B", "", 2),
            ]),
        )
        .unwrap();
    assert_eq!(
        changed,
        SaveStats {
            new: 1,
            updated: 1,
            ignored: 0
        }
    );
    assert_eq!(store.feed(feed).unwrap().title.as_deref(), Some("Example"));
}

#[test]
fn changed_content_keeps_read_starred_and_tags() {
    let (mut store, feed) = store_with_feed();
    store
        .save_feed(feed, &feed_of(vec![entry("a", "A", "<p>old</p>", 1)]))
        .unwrap();
    let id = store.articles(&ArticleFilter::default()).unwrap()[0].id;
    store.set_read(&[id], true).unwrap();
    store.set_starred(&[id], true).unwrap();
    store.tag_article(id, &["keep".into()]).unwrap();

    store
        .save_feed(feed, &feed_of(vec![entry("a", "A2", "<p>new</p>", 1)]))
        .unwrap();
    let story = store.story(id).unwrap();
    assert_eq!(story.content_html, "<p>new</p>");
    assert_eq!(story.article.title, "A2");
    assert!(story.article.read && story.article.starred);
    assert_eq!(story.article.tags, vec!["keep".to_string()]);
}

#[test]
fn removing_a_feed_keeps_starred_stories() {
    let (mut store, feed) = store_with_feed();
    store
        .save_feed(
            feed,
            &feed_of(vec![entry("a", "A", "x", 1), entry("b", "B", "y", 2)]),
        )
        .unwrap();
    crate::index::index_pending(&mut store).unwrap();
    let b = store.articles(&ArticleFilter::default()).unwrap()[0].id;
    store.set_starred(&[b], true).unwrap();

    let removal = store.remove_feed(feed).unwrap();
    assert_eq!(
        removal,
        feeds::Removal {
            deleted: 1,
            kept: 1
        }
    );
    let left = store.articles(&ArticleFilter::default()).unwrap();
    assert_eq!(left.len(), 1);
    assert_eq!(left[0].title, "B");
    assert_eq!(
        left[0].feed, "Example",
        "remembers the removed feed's title"
    );
    assert_eq!(left[0].feed_id, None);
    assert!(store.feeds().unwrap().is_empty());
}

#[test]
fn find_feed_by_id_url_or_title() {
    let (mut store, feed) = store_with_feed();
    store.save_feed(feed, &feed_of(vec![])).unwrap();
    assert_eq!(store.find_feed(&feed.to_string()).unwrap(), feed);
    assert_eq!(store.find_feed("http://example.com/feed").unwrap(), feed);
    assert_eq!(store.find_feed("example").unwrap(), feed);
    assert!(matches!(
        store.find_feed("nope"),
        Err(Error::FeedNotFound(_))
    ));
}

#[test]
fn import_is_all_or_nothing_and_merges_tags() {
    let (mut store, feed) = store_with_feed();
    let stats = store
        .import_feeds(&[
            NewFeed {
                url: "http://example.com/feed".into(),
                title: None,
                tags: vec!["t".into()],
            },
            NewFeed {
                url: "http://new/".into(),
                title: Some("New".into()),
                tags: vec![],
            },
        ])
        .unwrap();
    assert_eq!(
        stats,
        feeds::ImportStats {
            added: 1,
            existing: 1
        }
    );
    assert_eq!(store.feed(feed).unwrap().tags, vec!["t".to_string()]);
    assert_eq!(store.stats().unwrap().feeds, 2);
}

#[test]
fn flags_on_a_missing_story_change_nothing() {
    let (mut store, feed) = store_with_feed();
    store
        .save_feed(feed, &feed_of(vec![entry("a", "A", "", 1)]))
        .unwrap();
    let id = store.articles(&ArticleFilter::default()).unwrap()[0].id;
    let err = store.set_starred(&[id, ArticleId(999)], true).unwrap_err();
    assert!(matches!(err, Error::ArticleNotFound(999)));
    assert!(
        !store.story(id).unwrap().article.starred,
        "the transaction rolled back"
    );
}

mod counting;
mod eval;
mod files;
mod listing;
mod query;
mod rows;
mod search_index;
mod sync;
mod views;
mod warning;
