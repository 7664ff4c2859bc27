//! The reader's state: what it shows and what it waits for, owned and changed by the UI
//! thread alone. Plain data with no store and no I/O; the update (`update/`) changes it
//! and the views (`view/`) draw it.

use std::collections::HashSet;
use std::path::PathBuf;
use std::time::Duration;

use super::action::{Mode, Pane, PromptKind};
use super::keymap::Keymap;
use super::layout::{self, Areas};
use super::theme::Theme;
use crate::dates::DisplayZone;
use crate::sanitize::SafeText;
use crate::store::{Article, ArticleId, Stats};

mod links;
mod list;
mod reading;
mod sidebar;
mod work;

pub use links::{LinkPicker, PickedLink, Programs};
pub(crate) use list::visible_offset;
pub use list::{LIST_MARGIN, RowText, StoryList};
pub use reading::{Body, Reading, RenderCache};
pub(crate) use sidebar::same_view;
pub use sidebar::{Sidebar, SidebarEntry, SidebarRow, View, entry};
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
    /// The config file a view saved from the reader goes to (`None`: nowhere known).
    pub config_file: Option<PathBuf>,
    /// Command lines typed before, oldest first, and the file new ones are added to.
    pub history: Vec<String>,
    pub history_file: Option<PathBuf>,
    /// Story-list highlights (`[[highlight]]`): the first whose query matches a row
    /// styles it.
    pub highlights: Vec<crate::config::Highlight>,
    /// Write the story's links as OSC 8 hyperlinks (`reader.hyperlinks`, resolved).
    pub hyperlinks: bool,
    /// `y` may copy the story's link through the terminal (`reader.osc52`).
    pub osc52: bool,
    /// How `|` and `B` hand a story to a program.
    pub programs: Programs,
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
    /// Completion candidates (every tag, for the tags prompt; tags, views and feeds for
    /// the command line's arguments).
    pub candidates: Vec<SafeText>,
    /// Which line of the command history is shown, counted back from the newest.
    pub history_at: Option<usize>,
}

impl Prompt {
    /// Up (`back`) or Down through `history` (oldest first): shows an older or newer line,
    /// or an empty line past the newest. History lines were typed at this prompt (or
    /// loaded through the sanitizer), so they are safe text.
    pub fn step_history(&mut self, history: &[String], back: bool) {
        let at = match (self.history_at, back) {
            (None, true) if !history.is_empty() => Some(0),
            (Some(at), true) => Some((at + 1).min(history.len() - 1)),
            (Some(at), false) if at > 0 => Some(at - 1),
            (None | Some(_), _) => None,
        };
        self.history_at = at;
        self.input = at
            .and_then(|at| history.get(history.len() - 1 - at))
            .cloned()
            .unwrap_or_default();
    }
}

/// Everything the reader knows; drawing is a pure function of it.
pub struct Model {
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
    /// The keys of a chain typed so far, shown in the status bar until the chain runs,
    /// is broken or times out.
    pub pending_keys: Option<PendingKeys>,
    /// Timers asked for so far, so each chain's timer has an id of its own.
    pub(crate) timers: u64,
    /// First line of the help overlay shown (it scrolls on small screens).
    pub help_scroll: usize,
    /// Something changed since the last frame.
    pub dirty: bool,
    pub quit: bool,
    /// Since the last auto-refresh, counted in ticks.
    pub(crate) idle_ticks: u64,
    /// The story just opened, to mark read once the frame showing it is out.
    pub(crate) deferred_read: Option<ArticleId>,
    /// Stories whose pages are being fetched for their full text.
    pub(crate) full_text_pending: HashSet<ArticleId>,
    /// Writes and searches handed to the store threads, and what is awaited from them.
    pub work: StoreWork,
    /// Stories laid out recently, by story, width and mode.
    pub renders: RenderCache,
    /// The query typed at the filter prompt (`f`), narrowing the view shown.
    pub filter: Option<ListFilter>,
    /// The link picker (`O`), while it is open.
    pub picker: LinkPicker,
}

/// The beginning of a chain of keys, waiting for its next key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingKeys {
    pub keys: Vec<crate::ui::keymap::Key>,
    /// The timer that drops these keys (a newer chain's timer outdates it).
    pub timer: u64,
}

/// A filter on the story list: the query as typed (prompt input, so safe to draw) and
/// parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListFilter {
    pub text: String,
    pub query: crate::query::Query,
}

impl Model {
    /// The state a reader starts in, before anything is loaded.
    pub fn new(settings: Settings, keymap: Keymap, theme: Theme) -> Self {
        Self {
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
            pending_keys: None,
            timers: 0,
            help_scroll: 0,
            dirty: true,
            quit: false,
            idle_ticks: 0,
            deferred_read: None,
            full_text_pending: HashSet::new(),
            work: StoreWork::default(),
            renders: RenderCache::default(),
            filter: None,
            picker: LinkPicker::default(),
        }
    }

    /// The store filter for the list: its view's, narrowed by the filter if there is one;
    /// `None` for search results (ranked, not filtered).
    pub fn list_filter(&self) -> Option<crate::store::ArticleFilter> {
        self.filter_for(self.list.view.as_ref()?)
    }

    /// The store filter for `view`, narrowed by the filter if there is one.
    pub fn filter_for(&self, view: &View) -> Option<crate::store::ArticleFilter> {
        let mut filter = view.filter()?;
        if let Some(narrow) = &self.filter {
            filter.query = Some(match filter.query.take() {
                Some(view) => crate::query::Query::And(vec![view, narrow.query.clone()]),
                None => narrow.query.clone(),
            });
        }
        Some(filter)
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
    pub(crate) fn selected_view(&self) -> View {
        self.sidebar
            .entries
            .get(self.sidebar.selected)
            .map_or(View::All, |e| e.view.clone())
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
    pub(crate) fn open_prompt(&mut self, kind: PromptKind, input: String, candidates: Vec<String>) {
        // Not `SafeText::line`: that would trim the space after a trailing comma.
        let input = SafeText::text(&input).replace(['\n', '\t'], " ");
        self.prompt = Prompt {
            input,
            candidates: SafeText::lines(&candidates),
            history_at: None,
        };
        self.mode = Mode::Prompt(kind);
        self.dirty = true;
    }
}
