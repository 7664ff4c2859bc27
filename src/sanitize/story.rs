//! The styled-text model of a sanitized story: lines of styled spans plus the list of link
//! targets, free of any UI library's types. The reader maps [`Style`] to its own styles;
//! `show` and the search index flatten it to plain text.

use unicode_width::UnicodeWidthStr;

use super::SafeText;

/// How a span of text should look. Several flags can hold at once (bold text in a link
/// inside a quote).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Style {
    /// `<b>`, `<strong>`.
    pub bold: bool,
    /// `<i>`, `<em>`.
    pub italic: bool,
    /// `<s>`, `<del>`.
    pub strike: bool,
    /// Inline code or preformatted text.
    pub code: bool,
    /// The text of a link (show it underlined).
    pub link: bool,
    /// Text of an `<h1>`…`<h6>`.
    pub heading: bool,
    /// Inside a block quote (the line starts with `> `).
    pub quote: bool,
    /// A link's reference marker such as `[3]`.
    pub reference: bool,
    /// A placeholder for an image, video or other embed, such as `[image: alt]`.
    pub media: bool,
}

/// A run of text in one style. The text is terminal-safe and holds no newline.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Span {
    /// The text, terminal-safe (so views draw it as it is), without newlines.
    pub text: SafeText,
    /// How it looks.
    pub style: Style,
    /// For link text and reference markers, the index of the target in [`Story::links`].
    pub link: Option<usize>,
}

/// One line on screen, already wrapped to the width the story was rendered at.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct StyledLine {
    /// The line's spans, left to right in logical (reading) order.
    pub spans: Vec<Span>,
}

impl StyledLine {
    /// The line's text without styles.
    pub fn text(&self) -> String {
        self.spans.iter().map(|s| s.text.as_str()).collect()
    }

    /// Columns the line takes on a terminal (Arabic, CJK and emoji measured properly).
    pub fn width(&self) -> usize {
        self.spans.iter().map(|s| s.text.width()).sum()
    }

    /// True when the line shows nothing but spaces.
    pub(crate) fn is_blank(&self) -> bool {
        self.spans.iter().all(|s| s.text.trim().is_empty())
    }
}

/// A sanitized story: wrapped, styled lines and the absolute URLs its references point to.
/// Reference `[n]` in the text is `links[n - 1]`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Story {
    /// The story, wrapped; at most one blank line in a row, none at either end.
    pub lines: Vec<StyledLine>,
    /// Absolute URLs of the links, in the order their references appear.
    pub links: Vec<String>,
}

impl Story {
    /// The link list as lines, `[1]: https://…`, for showing after the story.
    pub(crate) fn reference_lines(&self) -> Vec<StyledLine> {
        self.links
            .iter()
            .enumerate()
            .map(|(i, url)| StyledLine {
                spans: vec![
                    Span {
                        text: format!("[{}]:", i + 1).into(),
                        style: Style {
                            reference: true,
                            ..Style::default()
                        },
                        link: Some(i),
                    },
                    Span {
                        text: " ".into(),
                        ..Span::default()
                    },
                    Span {
                        text: url.as_str().into(),
                        style: Style {
                            link: true,
                            ..Style::default()
                        },
                        link: Some(i),
                    },
                ],
            })
            .collect()
    }

    /// Plain text as `show` prints it: the wrapped story, then a blank line and the
    /// numbered link list when there are links.
    pub(crate) fn to_plain(&self) -> String {
        let mut out = join_lines(self.lines.iter().map(StyledLine::text));
        if !self.links.is_empty() {
            if !out.is_empty() {
                out.push_str("\n\n");
            }
            out.push_str(&join_lines(
                self.reference_lines().iter().map(StyledLine::text),
            ));
        }
        out
    }

    /// The words of the story without reference markers, media placeholders or the link
    /// list: what the search index holds, and what two renderings of one story are compared
    /// by. Paragraphs stay split by one blank line.
    pub(crate) fn body_text(&self) -> String {
        let lines = self.lines.iter().map(|line| {
            line.spans
                .iter()
                .filter(|s| !s.style.reference && !s.style.media)
                .map(|s| s.text.as_str())
                .collect::<String>()
        });
        join_lines(lines)
    }
}

/// Joins lines with `\n`, trimming line ends, collapsing runs of blank lines into one and
/// dropping blank lines at both ends.
pub(crate) fn join_lines(lines: impl Iterator<Item = String>) -> String {
    let mut out = String::new();
    let mut blank_pending = false;
    for line in lines {
        let line = line.trim_end();
        if line.trim_start().is_empty() {
            blank_pending = !out.is_empty();
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank_pending { "\n\n" } else { "\n" });
        }
        blank_pending = false;
        out.push_str(line);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn span(text: &str, style: Style) -> Span {
        Span {
            text: text.into(),
            style,
            link: None,
        }
    }

    #[test]
    fn plain_text_ends_with_the_link_list() {
        let link = Style {
            link: true,
            ..Style::default()
        };
        let reference = Style {
            reference: true,
            ..Style::default()
        };
        let story = Story {
            lines: vec![StyledLine {
                spans: vec![
                    span("Trump told ", Style::default()),
                    span("Reuters", link),
                    span("[1]", reference),
                ],
            }],
            links: vec!["https://www.reuters.com/".into()],
        };
        assert_eq!(
            story.to_plain(),
            "Trump told Reuters[1]\n\n[1]: https://www.reuters.com/"
        );
        assert_eq!(story.body_text(), "Trump told Reuters");
    }

    #[test]
    fn body_text_drops_media_lines_and_extra_blank_lines() {
        let media = Style {
            media: true,
            ..Style::default()
        };
        let story = Story {
            lines: vec![
                StyledLine {
                    spans: vec![span("[image]", media)],
                },
                StyledLine::default(),
                StyledLine::default(),
                StyledLine {
                    spans: vec![span("one  ", Style::default())],
                },
                StyledLine::default(),
                StyledLine::default(),
                StyledLine {
                    spans: vec![span("two", Style::default())],
                },
            ],
            links: vec![],
        };
        assert_eq!(story.body_text(), "one\n\ntwo");
    }

    #[test]
    fn width_counts_columns_not_bytes() {
        let line = StyledLine {
            spans: vec![
                span("سوريا", Style::default()),
                span("日本", Style::default()),
            ],
        };
        assert_eq!(line.width(), 5 + 4);
    }
}
