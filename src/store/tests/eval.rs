//! The in-memory judge that rules use (`query::eval`) against the SQL compiler that
//! lists use: on every stored story of the query corpus, each query without words for
//! the search index gets the same answer from both.

use chrono::Utc;

use super::query::corpus;
use super::*;
use crate::query::eval::{FeedFacts, Predicate, State, Story};

/// Every stored story as the in-memory judge sees it, with its id.
fn judged_stories(store: &Store) -> Vec<(ArticleId, StoredStory)> {
    let mut stmt = store
        .conn
        .prepare(
            "SELECT a.id, a.title, a.author, a.link, a.sort_time, a.read, a.starred, a.hidden,
                    a.feed_id, f.custom_title, f.title, f.url,
                    EXISTS (SELECT 1 FROM enclosures e WHERE e.article_id = a.id)
             FROM articles a JOIN feeds f ON f.id = a.feed_id ORDER BY a.id",
        )
        .unwrap();
    let rows = stmt
        .query_map([], |r| {
            let feed_id: i64 = r.get(8)?;
            let custom: Option<String> = r.get(9)?;
            let title: Option<String> = r.get(10)?;
            let url: String = r.get(11)?;
            Ok((
                ArticleId(r.get(0)?),
                StoredStory {
                    title: r.get(1)?,
                    author: r.get(2)?,
                    link: r.get(3)?,
                    sort_time: r.get(4)?,
                    has_enclosure: r.get(12)?,
                    feed: FeedFacts::subscribed(
                        feed_id,
                        custom.as_deref(),
                        title.as_deref(),
                        &url,
                        tags_of(
                            store,
                            "SELECT tag FROM feed_tags WHERE feed_id = ?1",
                            feed_id,
                        ),
                    ),
                    state: State {
                        read: r.get(5)?,
                        starred: r.get(6)?,
                        hidden: r.get(7)?,
                        tags: Vec::new(),
                        download: false,
                    },
                },
            ))
        })
        .unwrap()
        .collect::<rusqlite::Result<Vec<_>>>()
        .unwrap();
    rows.into_iter()
        .map(|(id, mut story)| {
            story.state.tags = tags_of(
                store,
                "SELECT tag FROM article_tags WHERE article_id = ?1",
                id.0,
            );
            (id, story)
        })
        .collect()
}

struct StoredStory {
    title: String,
    author: Option<String>,
    link: Option<String>,
    sort_time: i64,
    has_enclosure: bool,
    feed: FeedFacts,
    state: State,
}

fn tags_of(store: &Store, sql: &str, id: i64) -> Vec<String> {
    store
        .conn
        .prepare(sql)
        .unwrap()
        .query_map([id], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

#[test]
fn the_in_memory_judge_agrees_with_sql_on_every_story() {
    let (store, _) = corpus();
    let stories = judged_stories(&store);
    assert_eq!(stories.len(), 7);
    let now = Utc::now();
    let queries = [
        "unread",
        "read",
        "starred",
        "-starred",
        "tag:news",
        "tag:ads",
        "tag:syria",
        "untagged",
        "feed:ammar",
        "feed:MAGAZINE",
        "feed:TECH.EXAMPLE",
        "feed:1",
        "feed:2",
        "author:ferris",
        "author:FERRIS",
        r#"author:"Ammar Johmani""#,
        "author:/^PR /",
        "author:/(?i)wire$/",
        "title:/^(Sponsored|Advertisement)/",
        "title:WEATHER",
        "title:سوريا",
        "title:/سوريا$/",
        "link:b3.example",
        r#"link:"/post""#,
        "link:HTTPS://A",
        "newer:7d",
        "older:30d",
        "newer:1y older:7d",
        "newer:2020-01-01",
        "has:enclosure",
        "unread tag:news newer:30d",
        "starred or tag:ads",
        "(starred or tag:ads) feed:tech",
        "unread and not (author:/^PR/ or starred)",
        "read or starred untagged",
        "not (title:a or author:a)",
    ];
    for text in queries {
        let query = crate::query::parse(text).unwrap();
        let predicate = Predicate::new(&query).unwrap();
        let in_memory: Vec<ArticleId> = stories
            .iter()
            .filter(|(_, s)| {
                let story = Story {
                    title: &s.title,
                    author: s.author.as_deref(),
                    link: s.link.as_deref(),
                    sort_time: s.sort_time,
                    has_enclosure: s.has_enclosure,
                    feed: &s.feed,
                };
                predicate.matches(&story, &s.state, now)
            })
            .map(|(id, _)| *id)
            .collect();
        let filter = ArticleFilter {
            query: Some(query),
            ..ArticleFilter::default()
        };
        let mut in_sql: Vec<ArticleId> = store
            .articles(&filter)
            .unwrap()
            .iter()
            .map(|a| a.id)
            .collect();
        in_sql.sort();
        assert_eq!(in_memory, in_sql, "{text}");
    }
}
