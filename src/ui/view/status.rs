//! The bottom line: counts, background work (refresh progress, a search, indexing) and
//! the last error or message — or, while a prompt is open, the prompt with its completions.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::text::{columns, truncate};
use crate::sanitize::SafeText;
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
            .map(SafeText::as_str)
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
    left.push_str(&activity(app));
    let help = " ?:help ";
    let room = width.saturating_sub(columns(&left) + help.len());
    let (note, style) = match (&app.status.error, &app.status.message) {
        (Some(error), _) => (error.as_str(), app.theme.error()),
        (None, Some(message)) => (message.as_str(), Style::new()),
        (None, None) => ("", Style::new()),
    };
    let note = truncate(note, room);
    let gap = " ".repeat(room.saturating_sub(columns(&note)));
    Line::from(vec![
        Span::styled(left, app.theme.dim()),
        Span::styled(note, style),
        Span::raw(gap),
        Span::styled(help, app.theme.dim()),
    ])
}

/// What runs in the background, after one spinner: refreshing, searching, indexing.
fn activity(app: &App) -> String {
    let mut parts = Vec::new();
    if let RefreshState::Running { done, due, .. } = app.status.refresh {
        parts.push(if due > 0 {
            format!("refreshing {done}/{due}")
        } else {
            "refreshing".to_owned()
        });
    }
    if app.work.search.is_some() {
        parts.push("searching…".to_owned());
    }
    if let Some(pending) = app.status.indexing {
        parts.push(format!("indexing {pending} stories…"));
    }
    if parts.is_empty() {
        return String::new();
    }
    let spin = SPINNER[app.status.spinner % SPINNER.len()];
    format!("{spin} {} ", parts.join(" · "))
}
