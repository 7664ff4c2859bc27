//! The warning a feed carries when its last document had to be recovered: set by a
//! fetch that needed recovery, cleared by one that did not, and added to older databases.

use super::*;

#[test]
fn a_recovered_fetch_sets_the_warning_and_a_clean_one_clears_it() {
    let (mut store, feed) = store_with_feed();
    let mut recovered = feed_of(vec![entry("a", "A", "", 1)]);
    recovered.warning = Some("recovered from broken XML: 1 bare &".into());
    store.save_feed(feed, &recovered).unwrap();
    assert_eq!(
        store.feed(feed).unwrap().warning.as_deref(),
        Some("recovered from broken XML: 1 bare &")
    );
    store.save_feed(feed, &feed_of(vec![])).unwrap();
    assert_eq!(store.feed(feed).unwrap().warning, None);
}

#[test]
fn feeds_of_an_older_database_gain_an_empty_warning() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v6.db");
    let mut conn = rusqlite::Connection::open(&path).unwrap();
    let tx = conn.transaction().unwrap();
    for sql in &schema::MIGRATIONS[..6] {
        tx.execute_batch(sql).unwrap();
    }
    tx.execute_batch(
        "INSERT INTO feeds (id, url, title, added) VALUES (1, 'http://example.org/feed', 'Old', 0);
         PRAGMA user_version = 6;",
    )
    .unwrap();
    tx.commit().unwrap();
    drop(conn);
    let store = Store::open(&path).unwrap();
    let feeds = store.feeds().unwrap();
    assert_eq!(feeds.len(), 1);
    assert_eq!(feeds[0].title.as_deref(), Some("Old"));
    assert_eq!(feeds[0].warning, None);
}
