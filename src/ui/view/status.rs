//! The bottom line: counts, refresh progress and the last error or message — or, while a
//! prompt is open, the prompt with its completions.

use std::fmt::Write as _;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::text::{columns, truncate};
use crate::ui::action::{Mode, PromptKind};
use crate::ui::app::{App, RefreshState};

const SPINNER: [&str; 4] = ["|", "/", "-", "\\"];

/// Draws the status bar (or the open prompt) into `area`.
pub fn draw(app: &App, frame: &mut Frame, area: Rect) {
    let line = match app.mode {
        Mode::Prompt(kind) => prompt(app, kind, usize::from(area.width)),
        _ => status(app, usize::from(area.width)),
    };
    frame.render_widget(Paragraph::new(line), area);
}

fn prompt(app: &App, kind: PromptKind, width: usize) -> Line<'static> {
    let accent = Style::new()
        .fg(app.theme.accent)
        .add_modifier(Modifier::BOLD);
    let mut spans = vec![
        Span::styled(kind.label(), accent),
        Span::raw(app.prompt.input.clone()),
        Span::styled("█", Style::new().fg(app.theme.accent)),
    ];
    if kind == PromptKind::Tags {
        let used: usize = spans.iter().map(|s| columns(&s.content)).sum();
        let names: Vec<&str> = app
            .prompt
            .completions()
            .into_iter()
            .map(String::as_str)
            .collect();
        if !names.is_empty() {
            let list = format!("  [{}]", names.join(" "));
            spans.push(Span::styled(
                truncate(&list, width.saturating_sub(used)),
                app.theme.dim(),
            ));
        }
    }
    Line::from(spans)
}

fn status(app: &App, width: usize) -> Line<'static> {
    let mut left = String::new();
    if let Some(stats) = &app.status.stats {
        left = format!(
            " {} unread · {} stories · {} feeds ",
            stats.unread, stats.articles, stats.feeds
        );
    }
    if let RefreshState::Running { done, due, .. } = app.status.refresh {
        let spin = SPINNER[app.status.spinner % SPINNER.len()];
        let progress = if due > 0 {
            format!("{done}/{due}")
        } else {
            String::new()
        };
        let _ = write!(left, "{spin} refreshing {progress} ");
    }
    let help = " ?:help ";
    let room = width.saturating_sub(columns(&left) + help.len());
    let (note, style) = match (&app.status.error, &app.status.message) {
        (Some(error), _) => (error.clone(), app.theme.error()),
        (None, Some(message)) => (message.clone(), Style::new()),
        (None, None) => (String::new(), Style::new()),
    };
    let note = truncate(&note, room);
    let gap = " ".repeat(room.saturating_sub(columns(&note)));
    Line::from(vec![
        Span::styled(left, app.theme.dim()),
        Span::styled(note, style),
        Span::raw(gap),
        Span::styled(help, app.theme.dim()),
    ])
}
