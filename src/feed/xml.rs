//! Small XML helpers for the feed readers that look at a document themselves (legacy
//! formats, the second look): roxmltree's options, escaping, a writer for the documents
//! they hand to feed-rs, and namespaces matched by URI however a feed spells it.

use roxmltree::{Node, ParsingOptions};

/// The namespace of `xml:base` and `xml:lang`.
pub(super) const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";

/// Parsing options for feeds: DTDs allowed (old RSS has them; roxmltree never fetches
/// them and bounds entity expansion), and a node cap that bounds memory.
pub(super) fn options<'input>() -> ParsingOptions<'input> {
    ParsingOptions {
        allow_dtd: true,
        nodes_limit: 2_000_000,
        ..ParsingOptions::default()
    }
}

/// Text escaped for element content or a double-quoted attribute.
pub(super) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

/// Elements nested deeper than this are left out of [`serialize`]'s markup, which is
/// recursive: a hostile document must not exhaust the stack.
const MAX_DEPTH: usize = 256;

/// Appends `node` as markup (local names only: the result is read as HTML).
pub(super) fn serialize(node: Node<'_, '_>, out: &mut String) {
    serialize_at(node, out, 0);
}

fn serialize_at(node: Node<'_, '_>, out: &mut String, depth: usize) {
    if node.is_text() {
        out.push_str(&escape(node.text().unwrap_or_default()));
        return;
    }
    if !node.is_element() || depth > MAX_DEPTH {
        return;
    }
    let name = node.tag_name().name();
    out.push('<');
    out.push_str(name);
    for attribute in node.attributes() {
        push_attribute(out, attribute.name(), attribute.value());
    }
    out.push('>');
    for child in node.children() {
        serialize_at(child, out, depth + 1);
    }
    push_end(out, name);
}

fn push_attribute(out: &mut String, name: &str, value: &str) {
    out.push(' ');
    out.push_str(name);
    out.push_str("=\"");
    out.push_str(&escape(value));
    out.push('"');
}

fn push_end(out: &mut String, name: &str) {
    out.push_str("</");
    out.push_str(name);
    out.push('>');
}

/// Whether two namespace URIs name the same namespace as feeds write them: scheme
/// (`http`/`https`), case, and a trailing `/` or `#` are not told apart.
pub(super) fn same_namespace(a: &str, b: &str) -> bool {
    fn normal(uri: &str) -> String {
        let uri = uri.trim().to_ascii_lowercase();
        let bare = uri
            .strip_prefix("https://")
            .or_else(|| uri.strip_prefix("http://"))
            .unwrap_or(&uri);
        bare.trim_end_matches(['/', '#']).to_owned()
    }
    normal(a) == normal(b)
}

/// Whether `node` is the element `name` in namespace `ns` (by [`same_namespace`]).
pub(super) fn is(node: Node<'_, '_>, ns: &str, name: &str) -> bool {
    node.is_element()
        && node.tag_name().name().eq_ignore_ascii_case(name)
        && node
            .tag_name()
            .namespace()
            .is_some_and(|n| same_namespace(n, ns))
}

/// Writes a small well-formed document.
#[derive(Debug, Default)]
pub(super) struct Writer {
    out: String,
}

impl Writer {
    pub fn open(&mut self, name: &str, attributes: &[(&str, String)]) {
        self.start(name, attributes);
        self.out.push('>');
    }

    pub fn empty(&mut self, name: &str, attributes: &[(&str, String)]) {
        self.start(name, attributes);
        self.out.push_str("/>");
    }

    pub fn close(&mut self, name: &str) {
        push_end(&mut self.out, name);
    }

    /// `<name>text</name>`.
    pub(crate) fn leaf(&mut self, name: &str, text: &str) {
        self.text_element(name, "", text, &[]);
    }

    /// An element holding `text`, with `type="kind"` when `kind` is given.
    pub(crate) fn text_element(
        &mut self,
        name: &str,
        kind: &str,
        text: &str,
        attributes: &[(&str, String)],
    ) {
        let mut all = attributes.to_vec();
        if !kind.is_empty() {
            all.push(("type", kind.to_owned()));
        }
        self.open(name, &all);
        self.out.push_str(&escape(text));
        self.close(name);
    }

    pub fn finish(self) -> String {
        self.out
    }

    fn start(&mut self, name: &str, attributes: &[(&str, String)]) {
        self.out.push('<');
        self.out.push_str(name);
        for (attribute, value) in attributes {
            push_attribute(&mut self.out, attribute, value);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn namespaces_match_whatever_their_scheme_case_or_trailing_slash() {
        let dc = "http://purl.org/dc/elements/1.1/";
        for spelling in [
            "http://purl.org/dc/elements/1.1",
            "https://purl.org/dc/elements/1.1/",
            "HTTP://PURL.ORG/dc/elements/1.1/",
        ] {
            assert!(same_namespace(spelling, dc), "{spelling}");
        }
        assert!(!same_namespace("http://purl.org/dc/terms/", dc));
    }

    #[test]
    fn serialized_markup_is_escaped_and_nested() {
        let doc =
            roxmltree::Document::parse(r#"<r><p a="1&amp;2">x &lt; y<b>z</b></p></r>"#).unwrap();
        let mut out = String::new();
        serialize(doc.root_element().first_child().unwrap(), &mut out);
        assert_eq!(out, r#"<p a="1&amp;2">x &lt; y<b>z</b></p>"#);
    }
}
