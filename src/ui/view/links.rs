//! The link picker overlay (`O`): the story's own link and its numbered links, one per
//! row, the chosen one highlighted; the list scrolls to keep it in sight.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph};

use super::centered;
use crate::ui::model::Model;
use crate::ui::text::fit;

/// Draws the picker centred over `area`.
pub fn draw(model: &Model, frame: &mut Frame, area: Rect) {
    let picker = &model.picker;
    let rows = picker.links.len();
    let box_area = centered(area, area.width.saturating_sub(8).min(100), rows as u16 + 2);
    let visible = usize::from(box_area.height.saturating_sub(2)).max(1);
    // Keep the chosen row in sight: it is the last visible row once the list scrolls.
    let first = (picker.selected + 1).saturating_sub(visible);
    let width = usize::from(box_area.width.saturating_sub(2));
    let label_style = Style::new()
        .fg(model.theme.accent)
        .add_modifier(Modifier::BOLD);
    let lines: Vec<Line> = picker
        .links
        .iter()
        .enumerate()
        .skip(first)
        .take(visible)
        .map(|(at, link)| {
            let line = Line::from(vec![
                Span::styled(fit(&link.label, 6), label_style),
                Span::raw(" "),
                Span::raw(fit(&link.shown, width.saturating_sub(7))),
            ]);
            if at == picker.selected {
                line.style(model.theme.selected())
            } else {
                line
            }
        })
        .collect();
    let block = Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(model.theme.border(true))
        .title(" Links (j/k choose, Enter opens, Esc closes) ");
    frame.render_widget(Clear, box_area);
    frame.render_widget(Paragraph::new(lines).block(block), box_area);
}
