//! Turns untrusted feed HTML and text into clean, terminal-safe text.
//!
//! Everything that comes from the network passes through here before it reaches the
//! screen or stdout. The functions are pure: no I/O, no global state beyond the compiled
//! boilerplate table.
//!
//! - [`render`] lays a story out as a [`Story`]: styled lines plus numbered links. It
//!   parses with html2text, runs one DOM pass (`prepare`: boilerplate rules from
//!   `assets/boilerplate.toml`, placeholders, link numbering), renders with html2text's
//!   annotated renderer and maps the annotations to [`Style`]s (`rich`).
//! - [`plain_text`] and [`index_text`] flatten a story for `show` and the search index.
//! - [`terminal_safe`], [`clean_line`] and [`title`] make one string safe to print;
//!   [`SafeText`] is their result as a type, which is what every output takes.
//! - [`extract_article`] finds a story's HTML inside a whole web page (full-text mode);
//!   [`extract`] also says how it was chosen.

mod boilerplate;
mod dom;
mod extract;
mod links;
mod markdown;
mod prepare;
mod rich;
mod safe_text;
mod safety;
mod story;
pub mod template;
mod text;
mod title;

pub use boilerplate::{RuleList, RuleName};
pub use extract::{Extraction, Method, Reason, Removed, explain, extract, extract_article};
pub use markdown::markdown;
pub use safe_text::SafeText;
pub(crate) use safety::is_unsafe_char;
pub use safety::{clean_line, terminal_safe};
pub use story::{Span, Story, Style, StyledLine};
pub use title::title;

use boilerplate::Rules;
use rich::Decorator;

/// Narrower widths are rendered at this width: html2text needs room for list bullets and
/// table borders, and no terminal worth reading on is narrower.
const MIN_WIDTH: usize = 10;

/// Width for text that is not shown (the search index): wide enough that paragraphs
/// rarely wrap, narrow enough that tables stay cheap to lay out.
const INDEX_WIDTH: usize = 1000;

/// Renders a story's HTML into styled lines wrapped at `width` columns.
///
/// Links become `[n]` references into [`Story::links`] (absolute URLs, resolved against
/// `base`; `javascript:`, `data:` and other unsafe schemes dropped). Images become
/// `[image: alt]`, embedded players `[video: URL]`; tracking pixels, scripts, styles,
/// forms, hidden elements and site boilerplate are removed. Every character is
/// terminal-safe. Never fails: unreadable HTML gives its bare text.
pub fn render(html: &str, base: Option<&str>, width: usize) -> Story {
    render_with(html, base, width, Rules::builtin(), Decorator::default())
}

fn render_with(
    html: &str,
    base: Option<&str>,
    width: usize,
    rules: &Rules,
    decorator: Decorator,
) -> Story {
    // Strikeout travels as a style, not as U+0336 combining marks after every character.
    let config = html2text::config::with_decorator(decorator)
        .allow_width_overflow()
        .unicode_strikeout(false);
    let Ok(dom) = config.parse_html(html.as_bytes()) else {
        return bare_text(html);
    };
    let links = prepare::prepare(&dom, base, rules, safety::may_hide_controls(html));
    let rendered = config
        .dom_to_render_tree(&dom)
        .and_then(|tree| config.render_to_lines(tree, width.max(MIN_WIDTH)));
    match rendered {
        Ok(rendered) => rich::to_story(rendered, links),
        // Nothing left to render (empty input, or only scripts and boilerplate): falling
        // back to the source text would bring the removed parts back.
        Err(html2text::Error::Fail) => Story::default(),
        Err(_) => bare_text(html),
    }
}

/// The fallback should html2text fail to lay a document out: its text, one line per
/// source line.
fn bare_text(html: &str) -> Story {
    let text = terminal_safe(&title::strip_tags(html));
    let lines = text
        .lines()
        .map(str::trim_end)
        .filter(|line| !line.is_empty())
        .map(|line| StyledLine {
            spans: vec![Span {
                // Lines of `text`, which is terminal-safe.
                text: SafeText::from_sanitized(line.to_owned()),
                ..Span::default()
            }],
        })
        .collect();
    Story {
        lines,
        links: Vec::new(),
    }
}

/// The plain text of a story's HTML, wrapped at `width` columns, with the numbered link
/// list at the end: what `show` prints. `base` resolves relative links. Without styles to
/// show them, headings are marked as in Markdown (`## Heading`).
pub fn plain_text(html: &str, base: Option<&str>, width: usize) -> String {
    let decorator = Decorator {
        heading_prefix: true,
    };
    render_with(html, base, width, Rules::builtin(), decorator).to_plain()
}

/// [`plain_text`] as [`SafeText`], for printing: the renderer's output is terminal-safe
/// already, so this is no second pass.
pub(crate) fn plain_safe_text(html: &str, base: Option<&str>, width: usize) -> SafeText {
    SafeText::from_sanitized(plain_text(html, base, width))
}

/// The words of a story for the full-text index: its text without reference markers,
/// image placeholders or the link list (see [`Story::body_text`]).
pub fn index_text(html: &str, base: Option<&str>) -> String {
    render(html, base, INDEX_WIDTH).body_text()
}

#[cfg(test)]
mod tests;
