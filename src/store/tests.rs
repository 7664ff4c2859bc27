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
fn articles_are_listed_newest_first_with_filters() {
    let (mut store, feed) = store_with_feed();
    let entries = (1..=5)
        .map(|d| entry(&format!("g{d}"), &format!("T{d}"), "", d))
        .collect();
    store.save_feed(feed, &feed_of(entries)).unwrap();
    let all = store.articles(&ArticleFilter::default()).unwrap();
    let titles: Vec<_> = all.iter().map(|a| a.title.as_str()).collect();
    assert_eq!(titles, ["T5", "T4", "T3", "T2", "T1"]);

    store.set_read(&[all[0].id], true).unwrap();
    store.set_starred(&[all[1].id], true).unwrap();
    let unread = store
        .articles(&ArticleFilter {
            unread_only: true,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(unread.len(), 4);
    let starred = store
        .articles(&ArticleFilter {
            starred_only: true,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(starred[0].title, "T4");
    let limited = store
        .articles(&ArticleFilter {
            limit: Some(2),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(limited.len(), 2);
}

#[test]
fn feed_tags_apply_to_its_stories_when_filtering() {
    let mut store = Store::open_in_memory().unwrap();
    let tagged = store
        .add_feed(&NewFeed {
            url: "http://a/".into(),
            title: None,
            tags: vec!["news".into()],
        })
        .unwrap();
    let other = store
        .add_feed(&NewFeed {
            url: "http://b/".into(),
            ..Default::default()
        })
        .unwrap();
    store
        .save_feed(
            tagged,
            &feed_of(vec![entry("1", "from tagged feed", "", 1)]),
        )
        .unwrap();
    store
        .save_feed(
            other,
            &feed_of(vec![
                entry("2", "tagged story", "", 2),
                entry("3", "plain", "", 3),
            ]),
        )
        .unwrap();
    let story = store
        .articles(&ArticleFilter {
            feed: Some(other),
            ..Default::default()
        })
        .unwrap();
    let tagged_story = story.iter().find(|a| a.title == "tagged story").unwrap().id;
    store.tag_article(tagged_story, &["news".into()]).unwrap();

    let news = store
        .articles(&ArticleFilter {
            tag: Some("news".into()),
            ..Default::default()
        })
        .unwrap();
    let mut titles: Vec<_> = news.iter().map(|a| a.title.clone()).collect();
    titles.sort();
    assert_eq!(titles, ["from tagged feed", "tagged story"]);
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
fn search_finds_phrases_and_prefixes_after_catching_up() {
    let (mut store, feed) = store_with_feed();
    store
        .save_feed(
            feed,
            &feed_of(vec![
                entry(
                    "a",
                    "Ceasefire talks",
                    "<p>Leaders discuss a <b>Syria ceasefire</b> today.</p>",
                    1,
                ),
                entry("b", "Weather", "<p>Sunny in Damascus</p>", 2),
            ]),
        )
        .unwrap();
    assert_eq!(
        crate::index::search(&mut store, "\"syria ceasefire\"", None)
            .unwrap()
            .len(),
        1
    );
    assert_eq!(
        crate::index::search(&mut store, "damas*", None).unwrap()[0].title,
        "Weather"
    );
    assert!(
        crate::index::search(&mut store, "nothinglikethis", None)
            .unwrap()
            .is_empty()
    );
    // A changed story is re-indexed: the old words no longer match.
    store
        .save_feed(
            feed,
            &feed_of(vec![entry("b", "Weather", "<p>Rain in Aleppo</p>", 2)]),
        )
        .unwrap();
    assert!(
        crate::index::search(&mut store, "damascus", None)
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        crate::index::search(&mut store, "aleppo", None)
            .unwrap()
            .len(),
        1
    );
}

#[test]
fn bad_search_syntax_is_a_clear_error() {
    let (mut store, _) = store_with_feed();
    let err = crate::index::search(&mut store, "\"unclosed", None).unwrap_err();
    assert!(matches!(err, Error::BadQuery { .. }), "{err:?}");
    let err = crate::index::search(&mut store, "AND OR", None).unwrap_err();
    assert!(matches!(err, Error::BadQuery { .. }), "{err:?}");
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

#[test]
fn pages_and_counts_follow_the_filter() {
    let (mut store, feed) = store_with_feed();
    let entries = (1..=9)
        .map(|d| entry(&format!("g{d}"), &format!("T{d}"), "", d))
        .collect();
    store.save_feed(feed, &feed_of(entries)).unwrap();
    let page = ArticleFilter {
        offset: 3,
        limit: Some(2),
        ..Default::default()
    };
    let titles: Vec<_> = store
        .articles(&page)
        .unwrap()
        .into_iter()
        .map(|a| a.title)
        .collect();
    assert_eq!(titles, ["T6", "T5"]);
    let tail = ArticleFilter {
        offset: 7,
        ..Default::default()
    };
    assert_eq!(store.articles(&tail).unwrap().len(), 2);
    let first = store
        .articles(&ArticleFilter {
            limit: Some(1),
            ..Default::default()
        })
        .unwrap();
    store.set_read(&[first[0].id], true).unwrap();
    assert_eq!(store.count_articles(&ArticleFilter::default()).unwrap(), 9);
    assert_eq!(
        store
            .count_articles(&ArticleFilter {
                unread_only: true,
                ..Default::default()
            })
            .unwrap(),
        8
    );
}

#[test]
fn tag_unread_counts_include_feed_tags() {
    let mut store = Store::open_in_memory().unwrap();
    let tagged = store
        .add_feed(&NewFeed {
            url: "http://a/".into(),
            title: None,
            tags: vec!["news".into()],
        })
        .unwrap();
    store
        .save_feed(
            tagged,
            &feed_of(vec![entry("1", "x", "", 1), entry("2", "y", "", 2)]),
        )
        .unwrap();
    let ids: Vec<_> = store
        .articles(&ArticleFilter::default())
        .unwrap()
        .iter()
        .map(|a| a.id)
        .collect();
    store.tag_article(ids[0], &["mine".into()]).unwrap();
    store.set_read(&[ids[1]], true).unwrap();
    let counts = store.tag_unread_counts().unwrap();
    assert_eq!(
        counts,
        vec![("mine".to_string(), 1), ("news".to_string(), 1)]
    );
}

mod counting;
mod files;
mod query;
mod rows;
mod search_index;
mod sync;
mod views;
mod warning;
