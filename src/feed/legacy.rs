//! Feed formats feed-rs does not read, rewritten into ones it does: Atom 0.3 into Atom
//! 1.0 (tagline, issued, modified, created; escaped, base64 and inline XML content), RSS
//! 0.90 into RSS 1.0 (the same RDF shape under another namespace), and RSS 1.0 items with
//! no `<link>` given their `rdf:about` as one (feed-rs drops link-less items).

use base64::Engine as _;
use roxmltree::{Document, Node};

use super::xml::{self, Writer};
use crate::feed::FeedKind;

const ATOM_03: &str = "http://purl.org/atom/ns#";
const ATOM_10: &str = "http://www.w3.org/2005/Atom";
const RSS_090: [&str; 2] = [
    "http://my.netscape.com/rdf/simple/0.9/",
    "http://channel.netscape.com/rdf/simple/0.9/",
];
const RSS_10: &str = "http://purl.org/rss/1.0/";
const RDF: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";

/// How far into a document its root element's namespace is looked for.
const SNIFF_BYTES: usize = 4096;

/// A document rewritten into a format feed-rs reads, and the format it really is in.
#[derive(Debug)]
pub(super) struct Translated {
    pub text: String,
    pub kind: FeedKind,
}

/// The document in a format feed-rs reads, when it is Atom 0.3 or RSS 0.90; `None` for
/// everything else (most feeds: a look at the first few kilobytes says so).
pub(super) fn translate(bytes: &[u8]) -> Option<Translated> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(SNIFF_BYTES)]);
    let atom03 = head.contains(ATOM_03);
    let rss090 = RSS_090.iter().any(|ns| head.contains(ns));
    if !atom03 && !rss090 {
        return None;
    }
    let text = std::str::from_utf8(bytes).ok()?;
    let doc = Document::parse_with_options(text, xml::options()).ok()?;
    let root = doc.root_element();
    match root.tag_name().namespace() {
        Some(ATOM_03) if root.tag_name().name() == "feed" => Some(Translated {
            text: atom03_as_atom10(root),
            kind: FeedKind::Atom,
        }),
        // The root is `rdf:RDF`; RSS 0.90 is the namespace of what it holds.
        Some(RDF) => {
            let ns = RSS_090.iter().find(|ns| text.contains(**ns))?;
            Some(Translated {
                text: text.replace(ns, RSS_10),
                kind: FeedKind::Rss0,
            })
        }
        _ => None,
    }
}

/// Whether an RDF feed (RSS 0.90 or 1.0) has more `<item>`s than feed-rs read: it drops
/// items without a `<link>`. Counting tags is cheap, so good feeds pay for no second parse.
pub(super) fn rdf_lost_items(text: &str, read: usize) -> bool {
    let items = text
        .match_indices("<item")
        .filter(|(at, _)| {
            text.as_bytes()
                .get(at + 5)
                .is_some_and(|&b| b == b'>' || b.is_ascii_whitespace() || b == b'/')
        })
        .count();
    items > read
}

/// The RDF document with a `<link>` (its `rdf:about`) added to each item that has none.
pub(super) fn rdf_with_item_links(text: &str) -> Option<String> {
    let doc = Document::parse_with_options(text, xml::options()).ok()?;
    let mut insertions: Vec<(usize, String)> = doc
        .root_element()
        .children()
        .filter(|n| n.is_element() && n.tag_name().name() == "item")
        .filter(|item| !item.children().any(|c| c.tag_name().name() == "link"))
        .filter_map(|item| {
            let about = item.attribute((RDF, "about"))?;
            let at = item.first_child()?.range().start;
            Some((at, format!("<link>{}</link>", xml::escape(about))))
        })
        .collect();
    if insertions.is_empty() {
        return None;
    }
    insertions.sort_by_key(|(at, _)| std::cmp::Reverse(*at));
    let mut fixed = text.to_owned();
    for (at, link) in insertions {
        fixed.insert_str(at, &link);
    }
    Some(fixed)
}

/// An Atom 0.3 feed as the Atom 1.0 document that says the same.
fn atom03_as_atom10(root: Node<'_, '_>) -> String {
    let mut w = Writer::default();
    w.open(
        "feed",
        &with_base(root, vec![("xmlns", ATOM_10.to_owned())]),
    );
    for child in atom_children(root) {
        match child.tag_name().name() {
            "entry" => entry(&mut w, child),
            "tagline" => text_construct(&mut w, "subtitle", child),
            "modified" => w.leaf("updated", &text_of(child)),
            name => common(&mut w, name, child),
        }
    }
    w.close("feed");
    w.finish()
}

fn entry(w: &mut Writer, entry: Node<'_, '_>) {
    w.open("entry", &with_base(entry, Vec::new()));
    let has_issued = atom_children(entry).any(|c| c.tag_name().name() == "issued");
    for child in atom_children(entry) {
        match child.tag_name().name() {
            "issued" => w.leaf("published", &text_of(child)),
            "created" if !has_issued => w.leaf("published", &text_of(child)),
            "modified" => w.leaf("updated", &text_of(child)),
            "summary" | "content" => text_construct(w, child.tag_name().name(), child),
            name => common(w, name, child),
        }
    }
    w.close("entry");
}

/// Elements Atom 0.3 and 1.0 share: copied with their meaning unchanged.
fn common(w: &mut Writer, name: &str, node: Node<'_, '_>) {
    match name {
        "title" | "copyright" => {
            let name = if name == "copyright" { "rights" } else { name };
            text_construct(w, name, node);
        }
        "id" => w.leaf("id", &text_of(node)),
        "link" => {
            let attributes: Vec<(&str, String)> = ["rel", "type", "href", "title"]
                .into_iter()
                .filter_map(|a| Some((a, node.attribute(a)?.to_owned())))
                .collect();
            w.empty("link", &with_base(node, attributes));
        }
        "author" | "contributor" => {
            w.open(name, &[]);
            for part in atom_children(node) {
                match part.tag_name().name() {
                    "name" => w.leaf("name", &text_of(part)),
                    "email" => w.leaf("email", &text_of(part)),
                    "url" | "uri" => w.leaf("uri", &text_of(part)),
                    _ => {}
                }
            }
            w.close(name);
        }
        _ => {}
    }
}

/// An Atom 0.3 text construct (a MIME `type` and a `mode`) as Atom 1.0 text or HTML.
fn text_construct(w: &mut Writer, name: &str, node: Node<'_, '_>) {
    let media_type = node.attribute("type").unwrap_or("text/plain");
    let html = media_type.contains("html");
    let body = match node.attribute("mode").unwrap_or("xml") {
        "base64" => {
            let compact: String = text_of(node).split_ascii_whitespace().collect();
            let Ok(bytes) = base64::engine::general_purpose::STANDARD.decode(compact) else {
                return;
            };
            match String::from_utf8(bytes) {
                Ok(text) => text,
                Err(_) => return,
            }
        }
        "escaped" => text_of(node),
        // Inline XML: its markup is the HTML.
        _ if node.children().any(|c| c.is_element()) => {
            let mut markup = String::new();
            for child in node.children() {
                xml::serialize(child, &mut markup);
            }
            return w.text_element(name, "html", &markup, &with_base(node, Vec::new()));
        }
        _ => text_of(node),
    };
    let kind = if html { "html" } else { "text" };
    w.text_element(name, kind, &body, &with_base(node, Vec::new()));
}

fn atom_children<'a, 'input>(node: Node<'a, 'input>) -> impl Iterator<Item = Node<'a, 'input>> {
    node.children()
        .filter(|c| c.is_element() && c.tag_name().namespace() == Some(ATOM_03))
}

/// `attributes` plus the node's `xml:base` and `xml:lang`, which Atom 1.0 reads the same.
fn with_base<'a>(
    node: Node<'_, '_>,
    mut attributes: Vec<(&'a str, String)>,
) -> Vec<(&'a str, String)> {
    for (name, qualified) in [("base", "xml:base"), ("lang", "xml:lang")] {
        if let Some(value) = node.attribute((xml::XML_NS, name)) {
            attributes.push((qualified, value.to_owned()));
        }
    }
    attributes
}

fn text_of(node: Node<'_, '_>) -> String {
    node.descendants()
        .filter(Node::is_text)
        .filter_map(|n| n.text())
        .collect()
}

#[cfg(test)]
mod tests;
