//! Laying a story out for the story pane: its text (sanitized, wrapped at the pane's
//! width, reordered for right-to-left reading, with its numbered links after it) and its
//! header. Pure functions: the renderer thread runs [`render_story`], which may take a
//! while on a long story; the UI thread lays out the short [`header`] itself.

use chrono::{DateTime, Utc};

use super::bidi::{self, DisplayLine, LineKind};
use super::effect::RenderKey;
use super::osc;
use super::rewrap;
use super::text::{columns, truncate};
use crate::dates::DisplayZone;
use crate::sanitize::{self, Span, Style, StyledLine};
use crate::store::Article;

/// A story's text laid out for one [`RenderKey`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedStory {
    pub key: RenderKey,
    /// The text and then its link list, ready to draw.
    pub lines: Vec<DisplayLine>,
    /// The story's links: `[n]` in the text is `links[n - 1]`.
    pub links: Vec<String>,
    /// Each link as an OSC 8 hyperlink target ([`osc::safe_uri`]): policy-checked and
    /// escaped; `None` for a link the policy refuses.
    pub hyperlinks: Vec<Option<String>>,
}

impl RenderedStory {
    /// What the pane shows for a story whose text could not be laid out.
    pub fn missing(key: RenderKey) -> Self {
        Self {
            key,
            lines: vec![meta("The story's text could not be laid out.", key.width)],
            links: Vec::new(),
            hyperlinks: Vec::new(),
        }
    }
}

/// Lays out `html` (a story's untrusted text, relative links resolving against `base`)
/// as `key` says: sanitized, wrapped at `key.width`, bidi-reordered when `key.rtl`.
pub(crate) fn render_story(key: RenderKey, html: &str, base: Option<&str>) -> RenderedStory {
    let rendered = sanitize::render(html, base, key.width);
    let mut source: Vec<StyledLine> = rewrap::fit_lines(rendered.lines.clone(), key.width);
    if !rendered.links.is_empty() {
        source.push(StyledLine::default());
        source.extend(rendered.reference_lines());
    }
    RenderedStory {
        key,
        lines: bidi::display_lines(&source, key.rtl),
        hyperlinks: rendered.links.iter().map(|l| osc::safe_uri(l)).collect(),
        links: rendered.links,
    }
}

/// The title, a line about the story, its tags, link and enclosures, then a blank line.
pub fn header(article: &Article, width: usize, zone: DisplayZone, rtl: bool) -> Vec<DisplayLine> {
    let title = sanitize::clean_line(&article.title);
    let mut lines: Vec<DisplayLine> = wrap(&title, width)
        .into_iter()
        .map(|line| {
            let (text, right) = if rtl {
                bidi::visual(&line)
            } else {
                (line, false)
            };
            let heading = Style {
                bold: true,
                heading: true,
                ..Style::default()
            };
            DisplayLine {
                spans: vec![span(text, heading)],
                align_right: right,
                kind: LineKind::Title,
            }
        })
        .collect();
    let mut about = vec![sanitize::clean_line(&article.feed)];
    if let Some(date) = article.published {
        about.push(long_date(date, zone));
    }
    if let Some(author) = &article.author {
        about.push(sanitize::clean_line(author));
    }
    lines.push(meta(&about.join(" · "), width));
    if !article.tags.is_empty() {
        lines.push(meta(
            &format!("tags: {}", sanitize::clean_line(&article.tags.join(", "))),
            width,
        ));
    }
    if let Some(link) = &article.link {
        let mut line = meta(&sanitize::clean_line(link), width);
        line.kind = LineKind::StoryLink;
        lines.push(line);
    }
    lines.extend(
        article
            .enclosures
            .iter()
            .map(|e| meta(&enclosure_line(e), width)),
    );
    lines.push(DisplayLine::default());
    lines
}

/// `♪ audio/mpeg · 11.8 MiB · 1:02:03 · Title`.
fn enclosure_line(enclosure: &crate::feed::Enclosure) -> String {
    let mut line = format!("♪ {}", enclosure.summary());
    let title = enclosure.title.as_deref().map(sanitize::clean_line);
    if let Some(title) = title.filter(|t| !t.is_empty()) {
        line.push_str(" · ");
        line.push_str(&title);
    }
    line
}

/// A header line cut to the pane's width.
fn meta(text: &str, width: usize) -> DisplayLine {
    DisplayLine::new(
        vec![span(truncate(text, width), Style::default())],
        LineKind::Meta,
    )
}

fn span(text: String, style: Style) -> Span {
    Span {
        text: text.into(),
        style,
        link: None,
    }
}

/// `2017-05-06 09:30` in the reader's time zone.
pub(crate) fn long_date(date: DateTime<Utc>, zone: DisplayZone) -> String {
    zone.show(date).format("%Y-%m-%d %H:%M").to_string()
}

/// Wraps text at spaces into lines of at most `width` columns (longer words are cut).
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let needed = if line.is_empty() {
            columns(word)
        } else {
            columns(&line) + 1 + columns(word)
        };
        if needed > width && !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() || lines.is_empty() {
        lines.push(line);
    }
    lines
}
