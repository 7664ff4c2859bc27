//! Full text: the per-feed opt-in, and the main content of stories' web pages, cached so
//! a page is fetched once however often its story is opened.

use rusqlite::{OptionalExtension, params};

use super::pages::{CURRENT_PAGE, save_page_row};
use super::template::learn_stored;
use super::{ArticleId, Error, FeedId, Result, Store};
use crate::feed::FullText;

/// What the reader needs to know about a story's full text when opening it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FullTextStatus {
    /// The story's feed has full text turned on: fetch the page when the story is opened.
    pub wanted: bool,
    /// The page's main content, if it was fetched before.
    pub cached: Option<FullText>,
}

impl Store {
    /// The address of the feed story `id` came from (`None` once its feed is gone): its
    /// links may reach a private address only if the feed itself lives on one.
    pub(crate) fn feed_url_of(&self, id: ArticleId) -> Result<Option<String>> {
        let url: Option<Option<String>> = self
            .conn
            .query_row(
                "SELECT f.url FROM articles a LEFT JOIN feeds f ON f.id = a.feed_id
                 WHERE a.id = ?1",
                [id.0],
                |r| r.get(0),
            )
            .optional()?;
        url.ok_or(Error::ArticleNotFound(id.0))
    }

    /// Turns full text on or off for a feed. Turned on, the feed learns its template
    /// from the stories it has already (see [`crate::sanitize::template`]).
    pub fn set_full_text(&mut self, feed: FeedId, on: bool) -> Result<()> {
        self.write(|tx| {
            let was: Option<bool> = tx
                .query_row("SELECT full_text FROM feeds WHERE id = ?1", [feed.0], |r| {
                    r.get(0)
                })
                .optional()?;
            let was = was.ok_or_else(|| Error::FeedNotFound(feed.to_string()))?;
            tx.execute(
                "UPDATE feeds SET full_text = ?2 WHERE id = ?1",
                params![feed.0, on],
            )?;
            if on && !was {
                learn_stored(tx, feed)?;
            }
            Ok(())
        })
    }

    /// Whether a story's feed wants full text, and the full text fetched before.
    pub fn full_text(&self, id: ArticleId) -> Result<FullTextStatus> {
        let found = self
            .conn
            .prepare_cached(&format!(
                "SELECT COALESCE(f.full_text, 0), t.html, t.url FROM articles a
                 LEFT JOIN feeds f ON f.id = a.feed_id {CURRENT_PAGE}
                 WHERE a.id = ?1"
            ))?
            .query_row([id.0], |r| {
                let html: Option<String> = r.get(1)?;
                let url: Option<String> = r.get(2)?;
                Ok(FullTextStatus {
                    wanted: r.get(0)?,
                    cached: html.zip(url).map(|(html, url)| FullText { html, url }),
                })
            })
            .optional()?;
        found.ok_or(Error::ArticleNotFound(id.0))
    }

    /// Keeps the full text fetched for a story, for the link it has now, replacing any
    /// kept before (the reader's fetch; refresh uses [`Store::save_page`]).
    pub fn save_full_text(&mut self, id: ArticleId, text: &FullText) -> Result<()> {
        self.write(|tx| save_page_row(tx, id, None, text).map(|_| ()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::feed::parse_feed;
    use crate::store::{ArticleFilter, NewFeed};

    fn store_with_story() -> (Store, FeedId, ArticleId) {
        let mut store = Store::open_in_memory().unwrap();
        let feed = store
            .add_feed(&NewFeed {
                url: "http://example.com/feed".into(),
                title: None,
                tags: Vec::new(),
            })
            .unwrap();
        let parsed = parse_feed(
            b"<rss version='2.0'><channel><title>t</title><item><guid>1</guid>\
              <title>One</title><link>http://example.com/1</link>\
              <description>Summary</description></item></channel></rss>",
            None,
        )
        .unwrap();
        store.save_feed(feed, &parsed).unwrap();
        let id = store.articles(&ArticleFilter::default()).unwrap()[0].id;
        (store, feed, id)
    }

    fn text(html: &str) -> FullText {
        FullText {
            html: html.into(),
            url: "http://example.com/1".into(),
        }
    }

    #[test]
    fn full_text_is_off_until_turned_on() {
        let (mut store, feed, id) = store_with_story();
        assert!(!store.feed(feed).unwrap().full_text);
        assert_eq!(store.full_text(id).unwrap(), FullTextStatus::default());
        store.set_full_text(feed, true).unwrap();
        assert!(store.feed(feed).unwrap().full_text);
        assert!(store.full_text(id).unwrap().wanted);
        store.set_full_text(feed, false).unwrap();
        assert!(!store.full_text(id).unwrap().wanted);
        assert!(matches!(
            store.set_full_text(FeedId(99), true),
            Err(Error::FeedNotFound(_))
        ));
    }

    #[test]
    fn saved_full_text_is_cached_and_replaced() {
        let (mut store, _, id) = store_with_story();
        store.save_full_text(id, &text("<p>Old</p>")).unwrap();
        store.save_full_text(id, &text("<p>New</p>")).unwrap();
        assert_eq!(
            store.full_text(id).unwrap().cached,
            Some(text("<p>New</p>"))
        );
        assert!(matches!(
            store.save_full_text(ArticleId(99), &text("x")),
            Err(Error::ArticleNotFound(99))
        ));
        assert!(matches!(
            store.full_text(ArticleId(99)),
            Err(Error::ArticleNotFound(99))
        ));
    }

    #[test]
    fn full_text_goes_with_its_story() {
        let (mut store, feed, id) = store_with_story();
        store.save_full_text(id, &text("<p>Page</p>")).unwrap();
        store.remove_feed(feed).unwrap();
        let left: i64 = store
            .conn
            .query_row("SELECT count(*) FROM article_full_text", [], |r| r.get(0))
            .unwrap();
        assert_eq!(left, 0);
    }
}
