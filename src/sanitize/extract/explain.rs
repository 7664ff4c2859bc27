//! Why a story looks the way it does: the blocks of a page that did not make it into the
//! extracted story (left out by the extractor), and the blocks of the story that
//! rendering removes (hidden, or a boilerplate rule, named). Only `inspect --full-text`
//! asks; refresh and the reader call [`super::extract`] and skip this work.

use html2text::{Comment, Element, Handle, RcDom};
use html5ever::local_name;

use super::{Reason, Removed, parse, preview};
use crate::sanitize::boilerplate::{RuleList, Rules, normalise};
use crate::sanitize::dom::{attr_is, is_block, is_dropped_tag, is_list, next_element};
use crate::sanitize::text::TextReader;

/// Page blocks with fewer words than this are not listed as left out: menu items,
/// buttons and bylines would bury the blocks that matter.
const MIN_LEFT_OUT_WORDS: usize = 4;

/// The page's blocks, with at least [`MIN_LEFT_OUT_WORDS`] words, whose text is nowhere in
/// the story.
pub fn left_out(page: &RcDom, story: &RcDom, reader: &mut TextReader) -> Vec<Removed> {
    let story_text = blocks(story, reader).join(" ");
    blocks(page, reader)
        .into_iter()
        .filter(|block| block.split(' ').count() >= MIN_LEFT_OUT_WORDS)
        .filter(|block| !story_text.contains(block.as_str()))
        .map(|block| Removed {
            reason: Reason::LeftOut,
            preview: preview(&block),
        })
        .collect()
}

/// The text of each run between block boundaries, normalised, skipping what rendering
/// drops (scripts, forms, navigation) and hidden elements.
fn blocks(dom: &RcDom, reader: &mut TextReader) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut stack = vec![Visit::Enter(dom.document.clone())];
    while let Some(visit) = stack.pop() {
        match visit {
            Visit::Leave => flush(&mut current, &mut out),
            Visit::Enter(node) => match &node.data {
                Element { name, .. } if is_dropped_tag(&name.local) || is_hidden(&node) => {}
                Element { name, .. } => {
                    if is_block(&name.local) || name.local == local_name!("br") {
                        flush(&mut current, &mut out);
                        stack.push(Visit::Leave);
                    }
                    push_children(&mut stack, &node);
                }
                html2text::Document => push_children(&mut stack, &node),
                Comment { .. } => {}
                _ => {
                    current.push_str(&reader.text_of(&node));
                    current.push(' ');
                }
            },
        }
    }
    flush(&mut current, &mut out);
    out
}

enum Visit {
    Enter(Handle),
    Leave,
}

fn push_children(stack: &mut Vec<Visit>, node: &Handle) {
    stack.extend(
        node.children
            .borrow()
            .iter()
            .rev()
            .cloned()
            .map(Visit::Enter),
    );
}

fn flush(current: &mut String, out: &mut Vec<String>) {
    let text = normalise(current);
    if !text.is_empty() {
        out.push(text);
    }
    current.clear();
}

/// `hidden`, `aria-hidden="true"` or an inline style that hides: rendering drops these.
fn is_hidden(node: &Handle) -> bool {
    attr_is(node, "hidden", |_| true)
        || attr_is(node, "aria-hidden", |v| v.trim() == "true")
        || attr_is(node, "style", crate::sanitize::prepare::style_hides)
}

/// The blocks of the story's HTML that rendering removes, with the rule that removes
/// each: the same tests, in the same order, as the render pass (`sanitize::prepare`).
pub fn by_rules(story_html: &str, rules: &Rules, reader: &mut TextReader) -> Vec<Removed> {
    let Some(dom) = parse(story_html) else {
        return Vec::new();
    };
    let mut removed = Vec::new();
    let mut stack = vec![dom.document.clone()];
    while let Some(node) = stack.pop() {
        let Element { name, .. } = &node.data else {
            stack.extend(node.children.borrow().iter().rev().cloned());
            continue;
        };
        if is_dropped_tag(&name.local) {
            continue;
        }
        let reason = if is_hidden(&node) {
            Some(Reason::Hidden)
        } else {
            drop_rule(&node, rules).or_else(|| text_rule(&node, rules, reader))
        };
        match reason {
            Some(reason) => {
                if matches!(&reason, Reason::Rule(rule) if rule.list == RuleList::ListAfter)
                    && let Some(list) = next_element(&node).filter(is_list)
                {
                    removed.push(Removed::new(reason.clone(), &list, reader));
                }
                removed.push(Removed::new(reason, &node, reader));
            }
            None => stack.extend(node.children.borrow().iter().rev().cloned()),
        }
    }
    removed
}

/// A `drop` rule naming one of the element's class tokens or its id.
fn drop_rule(node: &Handle, rules: &Rules) -> Option<Reason> {
    let mut found = None;
    for name in ["class", "id"] {
        attr_is(node, name, |value| {
            found = value
                .split_ascii_whitespace()
                .find_map(|token| rules.which(RuleList::Drop, token))
                .cloned();
            found.is_some()
        });
        if found.is_some() {
            break;
        }
    }
    found.map(Reason::Rule)
}

/// A `text` or `list_after` rule matching a short innermost block's whole text.
fn text_rule(node: &Handle, rules: &Rules, reader: &mut TextReader) -> Option<Reason> {
    let Element { name, .. } = &node.data else {
        return None;
    };
    if !is_block(&name.local) {
        return None;
    }
    let text = reader.block_text(node).filter(|t| !t.is_empty())?;
    rules
        .which(RuleList::Text, &text)
        .or_else(|| rules.which(RuleList::ListAfter, &text))
        .cloned()
        .map(Reason::Rule)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dom(html: &str) -> RcDom {
        parse(html).expect("parses")
    }

    #[test]
    fn lists_page_blocks_missing_from_the_story() {
        let page = dom(
            "<div><p>The story has four words.</p><p>You may also like these posts</p>\
            <nav>Home News Sport Weather Culture</nav><p>Hi there</p></div>",
        );
        let story = dom("<p>The story has four words.</p>");
        let left = left_out(&page, &story, &mut TextReader::default());
        let previews: Vec<&str> = left.iter().map(|r| r.preview.as_str()).collect();
        // Navigation is never rendered and two words are too few to list.
        assert_eq!(previews, ["you may also like these posts"]);
    }

    #[test]
    fn names_the_rule_that_removes_each_block() {
        let story = "<p>Story text here.</p><div class='post-share-buttons'>Share it</div>\
            <div>Post a Comment</div><h3>Related posts</h3><ul><li>Another</li></ul>\
            <p hidden>secret</p>";
        let removed = by_rules(story, Rules::builtin(), &mut TextReader::default());
        let named: Vec<String> = removed
            .iter()
            .map(|r| match &r.reason {
                Reason::Rule(rule) => format!("{rule}: {}", r.preview),
                other => format!("{other:?}: {}", r.preview),
            })
            .collect();
        assert_eq!(
            named,
            [
                "blogger drop \"post-share-buttons\": Share it",
                "blogger text \"post a comment\": Post a Comment",
                "wordpress list_after \"related posts*\": Another",
                "wordpress list_after \"related posts*\": Related posts",
                "Hidden: secret",
            ]
        );
    }
}
