//! The open story: its header, laid out on the UI thread (a few short lines), and its
//! text, laid out by the renderer thread and kept in a small cache, so reopening a story
//! or going back to a width seen before shows it at once. Until a rendering arrives the
//! pane shows the previous one (after a resize) or a placeholder; no key waits for it.

use std::sync::Arc;

use crate::feed::FullText;
use crate::store::Article;
use crate::ui::bidi::{DisplayLine, LineKind};
use crate::ui::effect::RenderKey;
use crate::ui::render::RenderedStory;

/// Renderings kept: the open story at a few widths and modes, and the last few opened.
const CACHE_SIZE: usize = 8;

/// The open story, laid out for the story pane's width.
#[derive(Debug, Clone)]
pub struct Reading {
    pub article: Article,
    /// The feed's text or the page's full text.
    pub body: Body,
    /// Title, feed, date, tags and link, ready to draw.
    pub header: Vec<DisplayLine>,
    /// The story's link as an OSC 8 hyperlink target (policy-checked and escaped), for
    /// its line in the header.
    pub story_uri: Option<String>,
    /// The laid-out text: the one asked for, or the previous one until it arrives.
    pub text: Option<Arc<RenderedStory>>,
    /// The rendering this story needs now (width and mode included).
    pub wanted: RenderKey,
    pub scroll: usize,
}

impl Reading {
    /// The text width the story is laid out for.
    pub fn width(&self) -> usize {
        self.wanted.width
    }

    /// Whether the text shown is the one wanted (not a placeholder or an older width).
    pub(crate) fn is_current(&self) -> bool {
        self.text.as_ref().is_some_and(|t| t.key == self.wanted)
    }

    /// Every line of the pane: header, then the text (or a placeholder while rendering).
    pub fn lines(&self) -> impl Iterator<Item = &DisplayLine> {
        let body: &[DisplayLine] = self.text.as_ref().map_or(&[], |t| &t.lines);
        let placeholder = self.text.is_none().then_some(&*PLACEHOLDER);
        self.header.iter().chain(placeholder).chain(body)
    }

    /// How many lines [`Reading::lines`] gives.
    pub(crate) fn line_count(&self) -> usize {
        self.header.len() + self.text.as_ref().map_or(1, |t| t.lines.len())
    }

    /// The story's links as hyperlink targets, as [`Reading::links`] numbers them.
    pub fn hyperlinks(&self) -> &[Option<String>] {
        self.text.as_ref().map_or(&[], |t| &t.hyperlinks)
    }

    /// The story's links, numbered from 1 in the text.
    pub fn links(&self) -> &[String] {
        self.text.as_ref().map_or(&[], |t| &t.links)
    }

    /// Keeps the scroll inside the text.
    pub(crate) fn clamp_scroll(&mut self) {
        self.scroll = self.scroll.min(self.line_count().saturating_sub(1));
    }
}

/// Shown where the text goes until its first rendering arrives.
static PLACEHOLDER: std::sync::LazyLock<DisplayLine> = std::sync::LazyLock::new(|| {
    DisplayLine::new(
        vec![crate::sanitize::Span {
            text: "Laying the story out…".into(),
            style: crate::sanitize::Style::default(),
            link: None,
        }],
        LineKind::Meta,
    )
});

/// Which text of a story the story pane shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Body {
    /// What the feed sent.
    #[default]
    Feed,
    /// What the feed sent, while the story's page is fetched for its full text.
    Fetching,
    /// The main content of the story's web page.
    FullText(FullText),
}

impl Body {
    /// Whether this is the page's text.
    pub(crate) fn is_full_text(&self) -> bool {
        matches!(self, Self::FullText(_))
    }
}

/// The last few renderings, newest last.
#[derive(Debug, Clone, Default)]
pub struct RenderCache {
    entries: Vec<Arc<RenderedStory>>,
}

impl RenderCache {
    /// The rendering for `key`, if it is kept (and marks it recently used).
    pub fn get(&mut self, key: &RenderKey) -> Option<Arc<RenderedStory>> {
        let index = self.entries.iter().position(|e| e.key == *key)?;
        let entry = self.entries.remove(index);
        self.entries.push(Arc::clone(&entry));
        Some(entry)
    }

    /// Keeps `story`, forgetting the least recently used rendering beyond the cache's size.
    pub fn put(&mut self, story: Arc<RenderedStory>) {
        self.entries.retain(|e| e.key != story.key);
        self.entries.push(story);
        if self.entries.len() > CACHE_SIZE {
            self.entries.remove(0);
        }
    }
}
