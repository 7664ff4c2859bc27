//! The full-text index: phrases and prefixes found once it has caught up, bad syntax
//! named, and the index across schema versions (words indexed before Arabic
//! normalization are replaced, so old stories are found by the new spelling).

use super::super::schema;
use super::*;

#[test]
fn an_older_index_is_emptied_and_rebuilt_by_the_migration() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("v6.db");
    let mut conn = rusqlite::Connection::open(&path).unwrap();
    let tx = conn.transaction().unwrap();
    for sql in &schema::MIGRATIONS[..6] {
        tx.execute_batch(sql).unwrap();
    }
    // Indexed as the old code did: the words as written, hamza and all.
    tx.execute_batch(
        "INSERT INTO feeds (id, url, added) VALUES (1, 'http://example.org/feed', 0);
         INSERT INTO articles (id, feed_id, guid, title, content, content_hash,
                               first_seen, sort_time, indexed)
             VALUES (1, 1, 'a', 'إطلاق النار', '<p>في سوريا</p>', 7, 0, 0, 1);
         INSERT INTO article_fts (rowid, title, body) VALUES (1, 'إطلاق النار', 'في سوريا');
         PRAGMA user_version = 6;",
    )
    .unwrap();
    tx.commit().unwrap();
    drop(conn);

    let mut store = Store::open(&path).unwrap();
    assert_eq!(store.unindexed_count().unwrap(), 1);
    let old_words: i64 = store
        .conn
        .query_row(
            "SELECT count(*) FROM article_fts WHERE article_fts MATCH 'إطلاق'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(old_words, 0, "the old words are gone");
    let found = crate::index::search(&mut store, "اطلاق", None).unwrap();
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].title, "إطلاق النار", "shown as written");
    assert_eq!(store.unindexed_count().unwrap(), 0);
}

#[test]
fn latin_words_are_indexed_and_found_as_before() {
    let (mut store, feed) = store_with_feed();
    store
        .save_feed(
            feed,
            &feed_of(vec![entry("a", "Crème brûlée", "<p>Naïve café</p>", 1)]),
        )
        .unwrap();
    crate::index::index_pending(&mut store).unwrap();
    for query in ["creme", "BRULEE", "naive", "caf*", "\"naive cafe\""] {
        assert_eq!(
            crate::index::search(&mut store, query, None).unwrap().len(),
            1,
            "{query}"
        );
    }
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
