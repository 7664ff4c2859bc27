//! Keys to actions: the default bindings, rebinding from `[keys]` in the config, and
//! [`keymap`], the pure function the event loop asks what a key means in a mode.

use std::collections::{BTreeMap, HashMap};

use anyhow::{Result, bail};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::{Action, Mode};

/// One rebindable action: its config name, what it does, and its default keys.
struct Binding {
    name: &'static str,
    action: Action,
    help: &'static str,
    keys: &'static [&'static str],
}

/// The default bindings, in the order the help overlay lists them.
const BINDINGS: &[Binding] = &[
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

/// A key as bound: code plus the modifiers that matter (Shift is folded into the char).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Key {
    code: KeyCode,
    modifiers: KeyModifiers,
}

impl Key {
    /// Normalizes a key event: Shift is dropped when the character already carries it.
    pub(crate) fn from_event(event: KeyEvent) -> Self {
        let mut modifiers = event.modifiers & (KeyModifiers::CONTROL | KeyModifiers::ALT);
        if let KeyCode::BackTab = event.code {
            modifiers = KeyModifiers::NONE;
        }
        Self {
            code: event.code,
            modifiers,
        }
    }
}

/// The browse-mode bindings in effect, after the config's rebindings.
#[derive(Debug, Clone)]
pub struct Keymap {
    keys: HashMap<Key, Action>,
    /// (command name, help text, keys as written) per action, in help order.
    help: Vec<(&'static str, &'static str, Vec<String>)>,
}

impl Keymap {
    /// The defaults with `overrides` (action name to keys) applied. A rebound action loses
    /// its default keys; an unknown action name or key is an error naming it.
    pub fn new(overrides: &BTreeMap<String, Vec<String>>) -> Result<Self> {
        if let Some(name) = overrides
            .keys()
            .find(|n| !BINDINGS.iter().any(|b| b.name == *n))
        {
            bail!("[keys] in the config: unknown action {name:?}");
        }
        let mut keys = HashMap::new();
        let mut help = Vec::new();
        for binding in BINDINGS {
            let written: Vec<String> = overrides
                .get(binding.name)
                .cloned()
                .unwrap_or_else(|| binding.keys.iter().map(|k| (*k).to_owned()).collect());
            for text in &written {
                let key = parse_key(text)?;
                keys.insert(key, binding.action);
            }
            help.push((binding.name, binding.help, written));
        }
        Ok(Self { keys, help })
    }

    /// Each action's command name and help text with its keys, for the help overlay.
    pub fn help(&self) -> &[(&'static str, &'static str, Vec<String>)] {
        &self.help
    }

    fn browse(&self, key: Key) -> Option<Action> {
        if let Some(action) = self.keys.get(&key) {
            return Some(*action);
        }
        match key.code {
            KeyCode::Char(c @ '0'..='9') if key.modifiers.is_empty() => {
                Some(Action::FollowDigit(c as u8 - b'0'))
            }
            KeyCode::BackTab => Some(Action::Left),
            _ => None,
        }
    }
}

impl Default for Keymap {
    fn default() -> Self {
        // The built-in table parses; a test checks it.
        Self::new(&BTreeMap::new()).unwrap_or_else(|_| Self {
            keys: HashMap::new(),
            help: Vec::new(),
        })
    }
}

/// What `key` means in `mode`, if anything. Pure: the same inputs give the same action.
pub fn keymap(keys: &Keymap, mode: &Mode, event: KeyEvent) -> Option<Action> {
    let key = Key::from_event(event);
    match mode {
        Mode::Browse => keys.browse(key),
        Mode::Welcome => match key.code {
            KeyCode::Char('s') if key.modifiers.is_empty() => Some(Action::LoadSamples),
            KeyCode::Char('i') if key.modifiers.is_empty() => Some(Action::ImportOpml),
            _ => keys.browse(key).filter(|a| {
                matches!(
                    a,
                    Action::AddFeed | Action::Quit | Action::Help | Action::Back
                )
            }),
        },
        // The overlay scrolls on small screens; any other key closes it.
        Mode::Help => match keys.browse(key) {
            Some(action @ (Action::Down | Action::Up)) => Some(action),
            _ => Some(Action::Back),
        },
        Mode::Confirm(_) => match key.code {
            KeyCode::Char('y' | 'Y') | KeyCode::Enter => Some(Action::Submit),
            _ => Some(Action::Cancel),
        },
        Mode::Prompt(_) => prompt_key(key),
        Mode::PickLink => picker_key(keys, key),
    }
}

/// The link picker: up and down (as bound), Enter opens, Esc (or back, quit) closes.
fn picker_key(keys: &Keymap, key: Key) -> Option<Action> {
    match key.code {
        KeyCode::Enter => Some(Action::Submit),
        KeyCode::Esc => Some(Action::Cancel),
        _ => match keys.browse(key)? {
            action @ (Action::Down | Action::Up | Action::Top | Action::Bottom) => Some(action),
            Action::Open => Some(Action::Submit),
            Action::Back | Action::Quit | Action::PickLink => Some(Action::Cancel),
            _ => None,
        },
    }
}

fn prompt_key(key: Key) -> Option<Action> {
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    match key.code {
        KeyCode::Enter => Some(Action::Submit),
        KeyCode::Esc => Some(Action::Cancel),
        KeyCode::Char('c') if ctrl => Some(Action::Cancel),
        KeyCode::Char('u') if ctrl => Some(Action::ClearInput),
        KeyCode::Tab => Some(Action::Complete),
        KeyCode::Up => Some(Action::HistoryBack),
        KeyCode::Down => Some(Action::HistoryForward),
        KeyCode::Backspace => Some(Action::DeleteBack),
        KeyCode::Char(c) if !ctrl => Some(Action::Insert(c)),
        _ => None,
    }
}

/// Parses a key as written in the config: `j`, `G`, `ctrl-d`, `alt-x`, `enter`, `f5`.
pub(crate) fn parse_key(text: &str) -> Result<Key> {
    let mut modifiers = KeyModifiers::NONE;
    let mut rest = text;
    loop {
        if let Some(r) = rest.strip_prefix("ctrl-").filter(|r| !r.is_empty()) {
            modifiers |= KeyModifiers::CONTROL;
            rest = r;
        } else if let Some(r) = rest.strip_prefix("alt-").filter(|r| !r.is_empty()) {
            modifiers |= KeyModifiers::ALT;
            rest = r;
        } else {
            break;
        }
    }
    let code = named_key(rest).or_else(|| single_char(rest));
    match code {
        Some(code) => Ok(Key { code, modifiers }),
        None => bail!("[keys] in the config: cannot read key {text:?}"),
    }
}

fn single_char(text: &str) -> Option<KeyCode> {
    let mut chars = text.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => Some(KeyCode::Char(c)),
        _ => None,
    }
}

fn named_key(name: &str) -> Option<KeyCode> {
    let code = match name.to_ascii_lowercase().as_str() {
        "enter" | "return" => KeyCode::Enter,
        "esc" | "escape" => KeyCode::Esc,
        "tab" => KeyCode::Tab,
        "backtab" => KeyCode::BackTab,
        "backspace" => KeyCode::Backspace,
        "space" => KeyCode::Char(' '),
        "up" => KeyCode::Up,
        "down" => KeyCode::Down,
        "left" => KeyCode::Left,
        "right" => KeyCode::Right,
        "home" => KeyCode::Home,
        "end" => KeyCode::End,
        "pageup" => KeyCode::PageUp,
        "pagedown" => KeyCode::PageDown,
        "delete" => KeyCode::Delete,
        f if f.len() > 1 && f.starts_with('f') => KeyCode::F(f[1..].parse().ok()?),
        _ => return None,
    };
    Some(code)
}

#[cfg(test)]
mod tests;
