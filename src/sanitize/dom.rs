//! Small read-only queries on html2text's DOM: attributes, element classes, and bounded
//! text of a subtree for the boilerplate text rules.
//!
//! html2text does not export its text-node type, so text is read through its HTML
//! serializer (which escapes only `&`, `<`, `>` and no-break spaces) and unescaped here.

use html2text::{Comment, Element, Handle};
use html5ever::{LocalName, local_name};

use super::boilerplate::normalise;

/// Blocks longer than this many characters are never boilerplate: the text rules skip
/// them, which also bounds the work per block.
const MAX_RULE_CHARS: usize = 200;

/// Nodes visited at most when collecting a block's text; bigger subtrees are not
/// boilerplate blocks either.
const MAX_RULE_NODES: usize = 64;

/// The value of attribute `name` on an element.
pub fn attr(node: &Handle, name: &str) -> Option<String> {
    let Element { attrs, .. } = &node.data else { return None };
    attrs.borrow().iter().find(|a| &*a.name.local == name).map(|a| a.value.to_string())
}

/// Elements removed with their content before rendering: scripts and styles, forms and
/// their controls, document metadata, and navigation menus.
pub fn is_dropped_tag(name: &LocalName) -> bool {
    matches!(
        *name,
        local_name!("script")
            | local_name!("style")
            | local_name!("noscript")
            | local_name!("template")
            | local_name!("form")
            | local_name!("input")
            | local_name!("button")
            | local_name!("select")
            | local_name!("textarea")
            | local_name!("datalist")
            | local_name!("canvas")
            | local_name!("dialog")
            | local_name!("head")
            | local_name!("title")
            | local_name!("meta")
            | local_name!("link")
            | local_name!("base")
            | local_name!("frame")
            | local_name!("frameset")
            | local_name!("noframes")
            | local_name!("nav")
    )
}

/// Block elements: the ones the boilerplate text rules look at, and the ones whose text
/// is separated from its neighbours' by a space when collected.
pub fn is_block(name: &LocalName) -> bool {
    matches!(
        *name,
        local_name!("div")
            | local_name!("p")
            | local_name!("section")
            | local_name!("article")
            | local_name!("aside")
            | local_name!("header")
            | local_name!("footer")
            | local_name!("main")
            | local_name!("ul")
            | local_name!("ol")
            | local_name!("li")
            | local_name!("dl")
            | local_name!("dt")
            | local_name!("dd")
            | local_name!("h1")
            | local_name!("h2")
            | local_name!("h3")
            | local_name!("h4")
            | local_name!("h5")
            | local_name!("h6")
            | local_name!("table")
            | local_name!("tbody")
            | local_name!("tr")
            | local_name!("td")
            | local_name!("th")
            | local_name!("center")
            | local_name!("figure")
            | local_name!("figcaption")
            | local_name!("address")
            | local_name!("details")
            | local_name!("summary")
            | local_name!("br")
    )
}

/// What the text collector visits next.
enum Item {
    Node(Handle),
    Space,
}

/// The text of a short block, lowercase with whitespace collapsed, skipping dropped
/// elements such as scripts. `None` when the block is longer than [`MAX_RULE_CHARS`] or
/// has more than [`MAX_RULE_NODES`] nodes.
pub fn block_text(node: &Handle) -> Option<String> {
    let mut out = String::new();
    let mut chars = 0;
    let mut stack = vec![Item::Node(node.clone())];
    let mut visited = 0;
    while let Some(item) = stack.pop() {
        let Item::Node(node) = item else {
            out.push(' ');
            continue;
        };
        visited += 1;
        if visited > MAX_RULE_NODES {
            return None;
        }
        match &node.data {
            Element { name, .. } if is_dropped_tag(&name.local) => {}
            Element { name, .. } => {
                let block = is_block(&name.local);
                if block {
                    stack.push(Item::Space);
                }
                stack.extend(node.children.borrow().iter().rev().map(|c| Item::Node(c.clone())));
                if block {
                    out.push(' ');
                }
            }
            Comment { .. } => {}
            _ => {
                let text = text_of(&node);
                chars += text.chars().count();
                if chars > MAX_RULE_CHARS {
                    return None;
                }
                out.push_str(&text);
            }
        }
    }
    Some(normalise(&out))
}

/// Whether the subtree shows any text (placeholders included) once rendered.
pub fn has_visible_content(node: &Handle) -> bool {
    let mut stack = vec![node.clone()];
    while let Some(node) = stack.pop() {
        match &node.data {
            Element { .. } => stack.extend(node.children.borrow().iter().cloned()),
            Comment { .. } => {}
            _ if !text_of(&node).trim().is_empty() => return true,
            _ => {}
        }
    }
    false
}

/// The cells, in order, of a table that is only a layout device: every row has at most
/// one cell. `None` for data tables (and tables without rows).
pub fn layout_table_cells(table: &Handle) -> Option<Vec<Handle>> {
    let mut cells = Vec::new();
    let mut rows = 0;
    let mut stack: Vec<Handle> = table.children.borrow().iter().rev().cloned().collect();
    while let Some(node) = stack.pop() {
        let Element { name, .. } = &node.data else { continue };
        match name.local {
            local_name!("thead") | local_name!("tbody") | local_name!("tfoot") => {
                stack.extend(node.children.borrow().iter().rev().cloned());
            }
            local_name!("caption") => cells.push(node.clone()),
            local_name!("tr") => {
                rows += 1;
                let row_cells: Vec<Handle> = node
                    .children
                    .borrow()
                    .iter()
                    .filter(|c| matches!(&c.data, Element { name, .. } if matches!(name.local, local_name!("td") | local_name!("th"))))
                    .cloned()
                    .collect();
                if row_cells.len() > 1 {
                    return None;
                }
                cells.extend(row_cells);
            }
            _ => {}
        }
    }
    (rows > 0).then_some(cells)
}

/// The first of the whitespace-only text nodes that end `node`'s children, if any.
pub fn trailing_whitespace(node: &Handle) -> Option<Handle> {
    let children = node.children.borrow();
    let mut first = None;
    for child in children.iter().rev() {
        match &child.data {
            Element { .. } => break,
            Comment { .. } => {}
            _ if text_of(child).trim().is_empty() => first = Some(child.clone()),
            _ => break,
        }
    }
    first
}

/// The contents of a text node (empty for anything else without children).
pub fn text_of(node: &Handle) -> String {
    let mut html = Vec::new();
    if node.serialize(&mut html).is_err() {
        return String::new();
    }
    unescape(&String::from_utf8_lossy(&html))
}

/// Undoes the serializer's escaping of text: `&amp;`, `&lt;`, `&gt;` and `&nbsp;`.
fn unescape(html: &str) -> String {
    if !html.contains('&') {
        return html.to_owned();
    }
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let (text, len) = [("&amp;", "&"), ("&lt;", "<"), ("&gt;", ">"), ("&nbsp;", "\u{a0}")]
            .iter()
            .find(|(entity, _)| rest.starts_with(entity))
            .map_or(("&", 1), |(entity, text)| (*text, entity.len()));
        out.push_str(text);
        rest = &rest[len..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unescapes_what_the_serializer_escapes() {
        assert_eq!(unescape("a &amp; b &lt;c&gt;&nbsp;d &x"), "a & b <c>\u{a0}d &x");
    }
}
