//! The reader's behaviour without a terminal: build an `App` over an in-memory store,
//! apply keys and events, and check its state and the database.

mod ui_support;

use ratatui::crossterm::event::KeyCode;
use tidings::refresh::{FeedReport, Outcome};
use tidings::store::{ArticleFilter, FeedId};
use tidings::ui::effect::Task;
use tidings::ui::model::{RefreshState, View};
use tidings::ui::{Action, Event, Mode, Pane};
use ui_support::{empty, with_samples};

#[test]
fn first_run_shows_the_welcome_view() {
    let h = empty(120, 40);
    assert_eq!(h.app.model.mode, Mode::Welcome);
    assert!(h.app.model.list.articles.is_empty());
}

#[test]
fn s_on_the_welcome_view_loads_the_samples_offline() {
    let h = with_samples(120, 40);
    assert_eq!(h.app.model.mode, Mode::Browse);
    assert_eq!(h.app.store().feeds().unwrap().len(), 3);
    assert_eq!(h.app.model.list.articles.len(), 14);
    assert_eq!(h.app.model.list.view, Some(View::All));
    assert!(
        h.dir
            .path()
            .join("samples/ammar-magazine.atom.xml")
            .exists()
    );
}

#[test]
fn j_and_k_move_the_selection() {
    let mut h = with_samples(120, 40);
    h.keys("jj");
    assert_eq!(h.app.model.list.selected, 2);
    h.keys("k");
    assert_eq!(h.app.model.list.selected, 1);
    h.keys("kkkk");
    assert_eq!(h.app.model.list.selected, 0);
    h.keys("G");
    assert_eq!(h.app.model.list.selected, 13);
    h.keys("g");
    assert_eq!(h.app.model.list.selected, 0);
}

#[test]
fn enter_opens_the_story_and_marks_it_read() {
    let mut h = with_samples(120, 40);
    h.keys("jj");
    h.press(KeyCode::Enter);
    let reading = h.app.model.reading.as_ref().expect("a story is open");
    assert_eq!(
        reading.article.title,
        "Right-to-left text in the terminal is still hard"
    );
    assert_eq!(h.app.model.focus, Pane::Story);
    assert!(h.app.model.list.articles[2].read);
    let unread = h
        .app
        .store()
        .articles(&ArticleFilter {
            unread_only: true,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(unread.len(), 13);
    assert!(!reading.links().is_empty(), "numbered links are kept");
}

#[test]
fn r_toggles_read_and_s_toggles_the_star() {
    let mut h = with_samples(120, 40);
    h.keys("rs");
    let id = h.app.model.list.articles[0].id;
    let story = h.app.store().story(id).unwrap();
    assert!(story.article.read && story.article.starred);
    h.keys("rs");
    let story = h.app.store().story(id).unwrap();
    assert!(!story.article.read && !story.article.starred);
}

#[test]
fn t_sets_tags_with_completion_from_existing_tags() {
    let mut h = with_samples(120, 40);
    h.keys("t");
    assert_eq!(
        h.app.model.mode,
        Mode::Prompt(tidings::ui::action::PromptKind::Tags)
    );
    h.keys("te");
    h.press(KeyCode::Tab);
    assert_eq!(h.app.model.prompt.input, "tech, ");
    h.keys("later");
    h.press(KeyCode::Enter);
    assert_eq!(h.app.model.mode, Mode::Browse);
    let id = h.app.model.list.articles[0].id;
    assert_eq!(
        h.app.store().story(id).unwrap().article.tags,
        ["later", "tech"]
    );
    h.keys("t");
    h.press(KeyCode::Backspace);
    h.press(KeyCode::Backspace);
    for _ in 0.."tech".len() {
        h.press(KeyCode::Backspace);
    }
    h.press(KeyCode::Enter);
    assert_eq!(h.app.store().story(id).unwrap().article.tags, ["later"]);
}

#[test]
fn search_results_are_a_view_and_esc_leaves_it() {
    let mut h = with_samples(120, 40);
    h.keys("/ceasefire");
    h.press(KeyCode::Enter);
    assert_eq!(
        h.app.model.list.view,
        Some(View::Search("ceasefire".into()))
    );
    assert!(!h.app.model.list.articles.is_empty());
    assert!(
        h.app
            .model
            .sidebar
            .entries
            .iter()
            .any(|e| e.view == View::Search("ceasefire".into()))
    );
    h.press(KeyCode::Esc);
    assert_eq!(h.app.model.list.view, Some(View::All));
}

#[test]
fn a_bad_search_is_an_error_in_the_status_bar() {
    let mut h = with_samples(120, 40);
    h.keys("/\"unclosed");
    h.press(KeyCode::Enter);
    assert!(h.app.model.status.error.is_some());
    assert_eq!(h.app.model.list.view, Some(View::All));
}

#[test]
fn n_and_shift_n_move_between_unread_stories() {
    let mut h = with_samples(120, 40);
    h.keys("jrj");
    h.keys("k");
    assert_eq!(h.app.model.list.selected, 1);
    h.keys("n");
    assert_eq!(h.app.model.list.selected, 2);
    h.keys("N");
    assert_eq!(h.app.model.list.selected, 0);
}

#[test]
fn capital_a_marks_the_view_read() {
    let mut h = with_samples(120, 40);
    h.keys("A");
    assert_eq!(h.app.store().stats().unwrap().unread, 0);
    assert!(h.app.model.list.articles.iter().all(|a| a.read));
}

#[test]
fn the_sidebar_selects_tag_and_feed_views() {
    let mut h = with_samples(120, 40);
    h.keys("h");
    assert_eq!(h.app.model.focus, Pane::Sidebar);
    h.keys("jjjj");
    assert_eq!(h.app.model.list.view, Some(View::Tag("news".into())));
    assert_eq!(h.app.model.list.articles.len(), 6);
    h.keys("jj");
    assert!(matches!(h.app.model.list.view, Some(View::Feed { .. })));
    h.press(KeyCode::Enter);
    assert_eq!(h.app.model.focus, Pane::List);
}

#[test]
fn d_deletes_a_feed_only_after_confirmation() {
    let mut h = with_samples(120, 40);
    h.keys("hjjjjjjd");
    assert!(matches!(h.app.model.mode, Mode::Confirm(_)));
    h.keys("n");
    assert_eq!(h.app.store().feeds().unwrap().len(), 3);
    h.keys("dy");
    assert_eq!(h.app.store().feeds().unwrap().len(), 2);
    assert_eq!(h.app.model.mode, Mode::Browse);
    assert_eq!(h.app.model.list.view, Some(View::All));
}

#[test]
fn refresh_runs_once_at_a_time_and_reports_progress() {
    let mut h = with_samples(120, 40);
    h.keys("R");
    h.keys("R");
    let tasks = h.take_tasks();
    assert_eq!(
        tasks,
        [Task::Refresh {
            feeds: vec![],
            force: true
        }]
    );
    h.app.on_event(Event::RefreshStarted { due: 3 });
    let report = FeedReport {
        id: FeedId(1),
        url: "file:///x".into(),
        title: Some("X".into()),
        outcome: Outcome::Failed("fetching file:///x: gone".into()),
    };
    h.app.on_event(Event::FeedRefreshed(report));
    assert_eq!(
        h.app.model.status.refresh,
        RefreshState::Running {
            done: 1,
            due: 3,
            new: 0
        }
    );
    assert!(
        h.app
            .model
            .status
            .error
            .as_deref()
            .unwrap()
            .contains("gone")
    );
    h.app.on_event(Event::RefreshFinished(Ok(0)));
    assert_eq!(h.app.model.status.refresh, RefreshState::Idle);
}

#[test]
fn narrow_terminals_show_one_pane_and_esc_goes_back() {
    let mut h = with_samples(80, 24);
    assert!(h.app.model.areas().sidebar.is_none());
    h.press(KeyCode::Enter);
    assert_eq!(h.app.model.focus, Pane::Story);
    assert!(h.app.model.areas().story.is_some() && h.app.model.areas().list.is_none());
    h.press(KeyCode::Esc);
    assert_eq!(h.app.model.focus, Pane::List);
}

#[test]
fn b_reorders_right_to_left_stories() {
    let mut h = with_samples(120, 40);
    h.keys("jjj");
    h.press(KeyCode::Enter);
    let lines = |h: &ui_support::Harness| -> Vec<_> {
        let reading = h.app.model.reading.as_ref().unwrap();
        reading.lines().cloned().collect()
    };
    let logical = lines(&h);
    assert!(logical.iter().all(|l| !l.align_right));
    h.keys("b");
    let visual = lines(&h);
    assert!(visual.iter().filter(|l| l.align_right).count() > 5);
    assert_ne!(logical, visual);
}

#[test]
fn space_scrolls_the_story_and_resize_rewraps_it() {
    let mut h = with_samples(120, 20);
    h.keys("j");
    h.press(KeyCode::Enter);
    h.keys(" ");
    assert!(h.app.model.reading.as_ref().unwrap().scroll > 0);
    let width = h.app.model.reading.as_ref().unwrap().width();
    h.app.on_event(Event::Resized {
        width: 160,
        height: 40,
    });
    assert!(h.app.model.reading.as_ref().unwrap().width() > width);
}

#[test]
fn clicks_select_and_the_wheel_scrolls() {
    let mut h = with_samples(120, 40);
    let list = h.app.model.areas().list.unwrap();
    h.app.update(Action::Click {
        column: list.x + 3,
        row: list.y + 4,
    });
    assert_eq!(h.app.model.list.selected, 3);
    h.app.update(Action::Click {
        column: list.x + 3,
        row: list.y + 4,
    });
    assert!(h.app.model.reading.is_some(), "a second click opens");
    h.app.update(Action::Wheel {
        column: list.x + 3,
        row: list.y + 4,
        down: true,
    });
    assert_eq!(h.app.model.list.selected, 6);
}

#[test]
fn help_opens_and_any_key_closes_it() {
    let mut h = with_samples(120, 40);
    h.keys("?");
    assert_eq!(h.app.model.mode, Mode::Help);
    h.keys("x");
    assert_eq!(h.app.model.mode, Mode::Browse);
}

#[test]
fn q_quits() {
    let mut h = with_samples(120, 40);
    h.keys("q");
    assert!(h.app.model.quit);
}
