//! Highlights (`[[highlight]]`): a query and the style the story list draws its matching
//! rows in, checked when the config is read, so a typo in either is an error naming the
//! highlight. The reader turns a [`HighlightStyle`] into a terminal style (`ui/theme.rs`).

use std::path::Path;
use std::str::FromStr;

use ratatui::style::Color;
use serde::Deserialize;

use super::Error;
use crate::query::{self, Query};

/// A highlight: stories its query matches are drawn in its style. The first highlight
/// that matches a story wins.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Highlight {
    /// The query as written.
    pub text: String,
    pub query: Query,
    pub style: HighlightStyle,
}

/// A style as words: modifiers and at most one colour.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct HighlightStyle {
    pub bold: bool,
    pub italic: bool,
    pub underlined: bool,
    pub dim: bool,
    pub reversed: bool,
    pub colour: Option<HighlightColour>,
}

/// The colour of a highlight: one of the theme's, so it follows `[theme]`, or a fixed one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HighlightColour {
    Theme(ThemeColour),
    /// A colour name (`yellow`, `lightred`), a palette index (`42`) or `#rrggbb`.
    Fixed(Color),
}

/// The `[theme]` colours a highlight may name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThemeColour {
    Accent,
    Selection,
    Unread,
    Starred,
    Error,
    Link,
    Heading,
    Quote,
    Code,
}

impl ThemeColour {
    /// Every theme colour with its key in `[theme]`. (`dim` is not here: as a style word
    /// it is the modifier.)
    const ALL: [(&'static str, Self); 9] = [
        ("accent", Self::Accent),
        ("selection", Self::Selection),
        ("unread", Self::Unread),
        ("starred", Self::Starred),
        ("error", Self::Error),
        ("link", Self::Link),
        ("heading", Self::Heading),
        ("quote", Self::Quote),
        ("code", Self::Code),
    ];
}

impl FromStr for HighlightStyle {
    type Err = String;

    /// Parses `"bold yellow"`: words separated by spaces, any case, in any order.
    fn from_str(text: &str) -> Result<Self, String> {
        let mut style = Self::default();
        for word in text.split_whitespace() {
            let word = word.to_lowercase();
            let flag = match word.as_str() {
                "bold" => &mut style.bold,
                "italic" => &mut style.italic,
                "underlined" | "underline" => &mut style.underlined,
                "dim" => &mut style.dim,
                "reversed" | "reverse" => &mut style.reversed,
                _ => {
                    let colour = colour(&word)?;
                    if style.colour.replace(colour).is_some() {
                        return Err(format!("more than one colour (`{word}` is the second)"));
                    }
                    continue;
                }
            };
            *flag = true;
        }
        if style == Self::default() {
            return Err("the style is empty: give a modifier or a colour".to_owned());
        }
        Ok(style)
    }
}

fn colour(word: &str) -> Result<HighlightColour, String> {
    if let Some((_, theme)) = ThemeColour::ALL.iter().find(|(name, _)| *name == word) {
        return Ok(HighlightColour::Theme(*theme));
    }
    Color::from_str(word)
        .map(HighlightColour::Fixed)
        .map_err(|_| {
            format!(
                "unknown word `{word}`: use bold, italic, underlined, dim, reversed, a colour \
             (yellow, lightred, 42, #ffcc00) or a [theme] colour (accent, starred, link, …)"
            )
        })
}

/// `[[highlight]]` as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawHighlight {
    query: String,
    style: String,
}

/// Checks every highlight: a query that parses and a style made of known words.
pub(super) fn validate(raw: &[RawHighlight], path: &Path) -> Result<Vec<Highlight>, Error> {
    raw.iter()
        .enumerate()
        .map(|(index, highlight)| {
            let invalid = |message: String| Error::Invalid {
                path: path.to_path_buf(),
                message: format!(
                    "[[highlight]] {} (`{}`): {message}",
                    index + 1,
                    highlight.query
                ),
            };
            let query = query::parse(&highlight.query)
                .map_err(|e| invalid(format!("{} at column {}", e.message, e.position + 1)))?;
            let style = highlight
                .style
                .parse()
                .map_err(|e| invalid(format!("style \"{}\": {e}", highlight.style)))?;
            Ok(Highlight {
                text: highlight.query.clone(),
                query,
                style,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn style_words_set_modifiers_and_one_colour_in_any_order() {
        let style: HighlightStyle = "Yellow  bold underlined".parse().unwrap();
        assert_eq!(
            style,
            HighlightStyle {
                bold: true,
                underlined: true,
                colour: Some(HighlightColour::Fixed(Color::Yellow)),
                ..HighlightStyle::default()
            }
        );
    }

    #[test]
    fn theme_colour_names_follow_the_theme_and_dim_is_the_modifier() {
        let style: HighlightStyle = "starred dim".parse().unwrap();
        assert_eq!(
            style.colour,
            Some(HighlightColour::Theme(ThemeColour::Starred))
        );
        assert!(style.dim);
    }

    #[test]
    fn palette_indexes_and_hex_colours_are_colours() {
        let indexed: HighlightStyle = "42".parse().unwrap();
        assert_eq!(
            indexed.colour,
            Some(HighlightColour::Fixed(Color::Indexed(42)))
        );
        let rgb: HighlightStyle = "italic #ffcc00".parse().unwrap();
        assert_eq!(
            rgb.colour,
            Some(HighlightColour::Fixed(Color::Rgb(0xff, 0xcc, 0x00)))
        );
    }

    #[test]
    fn unknown_word_empty_style_and_two_colours_are_errors() {
        let unknown = "bold yello".parse::<HighlightStyle>().unwrap_err();
        assert!(unknown.contains("`yello`"), "{unknown}");
        assert!(
            "  ".parse::<HighlightStyle>()
                .unwrap_err()
                .contains("empty")
        );
        let two = "red blue".parse::<HighlightStyle>().unwrap_err();
        assert!(two.contains("more than one colour"), "{two}");
    }
}
