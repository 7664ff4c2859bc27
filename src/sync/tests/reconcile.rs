//! Reconciling: full syncs, another account, lossy paging, feeds added mid-sync.

use super::*;

#[test]
fn a_full_sync_catches_changes_that_leave_the_counts_equal() {
    let model = server();
    let mut store = Store::open_in_memory().unwrap();
    run(&mut store, &model).unwrap();
    {
        // One story read and another unread in the same feed: its counts do not move.
        let mut m = model.borrow_mut();
        m.stories.get_mut(&6).unwrap().unread = true;
        m.stories.get_mut(&7).unwrap().unread = false;
    }
    assert_eq!(run(&mut store, &model).unwrap().updated, 0);
    let full = run_with(
        &mut store,
        &model,
        Options {
            full: true,
            ..Options::default()
        },
    )
    .unwrap();
    assert_eq!(full.updated, 2);
    assert_eq!(flags(&store, 6), (false, false));
    assert_eq!(flags(&store, 7), (true, false));
}

#[test]
fn another_account_is_refused_while_the_old_ones_changes_wait_then_starts_over() {
    let model = server();
    let mut store = Store::open_in_memory().unwrap();
    run(&mut store, &model).unwrap();
    store.set_read(&[local(&store, 60)], true).unwrap();
    // Same stories, as another account sees them.
    store
        .apply_sync(&crate::store::SyncBatch {
            account: "fake http://elsewhere/ me",
            reset: false,
            feeds: None,
            articles: &[],
            flags: &[],
            finished: None,
        })
        .unwrap();
    let refused = run(&mut store, &model).unwrap_err();
    assert!(
        matches!(refused, Error::AccountChanged { pending: 1, .. }),
        "{refused}"
    );
    assert!(
        refused.to_string().contains("--discard-pending"),
        "{refused}"
    );
    assert_eq!(store.pending_changes().unwrap().len(), 1, "nothing dropped");
    let discard = Options {
        discard_pending: true,
        ..Options::default()
    };
    let summary = run_with(&mut store, &model, discard).unwrap();
    assert_eq!((summary.pushed, summary.new_articles), (0, 0));
    assert!(model.borrow().pushes.is_empty());
    assert_eq!(
        store.stats().unwrap().articles,
        450,
        "stories adopted, not duplicated"
    );
}

#[test]
fn stories_a_paged_fetch_skips_are_found_by_the_counters_and_fetched() {
    let model = server();
    model.borrow_mut().lossy_paging = true;
    let mut store = Store::open_in_memory().unwrap();
    let summary = run(&mut store, &model).unwrap();
    // Paging lost a story of feed 10 (300 stories, two pages); its unread count gave it
    // away, the listing in another order found it, and it was fetched by id.
    assert_eq!(summary.new_articles, 450);
    assert_eq!(store.stats().unwrap().articles, 450);
    assert!(model.borrow().calls.contains(&"getArticle".to_owned()));
    // A full reconcile with the same lossy paging sets no flag wrongly.
    let full = run_with(
        &mut store,
        &model,
        Options {
            full: true,
            ..Options::default()
        },
    )
    .unwrap();
    assert_eq!((full.new_articles, full.updated), (0, 0));
    assert_eq!(store.stats().unwrap().unread, 449);
}

#[test]
fn a_story_of_a_feed_subscribed_during_the_sync_waits_for_the_next_one() {
    let model = server();
    let mut store = Store::open_in_memory().unwrap();
    run(&mut store, &model).unwrap();
    // Story 451 belongs to feed 12, which the feed list does not have yet.
    model.borrow_mut().add_stories(12, [451]);
    model.borrow_mut().add_stories(11, [452]);
    let summary = run(&mut store, &model).unwrap();
    assert_eq!(summary.new_articles, 1, "only the story of a known feed");
    model.borrow_mut().add_feed(12, None);
    let summary = run(&mut store, &model).unwrap();
    assert_eq!(summary.new_articles, 1);
    let story = store.story(local(&store, 451)).unwrap().article;
    assert_eq!(story.feed, "Feed 12");
    assert!(story.feed_id.is_some());
}
