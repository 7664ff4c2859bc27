//! Key presses through the keymap: a chain's keys wait in the model (the status bar shows
//! them) until it runs, a key breaks it, or its timer — an effect the runtime keeps —
//! drops them; and `y`, the story's link copied through the terminal.

use ratatui::crossterm::event::KeyEvent;

use crate::sanitize;
use crate::ui::effect::Effect;
use crate::ui::keymap::{KeyOutcome, press};
use crate::ui::model::PendingKeys;
use crate::ui::osc;
use crate::ui::update::App;

impl App {
    /// One key press: an action, a binding's commands, or one more key of a chain.
    pub(crate) fn on_key(&mut self, event: KeyEvent) {
        let pending = self.model.pending_keys.take();
        let typed = pending.as_ref().map_or(&[][..], |p| &p.keys[..]);
        let outcome = press(
            &self.model.keymap,
            &self.model.mode,
            self.model.focus,
            typed,
            event,
        );
        if pending.is_some() {
            self.model.dirty = true;
        }
        match outcome {
            KeyOutcome::Act(action) => self.update(action),
            KeyOutcome::Run(commands) => {
                self.run_commands(commands);
                self.model.dirty = true;
            }
            KeyOutcome::Pending(keys) => {
                // Every key of a chain restarts the wait, with a timer of its own: one
                // already fired for an earlier key or chain can't drop these keys.
                self.model.timers = self.model.timers.wrapping_add(1);
                let timer = self.model.timers;
                self.model.pending_keys = Some(PendingKeys { keys, timer });
                self.effects.push(Effect::Timer {
                    after: self.model.keymap.timeout,
                    id: timer,
                });
                self.model.dirty = true;
            }
            KeyOutcome::Nothing => {}
        }
    }

    /// A timer went off: the chain it was set for, if still waiting, is dropped.
    pub(crate) fn timer_fired(&mut self, id: u64) {
        if self
            .model
            .pending_keys
            .as_ref()
            .is_some_and(|p| p.timer == id)
        {
            self.model.pending_keys = None;
            self.model.dirty = true;
        }
    }

    /// `y`: the story's link, policy-checked, to the clipboard through the terminal when
    /// `reader.osc52` allows it; otherwise the status bar says how to allow it.
    pub(crate) fn copy_link(&mut self) {
        if !self.model.settings.osc52 {
            self.model.say(
                "Copying needs the terminal's clipboard: set osc52 = true in [reader] \
                 (tmux also needs set-clipboard on)",
            );
            return;
        }
        let Some(link) = self.target().and_then(|a| a.link) else {
            self.model.say("This story has no link");
            return;
        };
        match crate::url_policy::for_opening(&link) {
            Ok(url) if osc::safe_uri(url.as_str()).is_some() => {
                // Whether the terminal accepts it can't be known: say what was done.
                self.model.say(format!(
                    "Sent {} to the terminal's clipboard",
                    sanitize::clean_line(url.as_str())
                ));
                self.effects
                    .push(Effect::Terminal(osc::clipboard(url.as_str())));
            }
            _ => self.model.say(format!(
                "Not copying {}: not a link that opens",
                sanitize::clean_line(&link)
            )),
        }
    }
}
