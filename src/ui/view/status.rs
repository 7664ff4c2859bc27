//! The bottom line: counts, background work (refresh progress, a search, indexing) and
//! the last error or message — or, while a prompt is open, the prompt with its completions.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use crate::sanitize::SafeText;
use crate::ui::action::{Mode, PromptKind};
use crate::ui::model::{Model, RefreshState};
use crate::ui::text::{columns, truncate};

const SPINNER: [&str; 4] = ["|", "/", "-", "\\"];

/// Draws the status bar (or the open prompt) into `area`.
pub fn draw(model: &Model, frame: &mut Frame, area: Rect) {
    let line = match model.mode {
        Mode::Prompt(kind) => prompt(model, kind, usize::from(area.width)),
        _ => status(model, usize::from(area.width)),
    };
    frame.render_widget(Paragraph::new(line), area);
}

fn prompt(model: &Model, kind: PromptKind, width: usize) -> Line<'static> {
    let accent = Style::new()
        .fg(model.theme.accent)
        .add_modifier(Modifier::BOLD);
    let mut spans = vec![
        Span::styled(kind.label(), accent),
        Span::raw(model.prompt.input.clone()),
        Span::styled("█", Style::new().fg(model.theme.accent)),
    ];
    if kind == PromptKind::Tags {
        let used: usize = spans.iter().map(|s| columns(&s.content)).sum();
        let names: Vec<&str> = model
            .prompt
            .completions()
            .into_iter()
            .map(SafeText::as_str)
            .collect();
        if !names.is_empty() {
            let list = format!("  [{}]", names.join(" "));
            spans.push(Span::styled(
                truncate(&list, width.saturating_sub(used)),
                model.theme.dim(),
            ));
        }
    }
    Line::from(spans)
}

fn status(model: &Model, width: usize) -> Line<'static> {
    let mut left = String::new();
    if let Some(stats) = &model.status.stats {
        left = format!(
            " {} unread · {} stories · {} feeds ",
            stats.unread, stats.articles, stats.feeds
        );
    }
    left.push_str(&activity(model));
    let help = " ?:help ";
    let room = width.saturating_sub(columns(&left) + help.len());
    // The keys of a chain typed so far, in place of the last message while it waits.
    let chain = model.pending_keys.as_ref().map(|p| {
        let keys: Vec<String> = p.keys.iter().map(ToString::to_string).collect();
        // Config text, but shown on screen all the same: made safe like any other.
        SafeText::line(&format!("{} …", keys.join(" ")))
    });
    let (note, style) = match (&chain, &model.status.error, &model.status.message) {
        (Some(chain), _, _) => (chain.as_str(), Style::new().fg(model.theme.accent)),
        (None, Some(error), _) => (error.as_str(), model.theme.error()),
        (None, None, Some(message)) => (message.as_str(), Style::new()),
        (None, None, None) => ("", Style::new()),
    };
    let note = truncate(note, room);
    let gap = " ".repeat(room.saturating_sub(columns(&note)));
    Line::from(vec![
        Span::styled(left, model.theme.dim()),
        Span::styled(note, style),
        Span::raw(gap),
        Span::styled(help, model.theme.dim()),
    ])
}

/// What runs in the background, after one spinner: refreshing, searching, indexing.
fn activity(model: &Model) -> String {
    let mut parts = Vec::new();
    if let RefreshState::Running { done, due, .. } = model.status.refresh {
        parts.push(if due > 0 {
            format!("refreshing {done}/{due}")
        } else {
            "refreshing".to_owned()
        });
    }
    if model.work.search.is_some() {
        parts.push("searching…".to_owned());
    }
    if let Some(pending) = model.status.indexing {
        parts.push(format!("indexing {pending} stories…"));
    }
    if parts.is_empty() {
        return String::new();
    }
    let spin = SPINNER[model.status.spinner % SPINNER.len()];
    format!("{spin} {} ", parts.join(" · "))
}
