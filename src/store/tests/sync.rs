//! Sync bookkeeping: journal rows written with the change itself, pending changes
//! surviving until confirmed, and applying a sync without overriding them.

use super::*;

const ACCOUNT: &str = "ttrss http://192.0.2.1/ me";

fn remote_article(remote_id: i64, feed: i64, link: &str) -> RemoteArticle {
    let mut e = entry(
        &format!("remote:{remote_id}"),
        &format!("S{remote_id}"),
        "",
        3,
    );
    e.link = Some(link.to_owned());
    RemoteArticle {
        remote_id,
        remote_feed: Some(feed),
        feed_title: None,
        entry: e,
        read: false,
        starred: false,
    }
}

fn batch<'a>(
    feeds: Option<&'a [RemoteFeed]>,
    articles: &'a [RemoteArticle],
    flags: &'a [FlagListing],
) -> SyncBatch<'a> {
    SyncBatch {
        account: ACCOUNT,
        reset: false,
        feeds,
        articles,
        flags,
        finished: None,
    }
}

/// A store holding one synced feed (server id 7) with stories 100 and 101, and a local
/// feed with one story of its own.
fn synced_store() -> (Store, ArticleId, ArticleId, ArticleId) {
    let (mut store, local_feed) = store_with_feed();
    store
        .save_feed(local_feed, &feed_of(vec![entry("l", "Local", "", 1)]))
        .unwrap();
    let feeds = [RemoteFeed {
        remote_id: 7,
        url: "http://192.0.2.1/a.xml".into(),
        title: Some("Alpha".into()),
        tags: vec!["News".into()],
        last_updated: None,
    }];
    let articles = [
        remote_article(100, 7, "http://192.0.2.1/1"),
        remote_article(101, 7, "http://192.0.2.1/2"),
    ];
    let applied = store
        .apply_sync(&batch(Some(&feeds), &articles, &[]))
        .unwrap();
    assert_eq!((applied.feeds_added, applied.new_articles), (1, 2));
    let id = |title: &str| {
        store
            .articles(&ArticleFilter::default())
            .unwrap()
            .into_iter()
            .find(|a| a.title == title)
            .unwrap()
            .id
    };
    let (a, b, local) = (id("S100"), id("S101"), id("Local"));
    (store, a, b, local)
}

fn journal_len(store: &Store) -> i64 {
    store
        .conn
        .query_row("SELECT count(*) FROM sync_journal", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn changing_a_synced_story_journals_it_and_a_local_one_does_not() {
    let (mut store, a, _, local) = synced_store();
    store.set_read(&[a, local], true).unwrap();
    store.set_starred(&[a], true).unwrap();
    let pending = store.pending_changes().unwrap();
    assert_eq!(
        pending,
        [
            PendingChange {
                article: a,
                remote_id: 100,
                flag: Flag::Read,
                value: true
            },
            PendingChange {
                article: a,
                remote_id: 100,
                flag: Flag::Star,
                value: true
            },
        ]
    );
    // Setting a flag to the value it has already is no change to push.
    store.set_read(&[a], true).unwrap();
    assert_eq!(journal_len(&store), 2);
    // Changing it back replaces the pending value: one row per story and flag.
    store.set_read(&[a], false).unwrap();
    let pending = store.pending_changes().unwrap();
    assert_eq!(pending.len(), 2);
    assert!(pending.contains(&PendingChange {
        article: a,
        remote_id: 100,
        flag: Flag::Read,
        value: false
    }));
}

#[test]
fn journal_rows_are_written_in_the_same_transaction_as_the_change() {
    let (mut store, a, _, _) = synced_store();
    // Make writing the journal fail: the flag change must roll back with it.
    store
        .conn
        .execute_batch(
            "CREATE TRIGGER journal_fails BEFORE INSERT ON sync_journal
             BEGIN SELECT RAISE(ABORT, 'journal write failed'); END;",
        )
        .unwrap();
    assert!(store.set_read(&[a], true).is_err());
    assert!(store.mark_all_read(None).is_err());
    assert!(!store.story(a).unwrap().article.read);
    assert_eq!(journal_len(&store), 0);
    // A failure later in the same call (an unknown id) drops the journal row too.
    store
        .conn
        .execute_batch("DROP TRIGGER journal_fails")
        .unwrap();
    assert!(store.set_starred(&[a, ArticleId(999_999)], true).is_err());
    assert!(!store.story(a).unwrap().article.starred);
    assert_eq!(journal_len(&store), 0);
}

#[test]
fn marking_views_and_feeds_read_journals_only_synced_stories_that_changed() {
    let (mut store, a, b, _) = synced_store();
    store.set_read(&[b], true).unwrap();
    store
        .confirm_pushed(&store.pending_changes().unwrap())
        .unwrap();
    store.mark_matching_read(&ArticleFilter::default()).unwrap();
    let pending = store.pending_changes().unwrap();
    assert_eq!(pending.len(), 1, "{pending:?}");
    assert_eq!((pending[0].article, pending[0].value), (a, true));
    store.set_read(&[a, b], false).unwrap();
    store
        .confirm_pushed(&store.pending_changes().unwrap())
        .unwrap();
    let feed = store.feed_by_remote_id(7).unwrap().unwrap();
    store.mark_all_read(Some(feed)).unwrap();
    assert_eq!(store.pending_changes().unwrap().len(), 2);
}

#[test]
fn a_change_made_after_reading_the_journal_survives_the_confirmation() {
    let (mut store, a, _, _) = synced_store();
    store.set_starred(&[a], true).unwrap();
    let sent = store.pending_changes().unwrap();
    store.set_starred(&[a], false).unwrap();
    assert_eq!(store.confirm_pushed(&sent).unwrap(), 0);
    let left = store.pending_changes().unwrap();
    assert_eq!(left.len(), 1);
    assert!(!left[0].value);
    assert_eq!(store.confirm_pushed(&left).unwrap(), 1);
    assert_eq!(journal_len(&store), 0);
}

#[test]
fn server_flags_apply_except_where_a_local_change_waits() {
    let (mut store, a, b, _) = synced_store();
    store.set_starred(&[a], true).unwrap();
    // The server says: both read, neither starred.
    let flags = [
        FlagListing {
            flag: Flag::Read,
            scope: FlagScope::Feeds(vec![7]),
            listed: vec![],
            listed_value: false,
        },
        FlagListing {
            flag: Flag::Star,
            scope: FlagScope::All,
            listed: vec![],
            listed_value: true,
        },
    ];
    let applied = store.apply_sync(&batch(None, &[], &flags)).unwrap();
    assert_eq!(applied.updated, 2);
    let (a, b) = (
        store.story(a).unwrap().article,
        store.story(b).unwrap().article,
    );
    assert!(a.read && b.read);
    assert!(a.starred, "the pending local star wins");
    assert_eq!(store.synced_flag_counts().unwrap()[&7], (0, 1));
}

#[test]
fn feeds_gone_from_the_server_are_removed_keeping_starred_stories() {
    let (mut store, a, b, local) = synced_store();
    store.set_starred(&[a], true).unwrap();
    let applied = store.apply_sync(&batch(Some(&[]), &[], &[])).unwrap();
    assert_eq!(applied.feeds_removed, 1);
    let kept = store.story(a).unwrap().article;
    assert_eq!((kept.feed_id, kept.feed.as_str()), (None, "Alpha"));
    assert!(store.story(b).is_err());
    assert!(store.story(local).is_ok(), "a local feed stays");
}

#[test]
fn a_feed_and_stories_fetched_before_sync_are_adopted_not_duplicated() {
    let (mut store, feed) = store_with_feed();
    let mut own = entry("own-guid", "Own", "", 2);
    own.link = Some("http://192.0.2.1/1".into());
    store.save_feed(feed, &feed_of(vec![own])).unwrap();
    let local = store.articles(&ArticleFilter::default()).unwrap()[0].id;
    store.set_starred(&[local], true).unwrap();
    let feeds = [RemoteFeed {
        remote_id: 7,
        url: "http://example.com/feed".into(),
        title: None,
        tags: vec![],
        last_updated: None,
    }];
    let articles = [remote_article(100, 7, "http://192.0.2.1/1")];
    let applied = store
        .apply_sync(&batch(Some(&feeds), &articles, &[]))
        .unwrap();
    assert_eq!((applied.feeds_added, applied.new_articles), (0, 0));
    assert_eq!(store.feed_by_remote_id(7).unwrap(), Some(feed));
    assert_eq!(store.stats().unwrap().articles, 1);
    // The local star is kept and queued for the server, which lacks it.
    assert_eq!(
        store.pending_changes().unwrap(),
        [PendingChange {
            article: local,
            remote_id: 100,
            flag: Flag::Star,
            value: true
        }]
    );
}

#[test]
fn a_reset_forgets_remote_ids_and_pending_changes() {
    let (mut store, a, _, _) = synced_store();
    store.set_read(&[a], true).unwrap();
    let mut reset = batch(None, &[], &[]);
    reset.account = "ttrss http://other/ me";
    reset.reset = true;
    store.apply_sync(&reset).unwrap();
    assert_eq!(journal_len(&store), 0);
    assert_eq!(store.feed_by_remote_id(7).unwrap(), None);
    assert_eq!(
        store.sync_state().unwrap().unwrap().account,
        "ttrss http://other/ me"
    );
}

#[test]
fn rules_judge_a_syncs_new_stories_from_the_flags_the_server_gave_them() {
    let rule = |query: &str, action: &str| crate::query::Rule {
        text: query.into(),
        query: crate::query::parse(query).unwrap(),
        actions: vec![crate::query::Action::parse(action).unwrap()],
    };
    let (mut store, _) = store_with_feed();
    store.set_rules(vec![
        rule("title:S101", "ignore"),
        rule("read feed:alpha", "star"),
        rule("tag:News", "tag:alpha-news"),
        rule("feed:\"Old Blog\"", "hide"),
    ]);
    let feeds = [RemoteFeed {
        remote_id: 7,
        url: "http://192.0.2.1/a.xml".into(),
        title: Some("Alpha".into()),
        tags: vec!["News".into()],
        last_updated: None,
    }];
    let mut read = remote_article(100, 7, "http://192.0.2.1/1");
    read.read = true;
    let mut orphan = remote_article(102, 99, "http://192.0.2.9/1");
    orphan.remote_feed = None;
    orphan.feed_title = Some("Old Blog".into());
    orphan.starred = true;
    let articles = [read, remote_article(101, 7, "http://192.0.2.1/2"), orphan];
    let applied = store
        .apply_sync(&batch(Some(&feeds), &articles, &[]))
        .unwrap();
    assert_eq!(applied.new_articles, 2);
    let stories = store.articles(&ArticleFilter::default()).unwrap();
    let s100 = stories.iter().find(|a| a.title == "S100").unwrap();
    assert!(s100.read && s100.starred);
    assert_eq!(s100.tags, ["alpha-news"]);
    assert!(stories.iter().all(|a| a.title != "S101"));
    // Hidden: out of the plain listing, kept read and starred under `hidden`.
    assert!(stories.iter().all(|a| a.title != "S102"));
    let hidden = store
        .articles(&ArticleFilter {
            query: Some(crate::query::parse("hidden").unwrap()),
            ..ArticleFilter::default()
        })
        .unwrap();
    assert_eq!(hidden.len(), 1);
    assert!(hidden[0].read && hidden[0].starred && hidden[0].title == "S102");
    // The ignored story stays ignored however often the server lists it.
    let again = store
        .apply_sync(&batch(None, &articles[1..2], &[]))
        .unwrap();
    assert_eq!(again.new_articles, 0);
}
