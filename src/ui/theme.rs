//! Colours and text styles: parsed from `[theme]` in the config, switched off by
//! `NO_COLOR`, and the mappings from the sanitizer's [`sanitize::Style`] and the
//! config's highlight styles to ratatui's.

use std::str::FromStr;

use anyhow::{Context, Result};
use ratatui::style::{Color, Modifier, Style};

use crate::config::{self, HighlightColour, HighlightStyle, ThemeColour};
use crate::sanitize;

/// The reader's resolved colours. Without colour every style falls back to modifiers
/// (bold, reversed, underlined), so the reader stays usable on a monochrome terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub accent: Color,
    pub selection: Color,
    pub unread: Color,
    pub starred: Color,
    pub error: Color,
    pub link: Color,
    pub heading: Color,
    pub quote: Color,
    pub code: Color,
    pub dim: Color,
    /// False under `NO_COLOR`.
    pub colour: bool,
}

impl Default for Theme {
    fn default() -> Self {
        // The built-in names always parse; a test checks it.
        Self::new(&config::Theme::default(), true).unwrap_or_else(|_| Self::monochrome())
    }
}

impl Theme {
    /// The theme from the config; `colour` false (for `NO_COLOR`) ignores its colours.
    pub fn new(raw: &config::Theme, colour: bool) -> Result<Self> {
        if !colour {
            return Ok(Self::monochrome());
        }
        let parse = |name: &str, value: &str| {
            Color::from_str(value.trim()).ok().with_context(|| {
                format!("[theme] in the config: {name} = {value:?} is not a colour")
            })
        };
        Ok(Self {
            accent: parse("accent", &raw.accent)?,
            selection: parse("selection", &raw.selection)?,
            unread: parse("unread", &raw.unread)?,
            starred: parse("starred", &raw.starred)?,
            error: parse("error", &raw.error)?,
            link: parse("link", &raw.link)?,
            heading: parse("heading", &raw.heading)?,
            quote: parse("quote", &raw.quote)?,
            code: parse("code", &raw.code)?,
            dim: parse("dim", &raw.dim)?,
            colour: true,
        })
    }

    /// No colours at all.
    pub(crate) fn monochrome() -> Self {
        let r = Color::Reset;
        Self {
            accent: r,
            selection: r,
            unread: r,
            starred: r,
            error: r,
            link: r,
            heading: r,
            quote: r,
            code: r,
            dim: r,
            colour: false,
        }
    }

    /// True when `NO_COLOR` is set to anything non-empty (no-color.org).
    pub(crate) fn no_color_requested() -> bool {
        std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
    }

    /// The selected row of the focused pane.
    pub fn selected(&self) -> Style {
        if self.colour {
            Style::new()
                .bg(self.selection)
                .fg(Color::White)
                .add_modifier(Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::REVERSED)
        }
    }

    /// The selected row of a pane without focus.
    pub(crate) fn selected_unfocused(&self) -> Style {
        if self.colour {
            Style::new().add_modifier(Modifier::REVERSED)
        } else {
            Style::new().add_modifier(Modifier::UNDERLINED)
        }
    }

    /// Borders and titles: the focused pane stands out.
    pub fn border(&self, focused: bool) -> Style {
        if focused {
            Style::new().fg(self.accent).add_modifier(Modifier::BOLD)
        } else {
            Style::new().fg(self.dim)
        }
    }

    /// Error text.
    pub fn error(&self) -> Style {
        Style::new().fg(self.error).add_modifier(Modifier::BOLD)
    }

    /// Secondary text (dates, counts, hints).
    pub(crate) fn dim(&self) -> Style {
        if self.colour {
            Style::new().fg(self.dim)
        } else {
            Style::new().add_modifier(Modifier::DIM)
        }
    }

    /// The ratatui style of a `[[highlight]]`: its modifiers, and its colour (a theme
    /// colour resolved here, so it follows `[theme]`) unless `NO_COLOR` is in force.
    pub fn highlight(&self, style: HighlightStyle) -> Style {
        let mut out = Style::new();
        for (on, modifier) in [
            (style.bold, Modifier::BOLD),
            (style.italic, Modifier::ITALIC),
            (style.underlined, Modifier::UNDERLINED),
            (style.dim, Modifier::DIM),
            (style.reversed, Modifier::REVERSED),
        ] {
            if on {
                out = out.add_modifier(modifier);
            }
        }
        match style.colour.filter(|_| self.colour) {
            Some(HighlightColour::Fixed(colour)) => out.fg(colour),
            Some(HighlightColour::Theme(name)) => out.fg(self.named(name)),
            None => out,
        }
    }

    fn named(&self, name: ThemeColour) -> Color {
        match name {
            ThemeColour::Accent => self.accent,
            ThemeColour::Selection => self.selection,
            ThemeColour::Unread => self.unread,
            ThemeColour::Starred => self.starred,
            ThemeColour::Error => self.error,
            ThemeColour::Link => self.link,
            ThemeColour::Heading => self.heading,
            ThemeColour::Quote => self.quote,
            ThemeColour::Code => self.code,
        }
    }

    /// The ratatui style of one span of a sanitized story.
    pub fn story(&self, style: sanitize::Style) -> Style {
        let mut out = Style::new();
        if style.bold {
            out = out.add_modifier(Modifier::BOLD);
        }
        if style.italic {
            out = out.add_modifier(Modifier::ITALIC);
        }
        if style.strike {
            out = out.add_modifier(Modifier::CROSSED_OUT);
        }
        if style.quote {
            out = out.fg(self.quote);
        }
        if style.code {
            out = out.fg(self.code);
        }
        if style.heading {
            out = out.fg(self.heading).add_modifier(Modifier::BOLD);
        }
        if style.link {
            out = out.fg(self.link).add_modifier(Modifier::UNDERLINED);
        }
        if style.reference {
            out = out.fg(self.link).remove_modifier(Modifier::UNDERLINED);
        }
        if style.media {
            out = out.patch(self.dim()).add_modifier(Modifier::ITALIC);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_theme_parses_and_uses_only_ansi_colours() {
        let theme = Theme::new(&config::Theme::default(), true).unwrap();
        for colour in [
            theme.accent,
            theme.selection,
            theme.starred,
            theme.link,
            theme.dim,
        ] {
            assert!(
                !matches!(colour, Color::Rgb(..) | Color::Indexed(_)),
                "{colour:?}"
            );
        }
    }

    #[test]
    fn no_color_uses_no_colours() {
        let theme = Theme::new(&config::Theme::default(), false).unwrap();
        assert_eq!(
            theme
                .story(sanitize::Style {
                    link: true,
                    ..Default::default()
                })
                .fg,
            Some(Color::Reset)
        );
        assert!(theme.selected().add_modifier.contains(Modifier::REVERSED));
    }

    #[test]
    fn highlight_styles_resolve_theme_colours_and_keep_modifiers() {
        let raw = config::Theme {
            starred: "#ffcc00".into(),
            ..config::Theme::default()
        };
        let theme = Theme::new(&raw, true).unwrap();
        let style = theme.highlight("bold starred".parse().unwrap());
        assert_eq!(style.fg, Some(Color::Rgb(0xff, 0xcc, 0x00)));
        assert!(style.add_modifier.contains(Modifier::BOLD));
        let fixed = theme.highlight("italic reversed lightred".parse().unwrap());
        assert_eq!(fixed.fg, Some(Color::LightRed));
        assert!(
            fixed
                .add_modifier
                .contains(Modifier::ITALIC | Modifier::REVERSED)
        );
    }

    #[test]
    fn highlight_under_no_color_keeps_only_modifiers() {
        let theme = Theme::new(&config::Theme::default(), false).unwrap();
        for words in ["bold yellow", "bold starred"] {
            let style = theme.highlight(words.parse().unwrap());
            assert_eq!(style.fg, None, "{words}");
            assert!(style.add_modifier.contains(Modifier::BOLD), "{words}");
        }
        assert_eq!(theme.highlight("yellow".parse().unwrap()), Style::new());
    }

    #[test]
    fn bad_colour_names_the_key() {
        let raw = config::Theme {
            starred: "goldish".into(),
            ..config::Theme::default()
        };
        let err = Theme::new(&raw, true).unwrap_err().to_string();
        assert!(err.contains("starred") && err.contains("goldish"), "{err}");
    }
}
