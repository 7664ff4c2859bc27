//! Main-content extraction for full-text mode: the story's HTML out of a whole web page.
//!
//! dom_smoothie, a maintained port of Mozilla's Readability, finds the story; site
//! templates' `content` rules (Blogger's `post-body`, WordPress's `entry-content`,
//! schema.org's `articleBody`) are a hint weighed against its choice, never an override:
//! a template element can hold a reader's comment, a video player's labels or a gallery
//! that readability would leave out. The boilerplate rules run on the result when it is
//! rendered, whichever was chosen.

mod explain;
mod hint;
mod words;

use html2text::Handle;

use super::SafeText;
use super::boilerplate::{RuleName, Rules};
use super::text::TextReader;
use words::Words;

/// Pages with more elements than this are not scored by readability (it would take too
/// long); the template hint alone decides.
const MAX_READABILITY_ELEMENTS: usize = 50_000;

/// Readability's choice "holds" the template element's story when it has at least this
/// share of the element's words.
const HOLDS: f64 = 0.8;

/// A template element with at most this share of readability's words is a small part of
/// the page's story (a sidebar box, one comment), whatever it overlaps.
const SMALL_PART: f64 = 0.3;

/// How the story was found on the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// The element a template's `content` rule names; readability found nothing better.
    Template,
    /// Readability's choice, on a page without a usable template element.
    Readability,
    /// Readability's choice over a template element: it holds the element's story and
    /// more, or the element is a small part of it.
    ReadabilityHoldsMore,
    /// Readability's choice over a template element: the same story, without what the
    /// element also held (player controls, galleries, "see also" and sponsored blocks).
    ReadabilityCleaner,
}

impl Method {
    /// A stable name for `inspect --json`.
    pub fn key(self) -> &'static str {
        match self {
            Self::Template => "template",
            Self::Readability => "readability",
            Self::ReadabilityHoldsMore => "readability_holds_more",
            Self::ReadabilityCleaner => "readability_cleaner",
        }
    }

    /// A short description for `inspect`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Template => "template content rule",
            Self::Readability => "readability",
            Self::ReadabilityHoldsMore => "readability (holds more than the template element)",
            Self::ReadabilityCleaner => "readability (the template element's story, cleaner)",
        }
    }
}

/// A story found on a page, how, and what was set aside on the way.
#[derive(Debug, Clone)]
pub struct Extraction {
    /// The story as an HTML fragment (untrusted: render it with the sanitizer).
    pub html: String,
    /// Which extractor's choice this is.
    pub method: Method,
    /// Blocks of the page left out of the story, in page order within each reason.
    pub removed: Vec<Removed>,
}

/// A block of the page that is not in the story.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Removed {
    /// Why it was left out.
    pub reason: Reason,
    /// The start of its text, on one line, terminal-safe.
    pub preview: SafeText,
}

/// Why a block was left out of the story.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    /// A template `content` element inside a region that is never the story; `region` is
    /// the class token (`.comments`), id (`#sidebar`), tag (`<aside>`) or role that says so.
    OutsideStory { region: SafeText },
    /// The template element readability's choice was preferred to (see [`Method`]).
    TemplateOverridden,
    /// A block of the page that is not in the extractor's choice.
    LeftOut,
    /// A block of the story hidden by its markup (`hidden`, `display: none`).
    Hidden,
    /// A block of the story a boilerplate rule removes when it is rendered.
    Rule(RuleName),
}

/// Characters of a block's text kept in [`Removed::preview`].
const PREVIEW_CHARS: usize = 100;

impl Removed {
    fn new(reason: Reason, node: &Handle, reader: &mut TextReader) -> Self {
        Self {
            reason,
            // Whitespace may collapse: read a little more than the preview shows.
            preview: preview(&Words::text_of(node, reader, 4 * PREVIEW_CHARS)),
        }
    }
}

/// The first [`PREVIEW_CHARS`] characters of `text` with whitespace collapsed, made safe.
fn preview(text: &str) -> SafeText {
    let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut cut: String = collapsed.chars().take(PREVIEW_CHARS).collect();
    if cut.len() < collapsed.len() {
        cut.push('…');
    }
    SafeText::line(&cut)
}

/// The main content of `page_html` as an HTML fragment, or `None` when no content could
/// be found. `url` is the page's address; render the result with it as the base URL.
pub fn extract_article(page_html: &str, url: &str) -> Option<String> {
    extract(page_html, url).map(|found| found.html)
}

/// [`extract_article`] with how the story was chosen.
pub fn extract(page_html: &str, url: &str) -> Option<Extraction> {
    let rules = Rules::builtin();
    let mut reader = TextReader::default();
    // Most pages name no template's content class: they are not parsed a second time.
    // The DOM must outlive every handle into it: dropping it empties its nodes.
    let dom = if rules.content.may_occur_in(&page_html.to_ascii_lowercase()) {
        Some(parse(page_html)?)
    } else {
        None
    };
    let hint = dom
        .as_ref()
        .map(|dom| hint::find(dom, rules, &mut reader))
        .unwrap_or_default();
    let mut removed: Vec<Removed> = hint
        .skipped
        .iter()
        .map(|s| {
            let reason = Reason::OutsideStory {
                region: SafeText::line(&s.region),
            };
            Removed::new(reason, &s.node, &mut reader)
        })
        .collect();
    let (html, method) = match (hint.node, readability(page_html, url)) {
        (None, None) => return None,
        (None, Some(html)) => (html, Method::Readability),
        (Some(node), None) => (serialize(&node)?, Method::Template),
        (Some(node), Some(html)) => {
            let template = Words::of(&node, &mut reader);
            let chosen = Words::of(&parse(&html)?.document, &mut reader);
            match choose(&template, &chosen) {
                Method::Template => (serialize(&node)?, Method::Template),
                method => {
                    removed.push(Removed::new(Reason::TemplateOverridden, &node, &mut reader));
                    (html, method)
                }
            }
        }
    };
    Some(Extraction {
        html,
        method,
        removed,
    })
}

/// [`extract`], with every block left out listed in [`Extraction::removed`]: the page's
/// blocks that are not in the story ([`Reason::LeftOut`]) and the story's blocks that
/// rendering removes ([`Reason::Hidden`], [`Reason::Rule`]). For `inspect --full-text`:
/// it costs a few more passes over the page.
pub fn explain(page_html: &str, url: &str) -> Option<Extraction> {
    let mut found = extract(page_html, url)?;
    let mut reader = TextReader::default();
    if let (Some(page), Some(story)) = (parse(page_html), parse(&found.html)) {
        found
            .removed
            .extend(explain::left_out(&page, &story, &mut reader));
    }
    let rules = explain::by_rules(&found.html, Rules::builtin(), &mut reader);
    found.removed.extend(rules);
    Some(found)
}

/// Weighs the template element's words against readability's choice's.
///
/// Readability wins when its choice holds the element's story (and usually more: the
/// title, a lead the template keeps apart), when the element is a small part of its
/// choice (the element was a sidebar box or a comment no region rule caught), or when its
/// choice lies inside the element: readability's own cut of the same story, without the
/// player labels, galleries and link blocks the element also held. The template wins when
/// readability went somewhere else on the page.
fn choose(template: &Words, readability: &Words) -> Method {
    let common = f64::from(template.common(readability));
    let template_total = f64::from(template.total().max(1));
    let readability_total = f64::from(readability.total().max(1));
    if common >= HOLDS * template_total || template_total <= SMALL_PART * readability_total {
        Method::ReadabilityHoldsMore
    } else if common >= HOLDS * readability_total {
        Method::ReadabilityCleaner
    } else {
        Method::Template
    }
}

fn parse(html: &str) -> Option<html2text::RcDom> {
    html2text::config::plain().parse_html(html.as_bytes()).ok()
}

fn serialize(node: &Handle) -> Option<String> {
    let mut html = Vec::new();
    node.serialize(&mut html).ok()?;
    String::from_utf8(html).ok()
}

/// Mozilla-Readability-style scoring via dom_smoothie.
fn readability(page_html: &str, url: &str) -> Option<String> {
    let url = url::Url::parse(url).ok().map(String::from);
    let config = dom_smoothie::Config {
        max_elements_to_parse: MAX_READABILITY_ELEMENTS,
        // Classes and ids stay, so the boilerplate rules run on readability's choice as
        // on a template element's.
        keep_classes: true,
        ..dom_smoothie::Config::default()
    };
    let mut reader =
        dom_smoothie::Readability::new(page_html, url.as_deref(), Some(config)).ok()?;
    let article = reader.parse().ok()?;
    let content = article.content.to_string();
    (!content.trim().is_empty()).then_some(content)
}

#[cfg(test)]
mod tests;
