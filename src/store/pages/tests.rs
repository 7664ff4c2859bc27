use std::fmt::Write as _;

use chrono::{Duration, Utc};

use super::*;
use crate::feed::parse_feed;
use crate::store::{ArticleFilter, NewFeed};

/// A full-text feed with two stories (`links` for their links), newest first.
fn store_with(links: [&str; 2]) -> (Store, FeedId, Vec<ArticleId>) {
    let mut store = Store::open_in_memory().unwrap();
    let feed = store
        .add_feed(&NewFeed {
            url: "http://example.com/feed".into(),
            title: None,
            tags: Vec::new(),
        })
        .unwrap();
    store.set_full_text(feed, true).unwrap();
    save(&mut store, feed, links);
    let ids = store
        .articles(&ArticleFilter::default())
        .unwrap()
        .into_iter()
        .map(|a| a.id)
        .collect();
    (store, feed, ids)
}

fn save(store: &mut Store, feed: FeedId, links: [&str; 2]) {
    let mut items = String::new();
    for (i, link) in links.iter().enumerate() {
        let _ = write!(
            items,
            "<item><guid>{i}</guid><title>S{i}</title><link>{link}</link>\
             <pubDate>Tue, 02 May 2017 1{i}:00:00 +0000</pubDate>\
             <description>Teaser</description></item>"
        );
    }
    let xml = format!("<rss version='2.0'><channel><title>t</title>{items}</channel></rss>");
    store
        .save_feed(feed, &parse_feed(xml.as_bytes(), None).unwrap())
        .unwrap();
}

fn page(html: &str) -> FullText {
    FullText {
        html: html.into(),
        url: "http://example.com/page".into(),
    }
}

fn wanted(store: &Store) -> Vec<(ArticleId, String)> {
    store
        .page_targets(Utc::now(), &[])
        .unwrap()
        .into_iter()
        .map(|t| (t.id, t.link))
        .collect()
}

#[test]
fn stories_of_full_text_feeds_want_their_web_pages_newest_first() {
    let (mut store, feed, ids) = store_with(["http://example.com/0", "file:///etc/passwd"]);
    // Only the web link is wanted; the newest story is S1 (the file link).
    assert_eq!(
        wanted(&store),
        [(ids[1], "http://example.com/0".to_owned())]
    );
    let targets = store.page_targets(Utc::now(), &[FeedId(99)]).unwrap();
    assert!(targets.is_empty(), "{targets:?}");
    store.set_full_text(feed, false).unwrap();
    assert!(wanted(&store).is_empty());
}

#[test]
fn a_kept_page_is_not_wanted_again_until_the_link_changes() {
    let (mut store, feed, _) = store_with(["http://example.com/0", "http://example.com/1"]);
    for target in store.page_targets(Utc::now(), &[]).unwrap() {
        assert!(
            store
                .save_page(target.id, &target.link, &page("<p>Page</p>"))
                .unwrap()
        );
    }
    assert!(wanted(&store).is_empty());
    save(
        &mut store,
        feed,
        ["http://example.com/0", "http://example.com/moved"],
    );
    let now_wanted = wanted(&store);
    assert_eq!(now_wanted.len(), 1, "{now_wanted:?}");
    assert_eq!(now_wanted[0].1, "http://example.com/moved");
    // The old page is no longer the story's text, nor does has:full-text find it.
    let story = store.story(now_wanted[0].0).unwrap();
    assert_eq!(story.page, None);
    assert!(!story.article.full_text);
    let with_pages = ArticleFilter {
        query: Some(crate::query::parse("has:full-text").unwrap()),
        ..ArticleFilter::default()
    };
    let found = store.articles(&with_pages).unwrap();
    assert_eq!(found.len(), 1, "{found:?}");
    assert_ne!(found[0].id, now_wanted[0].0);
}

#[test]
fn a_page_for_a_link_the_story_no_longer_has_is_not_kept() {
    let (mut store, _, ids) = store_with(["http://example.com/0", "http://example.com/1"]);
    assert!(
        !store
            .save_page(ids[0], "http://example.com/old", &page("x"))
            .unwrap()
    );
    assert_eq!(store.story(ids[0]).unwrap().page, None);
    assert!(matches!(
        store.save_page(ArticleId(99), "http://x/", &page("x")),
        Err(Error::ArticleNotFound(99))
    ));
}

#[test]
fn a_failed_page_waits_and_counts_its_failures_and_a_kept_page_clears_it() {
    let (mut store, _, ids) = store_with(["http://example.com/0", "http://example.com/1"]);
    let link = "http://example.com/1";
    let later = Utc::now() + Duration::hours(1);
    let n = store
        .record_page_failure(ids[0], link, "boom", |_| later)
        .unwrap();
    assert_eq!(n, 1);
    let n = store
        .record_page_failure(ids[0], link, "boom again", |n| {
            assert_eq!(n, 2);
            later
        })
        .unwrap();
    assert_eq!(n, 2);
    let failure = store.page_failure(ids[0]).unwrap().unwrap();
    assert_eq!(failure.last_error, "boom again");
    assert_eq!(failure.next_try.timestamp(), later.timestamp());
    assert!(!wanted(&store).iter().any(|(id, _)| *id == ids[0]));
    let after = store
        .page_targets(later + Duration::seconds(1), &[])
        .unwrap();
    assert!(after.iter().any(|t| t.id == ids[0]), "{after:?}");

    assert!(store.save_page(ids[0], link, &page("<p>ok</p>")).unwrap());
    assert_eq!(store.page_failure(ids[0]).unwrap(), None);
}

#[test]
fn keeping_a_page_puts_its_words_in_the_index_instead_of_the_teaser() {
    let (mut store, _, ids) = store_with(["http://example.com/0", "http://example.com/1"]);
    crate::index::index_pending(&mut store).unwrap();
    assert!(crate::index::find(&store, "teaser", None).unwrap().len() == 2);
    store
        .save_page(ids[0], "http://example.com/1", &page("<p>Zeppelin</p>"))
        .unwrap();
    assert_eq!(store.unindexed_count().unwrap(), 1);
    crate::index::index_pending(&mut store).unwrap();
    let found = crate::index::find(&store, "zeppelin", None).unwrap();
    assert_eq!(found.iter().map(|a| a.id).collect::<Vec<_>>(), [ids[0]]);
    assert!(found[0].full_text);
    assert_eq!(crate::index::find(&store, "teaser", None).unwrap().len(), 1);
}

#[test]
fn words_read_before_a_newer_page_was_kept_are_not_taken_as_current() {
    let (mut store, _, ids) = store_with(["http://example.com/0", "http://example.com/1"]);
    let pending = store.pending_index(10).unwrap();
    // Meanwhile a page arrives (another process, say).
    store
        .save_page(ids[0], "http://example.com/1", &page("<p>Zeppelin</p>"))
        .unwrap();
    let stale: Vec<crate::store::IndexEntry> = pending
        .into_iter()
        .map(|s| crate::store::IndexEntry {
            id: s.id,
            hash: s.hash,
            title: s.title,
            body: "teaser".into(),
            page_fetched: s.page_fetched,
        })
        .collect();
    store.save_index(&stale).unwrap();
    assert_eq!(
        store.unindexed_count().unwrap(),
        1,
        "the paged story stays pending"
    );
}

#[test]
fn the_migration_keeps_pages_for_the_links_their_stories_have() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v11.db");
    let mut conn = rusqlite::Connection::open(&path).unwrap();
    let tx = conn.transaction().unwrap();
    for sql in &super::super::schema::MIGRATIONS[..11] {
        tx.execute_batch(sql).unwrap();
    }
    tx.execute_batch(
        "INSERT INTO feeds (id, url, added, full_text) VALUES (1, 'http://example.org/feed', 0, 1);
         INSERT INTO articles (id, feed_id, guid, title, link, content, content_hash,
                               first_seen, sort_time, indexed)
             VALUES (1, 1, 'a', 'One', 'http://example.org/1', '<p>x</p>', 7, 0, 0, 1);
         INSERT INTO article_full_text (article_id, html, url, fetched)
             VALUES (1, '<p>Kept page</p>', 'http://example.org/1', 0);
         PRAGMA user_version = 11;",
    )
    .unwrap();
    tx.commit().unwrap();
    drop(conn);

    let store = Store::open(&path).unwrap();
    let story = store.story(ArticleId(1)).unwrap();
    assert_eq!(
        story.page.map(|p| p.html).as_deref(),
        Some("<p>Kept page</p>")
    );
    assert!(store.page_targets(Utc::now(), &[]).unwrap().is_empty());
    assert_eq!(store.page_failure(ArticleId(1)).unwrap(), None);
}
