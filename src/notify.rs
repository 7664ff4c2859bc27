//! Announcing new stories after a refresh or sync (`[notify]`): a command the user names,
//! with `%n` (new stories), `%f` (feeds with new stories) and `%t` (the first titles)
//! replaced inside its words, or, while the reader runs, a desktop notification through
//! the terminal ([`terminal`]).
//!
//! A [`Mark`] is taken before the refresh; afterwards the stories stored since then are
//! the news, except those of a feed that had no stories before (its first fetch brings
//! its whole back catalogue, which is not news) and, with `views`, those in none of them.

pub mod terminal;

use std::collections::HashSet;
use std::io::Read as _;
use std::process::Stdio;
use std::time::Duration;

use crate::config::Notify;
use crate::launch::{self, CommandLine};
use crate::store::{self, Mark, Store};

/// Titles `%t` lists.
const TITLES: usize = 3;
/// Characters `%t` holds at most.
const TITLE_CHARS: usize = 200;
/// How long the command may take before it is left to finish on its own.
const COMMAND_WAIT: Duration = Duration::from_secs(10);
/// Characters of a failing command's standard error shown in the warning.
const STDERR_CHARS: usize = 300;

/// What a refresh brought, for the announcement. Titles are terminal-safe already.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct News {
    pub stories: usize,
    /// Feeds with new stories.
    pub feeds: usize,
    /// The first few titles, on one line each, sanitized.
    pub titles: Vec<String>,
}

/// Why the notification command did not do its job.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("notify command {program}: {source}")]
    Start {
        program: String,
        #[source]
        source: std::io::Error,
    },
    #[error("notify command {program} {status}{stderr}")]
    Failed {
        program: String,
        status: std::process::ExitStatus,
        stderr: String,
    },
    #[error(
        "notify command {program} is still running after {} s; it was left to finish",
        COMMAND_WAIT.as_secs()
    )]
    Slow { program: String },
}

/// Where the stories stand before a refresh, when anything is to be announced after it
/// (else `None`, and nothing is looked at).
pub fn mark(store: &Store, notify: &Notify) -> store::Result<Option<Mark>> {
    if !notify.is_on() {
        return Ok(None);
    }
    store.arrival_mark().map(Some)
}

/// The news since `mark`, `None` when there is none worth announcing.
pub fn news(store: &mut Store, mark: &Mark, notify: &Notify) -> store::Result<Option<News>> {
    let mut arrivals = store.arrivals(mark)?;
    if !notify.views.is_empty() && !arrivals.is_empty() {
        if notify.views.iter().any(|v| v.query.uses_text_index()) {
            crate::index::index_pending(store)?;
        }
        let ids: Vec<_> = arrivals.iter().map(|a| a.id).collect();
        let matched = store.highlights(&ids, notify.views.iter().map(|v| &v.query))?;
        let mut matched = matched.into_iter();
        arrivals.retain(|_| matched.next().flatten().is_some());
    }
    if arrivals.is_empty() {
        return Ok(None);
    }
    let feeds: HashSet<_> = arrivals.iter().map(|a| a.feed).collect();
    let titles = arrivals
        .iter()
        .rev()
        .map(|a| safe_title(&a.title))
        .filter(|t| !t.is_empty())
        .take(TITLES)
        .collect();
    Ok(Some(News {
        stories: arrivals.len(),
        feeds: feeds.len(),
        titles,
    }))
}

/// A title as one terminal-safe line that cannot pass for an option where `%t` starts an
/// argument: the dashes it starts with are dropped.
fn safe_title(title: &str) -> String {
    crate::sanitize::clean_line(title)
        .trim_start_matches(['-', ' '])
        .to_owned()
}

impl News {
    /// The titles joined for `%t`, cut short.
    pub fn titles_line(&self) -> String {
        let joined = self.titles.join("; ");
        let mut short: String = joined.chars().take(TITLE_CHARS).collect();
        if short.len() < joined.len() {
            short.push('…');
        }
        short
    }

    /// One sentence for a notification: "3 new stories in 2 feeds: A; B".
    pub fn summary(&self) -> String {
        let stories = plural(self.stories, "new story", "new stories");
        let feeds = plural(self.feeds, "feed", "feeds");
        let titles = self.titles_line();
        if titles.is_empty() {
            format!("{stories} in {feeds}")
        } else {
            format!("{stories} in {feeds}: {titles}")
        }
    }
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The argv for `command` announcing `news`: in every word `%n`, `%f` and `%t` are
/// replaced in one pass (so a title holding `%n` stays as it is) and `%%` is `%`. A
/// replacement never splits or joins words: no shell is involved.
pub fn argv(command: &CommandLine, news: &News) -> Vec<String> {
    let titles = news.titles_line();
    command
        .words()
        .iter()
        .map(|word| {
            launch::substitute(
                word,
                &[
                    ('n', &news.stories.to_string()),
                    ('f', &news.feeds.to_string()),
                    ('t', &titles),
                ],
            )
        })
        .collect()
}

/// Runs `command` for `news` without a terminal (stdin and stdout are null) and without
/// the secrets, waiting a few seconds for it; its failure is the caller's warning.
pub fn run_command(command: &CommandLine, news: &News) -> Result<(), Error> {
    let program = command.program().to_owned();
    let start = |source| Error::Start {
        program: program.clone(),
        source,
    };
    let mut child = launch::command(&argv(command, news))
        .map_err(|e| start(std::io::Error::other(e)))?
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(start)?;
    let stderr = child.stderr.take();
    let (sender, receiver) = std::sync::mpsc::channel();
    // The wait is on a thread of its own, so a command that hangs is left behind (and
    // reaped when it ends) rather than holding the refresh.
    std::thread::Builder::new()
        .name("tidings-notify".to_owned())
        .spawn(move || {
            let mut said = Vec::new();
            if let Some(stderr) = stderr {
                let _ = stderr.take(4096).read_to_end(&mut said);
            }
            let _ = sender.send((child.wait(), said));
        })
        .map_err(start)?;
    let Ok((status, said)) = receiver.recv_timeout(COMMAND_WAIT) else {
        return Err(Error::Slow { program });
    };
    let status = status.map_err(start)?;
    if status.success() {
        return Ok(());
    }
    let said = crate::sanitize::clean_line(&String::from_utf8_lossy(&said));
    let mut stderr: String = said.chars().take(STDERR_CHARS).collect();
    if !stderr.is_empty() {
        stderr.insert_str(0, ": ");
    }
    Err(Error::Failed {
        program,
        status,
        stderr,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn news() -> News {
        News {
            stories: 3,
            feeds: 2,
            titles: vec!["Ceasefire %n holds".to_owned(), "Aleppo".to_owned()],
        }
    }

    #[test]
    fn placeholders_are_replaced_inside_words_in_one_pass() {
        let command = CommandLine::parse("notify-send 'tidings: %n new' %f%% '%t' %x %").unwrap();
        assert_eq!(
            argv(&command, &news()),
            [
                "notify-send",
                "tidings: 3 new",
                "2%",
                "Ceasefire %n holds; Aleppo",
                "%x",
                "%"
            ]
        );
    }

    #[test]
    fn titles_are_one_safe_line_that_is_not_an_option() {
        assert_eq!(safe_title("--rm -rf\n\u{1b}[31mred\u{7}"), "rm -rf red");
        let long = News {
            titles: vec!["x".repeat(500)],
            ..news()
        };
        assert_eq!(long.titles_line().chars().count(), TITLE_CHARS + 1);
    }

    #[test]
    fn the_summary_counts_in_words() {
        assert_eq!(
            news().summary(),
            "3 new stories in 2 feeds: Ceasefire %n holds; Aleppo"
        );
        let one = News {
            stories: 1,
            feeds: 1,
            titles: Vec::new(),
        };
        assert_eq!(one.summary(), "1 new story in 1 feed");
    }
}
