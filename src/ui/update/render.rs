//! Showing a story in the story pane: its header is laid out here, its text comes from
//! the render cache or is asked of the renderer thread ([`Job::Render`]), so no key waits
//! for a long story to be laid out. Until the text arrives the pane keeps the previous
//! layout (after a resize or a mode change) or shows a placeholder.

use std::sync::Arc;

use crate::store::Article;
use crate::ui::action::Pane;
use crate::ui::effect::{Job, RenderKey, RenderSource};
use crate::ui::layout;
use crate::ui::model::{Body, Reading};
use crate::ui::osc;
use crate::ui::render::{RenderedStory, header};
use crate::ui::update::App;

impl App {
    /// `article` with `body` as its text, laid out for the story pane as it is now.
    pub(crate) fn reading_for(&mut self, article: Article, body: Body) -> Reading {
        let wanted = self.render_key(&article, &body);
        let mut reading = Reading {
            header: Vec::new(),
            story_uri: None,
            text: None,
            wanted,
            scroll: 0,
            article,
            body,
        };
        self.lay_out(&mut reading);
        reading
    }

    /// Lays the open story out again after something it depends on changed: the pane's
    /// width, the right-to-left mode, its tags. The scroll is kept.
    pub(crate) fn relayout_reading(&mut self) {
        if let Some(mut reading) = self.model.reading.take() {
            reading.wanted = self.render_key(&reading.article, &reading.body);
            self.lay_out(&mut reading);
            self.model.reading = Some(reading);
        }
    }

    /// The header for `reading` now, and its text from the cache or asked for.
    fn lay_out(&mut self, reading: &mut Reading) {
        let key = reading.wanted;
        reading.header = header(
            &reading.article,
            key.width,
            self.model.settings.zone,
            key.rtl,
        );
        reading.story_uri = reading.article.link.as_deref().and_then(osc::safe_uri);
        if let Some(text) = self.model.renders.get(&key) {
            reading.text = Some(text);
        } else if !reading.is_current() {
            let source = match &reading.body {
                Body::FullText(page) => RenderSource::Page(page.clone()),
                Body::Feed | Body::Fetching => RenderSource::Stored,
            };
            self.queue_job(Job::Render { key, source });
        }
        reading.clamp_scroll();
        self.model.dirty = true;
    }

    /// The rendering `article` with `body` needs in the pane as it is now.
    fn render_key(&self, article: &Article, body: &Body) -> RenderKey {
        RenderKey {
            id: article.id,
            width: self.story_width(),
            full_text: body.is_full_text(),
            rtl: self.model.settings.rtl,
        }
    }

    /// Columns the story pane wraps text at.
    fn story_width(&self) -> usize {
        let areas = layout::areas(self.model.size.0, self.model.size.1, Pane::Story);
        areas.story.map_or(60, layout::text_width)
    }

    /// The renderer laid a story out: kept for later, and shown if it is what the open
    /// story waits for.
    pub(crate) fn rendered(&mut self, key: RenderKey, result: Result<Arc<RenderedStory>, String>) {
        let wanted = self.model.reading.as_ref().is_some_and(|r| r.wanted == key);
        match result {
            Ok(story) => {
                self.model.renders.put(Arc::clone(&story));
                if let Some(reading) = self.model.reading.as_mut().filter(|_| wanted) {
                    reading.text = Some(story);
                    reading.clamp_scroll();
                    self.model.dirty = true;
                }
            }
            Err(error) if wanted => {
                // The pane stops waiting: it says the text is missing, and the status why.
                if let Some(reading) = self.model.reading.as_mut() {
                    reading.text = Some(Arc::new(RenderedStory::missing(key)));
                    reading.clamp_scroll();
                }
                self.model
                    .fail(&anyhow::anyhow!("laying the story out: {error}"));
            }
            Err(_) => {}
        }
    }
}
