//! Listing stories: order, filters (read, starred, tags of a story and of its feed),
//! pages and the counts beside them.

use super::*;

/// A store with one feed, tagged "news".
fn store_with_news_feed() -> (Store, FeedId) {
    let mut store = Store::open_in_memory().unwrap();
    let tagged = store
        .add_feed(&NewFeed {
            url: "http://a/".into(),
            title: None,
            tags: vec!["news".into()],
        })
        .unwrap();
    (store, tagged)
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
    let (mut store, tagged) = store_with_news_feed();
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
    let (mut store, tagged) = store_with_news_feed();
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
