//! Per-reload lookups of saved queries against the hand-checked corpus of `query.rs`:
//! every view's counts in one call, and the first highlight each listed story takes.

use super::query::corpus;
use super::*;
use crate::query;

fn parsed(texts: &[&str]) -> Vec<query::Query> {
    texts
        .iter()
        .map(|t| query::parse(t).unwrap_or_else(|e| panic!("{e}")))
        .collect()
}

#[test]
fn view_counts_give_unread_and_total_of_each_query_in_order() {
    let (store, _) = corpus();
    let queries = parsed(&["tag:news", "starred", "ceasefire", "older:100d", "tag:none"]);
    let counts = store.view_counts(&queries).unwrap();
    let pair = |c: &ViewCount| (c.unread, c.total);
    assert_eq!(
        counts.iter().map(pair).collect::<Vec<_>>(),
        vec![(3, 4), (2, 2), (1, 2), (0, 1), (0, 0)]
    );
    // The same answers as counting each view on its own.
    for (query, count) in queries.iter().zip(&counts) {
        let all = ArticleFilter {
            query: Some(query.clone()),
            ..ArticleFilter::default()
        };
        let unread = ArticleFilter {
            unread_only: true,
            ..all.clone()
        };
        assert_eq!(store.count_articles(&all).unwrap(), count.total);
        assert_eq!(store.count_articles(&unread).unwrap(), count.unread);
    }
}

#[test]
fn view_counts_leave_hidden_stories_out_unless_asked() {
    let (mut store, ids) = corpus();
    store
        .write(|tx| {
            tx.execute(
                "UPDATE articles SET hidden = 1 WHERE id = ?1",
                [ids["a2"].0],
            )?;
            Ok(())
        })
        .unwrap();
    let counts = store.view_counts(&parsed(&["tag:news", "hidden"])).unwrap();
    assert_eq!((counts[0].unread, counts[0].total), (2, 3));
    assert_eq!((counts[1].unread, counts[1].total), (1, 1));
}

#[test]
fn each_story_takes_the_first_highlight_that_matches() {
    let (store, ids) = corpus();
    let highlights = parsed(&["starred", "author:\"PR Wire\"", "tag:news"]);
    let order = ["a1", "a2", "a3", "a4", "b1", "b2", "b3"];
    let list: Vec<ArticleId> = order.iter().map(|n| ids[n]).collect();
    let found = store.highlights(&list, &highlights).unwrap();
    assert_eq!(
        found,
        vec![Some(2), Some(1), Some(0), Some(2), Some(0), Some(1), None]
    );
}

#[test]
fn highlights_match_words_and_pass_over_unknown_ids() {
    let (store, ids) = corpus();
    let highlights = parsed(&["ceasefire", "title:/^A /"]);
    let list = [
        ids["b3"],
        ArticleId(999_999),
        ids["a1"],
        ids["a2"],
        ids["b1"],
    ];
    assert_eq!(
        store.highlights(&list, &highlights).unwrap(),
        vec![Some(1), None, Some(0), None, Some(0)]
    );
}

#[test]
fn no_highlights_or_no_ids_match_nothing() {
    let (store, ids) = corpus();
    assert_eq!(
        store.highlights(&[ids["a1"], ids["b1"]], &[]).unwrap(),
        vec![None, None]
    );
    assert!(
        store
            .highlights(&[], &parsed(&["unread"]))
            .unwrap()
            .is_empty()
    );
}

#[test]
fn a_page_of_a_word_query_lists_the_newest_matches_like_the_whole_list() {
    let (store, _) = corpus();
    for text in [
        "ceasefire",
        "ceasefire or starred",
        "-ceasefire unread",
        "\"a quiet week\"",
    ] {
        let all = ArticleFilter {
            query: Some(query::parse(text).unwrap()),
            ..ArticleFilter::default()
        };
        let page = ArticleFilter {
            limit: Some(2),
            ..all.clone()
        };
        let ids = |f: &ArticleFilter| -> Vec<ArticleId> {
            store.articles(f).unwrap().iter().map(|a| a.id).collect()
        };
        let whole = ids(&all);
        assert!(!whole.is_empty(), "{text}");
        assert_eq!(ids(&page), whole[..whole.len().min(2)], "{text}");
    }
}

#[test]
fn text_terms_find_like_wildcards_and_backslashes_as_written() {
    let (mut store, feed) = store_with_feed();
    store
        .save_feed(
            feed,
            &feed_of(vec![
                entry("g1", "Sale: 50% OFF today", "x", 1),
                entry("g2", "Sale: 5 items off", "x", 2),
                entry("g3", r"C:\Temp_files", "x", 3),
            ]),
        )
        .unwrap();
    let titles = |text: &str| -> Vec<String> {
        let filter = ArticleFilter {
            query: Some(query::parse(text).unwrap()),
            ..ArticleFilter::default()
        };
        let mut titles: Vec<String> = store
            .articles(&filter)
            .unwrap()
            .into_iter()
            .map(|a| a.title)
            .collect();
        titles.sort();
        titles
    };
    assert_eq!(titles(r#"title:"0% off""#), ["Sale: 50% OFF today"]);
    assert!(titles(r#"title:"5_""#).is_empty());
    assert!(titles(r#"title:"5%off""#).is_empty());
    assert_eq!(titles(r#"title:"\temp_""#), [r"C:\Temp_files"]);
}

#[test]
fn the_migration_replaces_the_order_index_by_one_that_covers_query_terms() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v9.db");
    let mut conn = rusqlite::Connection::open(&path).unwrap();
    let tx = conn.transaction().unwrap();
    for sql in &super::super::schema::MIGRATIONS[..9] {
        tx.execute_batch(sql).unwrap();
    }
    tx.execute_batch(
        "INSERT INTO feeds (id, url, added) VALUES (1, 'http://example.org/feed', 0);
         INSERT INTO articles (id, feed_id, guid, title, author, content, content_hash,
                               first_seen, sort_time, indexed)
             VALUES (1, 1, 'a', 'Sponsored: cloud', 'PR Wire', '<p>x</p>', 7, 0, 0, 0);
         PRAGMA user_version = 9;",
    )
    .unwrap();
    tx.commit().unwrap();
    drop(conn);

    let store = Store::open(&path).unwrap();
    let indexes: Vec<String> = store
        .conn
        .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'articles_by_time%'",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert_eq!(indexes, ["articles_by_time_covering"]);
    let counts = store
        .view_counts(&parsed(&["author:wire unread", "title:/^Sponsored/"]))
        .unwrap();
    assert_eq!(
        counts,
        [ViewCount {
            unread: 1,
            total: 1
        }; 2]
    );
    // Counting reads the index alone, never the story rows.
    let plan: String = store
        .conn
        .query_row(
            "EXPLAIN QUERY PLAN SELECT sum(iif(COALESCE(a.author, '') LIKE '%wire%', 1, 0))
             FROM articles a WHERE a.hidden = 0",
            [],
            |r| r.get(3),
        )
        .unwrap();
    assert!(
        plan.contains("COVERING INDEX articles_by_time_covering"),
        "{plan}"
    );
}

/// A feed of `n` stories, every third one starred and every other one read, so its ids
/// span several chunks of the kept counts.
fn add_many(store: &mut Store, url: &str, n: usize) -> (FeedId, Vec<ArticleId>) {
    let feed = store
        .add_feed(&NewFeed {
            url: url.into(),
            ..NewFeed::default()
        })
        .unwrap();
    let entries = (0..n)
        .map(|i| ParsedEntry {
            guid: format!("{url}#{i}"),
            link: Some(format!("{url}/{i}")),
            title: format!("Bulk story {i}"),
            author: None,
            published: Some(
                chrono::Utc::now() - chrono::Duration::hours(i64::try_from(i).unwrap()),
            ),
            updated: None,
            content_html: "<p>bulk</p>".into(),
            base_url: None,
            categories: vec![],
            enclosures: Vec::new(),
        })
        .collect();
    store.save_feed(feed, &feed_of(entries)).unwrap();
    let ids = store
        .articles(&ArticleFilter {
            feed: Some(feed),
            ..ArticleFilter::default()
        })
        .unwrap()
        .iter()
        .map(|a| a.id)
        .collect();
    (feed, ids)
}

#[test]
fn kept_counts_follow_writes_new_stories_and_deletions() {
    let (mut store, names) = corpus();
    let (_, bulk) = add_many(&mut store, "https://bulk.example/feed", 2500);
    let queries = parsed(&[
        "unread",
        "starred",
        "tag:news unread",
        "title:/7$/",
        "-read",
    ]);
    let mut counter = ViewCounter::default();
    let fresh = |store: &Store| store.view_counts(&queries).unwrap();
    let kept = store
        .count_views(&mut counter, &queries, Changes::Unknown)
        .unwrap();
    assert_eq!(kept, fresh(&store));
    let starred = kept[1].total;

    // Writes to named stories, in chunks far apart.
    let touched = [bulk[3], bulk[1800], names["a1"]];
    store.set_starred(&touched, true).unwrap();
    store.set_read(&touched[..2], true).unwrap();
    let kept = store
        .count_views(&mut counter, &queries, Changes::Only(&touched))
        .unwrap();
    assert_eq!(kept, fresh(&store));
    assert_eq!(kept[1].total, starred + 3);

    // New stories come with higher ids: counted without being named.
    add_many(&mut store, "https://more.example/feed", 700);
    let kept = store
        .count_views(&mut counter, &queries, Changes::Only(&[]))
        .unwrap();
    assert_eq!(kept, fresh(&store));

    // A deletion the caller didn't name is noticed by the number of stories.
    let (doomed, _) = add_many(&mut store, "https://doomed.example/feed", 30);
    store
        .count_views(&mut counter, &queries, Changes::Only(&[]))
        .unwrap();
    store.remove_feed(doomed).unwrap();
    let kept = store
        .count_views(&mut counter, &queries, Changes::Only(&[]))
        .unwrap();
    assert_eq!(kept, fresh(&store));
}

#[test]
fn kept_counts_recount_only_what_they_are_told_changed() {
    let (mut store, _) = corpus();
    let (_, bulk) = add_many(&mut store, "https://bulk.example/feed", 2100);
    let queries = parsed(&["starred"]);
    let mut counter = ViewCounter::default();
    let starred = store
        .count_views(&mut counter, &queries, Changes::Unknown)
        .unwrap()[0]
        .total;
    store.set_starred(&[bulk[10], bulk[2000]], true).unwrap();
    // Told only of the first: the second's chunk keeps its count…
    let kept = store
        .count_views(&mut counter, &queries, Changes::Only(&[bulk[10]]))
        .unwrap();
    assert_eq!(kept[0].total, starred + 1);
    // …until a call that is not told what changed counts everything.
    store.set_read(&[bulk[5]], true).unwrap();
    let kept = store
        .count_views(&mut counter, &queries, Changes::Unknown)
        .unwrap();
    assert_eq!(kept[0].total, starred + 2);
    // Nothing committed since: the kept counts are given as they are.
    let again = store
        .count_views(&mut counter, &queries, Changes::Unknown)
        .unwrap();
    assert_eq!(again, kept);
}
