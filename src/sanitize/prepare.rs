//! The DOM pass before html2text renders a story: drops scripts, forms, hidden elements
//! and template boilerplate, replaces images and embeds with placeholders, numbers the
//! links (resolved, allow-listed) and marks headings and quotes for styling.
//!
//! It walks html2text's own parsed DOM (no second parse) with an explicit stack, so deeply
//! nested input cannot overflow the call stack.

use html2text::{Comment, Document, Element, Handle, RcDom};
use html5ever::interface::{ElementFlags, NodeOrText, TreeSink};
use html5ever::tendril::StrTendril;
use html5ever::{Attribute, LocalName, QualName, local_name, ns};

use super::boilerplate::Rules;
use super::dom::{
    attr, block_text, has_visible_content, is_block, is_dropped_tag, layout_table_cells, text_of,
    trailing_whitespace,
};
use super::links::{Resolver, host_and_path, is_video, watch_url};
use super::rich::Mark;
use super::safety::{clean_line, terminal_safe};

/// What to do with an element on the way down.
enum Action {
    /// Keep it and process its children.
    Descend,
    /// Remove it with everything inside.
    Remove,
    /// Put a placeholder (image, video) in its place.
    Replace(String),
    /// Put these new blocks in its place and process them instead (layout tables).
    Unwrap(Vec<Handle>),
}

/// One step of the walk: elements are entered on the way down and exited on the way up,
/// when their children are final (links need that to know whether they show anything).
enum Step {
    Enter(Handle),
    Exit(Handle),
}

/// Prepares `dom` in place for rendering and returns the link list: `links[i]` is the
/// absolute URL of the link annotated `Mark::Link(i)`.
///
/// html2text drops control characters but not what follows them, so text that may hold
/// an escape sequence (`scrub_text`, see `safety::may_hide_escapes`) is made safe here,
/// before the sequence's tail becomes ordinary text.
pub fn prepare(dom: &RcDom, base: Option<&str>, rules: &Rules, scrub_text: bool) -> Vec<String> {
    let resolver = Resolver::new(base);
    let mut walker = Walker { dom, rules, resolver, links: Vec::new(), scrub_text };
    walker.run();
    walker.links
}

struct Walker<'a> {
    dom: &'a RcDom,
    rules: &'a Rules,
    resolver: Resolver,
    links: Vec<String>,
    scrub_text: bool,
}

impl Walker<'_> {
    fn run(&mut self) {
        let mut stack: Vec<Step> = children(&self.dom.document).into_iter().rev().map(Step::Enter).collect();
        while let Some(step) = stack.pop() {
            match step {
                // A node whose parent is gone was removed with an earlier sibling.
                Step::Enter(node) if node.get_parent().is_some() => match self.enter(&node) {
                    Action::Descend => {
                        stack.push(Step::Exit(node.clone()));
                        stack.extend(children(&node).into_iter().rev().map(Step::Enter));
                    }
                    Action::Remove => self.dom.remove_from_parent(&node),
                    Action::Replace(text) => {
                        let placeholder = self.synthetic(&Mark::Media, &text);
                        self.dom.append_before_sibling(&node, NodeOrText::AppendNode(placeholder));
                        self.dom.remove_from_parent(&node);
                    }
                    Action::Unwrap(blocks) => {
                        for block in &blocks {
                            self.dom.append_before_sibling(&node, NodeOrText::AppendNode(block.clone()));
                        }
                        self.dom.remove_from_parent(&node);
                        stack.extend(blocks.into_iter().rev().map(Step::Enter));
                    }
                },
                Step::Enter(_) => {}
                Step::Exit(node) => self.exit(&node),
            }
        }
    }

    fn enter(&mut self, node: &Handle) -> Action {
        let (name, is_html) = match &node.data {
            Element { name, .. } => (&name.local, name.ns == ns!(html)),
            Document | Comment { .. } => return Action::Descend,
            _ => {
                if self.scrub_text {
                    self.scrub(node);
                }
                return Action::Descend;
            }
        };
        if !is_html {
            // Inline SVG is icons and logos; MathML text is kept.
            return if *name == local_name!("svg") { Action::Remove } else { Action::Descend };
        }
        match *name {
            local_name!("img") => self.image(node),
            local_name!("iframe")
            | local_name!("video")
            | local_name!("audio")
            | local_name!("embed")
            | local_name!("object") => self.embed(node, name),
            _ if is_dropped_tag(name) || self.is_hidden_or_boilerplate(node) => Action::Remove,
            local_name!("table") if let Some(cells) = layout_table_cells(node) => {
                Action::Unwrap(cells.iter().map(|cell| self.cell_block(cell)).collect())
            }
            _ if is_block(name) => self.block_rules(node),
            _ => Action::Descend,
        }
    }

    fn exit(&mut self, node: &Handle) {
        let Element { name, .. } = &node.data else { return };
        match name.local {
            local_name!("a") => self.link(node),
            local_name!("h1")
            | local_name!("h2")
            | local_name!("h3")
            | local_name!("h4")
            | local_name!("h5")
            | local_name!("h6") => self.wrap_children(node, &Mark::Heading),
            local_name!("blockquote") => self.wrap_children(node, &Mark::Quote),
            _ => {}
        }
    }

    /// `hidden`, `aria-hidden`, inline `display: none`, or a class or id the rules drop.
    fn is_hidden_or_boilerplate(&self, node: &Handle) -> bool {
        if attr(node, "hidden").is_some() || attr(node, "aria-hidden").is_some_and(|v| v.trim() == "true") {
            return true;
        }
        if let Some(style) = attr(node, "style") {
            let style: String = style.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_ascii_lowercase();
            if style.contains("display:none") || style.contains("visibility:hidden") {
                return true;
            }
        }
        attr(node, "class").is_some_and(|c| self.rules.drop.matches_any_token(&c))
            || attr(node, "id").is_some_and(|id| self.rules.drop.matches(id.trim()))
    }

    /// Text rules on a short block: remove it if its whole text is boilerplate, and a
    /// "Related posts" heading together with the list after it.
    fn block_rules(&self, node: &Handle) -> Action {
        let Some(text) = block_text(node) else { return Action::Descend };
        if text.is_empty() {
            return Action::Descend;
        }
        if self.rules.text.matches_normalised(&text) {
            return Action::Remove;
        }
        if self.rules.list_after.matches_normalised(&text) {
            if let Some(list) = next_element(node).filter(is_list) {
                self.dom.remove_from_parent(&list);
            }
            return Action::Remove;
        }
        Action::Descend
    }

    /// `[image: alt]`, `[image]`, or nothing for tracking pixels and images with no source.
    fn image(&self, node: &Handle) -> Action {
        let alt = attr(node, "alt").or_else(|| attr(node, "title")).map(|a| clean_line(&a)).filter(|a| !a.is_empty());
        let src = attr(node, "src").or_else(|| attr(node, "data-src"));
        let url = src.as_deref().and_then(|s| self.resolver.resolve(s));
        let tiny = |a| attr(node, a).is_some_and(|v| v.trim().trim_end_matches("px").parse::<u32>().is_ok_and(|n| n <= 1));
        let tracker = url.as_ref().is_some_and(|u| self.rules.trackers.matches(&host_and_path(u)));
        if (tiny("width") && tiny("height")) || (alt.is_none() && (tracker || src.is_none())) {
            return Action::Remove;
        }
        Action::Replace(alt.map_or_else(|| "[image]".to_owned(), |alt| format!("[image: {alt}]")))
    }

    /// `[video: URL]` for videos and players on video hosts, `[audio: URL]`, `[embed: URL]`
    /// for other iframes; nothing when there is no usable URL (comment frames, ads).
    fn embed(&self, node: &Handle, name: &LocalName) -> Action {
        let src = attr(node, "src").or_else(|| attr(node, "data")).or_else(|| first_source(node));
        let Some(url) = src.and_then(|s| self.resolver.resolve(&s)) else { return Action::Remove };
        if !matches!(url.scheme(), "http" | "https") {
            return Action::Remove;
        }
        let kind = match *name {
            local_name!("audio") => "audio",
            local_name!("video") => "video",
            _ if is_video(&url) => "video",
            _ => "embed",
        };
        Action::Replace(format!("[{kind}: {}]", terminal_safe(&watch_url(&url))))
    }

    /// Numbers a link that shows something and points somewhere allowed, appending its
    /// `[n]` marker; any other link loses its href and renders as plain text.
    fn link(&mut self, node: &Handle) {
        let Element { attrs, .. } = &node.data else { return };
        let url = attr(node, "href").and_then(|h| self.resolver.resolve(&h));
        let mut attrs = attrs.borrow_mut();
        attrs.retain(|a| a.name.local != local_name!("href"));
        let Some(url) = url.filter(|_| has_visible_content(node)) else { return };
        let index = self.links.len();
        self.links.push(terminal_safe(url.as_str()));
        attrs.push(href_attr(&Mark::Link(index)));
        drop(attrs);
        // The marker goes right after the last visible text: `Reuters[2]`, not `Reuters [2]`.
        let marker = self.synthetic(&Mark::Reference, &format!("[{}]", index + 1));
        match trailing_whitespace(node) {
            Some(space) => self.dom.append_before_sibling(&space, NodeOrText::AppendNode(marker)),
            None => self.dom.append(node, NodeOrText::AppendNode(marker)),
        }
    }

    /// Replaces a text node holding control characters with its terminal-safe text.
    fn scrub(&self, node: &Handle) {
        let text = text_of(node);
        let safe = terminal_safe(&text);
        if safe != text {
            self.dom.append_before_sibling(node, NodeOrText::AppendText(StrTendril::from(safe)));
            self.dom.remove_from_parent(node);
        }
    }

    /// A `<div>` holding the content of a layout table's cell: Blogger puts images and
    /// their captions in one-column tables, which read better without borders.
    fn cell_block(&self, cell: &Handle) -> Handle {
        let div = self.dom.create_element(
            QualName::new(None, ns!(html), local_name!("div")),
            Vec::new(),
            ElementFlags::default(),
        );
        self.dom.reparent_children(cell, &div);
        div
    }

    /// Moves all children of `node` into a synthetic link carrying `mark`.
    fn wrap_children(&self, node: &Handle, mark: &Mark) {
        let wrapper = self.dom.create_element(a_name(), vec![href_attr(mark)], ElementFlags::default());
        self.dom.reparent_children(node, &wrapper);
        self.dom.append(node, NodeOrText::AppendNode(wrapper));
    }

    /// A synthetic link carrying `mark` around `text`.
    fn synthetic(&self, mark: &Mark, text: &str) -> Handle {
        let element = self.dom.create_element(a_name(), vec![href_attr(mark)], ElementFlags::default());
        self.dom.append(&element, NodeOrText::AppendText(StrTendril::from(text)));
        element
    }
}

fn a_name() -> QualName {
    QualName::new(None, ns!(html), local_name!("a"))
}

fn href_attr(mark: &Mark) -> Attribute {
    Attribute { name: QualName::new(None, ns!(), local_name!("href")), value: StrTendril::from(mark.href()) }
}

fn children(node: &Handle) -> Vec<Handle> {
    node.children.borrow().clone()
}

/// The element after `node` among its siblings, skipping text and comments.
fn next_element(node: &Handle) -> Option<Handle> {
    let parent = node.get_parent()?;
    let siblings = parent.children.borrow();
    let position = siblings.iter().position(|s| std::rc::Rc::ptr_eq(s, node))?;
    siblings[position + 1..].iter().find(|s| matches!(s.data, Element { .. })).cloned()
}

fn is_list(node: &Handle) -> bool {
    matches!(&node.data, Element { name, .. } if matches!(name.local, local_name!("ul") | local_name!("ol")))
}

/// The `src` of the first `<source>` child of a `<video>` or `<audio>`.
fn first_source(node: &Handle) -> Option<String> {
    node.children.borrow().iter().find_map(|child| match &child.data {
        Element { name, .. } if name.local == local_name!("source") => attr(child, "src"),
        _ => None,
    })
}
