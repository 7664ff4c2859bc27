//! Reads OPML 1.0 and 2.0 subscription lists: every `<outline>` with an `xmlUrl` is a
//! feed, and the names of the outlines around it become its tags.

use std::borrow::Cow;
use std::ops::Range;

use roxmltree::{Document, Node, TextPos};

use super::{Error, FeedSet, Import, excerpt, feed_url, is_script};

/// Folders nested deeper than this are refused: no real export comes close, and the limit
/// keeps a hostile file from costing time quadratic in its size (each feed copies its path).
const MAX_FOLDER_DEPTH: usize = 64;

/// Parses decoded OPML text.
pub(super) fn parse(text: &str) -> Result<Import, Error> {
    let text = blank_late_declaration(text);
    let doc = Document::parse(&text).map_err(|err| xml_error(&text, &err))?;
    let root = doc.root_element();
    if root.tag_name().name() != "opml" {
        let message = format!("root element is <{}>, not <opml>", root.tag_name().name());
        return Err(error_at(&doc, root, message));
    }
    let body = root
        .children()
        .find(|node| node.has_tag_name("body"))
        .ok_or_else(|| error_at(&doc, root, "no <body> element".to_owned()))?;
    collect(&doc, body)
}

/// Walks the outlines under `body` in document order, keeping the stack of enclosing
/// folders by hand rather than recursing, so deep nesting cannot overflow the stack.
fn collect(doc: &Document, body: Node) -> Result<Import, Error> {
    let mut feeds = FeedSet::default();
    let mut warnings = Vec::new();
    // Open non-feed outlines around the current one: byte range and name (if any).
    let mut folders: Vec<(Range<usize>, Option<String>)> = Vec::new();
    for node in body.descendants().filter(|node| is_outline(*node)) {
        let range = node.range();
        while folders
            .last()
            .is_some_and(|(open, _)| !contains(open, &range))
        {
            folders.pop();
        }
        match attribute(node, "xmlUrl") {
            Some(raw) if !is_link(node) => {
                let tags = folders
                    .iter()
                    .filter_map(|(_, name)| name.clone())
                    .collect();
                if let Err(warning) = add_feed(&mut feeds, node, raw, tags) {
                    warnings.push(format!("line {}: {warning}", line_of(doc, node)));
                }
            }
            _ if folders.len() >= MAX_FOLDER_DEPTH => {
                let message = format!("folders nested more than {MAX_FOLDER_DEPTH} deep");
                return Err(error_at(doc, node, message));
            }
            _ => folders.push((range, name(node))),
        }
    }
    Ok(Import {
        feeds: feeds.into_feeds(),
        warnings,
    })
}

fn contains(outer: &Range<usize>, inner: &Range<usize>) -> bool {
    outer.start <= inner.start && inner.end <= outer.end
}

/// Adds the feed outline `node`, or says why it was skipped.
fn add_feed(feeds: &mut FeedSet, node: Node, raw: &str, tags: Vec<String>) -> Result<(), String> {
    let title = name(node);
    if is_script(raw) {
        feeds.add_script(raw, title, tags);
        return Ok(());
    }
    let Some(url) = feed_url(raw) else {
        let what = title
            .as_deref()
            .map_or_else(String::new, |t| format!(" {}", excerpt(t)));
        return Err(format!(
            "skipped outline{what}: xmlUrl {} is not an http, https or file URL",
            excerpt(raw)
        ));
    };
    feeds.add(&url, raw, title, tags);
    Ok(())
}

fn is_outline(node: Node) -> bool {
    node.has_tag_name("outline")
}

/// `type="link"` outlines point at web pages, not feeds, whatever else they carry.
fn is_link(node: Node) -> bool {
    attribute(node, "type").is_some_and(|kind| kind.eq_ignore_ascii_case("link"))
}

/// The outline's `title`, else its `text`; `None` when both are missing or blank.
fn name(node: Node) -> Option<String> {
    ["title", "text"]
        .into_iter()
        .filter_map(|key| attribute(node, key))
        .map(str::trim)
        .find(|value| !value.is_empty())
        .map(str::to_owned)
}

/// A trimmed, non-empty attribute. Names match without regard to case because some old
/// exporters write `xmlurl` or `XMLURL`.
fn attribute<'a>(node: Node<'a, '_>, key: &str) -> Option<&'a str> {
    node.attributes()
        .find(|attr| attr.name().eq_ignore_ascii_case(key))
        .map(|attr| attr.value().trim())
        .filter(|value| !value.is_empty())
}

/// XML forbids anything, even whitespace, before `<?xml`, but a file that starts with a
/// blank line is still clearly OPML. Blanking the declaration (already used to pick the
/// encoding) makes the rest parse, and keeps every line and column where it was.
fn blank_late_declaration(text: &str) -> Cow<'_, str> {
    let body = text.trim_start();
    if body.len() == text.len() || !body.starts_with("<?xml") {
        return Cow::Borrowed(text);
    }
    let Some(end) = body.find("?>") else {
        return Cow::Borrowed(text);
    };
    let start = text.len() - body.len();
    let blanked: String = text
        .char_indices()
        .map(|(i, c)| {
            let inside = (start..start + end + 2).contains(&i);
            if inside && c != '\n' { ' ' } else { c }
        })
        .collect();
    Cow::Owned(blanked)
}

fn line_of(doc: &Document, node: Node) -> u32 {
    doc.text_pos_at(node.range().start).row
}

fn error_at(doc: &Document, node: Node, message: String) -> Error {
    let pos = doc.text_pos_at(node.range().start);
    Error::Opml {
        line: pos.row,
        column: pos.col,
        message,
    }
}

/// Turns a roxmltree error into [`Error::Opml`] with its line and column.
fn xml_error(text: &str, err: &roxmltree::Error) -> Error {
    use roxmltree::Error as X;
    let pos = match err {
        // These carry no position, but the problem is the end of the file.
        X::UnclosedRootNode | X::UnexpectedEndOfStream | X::NoRootNode => end_of(text),
        _ => err.pos(),
    };
    let message = match err {
        X::UnexpectedCloseTag(open, close, _) => {
            format!("found </{close}> while <{open}> is still open")
        }
        X::UnclosedRootNode => "the file ends before its elements are closed".to_owned(),
        X::UnexpectedEndOfStream => "the file ends in the middle of markup".to_owned(),
        // roxmltree's messages embed " at line:column"; ours states it once, up front.
        _ => err
            .to_string()
            .replacen(&format!(" at {}", err.pos()), "", 1),
    };
    Error::Opml {
        line: pos.row,
        column: pos.col,
        message,
    }
}

/// The position just after the last non-whitespace character.
fn end_of(text: &str) -> TextPos {
    let text = text.trim_end();
    let last_line = text.rsplit('\n').next().unwrap_or_default();
    let row = text.matches('\n').count() + 1;
    let col = last_line.chars().count() + 1;
    TextPos::new(
        u32::try_from(row).unwrap_or(u32::MAX),
        u32::try_from(col).unwrap_or(u32::MAX),
    )
}

#[cfg(test)]
mod tests;
