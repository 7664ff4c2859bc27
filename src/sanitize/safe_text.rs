//! [`SafeText`]: text that has passed the terminal-safety filter. Only this module's
//! constructors make one, so anything that takes a `SafeText` (list rows, headers, status
//! messages, `--json` and plain output, stderr) cannot be handed a raw string by mistake.

use std::fmt;
use std::ops::Deref;

use serde::{Serialize, Serializer};

use super::safety::{clean_line, terminal_safe};
use super::title::title;

/// A string free of control characters, escape sequences and bidi overrides (see
/// [`terminal_safe`]). The field is private: the constructors below are the only way in,
/// and each runs the sanitizer. Reading it (`as_str`, `Deref`, `Display`) is free.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct SafeText(String);

impl SafeText {
    /// One line: unsafe characters removed and whitespace (newlines too) collapsed to
    /// single spaces, trimmed. For names, URLs, tags, error messages.
    pub fn line(raw: &str) -> Self {
        Self(clean_line(raw))
    }

    /// Text that keeps its newlines and tabs: unsafe characters removed only. For bodies
    /// and multi-line reports.
    pub fn text(raw: &str) -> Self {
        Self(terminal_safe(raw))
    }

    /// A title that may hold HTML (tags stripped, entities decoded), as one line. Use
    /// [`SafeText::line`] for a title the parser has already decoded: decoding twice
    /// would turn a literal "&lt;" into "<".
    pub fn title(raw: &str) -> Self {
        Self(title(raw))
    }

    /// One line, or `None` when nothing readable is left.
    pub(crate) fn non_empty_line(raw: &str) -> Option<Self> {
        Some(Self::line(raw)).filter(|s| !s.is_empty())
    }

    /// Each item as one line; items that come out empty are left out.
    pub fn lines<S: AsRef<str>>(items: &[S]) -> Vec<Self> {
        items
            .iter()
            .filter_map(|item| Self::non_empty_line(item.as_ref()))
            .collect()
    }

    /// `items` joined by `separator` (itself sanitized, so a literal costs one scan).
    pub fn join(items: &[Self], separator: &str) -> Self {
        let separator = terminal_safe(separator);
        Self(
            items
                .iter()
                .map(Self::as_str)
                .collect::<Vec<_>>()
                .join(&separator),
        )
    }

    /// Wraps text the sanitizer itself produced (rendered stories): no second pass.
    pub(super) fn from_sanitized(text: String) -> Self {
        Self(text)
    }

    /// The string inside, for the sanitizer's own edits (merging and trimming spans).
    pub(super) fn inner_mut(&mut self) -> &mut String {
        &mut self.0
    }

    /// Splits at byte `mid` (a character boundary). Pieces of safe text are safe: no
    /// escape sequence or control character is left to cut in half.
    ///
    /// # Panics
    ///
    /// When `mid` is not on a character boundary, as [`str::split_at`].
    #[must_use]
    pub(crate) fn split_at(&self, mid: usize) -> (Self, Self) {
        let (head, tail) = self.0.split_at(mid);
        (Self(head.to_owned()), Self(tail.to_owned()))
    }

    /// Without leading whitespace.
    #[must_use]
    pub(crate) fn trim_start(&self) -> Self {
        Self(self.0.trim_start().to_owned())
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The text as an owned `String`, leaving the safe type (for widgets that take one).
    pub fn into_string(self) -> String {
        self.0
    }
}

impl Deref for SafeText {
    type Target = str;

    fn deref(&self) -> &str {
        &self.0
    }
}

impl AsRef<str> for SafeText {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for SafeText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Program literals and computed text (`"[1]:"`, reordered characters): sanitized like
/// [`SafeText::text`], which for text that is already clean is one scan.
impl From<&str> for SafeText {
    fn from(raw: &str) -> Self {
        Self::text(raw)
    }
}

/// As `From<&str>`: sanitized, without copying text that is already clean.
impl From<String> for SafeText {
    fn from(raw: String) -> Self {
        if raw.chars().any(super::safety::needs_filter) {
            Self::text(&raw)
        } else {
            Self(raw)
        }
    }
}

impl PartialEq<str> for SafeText {
    fn eq(&self, other: &str) -> bool {
        self.0 == other
    }
}

impl PartialEq<&str> for SafeText {
    fn eq(&self, other: &&str) -> bool {
        self.0 == *other
    }
}

/// Serialized as a plain JSON string.
impl Serialize for SafeText {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOSTILE: &str = "a\u{1b}[2Jb\u{9b}1mc \u{1b}]52;c;QQ==\u{7}\u{202e}ترامب\u{2066}\n\td";

    #[test]
    fn text_removes_what_terminal_safe_removes() {
        assert_eq!(SafeText::text(HOSTILE).as_str(), terminal_safe(HOSTILE));
        assert_eq!(SafeText::text(HOSTILE).as_str(), "abc ترامب\n\td");
    }

    #[test]
    fn line_is_clean_line() {
        assert_eq!(SafeText::line(HOSTILE).as_str(), clean_line(HOSTILE));
        assert_eq!(SafeText::line(HOSTILE).as_str(), "abc ترامب d");
    }

    #[test]
    fn title_decodes_html_then_cleans() {
        assert_eq!(SafeText::title("<b>Q&amp;A</b>&#27;[2J").as_str(), "Q&A");
    }

    #[test]
    fn lines_drop_items_left_empty() {
        let items = ["ok\u{85}", "\u{1b}[2J", " b "];
        assert_eq!(
            SafeText::lines(&items),
            vec![SafeText::line("ok…"), SafeText::line("b")]
        );
    }

    #[test]
    fn join_sanitizes_the_separator() {
        let items = [SafeText::line("a"), SafeText::line("b")];
        assert_eq!(SafeText::join(&items, ",\u{202e} ").as_str(), "a, b");
    }

    #[test]
    fn serializes_as_a_plain_string() {
        let json = serde_json::to_string(&SafeText::line("x\u{9b}2J\"y\u{202e}")).unwrap();
        assert_eq!(json, r#""x\"y""#);
        let list = serde_json::to_string(&vec![SafeText::line("a"), SafeText::default()]).unwrap();
        assert_eq!(list, r#"["a",""]"#);
    }

    #[test]
    fn conversions_sanitize() {
        assert_eq!(SafeText::from("a\u{1b}[2Jb \n"), "ab \n");
        assert_eq!(SafeText::from(String::from("x\u{202e}y")), "xy");
        let (head, tail) = SafeText::from("ab cd").split_at(3);
        assert_eq!((head.as_str(), tail.trim_start().as_str()), ("ab ", "cd"));
    }

    #[test]
    fn displays_its_text() {
        assert_eq!(format!("[{}]", SafeText::line(" hi\u{7} ")), "[hi]");
    }
}
