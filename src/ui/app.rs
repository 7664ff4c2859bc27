//! The reader's whole state, owned and changed by the UI thread alone. Loading from the
//! store happens here (small, quick reads); the `update` module decides when.

use std::collections::HashSet;
use std::path::PathBuf;
use std::time::Duration;

use crate::dates::DisplayZone;
use anyhow::Result;

use super::action::{Mode, Pane, PromptKind};
use super::bidi::DisplayLine;
use super::keymap::Keymap;
use super::layout::{self, Areas};
use super::tasks::Task;
use super::theme::Theme;
use super::worker::Job;
use crate::feed::FullText;
use crate::sanitize::SafeText;
use crate::store::{Article, ArticleFilter, ArticleId, Stats, Store};

mod list;
mod sidebar;
mod work;

pub use list::{LIST_MARGIN, RowText, SEARCH_LIMIT, StoryList};
pub use sidebar::{Sidebar, SidebarEntry, SidebarRow, View};
use sidebar::{entry, same_view};
pub use work::{PendingSearch, SearchOrigin, StoreWork};

/// Settings the reader starts with.
#[derive(Debug, Clone)]
pub struct Settings {
    /// Where the bundled sample feeds are written so they can be refreshed offline.
    pub sample_dir: PathBuf,
    /// Reorder right-to-left paragraphs visually (toggled with a key).
    pub rtl: bool,
    /// Dates are shown in this zone (the local one; a fixed offset in tests).
    pub zone: DisplayZone,
    /// Refresh due feeds this often; `None` never.
    pub auto_refresh: Option<Duration>,
    /// Saved views, listed in the sidebar under "Views".
    pub views: Vec<crate::config::SavedView>,
}

/// The open story, laid out for the story pane's width.
#[derive(Debug, Clone)]
pub struct Reading {
    pub article: Article,
    pub links: Vec<String>,
    /// Header, body and link list, ready to draw.
    pub lines: Vec<DisplayLine>,
    /// The text width the body was wrapped at.
    pub width: usize,
    pub scroll: usize,
    /// The feed's text or the page's full text.
    pub body: Body,
    /// Unreordered lines, kept to re-run bidi when it is toggled.
    pub(crate) source: Vec<crate::sanitize::StyledLine>,
}

/// Which text of a story the story pane shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Body {
    /// What the feed sent.
    #[default]
    Feed,
    /// What the feed sent, while the story's page is fetched for its full text.
    Fetching,
    /// The main content of the story's web page.
    FullText(FullText),
}

/// How the background refresh is doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RefreshState {
    #[default]
    Idle,
    Running {
        done: usize,
        due: usize,
        new: usize,
    },
}

/// The status bar's contents.
#[derive(Debug, Clone, Default)]
pub struct Status {
    pub stats: Option<Stats>,
    pub refresh: RefreshState,
    /// The last error, until the next successful action replaces it with a message.
    pub error: Option<SafeText>,
    pub message: Option<SafeText>,
    /// Advances every tick while something runs in the background.
    pub spinner: usize,
    /// Stories waiting for the full-text index while it catches up in the background.
    pub indexing: Option<u64>,
}

/// The one-line prompt. `input` is an editing buffer drawn as it is, so only safe text
/// enters it: [`App::open_prompt`] sanitizes what it starts with, typing drops control
/// and bidi characters, and completion inserts (safe) candidates.
#[derive(Debug, Clone, Default)]
pub struct Prompt {
    pub input: String,
    /// Completion candidates (every tag, for the tags prompt).
    pub candidates: Vec<SafeText>,
}

/// Everything the reader knows; drawing is a pure function of it.
pub struct App {
    pub(crate) store: Store,
    pub keymap: Keymap,
    pub theme: Theme,
    pub settings: Settings,
    pub mode: Mode,
    pub focus: Pane,
    pub sidebar: Sidebar,
    pub list: StoryList,
    pub reading: Option<Reading>,
    pub status: Status,
    pub prompt: Prompt,
    /// Terminal size in cells.
    pub size: (u16, u16),
    /// A first digit typed towards a two-digit link number.
    pub pending_link: Option<usize>,
    /// First line of the help overlay shown (it scrolls on small screens).
    pub help_scroll: usize,
    /// Something changed since the last frame.
    pub dirty: bool,
    pub quit: bool,
    /// Since the last auto-refresh, counted in ticks.
    pub(crate) idle_ticks: u64,
    pub(crate) tasks: Vec<Task>,
    /// The story just opened, to mark read once the frame showing it is out.
    pub(crate) deferred_read: Option<ArticleId>,
    /// Stories whose pages are being fetched for their full text.
    pub(crate) full_text_pending: HashSet<ArticleId>,
    /// Writes and searches handed to the store threads, and what is awaited from them.
    pub work: StoreWork,
}

impl App {
    /// A reader over `store`: the welcome view when there are no feeds, else All.
    pub fn new(store: Store, settings: Settings, keymap: Keymap, theme: Theme) -> Result<Self> {
        let mut app = Self {
            store,
            keymap,
            theme,
            settings,
            mode: Mode::Browse,
            focus: Pane::List,
            sidebar: Sidebar::default(),
            list: StoryList::default(),
            reading: None,
            status: Status::default(),
            prompt: Prompt::default(),
            size: (80, 24),
            pending_link: None,
            help_scroll: 0,
            dirty: true,
            quit: false,
            idle_ticks: 0,
            tasks: Vec::new(),
            deferred_read: None,
            full_text_pending: HashSet::new(),
            work: StoreWork::default(),
        };
        app.sync()?;
        app.mode = app.resting_mode();
        app.work.index_due = true;
        Ok(app)
    }

    /// Work for the event loop to start (fetches, the browser), oldest first.
    pub fn take_tasks(&mut self) -> Vec<Task> {
        std::mem::take(&mut self.tasks)
    }

    /// Store work for the event loop to hand to the store threads
    /// ([`Workers`](super::worker::Workers)), oldest first.
    pub fn take_jobs(&mut self) -> Vec<Job> {
        std::mem::take(&mut self.work.jobs)
    }

    /// The store the reader reads and writes.
    pub fn store(&self) -> &Store {
        &self.store
    }

    /// Where each pane is this frame.
    pub fn areas(&self) -> Areas {
        layout::areas(self.size.0, self.size.1, self.focus)
    }

    /// The selected story in the list.
    pub fn selected_article(&self) -> Option<&Article> {
        self.list.get(self.list.selected)
    }

    /// The view selected in the sidebar.
    pub fn selected_view(&self) -> View {
        self.sidebar
            .entries
            .get(self.sidebar.selected)
            .map_or(View::All, |e| e.view.clone())
    }

    /// Reloads the sidebar and the current view, keeping selections where possible.
    pub fn reload(&mut self) -> Result<()> {
        self.reload_sidebar()?;
        let view = self
            .list
            .view
            .clone()
            .unwrap_or_else(|| self.selected_view());
        self.load_view(view, true)
    }

    /// Rebuilds the sidebar from the store: counts, tags and feeds.
    pub fn reload_sidebar(&mut self) -> Result<()> {
        let current = self.selected_view();
        let stats = self.store.stats()?;
        let mut entries = vec![
            entry(View::All, stats.unread),
            entry(View::Unread, stats.unread),
            entry(View::Starred, stats.starred),
        ];
        for saved in &self.settings.views {
            let unread = ArticleFilter {
                unread_only: true,
                query: Some(saved.query.clone()),
                ..ArticleFilter::default()
            };
            let view = View::Saved {
                name: saved.name.clone(),
                query: saved.query.clone(),
            };
            entries.push(entry(view, self.store.count_articles(&unread)?));
        }
        if let Some(View::Search(query)) = &self.list.view {
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
        self.sidebar.selected = entries
            .iter()
            .position(|e| same_view(&e.view, &current))
            .unwrap_or(0);
        self.sidebar.entries = entries;
        self.status.stats = Some(stats);
        self.show_writes_in_flight();
        self.dirty = true;
        Ok(())
    }

    /// Shows an error in the status bar.
    pub fn fail(&mut self, error: &anyhow::Error) {
        self.status.error = Some(SafeText::line(&format!("{error:#}")));
        self.status.message = None;
        self.dirty = true;
    }

    /// Shows a message in the status bar, clearing the last error. The message may quote
    /// stored or network text, so it is sanitized here.
    pub fn say(&mut self, message: impl AsRef<str>) {
        self.status.message = Some(SafeText::line(message.as_ref()));
        self.status.error = None;
        self.dirty = true;
    }

    /// Opens a prompt of `kind` with `input` already typed (both it and the candidates
    /// may be stored text, such as tags, so both are made safe).
    // Owned arguments, as callers have them: the signature predates sanitizing here, and
    // callers in files being changed concurrently keep compiling.
    #[allow(clippy::needless_pass_by_value)]
    pub fn open_prompt(&mut self, kind: PromptKind, input: String, candidates: Vec<String>) {
        // Not `SafeText::line`: that would trim the space after a trailing comma.
        let input = SafeText::text(&input).replace(['\n', '\t'], " ");
        self.prompt = Prompt {
            input,
            candidates: SafeText::lines(&candidates),
        };
        self.mode = Mode::Prompt(kind);
        self.dirty = true;
    }
}
