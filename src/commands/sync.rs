//! `tidings sync`, and `refresh`, `add` and `remove` when a `[sync]` server is
//! configured: the server owns subscriptions and fetches the feeds, so these go through it.

use anyhow::{Result, bail};

use super::output::{self, emit};
use crate::cli::SyncArgs;
use crate::config::{Config, SyncServer};
use crate::refresh::Pages;
use crate::sanitize::SafeText;
use crate::store::Store;
use crate::sync::{self, Options, Remote, Summary, Timeouts};

/// `tidings sync [--full] [--json]`
pub fn run(store: &mut Store, config: &Config, args: &SyncArgs) -> Result<()> {
    let options = Options {
        full: args.full,
        discard_pending: args.discard_pending,
    };
    let mark = super::refresh::notify_mark(store, config);
    let summary = sync_now(store, config, options)?;
    // With --json, stdout is the JSON alone: the page phase then reports nothing.
    let mut reporter = super::refresh::Reporter::new(args.json.json);
    let pages =
        crate::backend::pages_after_sync(store, &config.refresh, args.no_pages, &mut reporter)?;
    reporter.finish();
    if args.json.json {
        output::json(&summary)?;
    } else {
        emit(|out| writeln!(out, "{}", summary_line_with(&summary, &pages)))?;
    }
    super::refresh::announce(store, config, mark);
    Ok(())
}

/// What `add` prints for a feed subscribed on the sync server.
pub fn print_added(
    store: &Store,
    config: &Config,
    added: &sync::Subscribed,
    warnings: &[SafeText],
) -> Result<()> {
    for warning in warnings {
        eprintln!("warning: {warning}");
    }
    let server = server(config)?;
    let feed = store.feed(added.feed)?;
    emit(|out| {
        writeln!(
            out,
            "added feed {}: {} ({} stories) on {}",
            added.feed,
            SafeText::line(feed.display_title()),
            feed.article_count,
            SafeText::line(server.url.as_str())
        )?;
        writeln!(out, "  {}", SafeText::line(&feed.url))?;
        writeln!(out, "{}", summary_line(&added.summary))
    })
}

/// `tidings remove FEED` with a sync server: unsubscribes there, then here (starred
/// stories are kept, as always). A feed the server no longer has is removed here only.
pub fn remove(store: &mut Store, config: &Config, query: &str) -> Result<()> {
    let id = store.find_feed(query)?;
    let feed = store.feed(id)?;
    let mut note = "";
    if let Some(remote_id) = store.feed_remote_id(id)? {
        let mut remote = connect(server(config)?, config)?;
        match remote.unsubscribe(remote_id) {
            Ok(()) => note = " (unsubscribed on the server)",
            Err(sync::Error::Api { error, .. }) if error == "FEED_NOT_FOUND" => {}
            Err(err) => return Err(err.into()),
        }
    }
    let removal = store.remove_feed(id)?;
    emit(|out| {
        writeln!(
            out,
            "removed {}: {} stories deleted, {} starred or tagged kept{note}",
            SafeText::line(feed.display_title()),
            removal.deleted,
            removal.kept
        )
    })
}

fn sync_now(store: &mut Store, config: &Config, options: Options) -> Result<Summary> {
    let mut remote = connect(server(config)?, config)?;
    Ok(sync::sync(store, remote.as_mut(), options)?)
}

fn server(config: &Config) -> Result<&SyncServer> {
    match &config.sync {
        Some(server) => Ok(server),
        None => bail!(
            "sync is not set up: add a [sync] section to {} (see the README)",
            config
                .config_path
                .as_ref()
                .map_or_else(|| "the config file".to_owned(), |p| p.display().to_string())
        ),
    }
}

fn connect(server: &SyncServer, config: &Config) -> Result<Box<dyn Remote>> {
    if let Some(warning) = sync::plain_http_warning(&server.url) {
        eprintln!("{warning}");
    }
    let timeouts = Timeouts {
        connect: config.refresh.connect_timeout,
        request: config.refresh.timeout,
    };
    Ok(sync::connect(server, timeouts)?)
}

/// `3 feeds, 12 new, 2 pushed, 1 updated in 0.4 s`
pub fn summary_line(summary: &Summary) -> String {
    summary_line_with(summary, &Pages::default())
}

/// [`summary_line`] with the page phase after it: `…, 1 updated, 5 pages (1 failed) in …`.
pub fn summary_line_with(summary: &Summary, pages: &Pages) -> String {
    format!(
        "{} {}, {} new, {} pushed, {} updated{} in {:.1} s",
        summary.feeds,
        if summary.feeds == 1 { "feed" } else { "feeds" },
        summary.new_articles,
        summary.pushed,
        summary.updated,
        super::refresh::pages_note(pages),
        summary.elapsed.as_secs_f64()
    )
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::*;

    #[test]
    fn summary_line_has_the_documented_shape() {
        let summary = Summary {
            feeds: 3,
            new_articles: 12,
            pushed: 2,
            updated: 1,
            elapsed: Duration::from_millis(420),
        };
        assert_eq!(
            summary_line(&summary),
            "3 feeds, 12 new, 2 pushed, 1 updated in 0.4 s"
        );
        assert_eq!(
            serde_json::to_string(&summary).unwrap(),
            r#"{"feeds":3,"new_articles":12,"pushed":2,"updated":1}"#
        );
    }
}
