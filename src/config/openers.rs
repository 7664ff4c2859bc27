//! Openers (`[[opener]]`): a program per kind of link, checked when the config is read, so
//! a bad regex or an open quote is an error naming the opener, not a surprise on `o`.

use std::path::Path;

use serde::Deserialize;

use super::Error;
use crate::launch::Opener;

/// `[[opener]]` as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawOpener {
    /// A regex on the URL.
    #[serde(rename = "match")]
    pattern: Option<String>,
    /// A MIME type glob (`audio/*`).
    #[serde(rename = "type")]
    mime: Option<String>,
    command: String,
    #[serde(default)]
    terminal: bool,
}

/// Checks every opener, in order; the first bad one is named by its position and what
/// it matches.
pub(super) fn validate(raw: &[RawOpener], path: &Path) -> Result<Vec<Opener>, Error> {
    raw.iter()
        .enumerate()
        .map(|(at, opener)| {
            Opener::new(
                opener.pattern.as_deref(),
                opener.mime.as_deref(),
                &opener.command,
                opener.terminal,
            )
            .map_err(|e| Error::Invalid {
                path: path.to_path_buf(),
                message: format!("[[opener]] {} ({}): {e}", at + 1, opener.describe()),
            })
        })
        .collect()
}

impl RawOpener {
    /// How a message names the opener: what it matches, else its command.
    fn describe(&self) -> String {
        match (&self.pattern, &self.mime) {
            (Some(pattern), _) => format!("match = {pattern:?}"),
            (None, Some(mime)) => format!("type = {mime:?}"),
            (None, None) => format!("command = {:?}", self.command),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Config, DefaultPaths};

    fn load_text(text: &str) -> Result<Config, Error> {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("c.toml");
        std::fs::write(&file, text).unwrap();
        let defaults = DefaultPaths {
            config_file: "/nonexistent/config.toml".into(),
            db_file: "/data/tidings.db".into(),
        };
        Config::load(Some(&file), None, &defaults)
    }

    #[test]
    fn openers_load_in_order() {
        let config = load_text(
            "[[opener]]\nmatch = 'youtube\\.com|youtu\\.be'\ncommand = \"mpv %u\"\n\
             [[opener]]\ntype = \"audio/*\"\ncommand = \"mpv --no-video %u\"\nterminal = true\n",
        )
        .unwrap();
        assert_eq!(config.openers.len(), 2);
        assert_eq!(config.openers[0].name(), "mpv");
        assert!(!config.openers[0].in_terminal());
        assert!(config.openers[1].in_terminal());
    }

    #[test]
    fn a_bad_opener_is_an_error_naming_it() {
        let message = |text: &str| load_text(text).unwrap_err().to_string();
        let bad_regex = message(
            "[[opener]]\nmatch = 'a'\ncommand = 'x'\n[[opener]]\nmatch = 'you(tube'\ncommand = 'mpv'\n",
        );
        assert!(
            bad_regex.contains("[[opener]] 2 (match = \"you(tube\")"),
            "{bad_regex}"
        );
        assert!(bad_regex.contains("not a valid regex"), "{bad_regex}");
        let bad_quote = message("[[opener]]\ntype = 'video/*'\ncommand = \"mpv '%u\"\n");
        assert!(
            bad_quote.contains("[[opener]] 1 (type = \"video/*\")"),
            "{bad_quote}"
        );
        assert!(bad_quote.contains("quote"), "{bad_quote}");
        let neither = message("[[opener]]\ncommand = 'mpv'\n");
        assert!(neither.contains("needs `match`"), "{neither}");
        let unknown = message("[[opener]]\nmatch = 'x'\ncommand = 'mpv'\nshell = true\n");
        assert!(unknown.contains("shell"), "{unknown}");
    }
}
