//! The `--json` shapes, apart from the store's rows: every text field is a [`SafeText`],
//! so stored strings (OPML titles, server-supplied links, `last_error`) reach stdout only
//! through the sanitizer. [`Json`] marks the types [`super::output::json`] may print.
//!
//! The field names and types are the stable JSON the README documents.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::feed::Enclosure;
use crate::sanitize::SafeText;
use crate::store::{Article, FeedRow, Stats};
use crate::story_text::StoryText;

/// A value `--json` may print: its strings have all passed the sanitizer. Implemented
/// here and in `inspect` only, for types whose text fields are [`SafeText`].
pub trait Json: Serialize {}

impl<T: Json> Json for [T] {}
impl<T: Json> Json for Vec<T> {}

/// `list`, `search`: one story.
#[derive(Debug, Serialize)]
pub struct ArticleJson {
    id: i64,
    feed_id: Option<i64>,
    feed: SafeText,
    title: SafeText,
    link: Option<SafeText>,
    author: Option<SafeText>,
    published: Option<DateTime<Utc>>,
    read: bool,
    starred: bool,
    tags: Vec<SafeText>,
    /// The story's text is its page's (kept), not the feed's.
    full_text: bool,
    /// The files it carries (podcast episodes), in the feed's order.
    enclosures: Vec<EnclosureJson>,
}

/// One file a story carries.
#[derive(Debug, Serialize)]
pub struct EnclosureJson {
    url: SafeText,
    mime: Option<SafeText>,
    /// Bytes, when the feed says.
    length: Option<u64>,
    /// Playing time in seconds, when the feed says.
    duration: Option<u64>,
    title: Option<SafeText>,
}

impl Json for EnclosureJson {}

impl From<&Enclosure> for EnclosureJson {
    fn from(e: &Enclosure) -> Self {
        Self {
            url: SafeText::line(&e.url),
            mime: line(e.mime.as_deref()),
            length: e.length,
            duration: e.duration_secs,
            title: line(e.title.as_deref()),
        }
    }
}

impl Json for ArticleJson {}

impl From<&Article> for ArticleJson {
    fn from(a: &Article) -> Self {
        Self {
            id: a.id.0,
            feed_id: a.feed_id.map(|f| f.0),
            feed: SafeText::line(&a.feed),
            title: SafeText::line(&a.title),
            link: line(a.link.as_deref()),
            author: line(a.author.as_deref()),
            published: a.published,
            read: a.read,
            starred: a.starred,
            tags: all(&a.tags),
            full_text: a.full_text,
            enclosures: a.enclosures.iter().map(EnclosureJson::from).collect(),
        }
    }
}

/// `show`: one story with its text, as `show` prints it.
#[derive(Debug, Serialize)]
pub struct StoryJson {
    #[serde(flatten)]
    article: ArticleJson,
    /// The page the text came from, when it is the story's page.
    full_text_url: Option<SafeText>,
    /// The story's text, wrapped as `show` wraps it, links listed at the end.
    text: SafeText,
}

impl Json for StoryJson {}

impl StoryJson {
    /// `article` with `text` (the story's text, as [`crate::story_text`] chose it),
    /// rendered as `body`.
    pub fn new(article: &Article, text: &StoryText<'_>, body: SafeText) -> Self {
        let mut article = ArticleJson::from(article);
        article.full_text = text.full_text;
        Self {
            article,
            full_text_url: line(text.base_url.filter(|_| text.full_text)),
            text: body,
        }
    }
}

/// `feeds`: one subscription with its fetch state.
#[derive(Debug, Serialize)]
pub struct FeedJson {
    id: i64,
    url: SafeText,
    title: Option<SafeText>,
    link: Option<SafeText>,
    tags: Vec<SafeText>,
    last_fetched: Option<DateTime<Utc>>,
    last_error: Option<SafeText>,
    article_count: u64,
    unread_count: u64,
    full_text: bool,
    /// What had to be repaired in its last document (read all the same), if anything.
    warning: Option<SafeText>,
}

impl Json for FeedJson {}

impl From<&FeedRow> for FeedJson {
    fn from(f: &FeedRow) -> Self {
        Self {
            id: f.id.0,
            url: SafeText::line(&f.url),
            title: line(f.title.as_deref()),
            link: line(f.link.as_deref()),
            tags: all(&f.tags),
            last_fetched: f.last_fetched,
            last_error: line(f.last_error.as_deref()),
            article_count: f.article_count,
            unread_count: f.unread_count,
            full_text: f.full_text,
            warning: line(f.warning.as_deref()),
        }
    }
}

/// `stats`: totals only, no text; a type of its own so the store's row never serializes.
#[derive(Debug, Serialize)]
pub struct StatsJson {
    feeds: u64,
    articles: u64,
    unread: u64,
    starred: u64,
    tags: u64,
    db_bytes: u64,
}

impl Json for StatsJson {}

impl From<&Stats> for StatsJson {
    fn from(s: &Stats) -> Self {
        Self {
            feeds: s.feeds,
            articles: s.articles,
            unread: s.unread,
            starred: s.starred,
            tags: s.tags,
            db_bytes: s.db_bytes,
        }
    }
}

/// `sync`: counts only.
impl Json for crate::sync::Summary {}

fn line(raw: Option<&str>) -> Option<SafeText> {
    raw.map(SafeText::line)
}

/// Every item kept (even one left empty), so a list keeps its length.
fn all(items: &[String]) -> Vec<SafeText> {
    items.iter().map(|s| SafeText::line(s)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::{ArticleId, FeedId};

    #[test]
    fn article_json_keeps_the_documented_shape_and_cleans_text() {
        let article = Article {
            id: ArticleId(42),
            feed_id: Some(FeedId(3)),
            feed: "Feed\u{202e}".into(),
            title: "T\u{1b}[2Jitle".into(),
            link: Some("https://x/\u{9b}1m".into()),
            author: None,
            published: None,
            read: false,
            starred: true,
            tags: vec!["syria\u{7}".into()],
            full_text: true,
            enclosures: vec![Enclosure {
                url: "https://x/a.mp3\u{7}".into(),
                mime: Some("audio/mpeg".into()),
                length: Some(5),
                duration_secs: None,
                title: Some("\u{1b}]0;x\u{7}Ep".into()),
            }],
        };
        assert_eq!(
            serde_json::to_string(&ArticleJson::from(&article)).unwrap(),
            r#"{"id":42,"feed_id":3,"feed":"Feed","title":"Title","link":"https://x/","author":null,"published":null,"read":false,"starred":true,"tags":["syria"],"full_text":true,"enclosures":[{"url":"https://x/a.mp3","mime":"audio/mpeg","length":5,"duration":null,"title":"Ep"}]}"#
        );
    }
}
