//! The story list as a window on its view: the view's size is counted, and only the rows
//! on screen plus a margin are loaded, so opening, scrolling or jumping to the end of a
//! 100 000-story view costs about what a small one does. Search results are the exception:
//! they are ranked, not paged, and loaded whole (at most [`SEARCH_LIMIT`]), by a search on
//! the indexer thread.

use std::ops::Range;

use super::View;
use crate::sanitize::SafeText;
use crate::store::{Article, ArticleId};

/// Rows loaded beyond each edge of the visible part of the list, so moving a page or two
/// does not wait on the store.
pub const LIST_MARGIN: usize = 100;

/// The stories of the current view: how many there are, and the loaded window of them.
/// Positions count from the view's first (newest) story.
#[derive(Debug, Clone, Default)]
pub struct StoryList {
    pub view: Option<View>,
    /// The view's name for the pane's title, made safe when the view was shown.
    pub label: SafeText,
    /// Stories in the view.
    pub total: usize,
    /// Position of `articles[0]`.
    pub start: usize,
    /// The loaded stories, in view order from position `start`.
    pub articles: Vec<Article>,
    /// What each loaded story's row shows (`rows[i]` is `articles[i]`'s), made safe once
    /// when the window is loaded rather than on every frame. Set with the articles by
    /// [`StoryList::set_window`].
    rows: Vec<RowText>,
    /// Position of the selected story.
    pub selected: usize,
    /// Position of the first row shown.
    pub offset: usize,
}

/// The text of one row of the list, terminal-safe.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowText {
    /// The story the text belongs to: a row is never drawn with another story's text.
    id: ArticleId,
    /// The feed's name.
    pub feed: SafeText,
    /// The story's title.
    pub title: SafeText,
    /// The first `[[highlight]]` (an index into the settings' list) that matches it.
    pub highlight: Option<usize>,
}

impl RowText {
    fn of(article: &Article, highlight: Option<usize>) -> Self {
        Self {
            id: article.id,
            feed: SafeText::line(&article.feed),
            title: SafeText::line(&article.title),
            highlight,
        }
    }
}

impl StoryList {
    /// An empty window on `view`, which has `total` stories, with `selected` and `offset`
    /// as they should be once the window is filled.
    pub(crate) fn on_view(view: View, total: usize, selected: usize, offset: usize) -> Self {
        Self {
            label: SafeText::line(&view.label()),
            view: Some(view),
            total,
            selected,
            offset,
            ..Self::default()
        }
    }

    /// Replaces the loaded window: `articles` from position `start`, with their rows'
    /// text made safe here, once, and `highlights[i]` the highlight of `articles[i]`
    /// (missing ones are none).
    pub(crate) fn set_window(
        &mut self,
        start: usize,
        articles: Vec<Article>,
        highlights: &[Option<usize>],
    ) {
        self.rows = articles
            .iter()
            .enumerate()
            .map(|(i, a)| RowText::of(a, highlights.get(i).copied().flatten()))
            .collect();
        self.articles = articles;
        self.start = start;
    }

    /// The story at `position` and its row's text, if it is loaded.
    pub fn row(&self, position: usize) -> Option<(&Article, &RowText)> {
        let index = position.checked_sub(self.start)?;
        let article = self.articles.get(index)?;
        let text = self.rows.get(index).filter(|r| r.id == article.id)?;
        Some((article, text))
    }

    /// The story at `position`, if it is loaded.
    pub fn get(&self, position: usize) -> Option<&Article> {
        self.articles.get(position.checked_sub(self.start)?)
    }

    /// Positions of the loaded stories.
    pub fn loaded(&self) -> Range<usize> {
        self.start..self.start + self.articles.len()
    }

    /// Position of story `id`, if it is loaded.
    pub(crate) fn position_of(&self, id: ArticleId) -> Option<usize> {
        let index = self.articles.iter().position(|a| a.id == id)?;
        Some(self.start + index)
    }
}

/// The first visible row that keeps `selected` in a window of `height` rows, moving the
/// window as little as possible.
pub(crate) fn visible_offset(offset: usize, selected: usize, height: usize) -> usize {
    if selected < offset {
        selected
    } else if selected >= offset + height {
        selected + 1 - height.max(1)
    } else {
        offset
    }
}
