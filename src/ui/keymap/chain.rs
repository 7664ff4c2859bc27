//! Chains of keys: what each pane binds, in layers (the defaults, then `[keys]`, then the
//! pane's own `[keys.<pane>]`), and whether keys typed so far run something, may still
//! grow into a binding, or mean nothing. Pure data; the pending keys live in the model.

use std::collections::{HashMap, HashSet};

use super::{Key, Keymap, pane_index};
use crate::sanitize::SafeText;
use crate::ui::action::{Action, Command, Pane};

/// What a binding runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// One action: the defaults and rebindings.
    Action(Action),
    /// A command line from `[keys]`, parsed.
    Commands(Vec<Command>),
}

/// Which table a binding came from; a later layer shadows an earlier one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Layer {
    Defaults,
    Everywhere,
    Pane,
}

/// The bindings in effect in one pane. No bound chain is the beginning of another, so
/// keys typed so far either run one binding, may grow into some, or mean nothing.
#[derive(Debug, Clone, Default)]
pub(super) struct Table {
    bound: HashMap<Vec<Key>, (Target, Layer)>,
    /// Every proper beginning of a bound chain.
    prefixes: HashSet<Vec<Key>>,
}

/// What keys typed so far mean in a pane.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Found<'a> {
    Bound(&'a Target),
    /// The beginning of at least one chain: wait for the next key.
    Prefix,
    Nothing,
}

impl Table {
    /// Binds `chain` to `target` from `layer`, shadowing what earlier layers bound to the
    /// same keys, to a beginning of them, or to a chain they begin. Within one layer such
    /// an overlap is a mistake: the error names the other chain.
    pub(super) fn bind(
        &mut self,
        chain: Vec<Key>,
        target: Target,
        layer: Layer,
    ) -> Result<(), Vec<Key>> {
        let overlapping: Vec<Vec<Key>> = self
            .bound
            .keys()
            .filter(|other| other.starts_with(&chain) || chain.starts_with(other))
            .cloned()
            .collect();
        for other in overlapping {
            // Defaults may rebind a key to another action; the last one wins, as before.
            if layer != Layer::Defaults && self.bound.get(&other).is_some_and(|b| b.1 == layer) {
                return Err(other);
            }
            self.bound.remove(&other);
        }
        self.bound.insert(chain, (target, layer));
        Ok(())
    }

    /// Notes every chain's beginnings; call once every binding is in.
    pub(super) fn finish(&mut self) {
        self.prefixes = self
            .bound
            .keys()
            .flat_map(|chain| (1..chain.len()).map(|n| chain[..n].to_vec()))
            .collect();
    }

    /// What `keys` mean here.
    pub(super) fn find(&self, keys: &[Key]) -> Found<'_> {
        if let Some((target, _)) = self.bound.get(keys) {
            Found::Bound(target)
        } else if self.prefixes.contains(keys) {
            Found::Prefix
        } else {
            Found::Nothing
        }
    }

    /// Whether the single key `key` still runs `action` here (not shadowed by a chain).
    pub(super) fn runs(&self, key: Key, action: Action) -> bool {
        matches!(self.bound.get(&[key][..]), Some((Target::Action(a), _)) if *a == action)
    }
}

/// A binding of keys to a command line from the config, as the help overlay lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserBinding {
    /// The keys as written (`g g`).
    pub keys: SafeText,
    /// The pane it is bound in (`list`); `None`: everywhere.
    pub pane: Option<&'static str>,
    /// The command line it runs.
    pub run: SafeText,
    /// The description written beside it.
    pub help: Option<SafeText>,
}

impl Keymap {
    /// Binds `chain` to `commands` in `pane`, from `[keys]` (`own`: from the pane's own
    /// table). An overlap with another binding of the same table is refused, naming it.
    pub(crate) fn bind_chain(
        &mut self,
        pane: Pane,
        chain: Vec<Key>,
        commands: Vec<Command>,
        own: bool,
    ) -> Result<(), Vec<Key>> {
        let layer = if own { Layer::Pane } else { Layer::Everywhere };
        self.panes[pane_index(pane)].bind(chain, Target::Commands(commands), layer)
    }

    /// Lists `binding` in the help; call once the bindings are in, to finish the tables.
    pub(crate) fn finish_chains(&mut self, bindings: Vec<UserBinding>) {
        for table in &mut self.panes {
            table.finish();
        }
        self.bound = bindings;
    }
}

#[cfg(test)]
mod tests {
    use super::super::parse_key;
    use super::*;

    fn chain(text: &str) -> Vec<Key> {
        text.split_whitespace()
            .map(|k| parse_key(k).unwrap())
            .collect()
    }

    #[test]
    fn a_chain_shadows_an_earlier_layers_key_and_waits_for_more() {
        let mut table = Table::default();
        table
            .bind(chain("g"), Target::Action(Action::Top), Layer::Defaults)
            .unwrap();
        table
            .bind(chain("G"), Target::Action(Action::Bottom), Layer::Defaults)
            .unwrap();
        let star = Target::Commands(vec![Command::Act(Action::ToggleStar)]);
        table
            .bind(chain("g s"), star.clone(), Layer::Everywhere)
            .unwrap();
        table.finish();
        assert_eq!(table.find(&chain("g")), Found::Prefix);
        assert_eq!(table.find(&chain("g s")), Found::Bound(&star));
        assert_eq!(table.find(&chain("g x")), Found::Nothing);
        assert_eq!(
            table.find(&chain("G")),
            Found::Bound(&Target::Action(Action::Bottom))
        );
        assert!(!table.runs(chain("g")[0], Action::Top));
    }

    #[test]
    fn a_later_layer_wins_and_overlaps_within_a_layer_are_refused() {
        let mut table = Table::default();
        let quit = Target::Action(Action::Quit);
        table
            .bind(chain(", m"), quit.clone(), Layer::Everywhere)
            .unwrap();
        assert_eq!(
            table.bind(chain(","), quit.clone(), Layer::Everywhere),
            Err(chain(", m"))
        );
        assert_eq!(
            table.bind(chain(", m x"), quit.clone(), Layer::Everywhere),
            Err(chain(", m"))
        );
        // The pane's own single `,` replaces the everywhere chain in that pane.
        table.bind(chain(","), quit.clone(), Layer::Pane).unwrap();
        table.finish();
        assert_eq!(table.find(&chain(",")), Found::Bound(&quit));
        assert_eq!(table.find(&chain(", m")), Found::Nothing);
    }
}
