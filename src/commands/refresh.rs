//! `tidings refresh`: a progress bar on a terminal, one line per feed otherwise, nothing
//! with `--quiet`; always a closing summary unless quiet.

use std::fmt::Write as _;
use std::io::{IsTerminal, Write};
use std::time::Duration;

use anyhow::Result;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::output::emit;
use crate::backend::{Backend, Refreshed};
use crate::cli::RefreshArgs;
use crate::config::Config;
use crate::refresh;
use crate::refresh::{FeedReport, Options, Outcome, PageReport, Pages, Progress, Summary};
use crate::sanitize::SafeText;
use crate::store::Store;

/// `tidings refresh [--jobs N] [--feed F]… [--force] [--quiet]`; with a sync server, a
/// sync (`--force` makes it a full one).
pub fn run(store: &mut Store, config: &Config, args: &RefreshArgs) -> Result<()> {
    let backend = Backend::of(config);
    let synced = matches!(backend, Backend::Synced { .. });
    if synced && !args.feed.is_empty() {
        eprintln!(
            "warning: with [sync] configured the server fetches the feeds; --feed is ignored and everything is synced"
        );
    }
    let feeds = if synced {
        Vec::new()
    } else {
        args.feed
            .iter()
            .map(|f| store.find_feed(f))
            .collect::<Result<Vec<_>, _>>()?
    };
    let options = Options {
        jobs: args.jobs.map(usize::from),
        feeds,
        force: args.force,
        skip_pages: args.no_pages,
    };
    let mark = notify_mark(store, config);
    let mut reporter = Reporter::new(args.quiet);
    let refreshed = backend.refresh(store, &options, &mut reporter)?;
    reporter.finish();
    if !args.quiet {
        let line = match &refreshed {
            Refreshed::Fetched(summary) => summary_line(summary),
            Refreshed::Synced(summary, pages) => super::sync::summary_line_with(summary, pages),
        };
        emit(|out| writeln!(out, "{line}"))?;
    }
    announce(store, config, mark);
    Ok(())
}

/// Where the stories stand before a refresh or sync, when `[notify]` has a command. A
/// failure to look is a warning: the refresh matters more than its announcement.
pub(super) fn notify_mark(store: &Store, config: &Config) -> Option<crate::store::Mark> {
    config.notify.command.as_ref()?;
    crate::notify::mark(store, &config.notify).unwrap_or_else(|err| {
        eprintln!("warning: notifications are off for this refresh: {err}");
        None
    })
}

/// Runs `[notify] command` for the stories stored since `mark`, if any; a failure is a
/// warning on stderr, never a failed refresh.
pub(super) fn announce(store: &mut Store, config: &Config, mark: Option<crate::store::Mark>) {
    let (Some(mark), Some(command)) = (mark, &config.notify.command) else {
        return;
    };
    let announced = crate::notify::news(store, &mark, &config.notify)
        .map_err(anyhow::Error::from)
        .and_then(|news| match news {
            Some(news) => Ok(crate::notify::run_command(command, &news)?),
            None => Ok(()),
        });
    if let Err(err) = announced {
        eprintln!("warning: {}", SafeText::line(&format!("{err:#}")));
    }
}

/// How progress is shown.
pub(super) enum Reporter {
    Quiet,
    Lines,
    Bar(ProgressBar),
}

impl Reporter {
    pub(super) fn new(quiet: bool) -> Self {
        if quiet {
            Self::Quiet
        } else if std::io::stdout().is_terminal() && std::io::stderr().is_terminal() {
            Self::Bar(ProgressBar::hidden())
        } else {
            Self::Lines
        }
    }

    pub(super) fn finish(&self) {
        if let Self::Bar(bar) = self {
            bar.finish_and_clear();
        }
    }
}

impl Progress for Reporter {
    fn start(&mut self, due: usize, _skipped: usize) {
        if let Self::Bar(bar) = self {
            let style =
                ProgressStyle::with_template("{spinner} [{bar:30}] {pos}/{len} feeds  {wide_msg}")
                    .unwrap_or_else(|_| ProgressStyle::default_bar())
                    .progress_chars("=> ");
            bar.set_style(style);
            bar.set_length(due as u64);
            bar.set_draw_target(ProgressDrawTarget::stderr());
            bar.enable_steady_tick(Duration::from_millis(120));
        }
    }

    fn feed_done(&mut self, report: &FeedReport) {
        match self {
            Self::Quiet => {}
            Self::Lines => {
                // A closed stdout must not stop the refresh; the summary reports the rest.
                let _ = writeln!(std::io::stdout().lock(), "{}", feed_line(report));
            }
            Self::Bar(bar) => {
                if matches!(report.outcome, Outcome::Failed(_)) {
                    bar.println(feed_line(report));
                }
                bar.set_message(SafeText::line(report.name()).into_string());
                bar.inc(1);
            }
        }
    }

    fn pages_start(&mut self, pages: usize) {
        if let Self::Bar(bar) = self {
            let style =
                ProgressStyle::with_template("{spinner} [{bar:30}] {pos}/{len} pages  {wide_msg}")
                    .unwrap_or_else(|_| ProgressStyle::default_bar())
                    .progress_chars("=> ");
            bar.set_style(style);
            bar.set_position(0);
            bar.set_length(pages as u64);
            bar.set_draw_target(ProgressDrawTarget::stderr());
            bar.enable_steady_tick(Duration::from_millis(120));
        }
    }

    fn page_done(&mut self, report: &PageReport) {
        match self {
            Self::Quiet => {}
            // Only failures get a line: a page kept is what a full-text feed expects.
            Self::Lines => {
                if report.error.is_some() {
                    let _ = writeln!(std::io::stdout().lock(), "{}", page_line(report));
                }
            }
            Self::Bar(bar) => {
                if report.error.is_some() {
                    bar.println(page_line(report));
                }
                bar.set_message(SafeText::line(&report.link).into_string());
                bar.inc(1);
            }
        }
    }

    fn warn(&mut self, message: &str) {
        match self {
            Self::Bar(bar) => bar.suspend(|| eprintln!("warning: {}", SafeText::line(message))),
            Self::Quiet | Self::Lines => eprintln!("warning: {}", SafeText::line(message)),
        }
    }
}

/// `ok    Title: 3 new`, `same  Title`, `error Title: fetching …: timed out after 30 s`.
/// The name, addresses and error text come from feeds and servers, so each is sanitized.
fn feed_line(report: &FeedReport) -> String {
    let name = SafeText::line(report.name());
    match &report.outcome {
        Outcome::Updated {
            new,
            updated,
            ignored,
            moved_to,
        } => {
            let mut detail = format!("{new} new");
            if *updated > 0 {
                let _ = write!(detail, ", {updated} updated");
            }
            if *ignored > 0 {
                let _ = write!(detail, ", {ignored} ignored");
            }
            if let Some(url) = moved_to {
                let _ = write!(detail, " (moved permanently to {})", SafeText::line(url));
            }
            format!("ok    {name}: {detail}")
        }
        Outcome::NotModified => format!("same  {name}"),
        Outcome::Failed(error) => format!("error {name}: {}", SafeText::line(error)),
    }
}

/// `error page https://…: no article text found on https://…`, sanitized like a feed's.
fn page_line(report: &PageReport) -> String {
    let error = report.error.as_deref().unwrap_or("");
    format!(
        "error page {}: {}",
        SafeText::line(&report.link),
        SafeText::line(error)
    )
}

/// `n word`, `n words`, `n entries`.
fn plural(n: usize, word: &str) -> String {
    match (n, word.strip_suffix('y')) {
        (1, _) => format!("{n} {word}"),
        (_, Some(stem)) => format!("{n} {stem}ies"),
        (_, None) => format!("{n} {word}s"),
    }
}

/// `, 18 pages (2 failed)` when the page phase tried any, else nothing.
pub(super) fn pages_note(pages: &Pages) -> String {
    if pages.tried == 0 {
        return String::new();
    }
    format!(
        ", {} ({} failed)",
        plural(pages.tried, "page"),
        pages.failed
    )
}

/// `12 feeds, 340 new articles, 1 error, 18 pages (2 failed) in 2.3 s (5 not due, skipped)`
fn summary_line(summary: &Summary) -> String {
    let mut line = format!(
        "{}, {}, {}{} in {:.1} s",
        plural(summary.feeds, "feed"),
        plural(summary.new_articles, "new article"),
        plural(summary.errors, "error"),
        pages_note(&summary.pages),
        summary.elapsed.as_secs_f64()
    );
    if summary.ignored > 0 {
        let _ = write!(line, " ({} ignored by rules)", summary.ignored);
    }
    if summary.expired > 0 {
        let _ = write!(line, " ({} deleted)", plural(summary.expired, "old story"));
    }
    if summary.skipped > 0 {
        let _ = write!(line, " ({} not due, skipped)", summary.skipped);
    }
    line
}

/// `tidings vacuum`: deletes what `[retention]` says is past keeping, then compacts the
/// database file.
pub fn vacuum(store: &mut Store, config: &Config) -> Result<()> {
    let expired = refresh::expire(store, &config.refresh.retention)?;
    let freed = store.vacuum()?;
    emit(|out| {
        writeln!(
            out,
            "deleted {expired} old {}; freed {:.1} MiB",
            if expired == 1 { "story" } else { "stories" },
            freed as f64 / (1024.0 * 1024.0)
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::FeedId;

    fn report(outcome: Outcome) -> FeedReport {
        FeedReport {
            id: FeedId(1),
            url: "http://x/feed".into(),
            title: Some("X\x1b[2J".into()),
            outcome,
        }
    }

    #[test]
    fn feed_lines_are_short_and_terminal_safe() {
        assert_eq!(
            feed_line(&report(Outcome::Updated {
                new: 3,
                updated: 0,
                ignored: 0,
                moved_to: None
            })),
            "ok    X: 3 new"
        );
        assert_eq!(feed_line(&report(Outcome::NotModified)), "same  X");
        let failed = feed_line(&report(Outcome::Failed(
            "fetching http://x/feed: boom\x07".into(),
        )));
        assert_eq!(failed, "error X: fetching http://x/feed: boom");
    }

    #[test]
    fn summary_counts_and_skipped() {
        let summary = Summary {
            feeds: 3,
            new_articles: 1,
            ignored: 0,
            expired: 0,
            errors: 0,
            skipped: 2,
            pages: Pages::default(),
            elapsed: Duration::from_millis(1300),
        };
        assert_eq!(
            summary_line(&summary),
            "3 feeds, 1 new article, 0 errors in 1.3 s (2 not due, skipped)"
        );
        let with_pages = Summary {
            pages: Pages {
                tried: 18,
                failed: 2,
            },
            skipped: 0,
            ..summary
        };
        assert_eq!(
            summary_line(&with_pages),
            "3 feeds, 1 new article, 0 errors, 18 pages (2 failed) in 1.3 s"
        );
    }

    #[test]
    fn a_failed_pages_line_is_terminal_safe() {
        let line = page_line(&PageReport {
            id: crate::store::ArticleId(1),
            link: "http://x/\u{1b}[2Jp".into(),
            error: Some("fetching http://x/p: server returned 404\u{7}".into()),
        });
        assert_eq!(
            line,
            "error page http://x/p: fetching http://x/p: server returned 404"
        );
    }
}
