//! The html2text side of rendering: a text decorator whose annotations carry our styles,
//! and the mapping of html2text's annotated lines into a terminal-safe [`Story`].
//!
//! html2text annotates emphasis, code and links, but not headings, quotes or our own
//! placeholders. The DOM pass (`prepare`) therefore wraps those in synthetic links whose
//! href is a [`Mark`] written by [`Mark::href`]; real links get an href naming their index
//! in the link list. Real hrefs are all rewritten that way, so none can pose as a mark.

use html2text::render::{TaggedLine, TextDecorator};

use super::SafeText;
use super::safety::Filter;
use super::story::{Span, Story, Style, StyledLine};

/// One html2text annotation, as produced by [`Decorator`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Mark {
    #[default]
    Plain,
    /// Link text; the index into the story's link list.
    Link(usize),
    /// The `[n]` marker after a link.
    Reference,
    /// An `[image: …]` / `[video: …]` placeholder.
    Media,
    Heading,
    Quote,
    Emphasis,
    Strong,
    Strike,
    Code,
}

/// Synthetic hrefs start with NUL, which no real URL can contain (the url crate
/// percent-encodes it), so they never collide with links from the page.
const SYNTHETIC: char = '\0';

impl Mark {
    /// The synthetic href that makes html2text annotate a span with this mark.
    pub fn href(&self) -> String {
        let tag = match self {
            Mark::Link(i) => return format!("{SYNTHETIC}L{i}"),
            Mark::Reference => 'R',
            Mark::Media => 'M',
            Mark::Heading => 'H',
            Mark::Quote => 'Q',
            _ => 'P',
        };
        format!("{SYNTHETIC}{tag}")
    }

    /// The mark a synthetic href stands for; anything else is plain.
    fn from_href(href: &str) -> Self {
        let Some(rest) = href.strip_prefix(SYNTHETIC) else {
            return Mark::Plain;
        };
        match rest {
            "R" => Mark::Reference,
            "M" => Mark::Media,
            "H" => Mark::Heading,
            "Q" => Mark::Quote,
            _ => rest
                .strip_prefix('L')
                .and_then(|i| i.parse().ok())
                .map_or(Mark::Plain, Mark::Link),
        }
    }

    fn apply(&self, style: &mut Style, link: &mut Option<usize>) {
        match self {
            Mark::Plain => {}
            Mark::Link(i) => {
                style.link = true;
                *link = Some(*i);
            }
            Mark::Reference => style.reference = true,
            Mark::Media => style.media = true,
            Mark::Heading => style.heading = true,
            Mark::Quote => style.quote = true,
            Mark::Emphasis => style.italic = true,
            Mark::Strong => style.bold = true,
            Mark::Strike => style.strike = true,
            Mark::Code => style.code = true,
        }
    }
}

/// html2text decorator: no visible decoration except list bullets and quote bars; all
/// styling travels in [`Mark`] annotations. Plain text, which has no styles, also marks
/// headings: `## ` before each line of an `<h2>`, as Markdown does.
#[derive(Debug, Clone, Copy, Default)]
pub struct Decorator {
    pub heading_prefix: bool,
}

impl TextDecorator for Decorator {
    type Annotation = Mark;

    fn decorate_link_start(&mut self, url: &str) -> (String, Mark) {
        (String::new(), Mark::from_href(url))
    }
    fn decorate_link_end(&mut self) -> String {
        String::new()
    }
    fn decorate_em_start(&self) -> (String, Mark) {
        (String::new(), Mark::Emphasis)
    }
    fn decorate_em_end(&self) -> String {
        String::new()
    }
    fn decorate_strong_start(&self) -> (String, Mark) {
        (String::new(), Mark::Strong)
    }
    fn decorate_strong_end(&self) -> String {
        String::new()
    }
    fn decorate_strikeout_start(&self) -> (String, Mark) {
        (String::new(), Mark::Strike)
    }
    fn decorate_strikeout_end(&self) -> String {
        String::new()
    }
    fn decorate_code_start(&self) -> (String, Mark) {
        (String::new(), Mark::Code)
    }
    fn decorate_code_end(&self) -> String {
        String::new()
    }
    fn decorate_preformat_first(&self) -> Mark {
        Mark::Code
    }
    fn decorate_preformat_cont(&self) -> Mark {
        Mark::Code
    }
    fn decorate_image(&mut self, _src: &str, title: &str) -> (String, Mark) {
        // The DOM pass replaces every <img> and <svg>; this is only a safety net.
        (format!("[image: {title}]"), Mark::Media)
    }
    fn header_prefix(&self, level: usize) -> String {
        if self.heading_prefix {
            format!("{} ", "#".repeat(level.clamp(1, 6)))
        } else {
            String::new()
        }
    }
    fn quote_prefix(&self) -> String {
        "> ".into()
    }
    fn unordered_item_prefix(&self) -> String {
        "* ".into()
    }
    fn ordered_item_prefix(&self, i: i64) -> String {
        format!("{i}. ")
    }
    fn make_subblock_decorator(&self) -> Self {
        *self
    }
    fn decorate_superscript_start(&self) -> (String, Mark) {
        (String::new(), Mark::Plain)
    }
    fn decorate_superscript_end(&self) -> String {
        String::new()
    }
}

/// Turns html2text's annotated lines into a [`Story`]: styles from the marks, every
/// character through the terminal-safety filter (one filter for the whole story, so an
/// escape sequence split across spans is still removed whole), no-break spaces made plain,
/// line ends trimmed and runs of blank lines collapsed.
pub(crate) fn to_story(rendered: Vec<TaggedLine<Vec<Mark>>>, links: Vec<String>) -> Story {
    let mut filter = Filter::new();
    let mut out = Vec::with_capacity(rendered.len());
    let mut scratch = String::new();
    for line in rendered {
        let mut spans: Vec<Span> = Vec::new();
        for piece in line.tagged_strings() {
            let mut style = Style::default();
            let mut link = None;
            for mark in &piece.tag {
                mark.apply(&mut style, &mut link);
            }
            let mut text = String::with_capacity(piece.s.len());
            if piece.s.contains('\u{a0}') {
                filter.push_str(&piece.s.replace('\u{a0}', " "), &mut text);
            } else {
                filter.push_str(&piece.s, &mut text);
            }
            // The filter above made the text safe.
            let text = SafeText::from_sanitized(text);
            push_span(&mut spans, Span { text, style, link });
        }
        // A line break ends any unterminated control string, as a newline would.
        filter.push('\n', &mut scratch);
        scratch.clear();
        push_line(&mut out, StyledLine { spans });
    }
    while out.last().is_some_and(StyledLine::is_blank) {
        out.pop();
    }
    Story { lines: out, links }
}

/// Appends a span, merging it into the previous one when the style is the same.
fn push_span(spans: &mut Vec<Span>, span: Span) {
    if span.text.is_empty() {
        return;
    }
    match spans.last_mut() {
        Some(last) if last.style == span.style && last.link == span.link => {
            last.text.inner_mut().push_str(&span.text);
        }
        _ => spans.push(span),
    }
}

/// Appends a line with its end trimmed, keeping at most one blank line in a row and none
/// at the start.
fn push_line(out: &mut Vec<StyledLine>, mut line: StyledLine) {
    while let Some(last) = line.spans.last_mut() {
        let trimmed = last.text.trim_end().len();
        last.text.inner_mut().truncate(trimmed);
        if !last.text.is_empty() {
            break;
        }
        line.spans.pop();
    }
    if line.spans.is_empty() && out.last().is_none_or(StyledLine::is_blank) {
        return;
    }
    out.push(line);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marks_round_trip_through_hrefs() {
        for mark in [
            Mark::Link(0),
            Mark::Link(42),
            Mark::Reference,
            Mark::Media,
            Mark::Heading,
            Mark::Quote,
        ] {
            assert_eq!(Mark::from_href(&mark.href()), mark);
        }
        assert_eq!(Mark::from_href("https://example.com/"), Mark::Plain);
        assert_eq!(Mark::from_href("\0Lx"), Mark::Plain);
    }
}
