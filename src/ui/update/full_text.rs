//! Full text in the reader: a story of a feed with full text on shows its page's main
//! content, fetched in the background when it is first opened and kept in the store; the
//! full-text key (`x`) does the same for any story, and switches back to the feed's text.

use anyhow::Result;
use url::Url;

use crate::feed::FullText;
use crate::store::{Article, ArticleId};
use crate::story_text::{self, Source};
use crate::ui::effect::Task;
use crate::ui::model::Body;
use crate::ui::update::App;

impl App {
    /// The text to open `article` with: its kept full text, else the feed's (as
    /// [`story_text`] decides for every reader). When its feed wants full text and none is
    /// kept, the page is fetched meanwhile.
    pub(crate) fn body_on_open(&mut self, article: &Article) -> Result<Body> {
        let status = self.store.full_text(article.id)?;
        if let Source::Page(text) = story_text::source(status.cached) {
            return Ok(Body::FullText(text));
        }
        match web_link(article).filter(|_| status.wanted) {
            Some(url) => {
                self.fetch_full_text(article.id, url);
                Ok(Body::Fetching)
            }
            None => Ok(Body::Feed),
        }
    }

    /// `x`: the open story's full text, fetched if need be; pressed again, the feed's text.
    pub(crate) fn toggle_full_text(&mut self) -> Result<()> {
        let Some(reading) = &self.model.reading else {
            self.model.say("Open a story to see its full text");
            return Ok(());
        };
        let article = reading.article.clone();
        match reading.body {
            Body::FullText(_) => {
                let reading = self.reading_for(article, Body::Feed);
                self.model.reading = Some(reading);
                self.model.say("Showing the feed's text");
            }
            Body::Fetching => self.model.say("Fetching the story's page…"),
            Body::Feed => {
                if let Some(text) = self.store.full_text(article.id)?.cached {
                    let reading = self.reading_for(article, Body::FullText(text));
                    self.model.reading = Some(reading);
                    self.model.say("Showing the full text");
                } else if let Some(url) = web_link(&article) {
                    self.fetch_full_text(article.id, url);
                    if let Some(reading) = &mut self.model.reading {
                        reading.body = Body::Fetching;
                    }
                    self.model.say("Fetching the story's page…");
                } else {
                    self.model.say("This story has no web page to fetch");
                }
            }
        }
        Ok(())
    }

    /// A fetch of a story's page ended. The task kept the text in the store already; it is
    /// shown if the story is still open and waiting for it.
    pub(crate) fn full_text_fetched(&mut self, id: ArticleId, result: Result<FullText, String>) {
        self.model.full_text_pending.remove(&id);
        let waiting = self
            .model
            .reading
            .as_ref()
            .filter(|r| r.article.id == id && r.body == Body::Fetching)
            .map(|r| r.article.clone());
        let Some(article) = waiting else {
            return;
        };
        match result {
            Ok(text) => {
                let reading = self.reading_for(article, Body::FullText(text));
                self.model.reading = Some(reading);
                self.model.say("Showing the full text");
            }
            Err(error) => {
                if let Some(reading) = &mut self.model.reading {
                    reading.body = Body::Feed;
                }
                self.model.fail(&anyhow::anyhow!("full text: {error}"));
            }
        }
    }

    /// Starts fetching a story's page unless a fetch for it is running already.
    fn fetch_full_text(&mut self, id: ArticleId, url: String) {
        if self.model.full_text_pending.insert(id) {
            self.start_task(Task::FullText { id, url });
        }
    }
}

/// The story's link when it is a web page; other schemes (a feed's `file:` links) are
/// never fetched.
fn web_link(article: &Article) -> Option<String> {
    let url = Url::parse(article.link.as_deref()?).ok()?;
    matches!(url.scheme(), "http" | "https").then(|| url.into())
}
