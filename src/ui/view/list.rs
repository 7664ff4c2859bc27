//! The story list: one row per story (unread, star and enclosure markers, date, feed,
//! title). Only
//! the rows on screen are built, from the loaded window, so a huge view costs no more per
//! frame than a small one.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{focused, pane_block, row_style};
use crate::sanitize::SafeText;
use crate::store::Article;
use crate::ui::action::Pane;
use crate::ui::model::{Model, RowText};
use crate::ui::text::{columns, fit, truncate};
use crate::ui::{bidi, layout};

/// Lists narrower than this leave out the feed column.
const FEED_COLUMN_MIN: usize = 60;

/// Draws the list of the current view into `area`.
pub fn draw(model: &Model, frame: &mut Frame, area: Rect) {
    let block = pane_block(&model.theme, title(model), focused(model, Pane::List));
    let inner = layout::inner(area);
    frame.render_widget(block, area);
    if model.list.total == 0 {
        let hint = if model.list.view.is_some() {
            "No stories here."
        } else {
            ""
        };
        frame.render_widget(Paragraph::new(Line::styled(hint, model.theme.dim())), inner);
        return;
    }
    let width = usize::from(inner.width);
    let list = &model.list;
    let lines: Vec<Line> = (list.offset..list.total)
        .take(usize::from(inner.height))
        .filter_map(|position| Some((position, list.row(position)?)))
        .map(|(position, (article, text))| {
            row(model, article, text, position == list.selected, width)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

fn title(model: &Model) -> Line<'static> {
    Line::from(format!(
        " {} ({}) ",
        truncate(&model.list.label, 40),
        model.list.total
    ))
}

/// Marks a story that carries a file (a podcast episode): `●★♪May 06 …`.
const ENCLOSURE_MARK: &str = "♪";

/// One story: `●★ May 06  Feed name     Title…`.
fn row(
    model: &Model,
    article: &Article,
    text: &RowText,
    selected: bool,
    width: usize,
) -> Line<'static> {
    let theme = &model.theme;
    let unread = if article.read {
        Span::raw(" ")
    } else {
        Span::styled("●", Style::new().fg(theme.accent))
    };
    let star = if article.starred {
        Span::styled("★", Style::new().fg(theme.starred))
    } else {
        Span::raw(" ")
    };
    // In the gap before the date, so rows with and without one line up.
    let enclosure = if article.enclosures.is_empty() {
        Span::raw(" ")
    } else {
        Span::styled(ENCLOSURE_MARK, Style::new().fg(theme.accent))
    };
    let date = article
        .published
        .map(|d| model.settings.zone.show(d).format("%b %d").to_string())
        .unwrap_or_default();
    let mut spans = vec![
        unread,
        star,
        enclosure,
        Span::styled(fit(&date, 6), theme.dim()),
        Span::raw(" "),
    ];
    let mut used = 10;
    if width >= FEED_COLUMN_MIN {
        let feed_width = (width / 5).min(18);
        spans.push(Span::styled(fit(&text.feed, feed_width), theme.dim()));
        spans.push(Span::raw(" "));
        used += feed_width + 1;
    }
    let plain = if article.read {
        Style::new()
    } else {
        Style::new().fg(theme.unread).add_modifier(Modifier::BOLD)
    };
    let title_style = highlight(model, text).map_or(plain, |h| plain.patch(h));
    spans.push(Span::styled(
        title_text(model, &text.title, width.saturating_sub(used)),
        title_style,
    ));
    Line::from(spans).style(row_style(model, Pane::List, selected))
}

/// The style of the row's `[[highlight]]`, if it has one.
fn highlight(model: &Model, text: &RowText) -> Option<Style> {
    let highlight = model.settings.highlights.get(text.highlight?)?;
    Some(model.theme.highlight(highlight.style))
}

/// The title fitted to `width` columns; right-to-left titles reordered and right-aligned
/// when the RTL setting is on (cut first, so the cut falls at the logical end).
fn title_text(model: &Model, title: &SafeText, width: usize) -> String {
    let cut = truncate(title, width);
    if !model.settings.rtl {
        return fit(&cut, width);
    }
    let (visual, rtl) = bidi::visual(&cut);
    if rtl {
        let pad = width.saturating_sub(columns(&visual));
        format!("{}{visual}", " ".repeat(pad))
    } else {
        fit(&visual, width)
    }
}
