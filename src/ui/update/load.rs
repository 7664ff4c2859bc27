//! Loading what the reader shows from the store: the sidebar's entries and counts, and
//! the story list as a window on its view (only the rows on screen plus a margin are
//! read, so a 100 000-story view costs about what a small one does). Small, indexed reads
//! on the UI thread's own connection; writes never happen here.

use anyhow::Result;

use crate::query::Query;
use crate::sanitize::SafeText;
use crate::store::{Article, ArticleId, Changes};
use crate::ui::action::Pane;
use crate::ui::model::{
    LIST_MARGIN, SearchOrigin, SidebarEntry, StoryList, View, entry, same_view, visible_offset,
};

use super::App;

impl App {
    /// Reloads the sidebar and the current view, keeping selections where possible.
    pub fn reload(&mut self) -> Result<()> {
        self.reload_sidebar()?;
        let view = self
            .model
            .list
            .view
            .clone()
            .unwrap_or_else(|| self.model.selected_view());
        self.load_view(view, true)
    }

    /// Rebuilds the sidebar from the store: counts, tags and feeds.
    pub(crate) fn reload_sidebar(&mut self) -> Result<()> {
        let current = self.model.selected_view();
        let stats = self.store.stats()?;
        let mut entries = vec![
            entry(View::All, stats.unread),
            entry(View::Unread, stats.unread),
            entry(View::Starred, stats.starred),
        ];
        let views = &self.model.settings.views;
        let queries: Vec<Query> = views.iter().map(|v| v.query.clone()).collect();
        let touched = self.touched.take();
        let changes = touched.as_deref().map_or(Changes::Unknown, Changes::Only);
        let counts = self.store.count_views(&mut self.views, &queries, changes)?;
        for (saved, count) in views.iter().zip(counts) {
            let view = View::Saved {
                name: saved.name.clone(),
                query: saved.query.clone(),
            };
            entries.push(entry(view, count.unread));
        }
        if let Some(View::Search(query)) = &self.model.list.view {
            entries.push(entry(View::Search(query.clone()), 0));
        }
        for (tag, unread) in self.store.tag_unread_counts()? {
            entries.push(entry(View::Tag(tag), unread));
        }
        for feed in self.store.feeds()? {
            let label = SafeText::line(feed.display_title());
            let failing = feed.last_error.is_some();
            let view = View::Feed {
                id: feed.id,
                title: label.to_string(),
            };
            entries.push(SidebarEntry {
                view,
                label,
                count: feed.unread_count,
                failing,
            });
        }
        self.model.sidebar.selected = entries
            .iter()
            .position(|e| same_view(&e.view, &current))
            .unwrap_or(0);
        self.model.sidebar.entries = entries;
        self.model.status.stats = Some(stats);
        self.show_writes_in_flight();
        self.model.dirty = true;
        Ok(())
    }

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
            other => match self.model.filter_for(other) {
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
        let previous = self.model.selected_article().map(|a| a.id).filter(|_| keep);
        let (selected, offset) = if keep {
            (self.model.list.selected, self.model.list.offset)
        } else {
            (0, 0)
        };
        let filtered = self.model.filter.is_some() && !matches!(view, View::Search(_));
        self.model.list = StoryList::on_view(view, total, selected, offset);
        if let Some(filter) = self.model.filter.as_ref().filter(|_| filtered) {
            // The filter is prompt input, which only ever holds safe text.
            let label = format!("{} · {}", self.model.list.label, filter.text);
            self.model.list.label = SafeText::line(&label);
        }
        let highlights = self.highlights_of(&articles);
        self.model.list.set_window(0, articles, &highlights);
        self.select_story(selected)?;
        if let Some(position) = previous.and_then(|id| self.model.list.position_of(id)) {
            self.select_story(position)?;
        }
        self.show_writes_in_flight();
        self.model.dirty = true;
        Ok(())
    }

    /// Selects story `position` (clamped), scrolling as little as possible to show it.
    pub(crate) fn select_story(&mut self, position: usize) -> Result<()> {
        self.model.list.selected = position.min(self.model.list.total.saturating_sub(1));
        let height = self.pane_height(Pane::List);
        self.model.list.offset =
            visible_offset(self.model.list.offset, self.model.list.selected, height);
        self.fill_window()
    }

    /// Loads the rows on screen, with [`LIST_MARGIN`] rows either side, unless they are
    /// loaded already: one indexed query for a page, wherever it is in the view.
    fn fill_window(&mut self) -> Result<()> {
        let height = self.pane_height(Pane::List);
        let shown =
            self.model.list.offset..(self.model.list.offset + height).min(self.model.list.total);
        let loaded = self.model.list.loaded();
        if shown.start >= loaded.start && shown.end <= loaded.end {
            return Ok(());
        }
        let Some(mut filter) = self.model.list_filter() else {
            return Ok(());
        };
        let start = shown.start.saturating_sub(LIST_MARGIN);
        let end = (shown.end + LIST_MARGIN).min(self.model.list.total);
        filter.limit = Some(end - start);
        // Counted from the nearer end, so no page skips more than half the view.
        let articles = if start > self.model.list.total - end {
            filter.offset = self.model.list.total - end;
            self.store.articles_from_end(&filter)?
        } else {
            filter.offset = start;
            self.store.articles(&filter)?
        };
        let highlights = self.highlights_of(&articles);
        self.model.list.set_window(start, articles, &highlights);
        self.show_writes_in_flight();
        Ok(())
    }

    /// The first `[[highlight]]` each of `articles` matches: one query over the window,
    /// made when the window is loaded, not on every frame. A failed query only costs the
    /// colours, so it is logged rather than shown.
    fn highlights_of(&self, articles: &[Article]) -> Vec<Option<usize>> {
        let highlights = &self.model.settings.highlights;
        if highlights.is_empty() || articles.is_empty() {
            return Vec::new();
        }
        let ids: Vec<ArticleId> = articles.iter().map(|a| a.id).collect();
        self.store
            .highlights(&ids, highlights.iter().map(|h| &h.query))
            .unwrap_or_else(|error| {
                tracing::warn!(%error, "matching the list's highlights");
                Vec::new()
            })
    }
}
