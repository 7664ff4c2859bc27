//! The renderer thread: lays stories out for the story pane ([`render_story`]) on its own
//! read connection, so opening a 10 MiB story, resizing or toggling full text never holds
//! a frame. Only the newest request counts: requests that a later one has overtaken
//! while a long story was being laid out are dropped unread.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::Receiver;

use super::input::EventSender;
use super::supervise::{fault_point, guarded};
use crate::store::Store;
use crate::story_text;
use crate::ui::effect::{RenderKey, RenderSource};
use crate::ui::event::Event;
use crate::ui::render::{RenderedStory, render_story};

/// Lays stories out and reports each one.
pub struct Renderer {
    path: PathBuf,
    /// Opened on the first story read from the store, so starting the reader does not
    /// wait for a connection no frame needs yet.
    store: Option<Result<Store, String>>,
    events: EventSender,
}

impl Renderer {
    /// A renderer reading stories from the database at `path`.
    pub fn open(path: &Path, events: EventSender) -> Self {
        Self {
            path: path.to_path_buf(),
            store: None,
            events,
        }
    }

    /// Lays out `source` for `key` and sends [`Event::Rendered`]; a panic fails this
    /// rendering only (the pane says so) and the next ones still run.
    pub fn run(&mut self, key: RenderKey, source: &RenderSource) {
        let result = guarded("the renderer", || {
            fault_point("renderer");
            self.render(key, source)
        })
        .and_then(|result| result);
        let _ = self.events.send(Event::Rendered { key, result });
    }

    fn render(
        &mut self,
        key: RenderKey,
        source: &RenderSource,
    ) -> Result<Arc<RenderedStory>, String> {
        let path = &self.path;
        let store = self
            .store
            .get_or_insert_with(|| {
                Store::open(path).map_err(|e| format!("{:#}", anyhow::Error::from(e)))
            })
            .as_ref()
            .map_err(Clone::clone)?;
        let fail = |e: crate::store::Error| format!("{:#}", anyhow::Error::from(e));
        // The feed's learned template goes from either text, as from `show` and the index.
        let template = store.template_of_story(key.id).map_err(fail)?;
        let story = match source {
            RenderSource::Page(page) => {
                let html = story_text::without_template(&page.html, &template);
                render_story(key, &html, Some(&page.url))
            }
            RenderSource::Stored => {
                let story = store.story(key.id).map_err(fail)?;
                let html = story_text::without_template(&story.content_html, &template);
                render_story(key, &html, story.base_url.as_deref())
            }
        };
        Ok(Arc::new(story))
    }

    /// Runs requests from `queue` until it closes, skipping any that a newer one waiting
    /// behind it has made stale.
    pub fn serve(mut self, queue: &Receiver<(RenderKey, RenderSource)>) {
        while let Ok(mut request) = queue.recv() {
            while let Ok(newer) = queue.try_recv() {
                request = newer;
            }
            self.run(request.0, &request.1);
        }
    }
}
