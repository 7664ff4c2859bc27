//! Searching and indexing in the background, and noticing other processes' changes. A `/`
//! search runs on the indexer thread, which first catches the full-text index up; the
//! index is also caught up in short slices after the reader's refreshes and while it is
//! idle (from its first quiet second, and after the database changed); and the slow tick
//! compares `PRAGMA data_version` to reload what a cron `refresh` or a CLI command changed.

use anyhow::{Result, anyhow};

use crate::store::Article;
use crate::ui::action::{Mode, Pane};
use crate::ui::app::{App, PendingSearch, SEARCH_LIMIT, SearchOrigin, View};
use crate::ui::worker::{Job, SearchId};

impl App {
    /// Sends `query` to the indexer thread; its results arrive as [`Event::Searched`].
    /// A refresh of the search view never replaces a search the user asked for.
    ///
    /// [`Event::Searched`]: crate::ui::Event::Searched
    pub(crate) fn request_search(&mut self, query: String, origin: SearchOrigin) {
        let asked = self
            .work
            .search
            .as_ref()
            .is_some_and(|s| s.origin != SearchOrigin::Reload);
        if origin == SearchOrigin::Reload && asked {
            return;
        }
        let id = SearchId(self.work.next_id());
        self.work.jobs.push(Job::Search {
            id,
            query: query.clone(),
        });
        self.work.search = Some(PendingSearch { id, query, origin });
        self.dirty = true;
    }

    /// A search ended. Results nobody waits for any more are dropped: a later search
    /// replaced it, or the user left the view it was for.
    pub(crate) fn searched(&mut self, id: SearchId, result: Result<Vec<Article>, String>) {
        let Some(search) = self.work.search.take_if(|s| s.id == id) else {
            return;
        };
        let view = View::Search(search.query.clone());
        let wanted = match search.origin {
            SearchOrigin::Prompt => true,
            SearchOrigin::Sidebar => self.selected_view() == view,
            SearchOrigin::Reload => self.list.view.as_ref() == Some(&view),
        };
        let shown = match result {
            Ok(found) if wanted => self.show_search(&search, found),
            Ok(_) => Ok(()),
            Err(error) => Err(anyhow!(error)),
        };
        if let Err(err) = shown {
            self.fail(&err);
        }
        self.dirty = true;
    }

    fn show_search(&mut self, search: &PendingSearch, found: Vec<Article>) -> Result<()> {
        let count = found.len();
        let keep = search.origin == SearchOrigin::Reload;
        self.show_list(View::Search(search.query.clone()), count, found, keep)?;
        if search.origin == SearchOrigin::Prompt {
            self.reload_sidebar()?;
            self.focus = Pane::List;
            self.say(if count >= SEARCH_LIMIT {
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
            .work
            .search
            .take_if(|s| s.origin != SearchOrigin::Reload)
            .is_some();
        if cancelled {
            self.say("Search cancelled");
        }
        cancelled
    }

    /// Asks the indexer thread for a slice of indexing, unless one is on its way.
    pub(crate) fn request_index(&mut self) {
        if !self.work.index_asked {
            self.work.index_asked = true;
            self.work.jobs.push(Job::Index);
        }
    }

    /// A slice of indexing (or a search's catch-up) ended or made progress: stories
    /// still waiting, or why it stopped. The next slice follows at once unless a key was
    /// pressed meanwhile (then it waits for a quiet tick, [`App::index_when_idle`]) or a
    /// search is catching the index up anyway.
    pub(crate) fn indexed(&mut self, result: Result<u64, String>) {
        self.work.index_asked = false;
        match result {
            Ok(pending) => {
                self.status.indexing = (pending > 0).then_some(pending);
                if pending > 0 && !self.work.input_seen && self.work.search.is_none() {
                    self.request_index();
                }
            }
            Err(error) => {
                self.status.indexing = None;
                self.fail(&anyhow!("indexing stories for search: {error}"));
            }
        }
        self.dirty = true;
    }

    /// On the tick: starts or resumes indexing if stories (may) wait and no key was
    /// pressed since the last tick.
    pub(crate) fn index_when_idle(&mut self) {
        let quiet = !std::mem::take(&mut self.work.input_seen);
        if quiet && (self.work.index_due || self.status.indexing.is_some()) {
            self.work.index_due = false;
            self.request_index();
        }
    }

    /// On the tick: if another connection committed since the reader last loaded (a cron
    /// refresh, a CLI `star`, the reader's own background threads), reload the counts and
    /// the list window, keeping the selection, and index new stories when idle. Not while
    /// a prompt is open, whose target must not move; the change waits for the next tick.
    pub(crate) fn notice_changes(&mut self) {
        if matches!(self.mode, Mode::Prompt(_)) {
            return;
        }
        let version = match self.store.data_version() {
            Ok(version) => version,
            Err(err) => return self.fail(&err.into()),
        };
        if version == self.work.data_version {
            return;
        }
        self.sync_quietly();
        if self.mode == Mode::Welcome {
            self.mode = self.resting_mode();
        }
        self.work.index_due = true;
    }
}
