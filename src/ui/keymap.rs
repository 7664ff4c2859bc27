//! Keys to actions: the default bindings, rebinding and chains from `[keys]` in the
//! config (`chain`; read by `command::bindings`), and [`press`], the pure function the event loop asks what a
//! key means in a mode and pane after the keys of a chain typed so far.

use std::collections::{BTreeMap, HashMap};
use std::time::Duration;

use anyhow::{Result, bail};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::action::Command;
use super::action::{Action, Mode, Pane};
use chain::{Found, Layer, Table, Target};

mod chain;
mod defaults;
mod key;

pub use chain::UserBinding;
use defaults::BINDINGS;
pub use defaults::{action_named, action_names};
pub use key::Key;
pub(crate) use key::parse_key;

/// The bindings in effect, after the config's rebindings and chains.
#[derive(Debug, Clone)]
pub struct Keymap {
    /// The single keys of the defaults, rebound: what keys mean outside the panes.
    keys: HashMap<Key, Action>,
    /// Each pane's bindings, chains included, in [`pane_index`] order.
    panes: [Table; 3],
    /// (command name, help text, keys as written) per action, in help order.
    help: Vec<(&'static str, &'static str, Vec<String>)>,
    /// The config's bindings of keys to command lines, in the order written.
    bound: Vec<UserBinding>,
    /// How long a chain waits for its next key.
    pub timeout: Duration,
}

/// What a key press means, given the keys of a chain typed before it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyOutcome {
    Act(Action),
    /// A binding's command line.
    Run(Vec<Command>),
    /// These keys (the pending ones and this one) begin a chain: wait for more.
    Pending(Vec<Key>),
    /// Nothing: the key means nothing here, or ends a chain nothing is bound to.
    Nothing,
}

/// The position of `pane`'s table in [`Keymap::panes`], and the `[keys.<pane>]` names in
/// the same order.
fn pane_index(pane: Pane) -> usize {
    match pane {
        Pane::Sidebar => 0,
        Pane::List => 1,
        Pane::Story => 2,
    }
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
        let mut keys: HashMap<Key, Action> = HashMap::new();
        let mut rebound: HashMap<Key, Action> = HashMap::new();
        let mut help = Vec::new();
        for binding in BINDINGS {
            let written: Vec<String> = overrides
                .get(binding.name)
                .cloned()
                .unwrap_or_else(|| binding.keys.iter().map(|k| (*k).to_owned()).collect());
            for text in &written {
                let key = parse_key(text)?;
                // A key the config gives an action wins over the same key's default.
                if overrides.contains_key(binding.name) {
                    rebound.insert(key, binding.action);
                } else {
                    keys.insert(key, binding.action);
                }
            }
            help.push((binding.name, binding.help, written));
        }
        keys.extend(rebound);
        let mut table = Table::default();
        for (key, action) in &keys {
            // Single keys never overlap, and the defaults layer never refuses.
            let _ = table.bind(vec![*key], Target::Action(*action), Layer::Defaults);
        }
        table.finish();
        Ok(Self {
            keys,
            panes: [table.clone(), table.clone(), table],
            help,
            bound: Vec::new(),
            timeout: Duration::from_secs(1),
        })
    }

    /// Each action's command name and help text with the keys that still run it (a chain
    /// from the config may shadow a default key), for the help overlay.
    pub fn help(&self) -> Vec<(&'static str, &'static str, Vec<String>)> {
        self.help
            .iter()
            .map(|(name, text, written)| {
                let action = action_named(name);
                let keys = written
                    .iter()
                    .filter(|k| {
                        let (Ok(key), Some(action)) = (parse_key(k), action) else {
                            return false;
                        };
                        self.panes.iter().any(|t| t.runs(key, action))
                    })
                    .cloned()
                    .collect();
                (*name, *text, keys)
            })
            .collect()
    }

    /// The config's bindings of keys to command lines, for the help overlay.
    pub fn bound(&self) -> &[UserBinding] {
        &self.bound
    }

    fn browse(&self, key: Key) -> Option<Action> {
        self.keys.get(&key).copied().or_else(|| fallback(key))
    }
}

impl Default for Keymap {
    fn default() -> Self {
        // The built-in table parses; a test checks it.
        Self::new(&BTreeMap::new()).unwrap_or_else(|_| Self {
            keys: HashMap::new(),
            help: Vec::new(),
            panes: Default::default(),
            bound: Vec::new(),
            timeout: Duration::from_secs(1),
        })
    }
}

/// What `key` means in `mode`, if anything, as a single key in the list pane.
pub fn keymap(keys: &Keymap, mode: &Mode, event: KeyEvent) -> Option<Action> {
    match press(keys, mode, Pane::List, &[], event) {
        KeyOutcome::Act(action) => Some(action),
        _ => None,
    }
}

/// What `event` means in `mode` with `focus` on a pane, after the `pending` keys of a
/// chain. Pure: the same inputs give the same outcome.
pub fn press(
    keys: &Keymap,
    mode: &Mode,
    focus: Pane,
    pending: &[Key],
    event: KeyEvent,
) -> KeyOutcome {
    let key = Key::from_event(event);
    if *mode != Mode::Browse {
        return single(keys, mode, key).map_or(KeyOutcome::Nothing, KeyOutcome::Act);
    }
    let mut chain = pending.to_vec();
    chain.push(key);
    match keys.panes[pane_index(focus)].find(&chain) {
        Found::Bound(Target::Action(action)) => KeyOutcome::Act(*action),
        Found::Bound(Target::Commands(commands)) => KeyOutcome::Run(commands.clone()),
        Found::Prefix => KeyOutcome::Pending(chain),
        Found::Nothing if !pending.is_empty() => KeyOutcome::Nothing,
        Found::Nothing => fallback(key).map_or(KeyOutcome::Nothing, KeyOutcome::Act),
    }
}

/// Keys no table binds: digits follow links, Shift-Tab goes left.
fn fallback(key: Key) -> Option<Action> {
    match key.code {
        KeyCode::Char(c @ '0'..='9') if key.modifiers.is_empty() => {
            Some(Action::FollowDigit(c as u8 - b'0'))
        }
        KeyCode::BackTab => Some(Action::Left),
        _ => None,
    }
}

/// What a single key means outside the panes.
fn single(keys: &Keymap, mode: &Mode, key: Key) -> Option<Action> {
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

#[cfg(test)]
mod tests;
