//! Counts kept by triggers, paging deep into a view, and finding unread stories: checked
//! against plain listings after every kind of change.

use super::*;

/// Three feeds (one tagged "news"), five stories each, some read, starred and tagged.
fn busy_store() -> (Store, Vec<FeedId>) {
    let mut store = Store::open_in_memory().unwrap();
    let mut feeds = Vec::new();
    for (n, tags) in [(0, vec!["news".to_string()]), (1, vec![]), (2, vec![])] {
        let id = store
            .add_feed(&NewFeed {
                url: format!("http://f{n}/"),
                title: None,
                tags,
            })
            .unwrap();
        let entries = (1..=5)
            .map(|d| entry(&format!("{n}-{d}"), &format!("F{n} S{d}"), "", d))
            .collect();
        store.save_feed(id, &feed_of(entries)).unwrap();
        feeds.push(id);
    }
    let all = store.articles(&ArticleFilter::default()).unwrap();
    store
        .set_read(&[all[0].id, all[3].id, all[7].id], true)
        .unwrap();
    store.set_starred(&[all[1].id, all[7].id], true).unwrap();
    // Stories of an untagged feed, tagged one by one (one of them read).
    store
        .tag_article(all[4].id, &["news".into(), "later".into()])
        .unwrap();
    store.tag_article(all[7].id, &["news".into()]).unwrap();
    (store, feeds)
}

/// Every count the store keeps equals a count of the listed stories.
fn assert_counts_match(store: &Store) {
    let all = store.articles(&ArticleFilter::default()).unwrap();
    let stats = store.stats().unwrap();
    assert_eq!(stats.articles, all.len() as u64);
    assert_eq!(stats.unread, all.iter().filter(|a| !a.read).count() as u64);
    assert_eq!(
        stats.starred,
        all.iter().filter(|a| a.starred).count() as u64
    );
    for feed in store.feeds().unwrap() {
        let filter = ArticleFilter {
            feed: Some(feed.id),
            ..Default::default()
        };
        let listed = store.articles(&filter).unwrap();
        assert_eq!(feed.article_count, listed.len() as u64, "feed {}", feed.id);
        assert_eq!(
            feed.unread_count,
            listed.iter().filter(|a| !a.read).count() as u64
        );
        assert_eq!(store.count_articles(&filter).unwrap(), feed.article_count);
    }
    for (tag, unread) in store.tag_unread_counts().unwrap() {
        let filter = ArticleFilter {
            tag: Some(tag.clone()),
            unread_only: true,
            ..Default::default()
        };
        assert_eq!(
            unread,
            store.articles(&filter).unwrap().len() as u64,
            "tag {tag}"
        );
        assert_eq!(store.count_articles(&filter).unwrap(), unread);
    }
    for filter in [
        ArticleFilter::default(),
        ArticleFilter {
            unread_only: true,
            ..Default::default()
        },
        ArticleFilter {
            starred_only: true,
            ..Default::default()
        },
        ArticleFilter {
            unread_only: true,
            starred_only: true,
            ..Default::default()
        },
    ] {
        let listed = store.articles(&filter).unwrap().len() as u64;
        assert_eq!(store.count_articles(&filter).unwrap(), listed, "{filter:?}");
    }
}

#[test]
fn counts_stay_exact_through_every_change() {
    let (mut store, feeds) = busy_store();
    assert_counts_match(&store);
    let first = store.articles(&ArticleFilter::default()).unwrap()[0].id;
    store.set_read(&[first], false).unwrap();
    store.set_starred(&[first], true).unwrap();
    assert_counts_match(&store);
    store.mark_all_read(Some(feeds[1])).unwrap();
    assert_counts_match(&store);
    // New and changed stories in one save.
    let entries = vec![
        entry("1-1", "F1 S1 changed", "<p>new</p>", 1),
        entry("1-9", "F1 S9", "", 9),
    ];
    store.save_feed(feeds[1], &feed_of(entries)).unwrap();
    assert_counts_match(&store);
    // Removing a feed deletes its stories but keeps starred ones as orphans.
    store.remove_feed(feeds[0]).unwrap();
    assert_counts_match(&store);
    store
        .conn
        .execute("DELETE FROM feeds WHERE id = ?1", [feeds[2].0])
        .unwrap();
    assert_counts_match(&store);
}

#[test]
fn counts_of_an_older_database_are_filled_in_by_the_migration() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v1.db");
    let mut conn = rusqlite::Connection::open(&path).unwrap();
    let tx = conn.transaction().unwrap();
    tx.execute_batch(schema::MIGRATIONS[0]).unwrap();
    tx.execute_batch(
        "INSERT INTO feeds (id, url, added) VALUES (1, 'http://a/', 0);
         INSERT INTO articles (feed_id, guid, title, content, content_hash, first_seen, sort_time, read, starred)
         VALUES (1, 'a', 'A', '', 0, 0, 1, 0, 0), (1, 'b', 'B', '', 0, 0, 2, 1, 1),
                (NULL, 'c', 'C', '', 0, 0, 3, 0, 1);
         PRAGMA user_version = 1;",
    )
    .unwrap();
    tx.commit().unwrap();
    drop(conn);
    let store = Store::open(&path).unwrap();
    let stats = store.stats().unwrap();
    assert_eq!((stats.articles, stats.unread, stats.starred), (3, 2, 2));
    assert_counts_match(&store);
}

#[test]
fn a_page_deep_in_a_view_matches_the_full_list() {
    let (store, _) = busy_store();
    for base in [
        ArticleFilter::default(),
        ArticleFilter {
            unread_only: true,
            ..Default::default()
        },
        ArticleFilter {
            tag: Some("news".into()),
            ..Default::default()
        },
    ] {
        let full: Vec<_> = store
            .articles(&base)
            .unwrap()
            .into_iter()
            .map(|a| a.id)
            .collect();
        for offset in [0, 1, full.len() - 3, full.len()] {
            let page = ArticleFilter {
                offset,
                limit: Some(3),
                ..base.clone()
            };
            let ids: Vec<_> = store
                .articles(&page)
                .unwrap()
                .into_iter()
                .map(|a| a.id)
                .collect();
            assert_eq!(ids, full[offset..(offset + 3).min(full.len())], "{page:?}");
            let from_end = store.articles_from_end(&page).unwrap();
            let ids: Vec<_> = from_end.into_iter().map(|a| a.id).collect();
            let end = full.len() - offset;
            assert_eq!(
                ids,
                full[end.saturating_sub(3)..end],
                "from the end: {page:?}"
            );
        }
    }
}

#[test]
fn stories_in_a_list_carry_their_tags_sorted() {
    let (store, _) = busy_store();
    let all = store.articles(&ArticleFilter::default()).unwrap();
    assert_eq!(all[4].tags, ["later", "news"]);
    assert!(all[3].tags.is_empty());
    assert_eq!(
        store.story(all[4].id).unwrap().article.tags,
        ["later", "news"]
    );
}

#[test]
fn unread_position_finds_the_nearest_unread_story_either_way() {
    let (store, _) = busy_store();
    let filter = ArticleFilter::default();
    let all = store.articles(&filter).unwrap();
    // Read: 0, 3 and 7.
    assert_eq!(
        store.unread_position(&filter, all[0].id, true).unwrap(),
        Some(1)
    );
    assert_eq!(
        store.unread_position(&filter, all[2].id, true).unwrap(),
        Some(4)
    );
    assert_eq!(
        store.unread_position(&filter, all[8].id, false).unwrap(),
        Some(6)
    );
    assert_eq!(
        store.unread_position(&filter, all[1].id, false).unwrap(),
        None
    );
    let last = all.len() - 1;
    assert_eq!(
        store.unread_position(&filter, all[last].id, true).unwrap(),
        None
    );
    let news = ArticleFilter {
        tag: Some("news".into()),
        ..Default::default()
    };
    let listed = store.articles(&news).unwrap();
    // The news view: 5; 9, 4; 8 (read), 3; 2; 1.
    assert_eq!(
        store.unread_position(&news, listed[2].id, true).unwrap(),
        Some(4)
    );
    assert!(listed[3].read && !listed[4].read);
}

#[test]
fn mark_matching_read_marks_only_the_view() {
    let (mut store, _) = busy_store();
    let news = ArticleFilter {
        tag: Some("news".into()),
        ..Default::default()
    };
    let unread_news = store
        .count_articles(&ArticleFilter {
            unread_only: true,
            ..news.clone()
        })
        .unwrap();
    let before = store.stats().unwrap().unread;
    assert_eq!(store.mark_matching_read(&news).unwrap() as u64, unread_news);
    assert!(store.articles(&news).unwrap().iter().all(|a| a.read));
    assert_eq!(store.stats().unwrap().unread, before - unread_news);
    assert_counts_match(&store);
}

#[test]
fn feed_urls_of_an_older_database_are_made_canonical_by_the_migration() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v4.db");
    let mut conn = rusqlite::Connection::open(&path).unwrap();
    let tx = conn.transaction().unwrap();
    for sql in &schema::MIGRATIONS[..4] {
        tx.execute_batch(sql).unwrap();
    }
    tx.execute_batch(
        "INSERT INTO feeds (id, url, added) VALUES
             (1, 'HTTP://Example.org:80/%66eed', 0),
             (2, 'https://example.net./a#top', 0),
             (3, 'http://example.org/feed', 0);
         PRAGMA user_version = 4;",
    )
    .unwrap();
    tx.commit().unwrap();
    drop(conn);
    let store = Store::open(&path).unwrap();
    let mut urls: Vec<(i64, String)> = store
        .feeds()
        .unwrap()
        .into_iter()
        .map(|f| (f.id.0, f.url))
        .collect();
    urls.sort();
    // Feed 3 was the same feed as feed 1: feed 1 keeps its spelling rather than a clash.
    assert_eq!(
        urls,
        [
            (1, "HTTP://Example.org:80/%66eed".to_owned()),
            (2, "https://example.net/a".to_owned()),
            (3, "http://example.org/feed".to_owned()),
        ]
    );
    assert_eq!(
        store.feed_id_for_url("http://EXAMPLE.org/feed").unwrap(),
        Some(FeedId(3))
    );
}
