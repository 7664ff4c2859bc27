//! A second look at the raw XML for what feed-rs leaves out: `dc:title`, `media:title`
//! and `itunes:title` for a missing title, `dc:description`, `itunes:summary` and
//! `media:description` for a missing body, a permalink `guid` (or `rdf:about`) for a
//! missing link, `dc:creator` for a missing author, and the `xml:base` in scope of each
//! entry's content. It runs only when one of those is missing (or the document uses
//! `xml:base`), so most feeds never pay for it.

use roxmltree::{Document, Node};
use url::Url;

use super::parse::{ParsedFeed, escape_plain_text};
use super::xml::{self, XML_NS, is};
use crate::sanitize;

const CONTENT: &str = "http://purl.org/rss/1.0/modules/content/";
const DC: &str = "http://purl.org/dc/elements/1.1/";
const MEDIA: &str = "http://search.yahoo.com/mrss/";
const ITUNES: &str = "http://www.itunes.com/dtds/podcast-1.0.dtd";
const RDF: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";

/// What the raw XML says about one entry beyond what feed-rs read.
#[derive(Debug, Default)]
struct Extras {
    title: Option<String>,
    /// HTML from `content:encoded` under a namespace URI feed-rs does not know.
    html: Option<String>,
    /// Plain text.
    summary: Option<String>,
    link: Option<String>,
    author: Option<String>,
    /// The `xml:base` in scope of the entry's content, resolved; `None` when the
    /// document sets none on the way there.
    base: Option<Url>,
    /// `itunes:duration` in seconds (feed-rs drops it from an item without
    /// `itunes:title` or `itunes:summary`).
    duration_secs: Option<u64>,
}

/// Whether the feed read by feed-rs lacks something the raw XML may have.
pub(super) fn needed(feed: &ParsedFeed, text: &str) -> bool {
    feed.title.is_none()
        || feed
            .entries
            .iter()
            .any(|e| e.title.is_empty() || e.link.is_none() || e.content_html.is_empty())
        || text.contains("xml:base")
        // A creator feed-rs did not see: its prefix was undeclared, say.
        || (feed.entries.iter().any(|e| e.author.is_none()) && text.contains(":creator>"))
        || (text.contains(":duration>")
            && feed
                .entries
                .iter()
                .any(|e| e.enclosures.iter().any(|x| x.duration_secs.is_none())))
}

/// Fills what `feed` lacks from the document `text` it was read from, fetched from
/// `source_url`. Entries are matched by position, so nothing is filled when the
/// document's entries and feed-rs's don't line up.
pub(super) fn fill(feed: &mut ParsedFeed, text: &str, source_url: Option<&str>) {
    // feed-rs tolerates undeclared prefixes and HTML entities; roxmltree does not.
    let repaired;
    let doc = if let Ok(doc) = Document::parse_with_options(text, xml::options()) {
        doc
    } else {
        repaired = super::recover::recover(text).text;
        let Ok(doc) = Document::parse_with_options(&repaired, xml::options()) else {
            return;
        };
        doc
    };
    let source = source_url.and_then(|u| Url::parse(u).ok());
    let (channel, items) = entries_of(doc.root_element());
    if feed.title.is_none() {
        feed.title = channel
            .and_then(|c| child_text(c, DC, "title"))
            .map(|t| sanitize::title(&t))
            .filter(|t| !t.is_empty());
    }
    if items.len() != feed.entries.len() {
        return;
    }
    for (entry, item) in feed.entries.iter_mut().zip(items) {
        let extras = extras(item, source.as_ref());
        if entry.title.is_empty() {
            entry.title = extras
                .title
                .map(|t| sanitize::title(&t))
                .unwrap_or_default();
        }
        if entry.link.is_none() {
            entry.link = extras
                .link
                .map(|l| sanitize::clean_line(&l))
                .filter(|l| !l.is_empty());
        }
        if entry.content_html.is_empty() {
            entry.content_html = extras
                .html
                .or_else(|| extras.summary.map(|s| escape_plain_text(&s)))
                .unwrap_or_default();
        }
        if entry.author.is_none() {
            entry.author = extras
                .author
                .map(|a| sanitize::clean_line(&a))
                .filter(|a| !a.is_empty());
        }
        if let Some(base) = extras.base {
            entry.base_url = Some(base.into());
        }
        for enclosure in &mut entry.enclosures {
            enclosure.duration_secs = enclosure.duration_secs.or(extras.duration_secs);
        }
    }
}

/// The element holding the feed's own metadata, and the entry elements in order.
fn entries_of<'a, 'i>(root: Node<'a, 'i>) -> (Option<Node<'a, 'i>>, Vec<Node<'a, 'i>>) {
    let named = |parent: Node<'a, 'i>, name: &str| -> Vec<Node<'a, 'i>> {
        parent
            .children()
            .filter(|c| c.is_element() && c.tag_name().name() == name)
            .collect()
    };
    match root.tag_name().name() {
        "feed" => (Some(root), named(root, "entry")),
        "RDF" => (named(root, "channel").first().copied(), named(root, "item")),
        _ => {
            let channel = named(root, "channel").first().copied();
            (
                channel,
                channel.map(|c| named(c, "item")).unwrap_or_default(),
            )
        }
    }
}

fn extras(item: Node<'_, '_>, source: Option<&Url>) -> Extras {
    let item_base = base_of(item, source);
    let title = child_text(item, DC, "title")
        .or_else(|| descendant_text(item, MEDIA, "title"))
        .or_else(|| child_text(item, ITUNES, "title"));
    let html = child_text(item, CONTENT, "encoded");
    let summary = child_text(item, DC, "description")
        .or_else(|| child_text(item, ITUNES, "summary"))
        .or_else(|| descendant_text(item, MEDIA, "description"));
    let author = child_text(item, DC, "creator").or_else(|| child_text(item, ITUNES, "author"));
    let duration_secs = child_text(item, ITUNES, "duration").and_then(|d| seconds(&d));
    let resolve = |href: &str| {
        let base = item_base.as_ref().or(source);
        match base {
            Some(base) => base.join(href).ok(),
            None => Url::parse(href).ok(),
        }
    };
    // A guid is taken for a link only when it is one by itself: many are bare serial
    // numbers that never say isPermaLink="false".
    let link = permalink(item)
        .and_then(|guid| Url::parse(&guid).ok())
        .filter(|u| matches!(u.scheme(), "http" | "https"))
        .or_else(|| item.attribute((RDF, "about")).and_then(resolve))
        .map(String::from);
    let has_base = item
        .ancestors()
        .chain(content_of(item))
        .any(|n| n.attribute((XML_NS, "base")).is_some());
    let base = if has_base {
        content_of(item).map_or(item_base, |c| base_of(c, source))
    } else {
        None
    };
    Extras {
        title,
        html,
        summary,
        link,
        author,
        base,
        duration_secs,
    }
}

/// An `itunes:duration`: seconds (`3723`), `mm:ss` or `hh:mm:ss`.
fn seconds(text: &str) -> Option<u64> {
    let mut total: u64 = 0;
    let parts: Vec<&str> = text.trim().split(':').collect();
    if parts.len() > 3 {
        return None;
    }
    for part in parts {
        // Fractions of a second (`12.5`) are dropped.
        let whole = part.split('.').next()?;
        total = total.checked_mul(60)?.checked_add(whole.parse().ok()?)?;
    }
    Some(total)
}

/// An RSS `guid` that is a permalink (`isPermaLink` is true unless it says otherwise).
fn permalink(item: Node<'_, '_>) -> Option<String> {
    let guid = item
        .children()
        .find(|c| c.is_element() && c.tag_name().name() == "guid")?;
    if guid
        .attribute("isPermaLink")
        .is_some_and(|p| p.trim().eq_ignore_ascii_case("false"))
    {
        return None;
    }
    Some(text_of(guid).trim().to_owned()).filter(|g| !g.is_empty())
}

/// The element holding the entry's body, whose `xml:base` applies to its links.
fn content_of<'a, 'i>(item: Node<'a, 'i>) -> Option<Node<'a, 'i>> {
    ["content", "encoded", "summary", "description"]
        .iter()
        .find_map(|name| {
            item.children()
                .find(|c| c.is_element() && c.tag_name().name() == *name)
        })
}

/// `node`'s base URL: every `xml:base` from the root down, resolved against `source`.
fn base_of(node: Node<'_, '_>, source: Option<&Url>) -> Option<Url> {
    let mut chain: Vec<&str> = node
        .ancestors()
        .filter_map(|n| n.attribute((XML_NS, "base")))
        .collect();
    chain.reverse();
    chain.into_iter().fold(source.cloned(), |base, href| {
        match &base {
            Some(base) => base.join(href).ok(),
            None => Url::parse(href).ok(),
        }
        .or(base)
    })
}

fn child_text(parent: Node<'_, '_>, ns: &str, name: &str) -> Option<String> {
    parent
        .children()
        .find(|c| is(*c, ns, name))
        .map(text_of)
        .filter(|t| !t.trim().is_empty())
}

fn descendant_text(parent: Node<'_, '_>, ns: &str, name: &str) -> Option<String> {
    parent
        .descendants()
        .find(|c| is(*c, ns, name))
        .map(text_of)
        .filter(|t| !t.trim().is_empty())
}

fn text_of(node: Node<'_, '_>) -> String {
    node.descendants()
        .filter(Node::is_text)
        .filter_map(|n| n.text())
        .collect()
}
