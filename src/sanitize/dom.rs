//! Small read-only queries on html2text's DOM: attributes, kinds of elements, siblings
//! and layout tables.

use html2text::{Element, Handle};
use html5ever::{LocalName, local_name};

/// The value of attribute `name` on an element.
pub(crate) fn attr(node: &Handle, name: &str) -> Option<String> {
    let Element { attrs, .. } = &node.data else {
        return None;
    };
    attrs
        .borrow()
        .iter()
        .find(|a| &*a.name.local == name)
        .map(|a| a.value.to_string())
}

/// Whether the element has attribute `name` and its value satisfies `test`; borrows
/// instead of copying the value, for checks run on every element.
pub(crate) fn attr_is(node: &Handle, name: &str, test: impl FnOnce(&str) -> bool) -> bool {
    let Element { attrs, .. } = &node.data else {
        return false;
    };
    attrs
        .borrow()
        .iter()
        .find(|a| &*a.name.local == name)
        .is_some_and(|a| test(&a.value))
}

/// Elements removed with their content before rendering: scripts and styles, forms and
/// their controls, document metadata, and navigation menus.
pub(crate) fn is_dropped_tag(name: &LocalName) -> bool {
    matches!(
        *name,
        local_name!("script")
            | local_name!("style")
            | local_name!("noscript")
            | local_name!("template")
            | local_name!("form")
            | local_name!("input")
            | local_name!("button")
            | local_name!("select")
            | local_name!("textarea")
            | local_name!("datalist")
            | local_name!("canvas")
            | local_name!("dialog")
            | local_name!("head")
            | local_name!("title")
            | local_name!("meta")
            | local_name!("link")
            | local_name!("base")
            | local_name!("frame")
            | local_name!("frameset")
            | local_name!("noframes")
            | local_name!("nav")
    )
}

/// Block elements: the ones the boilerplate text rules look at, and the ones whose text
/// is separated from its neighbours' by a space when collected.
pub(crate) fn is_block(name: &LocalName) -> bool {
    matches!(
        *name,
        local_name!("div")
            | local_name!("p")
            | local_name!("section")
            | local_name!("article")
            | local_name!("aside")
            | local_name!("header")
            | local_name!("footer")
            | local_name!("main")
            | local_name!("ul")
            | local_name!("ol")
            | local_name!("li")
            | local_name!("dl")
            | local_name!("dt")
            | local_name!("dd")
            | local_name!("h1")
            | local_name!("h2")
            | local_name!("h3")
            | local_name!("h4")
            | local_name!("h5")
            | local_name!("h6")
            | local_name!("table")
            | local_name!("tbody")
            | local_name!("tr")
            | local_name!("td")
            | local_name!("th")
            | local_name!("center")
            | local_name!("figure")
            | local_name!("figcaption")
            | local_name!("address")
            | local_name!("details")
            | local_name!("summary")
            | local_name!("br")
    )
}

/// The cells, in order, of a table that is only a layout device: every row has at most
/// one cell. `None` for data tables (and tables without rows).
pub(crate) fn layout_table_cells(table: &Handle) -> Option<Vec<Handle>> {
    let mut cells = Vec::new();
    let mut rows = 0;
    let mut stack: Vec<Handle> = table.children.borrow().iter().rev().cloned().collect();
    while let Some(node) = stack.pop() {
        let Element { name, .. } = &node.data else {
            continue;
        };
        match name.local {
            local_name!("thead") | local_name!("tbody") | local_name!("tfoot") => {
                stack.extend(node.children.borrow().iter().rev().cloned());
            }
            local_name!("caption") => cells.push(node.clone()),
            local_name!("tr") => {
                rows += 1;
                let row_cells: Vec<Handle> = node
                    .children
                    .borrow()
                    .iter()
                    .filter(|c| matches!(&c.data, Element { name, .. } if matches!(name.local, local_name!("td") | local_name!("th"))))
                    .cloned()
                    .collect();
                if row_cells.len() > 1 {
                    return None;
                }
                cells.extend(row_cells);
            }
            _ => {}
        }
    }
    (rows > 0).then_some(cells)
}

/// The element after `node` among its siblings, skipping text and comments.
pub(crate) fn next_element(node: &Handle) -> Option<Handle> {
    let parent = node.get_parent()?;
    let siblings = parent.children.borrow();
    let position = siblings.iter().position(|s| std::rc::Rc::ptr_eq(s, node))?;
    siblings[position + 1..]
        .iter()
        .find(|s| matches!(s.data, Element { .. }))
        .cloned()
}

/// Whether the element is `<ul>` or `<ol>`.
pub(crate) fn is_list(node: &Handle) -> bool {
    matches!(&node.data, Element { name, .. } if matches!(name.local, local_name!("ul") | local_name!("ol")))
}

/// The `src` of the first `<source>` child of a `<video>` or `<audio>`.
pub(crate) fn first_source(node: &Handle) -> Option<String> {
    node.children
        .borrow()
        .iter()
        .find_map(|child| match &child.data {
            Element { name, .. } if name.local == local_name!("source") => attr(child, "src"),
            _ => None,
        })
}
