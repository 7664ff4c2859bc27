//! Where each pane goes for a terminal size: three panes side by side from 100 columns,
//! one at a time below. Shared by drawing and by mouse hit-testing, so both agree.

use ratatui::layout::Rect;

use super::action::Pane;

/// Terminals narrower than this show one pane at a time.
pub(crate) const WIDE: u16 = 100;

/// The screen areas for one frame; a pane that is not shown has no area.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Areas {
    pub sidebar: Option<Rect>,
    pub list: Option<Rect>,
    pub story: Option<Rect>,
    /// Everything above the status bar.
    pub main: Rect,
    /// The bottom line: counts, progress, errors, or the prompt.
    pub status: Rect,
}

impl Areas {
    /// The pane under a screen cell, if any.
    pub(crate) fn pane_at(&self, column: u16, row: u16) -> Option<(Pane, Rect)> {
        let hit = |rect: Option<Rect>| rect.filter(|r| r.contains((column, row).into()));
        if let Some(r) = hit(self.sidebar) {
            return Some((Pane::Sidebar, r));
        }
        if let Some(r) = hit(self.list) {
            return Some((Pane::List, r));
        }
        hit(self.story).map(|r| (Pane::Story, r))
    }
}

/// Lays out a `width` × `height` screen with `focus` as the pane shown when narrow.
pub fn areas(width: u16, height: u16, focus: Pane) -> Areas {
    let main = Rect::new(0, 0, width, height.saturating_sub(1));
    let status = Rect::new(0, height.saturating_sub(1), width, height.min(1));
    if width < WIDE {
        let mut areas = Areas {
            main,
            status,
            ..Areas::default()
        };
        match focus {
            Pane::Sidebar => areas.sidebar = Some(main),
            Pane::List => areas.list = Some(main),
            Pane::Story => areas.story = Some(main),
        }
        return areas;
    }
    let sidebar_width = (width / 5).clamp(20, 32);
    let rest = width - sidebar_width;
    let list_width = rest * 2 / 5;
    let story_width = rest - list_width;
    let at = |x: u16, w: u16| Rect::new(x, 0, w, main.height);
    Areas {
        sidebar: Some(at(0, sidebar_width)),
        list: Some(at(sidebar_width, list_width)),
        story: Some(at(sidebar_width + list_width, story_width)),
        main,
        status,
    }
}

/// The inside of a bordered pane.
pub(crate) fn inner(rect: Rect) -> Rect {
    Rect::new(
        rect.x.saturating_add(1),
        rect.y.saturating_add(1),
        rect.width.saturating_sub(2),
        rect.height.saturating_sub(2),
    )
}

/// Columns a story is wrapped at in a pane of this outer area (borders and a one-column
/// margin on each side taken off).
pub(crate) fn text_width(rect: Rect) -> usize {
    usize::from(rect.width.saturating_sub(4)).max(10)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_terminals_get_three_panes() {
        let areas = areas(120, 40, Pane::List);
        let (s, l, t) = (
            areas.sidebar.unwrap(),
            areas.list.unwrap(),
            areas.story.unwrap(),
        );
        assert_eq!(s.width + l.width + t.width, 120);
        assert_eq!(areas.status, Rect::new(0, 39, 120, 1));
    }

    #[test]
    fn narrow_terminals_show_the_focused_pane_only() {
        let areas = areas(80, 24, Pane::Story);
        assert_eq!(areas.story, Some(Rect::new(0, 0, 80, 23)));
        assert!(areas.sidebar.is_none() && areas.list.is_none());
    }

    #[test]
    fn tiny_terminals_do_not_underflow() {
        let areas = areas(0, 0, Pane::List);
        assert_eq!(areas.main.height, 0);
        assert_eq!(inner(Rect::new(0, 0, 1, 1)).width, 0);
    }
}
