//! Writes off the UI thread: a change is shown at once, handed to the writer thread, and
//! undone, with the error in the status bar, if the store refuses it. Whatever is reloaded
//! from the store while writes are in flight gets them shown over it again, so a reload
//! never flickers back to the old state.

use anyhow::{Result, anyhow};

use crate::ui::action::{Mode, Pane};
use crate::ui::effect::{Job, Write, WriteId};
use crate::ui::model::View;
use crate::ui::update::App;

impl App {
    /// Shows `write` as done and queues it for the writer thread.
    pub(crate) fn queue_write(&mut self, write: Write) {
        let id = WriteId(self.model.work.next_id());
        self.show_write(&write, true);
        self.model.work.writes.push((id, write.clone()));
        self.queue_job(Job::Write { id, write });
        self.model.dirty = true;
    }

    /// The writer's report on write `id`: on success the counts and filtered views catch
    /// up; on failure the change is undone and the error shown.
    pub(crate) fn written(&mut self, id: WriteId, result: Result<usize, String>) {
        let Some(index) = self.model.work.writes.iter().position(|(w, _)| *w == id) else {
            return;
        };
        let (_, write) = self.model.work.writes.remove(index);
        self.touched = write.stories().map(|ids| {
            let in_flight = self.model.work.writes.iter().map(|(_, w)| w.stories());
            let mut touched = ids.to_vec();
            for stories in in_flight {
                touched.extend(stories.unwrap_or_default());
            }
            touched
        });
        match result {
            Ok(changed) => self.confirm(&write, changed),
            Err(error) => {
                self.show_write(&write, false);
                self.show_writes_in_flight();
                self.model.fail(&anyhow!("{}: {error}", write.doing()));
            }
        }
        self.sync_quietly();
    }

    fn confirm(&mut self, write: &Write, changed: usize) {
        match write {
            Write::ViewRead { .. } => self.model.say(format!("Marked {changed} stories read")),
            Write::Read { ids, read: true } if ids.len() > 1 => {
                self.model.say(format!("Marked {changed} stories read"));
            }
            Write::RemoveFeed { title, .. } => {
                self.model
                    .say(format!("Removed {title}: {changed} stories deleted"));
            }
            Write::QueueDownloads { .. } => self.model.say(match changed {
                0 => "Already queued or downloaded (see `tidings downloads`)".to_owned(),
                n => format!("Queued {n} enclosure(s): `tidings download` fetches them"),
            }),
            Write::ImportFeeds { feeds } => {
                self.sync_quietly();
                self.model.mode = self.resting_mode();
                self.start_refresh(Vec::new(), true);
                self.model.say(format!(
                    "Imported {} feeds ({changed} new); fetching them…",
                    feeds.len()
                ));
            }
            Write::InstallSamples { .. } => {
                self.model.mode = Mode::Browse;
                self.model.focus = Pane::List;
                self.model.list.view = Some(View::All);
                self.sync_quietly();
                self.request_index();
                self.model.mode = self.resting_mode();
                self.model.say(format!(
                    "Loaded the sample feeds: {changed} stories. Press ? for keys"
                ));
            }
            _ => {}
        }
    }

    /// Shows the writes still in flight over what was just loaded from the store.
    pub(crate) fn show_writes_in_flight(&mut self) {
        if self.model.work.writes.is_empty() {
            return;
        }
        let writes = std::mem::take(&mut self.model.work.writes);
        for (_, write) in &writes {
            self.show_write(write, true);
        }
        self.model.work.writes = writes;
    }

    /// Shows `write` in the loaded stories, the open one and the sidebar (`on`), or what
    /// was there before it (`!on`).
    fn show_write(&mut self, write: &Write, on: bool) {
        match write {
            Write::Read { ids, read } => {
                let read = *read == on;
                for id in ids {
                    self.patch_article(*id, |a| a.read = read);
                }
            }
            Write::Star { id, starred } => {
                let starred = *starred == on;
                self.patch_article(*id, |a| a.starred = starred);
            }
            Write::Tags { id, before, after } => {
                let tags = if on { after } else { before };
                self.patch_article(*id, |a| a.tags.clone_from(tags));
                self.relayout_reading();
            }
            Write::ViewRead { filter, shown } => {
                let same_view = self.model.list_filter().as_ref() == Some(filter);
                if on && same_view {
                    self.model
                        .list
                        .articles
                        .iter_mut()
                        .for_each(|a| a.read = true);
                }
                for id in shown {
                    self.patch_article(*id, |a| a.read = on);
                }
            }
            Write::RemoveFeed { id, .. } => {
                // Undone by the reload that follows a failure: the store still has it.
                if on {
                    self.hide_feed(*id);
                }
            }
            // Nothing to show before the store has them: the reload after shows them.
            Write::ImportFeeds { .. }
            | Write::InstallSamples { .. }
            | Write::QueueDownloads { .. } => {}
        }
    }

    /// Takes a feed out of the sidebar, keeping the selected entry selected.
    fn hide_feed(&mut self, feed: crate::store::FeedId) {
        let selected = self.model.selected_view();
        let gone = |view: &View| matches!(view, View::Feed { id, .. } if *id == feed);
        self.model.sidebar.entries.retain(|e| !gone(&e.view));
        self.model.sidebar.selected = self
            .model
            .sidebar
            .entries
            .iter()
            .position(|e| e.view == selected)
            .unwrap_or(0);
    }

    /// Reloads what the reader shows, noting the store's `data_version` first: a change
    /// committed after that is noticed on the next tick, one before it is in the reload.
    pub(crate) fn sync(&mut self) -> Result<()> {
        self.model.work.data_version = self.store.data_version()?;
        self.reload()?;
        self.refresh_open_story();
        Ok(())
    }

    /// [`App::sync`], with a failure shown in the status bar.
    pub(crate) fn sync_quietly(&mut self) {
        if let Err(err) = self.sync() {
            self.model.fail(&err);
        }
    }

    /// Gives the open story the flags and tags of its freshly loaded copy in the list.
    fn refresh_open_story(&mut self) {
        let Some(reading) = &self.model.reading else {
            return;
        };
        let Some(fresh) = self
            .model
            .list
            .articles
            .iter()
            .find(|a| a.id == reading.article.id)
            .cloned()
        else {
            return;
        };
        let tags_changed = fresh.tags != reading.article.tags;
        if let Some(reading) = self.model.reading.as_mut() {
            reading.article.read = fresh.read;
            reading.article.starred = fresh.starred;
            reading.article.tags = fresh.tags;
        }
        if tags_changed {
            self.relayout_reading();
        }
    }
}
