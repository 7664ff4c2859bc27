//! External programs (the browser today, any later one too): an argv built from validated
//! values and never a shell, no secrets in the child's environment, and the choice of
//! browser — `reader.browser`, else `$BROWSER`'s `:`-separated list, else the platform opener.

use std::io;
use std::path::Path;
use std::process::{Command, Stdio};

use url::Url;

use crate::url_policy::{self, PolicyError};

/// Environment variables no child inherits: the sync password would otherwise reach the
/// browser, and through it every helper and extension it runs.
pub(crate) const SECRET_VARS: &[&str] = &["TIDINGS_SYNC_PASSWORD"];

/// Browsers that draw in the terminal they are started in, by program name. They get the
/// terminal while they run; a graphical browser starts detached instead.
const TEXT_MODE_BROWSERS: &[&str] = &[
    "w3m", "lynx", "elinks", "links", "links2", "browsh", "carbonyl", "cha", "amfora",
];

/// The platform's opener, used when neither the config nor `$BROWSER` names a browser.
const PLATFORM_OPENER: &str = if cfg!(target_os = "macos") {
    "open"
} else {
    "xdg-open"
};

/// Why a program could not be run.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A command string whose quotes do not close.
    #[error("`{0}` is not a valid command (is a quote left open?)")]
    Unparsable(String),
    /// A command string with no words in it.
    #[error("the command is empty")]
    Empty,
    /// The link may not be handed to a program.
    #[error(transparent)]
    Refused(#[from] PolicyError),
    /// Every browser tried failed to start; each attempt with its reason.
    #[error("no browser could be started: {0}")]
    NoBrowser(String),
    /// An opener (`[[opener]]`) did not start.
    #[error("the opener {program} did not start: {source}")]
    Opener {
        program: String,
        #[source]
        source: io::Error,
    },
    /// The terminal could not be given to a text-mode program, or not taken back.
    #[error("handing the terminal to {program}: {source}")]
    Terminal {
        program: String,
        #[source]
        source: io::Error,
    },
}

/// `word` with each `%x` placeholder of `values` replaced in one pass (so a value that
/// itself holds a placeholder stays as it is), `%%` as `%`, and any other `%` kept. The
/// word stays one argv element whatever the values hold: no shell is involved.
pub(crate) fn substitute(word: &str, values: &[(char, &str)]) -> String {
    let mut out = String::with_capacity(word.len());
    let mut chars = word.chars();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('%') | None => out.push('%'),
            Some(key) => {
                if let Some((_, value)) = values.iter().find(|(k, _)| *k == key) {
                    out.push_str(value);
                } else {
                    out.push('%');
                    out.push(key);
                }
            }
        }
    }
    out
}

/// A command the user wrote, split into words as a shell would split it (quotes and
/// backslashes), but never run by one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommandLine {
    /// The program, then its arguments; never empty.
    words: Vec<String>,
}

impl CommandLine {
    /// Splits `text` into words: `firefox --new-window`, `"/opt/My Browser/run" %s`.
    pub fn parse(text: &str) -> Result<Self, Error> {
        let words = shlex::split(text).ok_or_else(|| Error::Unparsable(text.to_owned()))?;
        if words.is_empty() {
            return Err(Error::Empty);
        }
        Ok(Self { words })
    }

    /// The program, then its arguments, as written.
    pub(crate) fn words(&self) -> &[String] {
        &self.words
    }

    /// The program to run, as written.
    pub fn program(&self) -> &str {
        // `parse` never builds a command without words.
        self.words.first().map_or("", String::as_str)
    }

    /// The argv for opening `url`: it replaces `%s` inside the words that hold one, else
    /// it is the last word. Either way it stays inside one argv element.
    pub(crate) fn argv_for(&self, url: &Url) -> Vec<String> {
        let url = url.as_str();
        let mut argv = self.words.clone();
        if argv.iter().any(|word| word.contains("%s")) {
            for word in &mut argv {
                *word = word.replace("%s", url);
            }
        } else {
            argv.push(url.to_owned());
        }
        argv
    }

    /// Whether the program is a known text-mode browser (by its file name).
    pub(crate) fn is_text_mode(&self) -> bool {
        Path::new(self.program())
            .file_name()
            .and_then(|name| name.to_str())
            .is_some_and(|name| TEXT_MODE_BROWSERS.contains(&name))
    }
}

/// A process builder for `argv` (program first) with the secrets removed from its
/// environment. Every external program tidings runs starts here.
pub fn command(argv: &[String]) -> Result<Command, Error> {
    let (program, args) = argv.split_first().ok_or(Error::Empty)?;
    let mut command = Command::new(program);
    command.args(args);
    for var in SECRET_VARS {
        command.env_remove(var);
    }
    Ok(command)
}

/// The terminal, for a text-mode program to borrow.
pub trait Screen {
    /// Gives the terminal away: main screen, raw mode off, cursor shown, input unread.
    fn suspend(&mut self) -> io::Result<()>;
    /// Takes it back and redraws everything.
    fn resume(&mut self) -> io::Result<()>;
}

/// The browsers to try, in order, and whether they draw in the terminal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Browser {
    candidates: Vec<Candidate>,
    /// `reader.browser_in_terminal`: every candidate runs in the terminal.
    in_terminal: bool,
}

/// One browser to try; a `$BROWSER` entry that does not parse is kept so the failure
/// message can name it.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Candidate {
    Ready(CommandLine),
    Unparsable(String),
}

impl Default for Browser {
    /// The platform opener, detached.
    fn default() -> Self {
        Self::new(None, None, false)
    }
}

impl Browser {
    /// `configured` (`reader.browser`) alone when set; else each entry of `env_browser`
    /// (`$BROWSER`, `:`-separated, tried in turn); else the platform opener.
    pub fn new(configured: Option<&str>, env_browser: Option<&str>, in_terminal: bool) -> Self {
        let parse = |text: &str| match CommandLine::parse(text) {
            Ok(line) => Candidate::Ready(line),
            Err(_) => Candidate::Unparsable(text.to_owned()),
        };
        let configured = configured.map(str::trim).filter(|c| !c.is_empty());
        let mut candidates: Vec<Candidate> = match configured {
            Some(command) => vec![parse(command)],
            None => env_browser
                .unwrap_or_default()
                .split(':')
                .map(str::trim)
                .filter(|entry| !entry.is_empty())
                .map(parse)
                .collect(),
        };
        if candidates.is_empty() {
            candidates.push(parse(PLATFORM_OPENER));
        }
        Self {
            candidates,
            in_terminal,
        }
    }

    /// [`Browser::new`] with this process's `$BROWSER`.
    pub(crate) fn from_env(configured: Option<&str>, in_terminal: bool) -> Self {
        let env_browser = std::env::var("BROWSER").ok();
        Self::new(configured, env_browser.as_deref(), in_terminal)
    }

    /// Whether opening a link may need the terminal (some candidate is text-mode), so it
    /// must happen where the terminal can be suspended.
    pub(crate) fn needs_terminal(&self) -> bool {
        self.candidates.iter().any(|c| match c {
            Candidate::Ready(line) => self.runs_in_terminal(line),
            Candidate::Unparsable(_) => false,
        })
    }

    fn runs_in_terminal(&self, line: &CommandLine) -> bool {
        self.in_terminal || line.is_text_mode()
    }

    /// Opens `link` in the first browser that starts. The link is checked here again,
    /// whoever asked: only a URL the policy allows, in its serialized form (which never
    /// starts with `-`), reaches an argv. A text-mode browser runs in the terminal and is
    /// waited for, which needs `screen`; a graphical one starts detached.
    pub fn open(&self, link: &str, mut screen: Option<&mut dyn Screen>) -> Result<(), Error> {
        let url = url_policy::for_opening(link)?;
        let mut failures = Vec::new();
        for candidate in &self.candidates {
            let line = match candidate {
                Candidate::Ready(line) => line,
                Candidate::Unparsable(text) => {
                    failures.push(format!("`{text}`: a quote is left open"));
                    continue;
                }
            };
            let argv = line.argv_for(&url);
            let started = if !self.runs_in_terminal(line) {
                start_detached(&argv)
            } else if let Some(screen) = screen.as_deref_mut() {
                run_in_terminal(&argv, screen)?
            } else {
                Err(io::Error::other("needs the terminal"))
            };
            match started {
                Ok(()) => return Ok(()),
                Err(err) => failures.push(format!("{}: {err}", line.program())),
            }
        }
        Err(Error::NoBrowser(failures.join("; ")))
    }
}

/// Starts `argv` with no terminal (stdin, stdout and stderr are null) and reaps it on a
/// thread of its own, so nobody waits for the browser to close.
fn start_detached(argv: &[String]) -> io::Result<()> {
    let mut child = command(argv)
        .map_err(io::Error::other)?
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()?;
    // If no thread can be had, the child is reaped when tidings exits; nothing is lost.
    let _ = std::thread::Builder::new()
        .name("tidings-reaper".to_owned())
        .spawn(move || child.wait());
    Ok(())
}

/// Runs `argv` in the terminal and waits for it: the screen is suspended first and
/// resumed after, whether the program started or not. The inner result is whether it
/// started (a failure there lets the next browser try); the outer, the terminal itself.
fn run_in_terminal(argv: &[String], screen: &mut dyn Screen) -> Result<io::Result<()>, Error> {
    let program = argv.first().cloned().unwrap_or_default();
    let terminal = |source| Error::Terminal {
        program: program.clone(),
        source,
    };
    let mut command = command(argv)?;
    if let Err(source) = screen.suspend() {
        // Half given away is worse than not at all: take back what was let go.
        let _ = screen.resume();
        return Err(terminal(source));
    }
    // The exit status is the program's business: the user has just seen its output.
    let status = command.status().map(|_| ());
    screen.resume().map_err(terminal)?;
    Ok(status)
}

mod openers;
mod pipe;

pub use openers::{Launcher, Link, Opener, OpenerError, opener_for};
pub use pipe::{Finished, pipe_to, run_captured};

#[cfg(test)]
mod tests;
