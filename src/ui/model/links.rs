//! The link picker's state (`O`: the story's own link and its numbered links, one
//! selected) and the settings of the programs a story is handed to (`|`, `B`).

use std::path::PathBuf;

use crate::config::PipeFormat;
use crate::sanitize::SafeText;

/// One link the picker offers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PickedLink {
    /// `link` for the story's own, `[n]` for a numbered one.
    pub label: String,
    /// The link as the story has it (checked by the URL policy when it is opened).
    pub url: String,
    /// The link, safe to draw.
    pub shown: SafeText,
    /// An enclosure's MIME type, for the opener that matches it.
    pub mime: Option<String>,
}

/// The open link picker.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LinkPicker {
    pub links: Vec<PickedLink>,
    pub selected: usize,
    /// The story's and its feed's titles, for an opener's `%t` and `%f`.
    pub titles: (SafeText, SafeText),
}

impl LinkPicker {
    /// Moves the selection by `delta`, staying on the list.
    pub(crate) fn step(&mut self, delta: isize) {
        let last = self.links.len().saturating_sub(1);
        self.selected = self.selected.saturating_add_signed(delta).min(last);
    }

    /// The selected link.
    pub fn chosen(&self) -> Option<&PickedLink> {
        self.links.get(self.selected)
    }
}

/// How `|` and `B` run (from `[reader]`), and the pipe prompt's history.
#[derive(Debug, Clone, Default)]
pub struct Programs {
    pub pipe_format: PipeFormat,
    /// `reader.bookmark_command`; `None` when it is not set.
    pub bookmark_command: Option<String>,
    /// Commands piped to before, oldest first, and the file new ones are added to.
    pub pipe_history: Vec<String>,
    pub pipe_history_file: Option<PathBuf>,
}
