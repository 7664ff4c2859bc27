//! A safety net under the sanitizer's wrapping: lines wider than the pane (as the terminal
//! counts columns, one per character; an Arabic lam-alef pair is two) are split at their
//! last space that fits, so no line is cut at the pane's edge.

use unicode_width::UnicodeWidthChar;

use crate::sanitize::{Span, StyledLine};

/// `lines` with every line at most `width` columns wide.
pub(crate) fn fit_lines(lines: Vec<StyledLine>, width: usize) -> Vec<StyledLine> {
    let width = width.max(1);
    let mut out = Vec::with_capacity(lines.len());
    for line in lines {
        let mut rest = line;
        while let Some(cut) = overflow_cut(&rest, width) {
            let (head, tail) = split_at(&rest, cut);
            out.push(head);
            rest = tail;
        }
        out.push(rest);
    }
    out
}

/// Where to cut a line that is too wide (a character index): after the last space that
/// fits, else at the width. `None` when it fits.
fn overflow_cut(line: &StyledLine, width: usize) -> Option<usize> {
    let mut used = 0;
    let mut last_space = None;
    for (index, c) in line.spans.iter().flat_map(|s| s.text.chars()).enumerate() {
        used += c.width().unwrap_or(0);
        if used > width {
            return Some(last_space.filter(|&s| s > 0).unwrap_or(index.max(1)));
        }
        if c == ' ' {
            last_space = Some(index + 1);
        }
    }
    None
}

/// Splits a line at character `cut`; the second half loses its leading spaces.
fn split_at(line: &StyledLine, cut: usize) -> (StyledLine, StyledLine) {
    let mut head = Vec::new();
    let mut tail = Vec::new();
    let mut seen = 0;
    for span in &line.spans {
        let count = span.text.chars().count();
        if seen + count <= cut {
            head.push(span.clone());
        } else if seen >= cut {
            tail.push(span.clone());
        } else {
            let split: usize = span.text.chars().take(cut - seen).map(char::len_utf8).sum();
            let (first, second) = span.text.split_at(split);
            head.push(Span {
                text: first,
                ..span.clone()
            });
            tail.push(Span {
                text: second,
                ..span.clone()
            });
        }
        seen += count;
    }
    if let Some(first) = tail.first_mut() {
        first.text = first.text.trim_start();
    }
    (StyledLine { spans: head }, StyledLine { spans: tail })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(text: &str) -> StyledLine {
        StyledLine {
            spans: vec![Span {
                text: text.into(),
                ..Span::default()
            }],
        }
    }

    #[test]
    fn lines_that_fit_are_kept() {
        assert_eq!(fit_lines(vec![line("abc def")], 7), vec![line("abc def")]);
    }

    #[test]
    fn wide_lines_split_at_the_last_space() {
        let lines = fit_lines(vec![line("السلام عليكم")], 8);
        assert_eq!(lines, vec![line("السلام "), line("عليكم")]);
    }

    #[test]
    fn words_longer_than_the_width_are_cut() {
        assert_eq!(
            fit_lines(vec![line("abcdef")], 4),
            vec![line("abcd"), line("ef")]
        );
    }
}
