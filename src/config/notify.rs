//! The `[notify]` section: what tells the user that a refresh or sync stored new stories
//! (a command, a notification through the reader's terminal), and which stories count.

use std::path::Path;

use serde::Deserialize;

use super::{Error, SavedView};
use crate::launch::CommandLine;

/// How new stories are announced; nothing is when neither `command` nor `terminal` is set.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Notify {
    /// Run after a refresh that stored new stories, its words' `%n`, `%f` and `%t`
    /// replaced (see [`crate::notify`]).
    pub command: Option<CommandLine>,
    /// While the reader runs, a desktop notification through the terminal (OSC 9 or 777).
    pub terminal: bool,
    /// Only new stories in one of these saved views count; empty means every new story.
    pub views: Vec<SavedView>,
}

impl Notify {
    /// Whether anything is to be announced at all.
    pub fn is_on(&self) -> bool {
        self.command.is_some() || self.terminal
    }
}

/// `[notify]` as written.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(super) struct RawNotify {
    command: String,
    terminal: bool,
    views: Vec<String>,
}

/// Checks the section: the command's quoting, and that every view is a `[[view]]`.
pub(super) fn validate(raw: &RawNotify, views: &[SavedView], path: &Path) -> Result<Notify, Error> {
    let invalid = |message: String| Error::Invalid {
        path: path.to_path_buf(),
        message,
    };
    let command = raw.command.trim();
    let command = (!command.is_empty())
        .then(|| CommandLine::parse(command))
        .transpose()
        .map_err(|e| invalid(format!("notify.command: {e}")))?;
    let views = raw
        .views
        .iter()
        .map(|name| {
            views
                .iter()
                .find(|view| view.name == name.trim())
                .cloned()
                .ok_or_else(|| {
                    invalid(format!(
                        "notify.views: there is no [[view]] named \"{name}\""
                    ))
                })
        })
        .collect::<Result<_, _>>()?;
    Ok(Notify {
        command,
        terminal: raw.terminal,
        views,
    })
}
