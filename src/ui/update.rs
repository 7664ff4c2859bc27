//! Applying events and actions to the [`App`]: `on_event` turns an event into an action
//! (or handles a background result), `update` is one flat match with a small method per
//! action. Movement lives here; stories, prompts and background results have their own
//! files.

mod background;
mod command;
mod filter;
mod full_text;
mod keys;
mod links;
mod load;
mod media;
mod mouse;
mod prompt;
mod render;
mod search;
mod story;
mod writes;

use anyhow::Result;

use super::action::{Action, Mode, Pane, PromptKind};
use super::effect::{Effect, Job, Task};
use super::event::Event;
use super::keymap::Keymap;
use super::layout;
use super::model::{Model, Settings, visible_offset};
use super::theme::Theme;
use crate::store::{ArticleId, Store, ViewCounter};
use mouse::mouse_action;

/// The reader's update: its [`Model`], the read connection it loads what it shows through
/// (small, indexed reads; every write goes to the writer thread), and the effects it has
/// asked for and the runtime has not taken yet.
pub struct App {
    pub model: Model,
    store: Store,
    effects: Vec<Effect>,
    /// The saved views' counts, kept between reloads.
    views: ViewCounter,
    /// The stories the writes confirmed since the last reload changed, when that is all
    /// that changed (`None`: not known), so the views' counts recount only them.
    touched: Option<Vec<ArticleId>>,
}

impl App {
    /// A reader over `store`: the welcome view when there are no feeds, else All.
    pub fn new(store: Store, settings: Settings, keymap: Keymap, theme: Theme) -> Result<Self> {
        let mut app = Self {
            model: Model::new(settings, keymap, theme),
            store,
            effects: Vec::new(),
            views: ViewCounter::default(),
            touched: None,
        };
        app.sync()?;
        app.model.mode = app.resting_mode();
        app.model.work.index_due = true;
        Ok(app)
    }

    /// The effects asked for since the last call, oldest first, for the runtime to start.
    pub fn take_effects(&mut self) -> Vec<Effect> {
        std::mem::take(&mut self.effects)
    }

    /// The store the reader reads.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Asks the runtime for network or program work.
    pub(crate) fn start_task(&mut self, task: Task) {
        self.effects.push(Effect::Task(task));
    }

    /// Asks the store threads for work.
    pub(crate) fn queue_job(&mut self, job: Job) {
        self.effects.push(Effect::Job(job));
    }
}

impl App {
    /// Applies one event: keys and mouse go through the keymap, results update state.
    pub fn on_event(&mut self, event: Event) {
        if matches!(event, Event::Key(_) | Event::Mouse(_)) {
            self.model.work.input_seen = true;
        }
        match event {
            Event::Key(key) => self.on_key(key),
            Event::Mouse(mouse) => {
                if let Some(action) = mouse_action(mouse) {
                    self.update(action);
                }
            }
            Event::Resized { width, height } => self.resize(width, height),
            Event::Tick => self.tick(),
            Event::TimerFired(id) => self.timer_fired(id),
            Event::RefreshStarted { due } => self.refresh_started(due),
            Event::FeedRefreshed(report) => self.feed_refreshed(&report),
            Event::RefreshFinished(result) => self.refresh_finished(result),
            Event::FeedSubscribed(result) => self.feed_subscribed(result),
            Event::TaskFailed(message) => self.model.fail(&anyhow::anyhow!(message)),
            Event::TaskDone(message) => self.model.say(message),
            Event::FullTextFetched { id, result } => self.full_text_fetched(id, result),
            Event::Written { id, result } => self.written(id, result),
            Event::Indexed(result) => self.indexed(result),
            Event::Searched { id, result } => self.searched(id, result),
            Event::Rendered { key, result } => self.rendered(key, result),
            Event::ViewSaved(result) => self.view_saved(result),
            Event::Notification(sequence) => self.effects.push(Effect::Terminal(sequence)),
        }
    }

    /// Applies one action. Errors end up in the status bar, never as a crash.
    pub fn update(&mut self, action: Action) {
        if !matches!(action, Action::FollowDigit(_)) {
            self.model.pending_link = None;
        }
        match action {
            Action::Down | Action::Up | Action::Top | Action::Bottom
                if self.model.mode == Mode::PickLink =>
            {
                self.step_picker(action);
            }
            Action::PickLink => self.open_picker(),
            Action::Pipe => self.ask_pipe(),
            Action::Bookmark => self.bookmark(),
            Action::PlayEnclosure => self.play_enclosure(),
            Action::QueueDownload => self.queue_download(),
            Action::HistoryBack | Action::HistoryForward
                if self.model.mode == Mode::Prompt(PromptKind::Pipe) =>
            {
                self.pipe_history_step(action == Action::HistoryBack);
            }
            Action::Down if self.model.mode == Mode::Help => self.model.help_scroll += 1,
            Action::Up if self.model.mode == Mode::Help => {
                self.model.help_scroll = self.model.help_scroll.saturating_sub(1);
            }
            Action::Left => self.model.focus = self.model.focus.left(),
            Action::NextPane => self.next_pane(),
            Action::Filter => self.ask_filter(),
            Action::SaveView => self.ask_view_name(),
            Action::Search => self
                .model
                .open_prompt(PromptKind::Search, String::new(), Vec::new()),
            Action::AddFeed => {
                self.model
                    .open_prompt(PromptKind::AddFeed, String::new(), Vec::new());
            }
            Action::ImportOpml => {
                self.model
                    .open_prompt(PromptKind::ImportOpml, String::new(), Vec::new());
            }
            Action::OpenBrowser => self.open_in_browser(),
            Action::CopyLink => self.copy_link(),
            // Writes: shown at once, stored by the writer thread.
            Action::ToggleRead => self.toggle_read(),
            Action::MarkViewRead => self.mark_view_read(),
            Action::ToggleStar => self.toggle_star(),
            Action::FollowDigit(digit) => self.follow_digit(digit),
            Action::DeleteFeed => self.ask_delete_feed(),
            Action::RefreshAll => self.start_refresh(Vec::new(), true),
            Action::RefreshFeed => self.refresh_selected_feed(),
            Action::ToggleRtl => self.toggle_rtl(),
            Action::LoadSamples => self.load_samples(),
            Action::CommandLine => {
                if let Err(err) = self.open_command_line() {
                    self.model.fail(&err);
                }
            }
            Action::Help => {
                self.model.mode = Mode::Help;
                self.model.help_scroll = 0;
            }
            Action::Quit => self.model.quit = true,
            Action::Insert(c) => self.prompt_insert(c),
            Action::DeleteBack => _ = self.model.prompt.input.pop(),
            Action::ClearInput => self.model.prompt.input.clear(),
            Action::Complete => self.prompt_complete(),
            Action::HistoryBack => self.history_step(true),
            Action::HistoryForward => self.history_step(false),
            Action::Cancel => self.cancel(),
            fallible => {
                if let Err(err) = self.try_update(fallible) {
                    self.model.fail(&err);
                }
            }
        }
        self.model.dirty = true;
    }

    /// The actions that read or write the store, and so can fail.
    fn try_update(&mut self, action: Action) -> Result<()> {
        match action {
            Action::Down => self.step(1),
            Action::Up => self.step(-1),
            Action::Right => self.focus_right(),
            Action::Open => self.open(),
            Action::Top => self.jump(isize::MIN),
            Action::Bottom => self.jump(isize::MAX),
            Action::PageUp => self.page(-1),
            Action::PageDown => self.page(1),
            Action::NextUnread => self.next_unread(true),
            Action::PrevUnread => self.next_unread(false),
            Action::EditTags => self.edit_tags(),
            Action::FullText => self.toggle_full_text(),
            Action::Back => self.back(),
            Action::Submit => self.submit(),
            Action::Click { column, row } => self.click(column, row),
            Action::Wheel { column, row, down } => self.wheel(column, row, down),
            _ => Ok(()),
        }
    }

    /// Moves the focused pane's selection (or the story's scroll) by `delta` lines.
    fn step(&mut self, delta: isize) -> Result<()> {
        match self.model.focus {
            Pane::Sidebar => {
                self.select_view(self.model.sidebar.selected.saturating_add_signed(delta))
            }
            Pane::List => self.select_story(self.model.list.selected.saturating_add_signed(delta)),
            Pane::Story => {
                self.scroll_story(delta);
                Ok(())
            }
        }
    }

    /// Jumps to the first (`isize::MIN`) or last (`isize::MAX`) line.
    fn jump(&mut self, towards: isize) -> Result<()> {
        let end = towards > 0;
        match self.model.focus {
            Pane::Sidebar => self.select_view(if end { usize::MAX } else { 0 }),
            Pane::List => self.select_story(if end { usize::MAX } else { 0 }),
            Pane::Story => {
                self.scroll_story(towards);
                Ok(())
            }
        }
    }

    fn page(&mut self, direction: isize) -> Result<()> {
        let height = self.pane_height(self.model.focus).max(2) - 1;
        self.step(direction.saturating_mul(height as isize))
    }

    /// Rows inside the pane's borders.
    pub(crate) fn pane_height(&self, pane: Pane) -> usize {
        let areas = layout::areas(self.model.size.0, self.model.size.1, pane);
        let rect = match pane {
            Pane::Sidebar => areas.sidebar,
            Pane::List => areas.list,
            Pane::Story => areas.story,
        };
        rect.map_or(1, |r| usize::from(layout::inner(r).height).max(1))
    }

    /// Selects sidebar entry `index` (clamped) and shows its view.
    pub(crate) fn select_view(&mut self, index: usize) -> Result<()> {
        let last = self.model.sidebar.entries.len().saturating_sub(1);
        let index = index.min(last);
        let changed = index != self.model.sidebar.selected || self.model.list.view.is_none();
        self.model.sidebar.selected = index;
        let height = self.pane_height(Pane::Sidebar);
        let row = self.model.sidebar.row_of(index);
        self.model.sidebar.offset = visible_offset(self.model.sidebar.offset, row, height);
        if changed {
            self.model.filter = None;
            self.load_view(self.model.selected_view(), false)?;
        }
        Ok(())
    }

    fn scroll_story(&mut self, delta: isize) {
        let height = self.pane_height(Pane::Story);
        if let Some(reading) = &mut self.model.reading {
            let max = reading.line_count().saturating_sub(height);
            reading.scroll = reading.scroll.saturating_add_signed(delta).min(max);
        }
    }

    fn focus_right(&mut self) -> Result<()> {
        match self.model.focus {
            Pane::List if self.model.reading.is_none() => self.open_selected(),
            Pane::Sidebar | Pane::List => {
                self.model.focus = self.model.focus.right();
                Ok(())
            }
            Pane::Story => Ok(()),
        }
    }

    fn next_pane(&mut self) {
        self.model.focus = match self.model.focus {
            Pane::Sidebar => Pane::List,
            Pane::List if self.model.reading.is_some() => Pane::Story,
            Pane::List | Pane::Story => Pane::Sidebar,
        };
    }

    fn open(&mut self) -> Result<()> {
        match self.model.focus {
            Pane::Sidebar => {
                let view = self.model.selected_view();
                if self.model.list.view.as_ref() != Some(&view) {
                    self.model.filter = None;
                }
                self.load_view(view, false)?;
                self.model.focus = Pane::List;
                Ok(())
            }
            Pane::List => self.open_selected(),
            Pane::Story => Ok(()),
        }
    }

    /// Esc: close the story, leave a search (or stop waiting for one), or step back
    /// towards the sidebar.
    fn back(&mut self) -> Result<()> {
        if self.model.mode != Mode::Browse {
            self.model.mode = self.resting_mode();
            return Ok(());
        }
        if self.cancel_search() {
            return Ok(());
        }
        if self.model.focus == Pane::List && self.model.filter.is_some() {
            return self.clear_filter();
        }
        match self.model.focus {
            Pane::Story => self.model.focus = Pane::List,
            Pane::List if matches!(self.model.list.view, Some(super::model::View::Search(_))) => {
                self.model.list.view = None;
                self.reload_sidebar()?;
                self.select_view(0)?;
            }
            Pane::List => self.model.focus = Pane::Sidebar,
            Pane::Sidebar => {}
        }
        Ok(())
    }

    /// The mode to return to when a prompt or overlay closes.
    pub(crate) fn resting_mode(&self) -> Mode {
        let has_feeds = self
            .model
            .sidebar
            .entries
            .iter()
            .any(|e| matches!(e.view, super::model::View::Feed { .. }));
        if has_feeds {
            Mode::Browse
        } else {
            Mode::Welcome
        }
    }

    fn resize(&mut self, width: u16, height: u16) {
        self.model.size = (width, height);
        self.relayout_reading();
        if let Err(err) = self.select_story(self.model.list.selected) {
            self.model.fail(&err);
        }
        self.model.dirty = true;
    }
}
