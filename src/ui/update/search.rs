//! Searching and indexing in the background, and noticing other processes' changes. A `/`
//! search runs on the indexer thread, which first catches the full-text index up; the
//! index is also caught up in short slices after the reader's refreshes and while it is
//! idle (from its first quiet second, and after the database changed); and the slow tick
//! compares `PRAGMA data_version` to reload what a cron `refresh` or a CLI command changed.

use anyhow::{Result, anyhow};

use crate::store::Article;
use crate::ui::action::{Mode, Pane};
use crate::ui::effect::{Job, SEARCH_LIMIT, SearchId};
use crate::ui::model::RenderCache;
use crate::ui::model::{PendingSearch, SearchOrigin, View};
use crate::ui::update::App;

impl App {
    /// Sends `query` to the indexer thread; its results arrive as [`Event::Searched`].
    /// A refresh of the search view never replaces a search the user asked for.
    ///
    /// [`Event::Searched`]: crate::ui::Event::Searched
    pub(crate) fn request_search(&mut self, query: String, origin: SearchOrigin) {
        let asked = self
            .model
            .work
            .search
            .as_ref()
            .is_some_and(|s| s.origin != SearchOrigin::Reload);
        if origin == SearchOrigin::Reload && asked {
            return;
        }
        let id = SearchId(self.model.work.next_id());
        self.queue_job(Job::Search {
            id,
            query: query.clone(),
            limit: SEARCH_LIMIT,
        });
        self.model.work.search = Some(PendingSearch { id, query, origin });
        self.model.dirty = true;
    }

    /// A search ended. Results nobody waits for any more are dropped: a later search
    /// replaced it, or the user left the view it was for.
    pub(crate) fn searched(&mut self, id: SearchId, result: Result<Vec<Article>, String>) {
        let Some(search) = self.model.work.search.take_if(|s| s.id == id) else {
            return;
        };
        let view = View::Search(search.query.clone());
        let wanted = match search.origin {
            SearchOrigin::Prompt => true,
            SearchOrigin::Sidebar => self.model.selected_view() == view,
            SearchOrigin::Reload => self.model.list.view.as_ref() == Some(&view),
        };
        let shown = match result {
            Ok(found) if wanted => self.show_search(&search, found),
            Ok(_) => Ok(()),
            Err(error) => Err(anyhow!(error)),
        };
        if let Err(err) = shown {
            self.model.fail(&err);
        }
        self.model.dirty = true;
    }

    fn show_search(&mut self, search: &PendingSearch, found: Vec<Article>) -> Result<()> {
        let count = found.len();
        let keep = search.origin == SearchOrigin::Reload;
        self.show_list(View::Search(search.query.clone()), count, found, keep)?;
        if search.origin == SearchOrigin::Prompt {
            self.reload_sidebar()?;
            self.model.focus = Pane::List;
            self.model.say(if count >= SEARCH_LIMIT {
                format!("Showing the best {count} matches")
            } else {
                format!("{count} stories found")
            });
        }
        Ok(())
    }

    /// Esc while a search runs: stop waiting for it. Returns whether there was one.
    pub(crate) fn cancel_search(&mut self) -> bool {
        let cancelled = self
            .model
            .work
            .search
            .take_if(|s| s.origin != SearchOrigin::Reload)
            .is_some();
        if cancelled {
            self.model.say("Search cancelled");
        }
        cancelled
    }

    /// Asks the indexer thread for a slice of indexing, unless one is on its way.
    pub(crate) fn request_index(&mut self) {
        if !self.model.work.index_asked {
            self.model.work.index_asked = true;
            self.queue_job(Job::Index);
        }
    }

    /// A slice of indexing (or a search's catch-up) ended or made progress: stories
    /// still waiting, or why it stopped. The next slice follows at once unless a key was
    /// pressed meanwhile (then it waits for a quiet tick, [`App::index_when_idle`]) or a
    /// search is catching the index up anyway.
    pub(crate) fn indexed(&mut self, result: Result<u64, String>) {
        self.model.work.index_asked = false;
        match result {
            Ok(pending) => {
                self.model.status.indexing = (pending > 0).then_some(pending);
                if pending > 0 && !self.model.work.input_seen && self.model.work.search.is_none() {
                    self.request_index();
                }
            }
            Err(error) => {
                self.model.status.indexing = None;
                self.model
                    .fail(&anyhow!("indexing stories for search: {error}"));
            }
        }
        self.model.dirty = true;
    }

    /// On the tick: starts or resumes indexing if stories (may) wait and no key was
    /// pressed since the last tick.
    pub(crate) fn index_when_idle(&mut self) {
        let quiet = !std::mem::take(&mut self.model.work.input_seen);
        if quiet && (self.model.work.index_due || self.model.status.indexing.is_some()) {
            self.model.work.index_due = false;
            self.request_index();
        }
    }

    /// On the tick: if another connection committed since the reader last loaded (a cron
    /// refresh, a CLI `star`, the reader's own background threads), reload the counts and
    /// the list window, keeping the selection, and index new stories when idle. Not while
    /// a prompt is open, whose target must not move; the change waits for the next tick.
    pub(crate) fn notice_changes(&mut self) {
        if matches!(self.model.mode, Mode::Prompt(_)) {
            return;
        }
        let version = match self.store.data_version() {
            Ok(version) => version,
            Err(err) => return self.model.fail(&err.into()),
        };
        if version == self.model.work.data_version {
            return;
        }
        // A refresh may have changed stories' texts: lay them out afresh when next shown.
        self.model.renders = RenderCache::default();
        self.sync_quietly();
        if self.model.mode == Mode::Welcome {
            self.model.mode = self.resting_mode();
        }
        self.model.work.index_due = true;
    }
}
