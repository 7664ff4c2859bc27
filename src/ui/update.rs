//! Applying events and actions to the [`App`]: `on_event` turns an event into an action
//! (or handles a background result), `update` is one flat match with a small method per
//! action. Movement lives here; stories, prompts and background results have their own
//! files.

mod background;
mod full_text;
mod prompt;
mod search;
mod story;
mod writes;

use anyhow::Result;
use ratatui::crossterm::event::{MouseButton, MouseEvent, MouseEventKind};

use super::action::{Action, Mode, Pane, PromptKind};
use super::app::App;
use super::event::Event;
use super::keymap::keymap;
use super::layout;

/// Lines the mouse wheel moves.
const WHEEL_STEP: usize = 3;

impl App {
    /// Applies one event: keys and mouse go through the keymap, results update state.
    pub fn on_event(&mut self, event: Event) {
        if matches!(event, Event::Key(_) | Event::Mouse(_)) {
            self.work.input_seen = true;
        }
        match event {
            Event::Key(key) => {
                if let Some(action) = keymap(&self.keymap, &self.mode, key) {
                    self.update(action);
                }
            }
            Event::Mouse(mouse) => {
                if let Some(action) = mouse_action(mouse) {
                    self.update(action);
                }
            }
            Event::Resized { width, height } => self.resize(width, height),
            Event::Tick => self.tick(),
            Event::RefreshStarted { due } => self.refresh_started(due),
            Event::FeedRefreshed(report) => self.feed_refreshed(&report),
            Event::RefreshFinished(result) => self.refresh_finished(result),
            Event::FeedSubscribed(result) => self.feed_subscribed(result),
            Event::BrowserFailed(message) => self.fail(&anyhow::anyhow!(message)),
            Event::FullTextFetched { id, result } => self.full_text_fetched(id, result),
            Event::Written { id, result } => self.written(id, result),
            Event::Indexed(result) => self.indexed(result),
            Event::Searched { id, result } => self.searched(id, result),
        }
    }

    /// Applies one action. Errors end up in the status bar, never as a crash.
    pub fn update(&mut self, action: Action) {
        if !matches!(action, Action::FollowDigit(_)) {
            self.pending_link = None;
        }
        match action {
            Action::Down if self.mode == Mode::Help => self.help_scroll += 1,
            Action::Up if self.mode == Mode::Help => {
                self.help_scroll = self.help_scroll.saturating_sub(1);
            }
            Action::Left => self.focus = self.focus.left(),
            Action::NextPane => self.next_pane(),
            Action::Search => self.open_prompt(PromptKind::Search, String::new(), Vec::new()),
            Action::AddFeed => self.open_prompt(PromptKind::AddFeed, String::new(), Vec::new()),
            Action::ImportOpml => {
                self.open_prompt(PromptKind::ImportOpml, String::new(), Vec::new());
            }
            Action::OpenBrowser => self.open_in_browser(),
            // Writes: shown at once, stored by the writer thread.
            Action::ToggleRead => self.toggle_read(),
            Action::MarkViewRead => self.mark_view_read(),
            Action::ToggleStar => self.toggle_star(),
            Action::FollowDigit(digit) => self.follow_digit(digit),
            Action::DeleteFeed => self.ask_delete_feed(),
            Action::RefreshAll => self.start_refresh(Vec::new(), true),
            Action::RefreshFeed => self.refresh_selected_feed(),
            Action::ToggleRtl => self.toggle_rtl(),
            Action::Help => {
                self.mode = Mode::Help;
                self.help_scroll = 0;
            }
            Action::Quit => self.quit = true,
            Action::Insert(c) => self.prompt_insert(c),
            Action::DeleteBack => _ = self.prompt.input.pop(),
            Action::ClearInput => self.prompt.input.clear(),
            Action::Complete => self.prompt_complete(),
            Action::Cancel => self.cancel(),
            fallible => {
                if let Err(err) = self.try_update(fallible) {
                    self.fail(&err);
                }
            }
        }
        self.dirty = true;
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
            Action::LoadSamples => self.load_samples(),
            Action::Submit => self.submit(),
            Action::Click { column, row } => self.click(column, row),
            Action::Wheel { column, row, down } => self.wheel(column, row, down),
            _ => Ok(()),
        }
    }

    /// Moves the focused pane's selection (or the story's scroll) by `delta` lines.
    fn step(&mut self, delta: isize) -> Result<()> {
        match self.focus {
            Pane::Sidebar => self.select_view(self.sidebar.selected.saturating_add_signed(delta)),
            Pane::List => self.select_story(self.list.selected.saturating_add_signed(delta)),
            Pane::Story => {
                self.scroll_story(delta);
                Ok(())
            }
        }
    }

    /// Jumps to the first (`isize::MIN`) or last (`isize::MAX`) line.
    fn jump(&mut self, towards: isize) -> Result<()> {
        let end = towards > 0;
        match self.focus {
            Pane::Sidebar => self.select_view(if end { usize::MAX } else { 0 }),
            Pane::List => self.select_story(if end { usize::MAX } else { 0 }),
            Pane::Story => {
                self.scroll_story(towards);
                Ok(())
            }
        }
    }

    fn page(&mut self, direction: isize) -> Result<()> {
        let height = self.pane_height(self.focus).max(2) - 1;
        self.step(direction.saturating_mul(height as isize))
    }

    /// Rows inside the pane's borders.
    pub(crate) fn pane_height(&self, pane: Pane) -> usize {
        let areas = layout::areas(self.size.0, self.size.1, pane);
        let rect = match pane {
            Pane::Sidebar => areas.sidebar,
            Pane::List => areas.list,
            Pane::Story => areas.story,
        };
        rect.map_or(1, |r| usize::from(layout::inner(r).height).max(1))
    }

    /// Selects sidebar entry `index` (clamped) and shows its view.
    pub(crate) fn select_view(&mut self, index: usize) -> Result<()> {
        let last = self.sidebar.entries.len().saturating_sub(1);
        let index = index.min(last);
        let changed = index != self.sidebar.selected || self.list.view.is_none();
        self.sidebar.selected = index;
        let height = self.pane_height(Pane::Sidebar);
        let row = self.sidebar.row_of(index);
        self.sidebar.offset = visible_offset(self.sidebar.offset, row, height);
        if changed {
            self.load_view(self.selected_view(), false)?;
        }
        Ok(())
    }

    fn scroll_story(&mut self, delta: isize) {
        let height = self.pane_height(Pane::Story);
        if let Some(reading) = &mut self.reading {
            let max = reading.lines.len().saturating_sub(height);
            reading.scroll = reading.scroll.saturating_add_signed(delta).min(max);
        }
    }

    fn focus_right(&mut self) -> Result<()> {
        match self.focus {
            Pane::List if self.reading.is_none() => self.open_selected(),
            Pane::Sidebar | Pane::List => {
                self.focus = self.focus.right();
                Ok(())
            }
            Pane::Story => Ok(()),
        }
    }

    fn next_pane(&mut self) {
        self.focus = match self.focus {
            Pane::Sidebar => Pane::List,
            Pane::List if self.reading.is_some() => Pane::Story,
            Pane::List | Pane::Story => Pane::Sidebar,
        };
    }

    fn open(&mut self) -> Result<()> {
        match self.focus {
            Pane::Sidebar => {
                self.load_view(self.selected_view(), false)?;
                self.focus = Pane::List;
                Ok(())
            }
            Pane::List => self.open_selected(),
            Pane::Story => Ok(()),
        }
    }

    /// Esc: close the story, leave a search (or stop waiting for one), or step back
    /// towards the sidebar.
    fn back(&mut self) -> Result<()> {
        if self.mode != Mode::Browse {
            self.mode = self.resting_mode();
            return Ok(());
        }
        if self.cancel_search() {
            return Ok(());
        }
        match self.focus {
            Pane::Story => self.focus = Pane::List,
            Pane::List if matches!(self.list.view, Some(super::app::View::Search(_))) => {
                self.list.view = None;
                self.reload_sidebar()?;
                self.select_view(0)?;
            }
            Pane::List => self.focus = Pane::Sidebar,
            Pane::Sidebar => {}
        }
        Ok(())
    }

    /// The mode to return to when a prompt or overlay closes.
    pub(crate) fn resting_mode(&self) -> Mode {
        let has_feeds = self
            .sidebar
            .entries
            .iter()
            .any(|e| matches!(e.view, super::app::View::Feed { .. }));
        if has_feeds {
            Mode::Browse
        } else {
            Mode::Welcome
        }
    }

    fn resize(&mut self, width: u16, height: u16) {
        self.size = (width, height);
        let relaid = self
            .relayout_story()
            .and_then(|()| self.select_story(self.list.selected));
        if let Err(err) = relaid {
            self.fail(&err);
        }
        self.dirty = true;
    }

    fn click(&mut self, column: u16, row: u16) -> Result<()> {
        if self.mode != Mode::Browse {
            return Ok(());
        }
        let Some((pane, rect)) = self.areas().pane_at(column, row) else {
            return Ok(());
        };
        self.focus = pane;
        let inner = layout::inner(rect);
        if row < inner.y || row >= inner.y + inner.height {
            return Ok(());
        }
        let line = usize::from(row - inner.y);
        match pane {
            Pane::Sidebar => match self.sidebar.entry_at_row(self.sidebar.offset + line) {
                Some(index) => self.select_view(index),
                None => Ok(()),
            },
            Pane::List => {
                let index = self.list.offset + line;
                if index >= self.list.total {
                    return Ok(());
                }
                let again = index == self.list.selected;
                self.select_story(index)?;
                if again { self.open_selected() } else { Ok(()) }
            }
            Pane::Story => Ok(()),
        }
    }

    fn wheel(&mut self, column: u16, row: u16, down: bool) -> Result<()> {
        if self.mode != Mode::Browse {
            return Ok(());
        }
        if let Some((pane, _)) = self.areas().pane_at(column, row) {
            self.focus = pane;
        }
        let delta = if down {
            WHEEL_STEP as isize
        } else {
            -(WHEEL_STEP as isize)
        };
        self.step(delta)
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

fn mouse_action(mouse: MouseEvent) -> Option<Action> {
    let (column, row) = (mouse.column, mouse.row);
    match mouse.kind {
        MouseEventKind::Down(MouseButton::Left) => Some(Action::Click { column, row }),
        MouseEventKind::ScrollDown => Some(Action::Wheel {
            column,
            row,
            down: true,
        }),
        MouseEventKind::ScrollUp => Some(Action::Wheel {
            column,
            row,
            down: false,
        }),
        _ => None,
    }
}
