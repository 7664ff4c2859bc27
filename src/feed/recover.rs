//! Recovery for feeds that are not well-formed XML: one pass over the text that rewrites
//! what real feeds get wrong (HTML entities, bare `&` and `<`, unquoted or duplicated
//! attributes, stray or missing end tags, a document cut off) into well-formed XML, and
//! says what it changed. Run only after a strict parse failed, so good feeds never pay.

use std::fmt::Write as _;

use lexer::{
    Tag, find, is_name_start, is_qname, is_space, reference_in, scan_tag, undeclared_prefixes,
    well_known_namespace,
};

/// How many open elements an end tag is matched against, innermost first (libxml2 keeps
/// no more than 256 open in all).
const END_TAG_REACH: usize = 256;

/// A document made well-formed, and what that took.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recovered {
    pub text: String,
    pub repairs: Repairs,
}

/// Rewrites `text` into well-formed XML as far as one pass can: the caller parses the
/// result again. Well-formed input comes back unchanged, with no repairs.
pub fn recover(text: &str) -> Recovered {
    let mut pass = Pass {
        src: text,
        out: String::with_capacity(text.len() + text.len() / 16 + 64),
        stack: Vec::new(),
        repairs: Repairs::default(),
        root_closed: false,
        root_tag_end: None,
    };
    pass.run();
    pass.finish()
}

struct Pass<'a> {
    src: &'a str,
    out: String,
    /// Open elements, by qualified name.
    stack: Vec<&'a str>,
    repairs: Repairs,
    /// The root element has ended: anything after it but comments and space goes.
    root_closed: bool,
    /// Where in `out` the root start tag's `>` (or `/>`) is, for namespace declarations.
    root_tag_end: Option<usize>,
}

impl<'a> Pass<'a> {
    fn run(&mut self) {
        let src = self.src;
        let bytes = src.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            let next = bytes[i..]
                .iter()
                .position(|&b| b == b'<' || b == b'&')
                .map_or(bytes.len(), |p| i + p);
            self.text(&src[i..next]);
            if next == bytes.len() {
                break;
            }
            i = if bytes[next] == b'&' {
                let (replacement, used) = self.reference(next);
                if self.in_root() {
                    self.out.push_str(&replacement);
                } else {
                    self.repairs.misplaced += 1;
                }
                next + used
            } else {
                match self.markup(next) {
                    Some(end) => end,
                    None => break,
                }
            };
        }
    }

    fn in_root(&self) -> bool {
        !self.stack.is_empty()
    }

    /// Text between markup: kept inside the root element, dropped outside it.
    fn text(&mut self, text: &str) {
        if self.in_root() && text.contains('>') {
            self.text_with_gt(text);
        } else if self.in_root() || text.trim().is_empty() {
            self.out.push_str(text);
        } else {
            self.repairs.misplaced += 1;
        }
    }

    /// The markup starting at `at` (a `<`); returns where it ends, or `None` when the
    /// document ends inside it.
    fn markup(&mut self, at: usize) -> Option<usize> {
        let src = self.src;
        let rest = &src[at..];
        if rest.starts_with("<!--") {
            return self.comment(at);
        }
        if rest.starts_with("<![CDATA[") {
            if !self.in_root() {
                self.repairs.misplaced += 1;
                return find(rest, "]]>").map(|end| at + end);
            }
            return self.copy_until(at, "]]>", true);
        }
        if rest.starts_with("<?") {
            return self.instruction(at);
        }
        if rest.starts_with("<!") {
            return self.declaration(at);
        }
        if rest.starts_with("</") {
            return self.end_tag(at);
        }
        if rest[1..].starts_with(is_name_start) {
            return self.start_tag(at);
        }
        self.repairs.stray_less_than += 1;
        if self.in_root() {
            self.out.push_str("&lt;");
        }
        Some(at + 1)
    }

    /// Text holding `>`, which may not end a `]]` outside CDATA (however the two came
    /// together: dropped markup may have stood between them).
    fn text_with_gt(&mut self, text: &str) {
        let mut parts = text.split('>');
        self.out.push_str(parts.next().unwrap_or_default());
        for part in parts {
            if self.out.ends_with("]]") {
                self.repairs.misplaced += 1;
                self.out.push_str("&gt;");
            } else {
                self.out.push('>');
            }
            self.out.push_str(part);
        }
    }

    /// Copies through `terminator`. A document that ends first is truncated: the part is
    /// closed with `terminator` when `close` is set (CDATA keeps its text), else dropped.
    fn copy_until(&mut self, at: usize, terminator: &str, close: bool) -> Option<usize> {
        let src = self.src;
        let rest = &src[at..];
        let Some(end) = find(rest, terminator) else {
            self.repairs.truncated = true;
            if close {
                self.out.push_str(rest);
                self.out.push_str(terminator);
            }
            return None;
        };
        self.out.push_str(&rest[..end]);
        Some(at + end)
    }

    /// A comment, kept when XML allows it (no `--` inside), else dropped: it says nothing.
    fn comment(&mut self, at: usize) -> Option<usize> {
        let src = self.src;
        let Some(len) = find(&src[at + 4..], "-->") else {
            self.repairs.truncated = true;
            return None;
        };
        let end = at + 4 + len;
        let body = &src[at + 4..end - 3];
        if !body.contains("--") && !body.ends_with('-') {
            self.out.push_str(&src[at..end]);
        }
        Some(end)
    }

    /// A processing instruction, kept when its target is a name. An XML declaration goes:
    /// the text is UTF-8 now whatever it declared, and one after the start is an error.
    fn instruction(&mut self, at: usize) -> Option<usize> {
        let src = self.src;
        let Some(len) = find(&src[at + 2..], "?>") else {
            self.repairs.truncated = true;
            return None;
        };
        let end = at + 2 + len;
        let body = &src[at + 2..end - 2];
        let target = body.split(is_space).next().unwrap_or_default();
        let valid =
            is_qname(target) && !target.contains(':') && !target.eq_ignore_ascii_case("xml");
        if valid {
            self.out.push_str(&src[at..end]);
        } else if target == "xml" && self.out.trim().is_empty() {
            self.out.clear();
        } else {
            self.repairs.misplaced += 1;
            if !self.in_root() {
                // Space before a late declaration would now come first: tidy it.
                self.out.truncate(self.out.trim_end().len());
            }
        }
        Some(end)
    }

    /// `<!DOCTYPE …>` with its internal subset, dropped: the feed parser ignores it, and
    /// the entities it declares have been made literal text by now (nor can a billion
    /// laughs expand from it).
    fn declaration(&mut self, at: usize) -> Option<usize> {
        let src = self.src;
        let rest = &src[at..];
        let mut depth = 0usize;
        let mut quote = None;
        for (i, b) in rest.bytes().enumerate().skip(2) {
            match (quote, b) {
                (Some(q), _) if b == q => quote = None,
                (None, b'"' | b'\'') => quote = Some(b),
                (None, b'[') => depth += 1,
                (None, b']') => depth = depth.saturating_sub(1),
                (None, b'>') if depth == 0 => {
                    self.repairs.misplaced += usize::from(self.in_root() || self.root_closed);
                    return Some(at + i + 1);
                }
                _ => {}
            }
        }
        self.repairs.truncated = true;
        None
    }

    fn end_tag(&mut self, at: usize) -> Option<usize> {
        let src = self.src;
        let rest = &src[at..];
        let Some(close) = rest.find('>') else {
            self.repairs.truncated = true;
            return None;
        };
        let name = rest[2..close].trim();
        // Looked for among the innermost few only: a document of thousands of unclosed
        // tags and stray end tags must not cost their product.
        let search_from = self.stack.len().saturating_sub(END_TAG_REACH);
        let found = self.stack[search_from..]
            .iter()
            .rposition(|open| *open == name)
            .map(|depth| search_from + depth);
        match found {
            Some(depth) => {
                self.repairs.unclosed += self.stack.len() - depth - 1;
                while self.stack.len() > depth {
                    self.close_top();
                }
            }
            None => self.repairs.stray_end_tags += 1,
        }
        Some(at + close + 1)
    }

    fn close_top(&mut self) {
        if let Some(name) = self.stack.pop() {
            self.out.push_str("</");
            self.out.push_str(name);
            self.out.push('>');
            if self.stack.is_empty() {
                self.root_closed = true;
            }
        }
    }

    fn start_tag(&mut self, at: usize) -> Option<usize> {
        let Some(tag) = scan_tag(self.src, at) else {
            self.repairs.truncated = true;
            return None;
        };
        // `xml:` names attributes (`xml:base`) but no element.
        if !is_qname(tag.name) || tag.name.starts_with("xml:") {
            self.repairs.stray_less_than += 1;
            if self.in_root() {
                self.out.push_str("&lt;");
            }
            return Some(at + 1);
        }
        if self.root_closed {
            self.repairs.misplaced += 1;
            return Some(tag.end);
        }
        self.write_start_tag(&tag);
        if !tag.self_closing {
            self.stack.push(tag.name);
        }
        Some(tag.end)
    }

    fn write_start_tag(&mut self, tag: &Tag<'a>) {
        self.out.push('<');
        self.out.push_str(tag.name);
        let mut seen: Vec<&str> = Vec::with_capacity(tag.attributes.len());
        for attribute in &tag.attributes {
            let declares_xmlns = attribute.name == "xmlns"
                || attribute
                    .name
                    .strip_prefix("xmlns:")
                    .is_some_and(|p| is_qname(p) && !p.contains(':'));
            if seen.contains(&attribute.name) || !(is_qname(attribute.name) || declares_xmlns) {
                self.repairs.attributes += 1;
                continue;
            }
            seen.push(attribute.name);
            self.repairs.attributes += usize::from(!attribute.quoted);
            self.out.push(' ');
            self.out.push_str(attribute.name);
            self.out.push_str("=\"");
            let value = attribute.value.unwrap_or(attribute.name);
            self.attribute_value(value);
            self.out.push('"');
        }
        let is_root = self.stack.is_empty();
        if is_root {
            self.root_tag_end = Some(self.out.len());
        }
        self.out.push_str(if tag.self_closing { "/>" } else { ">" });
        if is_root && tag.self_closing {
            self.root_closed = true;
        }
    }

    /// An attribute's value with `&` and `<` fixed and `"` escaped (it is requoted).
    fn attribute_value(&mut self, value: &str) {
        let mut i = 0;
        while let Some(p) = value[i..].find(['&', '<', '"']) {
            self.out.push_str(&value[i..i + p]);
            let at = i + p;
            match value.as_bytes()[at] {
                b'&' => {
                    let (replacement, used) = reference_in(value, at, &mut self.repairs);
                    self.out.push_str(&replacement);
                    i = at + used;
                    continue;
                }
                b'<' => {
                    self.repairs.stray_less_than += 1;
                    self.out.push_str("&lt;");
                }
                _ => self.out.push_str("&quot;"),
            }
            i = at + 1;
        }
        self.out.push_str(&value[i..]);
    }

    /// The reference at `at` (an `&`) as well-formed XML, and how many bytes it used.
    fn reference(&mut self, at: usize) -> (String, usize) {
        reference_in(self.src, at, &mut self.repairs)
    }

    fn finish(mut self) -> Recovered {
        if self.in_root() {
            self.repairs.truncated = true;
            self.repairs.unclosed += self.stack.len();
            while self.in_root() {
                self.close_top();
            }
        }
        self.declare_prefixes();
        Recovered {
            text: self.out,
            repairs: self.repairs,
        }
    }

    /// Declares on the root element every prefix the document uses but never declares:
    /// the usual namespace for well-known ones (`dc:`, `content:`, `media:`…), a
    /// placeholder for the rest, so their elements are read (or at least tolerated).
    fn declare_prefixes(&mut self) {
        let Some(at) = self.root_tag_end else { return };
        let undeclared = undeclared_prefixes(&self.out);
        if undeclared.is_empty() {
            return;
        }
        self.repairs.undeclared_prefixes = undeclared.len();
        let mut declarations = String::new();
        for prefix in undeclared {
            let uri = well_known_namespace(&prefix)
                .map_or_else(|| format!("urn:tidings:undeclared:{prefix}"), str::to_owned);
            let _ = write!(declarations, " xmlns:{prefix}=\"{uri}\"");
        }
        self.out.insert_str(at, &declarations);
    }
}

mod lexer;
mod repairs;

pub(crate) use lexer::has_html_entities;
pub use repairs::Repairs;
#[cfg(test)]
mod tests;
