//! The `:` command line: named commands with arguments, `;` sequences, completion, an
//! unknown command's error, and a history kept from one run of the reader to the next.

// Test code: a failure to set up is a test failure.
#![allow(clippy::unwrap_used)]

mod support;
mod ui_support;

use ratatui::crossterm::event::KeyCode;
use tidings::ui::model::View;
use ui_support::with_samples;

fn command(h: &mut ui_support::Harness, line: &str) {
    h.keys(":");
    h.keys(line);
    h.press(KeyCode::Enter);
}

#[test]
fn a_sequence_tags_and_stars_the_selected_story() {
    let mut h = with_samples(120, 40);
    let id = h.app.model.selected_article().unwrap().id;
    command(&mut h, "tag later \"long read\"; star");
    let story = h.app.store().story(id).unwrap().article;
    assert_eq!(story.tags, ["later", "long read"]);
    assert!(story.starred);
    assert!(h.app.model.status.error.is_none());
}

#[test]
fn view_and_filter_commands_change_the_list() {
    let mut h = with_samples(120, 40);
    command(&mut h, "view #tech");
    assert!(
        h.app.model.status.error.is_none(),
        "{:?}",
        h.app.model.status.error
    );
    assert_eq!(h.app.model.list.view, Some(View::Tag("tech".into())));
    let tech = h.app.model.list.total;
    command(&mut h, "filter unread; set rtl on");
    assert!(h.app.model.filter.is_some());
    assert!(h.app.model.settings.rtl);
    assert!(h.app.model.list.total <= tech);
}

#[test]
fn an_unknown_command_is_an_error_naming_it_and_nothing_runs() {
    let mut h = with_samples(120, 40);
    let id = h.app.model.selected_article().unwrap().id;
    command(&mut h, "frobnicate; star");
    let error = h.app.model.status.error.as_deref().unwrap().to_owned();
    assert!(error.contains("frobnicate: no such command"), "{error}");
    assert!(!h.app.store().story(id).unwrap().article.starred);
}

#[test]
fn tab_completes_names_and_up_recalls_the_last_line() {
    let mut h = with_samples(120, 40);
    h.keys(":toggle_s");
    h.press(KeyCode::Tab);
    assert_eq!(h.app.model.prompt.input, "toggle_star ");
    h.press(KeyCode::Esc);
    h.keys(":view #te");
    h.press(KeyCode::Tab);
    // Tags complete after a command name (`#tech` is the tag view's label).
    assert_eq!(h.app.model.prompt.input, "view #tech ");
    h.press(KeyCode::Esc);
    command(&mut h, "set rtl toggle");
    h.keys(":");
    h.press(KeyCode::Up);
    assert_eq!(h.app.model.prompt.input, "set rtl toggle");
    h.press(KeyCode::Down);
    assert_eq!(h.app.model.prompt.input, "");
    let file = std::fs::read_to_string(h.dir.path().join("command_history")).ok();
    assert!(
        file.is_none(),
        "tasks run in the runtime, not in the harness"
    );
    let tasks = h.take_tasks();
    assert!(
        tasks.iter().any(|t| matches!(
            t,
            tidings::ui::effect::Task::RememberCommand { line, .. } if line == "set rtl toggle"
        )),
        "{tasks:?}"
    );
}

#[test]
fn the_history_survives_a_restart() {
    use support::sandbox::{ATOM, Sandbox, TEST_CONFIG, fixture};
    let sandbox = Sandbox::with_config(TEST_CONFIG);
    sandbox.run(&["add", fixture(ATOM).to_str().unwrap()]);
    let start = || {
        let env = format!("XDG_DATA_HOME={}", sandbox.path("data").display());
        support::tmux::reader(
            sandbox.dir.path(),
            &sandbox.db(),
            &sandbox.path("config.toml"),
            &env,
        )
    };
    let tmux = start();
    tmux.wait_for("All (6)");
    tmux.send(&[":"]);
    tmux.type_text("set rtl on");
    tmux.send(&["Enter"]);
    tmux.wait_for("Right-to-left reordering on");
    tmux.send(&["q"]);
    tmux.wait_for("TIDINGS-EXITED:0");
    drop(tmux);

    let tmux = start();
    tmux.wait_for("All (6)");
    tmux.send(&[":"]);
    tmux.send(&["Up"]);
    tmux.wait_for(":set rtl on");
    tmux.send(&["Escape"]);
    // Esc and a key sent together can read as Alt and the key: let the Esc land first.
    tmux.wait_gone(":set rtl on");
    tmux.send(&["q"]);
    tmux.wait_for("TIDINGS-EXITED:0");
}
