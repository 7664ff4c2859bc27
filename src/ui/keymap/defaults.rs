//! The default bindings: every rebindable action with its `[keys]` name, its help text
//! and its default keys, in the order the help overlay lists them.

use super::super::action::Action;

/// One rebindable action: its config name, what it does, and its default keys.
pub(super) struct Binding {
    pub(super) name: &'static str,
    pub(super) action: Action,
    pub(super) help: &'static str,
    pub(super) keys: &'static [&'static str],
}

/// The default bindings, in the order the help overlay lists them.
pub(super) const BINDINGS: &[Binding] = &[
    bind("down", Action::Down, "move down / scroll", &["j", "down"]),
    bind("up", Action::Up, "move up / scroll", &["k", "up"]),
    bind("left", Action::Left, "pane to the left", &["h", "left"]),
    bind("right", Action::Right, "pane to the right", &["l", "right"]),
    bind("next_pane", Action::NextPane, "next pane", &["tab"]),
    bind("open", Action::Open, "open view or story", &["enter"]),
    bind("top", Action::Top, "first line", &["g", "home"]),
    bind("bottom", Action::Bottom, "last line", &["G", "end"]),
    bind("page_up", Action::PageUp, "page up", &["pageup"]),
    bind(
        "page_down",
        Action::PageDown,
        "page down",
        &["pagedown", "space"],
    ),
    bind(
        "next_unread",
        Action::NextUnread,
        "next unread story",
        &["n"],
    ),
    bind(
        "prev_unread",
        Action::PrevUnread,
        "previous unread story",
        &["N"],
    ),
    bind("toggle_read", Action::ToggleRead, "toggle read", &["r"]),
    bind(
        "mark_view_read",
        Action::MarkViewRead,
        "mark view read",
        &["A"],
    ),
    bind("toggle_star", Action::ToggleStar, "toggle star", &["s"]),
    bind("edit_tags", Action::EditTags, "edit tags", &["t"]),
    bind("search", Action::Search, "search; results view", &["/"]),
    bind(
        "command_line",
        Action::CommandLine,
        "command line (Tab completes)",
        &[":"],
    ),
    bind(
        "filter",
        Action::Filter,
        "filter the list by a query",
        &["f"],
    ),
    bind(
        "save_view",
        Action::SaveView,
        "save the filtered view",
        &["V"],
    ),
    bind(
        "open_browser",
        Action::OpenBrowser,
        "open link in browser",
        &["o"],
    ),
    bind("pick_link", Action::PickLink, "pick a link to open", &["O"]),
    bind("pipe", Action::Pipe, "pipe the story to a command", &["|"]),
    bind(
        "bookmark",
        Action::Bookmark,
        "bookmark (bookmark_command)",
        &["B"],
    ),
    bind(
        "play_enclosure",
        Action::PlayEnclosure,
        "play the story's enclosure",
        &["e"],
    ),
    bind(
        "queue_download",
        Action::QueueDownload,
        "queue its enclosures to download",
        &["D"],
    ),
    bind(
        "full_text",
        Action::FullText,
        "full text from its page",
        &["x"],
    ),
    bind("add_feed", Action::AddFeed, "add a feed by URL", &["a"]),
    bind(
        "delete_feed",
        Action::DeleteFeed,
        "delete selected feed",
        &["d"],
    ),
    bind(
        "refresh_all",
        Action::RefreshAll,
        "refresh all feeds",
        &["R"],
    ),
    bind(
        "refresh_feed",
        Action::RefreshFeed,
        "refresh selected feed",
        &["F"],
    ),
    bind(
        "toggle_rtl",
        Action::ToggleRtl,
        "reorder right-to-left",
        &["b"],
    ),
    bind(
        "copy_link",
        Action::CopyLink,
        "copy the story link (OSC 52)",
        &["y"],
    ),
    bind("help", Action::Help, "this help", &["?", "f1"]),
    bind("back", Action::Back, "back / close", &["esc"]),
    bind("quit", Action::Quit, "quit", &["q", "ctrl-c"]),
];

const fn bind(
    name: &'static str,
    action: Action,
    help: &'static str,
    keys: &'static [&'static str],
) -> Binding {
    Binding {
        name,
        action,
        help,
        keys,
    }
}

/// The action a `[keys]` name stands for (`toggle_star`), if any.
pub fn action_named(name: &str) -> Option<Action> {
    BINDINGS.iter().find(|b| b.name == name).map(|b| b.action)
}

/// Every action's `[keys]` name, in help order.
pub fn action_names() -> impl Iterator<Item = &'static str> {
    BINDINGS.iter().map(|b| b.name)
}
