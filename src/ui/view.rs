//! Drawing: a pure function of the [`App`]. Each pane is a small widget that borrows the
//! state for one frame; nothing here reads the database, sanitizes or mutates.

mod list;
mod overlay;
mod sidebar;
mod status;
mod story;
mod text;

pub use text::{columns, fit, truncate};

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Block, BorderType, Borders};

use super::action::{Mode, Pane};
use super::app::App;
use super::theme::Theme;

/// Draws the whole reader for one frame.
pub fn draw(app: &App, frame: &mut Frame) {
    let areas = app.areas();
    if app.mode == Mode::Welcome
        || matches!(app.mode, Mode::Prompt(_) | Mode::Help) && !has_feeds(app)
    {
        overlay::welcome(app, frame, areas.main);
    } else {
        if let Some(rect) = areas.sidebar {
            sidebar::draw(app, frame, rect);
        }
        if let Some(rect) = areas.list {
            list::draw(app, frame, rect);
        }
        if let Some(rect) = areas.story {
            story::draw(app, frame, rect);
        }
    }
    status::draw(app, frame, areas.status);
    match &app.mode {
        Mode::Help => overlay::help(app, frame, areas.main),
        Mode::Confirm(question) => overlay::confirm(app, frame, areas.main, question),
        _ => {}
    }
}

fn has_feeds(app: &App) -> bool {
    app.sidebar
        .entries
        .iter()
        .any(|e| matches!(e.view, super::app::View::Feed { .. }))
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
fn focused(app: &App, pane: Pane) -> bool {
    app.mode == Mode::Browse && app.focus == pane
}

/// The style of a row: selected in the focused pane, selected elsewhere, or plain.
fn row_style(app: &App, pane: Pane, selected: bool) -> Style {
    match (
        selected,
        focused(app, pane) || matches!(app.mode, Mode::Prompt(_)),
    ) {
        (true, true) => app.theme.selected(),
        (true, false) => app.theme.selected_unfocused(),
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
