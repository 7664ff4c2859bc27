//! Things drawn over the panes: the welcome view, the help overlay listing every key,
//! and the delete confirmation.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Clear, Paragraph, Wrap};

use super::centered;
use crate::ui::action::Confirmation;
use crate::ui::model::Model;
use crate::ui::text::fit;

/// The first-run screen: what tidings is and the three ways to get feeds.
pub fn welcome(model: &Model, frame: &mut Frame, area: Rect) {
    let accent = Style::new()
        .fg(model.theme.accent)
        .add_modifier(Modifier::BOLD);
    let key = |k: &'static str, text: &'static str| {
        Line::from(vec![
            Span::styled(format!("  [{k}] "), accent),
            Span::raw(text),
        ])
    };
    let lines = vec![
        Line::styled("Welcome to tidings", accent),
        Line::raw(""),
        Line::raw("You have no subscriptions yet. To start:"),
        Line::raw(""),
        key("s", "load the sample feeds (offline, English and Arabic)"),
        key("a", "add a feed or site by URL"),
        key("i", "import an OPML or newsboat urls file"),
        key("q", "quit"),
        Line::raw(""),
        Line::styled(
            "Press ? for every key once you are reading.",
            model.theme.dim(),
        ),
    ];
    let box_area = centered(area, 64, 14);
    let block = Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(model.theme.border(true));
    frame.render_widget(Clear, box_area);
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .block(block),
        box_area,
    );
}

/// Every action with its keys, in two columns when there is room; scrolls with j/k
/// when the screen is too short.
pub fn help(model: &Model, frame: &mut Frame, area: Rect) {
    // Keys, the command's name (for `:` and `[keys]`), what it does.
    let mut items: Vec<(String, &str, String)> = model
        .keymap
        .help()
        .iter()
        .map(|(name, text, keys)| (keys.join(" "), *name, (*text).to_owned()))
        .collect();
    // The config's bindings: keys, the pane (none: everywhere), the description or
    // else the command line, with the line after the description.
    items.extend(model.keymap.bound().iter().map(|b| {
        let text = match &b.help {
            Some(help) => format!("{help} ({})", b.run),
            None => b.run.to_string(),
        };
        (b.keys.to_string(), b.pane.unwrap_or(""), text)
    }));
    items.push(("1-9".to_owned(), "", "follow numbered link".to_owned()));
    items.push(("mouse".to_owned(), "", "select; wheel scrolls".to_owned()));
    // Commands with arguments are typed at the command line.
    items.extend(
        crate::ui::command::WITH_ARGUMENTS
            .iter()
            .map(|(name, usage)| (":".to_owned(), *name, (*usage).to_owned())),
    );
    let columns = if area.width >= 110 { 2 } else { 1 };
    let column_width = usize::from(area.width.saturating_sub(2)) / columns;
    let column_width = column_width.min(56);
    let rows = items.len().div_ceil(columns);
    let width = (column_width * columns + 2) as u16;
    let box_area = centered(area, width, rows as u16 + 2);
    let visible = usize::from(box_area.height.saturating_sub(2));
    let scroll = model.help_scroll.min(rows.saturating_sub(visible));
    let key_style = Style::new()
        .fg(model.theme.accent)
        .add_modifier(Modifier::BOLD);
    let lines: Vec<Line> = (scroll..rows)
        .map(|row| {
            let mut spans = Vec::new();
            for column in 0..columns {
                if let Some((keys, name, text)) = items.get(column * rows + row) {
                    spans.push(Span::styled(fit(keys, 12), key_style));
                    spans.push(Span::raw(" "));
                    spans.push(Span::styled(fit(name, 15), model.theme.dim()));
                    spans.push(Span::raw(" "));
                    spans.push(Span::raw(fit(text, column_width.saturating_sub(29))));
                }
            }
            Line::from(spans)
        })
        .collect();
    let title = if visible < rows {
        " Keys (j/k scroll, any key closes) "
    } else {
        " Keys (any key closes) "
    };
    let block = Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(model.theme.border(true))
        .title(title);
    frame.render_widget(Clear, box_area);
    frame.render_widget(Paragraph::new(lines).block(block), box_area);
}

/// A yes/no question.
pub(crate) fn confirm(model: &Model, frame: &mut Frame, area: Rect, question: &Confirmation) {
    let Confirmation::DeleteFeed { title, .. } = question;
    let lines = vec![
        Line::raw(format!("Unsubscribe from {title}?")),
        Line::styled(
            "Its stories are deleted; starred ones are kept.",
            model.theme.dim(),
        ),
        Line::raw(""),
        Line::styled(
            "[y] yes   [n] no",
            Style::new().add_modifier(Modifier::BOLD),
        ),
    ];
    let box_area = centered(area, 60, 6);
    let block = Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(model.theme.error());
    frame.render_widget(Clear, box_area);
    frame.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: true }).block(block),
        box_area,
    );
}
