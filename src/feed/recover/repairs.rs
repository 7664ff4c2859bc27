//! What the recovery pass changed, counted by kind, and the warning that says so.

use std::fmt;

/// What the pass had to change, counted by kind, for the warning the feed carries.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Repairs {
    /// HTML named entities (`&eacute;`) written as character references.
    pub html_entities: usize,
    /// `&` not starting a reference, or starting an unknown one, taken literally.
    pub bare_ampersands: usize,
    /// `<` not starting markup, taken literally.
    pub stray_less_than: usize,
    /// Attributes without quotes or values, or given twice.
    pub attributes: usize,
    /// End tags with no matching start tag, dropped.
    pub stray_end_tags: usize,
    /// Elements closed that the document left open (before an outer end tag or at the end).
    pub unclosed: usize,
    /// The document ended inside markup or before its root element closed.
    pub truncated: bool,
    /// Namespace prefixes used without a declaration, declared on the root element.
    pub undeclared_prefixes: usize,
    /// Text or markup that may not stand where it was (outside the root element, an XML
    /// declaration after the start), dropped.
    pub misplaced: usize,
}

impl Repairs {
    /// Whether the pass changed nothing.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

impl fmt::Display for Repairs {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let counted = [
            (self.html_entities, "HTML entity", "HTML entities"),
            (self.bare_ampersands, "bare &", "bare &s"),
            (self.stray_less_than, "bare <", "bare <s"),
            (
                self.attributes,
                "malformed attribute",
                "malformed attributes",
            ),
            (self.stray_end_tags, "stray end tag", "stray end tags"),
            (self.unclosed, "unclosed element", "unclosed elements"),
            (
                self.undeclared_prefixes,
                "undeclared prefix",
                "undeclared prefixes",
            ),
            (self.misplaced, "misplaced part", "misplaced parts"),
        ];
        let mut parts: Vec<String> = counted
            .iter()
            .filter(|(n, ..)| *n > 0)
            .map(|&(n, one, many)| format!("{n} {}", if n == 1 { one } else { many }))
            .collect();
        if self.truncated {
            parts.push("cut off before its end".to_owned());
        }
        write!(f, "recovered from broken XML: {}", parts.join(", "))
    }
}
