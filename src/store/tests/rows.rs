//! The row layer's promises: ids are never reused, the index forgets what a story no
//! longer says, future dates don't pin a story to the top, tagged stories outlive their feed.

use super::*;

fn saved(store: &mut Store, feed: FeedId, entries: Vec<ParsedEntry>) {
    store.save_feed(feed, &feed_of(entries)).unwrap();
}

fn ids(store: &Store) -> Vec<i64> {
    let mut ids: Vec<i64> = store
        .articles(&ArticleFilter::default())
        .unwrap()
        .iter()
        .map(|a| a.id.0)
        .collect();
    ids.sort_unstable();
    ids
}

#[test]
fn story_ids_are_never_reused_after_their_feed_is_removed() {
    let (mut store, feed) = store_with_feed();
    saved(
        &mut store,
        feed,
        vec![entry("a", "A", "x", 1), entry("b", "B", "x", 2)],
    );
    let before = ids(&store);
    store.remove_feed(feed).unwrap();
    assert!(ids(&store).is_empty());
    let again = store
        .add_feed(&NewFeed {
            url: "http://example.com/other".into(),
            ..NewFeed::default()
        })
        .unwrap();
    saved(&mut store, again, vec![entry("c", "C", "x", 3)]);
    let after = ids(&store);
    assert_eq!(after.len(), 1);
    assert!(
        after[0] > *before.iter().max().unwrap(),
        "{after:?} reuses {before:?}"
    );
}

#[test]
fn search_never_matches_words_a_story_no_longer_has() {
    let (mut store, feed) = store_with_feed();
    saved(
        &mut store,
        feed,
        vec![entry("a", "Ceasefire talks", "zebra", 1)],
    );
    assert_eq!(
        crate::index::search(&mut store, "zebra", Some(10))
            .unwrap()
            .len(),
        1
    );
    // The story changes: its old words go from the index at once.
    saved(
        &mut store,
        feed,
        vec![entry("a", "Ceasefire talks", "giraffe", 1)],
    );
    let fts_rows: i64 = store
        .conn
        .query_row(
            "SELECT count(*) FROM article_fts WHERE article_fts MATCH 'zebra'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(fts_rows, 0);
    assert!(
        crate::index::search(&mut store, "zebra", Some(10))
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        crate::index::search(&mut store, "giraffe", Some(10))
            .unwrap()
            .len(),
        1
    );
    // Its feed goes: so do its index rows, even before a new story takes any id.
    store.remove_feed(feed).unwrap();
    let left: i64 = store
        .conn
        .query_row("SELECT count(*) FROM article_fts", [], |r| r.get(0))
        .unwrap();
    assert_eq!(left, 0);
}

#[test]
fn a_story_dated_in_the_future_sorts_as_when_it_was_seen() {
    let (mut store, feed) = store_with_feed();
    let mut future = entry("future", "From next year", "x", 1);
    future.published = Some(chrono::Utc::now() + chrono::Duration::days(365));
    let mut recent = entry("recent", "An hour ago", "x", 1);
    recent.published = Some(chrono::Utc::now() - chrono::Duration::hours(1));
    saved(&mut store, feed, vec![recent, future]);
    let titles: Vec<String> = store
        .articles(&ArticleFilter::default())
        .unwrap()
        .into_iter()
        .map(|a| a.title)
        .collect();
    // Both are "now or earlier"; the future one was seen now, the other an hour ago.
    assert_eq!(titles, ["From next year", "An hour ago"]);
}

#[test]
fn tagged_stories_are_kept_like_starred_ones_when_their_feed_goes() {
    let (mut store, feed) = store_with_feed();
    saved(
        &mut store,
        feed,
        vec![entry("a", "Tagged", "x", 1), entry("b", "Plain", "x", 2)],
    );
    let tagged = store
        .articles(&ArticleFilter::default())
        .unwrap()
        .into_iter()
        .find(|a| a.title == "Tagged")
        .unwrap();
    store.tag_article(tagged.id, &["later".to_owned()]).unwrap();
    let removal = store.remove_feed(feed).unwrap();
    assert_eq!((removal.deleted, removal.kept), (1, 1));
    let left = store.articles(&ArticleFilter::default()).unwrap();
    assert_eq!(left.len(), 1);
    assert_eq!(left[0].title, "Tagged");
    assert_eq!(left[0].tags, ["later"]);
}

#[test]
fn an_id_listed_twice_in_one_document_is_one_story() {
    let (mut store, feed) = store_with_feed();
    let stats = store
        .save_feed(
            feed,
            &feed_of(vec![
                entry("a", "First", "one", 1),
                entry("a", "Second", "two", 1),
            ]),
        )
        .unwrap();
    assert_eq!((stats.new, stats.updated), (1, 0));
    let stories = store.articles(&ArticleFilter::default()).unwrap();
    assert_eq!(stories.len(), 1);
    assert_eq!(stories[0].title, "First");
}

#[test]
fn a_story_with_only_an_update_date_shows_that_date() {
    let (mut store, feed) = store_with_feed();
    let mut atom = entry("a", "Atom entry", "x", 1);
    let date = atom.published.take();
    atom.updated = date;
    saved(&mut store, feed, vec![atom]);
    let stories = store.articles(&ArticleFilter::default()).unwrap();
    assert_eq!(stories[0].published, date);
    assert!(date.is_some());
}
