//! What the reader can be asked to do ([`Action`]) and the modes that decide which keys
//! mean what ([`Mode`]). Actions are imperative; [`crate::ui::App::update`] applies them.

/// Everything a key, a click or the wheel can ask of the reader.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Move the selection (or scroll the story) one line down.
    Down,
    Up,
    /// Focus the pane to the left.
    Left,
    Right,
    /// Focus the next pane, wrapping around.
    NextPane,
    /// Open what is selected: a view in the sidebar, a story in the list.
    Open,
    Top,
    Bottom,
    PageUp,
    PageDown,
    NextUnread,
    PrevUnread,
    ToggleRead,
    /// Mark every story in the current view read.
    MarkViewRead,
    ToggleStar,
    /// Edit the selected story's tags (a prompt with completion).
    EditTags,
    /// Full-text search; the results become a view.
    Search,
    /// Open the story's link in the browser.
    OpenBrowser,
    /// Show the open story's full text (its web page's main content), or the feed's text
    /// again.
    FullText,
    /// Pick one of the story's links (its own and the numbered ones) from a list.
    PickLink,
    /// Pipe the story to a command typed at a prompt.
    Pipe,
    /// Save the story with `bookmark_command`.
    Bookmark,
    /// Open the story's enclosure (its episode) with the opener for its type; pick one
    /// from a list when it has several.
    PlayEnclosure,
    /// Queue the story's enclosures for `tidings download`.
    QueueDownload,
    /// A digit: follow numbered link `[n]` (two digits when the story has ten or more).
    FollowDigit(u8),
    /// Subscribe to a feed by URL (a prompt).
    AddFeed,
    /// Unsubscribe from the selected feed, after confirmation.
    DeleteFeed,
    RefreshAll,
    RefreshFeed,
    /// Flip visual reordering of right-to-left paragraphs.
    ToggleRtl,
    Help,
    /// Copy the story's link to the clipboard through the terminal (OSC 52), if allowed.
    CopyLink,
    /// Close what is open: a prompt, the story, a search view.
    Back,
    Quit,
    /// Welcome view: subscribe to the bundled sample feeds.
    LoadSamples,
    /// Welcome view: import subscriptions from an OPML file (a prompt).
    ImportOpml,
    /// Filter the story list with a query typed at a prompt.
    Filter,
    /// The `:` command line.
    CommandLine,
    /// Prompt editing: the previous line of the prompt's history.
    HistoryBack,
    /// Prompt editing: the next line of the prompt's history.
    HistoryForward,
    /// Save the filtered view in the config file, under a name typed at a prompt.
    SaveView,
    /// Prompt editing: type a character.
    Insert(char),
    /// Prompt editing: delete the character before the cursor.
    DeleteBack,
    /// Prompt editing: clear the line.
    ClearInput,
    /// Prompt editing: complete the word being typed.
    Complete,
    /// Prompt: accept the input. Confirmation: yes.
    Submit,
    /// Prompt or confirmation: no.
    Cancel,
    /// Mouse click at a screen cell.
    Click {
        column: u16,
        row: u16,
    },
    /// Mouse wheel over a screen cell; `down` scrolls towards later lines.
    Wheel {
        column: u16,
        row: u16,
        down: bool,
    },
}

/// One command, ready to run: an action, or one that takes arguments (parsed from a
/// command line by the `command` module).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// An action with no arguments, by its name.
    Act(Action),
    /// Add these tags to the story the flag keys act on.
    Tag(Vec<String>),
    /// Show the sidebar's view with this name (a saved view, a tag as `#tag`, a feed).
    View(String),
    /// Filter the list with this query.
    Filter(String),
    /// Search for this query.
    Search(String),
    /// Right-to-left reordering on, off, or flipped (`None`).
    SetRtl(Option<bool>),
    /// Subscribe to the feed at (or announced by) this address.
    Add(String),
    /// Pipe the story to this command (as typed: split into words, no shell).
    Pipe(String),
}

/// What the reader is doing, which decides how keys are read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    /// No subscriptions yet: offers the samples, adding a URL or importing OPML.
    Welcome,
    /// Reading: the panes take the keys.
    Browse,
    /// The help overlay is open; any key closes it.
    Help,
    /// A one-line prompt takes the keys.
    Prompt(PromptKind),
    /// A yes/no question.
    Confirm(Confirmation),
    /// The link picker (`O`) is open.
    PickLink,
}

/// What a prompt is asking for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PromptKind {
    Search,
    Tags,
    AddFeed,
    ImportOpml,
    /// A query narrowing the story list.
    Filter,
    /// A command line (`:`).
    Command,
    /// The name to save the filtered view under.
    SaveView,
    /// The command to pipe the story to (`|`).
    Pipe,
}

impl PromptKind {
    /// The label shown before the input.
    pub fn label(self) -> &'static str {
        match self {
            Self::Search => "Search: ",
            Self::Tags => "Tags (comma-separated, Tab completes): ",
            Self::AddFeed => "Feed or site URL: ",
            Self::ImportOpml => "OPML or urls file: ",
            Self::Filter => "Filter (query, Esc clears): ",
            Self::Command => ":",
            Self::SaveView => "Save the filtered view as: ",
            Self::Pipe => "Pipe the story to: ",
        }
    }
}

/// A question waiting for yes or no.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Confirmation {
    /// Unsubscribe from this feed.
    DeleteFeed {
        id: crate::store::FeedId,
        /// The feed's name, safe to show in the question.
        title: crate::sanitize::SafeText,
    },
}

/// The panes of the reader, left to right.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Pane {
    Sidebar,
    #[default]
    List,
    Story,
}

impl Pane {
    /// The pane to the left, if any.
    #[must_use]
    pub fn left(self) -> Self {
        match self {
            Self::Sidebar | Self::List => Self::Sidebar,
            Self::Story => Self::List,
        }
    }

    /// The pane to the right, if any.
    #[must_use]
    pub fn right(self) -> Self {
        match self {
            Self::Sidebar => Self::List,
            Self::List | Self::Story => Self::Story,
        }
    }
}
