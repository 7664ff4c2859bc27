//! The query language against a small store whose expected answers are written out by
//! hand: every term, the operators, and their combination with the plain filters.

use chrono::{Duration, Utc};

use super::*;
use crate::feed::FullText;
use crate::query;

/// Two feeds; stories a1…a4 in "Ammar Magazine" (tagged feed `news`), b1…b3 in "Tech
/// Blog". Returns the store and the ids by name.
pub(super) fn corpus() -> (Store, std::collections::HashMap<&'static str, ArticleId>) {
    let mut store = Store::open_in_memory().unwrap();
    let ammar = store
        .add_feed(&NewFeed {
            url: "https://ammar.example/feeds/posts/default".into(),
            title: Some("Ammar Magazine".into()),
            tags: vec!["news".into()],
        })
        .unwrap();
    let tech = store
        .add_feed(&NewFeed {
            url: "https://tech.example/rss".into(),
            ..NewFeed::default()
        })
        .unwrap();
    let now = Utc::now();
    let story =
        |guid: &str, title: &str, author: Option<&str>, body: &str, days_ago: i64| ParsedEntry {
            guid: guid.into(),
            link: Some(format!("https://{guid}.example/post")),
            title: title.into(),
            author: author.map(Into::into),
            published: Some(now - Duration::days(days_ago)),
            updated: None,
            content_html: format!("<p>{body}</p>"),
            base_url: None,
            categories: vec![],
            enclosures: Vec::new(),
        };
    store
        .save_feed(
            ammar,
            &feed_of(vec![
                story(
                    "a1",
                    "Ceasefire talks in Astana",
                    Some("Ammar Johmani"),
                    "Delegations meet.",
                    1,
                ),
                story("a2", "Sponsored: buy now", Some("PR Wire"), "An advert.", 2),
                story(
                    "a3",
                    "وقف إطلاق النار في سوريا",
                    Some("Ammar Johmani"),
                    "اتفاق جديد",
                    10,
                ),
                story(
                    "a4",
                    "Weather in Damascus",
                    None,
                    "Heat builds across Syria.",
                    40,
                ),
            ]),
        )
        .unwrap();
    store
        .save_feed(
            tech,
            &feed_of(vec![
                story(
                    "b1",
                    "Rust 2.0 released",
                    Some("Ferris"),
                    "Ceasefire in the borrow wars.",
                    0,
                ),
                story(
                    "b2",
                    "Advertisement: cloud",
                    Some("PR Wire"),
                    "Buy cloud.",
                    3,
                ),
                story(
                    "b3",
                    "A quiet week",
                    Some("Ferris"),
                    "Nothing happened.",
                    400,
                ),
            ]),
        )
        .unwrap();
    let ids = ids_by_name(&store);
    mark(&mut store, &ids);
    (store, ids)
}

/// Each story's id by its name (the start of its link's host).
fn ids_by_name(store: &Store) -> std::collections::HashMap<&'static str, ArticleId> {
    store
        .articles(&ArticleFilter::default())
        .unwrap()
        .into_iter()
        .map(|a| {
            let name = a.link.as_deref().unwrap_or_default();
            let name = &name["https://".len().."https://".len() + 2];
            let name: &'static str = ["a1", "a2", "a3", "a4", "b1", "b2", "b3"]
                .into_iter()
                .find(|n| *n == name)
                .unwrap();
            (name, a.id)
        })
        .collect()
}

/// Reads, stars, tags and a fetched page, as the expected answers assume.
fn mark(store: &mut Store, ids: &std::collections::HashMap<&'static str, ArticleId>) {
    store.set_read(&[ids["a1"], ids["b3"]], true).unwrap();
    store.set_starred(&[ids["a3"], ids["b1"]], true).unwrap();
    store.tag_article(ids["b2"], &["ads".into()]).unwrap();
    store.tag_article(ids["a1"], &["syria".into()]).unwrap();
    store
        .save_full_text(
            ids["a4"],
            &FullText {
                html: "<p>page</p>".into(),
                url: "https://a4.example/post".into(),
            },
        )
        .unwrap();
    crate::index::index_pending(store).unwrap();
}

fn matching(store: &Store, text: &str) -> Vec<ArticleId> {
    let filter = ArticleFilter {
        query: Some(query::parse(text).unwrap_or_else(|e| panic!("{e}"))),
        ..ArticleFilter::default()
    };
    let mut found: Vec<ArticleId> = store
        .articles(&filter)
        .unwrap()
        .into_iter()
        .map(|a| a.id)
        .collect();
    found.sort();
    assert_eq!(
        store.count_articles(&filter).unwrap(),
        found.len() as u64,
        "{text}"
    );
    found
}

#[test]
fn thirty_queries_match_exactly_the_stories_written_out() {
    let (store, ids) = corpus();
    let cases: &[(&str, &[&str])] = &[
        ("unread", &["a2", "a3", "a4", "b1", "b2"]),
        ("read", &["a1", "b3"]),
        ("starred", &["a3", "b1"]),
        ("-starred", &["a1", "a2", "a4", "b2", "b3"]),
        ("not read", &["a2", "a3", "a4", "b1", "b2"]),
        ("tag:news", &["a1", "a2", "a3", "a4"]),
        ("tag:ads", &["b2"]),
        ("tag:syria", &["a1"]),
        ("untagged", &["b1", "b3"]),
        ("feed:ammar", &["a1", "a2", "a3", "a4"]),
        ("feed:TECH.EXAMPLE", &["b1", "b2", "b3"]),
        ("author:ferris", &["b1", "b3"]),
        (r#"author:"Ammar Johmani""#, &["a1", "a3"]),
        ("author:/^PR /", &["a2", "b2"]),
        ("title:/^(Sponsored|Advertisement)/", &["a2", "b2"]),
        ("title:weather", &["a4"]),
        ("title:سوريا", &["a3"]),
        ("link:b3.example", &["b3"]),
        ("newer:7d", &["a1", "a2", "b1", "b2"]),
        ("older:30d", &["a4", "b3"]),
        ("newer:1y older:7d", &["a3", "a4"]),
        ("has:full-text", &["a4"]),
        ("ceasefire", &["a1", "b1"]),
        (r#""borrow wars""#, &["b1"]),
        ("ceasefire -tag:news", &["b1"]),
        ("cease*", &["a1", "b1"]),
        ("سوريا", &["a3"]),
        // Arabic words match as `search` matches them: hamza forms, attached prefixes.
        ("اطلاق", &["a3"]),
        ("السورية", &["a3"]),
        (r#""وقف اطلاق""#, &["a3"]),
        ("unread tag:news newer:30d", &["a2", "a3"]),
        ("starred or tag:ads", &["a3", "b1", "b2"]),
        ("(starred or tag:ads) feed:tech", &["b1", "b2"]),
        ("unread and not (author:/^PR/ or starred)", &["a4"]),
        ("read or starred untagged", &["a1", "b1", "b3"]),
    ];
    for (text, expected) in cases {
        let mut expected: Vec<ArticleId> = expected.iter().map(|n| ids[n]).collect();
        expected.sort();
        assert_eq!(matching(&store, text), expected, "{text}");
    }
}

#[test]
fn a_query_combines_with_the_plain_filters() {
    let (store, ids) = corpus();
    let filter = ArticleFilter {
        unread_only: true,
        tag: Some("news".into()),
        query: Some(query::parse("author:ammar").unwrap()),
        ..ArticleFilter::default()
    };
    let found: Vec<ArticleId> = store
        .articles(&filter)
        .unwrap()
        .iter()
        .map(|a| a.id)
        .collect();
    assert_eq!(found, [ids["a3"]]);
}

#[test]
fn marking_a_query_read_marks_only_its_stories() {
    let (mut store, ids) = corpus();
    let filter = ArticleFilter {
        query: Some(query::parse("title:/^(Sponsored|Advertisement)/").unwrap()),
        ..ArticleFilter::default()
    };
    assert_eq!(store.mark_matching_read(&filter).unwrap(), 2);
    let mut read = matching(&store, "read");
    read.sort();
    let mut expected = vec![ids["a1"], ids["a2"], ids["b2"], ids["b3"]];
    expected.sort();
    assert_eq!(read, expected);
}
