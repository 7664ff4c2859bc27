#![allow(clippy::unwrap_used)]
//! `[[highlight]]` in the story list: rows a highlight's query matches are drawn in its
//! style (the first match wins), and a write that makes a story match (a star) restyles
//! its row.

mod ui_support;

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::Modifier;
use tidings::config::Highlight;
use tidings::ui::draw;
use ui_support::{Harness, with_samples};

fn highlight(query: &str, style: &str) -> Highlight {
    Highlight {
        text: query.to_owned(),
        query: tidings::query::parse(query).unwrap(),
        style: style.parse().unwrap(),
    }
}

fn screen(harness: &Harness) -> Buffer {
    let (width, height) = harness.app.model.size;
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal
        .draw(|frame| draw(&harness.app.model, frame))
        .unwrap();
    terminal.backend().buffer().clone()
}

/// The modifiers of the cells that draw `title`'s first word on screen (`None`: the
/// title is not on screen).
fn title_modifiers(screen: &Buffer, title: &str) -> Option<Modifier> {
    let word = title.split_whitespace().next()?;
    let width = screen.area.width;
    for y in 0..screen.area.height {
        let line: String = (0..width).map(|x| screen[(x, y)].symbol()).collect();
        if let Some(at) = line.find(title.get(..title.len().min(20))?) {
            let x = u16::try_from(line[..at].chars().count()).unwrap();
            let last = x + u16::try_from(word.chars().count()).unwrap();
            let mut mods = screen[(x, y)].modifier;
            for x in x..last {
                mods &= screen[(x, y)].modifier;
            }
            return Some(mods);
        }
    }
    None
}

/// The titles of the stories loaded in the list, in order.
fn titles(harness: &Harness) -> Vec<(String, String)> {
    harness
        .app
        .model
        .list
        .articles
        .iter()
        .map(|a| (a.feed.clone(), a.title.clone()))
        .collect()
}

#[test]
fn rows_matching_a_highlight_take_its_style_and_the_first_match_wins() {
    let mut harness = with_samples(120, 40);
    harness.app.model.settings.highlights = vec![
        highlight("feed:garden", "underlined"),
        highlight("feed:garden or feed:tinkerer", "italic"),
    ];
    harness.app.reload().unwrap();
    let screen = screen(&harness);
    let stories = titles(&harness);
    let mut seen = [0; 3];
    for (feed, title) in stories.iter().take(20) {
        let Some(mods) = title_modifiers(&screen, title) else {
            continue;
        };
        let garden = feed.contains("Garden");
        let tinkerer = feed.contains("Tinkerer");
        assert_eq!(
            mods.contains(Modifier::UNDERLINED),
            garden,
            "{title}: {mods:?}"
        );
        assert_eq!(
            mods.contains(Modifier::ITALIC),
            tinkerer,
            "{title}: {mods:?}"
        );
        seen[usize::from(garden) + 2 * usize::from(tinkerer)] += 1;
    }
    assert!(
        seen.iter().all(|n| *n > 0),
        "rows of each kind on screen: {seen:?}"
    );
}

#[test]
fn starring_a_story_restyles_its_row() {
    let mut harness = with_samples(120, 40);
    harness.app.model.settings.highlights = vec![highlight("starred", "italic")];
    harness.app.reload().unwrap();
    let title = harness.selected_title();
    let before = title_modifiers(&screen(&harness), &title).unwrap();
    assert!(!before.contains(Modifier::ITALIC), "{before:?}");

    harness.keys("s");
    let after = title_modifiers(&screen(&harness), &title).unwrap();
    assert!(after.contains(Modifier::ITALIC), "{after:?}");

    harness.keys("s");
    let unstarred = title_modifiers(&screen(&harness), &title).unwrap();
    assert!(!unstarred.contains(Modifier::ITALIC), "{unstarred:?}");
}
