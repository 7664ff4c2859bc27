//! The story list as a window on its view: the view's size is counted, and only the rows
//! on screen plus a margin are loaded, so opening, scrolling or jumping to the end of a
//! 100 000-story view costs about what a small one does. Search results are the exception:
//! they are ranked, not paged, and loaded whole (at most [`SEARCH_LIMIT`]), by a search on
//! the indexer thread.

use std::ops::Range;

use anyhow::Result;

use super::{App, SearchOrigin, View};
use crate::sanitize::SafeText;
use crate::store::{Article, ArticleId};
use crate::ui::action::Pane;
use crate::ui::update::visible_offset;

/// Rows loaded beyond each edge of the visible part of the list, so moving a page or two
/// does not wait on the store.
pub const LIST_MARGIN: usize = 100;

/// Search results kept, best match first.
pub const SEARCH_LIMIT: usize = 1000;

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
}

impl RowText {
    fn of(article: &Article) -> Self {
        Self {
            id: article.id,
            feed: SafeText::line(&article.feed),
            title: SafeText::line(&article.title),
        }
    }
}

impl StoryList {
    /// Replaces the loaded window: `articles` from position `start`, with their rows'
    /// text made safe here, once.
    pub fn set_window(&mut self, start: usize, articles: Vec<Article>) {
        self.rows = articles.iter().map(RowText::of).collect();
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
    pub fn position_of(&self, id: ArticleId) -> Option<usize> {
        let index = self.articles.iter().position(|a| a.id == id)?;
        Some(self.start + index)
    }
}

impl App {
    /// Shows `view` in the list. With `keep`, the selected story stays selected if it is
    /// still near where it was (else its position does), and the scroll is kept.
    /// A search view is searched in the background ([`App::request_search`]): the list
    /// changes when its results arrive.
    pub fn load_view(&mut self, view: View, keep: bool) -> Result<()> {
        let total = match &view {
            View::Search(query) => {
                let origin = if keep {
                    SearchOrigin::Reload
                } else {
                    SearchOrigin::Sidebar
                };
                self.request_search(query.clone(), origin);
                return Ok(());
            }
            other => match other.filter() {
                Some(filter) => self.store.count_articles(&filter)? as usize,
                None => 0,
            },
        };
        self.show_list(view, total, Vec::new(), keep)
    }

    /// Shows `view` with `total` stories, `articles` loaded from its start (the rest are
    /// loaded as the window needs them); `keep` as for [`App::load_view`].
    pub(crate) fn show_list(
        &mut self,
        view: View,
        total: usize,
        articles: Vec<Article>,
        keep: bool,
    ) -> Result<()> {
        let previous = self.selected_article().map(|a| a.id).filter(|_| keep);
        let (selected, offset) = if keep {
            (self.list.selected, self.list.offset)
        } else {
            (0, 0)
        };
        let label = SafeText::line(&view.label());
        self.list = StoryList {
            view: Some(view),
            label,
            total,
            selected,
            offset,
            ..StoryList::default()
        };
        self.list.set_window(0, articles);
        self.select_story(selected)?;
        if let Some(position) = previous.and_then(|id| self.list.position_of(id)) {
            self.select_story(position)?;
        }
        self.show_writes_in_flight();
        self.dirty = true;
        Ok(())
    }

    /// Selects story `position` (clamped), scrolling as little as possible to show it.
    pub(crate) fn select_story(&mut self, position: usize) -> Result<()> {
        self.list.selected = position.min(self.list.total.saturating_sub(1));
        let height = self.pane_height(Pane::List);
        self.list.offset = visible_offset(self.list.offset, self.list.selected, height);
        self.fill_window()
    }

    /// Loads the rows on screen, with [`LIST_MARGIN`] rows either side, unless they are
    /// loaded already: one indexed query for a page, wherever it is in the view.
    fn fill_window(&mut self) -> Result<()> {
        let height = self.pane_height(Pane::List);
        let shown = self.list.offset..(self.list.offset + height).min(self.list.total);
        let loaded = self.list.loaded();
        if shown.start >= loaded.start && shown.end <= loaded.end {
            return Ok(());
        }
        let Some(mut filter) = self.list.view.as_ref().and_then(View::filter) else {
            return Ok(());
        };
        let start = shown.start.saturating_sub(LIST_MARGIN);
        let end = (shown.end + LIST_MARGIN).min(self.list.total);
        filter.limit = Some(end - start);
        // Counted from the nearer end, so no page skips more than half the view.
        let articles = if start > self.list.total - end {
            filter.offset = self.list.total - end;
            self.store.articles_from_end(&filter)?
        } else {
            filter.offset = start;
            self.store.articles(&filter)?
        };
        self.list.set_window(start, articles);
        self.show_writes_in_flight();
        Ok(())
    }
}
