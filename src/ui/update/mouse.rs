//! The mouse: a click selects (a second click on the same row opens), the wheel scrolls
//! the pane under it.

use anyhow::Result;
use ratatui::crossterm::event::{MouseButton, MouseEvent, MouseEventKind};

use super::App;
use crate::ui::action::{Action, Mode, Pane};
use crate::ui::layout;

/// Lines the mouse wheel moves.
const WHEEL_STEP: usize = 3;

impl App {
    pub(crate) fn click(&mut self, column: u16, row: u16) -> Result<()> {
        if self.model.mode != Mode::Browse {
            return Ok(());
        }
        let Some((pane, rect)) = self.model.areas().pane_at(column, row) else {
            return Ok(());
        };
        self.model.focus = pane;
        let inner = layout::inner(rect);
        if row < inner.y || row >= inner.y + inner.height {
            return Ok(());
        }
        let line = usize::from(row - inner.y);
        match pane {
            Pane::Sidebar => match self
                .model
                .sidebar
                .entry_at_row(self.model.sidebar.offset + line)
            {
                Some(index) => self.select_view(index),
                None => Ok(()),
            },
            Pane::List => {
                let index = self.model.list.offset + line;
                if index >= self.model.list.total {
                    return Ok(());
                }
                let again = index == self.model.list.selected;
                self.select_story(index)?;
                if again { self.open_selected() } else { Ok(()) }
            }
            Pane::Story => Ok(()),
        }
    }

    pub(crate) fn wheel(&mut self, column: u16, row: u16, down: bool) -> Result<()> {
        if self.model.mode != Mode::Browse {
            return Ok(());
        }
        if let Some((pane, _)) = self.model.areas().pane_at(column, row) {
            self.model.focus = pane;
        }
        let delta = if down {
            WHEEL_STEP as isize
        } else {
            -(WHEEL_STEP as isize)
        };
        self.step(delta)
    }
}

pub(crate) fn mouse_action(mouse: MouseEvent) -> Option<Action> {
    let (column, row) = (mouse.column, mouse.row);
    match mouse.kind {
        MouseEventKind::Down(MouseButton::Left) => Some(Action::Click { column, row }),
        MouseEventKind::ScrollDown => Some(Action::Wheel {
            column,
            row,
            down: true,
        }),
        MouseEventKind::ScrollUp => Some(Action::Wheel {
            column,
            row,
            down: false,
        }),
        _ => None,
    }
}
