//! OSC 8 hyperlinks in a drawn story pane: after the view draws the text, each cell of a numbered
//! link's text (its `[n]` marker, its line in the list) and of the story's own link gets
//! the sequence around its symbol. The cell's width is forced to its symbol's, so the
//! buffer diff neither counts the sequence as columns nor skips cells after it, and a
//! cell whose link changed is drawn again like any other changed cell.

use std::num::NonZeroU16;

use ratatui::buffer::{Buffer, CellDiffOption};
use ratatui::layout::Rect;
use unicode_width::UnicodeWidthStr;

use crate::ui::bidi::{DisplayLine, LineKind};
use crate::ui::osc;

/// The story's links as hyperlink targets ([`osc::safe_uri`], made when the story was
/// laid out): its own, and the numbered ones (`[n]` is `numbered[n - 1]`); `None` for a
/// link the policy refuses.
pub struct Links<'a> {
    pub story: Option<&'a str>,
    pub numbered: &'a [Option<String>],
}

/// Marks the link cells of `lines`, drawn from the top of `area` (one line a row, left or
/// right aligned, as the story pane draws them). Links without a target stay plain text.
pub fn mark<'l>(
    buf: &mut Buffer,
    area: Rect,
    lines: impl Iterator<Item = &'l DisplayLine>,
    links: &Links,
) {
    for (row, line) in lines.enumerate() {
        let Ok(row) = u16::try_from(row) else { return };
        let y = area.y.saturating_add(row);
        let width: usize = line.spans.iter().map(|s| s.text.as_str().width()).sum();
        let width = u16::try_from(width).unwrap_or(u16::MAX);
        let mut x = if line.align_right {
            area.x + area.width.saturating_sub(width)
        } else {
            area.x
        };
        for span in &line.spans {
            let span_width = u16::try_from(span.text.as_str().width()).unwrap_or(u16::MAX);
            let target = match (line.kind, span.link) {
                (LineKind::StoryLink, _) => links.story.map(|uri| (uri, 0)),
                (_, Some(index)) => links
                    .numbered
                    .get(index)
                    .and_then(|uri| Some((uri.as_deref()?, index + 1))),
                _ => None,
            };
            if let Some((uri, id)) = target {
                let end = x.saturating_add(span_width).min(area.right());
                wrap_cells(buf, (x, end), y, &osc::link_open(uri, id));
            }
            x = x.saturating_add(span_width);
        }
    }
}

/// Puts `open` and the closing sequence around each symbol from column `from` to `to`
/// on row `y`.
fn wrap_cells(buf: &mut Buffer, (from, to): (u16, u16), y: u16, open: &str) {
    let mut x = from;
    while x < to {
        let Some(cell) = buf.cell_mut((x, y)) else {
            return;
        };
        let symbol = cell.symbol().to_owned();
        let width = u16::try_from(symbol.width()).unwrap_or(1).max(1);
        if !symbol.is_empty() {
            cell.set_symbol(&format!("{open}{symbol}{}", osc::LINK_CLOSE));
            cell.set_diff_option(CellDiffOption::ForcedWidth(
                NonZeroU16::new(width).unwrap_or(NonZeroU16::MIN),
            ));
        }
        x = x.saturating_add(width);
    }
}

#[cfg(test)]
mod tests;
