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
