//! The config's `[keys]` applied to the default keymap: entries named after an action
//! rebind it (`toggle_star = "x"`), any other entry binds a key or a chain of keys to a
//! command line (`"g g" = "top"`), everywhere or, from `[keys.<pane>]`, in one pane.
//! Every key and every command is checked here, and a mistake names its binding.

use std::collections::BTreeMap;
use std::time::Duration;

use anyhow::{Result, anyhow, bail};

use crate::config::{KEY_CONTEXTS, KeyValue, Keys};
use crate::sanitize::SafeText;
use crate::ui::action::Pane;
use crate::ui::keymap::{Key, Keymap, UserBinding, action_named, parse_key};

/// The panes of [`KEY_CONTEXTS`], in its order.
const PANES: [Pane; 3] = [Pane::Sidebar, Pane::List, Pane::Story];

impl Keymap {
    /// The defaults with the config's `[keys]` applied, chains waiting `timeout` for their
    /// next key. A key that cannot be read, a command that does not parse, or two bindings
    /// of one table where one begins the other is an error naming the binding.
    pub fn from_config(keys: &Keys, timeout: Duration) -> Result<Self> {
        let mut rebinds = BTreeMap::new();
        let mut everywhere = Vec::new();
        for (name, value) in &keys.everywhere {
            let at = format!("[keys] {name:?}");
            match (action_named(name), value) {
                (Some(_), KeyValue::Text(key)) => {
                    rebinds.insert(name.clone(), vec![key.clone()]);
                }
                (Some(_), KeyValue::List(list)) => {
                    rebinds.insert(name.clone(), list.clone());
                }
                (Some(_), KeyValue::Run { .. }) => bail!(
                    "{at}: {name} is an action, rebound with {name} = \"KEY\"; to bind the \
                     key of that name, capitalize it"
                ),
                (None, KeyValue::List(_)) => {
                    bail!("{at}: no such action (a list of keys rebinds an action)")
                }
                (None, KeyValue::Text(run)) => everywhere.push((name, None, run, None)),
                (None, KeyValue::Run { run, help }) => {
                    everywhere.push((name, None, run, help.as_ref()));
                }
            }
        }
        let mut map = Self::new(&rebinds)?;
        map.timeout = timeout;
        let mut bindings = Vec::new();
        let nothing = String::new();
        for (index, (&name, pane)) in KEY_CONTEXTS.iter().zip(PANES).enumerate() {
            let own = keys.panes.get(name).into_iter().flatten();
            let own = own.map(|(chain, value)| match value {
                KeyValue::Run { run, help } => (chain, Some(name), run, help.as_ref()),
                KeyValue::Text(run) => (chain, Some(name), run, None),
                // The config refuses lists in a pane's table; the empty line fails below.
                KeyValue::List(_) => (chain, Some(name), &nothing, None),
            });
            for (chain, context, run, help) in everywhere.iter().copied().chain(own) {
                let at = match context {
                    Some(name) => format!("[keys.{name}] {chain:?}"),
                    None => format!("[keys] {chain:?}"),
                };
                let keys = parse_chain(chain).map_err(|e| anyhow!("{at}: {e}"))?;
                let commands = super::parse(run).map_err(|e| anyhow!("{at}: {e}"))?;
                if commands.is_empty() {
                    bail!("{at}: the command line is empty");
                }
                map.bind_chain(pane, keys, commands, context.is_some())
                    .map_err(|other| {
                        anyhow!(
                            "{at}: overlaps {:?} in the same table (a key that begins a chain \
                             cannot also be bound on its own)",
                            show(&other)
                        )
                    })?;
                // Each everywhere binding is listed once, not once per pane.
                if context.is_some() || index == 0 {
                    bindings.push(UserBinding {
                        keys: SafeText::line(chain),
                        pane: context,
                        run: SafeText::line(run),
                        help: help.map(|h| SafeText::line(h)),
                    });
                }
            }
        }
        map.finish_chains(bindings);
        Ok(map)
    }
}

/// `g g` as keys; at least one.
fn parse_chain(text: &str) -> Result<Vec<Key>> {
    let keys = text
        .split_whitespace()
        .map(|key| parse_key(key).map_err(|_| anyhow!("cannot read key {key:?}")))
        .collect::<Result<Vec<Key>>>()?;
    if keys.is_empty() {
        bail!("no keys");
    }
    Ok(keys)
}

/// Keys as the config writes them, for messages.
fn show(keys: &[Key]) -> String {
    keys.iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(" ")
}
