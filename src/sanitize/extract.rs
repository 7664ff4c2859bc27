//! Main-content extraction for full-text mode: the story's HTML out of a whole web page.
//!
//! First the site templates' `content` rules (Blogger's `post-body`, WordPress's
//! `entry-content`, schema.org's `articleBody`): exact and cheap. Then, for any other
//! site, dom_smoothie, a maintained port of Mozilla's Readability.

use html2text::{Element, Handle};

use super::boilerplate::Rules;
use super::dom::attr_is;
use super::text::TextReader;

/// Pages with more elements than this are not scored by readability (it would take too
/// long); their template rules still apply.
const MAX_READABILITY_ELEMENTS: usize = 50_000;

/// The main content of `page_html` as an HTML fragment, or `None` when no content could
/// be found. `url` is the page's address; render the result with it as the base URL.
pub fn extract_article(page_html: &str, url: &str) -> Option<String> {
    template_content(page_html, Rules::builtin()).or_else(|| readability(page_html, url))
}

/// The first element, in document order, that a template's `content` rule names and
/// that shows some text.
fn template_content(page_html: &str, rules: &Rules) -> Option<String> {
    let dom = html2text::config::plain()
        .parse_html(page_html.as_bytes())
        .ok()?;
    let mut reader = TextReader::default();
    let mut stack: Vec<Handle> = vec![dom.document.clone()];
    while let Some(node) = stack.pop() {
        if !matches!(node.data, Element { .. } | html2text::Document) {
            continue;
        }
        if is_content(&node, rules) && reader.has_visible_content(&node) {
            let mut html = Vec::new();
            node.serialize(&mut html).ok()?;
            return String::from_utf8(html).ok();
        }
        stack.extend(node.children.borrow().iter().rev().cloned());
    }
    None
}

fn is_content(node: &Handle, rules: &Rules) -> bool {
    ["class", "itemprop"]
        .iter()
        .any(|name| attr_is(node, name, |v| rules.content.matches_any_token(v)))
        || attr_is(node, "id", |id| rules.content.matches(id.trim()))
}

/// Mozilla-Readability-style scoring via dom_smoothie, for pages of unknown templates.
fn readability(page_html: &str, url: &str) -> Option<String> {
    let url = url::Url::parse(url).ok().map(String::from);
    let config = dom_smoothie::Config {
        max_elements_to_parse: MAX_READABILITY_ELEMENTS,
        ..dom_smoothie::Config::default()
    };
    let mut reader =
        dom_smoothie::Readability::new(page_html, url.as_deref(), Some(config)).ok()?;
    let article = reader.parse().ok()?;
    let content = article.content.to_string();
    (!content.trim().is_empty()).then_some(content)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn takes_the_template_content_element() {
        let page = "<html><body><nav>Menu</nav><div class='post hentry'><div class='post-body entry-content'><p>Story</p></div></div><footer>x</footer></body></html>";
        let content = extract_article(page, "https://example.blogspot.com/p.html").expect("found");
        assert!(
            content.starts_with("<div class=\"post-body entry-content\">"),
            "{content}"
        );
        assert!(content.contains("Story") && !content.contains("Menu"));
    }

    #[test]
    fn skips_empty_template_elements() {
        let rules = Rules::builtin();
        assert_eq!(
            template_content("<div class='post-body'> </div>", rules),
            None
        );
    }

    #[test]
    fn falls_back_to_readability() {
        let paragraph =
            "This is a long paragraph of real article text, with commas, and more words. ";
        let body = paragraph.repeat(12);
        let page = format!(
            "<html><body><div id='menu'><a href='/'>Home</a></div><div id='story'><p>{body}</p><p>{body}</p></div></body></html>"
        );
        let content =
            extract_article(&page, "https://example.com/a").expect("readability finds it");
        assert!(content.contains("real article text"));
        assert!(!content.contains("Home"));
    }

    #[test]
    fn gives_up_on_pages_without_content() {
        assert_eq!(extract_article("", "not a url"), None);
        assert_eq!(
            extract_article("<html><body></body></html>", "https://example.com/"),
            None
        );
    }
}
