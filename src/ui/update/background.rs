//! Background work from the UI's side: starting refreshes (never two at once), the slow
//! tick (spinner, auto-refresh, showing stories and other processes' changes as they
//! arrive) and applying results.

use anyhow::Result;

use crate::refresh::{FeedReport, Outcome};
use crate::sanitize::SafeText;
use crate::ui::action::Mode;
use crate::ui::effect::Task;
use crate::ui::event::TICK;
use crate::ui::model::{RefreshState, RenderCache, View};
use crate::ui::update::App;

impl App {
    /// `F`: the feed selected in the sidebar, else the selected story's feed.
    pub(crate) fn refresh_selected_feed(&mut self) {
        let feed = match self.model.selected_view() {
            View::Feed { id, .. } => Some(id),
            _ => self.model.selected_article().and_then(|a| a.feed_id),
        };
        match feed {
            Some(id) => self.start_refresh(vec![id], true),
            None => self
                .model
                .say("Select a feed or a story to refresh its feed"),
        }
    }

    /// Asks for a refresh unless one is running (a second would only wait for the first).
    pub(crate) fn start_refresh(&mut self, feeds: Vec<crate::store::FeedId>, force: bool) {
        if self.model.status.refresh != RefreshState::Idle {
            self.model.say("A refresh is already running");
            return;
        }
        self.model.status.refresh = RefreshState::Running {
            done: 0,
            due: 0,
            new: 0,
        };
        self.model.idle_ticks = 0;
        self.start_task(Task::Refresh { feeds, force });
        self.model.dirty = true;
    }

    /// Once a second: changes in the store (a running refresh's stories among them),
    /// spinner, auto-refresh.
    pub(crate) fn tick(&mut self) {
        self.model.idle_ticks += 1;
        self.notice_changes();
        self.index_when_idle();
        let refreshing = self.model.status.refresh != RefreshState::Idle;
        if refreshing || self.model.work.search.is_some() {
            self.model.status.spinner = self.model.status.spinner.wrapping_add(1);
            self.model.dirty = true;
        }
        if refreshing {
            return;
        }
        let due = self.model.settings.auto_refresh.is_some_and(|every| {
            u128::from(self.model.idle_ticks) * TICK.as_millis() >= every.as_millis()
        });
        if due && self.model.mode != Mode::Welcome {
            self.start_refresh(Vec::new(), false);
        }
    }

    pub(crate) fn refresh_started(&mut self, due: usize) {
        if let RefreshState::Running { done, new, .. } = self.model.status.refresh {
            self.model.status.refresh = RefreshState::Running { done, due, new };
        }
        self.model.dirty = true;
    }

    pub(crate) fn feed_refreshed(&mut self, report: &FeedReport) {
        if let RefreshState::Running { done, due, new } = self.model.status.refresh {
            let added = match &report.outcome {
                Outcome::Updated { new, .. } => *new,
                _ => 0,
            };
            self.model.status.refresh = RefreshState::Running {
                done: done + 1,
                due,
                new: new + added,
            };
        }
        if let Outcome::Failed(error) = &report.outcome {
            self.model.status.error = Some(SafeText::line(&format!("{}: {error}", report.name())));
        }
        self.model.dirty = true;
    }

    pub(crate) fn refresh_finished(&mut self, result: Result<usize, String>) {
        self.model.status.refresh = RefreshState::Idle;
        self.model.idle_ticks = 0;
        // Stories' texts may have changed: lay them out afresh when next shown.
        self.model.renders = RenderCache::default();
        match result {
            Ok(new) => {
                let had_error = self.model.status.error.is_some();
                self.sync_quietly();
                self.request_index();
                if !had_error {
                    self.model.say(format!("Refreshed: {new} new stories"));
                }
            }
            Err(error) => self.model.fail(&anyhow::anyhow!(error)),
        }
        self.model.dirty = true;
    }

    pub(crate) fn feed_subscribed(&mut self, result: Result<String, String>) {
        match result {
            Ok(name) => {
                self.sync_quietly();
                self.request_index();
                self.model.mode = self.resting_mode();
                self.model.say(format!("Subscribed to {name}"));
            }
            Err(error) => self.model.fail(&anyhow::anyhow!(error)),
        }
    }
}
