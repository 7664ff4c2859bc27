//! Reading text out of html2text's DOM: the bounded text of a block for the boilerplate
//! text rules, and whether a subtree shows anything at all.
//!
//! html2text does not export its text-node type, so text is read through its HTML
//! serializer (which escapes only `&`, `<`, `>` and no-break spaces) and unescaped here.
//! One [`TextReader`] is reused for a whole document, so its buffers are allocated once.

use html2text::{Comment, Element, Handle};
use html5ever::local_name;

use super::boilerplate::normalise;
use super::dom::{is_block, is_dropped_tag};

/// Blocks longer than this many characters are never boilerplate: the text rules skip
/// them, which also bounds the work per block.
const MAX_RULE_CHARS: usize = 200;

/// Nodes visited at most when collecting a block's text; bigger subtrees are not
/// boilerplate blocks either.
const MAX_RULE_NODES: usize = 64;

/// Reusable buffers for reading text nodes.
#[derive(Default)]
pub struct TextReader {
    html: Vec<u8>,
    text: String,
    stack: Vec<Handle>,
}

impl TextReader {
    /// The text of a short innermost block (one with no blocks inside), lowercase with
    /// whitespace collapsed, skipping dropped elements such as scripts. `None` when the
    /// block holds another block, or more than [`MAX_RULE_CHARS`] characters or
    /// [`MAX_RULE_NODES`] nodes. Testing innermost blocks only reads each text node once;
    /// a wrapper left empty by removing its inner block renders as nothing anyway.
    pub(crate) fn block_text(&mut self, block: &Handle) -> Option<String> {
        self.text.clear();
        self.stack.clear();
        self.stack
            .extend(block.children.borrow().iter().rev().cloned());
        let mut visited = 0;
        while let Some(node) = self.stack.pop() {
            visited += 1;
            if visited > MAX_RULE_NODES {
                return None;
            }
            match &node.data {
                Element { name, .. } if is_dropped_tag(&name.local) => {}
                Element { name, .. } if name.local == local_name!("br") => self.text.push(' '),
                Element { name, .. } if is_block(&name.local) => return None,
                Element { .. } => {
                    self.stack
                        .extend(node.children.borrow().iter().rev().cloned());
                }
                Comment { .. } => {}
                _ => {
                    if !self.append_text(&node, MAX_RULE_CHARS) {
                        return None;
                    }
                }
            }
        }
        Some(normalise(&self.text))
    }

    /// Whether the subtree shows any text (placeholders included) once rendered.
    pub(crate) fn has_visible_content(&mut self, node: &Handle) -> bool {
        let mut stack = vec![node.clone()];
        while let Some(node) = stack.pop() {
            match &node.data {
                Element { .. } => stack.extend(node.children.borrow().iter().cloned()),
                Comment { .. } => {}
                _ if !self.is_blank(&node) => return true,
                _ => {}
            }
        }
        false
    }

    /// The contents of a text node.
    pub(crate) fn text_of(&mut self, node: &Handle) -> String {
        self.text.clear();
        self.append_text(node, usize::MAX);
        std::mem::take(&mut self.text)
    }

    /// Whether a text node holds only whitespace (a no-break space counts as text, as it
    /// does for html2text).
    fn is_blank(&mut self, node: &Handle) -> bool {
        self.html.clear();
        node.serialize(&mut self.html).is_err() || self.html.iter().all(u8::is_ascii_whitespace)
    }

    /// Appends a text node's contents to `self.text`; false when that makes the text
    /// longer than `max_chars` characters.
    fn append_text(&mut self, node: &Handle, max_chars: usize) -> bool {
        self.html.clear();
        if node.serialize(&mut self.html).is_err() {
            return true;
        }
        // A character serializes to at most six bytes (`&nbsp;`): a cheap bound first.
        if self.html.len() > max_chars.saturating_mul(6) {
            return false;
        }
        unescape_into(&String::from_utf8_lossy(&self.html), &mut self.text);
        max_chars == usize::MAX || self.text.chars().count() <= max_chars
    }
}

/// Undoes the serializer's escaping of text (`&amp;`, `&lt;`, `&gt;`, `&nbsp;`),
/// appending to `out`.
fn unescape_into(html: &str, out: &mut String) {
    let mut rest = html;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let (text, len) = [
            ("&amp;", "&"),
            ("&lt;", "<"),
            ("&gt;", ">"),
            ("&nbsp;", "\u{a0}"),
        ]
        .iter()
        .find(|(entity, _)| rest.starts_with(entity))
        .map_or(("&", 1), |(entity, text)| (*text, entity.len()));
        out.push_str(text);
        rest = &rest[len..];
    }
    out.push_str(rest);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unescapes_what_the_serializer_escapes() {
        let mut out = String::from(">");
        unescape_into("a &amp; b &lt;c&gt;&nbsp;d &x", &mut out);
        assert_eq!(out, ">a & b <c>\u{a0}d &x");
    }
}
