//! Subscription commands: add, remove, feeds, import, export.

use std::io::Write;
use std::path::Path;

use anyhow::{Context, Result};

use super::articles::tag_list;
use super::json::FeedJson;
use super::output::{self, emit, fit};
use crate::backend::{Added, Backend};
use crate::sanitize::SafeText;
use crate::store::{FeedRow, NewFeed, Store};
use crate::subscriptions::{self, Subscription};

/// `tidings add URL [--tag T]… [--full-text]`: fetches the address; a feed is subscribed
/// with its stories stored, an HTML page is searched for the feeds it announces.
fn turn_full_text_on(store: &mut Store, feed: crate::store::FeedId) -> Result<()> {
    store
        .set_full_text(feed, true)
        .context("turning full text on (the feed is subscribed; try `tidings full-text`)")
}

/// `tidings add URL [--tag T]… [--full-text]`: subscribes here, or on the sync server
/// when there is one (in the category named by the first tag that names one).
pub fn add(
    store: &mut Store,
    config: &crate::config::Config,
    input: &str,
    tags: Vec<String>,
    full_text: bool,
) -> Result<()> {
    let added = match Backend::of(config).subscribe(store, input, tags)? {
        Added::Fetched(added) => added,
        Added::Synced { added, warnings } => {
            if full_text {
                turn_full_text_on(store, added.feed)?;
            }
            return super::sync::print_added(store, config, &added, &warnings);
        }
    };
    if full_text {
        turn_full_text_on(store, added.id)?;
    }
    let name = added.title.as_deref().unwrap_or(&added.url);
    emit(|out| {
        if let Some(page) = &added.found_on {
            writeln!(
                out,
                "found {} feeds at {}",
                added.others.len() + 1,
                SafeText::line(page.as_str())
            )?;
        }
        writeln!(
            out,
            "added feed {}: {} ({} stories)",
            added.id,
            SafeText::line(name),
            added.stories
        )?;
        writeln!(out, "  {}", SafeText::line(&added.url))?;
        if full_text {
            writeln!(
                out,
                "  full text: on (stories' pages are fetched when opened)"
            )?;
        }
        if !added.others.is_empty() {
            writeln!(
                out,
                "other feeds on that page (add one with `tidings add URL`):"
            )?;
        }
        for other in &added.others {
            let title = other
                .title
                .as_deref()
                .map(|t| format!("  {}", SafeText::line(t)))
                .unwrap_or_default();
            writeln!(out, "  {}{title}", SafeText::line(other.url.as_str()))?;
        }
        Ok(())
    })
}

/// `tidings remove FEED`
pub fn remove(store: &mut Store, query: &str) -> Result<()> {
    let id = store.find_feed(query)?;
    let feed = store.feed(id)?;
    let removal = store.remove_feed(id)?;
    emit(|out| {
        writeln!(
            out,
            "removed {}: {} stories deleted, {} starred or tagged kept",
            SafeText::line(feed.display_title()),
            removal.deleted,
            removal.kept
        )
    })
}

/// `tidings full-text FEED on|off`
pub fn set_full_text(store: &mut Store, query: &str, on: bool) -> Result<()> {
    let id = store.find_feed(query)?;
    store.set_full_text(id, on)?;
    let feed = store.feed(id)?;
    emit(|out| {
        writeln!(
            out,
            "full text {} for {}",
            if on { "on" } else { "off" },
            SafeText::line(feed.display_title())
        )
    })
}

/// `tidings feeds [--json]`
pub fn list(store: &Store, json: bool) -> Result<()> {
    let feeds = store.feeds()?;
    if json {
        let rows: Vec<FeedJson> = feeds.iter().map(FeedJson::from).collect();
        return output::json(&rows);
    }
    emit(|out| {
        for feed in &feeds {
            write_feed_line(out, feed)?;
        }
        Ok(())
    })
}

fn write_feed_line(out: &mut dyn Write, feed: &FeedRow) -> std::io::Result<()> {
    let counts = format!("{}/{}", feed.unread_count, feed.article_count);
    let tags = if feed.tags.is_empty() {
        String::new()
    } else {
        format!("  [{}]", tag_list(&feed.tags))
    };
    let full_text = if feed.full_text { "  (full text)" } else { "" };
    writeln!(
        out,
        "{:>4}  {:>9}  {}  {}{}{}",
        feed.id,
        counts,
        fit(&SafeText::line(feed.display_title()), 32),
        SafeText::line(&feed.url),
        tags,
        full_text
    )?;
    if let Some(error) = &feed.last_error {
        writeln!(out, "{:>17}error: {}", "", SafeText::line(error))?;
    }
    if let Some(warning) = &feed.warning {
        writeln!(out, "{:>17}warning: {}", "", SafeText::line(warning))?;
    }
    Ok(())
}

/// `tidings import FILE [--allow-file] [--allow-exec]`: OPML or newsboat urls, all or
/// nothing.
pub fn import(store: &mut Store, file: &Path, allow_file: bool, allow_exec: bool) -> Result<()> {
    let bytes = std::fs::read(file).with_context(|| format!("reading {}", file.display()))?;
    let mut parsed =
        subscriptions::parse(&bytes).with_context(|| format!("importing {}", file.display()))?;
    parsed.apply_policy(allow_file, allow_exec);
    for warning in &parsed.warnings {
        eprintln!(
            "warning: {}: {}",
            SafeText::line(&file.display().to_string()),
            SafeText::line(warning)
        );
    }
    let feeds: Vec<NewFeed> = parsed.feeds.into_iter().map(NewFeed::from).collect();
    let stats = store.import_feeds(&feeds)?;
    emit(|out| {
        writeln!(
            out,
            "imported {} feeds from {} ({} new, {} already subscribed)",
            feeds.len(),
            SafeText::line(&file.display().to_string()),
            stats.added,
            stats.existing
        )
    })
}

/// `tidings export [--output FILE]`. The OPML may go to a terminal, and XML carries C1
/// and bidi controls as they are, so titles, tags and URLs are written as [`SafeText`].
pub fn export(store: &Store, output_file: Option<&Path>) -> Result<()> {
    let safe = |s: &str| SafeText::line(s).into_string();
    let subscriptions: Vec<Subscription> = store
        .feeds()?
        .into_iter()
        .map(|f| Subscription {
            title: f.title.as_deref().map(safe),
            url: safe(&f.url),
            tags: f.tags.iter().map(|t| safe(t)).collect(),
        })
        .collect();
    let opml = subscriptions::to_opml(&subscriptions);
    match output_file {
        Some(path) => write_replacing(path, opml.as_bytes())
            .with_context(|| format!("writing {}", path.display())),
        None => emit(|out| out.write_all(opml.as_bytes())),
    }
}

/// Writes `bytes` to a temporary file beside `path`, then renames it over `path`: a
/// crash or a full disk leaves the previous file whole instead of truncated.
fn write_replacing(path: &Path, bytes: &[u8]) -> Result<()> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let mut temp = tempfile::NamedTempFile::new_in(dir)
        .with_context(|| format!("creating a temporary file in {}", dir.display()))?;
    // A replaced file keeps its mode (a new one is 0600, as tempfile makes it).
    if let Ok(previous) = std::fs::metadata(path) {
        temp.as_file().set_permissions(previous.permissions())?;
    }
    temp.write_all(bytes)?;
    temp.as_file().sync_all()?;
    temp.persist(path).map_err(|e| e.error)?;
    Ok(())
}
