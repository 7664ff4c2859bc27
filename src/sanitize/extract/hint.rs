//! The template hint: the first element a site template's `content` rule names that shows
//! text and does not sit inside a page region that is never the story (comments,
//! sidebars, widget areas, related-post blocks; `<aside>`, `<footer>`, complementary
//! roles). Extraction weighs it against readability's choice (see `super::choose`).

use html2text::{Element, Handle, RcDom};
use html5ever::local_name;

use crate::sanitize::boilerplate::Rules;
use crate::sanitize::dom::attr_is;
use crate::sanitize::text::TextReader;

/// A template element that was passed over, and why.
#[derive(Debug)]
pub struct Skipped {
    /// The element.
    pub node: Handle,
    /// The class token, id, tag or role of the ancestor that put it outside the story.
    pub region: String,
}

/// The hint, if any, and the content-rule elements skipped before it.
#[derive(Debug, Default)]
pub struct Hint {
    /// The element taken as the template's story.
    pub node: Option<Handle>,
    /// Elements a content rule names that lie in comments, sidebars and the like.
    pub skipped: Vec<Skipped>,
}

/// Finds the template hint in `dom`, in document order.
pub fn find(dom: &RcDom, rules: &Rules, reader: &mut TextReader) -> Hint {
    let mut hint = Hint::default();
    let mut stack: Vec<Handle> = vec![dom.document.clone()];
    while let Some(node) = stack.pop() {
        if !matches!(node.data, Element { .. } | html2text::Document) {
            continue;
        }
        if is_content(&node, rules) && reader.has_visible_content(&node) {
            let Some(region) = outside_region(&node, rules) else {
                hint.node = Some(node);
                return hint;
            };
            hint.skipped.push(Skipped { node, region });
            // Nothing inside a skipped element can be the story either.
            continue;
        }
        stack.extend(node.children.borrow().iter().rev().cloned());
    }
    hint
}

fn is_content(node: &Handle, rules: &Rules) -> bool {
    ["class", "itemprop"]
        .iter()
        .any(|name| attr_is(node, name, |v| rules.content.matches_any_token(v)))
        || attr_is(node, "id", |id| rules.content.matches(id.trim()))
}

/// The first ancestor of `node` (below `<body>`, whose classes describe the whole page)
/// that marks a region outside the story, named by what gave it away.
fn outside_region(node: &Handle, rules: &Rules) -> Option<String> {
    let mut current = node.get_parent();
    while let Some(ancestor) = current {
        let Element { name, attrs, .. } = &ancestor.data else {
            return None;
        };
        match name.local {
            local_name!("body") | local_name!("html") => return None,
            local_name!("aside") | local_name!("footer") => {
                return Some(format!("<{}>", name.local));
            }
            _ => {}
        }
        for attr in attrs.borrow().iter() {
            let value = attr.value.trim();
            let found = match &*attr.name.local {
                "role" if matches!(value, "complementary" | "contentinfo") => {
                    Some(format!("role={value}"))
                }
                "class" => value
                    .split_ascii_whitespace()
                    .find(|token| rules.outside.matches(token))
                    .map(|token| format!(".{token}")),
                "id" if rules.outside.matches(value) => Some(format!("#{value}")),
                _ => None,
            };
            if found.is_some() {
                return found;
            }
        }
        current = ancestor.get_parent();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hint_in(page: &str) -> (Option<String>, Vec<String>) {
        let dom = html2text::config::plain()
            .parse_html(page.as_bytes())
            .expect("parses");
        let hint = find(&dom, Rules::builtin(), &mut TextReader::default());
        let id = |node: &Handle| crate::sanitize::dom::attr(node, "id").unwrap_or_default();
        (
            hint.node.as_ref().map(id),
            hint.skipped.into_iter().map(|s| s.region).collect(),
        )
    }

    #[test]
    fn content_inside_comments_or_sidebars_never_counts() {
        let page = "<body class='comments-open'>\
            <div id='comments'><div class='post-body' id='c1'>A reader's comment</div></div>\
            <aside><div class='entry-content' id='side'>Sidebar box</div></aside>\
            <div class='widget FeaturedPost'><div class='post-body' id='f'>Featured</div></div>\
            <div class='widget Blog'><div class='post-body' id='story'>The story</div></div>\
            </body>";
        let (node, skipped) = hint_in(page);
        assert_eq!(node.as_deref(), Some("story"));
        assert_eq!(skipped, ["#comments", "<aside>", ".FeaturedPost"]);
    }

    #[test]
    fn related_posts_and_complementary_regions_are_outside() {
        let page = "<div class='jp-relatedposts'><div class='entry-content'>Other post</div></div>\
            <div role='complementary'><div class='entry-content'>Box</div></div>";
        let (node, skipped) = hint_in(page);
        assert_eq!(node, None);
        assert_eq!(skipped, [".jp-relatedposts", "role=complementary"]);
    }
}
