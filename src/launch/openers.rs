//! Openers (`[[opener]]`): programs chosen for a link by a regex on its URL or a glob on
//! its MIME type, tried in order before the browser. Their commands take `%u` (the URL),
//! `%t` (the story's title) and `%f` (the feed's title), substituted inside argv words
//! after the command is split, so a title never becomes more than one argument.

use std::io;

use regex::{Regex, RegexBuilder};
use url::Url;

use super::{Browser, CommandLine, Error, Screen, run_in_terminal, start_detached};
use crate::sanitize::SafeText;
use crate::url_policy;

/// What an opener is for: a URL pattern, a MIME type glob, or both (both must match).
#[derive(Debug, Clone)]
pub struct Opener {
    /// The regex on the URL (`match`), searched anywhere in it.
    url: Option<Regex>,
    /// The MIME type glob (`type`, `audio/*`) as a regex on the whole type.
    mime: Option<Regex>,
    command: CommandLine,
    /// Runs in the reader's terminal (`terminal = true`, or a known text-mode program).
    terminal: bool,
    /// How the config names it, for messages (`opener 2 (mpv)`).
    name: String,
}

// Regexes have no equality of their own; two openers are the same when written the same.
impl PartialEq for Opener {
    fn eq(&self, other: &Self) -> bool {
        let pattern = |re: &Option<Regex>| re.as_ref().map(|r| r.as_str().to_owned());
        pattern(&self.url) == pattern(&other.url)
            && pattern(&self.mime) == pattern(&other.mime)
            && self.command == other.command
            && self.terminal == other.terminal
    }
}

impl Eq for Opener {}

/// Why an `[[opener]]` table was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OpenerError {
    #[error("needs `match` (a regex on the URL) or `type` (a MIME type such as \"audio/*\")")]
    NothingToMatch,
    #[error("match = {pattern:?} is not a valid regex: {reason}")]
    BadRegex { pattern: String, reason: String },
    #[error("type = {0:?} is not a MIME type glob such as \"audio/*\" or \"video/mp4\"")]
    BadType(String),
    #[error("command: {0}")]
    BadCommand(String),
}

impl Opener {
    /// An opener from its config values; `terminal` forces the terminal for any program.
    pub fn new(
        url_pattern: Option<&str>,
        mime_glob: Option<&str>,
        command: &str,
        terminal: bool,
    ) -> Result<Self, OpenerError> {
        if url_pattern.is_none() && mime_glob.is_none() {
            return Err(OpenerError::NothingToMatch);
        }
        let url = url_pattern
            .map(|pattern| {
                Regex::new(pattern).map_err(|e| OpenerError::BadRegex {
                    pattern: pattern.to_owned(),
                    reason: e.to_string().lines().last().unwrap_or_default().to_owned(),
                })
            })
            .transpose()?;
        let mime = mime_glob.map(mime_regex).transpose()?;
        let command =
            CommandLine::parse(command).map_err(|e| OpenerError::BadCommand(e.to_string()))?;
        let terminal = terminal || command.is_text_mode();
        let name = command.program().to_owned();
        Ok(Self {
            url,
            mime,
            command,
            terminal,
            name,
        })
    }

    /// Whether this opener takes `url`, of MIME type `mime` when known. A `type` opener
    /// never takes a link whose type is not known.
    pub fn matches(&self, url: &Url, mime: Option<&str>) -> bool {
        let url_ok = self.url.as_ref().is_none_or(|re| re.is_match(url.as_str()));
        let mime_ok = match (&self.mime, mime) {
            (None, _) => true,
            (Some(glob), Some(mime)) => glob.is_match(mime.trim()),
            (Some(_), None) => false,
        };
        url_ok && mime_ok
    }

    /// Whether the opener runs in the reader's terminal.
    pub fn in_terminal(&self) -> bool {
        self.terminal
    }

    /// The program, as written, for messages.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The argv for `link`: `%u`, `%t`, `%f` replaced inside each word (and `%%` by `%`);
    /// with no `%u` anywhere, the URL is the last argument.
    pub fn argv(&self, url: &Url, title: &SafeText, feed: &SafeText) -> Vec<String> {
        let words = &self.command.words;
        let mut argv: Vec<String> = words
            .iter()
            .map(|word| super::substitute(word, &[('u', url.as_str()), ('t', title), ('f', feed)]))
            .collect();
        if !words.iter().any(|word| has_url_placeholder(word)) {
            argv.push(url.as_str().to_owned());
        }
        argv
    }
}

/// `audio/*` as a case-insensitive regex on the whole type: `*` is any run of characters.
fn mime_regex(glob: &str) -> Result<Regex, OpenerError> {
    let bad = || OpenerError::BadType(glob.to_owned());
    let (kind, sub) = glob.trim().split_once('/').ok_or_else(bad)?;
    let part_ok = |part: &str| {
        !part.is_empty()
            && part
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "*+-.".contains(c))
    };
    if !part_ok(kind) || !part_ok(sub) {
        return Err(bad());
    }
    let pattern = format!("^{}$", regex::escape(glob.trim()).replace(r"\*", ".*"));
    RegexBuilder::new(&pattern)
        .case_insensitive(true)
        .build()
        .map_err(|_| bad())
}

/// Whether `word` holds `%u` (not the `%u` of an escaped `%%u`).
fn has_url_placeholder(word: &str) -> bool {
    let mut chars = word.chars();
    while let Some(c) = chars.next() {
        if c == '%' && chars.next() == Some('u') {
            return true;
        }
    }
    false
}

/// The configured openers, in order, and the browser they fall back to.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Launcher {
    pub openers: Vec<Opener>,
    pub browser: Browser,
}

/// A link to open and the titles its opener may be given (already sanitized).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// A URL `url_policy::for_opening` allowed, serialized; checked again before use.
    pub url: String,
    /// The MIME type the feed gave an enclosure (untrusted; matched against `type` only).
    pub mime: Option<String>,
    pub title: SafeText,
    pub feed: SafeText,
}

impl Launcher {
    /// The first opener for `url` (of MIME type `mime` when known), if any.
    pub fn opener_for(&self, url: &Url, mime: Option<&str>) -> Option<&Opener> {
        opener_for(&self.openers, url, mime)
    }

    /// Whether opening `link` may need the terminal: its opener runs there, or, with no
    /// opener, the browser may.
    pub fn needs_terminal(&self, link: &str, mime: Option<&str>) -> bool {
        match url_policy::for_opening(link) {
            Ok(url) => self
                .opener_for(&url, mime)
                .map_or_else(|| self.browser.needs_terminal(), Opener::in_terminal),
            Err(_) => false,
        }
    }

    /// Opens `link` with its opener, else the browser. The URL passes the policy first;
    /// a program that runs in the terminal needs `screen`.
    pub fn open(&self, link: &Link, screen: Option<&mut dyn Screen>) -> Result<(), Error> {
        let url = url_policy::for_opening(&link.url)?;
        let Some(opener) = self.opener_for(&url, link.mime.as_deref()) else {
            return self.browser.open(url.as_str(), screen);
        };
        let argv = opener.argv(&url, &link.title, &link.feed);
        let started = match (opener.in_terminal(), screen) {
            (false, _) => start_detached(&argv),
            (true, Some(screen)) => run_in_terminal(&argv, screen)?,
            (true, None) => Err(io::Error::other("needs the terminal")),
        };
        started.map_err(|source| Error::Opener {
            program: opener.name().to_owned(),
            source,
        })
    }
}

/// The first of `openers` that takes `url` (of MIME type `mime`, when known), in the
/// order the config lists them.
pub fn opener_for<'a>(openers: &'a [Opener], url: &Url, mime: Option<&str>) -> Option<&'a Opener> {
    openers.iter().find(|opener| opener.matches(url, mime))
}

#[cfg(test)]
mod tests;
