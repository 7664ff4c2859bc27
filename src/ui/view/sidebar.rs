//! The sidebar: All, Unread, Starred, a search, tags and feeds, each with its count.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{focused, pane_block, row_style};
use crate::ui::action::Pane;
use crate::ui::layout;
use crate::ui::model::{Model, SidebarRow, View};
use crate::ui::text::fit;

/// Draws the sidebar into `area`.
pub fn draw(model: &Model, frame: &mut Frame, area: Rect) {
    let title = Line::from(" Feeds ");
    let block = pane_block(&model.theme, title, focused(model, Pane::Sidebar));
    let inner = layout::inner(area);
    frame.render_widget(block, area);
    let width = usize::from(inner.width);
    let lines: Vec<Line> = model
        .sidebar
        .rows()
        .into_iter()
        .skip(model.sidebar.offset)
        .take(usize::from(inner.height))
        .map(|row| match row {
            SidebarRow::Heading(text) => Line::styled(
                fit(text, width),
                model.theme.dim().add_modifier(Modifier::BOLD),
            ),
            SidebarRow::Entry(index) => entry_line(model, index, width),
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

fn entry_line(model: &Model, index: usize, width: usize) -> Line<'static> {
    let entry = &model.sidebar.entries[index];
    let count = if entry.count > 0 {
        entry.count.to_string()
    } else {
        String::new()
    };
    let marker = if entry.failing { "!" } else { " " };
    let label_width = width.saturating_sub(count.len() + 2);
    let label = fit(&entry.label, label_width);
    let selected = index == model.sidebar.selected;
    let style = row_style(model, Pane::Sidebar, selected);
    let count_style = match entry.view {
        View::Starred => Style::new().fg(model.theme.starred),
        _ if entry.count > 0 => Style::new()
            .fg(model.theme.unread)
            .add_modifier(Modifier::BOLD),
        _ => Style::new(),
    };
    let marker_style = if entry.failing {
        model.theme.error()
    } else {
        Style::new()
    };
    Line::from(vec![
        Span::styled(marker, marker_style),
        Span::raw(label),
        Span::raw(" "),
        Span::styled(count, count_style),
    ])
    .style(style)
}
