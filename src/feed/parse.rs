//! Reading a feed: feed-rs output (after any legacy rewrite or recovery) turned into our
//! own plain types, with titles and names made terminal-safe on the way in and a stable
//! identity for every entry.

use chrono::{DateTime, Utc};
use feed_rs::model::{self, FeedType, Link};
use siphasher::sip::SipHasher13;
use std::hash::Hasher;

use super::enclosures::{Enclosure, enclosures_of};
use super::{legacy, recover, second_look};
use crate::sanitize;

/// The format a feed was written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FeedKind {
    Atom,
    Rss0,
    Rss1,
    Rss2,
    Json,
}

impl FeedKind {
    /// The name `inspect` shows, the same as in JSON: `atom`, `rss2`, `json`, …
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Atom => "atom",
            Self::Rss0 => "rss0",
            Self::Rss1 => "rss1",
            Self::Rss2 => "rss2",
            Self::Json => "json",
        }
    }
}

/// A parsed feed: its own metadata and its entries, newest first as the feed gave them.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedFeed {
    pub kind: FeedKind,
    pub title: Option<String>,
    /// The site the feed belongs to (not the feed URL itself).
    pub link: Option<String>,
    /// RSS `<ttl>` in minutes, when given.
    pub ttl_minutes: Option<u32>,
    pub entries: Vec<ParsedEntry>,
    /// Set when the document was not well-formed and had to be recovered: what was
    /// repaired (see [`super::recover`]). The feed is read all the same.
    pub warning: Option<String>,
}

/// One story from a feed. Titles and names are terminal-safe already; `content_html` is
/// untrusted HTML and must pass the sanitizer before display.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedEntry {
    /// The story's identity within its feed: the feed's id, else its link, else a hash of
    /// title and date.
    pub guid: String,
    pub link: Option<String>,
    pub title: String,
    pub author: Option<String>,
    pub published: Option<DateTime<Utc>>,
    pub updated: Option<DateTime<Utc>>,
    pub content_html: String,
    /// Base for relative links in the content (`xml:base`, else the story's link).
    pub base_url: Option<String>,
    /// The feed's own categories (Blogger labels, RSS categories).
    pub categories: Vec<String>,
    /// Files the story carries (a podcast's episode).
    pub enclosures: Vec<Enclosure>,
}

/// Why bytes could not be read as a feed.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct ParseError(#[from] feed_rs::parser::ParseFeedError);

/// Parses RSS 0.9x/1.0/2.0, Atom 0.3/1.0 or JSON Feed bytes. `source_url` (where the
/// bytes came from) resolves relative links. A document that is not well-formed is
/// recovered (see [`super::recover`]) and read with a warning; only when that fails too
/// is it an error, the strict parser's.
pub fn parse_feed(bytes: &[u8], source_url: Option<&str>) -> Result<ParsedFeed, ParseError> {
    match read(bytes, source_url) {
        // feed-rs reads past HTML entities but keeps them as literal text; recovered, they
        // read as the characters they name. (A scan, not a parse: cheap for good feeds.)
        Ok(feed) if std::str::from_utf8(bytes).is_ok_and(recover::has_html_entities) => {
            Ok(recovered(bytes, source_url).unwrap_or(feed))
        }
        Ok(feed) => Ok(feed),
        // Otherwise recovery runs only after the strict parse failed.
        Err(err) => recovered(bytes, source_url).ok_or(err),
    }
}

/// Reads a document in any format, rewriting the legacy ones first.
fn read(bytes: &[u8], source_url: Option<&str>) -> Result<ParsedFeed, ParseError> {
    if let Some(translated) = legacy::translate(bytes) {
        let mut feed = read_modern(translated.text.as_bytes(), source_url)?;
        feed.kind = translated.kind;
        return Ok(feed);
    }
    read_modern(bytes, source_url)
}

/// Reads a document feed-rs knows, then fills what it left out from the raw XML.
fn read_modern(bytes: &[u8], source_url: Option<&str>) -> Result<ParsedFeed, ParseError> {
    let mut feed = convert(&feed_rs_parse(bytes, source_url)?);
    let Ok(text) = std::str::from_utf8(bytes) else {
        return Ok(feed);
    };
    let mut fixed = None;
    if feed.kind == FeedKind::Rss1
        && legacy::rdf_lost_items(text, feed.entries.len())
        && let Some(with_links) = legacy::rdf_with_item_links(text)
    {
        feed = convert(&feed_rs_parse(with_links.as_bytes(), source_url)?);
        fixed = Some(with_links);
    }
    let text = fixed.as_deref().unwrap_or(text);
    if second_look::needed(&feed, text) {
        second_look::fill(&mut feed, text, source_url);
    }
    Ok(feed)
}

fn feed_rs_parse(bytes: &[u8], source_url: Option<&str>) -> Result<model::Feed, ParseError> {
    let parser = feed_rs::parser::Builder::new()
        .base_uri(source_url)
        // An empty id marks "the feed gave none"; we then derive our own (see guid_for).
        .id_generator(|_, _, _| String::new())
        .build();
    Ok(parser.parse(bytes)?)
}

/// The feed in a document that is not well-formed XML, recovered, with a warning that
/// says what was repaired; `None` when it is not XML or still cannot be read.
fn recovered(bytes: &[u8], source_url: Option<&str>) -> Option<ParsedFeed> {
    let text = String::from_utf8_lossy(bytes);
    if !text
        .trim_start_matches('\u{feff}')
        .trim_start()
        .starts_with('<')
    {
        return None;
    }
    let recovered = recover::recover(&text);
    if recovered.repairs.is_empty() {
        return None;
    }
    let mut feed = read(recovered.text.as_bytes(), source_url).ok()?;
    tracing::info!(url = source_url, repairs = %recovered.repairs, "feed recovered");
    feed.warning = Some(recovered.repairs.to_string());
    Some(feed)
}

fn convert(feed: &model::Feed) -> ParsedFeed {
    let kind = match feed.feed_type {
        FeedType::Atom => FeedKind::Atom,
        FeedType::JSON => FeedKind::Json,
        FeedType::RSS0 => FeedKind::Rss0,
        FeedType::RSS1 => FeedKind::Rss1,
        FeedType::RSS2 => FeedKind::Rss2,
    };
    ParsedFeed {
        kind,
        title: feed
            .title
            .as_ref()
            .map(|t| sanitize::title(&t.content))
            .filter(|t| !t.is_empty()),
        link: site_link(&feed.links),
        ttl_minutes: feed.ttl,
        entries: feed.entries.iter().map(convert_entry).collect(),
        warning: None,
    }
}

fn convert_entry(entry: &model::Entry) -> ParsedEntry {
    let title = entry
        .title
        .as_ref()
        .map(|t| sanitize::title(&t.content))
        .unwrap_or_default();
    let link = site_link(&entry.links);
    let author = entry
        .authors
        .iter()
        .filter_map(|p| p.name.as_deref().map(person_name))
        .find(|n| !n.is_empty());
    let content_html = content_of(entry);
    let date = entry.published.or(entry.updated);
    let guid = guid_for(&entry.id, link.as_deref(), &title, date, &content_html);
    ParsedEntry {
        guid,
        base_url: entry.base.clone().or_else(|| link.clone()),
        content_html,
        categories: entry
            .categories
            .iter()
            .map(|c| sanitize::clean_line(c.label.as_deref().unwrap_or(&c.term)))
            .filter(|c| !c.is_empty())
            .collect(),
        enclosures: enclosures_of(entry),
        link,
        title,
        author,
        published: entry.published,
        updated: entry.updated,
    }
}

/// A person's name, terminal-safe. RSS writes `email (Name)`; feed-rs takes the address
/// out but leaves the parentheses around the name.
fn person_name(name: &str) -> String {
    let name = sanitize::clean_line(name);
    match name.strip_prefix('(').and_then(|n| n.strip_suffix(')')) {
        Some(inner) if !inner.contains(['(', ')']) => inner.trim().to_owned(),
        _ => name,
    }
}

/// The entry's identity: its own id, else its link, else a hash of title and date, and
/// of the text too when there is no date (two undated stories with one title, such as
/// "Update", are two stories).
fn guid_for(
    id: &str,
    link: Option<&str>,
    title: &str,
    date: Option<DateTime<Utc>>,
    content: &str,
) -> String {
    let id = id.trim();
    if !id.is_empty() {
        return id.to_owned();
    }
    if let Some(link) = link {
        return link.to_owned();
    }
    let mut hasher = SipHasher13::new();
    hasher.write(title.as_bytes());
    hasher.write_u8(0);
    hasher.write_i64(date.map_or(0, |d| d.timestamp()));
    if date.is_none() {
        hasher.write(content.as_bytes());
    }
    format!("tidings:{:016x}", hasher.finish())
}

/// The link to a page for people: `rel="alternate"` first, then one with no `rel`.
fn site_link(links: &[Link]) -> Option<String> {
    links
        .iter()
        .find(|l| l.rel.as_deref() == Some("alternate"))
        .or_else(|| links.iter().find(|l| l.rel.is_none()))
        .map(|l| sanitize::clean_line(&l.href))
        .filter(|l| !l.is_empty())
}

/// The entry's body as HTML: full content when present, else the summary. Plain-text
/// bodies are escaped so the sanitizer sees them as text.
fn content_of(entry: &model::Entry) -> String {
    let (body, media_type) = match (&entry.content, &entry.summary) {
        (Some(c), _) if c.body.as_deref().is_some_and(|b| !b.trim().is_empty()) => (
            c.body.clone().unwrap_or_default(),
            c.content_type.essence().to_string(),
        ),
        (_, Some(s)) => (s.content.clone(), s.content_type.essence().to_string()),
        _ => return String::new(),
    };
    match media_type.as_str() {
        "text/plain" => escape_plain_text(&body),
        "text/html" | "application/xhtml+xml" | "text/xml" => body,
        other if is_inline(other) => escape_plain_text(&body),
        other => from_base64(other, &body),
    }
}

/// Whether Atom carries content of this media type inline (as text or XML) rather than
/// base64-encoded (RFC 4287, 4.1.3.3).
fn is_inline(media_type: &str) -> bool {
    media_type.starts_with("text/") || media_type.ends_with("/xml") || media_type.ends_with("+xml")
}

/// Atom content of a non-text type, which is base64: HTML or text when it decodes to
/// UTF-8 text, else a line saying what it was (tidings shows no binary content).
fn from_base64(media_type: &str, body: &str) -> String {
    use base64::Engine as _;
    let compact: String = body.split_ascii_whitespace().collect();
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(compact)
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok());
    match decoded {
        Some(text) if media_type.contains("html") => text,
        Some(text) => escape_plain_text(&text),
        None => escape_plain_text(&format!("({media_type} content)")),
    }
}

/// Plain text as HTML that shows the same text: markup characters escaped, line breaks
/// kept.
pub(super) fn escape_plain_text(text: &str) -> String {
    let mut html = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '<' => html.push_str("&lt;"),
            '>' => html.push_str("&gt;"),
            '&' => html.push_str("&amp;"),
            '\n' => html.push_str("<br>"),
            c => html.push(c),
        }
    }
    html
}

#[cfg(test)]
mod tests;
