//! `tidings inspect FILE_OR_URL [--json]`: fetches, parses and sanitizes a feed without
//! storing it, showing every entry as tidings would: the answer to "why does this feed
//! look wrong?". The database is never opened. `--full-text` inspects a story's web page
//! instead (`inspect/full_text.rs`).

mod full_text;

use std::io::Write;

use anyhow::{Context, Result};
use chrono::{DateTime, Utc};
use serde::Serialize;
use url::Url;

use super::json::Json;
use super::output::{self, emit};
use crate::config::Config;
use crate::feed::script::Script;
use crate::feed::{FeedKind, ParsedEntry, ParsedFeed, parse_location};
use crate::sanitize::{self, SafeText};
use crate::url_policy::Origin;

/// What `inspect --json` prints. Every string is [`SafeText`].
#[derive(Debug, Serialize)]
struct Report {
    feed: FeedSummary,
    entries: Vec<EntryReport>,
}

impl Json for Report {}

#[derive(Debug, Serialize)]
struct FeedSummary {
    title: Option<SafeText>,
    link: Option<SafeText>,
    kind: FeedKind,
    /// What had to be repaired when the document was not well-formed.
    warning: Option<SafeText>,
}

#[derive(Debug, Serialize)]
struct EntryReport {
    id: SafeText,
    title: SafeText,
    link: Option<SafeText>,
    published: Option<DateTime<Utc>>,
    authors: Vec<SafeText>,
    tags: Vec<SafeText>,
    /// The sanitized text, wrapped, with its numbered link list.
    text: SafeText,
}

/// A feed as found: where it was read from, and the page it was discovered on.
struct Found {
    url: Url,
    discovered_on: Option<Url>,
    feed: ParsedFeed,
}

/// `tidings inspect [--full-text] FILE_OR_URL [--json]`
pub fn run(config: &Config, input: &str, full_text: bool, json: bool) -> Result<()> {
    if full_text {
        return full_text::run(config, input, json);
    }
    // A script feed is run, as `add` would run it; never fetched as an address.
    let found = if let Some(script) = Script::parse(input, Origin::Typed)? {
        let (response, feed) = crate::refresh::run_script(&config.refresh, &script)
            .with_context(|| format!("inspecting {}", SafeText::line(input)))?;
        Found {
            url: response.url,
            discovered_on: None,
            feed,
        }
    } else {
        let url = parse_location(input)?;
        fetch(config, &url).with_context(|| format!("inspecting {input}"))?
    };
    if json {
        // JSON is wrapped at the configured width, not the terminal's: the same input
        // gives the same output wherever it runs.
        return output::json(&report(&found.feed, config.display.width));
    }
    let report = report(&found.feed, output::text_width(config.display.width));
    emit(|out| write_text(out, &found, &report))
}

/// Fetches and parses the feed at `url`; an HTML page's first announced feed instead.
fn fetch(config: &Config, url: &Url) -> Result<Found> {
    let found = crate::refresh::find(&config.refresh, url)?;
    Ok(Found {
        url: found.response.url,
        discovered_on: found.found_on,
        feed: found.feed,
    })
}

/// The feed with every string sanitized and every story rendered at `width` columns.
fn report(feed: &ParsedFeed, width: usize) -> Report {
    let clean = |s: &Option<String>| s.as_deref().and_then(SafeText::non_empty_line);
    Report {
        feed: FeedSummary {
            title: clean(&feed.title),
            link: clean(&feed.link),
            kind: feed.kind,
            warning: clean(&feed.warning),
        },
        entries: feed
            .entries
            .iter()
            .map(|entry| entry_report(entry, width))
            .collect(),
    }
}

fn entry_report(entry: &ParsedEntry, width: usize) -> EntryReport {
    let clean_all = |items: &mut dyn Iterator<Item = &String>| {
        items.filter_map(|s| SafeText::non_empty_line(s)).collect()
    };
    EntryReport {
        id: SafeText::line(&entry.guid),
        // Already decoded by the parser (`sanitize::title`); decoding entities twice would
        // turn a literal "&lt;" into "<".
        title: SafeText::line(&entry.title),
        link: entry.link.as_deref().map(SafeText::line),
        published: entry.published,
        // The parser keeps the first named author, the one tidings stores and shows.
        authors: clean_all(&mut entry.author.iter()),
        tags: clean_all(&mut entry.categories.iter()),
        text: sanitize::plain_safe_text(&entry.content_html, entry.base_url.as_deref(), width),
    }
}

/// The plain output: a header for the feed, then each entry like `show` prints a story.
fn write_text(out: &mut dyn Write, found: &Found, report: &Report) -> std::io::Result<()> {
    let feed = &report.feed;
    writeln!(
        out,
        "{}",
        feed.title
            .as_ref()
            .map_or("(untitled feed)", SafeText::as_str)
    )?;
    writeln!(out, "Kind: {}", feed.kind.as_str())?;
    if let Some(warning) = &feed.warning {
        writeln!(out, "Warning: {warning}")?;
    }
    if let Some(link) = &feed.link {
        writeln!(out, "Link: {link}")?;
    }
    writeln!(out, "Source: {}", SafeText::line(found.url.as_str()))?;
    if let Some(page) = &found.discovered_on {
        writeln!(out, "Found on: {}", SafeText::line(page.as_str()))?;
    }
    writeln!(out, "Entries: {}", report.entries.len())?;
    let total = report.entries.len();
    for (n, entry) in report.entries.iter().enumerate() {
        writeln!(out)?;
        writeln!(out, "──── {}/{total} ────", n + 1)?;
        write_entry(out, entry)?;
    }
    Ok(())
}

fn write_entry(out: &mut dyn Write, entry: &EntryReport) -> std::io::Result<()> {
    let title = if entry.title.is_empty() {
        "(untitled)"
    } else {
        entry.title.as_str()
    };
    writeln!(out, "{title}")?;
    writeln!(out, "Id: {}", entry.id)?;
    if let Some(link) = &entry.link {
        writeln!(out, "Link: {link}")?;
    }
    if let Some(date) = entry.published {
        writeln!(out, "Date: {}", date.to_rfc3339())?;
    }
    if !entry.authors.is_empty() {
        writeln!(out, "Authors: {}", SafeText::join(&entry.authors, ", "))?;
    }
    if !entry.tags.is_empty() {
        writeln!(out, "Tags: {}", SafeText::join(&entry.tags, ", "))?;
    }
    if !entry.text.is_empty() {
        writeln!(out)?;
        writeln!(out, "{}", entry.text.trim_end())?;
    }
    Ok(())
}
