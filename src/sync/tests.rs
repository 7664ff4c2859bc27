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

mod pull;
mod push;
mod reconcile;

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
