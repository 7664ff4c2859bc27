//! The `[reader]` section: how the interactive reader behaves (auto-refresh, right-to-left
//! reordering, the browser, links and key chains, pipes and bookmarks), checked into a
//! [`Reader`].

use std::path::Path;
use std::time::Duration;

use serde::Deserialize;

use super::{Error, MAX_MINUTES};

/// How the interactive reader behaves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reader {
    /// Refresh the due feeds this often while the reader runs; `None` turns it off.
    pub auto_refresh: Option<Duration>,
    /// Reorder right-to-left paragraphs visually and align them right, for terminals
    /// that do not reorder bidirectional text themselves. A key toggles it at run time.
    pub rtl_reorder: bool,
    /// The command that opens links; `None` means `$BROWSER`, else the platform opener.
    /// Its quoting was checked at load (see [`crate::launch::CommandLine`]).
    pub browser: Option<String>,
    /// Run the browser in the reader's terminal (suspending the reader) even when it is
    /// not a known text-mode browser.
    pub browser_in_terminal: bool,
    /// Whether the story's links are written as OSC 8 terminal hyperlinks.
    pub hyperlinks: Hyperlinks,
    /// `y` copies the story's link to the clipboard through the terminal (OSC 52).
    pub osc52: bool,
    /// How long a chain of keys (`g g`) waits for its next key before it is dropped.
    pub key_timeout: Duration,
    /// What `|` hands the command it pipes a story to.
    pub pipe_format: PipeFormat,
    /// The command `B` runs with newsboat's bookmark arguments (url, title, description,
    /// feed title); `None` when not set. Its quoting was checked at load.
    pub bookmark_command: Option<String>,
}

/// The form a piped story takes on the command's standard input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PipeFormat {
    /// The story as `show` prints it: wrapped text with its numbered links.
    #[default]
    Text,
    /// The story's HTML, control characters removed.
    Html,
    /// Markdown-like text: `#` headings, `*emphasis*`, links as footnotes.
    Markdown,
}

/// `reader.hyperlinks`: OSC 8 hyperlinks always, never, or where the terminal is known
/// to support them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Hyperlinks {
    #[default]
    Auto,
    On,
    Off,
}

/// The longest wait for the next key of a chain, in milliseconds.
const MAX_KEY_TIMEOUT_MS: u64 = 10_000;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(super) struct RawReader {
    auto_refresh_mins: u64,
    rtl_reorder: bool,
    browser: String,
    browser_in_terminal: bool,
    hyperlinks: Hyperlinks,
    osc52: bool,
    key_timeout_ms: u64,
    pipe_format: PipeFormat,
    bookmark_command: String,
}

impl Default for RawReader {
    fn default() -> Self {
        Self {
            auto_refresh_mins: 30,
            rtl_reorder: false,
            browser: String::new(),
            browser_in_terminal: false,
            hyperlinks: Hyperlinks::Auto,
            osc52: false,
            key_timeout_ms: 1000,
            pipe_format: PipeFormat::Text,
            bookmark_command: String::new(),
        }
    }
}

/// The `[reader]` section, checked.
pub(super) fn validate(raw: &RawReader, path: &Path) -> Result<Reader, Error> {
    if raw.auto_refresh_mins > MAX_MINUTES {
        return Err(Error::Invalid {
            path: path.to_path_buf(),
            message: format!(
                "reader.auto_refresh_mins must be at most {MAX_MINUTES} minutes (a year)"
            ),
        });
    }
    let browser = raw.browser.trim();
    // A quote left open is a typo; better said now than when a link is opened.
    if !browser.is_empty() {
        crate::launch::CommandLine::parse(browser).map_err(|e| Error::Invalid {
            path: path.to_path_buf(),
            message: format!("reader.browser: {e}"),
        })?;
    }
    if !(50..=MAX_KEY_TIMEOUT_MS).contains(&raw.key_timeout_ms) {
        return Err(Error::Invalid {
            path: path.to_path_buf(),
            message: format!(
                "reader.key_timeout_ms must be between 50 and {MAX_KEY_TIMEOUT_MS} milliseconds"
            ),
        });
    }
    let bookmark = raw.bookmark_command.trim();
    if !bookmark.is_empty() {
        crate::launch::CommandLine::parse(bookmark).map_err(|e| Error::Invalid {
            path: path.to_path_buf(),
            message: format!("reader.bookmark_command: {e}"),
        })?;
    }
    Ok(Reader {
        auto_refresh: (raw.auto_refresh_mins > 0)
            .then(|| Duration::from_secs(raw.auto_refresh_mins.saturating_mul(60))),
        rtl_reorder: raw.rtl_reorder,
        browser: (!browser.is_empty()).then(|| browser.to_owned()),
        browser_in_terminal: raw.browser_in_terminal,
        hyperlinks: raw.hyperlinks,
        osc52: raw.osc52,
        key_timeout: Duration::from_millis(raw.key_timeout_ms),
        pipe_format: raw.pipe_format,
        bookmark_command: (!bookmark.is_empty()).then(|| bookmark.to_owned()),
    })
}
