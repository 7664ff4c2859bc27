//! `O`, `|` and `B` without a terminal: what they ask the runtime for, and what the
//! status bar says when there is nothing to do.

mod ui_support;

use ratatui::crossterm::event::KeyCode;
use tidings::config::PipeFormat;
use tidings::ui::Mode;
use tidings::ui::effect::Task;
use ui_support::with_samples;

#[test]
fn b_without_a_bookmark_command_says_how_to_set_one() {
    let mut h = with_samples(120, 40);
    h.keys("B");
    assert!(h.take_tasks().is_empty());
    let message = h.app.model.status.message.clone().unwrap_or_default();
    assert!(
        message.contains("set bookmark_command in [reader]"),
        "{message}"
    );
}

#[test]
fn b_with_a_bookmark_command_asks_for_the_selected_story() {
    let mut h = with_samples(120, 40);
    h.app.model.settings.programs.bookmark_command = Some("save-it --tag x".to_owned());
    let selected = h.app.model.selected_article().unwrap().id;
    h.keys("B");
    assert_eq!(
        h.take_tasks(),
        [Task::Bookmark {
            id: selected,
            command: "save-it --tag x".to_owned()
        }]
    );
}

#[test]
fn the_pipe_prompt_and_the_pipe_command_ask_for_a_pipe_in_the_configured_format() {
    let mut h = with_samples(120, 40);
    h.app.model.settings.programs.pipe_format = PipeFormat::Markdown;
    let selected = h.app.model.selected_article().unwrap().id;
    h.keys("|less -R");
    h.press(KeyCode::Enter);
    let expected = Task::Pipe {
        id: selected,
        command: "less -R".to_owned(),
        format: PipeFormat::Markdown,
    };
    assert_eq!(h.take_tasks(), std::slice::from_ref(&expected));
    // The prompt remembers it (this harness keeps no history file).
    assert_eq!(h.app.model.settings.programs.pipe_history, ["less -R"]);
    h.keys(":pipe less -R");
    h.press(KeyCode::Enter);
    let tasks = h.take_tasks();
    assert!(tasks.contains(&expected), "{tasks:?}");
    assert_eq!(h.app.model.settings.programs.pipe_history, ["less -R"]);
}

#[test]
fn the_picker_lists_the_open_storys_links_and_closes_on_esc() {
    let mut h = with_samples(120, 40);
    h.keys("jj");
    h.press(KeyCode::Enter);
    h.keys("O");
    assert_eq!(h.app.model.mode, Mode::PickLink);
    let picker = h.app.model.picker.clone();
    let labels: Vec<&str> = picker.links.iter().map(|l| l.label.as_str()).collect();
    assert_eq!(labels[..2], ["link", "[1]"], "{labels:?}");
    let links = h.app.model.reading.as_ref().unwrap().links().to_vec();
    assert_eq!(picker.links.len(), links.len() + 1);
    h.press(KeyCode::Esc);
    assert_eq!(h.app.model.mode, Mode::Browse);
    assert!(h.take_tasks().is_empty());
    // Enter on the second row opens numbered link [1].
    h.keys("Oj");
    h.press(KeyCode::Enter);
    let tasks = h.take_tasks();
    assert!(
        matches!(&tasks[..], [Task::OpenUrl(link)] if link.url == links[0]),
        "{tasks:?}"
    );
}
