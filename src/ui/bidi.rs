//! Right-to-left text for terminals that do not reorder it. Stories stay in logical order
//! everywhere else; when the reader's RTL setting is on, each line's Arabic is shaped into
//! its contextual forms (joined letters, lam-alef ligatures: terminals that don't reorder
//! don't shape either), then reordered visually (Unicode bidi, paragraph direction from
//! its first strong character), and right-to-left paragraphs are aligned right.

use std::sync::LazyLock;

use ar_reshaper::{ArabicReshaper, ReshaperConfig};
use unicode_bidi::{Direction, Level, ParagraphBidiInfo, get_base_direction};
use unicode_width::UnicodeWidthChar;

use crate::sanitize::{Span, StyledLine};

/// What a line of the story pane is, for styling.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LineKind {
    /// The story's title.
    Title,
    /// Feed, date, author and tags under the title.
    Meta,
    /// The story's own link, under the title.
    StoryLink,
    #[default]
    Body,
}

/// A line ready to draw: spans in visual order and its alignment.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DisplayLine {
    pub spans: Vec<Span>,
    pub align_right: bool,
    pub kind: LineKind,
}

impl DisplayLine {
    /// A left-aligned line of one kind.
    pub fn new(spans: Vec<Span>, kind: LineKind) -> Self {
        Self {
            spans,
            align_right: false,
            kind,
        }
    }
}

/// Turns wrapped story lines into display lines, reordering them when `reorder` is set.
/// A blank line ends a paragraph; a paragraph takes the direction of its first line with
/// a strong character, so wrapped lines of one Arabic paragraph all align right.
pub(crate) fn display_lines(lines: &[StyledLine], reorder: bool) -> Vec<DisplayLine> {
    let mut out = Vec::with_capacity(lines.len());
    let mut paragraph: Option<bool> = None;
    for line in lines {
        if !reorder {
            out.push(DisplayLine::new(line.spans.clone(), LineKind::Body));
            continue;
        }
        let text = line.text();
        if line.is_blank() {
            paragraph = None;
        } else if paragraph.is_none() {
            paragraph = match get_base_direction(text.as_str()) {
                Direction::Rtl => Some(true),
                Direction::Ltr => Some(false),
                Direction::Mixed => None,
            };
        }
        let rtl = paragraph.unwrap_or(false);
        let spans = reorder_spans(&line.spans, rtl);
        out.push(DisplayLine {
            spans,
            align_right: rtl,
            kind: LineKind::Body,
        });
    }
    out
}

/// One line of text (a title) in visual order, and whether it reads right to left.
pub fn visual(text: &str) -> (String, bool) {
    let rtl = get_base_direction(text) == Direction::Rtl;
    let span = Span {
        text: text.into(),
        ..Span::default()
    };
    let spans = reorder_spans(std::slice::from_ref(&span), rtl);
    (
        spans.into_iter().map(|s| s.text.into_string()).collect(),
        rtl,
    )
}

/// The reshaper: the default ligatures (lam-alef and its hamza and madda forms, Allah),
/// keeping the diacritics the text has.
static RESHAPER: LazyLock<ArabicReshaper> = LazyLock::new(|| {
    ArabicReshaper::new(ReshaperConfig {
        delete_harakat: false,
        ..ReshaperConfig::default()
    })
});

/// `spans` with their Arabic in presentation forms. Each span is shaped on its own: a
/// style change inside a word (rare) breaks the joining there.
fn shape(spans: &[Span]) -> Vec<Span> {
    spans
        .iter()
        .map(|span| {
            if span.text.chars().any(is_arabic) {
                Span {
                    text: RESHAPER.reshape(span.text.as_str()).into(),
                    ..span.clone()
                }
            } else {
                span.clone()
            }
        })
        .collect()
}

/// Arabic letters the reshaper gives contextual forms (the Arabic block and its
/// supplement; presentation forms are shaped already).
fn is_arabic(c: char) -> bool {
    matches!(c, '\u{0600}'..='\u{06FF}' | '\u{0750}'..='\u{077F}')
}

/// Reorders one line's spans into visual order, keeping each character's style; Arabic is
/// shaped first, in logical order, as its forms depend on the letters around it.
fn reorder_spans(spans: &[Span], rtl: bool) -> Vec<Span> {
    let shaped = shape(spans);
    let text: String = shaped.iter().map(|s| s.text.as_str()).collect();
    let base = if rtl { Level::rtl() } else { Level::ltr() };
    let info = ParagraphBidiInfo::new(&text, Some(base));
    if !info.has_rtl() {
        return shaped;
    }
    let spans = &shaped;
    let owners = owners(spans);
    let (levels, runs) = info.visual_runs(0..text.len());
    let mut visual: Vec<(char, usize)> = Vec::with_capacity(text.len());
    for run in runs {
        let chars: Vec<(char, usize)> = text[run.clone()]
            .char_indices()
            .map(|(i, c)| (c, owners[run.start + i]))
            .collect();
        if levels[run.start].is_rtl() {
            visual.extend(reverse_clusters(&chars));
        } else {
            visual.extend(chars);
        }
    }
    merge(&visual, spans)
}

/// The index of the span each byte of the joined text came from.
fn owners(spans: &[Span]) -> Vec<usize> {
    let mut owners = Vec::new();
    for (i, span) in spans.iter().enumerate() {
        owners.extend(std::iter::repeat_n(i, span.text.len()));
    }
    owners
}

/// Reverses characters but keeps combining marks (zero-width) after their base, and
/// mirrors brackets, as a right-to-left run is drawn.
fn reverse_clusters(chars: &[(char, usize)]) -> Vec<(char, usize)> {
    let mut clusters: Vec<Vec<(char, usize)>> = Vec::new();
    for &(c, owner) in chars {
        let combining = c.width() == Some(0) && !clusters.is_empty();
        match clusters.last_mut() {
            Some(last) if combining => last.push((c, owner)),
            _ => clusters.push(vec![(mirror(c), owner)]),
        }
    }
    clusters.into_iter().rev().flatten().collect()
}

fn mirror(c: char) -> char {
    match c {
        '(' => ')',
        ')' => '(',
        '[' => ']',
        ']' => '[',
        '{' => '}',
        '}' => '{',
        '<' => '>',
        '>' => '<',
        '«' => '»',
        '»' => '«',
        other => other,
    }
}

/// Joins runs of characters from the same source span back into spans.
fn merge(visual: &[(char, usize)], spans: &[Span]) -> Vec<Span> {
    let mut out: Vec<(usize, String)> = Vec::new();
    for &(c, owner) in visual {
        match out.last_mut() {
            Some((last, text)) if *last == owner => text.push(c),
            _ => out.push((owner, c.to_string())),
        }
    }
    out.into_iter()
        // The characters of safe spans in another order; the conversion's check is one scan.
        .map(|(owner, text)| Span {
            text: text.into(),
            style: spans[owner].style,
            link: spans[owner].link,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sanitize::Style;

    fn line(text: &str) -> StyledLine {
        StyledLine {
            spans: vec![Span {
                text: text.into(),
                ..Span::default()
            }],
        }
    }

    fn joined(line: &DisplayLine) -> String {
        line.spans.iter().map(|s| s.text.as_str()).collect()
    }

    #[test]
    fn arabic_lines_are_reversed_and_aligned_right() {
        let lines = display_lines(&[line("سوريا اليوم")], true);
        // Reversed and shaped: each letter in the form its neighbours give it.
        assert_eq!(
            joined(&lines[0]),
            "\u{FEE1}\u{FEEE}\u{FEF4}\u{FEDF}\u{FE8D} \u{FE8E}\u{FEF3}\u{FEAD}\u{FEEE}\u{FEB3}"
        );
        assert!(lines[0].align_right);
    }

    #[test]
    fn lam_alef_becomes_one_ligature_one_cell_wide() {
        use unicode_width::UnicodeWidthStr;
        let (text, rtl) = visual("لا سلام");
        assert!(rtl);
        // سلام reversed and shaped, a space, then the lam-alef ligature.
        assert_eq!(text, "\u{FEE1}\u{FEFC}\u{FEB3} \u{FEFB}");
        // Counted by width or by character (as the screen buffer counts), it takes 5 cells.
        assert_eq!((text.width(), text.chars().count()), (5, 5));
    }

    #[test]
    fn diacritics_are_kept_when_shaping() {
        let (text, _) = visual("كَتَبَ");
        assert_eq!(
            text.chars().filter(|c| *c == '\u{064E}').count(),
            3,
            "{text}"
        );
    }

    #[test]
    fn english_lines_are_untouched() {
        let lines = display_lines(&[line("Syria today")], true);
        assert_eq!(joined(&lines[0]), "Syria today");
        assert!(!lines[0].align_right);
    }

    #[test]
    fn nothing_changes_when_reordering_is_off() {
        let lines = display_lines(&[line("سوريا")], false);
        assert_eq!(joined(&lines[0]), "سوريا");
        assert!(!lines[0].align_right);
    }

    #[test]
    fn numbers_and_latin_inside_arabic_keep_their_order() {
        let (text, rtl) = visual("في 2017 قال Reuters");
        assert!(rtl);
        assert!(text.contains("2017") && text.contains("Reuters"), "{text}");
        assert!(text.starts_with("Reuters"), "{text}");
    }

    #[test]
    fn styles_follow_their_characters() {
        let bold = Style {
            bold: true,
            ..Style::default()
        };
        let source = StyledLine {
            spans: vec![
                Span {
                    text: "اب".into(),
                    style: bold,
                    link: None,
                },
                Span {
                    text: "ج".into(),
                    ..Span::default()
                },
            ],
        };
        let lines = display_lines(&[source], true);
        // Each span is shaped on its own: ج alone is isolated; in اب, alef joins nothing
        // after it, so both letters are isolated too.
        assert_eq!(lines[0].spans[0].text, "\u{FE9D}");
        assert_eq!(lines[0].spans[1].text, "\u{FE8F}\u{FE8D}");
        assert!(lines[0].spans[1].style.bold);
    }

    #[test]
    fn wrapped_lines_of_an_arabic_paragraph_all_align_right() {
        let lines = display_lines(
            &[line("سوريا"), line("2017 Reuters"), line(""), line("Next")],
            true,
        );
        assert!(lines[0].align_right && lines[1].align_right);
        assert!(!lines[3].align_right);
    }

    #[test]
    fn the_sample_arabic_stories_are_shaped_and_fit_at_40_60_and_80_columns() {
        use unicode_width::UnicodeWidthStr;
        let xml = include_bytes!("../../tests/fixtures/blogger/posts-default.atom.xml");
        let feed = crate::feed::parse_feed(xml, None).expect("fixture parses");
        let arabic: Vec<_> = feed
            .entries
            .iter()
            .filter(|e| e.title.chars().any(is_arabic))
            .collect();
        assert!(arabic.len() >= 2, "the fixture has Arabic stories");
        for width in [40, 60, 80] {
            for entry in &arabic {
                let story = crate::sanitize::render(&entry.content_html, None, width);
                for line in display_lines(&story.lines, true) {
                    let text: String = line.spans.iter().map(|s| s.text.as_str()).collect();
                    // Every Arabic letter is in a presentation form: nothing left unshaped.
                    assert!(
                        !text.chars().any(|c| ('\u{0621}'..='\u{064A}').contains(&c)),
                        "{width}: {text}"
                    );
                    assert!(
                        text.width() <= width,
                        "{width}: {} > {width}: {text}",
                        text.width()
                    );
                    if text.chars().any(|c| ('\u{FE70}'..='\u{FEFF}').contains(&c)) {
                        assert!(line.align_right, "{text}");
                    }
                }
            }
        }
    }
}
