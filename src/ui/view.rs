//! Drawing: a pure function of the [`Model`]. Each pane is a small widget that borrows the
//! state for one frame; nothing here reads the database, sanitizes or mutates.

mod links;
mod list;
mod overlay;
mod sidebar;
mod status;
mod story;

pub use super::text::columns;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Block, BorderType, Borders};

use super::action::{Mode, Pane};
use super::model::Model;
use super::theme::Theme;

/// Draws the whole reader for one frame.
pub fn draw(model: &Model, frame: &mut Frame) {
    let areas = model.areas();
    if model.mode == Mode::Welcome
        || matches!(model.mode, Mode::Prompt(_) | Mode::Help) && !has_feeds(model)
    {
        overlay::welcome(model, frame, areas.main);
    } else {
        if let Some(rect) = areas.sidebar {
            sidebar::draw(model, frame, rect);
        }
        if let Some(rect) = areas.list {
            list::draw(model, frame, rect);
        }
        if let Some(rect) = areas.story {
            story::draw(model, frame, rect);
        }
    }
    status::draw(model, frame, areas.status);
    match &model.mode {
        Mode::Help => overlay::help(model, frame, areas.main),
        Mode::Confirm(question) => overlay::confirm(model, frame, areas.main, question),
        Mode::PickLink => links::draw(model, frame, areas.main),
        _ => {}
    }
}

fn has_feeds(model: &Model) -> bool {
    model
        .sidebar
        .entries
        .iter()
        .any(|e| matches!(e.view, super::model::View::Feed { .. }))
}

/// A pane's frame: rounded borders, the title, the focused pane in the accent colour.
fn pane_block<'a>(theme: &Theme, title: Line<'a>, focused: bool) -> Block<'a> {
    Block::new()
        .borders(Borders::ALL)
        .border_type(BorderType::Rounded)
        .border_style(theme.border(focused))
        .title(title)
}

/// Is `pane` the focused one (only meaningful while browsing)?
fn focused(model: &Model, pane: Pane) -> bool {
    model.mode == Mode::Browse && model.focus == pane
}

/// The style of a row: selected in the focused pane, selected elsewhere, or plain.
fn row_style(model: &Model, pane: Pane, selected: bool) -> Style {
    match (
        selected,
        focused(model, pane) || matches!(model.mode, Mode::Prompt(_)),
    ) {
        (true, true) => model.theme.selected(),
        (true, false) => model.theme.selected_unfocused(),
        (false, _) => Style::new(),
    }
}

/// A rectangle of `width` × `height` centred in `area` (clamped to it).
fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let width = width.min(area.width);
    let height = height.min(area.height);
    Rect::new(
        area.x + (area.width - width) / 2,
        area.y + (area.height - height) / 2,
        width,
        height,
    )
}
