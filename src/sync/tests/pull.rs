//! Pulling: the first sync, a sync with nothing new, the server's changes arriving.

use super::*;

#[test]
fn first_sync_stores_the_servers_feeds_and_every_story_with_its_flags() {
    let model = server();
    let mut store = Store::open_in_memory().unwrap();
    let summary = run(&mut store, &model).unwrap();
    assert_eq!(
        (
            summary.feeds,
            summary.new_articles,
            summary.pushed,
            summary.updated
        ),
        (2, 450, 0, 0)
    );
    let stats = store.stats().unwrap();
    assert_eq!(
        (stats.feeds, stats.articles, stats.unread, stats.starred),
        (2, 450, 449, 1)
    );
    assert_eq!(flags(&store, 5), (false, true));
    assert_eq!(flags(&store, 6), (true, false));
    let feeds = store.feeds().unwrap();
    let news = feeds.iter().find(|f| f.url.ends_with("/10.xml")).unwrap();
    assert_eq!(news.tags, ["News"]);
    assert_eq!(news.title.as_deref(), Some("Feed 10"));
    let story = store.story(local(&store, 7)).unwrap();
    assert_eq!(story.content_html, "<p>Body 7</p>");
    assert_eq!(
        story.article.link.as_deref(),
        Some("http://192.0.2.1/story/7")
    );
    // A first sync goes feed by feed: two pages, one, and the (empty) archive. The
    // counters then agree with the store: no flag listing.
    let calls = model.borrow().calls.clone();
    let headlines = calls.iter().filter(|c| *c == "getHeadlines").count();
    assert_eq!(headlines, 4, "{calls:?}");
    assert_eq!(calls.last().map(String::as_str), Some("getCounters"));
}

#[test]
fn a_sync_with_nothing_new_takes_a_handful_of_requests_and_changes_nothing() {
    let model = server();
    let mut store = Store::open_in_memory().unwrap();
    run(&mut store, &model).unwrap();
    let before = snapshot(&store);
    let summary = run(&mut store, &model).unwrap();
    assert_eq!(
        (summary.new_articles, summary.pushed, summary.updated),
        (0, 0, 0)
    );
    assert_eq!(snapshot(&store), before);
    assert_eq!(
        model.borrow().calls,
        [
            "login",
            "getCategories",
            "getFeeds",
            "getHeadlines",
            "getCounters"
        ]
    );
}

#[test]
fn stars_and_reads_on_the_server_are_seen_after_a_sync() {
    let model = server();
    let mut store = Store::open_in_memory().unwrap();
    run(&mut store, &model).unwrap();
    {
        let mut m = model.borrow_mut();
        m.stories.get_mut(&20).unwrap().unread = false;
        m.stories.get_mut(&400).unwrap().marked = true;
        m.stories.get_mut(&5).unwrap().marked = false;
    }
    let summary = run(&mut store, &model).unwrap();
    assert_eq!(summary.updated, 3);
    assert_eq!(flags(&store, 20), (true, false));
    assert_eq!(flags(&store, 400), (false, true));
    assert_eq!(flags(&store, 5), (false, false));
}
