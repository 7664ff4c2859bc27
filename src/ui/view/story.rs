//! The story pane: the open story's header, sanitized body and numbered links, styled
//! by the theme, scrolled, and right-aligned where a paragraph reads right to left.

use ratatui::Frame;
use ratatui::layout::{Alignment, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::{focused, pane_block};
use crate::ui::action::Pane;
use crate::ui::bidi::{DisplayLine, LineKind};
use crate::ui::hyperlink::{self, Links};
use crate::ui::layout;
use crate::ui::model::{Body, Model};

/// Draws the open story (or a hint) into `area`.
pub fn draw(model: &Model, frame: &mut Frame, area: Rect) {
    let block = pane_block(&model.theme, title(model), focused(model, Pane::Story));
    let inner = layout::inner(area);
    frame.render_widget(block, area);
    // One column of margin on each side.
    let text_area = Rect::new(
        inner.x + 1,
        inner.y,
        inner.width.saturating_sub(2),
        inner.height,
    );
    let Some(reading) = &model.reading else {
        let hint = Line::styled("Select a story and press Enter.", model.theme.dim());
        frame.render_widget(Paragraph::new(hint), text_area);
        return;
    };
    let lines: Vec<Line> = reading
        .lines()
        .skip(reading.scroll)
        .take(usize::from(text_area.height))
        .map(|line| to_line(model, line))
        .collect();
    frame.render_widget(Paragraph::new(lines), text_area);
    if model.settings.hyperlinks {
        let visible = reading
            .lines()
            .skip(reading.scroll)
            .take(usize::from(text_area.height));
        let links = Links {
            story: reading.story_uri.as_deref(),
            numbered: reading.hyperlinks(),
        };
        hyperlink::mark(frame.buffer_mut(), text_area, visible, &links);
    }
}

fn title(model: &Model) -> Line<'static> {
    let Some(reading) = &model.reading else {
        return Line::from(" Story ");
    };
    let total = reading.line_count();
    let percent = ((reading.scroll + 1) * 100)
        .checked_div(total)
        .map_or(100, |p| p.min(100));
    let star = if reading.article.starred { " ★" } else { "" };
    let rtl = if model.settings.rtl { " RTL" } else { "" };
    let body = match reading.body {
        Body::Feed => "",
        Body::Fetching => " · fetching page…",
        Body::FullText(_) => " · full text",
    };
    Line::from(format!(" Story{star}{rtl}{body} {percent}% "))
}

fn to_line(model: &Model, line: &DisplayLine) -> Line<'static> {
    let base = match line.kind {
        LineKind::Title => Style::new()
            .fg(model.theme.heading)
            .add_modifier(Modifier::BOLD),
        LineKind::Meta | LineKind::StoryLink => model.theme.dim(),
        LineKind::Body => Style::new(),
    };
    let spans: Vec<Span> = line
        .spans
        .iter()
        .map(|span| {
            Span::styled(
                span.text.to_string(),
                base.patch(model.theme.story(span.style)),
            )
        })
        .collect();
    let alignment = if line.align_right {
        Alignment::Right
    } else {
        Alignment::Left
    };
    Line::from(spans).alignment(alignment)
}
