//! Background work from the UI's side: starting refreshes (never two at once), the slow
//! tick (spinner, auto-refresh, showing stories and other processes' changes as they
//! arrive) and applying results.

use anyhow::Result;

use crate::refresh::{FeedReport, Outcome};
use crate::sanitize::SafeText;
use crate::ui::action::Mode;
use crate::ui::app::{App, RefreshState, View};
use crate::ui::event::TICK;
use crate::ui::tasks::Task;

impl App {
    /// `F`: the feed selected in the sidebar, else the selected story's feed.
    pub(crate) fn refresh_selected_feed(&mut self) {
        let feed = match self.selected_view() {
            View::Feed { id, .. } => Some(id),
            _ => self.selected_article().and_then(|a| a.feed_id),
        };
        match feed {
            Some(id) => self.start_refresh(vec![id], true),
            None => self.say("Select a feed or a story to refresh its feed"),
        }
    }

    /// Asks for a refresh unless one is running (a second would only wait for the first).
    pub(crate) fn start_refresh(&mut self, feeds: Vec<crate::store::FeedId>, force: bool) {
        if self.status.refresh != RefreshState::Idle {
            self.say("A refresh is already running");
            return;
        }
        self.status.refresh = RefreshState::Running {
            done: 0,
            due: 0,
            new: 0,
        };
        self.idle_ticks = 0;
        self.tasks.push(Task::Refresh { feeds, force });
        self.dirty = true;
    }

    /// Once a second: changes in the store (a running refresh's stories among them),
    /// spinner, auto-refresh.
    pub(crate) fn tick(&mut self) {
        self.idle_ticks += 1;
        self.notice_changes();
        self.index_when_idle();
        let refreshing = self.status.refresh != RefreshState::Idle;
        if refreshing || self.work.search.is_some() {
            self.status.spinner = self.status.spinner.wrapping_add(1);
            self.dirty = true;
        }
        if refreshing {
            return;
        }
        let due = self.settings.auto_refresh.is_some_and(|every| {
            u128::from(self.idle_ticks) * TICK.as_millis() >= every.as_millis()
        });
        if due && self.mode != Mode::Welcome {
            self.start_refresh(Vec::new(), false);
        }
    }

    pub(crate) fn refresh_started(&mut self, due: usize) {
        if let RefreshState::Running { done, new, .. } = self.status.refresh {
            self.status.refresh = RefreshState::Running { done, due, new };
        }
        self.dirty = true;
    }

    pub(crate) fn feed_refreshed(&mut self, report: &FeedReport) {
        if let RefreshState::Running { done, due, new } = self.status.refresh {
            let added = match &report.outcome {
                Outcome::Updated { new, .. } => *new,
                _ => 0,
            };
            self.status.refresh = RefreshState::Running {
                done: done + 1,
                due,
                new: new + added,
            };
        }
        if let Outcome::Failed(error) = &report.outcome {
            self.status.error = Some(SafeText::line(&format!("{}: {error}", report.name())));
        }
        self.dirty = true;
    }

    pub(crate) fn refresh_finished(&mut self, result: Result<usize, String>) {
        self.status.refresh = RefreshState::Idle;
        self.idle_ticks = 0;
        match result {
            Ok(new) => {
                let had_error = self.status.error.is_some();
                self.sync_quietly();
                self.request_index();
                if !had_error {
                    self.say(format!("Refreshed: {new} new stories"));
                }
            }
            Err(error) => self.fail(&anyhow::anyhow!(error)),
        }
        self.dirty = true;
    }

    pub(crate) fn feed_subscribed(&mut self, result: Result<String, String>) {
        match result {
            Ok(name) => {
                self.sync_quietly();
                self.request_index();
                self.mode = self.resting_mode();
                self.say(format!("Subscribed to {name}"));
            }
            Err(error) => self.fail(&anyhow::anyhow!(error)),
        }
    }
}
