//! A synthetic database of many stories, for benchmarks: `feeds` feeds with
//! `per_feed` stories each, bodies of realistic size, some read, starred and tagged.

use std::path::Path;

use chrono::{Duration, TimeZone, Utc};
use tidings::feed::{FeedKind, ParsedEntry, ParsedFeed};
use tidings::store::{ArticleFilter, NewFeed, Store};

/// Builds the corpus at `path` unless a database with `feeds * per_feed` stories is there.
pub fn ensure(path: &Path, feeds: usize, per_feed: usize) -> Store {
    if let Ok(store) = Store::open(path)
        && store.stats().ok().map(|s| s.articles as usize) == Some(feeds * per_feed)
    {
        return store;
    }
    let _ = std::fs::remove_file(path);
    let mut store = Store::open(path).expect("create benchmark database");
    let start = Utc
        .with_ymd_and_hms(2024, 1, 1, 0, 0, 0)
        .single()
        .expect("valid date");
    for f in 0..feeds {
        let tags = vec![format!("topic{}", f % 10)];
        let id = store
            .add_feed(&NewFeed {
                url: format!("http://127.0.0.1/feed/{f}.xml"),
                title: None,
                tags,
            })
            .expect("add feed");
        let entries = (0..per_feed)
            .map(|e| entry(f, e, start + Duration::minutes((e * feeds + f) as i64)))
            .collect();
        let parsed = ParsedFeed {
            kind: FeedKind::Rss2,
            title: Some(format!("Feed number {f}")),
            link: Some(format!("http://127.0.0.1/site/{f}/")),
            ttl_minutes: None,
            entries,
            warning: None,
        };
        store.save_feed(id, &parsed).expect("save feed");
    }
    let some = store
        .articles(&ArticleFilter {
            limit: Some(2000),
            ..Default::default()
        })
        .expect("list");
    let ids: Vec<_> = some.iter().map(|a| a.id).collect();
    store.set_read(&ids[..1000], true).expect("mark read");
    store.set_starred(&ids[..200], true).expect("star");
    store
}

fn entry(feed: usize, n: usize, published: chrono::DateTime<Utc>) -> ParsedEntry {
    let body = format!(
        "<p>Story {n} of feed {feed}. Leaders met on <b>Tuesday</b> to discuss the ceasefire.</p>{}",
        "<p>Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor \
         incididunt ut labore et dolore magna aliqua. Ut enim ad minim veniam.</p>"
            .repeat(8)
    );
    ParsedEntry {
        guid: format!("urn:feed:{feed}:story:{n}"),
        link: Some(format!("http://127.0.0.1/site/{feed}/{n}.html")),
        title: format!("Story {n} from feed {feed}: talks continue"),
        author: Some("Staff".into()),
        published: Some(published),
        updated: None,
        content_html: body,
        base_url: None,
        categories: vec![],
        enclosures: Vec::new(),
    }
}
