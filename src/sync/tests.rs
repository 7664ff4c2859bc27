//! The sync logic against an in-memory server that behaves like TT-RSS (paging, since
//! ids, counters, flags): what is pushed, pulled and reconciled, and what a failure
//! leaves behind. The real server is exercised by tests/sync_ttrss.rs.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

use super::*;
use crate::store::{ArticleFilter, ArticleId, Store};

#[derive(Debug, Clone)]
struct Story {
    feed: Option<i64>,
    unread: bool,
    marked: bool,
}

#[derive(Debug, Default)]
struct Model {
    categories: Vec<Category>,
    feeds: Vec<Feed>,
    stories: BTreeMap<i64, Story>,
    down: bool,
    wrong_password: bool,
    lossy_paging: bool,
    calls: Vec<String>,
    /// Every `set_flag`: ids, flag, value.
    pushes: Vec<(Vec<i64>, Flag, bool)>,
}

impl Model {
    fn add_feed(&mut self, id: i64, category: Option<i64>) {
        self.feeds.push(Feed {
            id,
            url: format!("http://192.0.2.1/{id}.xml"),
            title: Some(format!("Feed {id}")),
            category,
            last_updated: None,
        });
    }

    fn add_stories(&mut self, feed: i64, ids: impl IntoIterator<Item = i64>) {
        for id in ids {
            let story = Story {
                feed: Some(feed),
                unread: true,
                marked: false,
            };
            self.stories.insert(id, story);
        }
    }

    /// Ids of the stories of `source` that `keep` accepts, in `order`, a page of them.
    /// With `lossy_paging`, a page after the first in the default order misses its first
    /// story, as TT-RSS's may when stories share a date.
    fn page(
        &self,
        source: Source,
        order: Order,
        keep: impl Fn(i64, &Story) -> bool,
        skip: usize,
        limit: usize,
    ) -> Vec<i64> {
        let mut ids: Vec<i64> = self
            .stories
            .iter()
            .filter(|(id, story)| {
                keep(**id, story)
                    && match source {
                        Source::All => true,
                        Source::Feed(feed) => story.feed == Some(feed),
                        Source::Archive => story.feed.is_none(),
                    }
            })
            .map(|(id, _)| *id)
            .collect();
        match order {
            Order::Newest => ids.reverse(),
            Order::Oldest => {}
            Order::Title => ids.sort_by_key(|id| format!("Story {id}")),
        }
        let mut page: Vec<i64> = ids.into_iter().skip(skip).take(limit).collect();
        if self.lossy_paging && order == Order::Newest && skip > 0 && !page.is_empty() {
            page.remove(0);
        }
        page
    }

    fn headline(&self, id: i64) -> Headline {
        let story = &self.stories[&id];
        Headline {
            id,
            feed: story.feed,
            feed_title: story.feed.map(|f| format!("Feed {f}")),
            title: format!("Story {id}"),
            link: Some(format!("http://192.0.2.1/story/{id}")),
            author: None,
            date: chrono::DateTime::from_timestamp(1_700_000_000 + id, 0),
            content: format!("<p>Body {id}</p>"),
            unread: story.unread,
            marked: story.marked,
        }
    }
}

/// The client side of the fake: the test keeps the model to change the server between
/// syncs.
struct FakeRemote(Rc<RefCell<Model>>);

impl FakeRemote {
    fn check(&self, call: &str) -> Result<(), Error> {
        let mut model = self.0.borrow_mut();
        model.calls.push(call.to_owned());
        if model.down {
            return Err(Error::Unreachable {
                url: "http://192.0.2.9/".into(),
                reason: "connection refused".into(),
            });
        }
        Ok(())
    }
}

impl Remote for FakeRemote {
    fn account(&self) -> String {
        "fake http://192.0.2.9/ me".into()
    }

    fn login(&mut self) -> Result<(), Error> {
        self.check("login")?;
        if self.0.borrow().wrong_password {
            return Err(Error::LoginFailed {
                url: "http://192.0.2.9/".into(),
                user: "me".into(),
            });
        }
        Ok(())
    }

    fn categories(&mut self) -> Result<Vec<Category>, Error> {
        self.check("getCategories")?;
        Ok(self.0.borrow().categories.clone())
    }

    fn feeds(&mut self) -> Result<Vec<Feed>, Error> {
        self.check("getFeeds")?;
        Ok(self.0.borrow().feeds.clone())
    }

    fn headlines(
        &mut self,
        source: Source,
        since: i64,
        skip: usize,
        limit: usize,
    ) -> Result<Vec<Headline>, Error> {
        self.check("getHeadlines")?;
        let model = self.0.borrow();
        let ids = model.page(
            source,
            Order::Newest,
            |id, _| id > since,
            skip,
            limit.min(PAGE),
        );
        Ok(ids.into_iter().map(|id| model.headline(id)).collect())
    }

    fn articles(&mut self, ids: &[i64]) -> Result<Vec<Headline>, Error> {
        self.check("getArticle")?;
        let model = self.0.borrow();
        Ok(ids
            .iter()
            .filter(|id| model.stories.contains_key(id))
            .map(|&id| model.headline(id))
            .collect())
    }

    fn counters(&mut self) -> Result<Vec<Counter>, Error> {
        self.check("getCounters")?;
        let model = self.0.borrow();
        let mut counts: BTreeMap<i64, Counter> = BTreeMap::new();
        for story in model.stories.values() {
            let Some(feed) = story.feed else { continue };
            let counter = counts.entry(feed).or_insert(Counter {
                feed,
                unread: 0,
                marked: 0,
            });
            counter.unread += u64::from(story.unread);
            counter.marked += u64::from(story.marked);
        }
        Ok(counts.into_values().collect())
    }

    fn listed_ids(
        &mut self,
        listed: Listed,
        source: Source,
        order: Order,
        skip: usize,
        limit: usize,
    ) -> Result<Vec<i64>, Error> {
        self.check("getHeadlines")?;
        let model = self.0.borrow();
        Ok(model.page(
            source,
            order,
            |_, s| match listed {
                Listed::Unread => s.unread,
                Listed::Marked => s.marked,
            },
            skip,
            limit.min(PAGE),
        ))
    }

    fn set_flag(&mut self, ids: &[i64], flag: Flag, value: bool) -> Result<(), Error> {
        self.check("updateArticle")?;
        let mut model = self.0.borrow_mut();
        for id in ids {
            if let Some(story) = model.stories.get_mut(id) {
                match flag {
                    Flag::Read => story.unread = !value,
                    Flag::Star => story.marked = value,
                }
            }
        }
        model.pushes.push((ids.to_vec(), flag, value));
        Ok(())
    }

    fn subscribe(&mut self, _: &str, _: Option<i64>) -> Result<i64, Error> {
        unimplemented!("not used by sync")
    }

    fn unsubscribe(&mut self, _: i64) -> Result<(), Error> {
        unimplemented!("not used by sync")
    }

    fn update_feed(&mut self, _: i64) -> Result<(), Error> {
        unimplemented!("not used by sync")
    }
}

/// A server with two feeds (one in category "News") and 450 stories: three pages.
fn server() -> Rc<RefCell<Model>> {
    let mut model = Model {
        categories: vec![Category {
            id: 2,
            title: "News".into(),
        }],
        ..Model::default()
    };
    model.add_feed(10, Some(2));
    model.add_feed(11, None);
    model.add_stories(10, 1..=300);
    model.add_stories(11, 301..=450);
    model.stories.get_mut(&5).unwrap().marked = true;
    model.stories.get_mut(&6).unwrap().unread = false;
    Rc::new(RefCell::new(model))
}

fn run(store: &mut Store, model: &Rc<RefCell<Model>>) -> Result<Summary, Error> {
    run_with(store, model, Options::default())
}

fn run_with(
    store: &mut Store,
    model: &Rc<RefCell<Model>>,
    options: Options,
) -> Result<Summary, Error> {
    model.borrow_mut().calls.clear();
    sync(store, &mut FakeRemote(Rc::clone(model)), options)
}

/// The local story that came from server story `remote`.
fn local(store: &Store, remote: i64) -> ArticleId {
    let title = format!("Story {remote}");
    store
        .articles(&ArticleFilter::default())
        .unwrap()
        .into_iter()
        .find(|a| a.title == title)
        .unwrap_or_else(|| panic!("no local story for {remote}"))
        .id
}

fn flags(store: &Store, remote: i64) -> (bool, bool) {
    let article = store.story(local(store, remote)).unwrap().article;
    (article.read, article.starred)
}

/// Everything a user sees, to compare before and after a failed sync.
fn snapshot(
    store: &Store,
) -> (
    Vec<crate::store::Article>,
    Vec<crate::store::FeedRow>,
    usize,
) {
    (
        store.articles(&ArticleFilter::default()).unwrap(),
        store.feeds().unwrap(),
        store.pending_changes().unwrap().len(),
    )
}

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

#[test]
fn local_changes_are_pushed_exactly_once() {
    let model = server();
    let mut store = Store::open_in_memory().unwrap();
    run(&mut store, &model).unwrap();
    let (a, b) = (local(&store, 30), local(&store, 31));
    store.set_read(&[a, b], true).unwrap();
    store.set_starred(&[a], true).unwrap();
    let summary = run(&mut store, &model).unwrap();
    assert_eq!((summary.pushed, summary.updated), (3, 0));
    {
        let m = model.borrow();
        assert!(!m.stories[&30].unread && !m.stories[&31].unread && m.stories[&30].marked);
        assert_eq!(
            m.pushes,
            [
                (vec![30, 31], Flag::Read, true),
                (vec![30], Flag::Star, true)
            ]
        );
    }
    assert!(store.pending_changes().unwrap().is_empty());
    let again = run(&mut store, &model).unwrap();
    assert_eq!(again.pushed, 0);
    assert_eq!(model.borrow().pushes.len(), 2, "nothing is pushed twice");
    assert_eq!(flags(&store, 30), (true, true));
}

#[test]
fn changes_made_while_the_server_is_down_are_pushed_once_it_is_back() {
    let model = server();
    let mut store = Store::open_in_memory().unwrap();
    run(&mut store, &model).unwrap();
    model.borrow_mut().down = true;
    store.set_starred(&[local(&store, 40)], true).unwrap();
    let before = snapshot(&store);
    let err = run(&mut store, &model).unwrap_err();
    assert!(err.to_string().contains("http://192.0.2.9/"), "{err}");
    assert_eq!(
        snapshot(&store),
        before,
        "nothing changed, the change still queued"
    );
    model.borrow_mut().down = false;
    let summary = run(&mut store, &model).unwrap();
    assert_eq!(summary.pushed, 1);
    assert!(model.borrow().stories[&40].marked);
    assert_eq!(run(&mut store, &model).unwrap().pushed, 0);
    assert_eq!(model.borrow().pushes.len(), 1);
}

#[test]
fn a_wrong_password_changes_nothing() {
    let model = server();
    let mut store = Store::open_in_memory().unwrap();
    run(&mut store, &model).unwrap();
    store.set_read(&[local(&store, 50)], true).unwrap();
    {
        let mut m = model.borrow_mut();
        m.wrong_password = true;
        m.add_stories(10, [451]);
    }
    let before = snapshot(&store);
    let err = run(&mut store, &model).unwrap_err();
    assert_eq!(err.to_string(), "login to http://192.0.2.9/ as me failed");
    assert_eq!(snapshot(&store), before);
    assert_eq!(model.borrow().calls, ["login"]);
}

#[test]
fn a_local_change_not_yet_pushed_wins_over_the_server() {
    let model = server();
    let mut store = Store::open_in_memory().unwrap();
    run(&mut store, &model).unwrap();
    // Starred here; meanwhile read (and still not starred) on the server.
    store.set_starred(&[local(&store, 8)], true).unwrap();
    model.borrow_mut().stories.get_mut(&8).unwrap().unread = false;
    run(&mut store, &model).unwrap();
    // The star was a local change and won; read state had no local change, so the
    // server's "read" was taken.
    assert_eq!(flags(&store, 8), (true, true));
    assert!(model.borrow().stories[&8].marked);
}

#[test]
fn a_new_story_on_the_server_arrives_with_the_next_sync() {
    let model = server();
    let mut store = Store::open_in_memory().unwrap();
    run(&mut store, &model).unwrap();
    model.borrow_mut().add_stories(11, [451]);
    let summary = run(&mut store, &model).unwrap();
    assert_eq!(summary.new_articles, 1);
    assert_eq!(flags(&store, 451), (false, false));
    assert_eq!(store.stats().unwrap().articles, 451);
}

#[test]
fn a_feed_removed_on_the_server_is_removed_here_keeping_its_starred_stories() {
    let model = server();
    let mut store = Store::open_in_memory().unwrap();
    run(&mut store, &model).unwrap();
    {
        let mut m = model.borrow_mut();
        m.feeds.retain(|f| f.id != 10);
        m.stories.retain(|_, s| s.feed != Some(10) || s.marked);
        m.stories.get_mut(&5).unwrap().feed = None;
    }
    run(&mut store, &model).unwrap();
    let stats = store.stats().unwrap();
    assert_eq!((stats.feeds, stats.articles), (1, 151));
    let kept = store.story(local(&store, 5)).unwrap().article;
    assert_eq!((kept.feed_id, kept.starred), (None, true));
}

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
    let full = run_with(&mut store, &model, Options { full: true }).unwrap();
    assert_eq!(full.updated, 2);
    assert_eq!(flags(&store, 6), (false, false));
    assert_eq!(flags(&store, 7), (true, false));
}

#[test]
fn another_account_starts_over_without_pushing_the_old_accounts_changes() {
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
    let summary = run(&mut store, &model).unwrap();
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
    let full = run_with(&mut store, &model, Options { full: true }).unwrap();
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

#[test]
fn plain_http_warns_only_for_other_machines() {
    let warns = |url: &str| super::plain_http_warning(&url::Url::parse(url).unwrap()).is_some();
    assert!(warns("http://rss.example.org/tt-rss/"));
    assert!(warns("http://192.168.1.5/"), "a LAN is still a network");
    assert!(!warns("https://rss.example.org/"));
    assert!(!warns("http://127.0.0.1:8080/"));
    assert!(!warns("http://[::1]/"));
    assert!(!warns("http://localhost/"));
    assert!(!warns("http://tt.localhost./"));
}
