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
    attr, attr_is, first_source, is_block, is_dropped_tag, is_list, layout_table_cells,
    next_element,
};
use super::links::{Resolver, host_and_path, is_video, watch_url};
use super::rich::Mark;
use super::safety::{clean_line, terminal_safe};
use super::text::TextReader;

/// How deep inside a link [`Walker::take_trailing_space`] looks for the end of its text.
const MAX_TRIM_DEPTH: usize = 16;

/// What to do with a node on the way down.
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

/// One step of the walk. Links, headings and quotes are also exited on the way up, when
/// their children are final (a link needs that to know whether it shows anything).
enum Step {
    Enter(Handle),
    Exit(Handle),
}

/// Prepares `dom` in place for rendering and returns the link list: `links[i]` is the
/// absolute URL of the link annotated `Mark::Link(i)`.
///
/// html2text drops control characters but not what follows them, so when the source may
/// hold an escape sequence or a C1 control (`scrub_text`, see `safety::may_hide_controls`)
/// text nodes are made safe here: sequences go whole, C1 quotes become real quotes.
pub fn prepare(dom: &RcDom, base: Option<&str>, rules: &Rules, scrub_text: bool) -> Vec<String> {
    let mut walker = Walker {
        dom,
        rules,
        resolver: Resolver::new(base),
        reader: TextReader::default(),
        links: Vec::new(),
        scrub_text,
    };
    walker.run();
    walker.links
}

struct Walker<'a> {
    dom: &'a RcDom,
    rules: &'a Rules,
    resolver: Resolver,
    reader: TextReader,
    links: Vec<String>,
    scrub_text: bool,
}

impl Walker<'_> {
    fn run(&mut self) {
        let mut stack: Vec<Step> = Vec::new();
        push_children(&mut stack, &self.dom.document);
        while let Some(step) = stack.pop() {
            let node = match step {
                Step::Exit(node) => {
                    self.exit(&node);
                    continue;
                }
                // A node whose parent is gone was removed with an earlier sibling.
                Step::Enter(node) if node.get_parent().is_none() => continue,
                Step::Enter(node) => node,
            };
            match self.enter(&node) {
                Action::Descend => {
                    if needs_exit(&node) {
                        stack.push(Step::Exit(node.clone()));
                    }
                    push_children(&mut stack, &node);
                }
                Action::Remove => self.dom.remove_from_parent(&node),
                Action::Replace(text) => {
                    let placeholder = self.synthetic(&Mark::Media, &text);
                    self.dom
                        .append_before_sibling(&node, NodeOrText::AppendNode(placeholder));
                    self.dom.remove_from_parent(&node);
                }
                Action::Unwrap(blocks) => {
                    for block in &blocks {
                        self.dom
                            .append_before_sibling(&node, NodeOrText::AppendNode(block.clone()));
                    }
                    self.dom.remove_from_parent(&node);
                    stack.extend(blocks.into_iter().rev().map(Step::Enter));
                }
            }
        }
    }

    fn enter(&mut self, node: &Handle) -> Action {
        let name = match &node.data {
            Element { name, .. } if name.ns == ns!(html) => &name.local,
            // Inline SVG is icons and logos; MathML text is kept.
            Element { name, .. } if name.local == local_name!("svg") => return Action::Remove,
            Element { .. } | Document | Comment { .. } => return Action::Descend,
            _ => {
                if self.scrub_text {
                    self.scrub(node);
                }
                return Action::Descend;
            }
        };
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
        let Element { name, .. } = &node.data else {
            return;
        };
        match name.local {
            local_name!("a") => self.link(node),
            local_name!("blockquote") => self.wrap_children(node, &Mark::Quote),
            _ => self.wrap_children(node, &Mark::Heading),
        }
    }

    /// `hidden`, `aria-hidden`, inline `display: none`, or a class or id the rules drop.
    fn is_hidden_or_boilerplate(&self, node: &Handle) -> bool {
        attr_is(node, "hidden", |_| true)
            || attr_is(node, "aria-hidden", |v| v.trim() == "true")
            || attr_is(node, "style", style_hides)
            || attr_is(node, "class", |c| self.rules.drop.matches_any_token(c))
            || attr_is(node, "id", |id| self.rules.drop.matches(id.trim()))
    }

    /// Text rules on a short block: remove it if its whole text is boilerplate, and a
    /// "Related posts" heading together with the list after it.
    fn block_rules(&mut self, node: &Handle) -> Action {
        let Some(text) = self.reader.block_text(node) else {
            return Action::Descend;
        };
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
        let alt = attr(node, "alt")
            .or_else(|| attr(node, "title"))
            .map(|a| clean_line(&a))
            .filter(|a| !a.is_empty());
        let src = attr(node, "src").or_else(|| attr(node, "data-src"));
        let url = src.as_deref().and_then(|s| self.resolver.resolve(s));
        let tiny = |a| {
            attr_is(node, a, |v| {
                v.trim()
                    .trim_end_matches("px")
                    .parse::<u32>()
                    .is_ok_and(|n| n <= 1)
            })
        };
        let tracker = url
            .as_ref()
            .is_some_and(|u| self.rules.trackers.matches(&host_and_path(u)));
        if (tiny("width") && tiny("height")) || (alt.is_none() && (tracker || src.is_none())) {
            return Action::Remove;
        }
        Action::Replace(alt.map_or_else(|| "[image]".to_owned(), |alt| format!("[image: {alt}]")))
    }

    /// `[video: URL]` for videos and players on video hosts, `[audio: URL]`, `[embed: URL]`
    /// for other iframes; nothing when there is no usable URL (comment frames, ads).
    fn embed(&self, node: &Handle, name: &LocalName) -> Action {
        let src = attr(node, "src")
            .or_else(|| attr(node, "data"))
            .or_else(|| first_source(node));
        let Some(url) = src.and_then(|s| self.resolver.resolve(&s)) else {
            return Action::Remove;
        };
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
        let Element { attrs, .. } = &node.data else {
            return;
        };
        let url = attr(node, "href").and_then(|h| self.resolver.resolve(&h));
        attrs
            .borrow_mut()
            .retain(|a| a.name.local != local_name!("href"));
        let Some(url) = url.filter(|_| self.reader.has_visible_content(node)) else {
            return;
        };
        let index = self.links.len();
        self.links.push(terminal_safe(url.as_str()));
        attrs.borrow_mut().push(href_attr(&Mark::Link(index)));
        // The marker goes right after the last visible text: `Reuters[2]`, not `Reuters [2]`.
        // Whitespace that ends the link's text, however deeply nested, moves after it.
        let mut space = String::new();
        self.take_trailing_space(node, &mut space, MAX_TRIM_DEPTH);
        let marker = self.synthetic(&Mark::Reference, &format!("[{}]", index + 1));
        self.dom.append(node, NodeOrText::AppendNode(marker));
        if !space.is_empty() {
            self.dom
                .append(node, NodeOrText::AppendText(StrTendril::from(space)));
        }
    }

    /// Removes the whitespace (no-break spaces included) that ends the text inside `node`,
    /// from the last text node with anything else and every blank one after it, and
    /// prepends it to `taken`. True once visible content was reached: text, a line break,
    /// or nesting deeper than `depth`, which is left alone.
    fn take_trailing_space(&mut self, node: &Handle, taken: &mut String, depth: usize) -> bool {
        let children: Vec<Handle> = node.children.borrow().iter().rev().cloned().collect();
        for child in children {
            match &child.data {
                Comment { .. } => {}
                Element { name, .. } => {
                    if depth == 0
                        || name.local == local_name!("br")
                        || self.take_trailing_space(&child, taken, depth - 1)
                    {
                        return true;
                    }
                }
                _ => {
                    let text = self.reader.text_of(&child);
                    let kept = text.trim_end_matches(char::is_whitespace);
                    taken.insert_str(0, &text[kept.len()..]);
                    if kept.len() < text.len() {
                        if !kept.is_empty() {
                            let kept = StrTendril::from(kept);
                            self.dom
                                .append_before_sibling(&child, NodeOrText::AppendText(kept));
                        }
                        self.dom.remove_from_parent(&child);
                    }
                    if !kept.is_empty() {
                        return true;
                    }
                }
            }
        }
        false
    }

    /// Replaces a text node holding control characters with its terminal-safe text.
    fn scrub(&mut self, node: &Handle) {
        let text = self.reader.text_of(node);
        let safe = terminal_safe(&text);
        if safe != text {
            self.dom
                .append_before_sibling(node, NodeOrText::AppendText(StrTendril::from(safe)));
            self.dom.remove_from_parent(node);
        }
    }

    /// A `<div>` holding the content of a layout table's cell: Blogger puts images and
    /// their captions in one-column tables, which read better without borders.
    fn cell_block(&self, cell: &Handle) -> Handle {
        let div = self.dom.create_element(
            html_name(local_name!("div")),
            Vec::new(),
            ElementFlags::default(),
        );
        self.dom.reparent_children(cell, &div);
        div
    }

    /// Moves all children of `node` into a synthetic link carrying `mark`.
    fn wrap_children(&self, node: &Handle, mark: &Mark) {
        let wrapper = self.dom.create_element(
            html_name(local_name!("a")),
            vec![href_attr(mark)],
            ElementFlags::default(),
        );
        self.dom.reparent_children(node, &wrapper);
        self.dom.append(node, NodeOrText::AppendNode(wrapper));
    }

    /// A synthetic link carrying `mark` around `text`.
    fn synthetic(&self, mark: &Mark, text: &str) -> Handle {
        let element = self.dom.create_element(
            html_name(local_name!("a")),
            vec![href_attr(mark)],
            ElementFlags::default(),
        );
        self.dom
            .append(&element, NodeOrText::AppendText(StrTendril::from(text)));
        element
    }
}

/// Pushes `node`'s children so that the first is processed next.
fn push_children(stack: &mut Vec<Step>, node: &Handle) {
    stack.extend(
        node.children
            .borrow()
            .iter()
            .rev()
            .map(|c| Step::Enter(c.clone())),
    );
}

/// Links, headings and block quotes are finished on the way up.
fn needs_exit(node: &Handle) -> bool {
    matches!(&node.data, Element { name, .. } if matches!(
        name.local,
        local_name!("a")
            | local_name!("blockquote")
            | local_name!("h1")
            | local_name!("h2")
            | local_name!("h3")
            | local_name!("h4")
            | local_name!("h5")
            | local_name!("h6")
    ))
}

/// Whether an inline style hides the element. The common case (no `none` and no
/// `hidden` anywhere) is answered without allocating.
pub(super) fn style_hides(style: &str) -> bool {
    let has = |word: &str| {
        style
            .as_bytes()
            .windows(word.len())
            .any(|w| w.eq_ignore_ascii_case(word.as_bytes()))
    };
    if !has("none") && !has("hidden") {
        return false;
    }
    let compact: String = style
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    compact.contains("display:none") || compact.contains("visibility:hidden")
}

fn html_name(local: LocalName) -> QualName {
    QualName::new(None, ns!(html), local)
}

fn href_attr(mark: &Mark) -> Attribute {
    Attribute {
        name: QualName::new(None, ns!(), local_name!("href")),
        value: StrTendril::from(mark.href()),
    }
}
