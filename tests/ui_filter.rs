//! The list filter without a terminal: it narrows the shown view (AND with the view's
//! own condition), showing another view drops it, and a view saved from it combines both.

// Test code: a failure to set up is a test failure.
#![allow(clippy::unwrap_used)]

mod ui_support;

use ratatui::crossterm::event::KeyCode;
use tidings::store::ArticleFilter;
use tidings::ui::effect::Task;
use tidings::ui::model::View;
use ui_support::{Harness, with_samples};

/// Selects the sidebar entry showing `view` and opens it.
fn open_view(h: &mut Harness, view: &View) {
    h.keys("h");
    let at = h
        .app
        .model
        .sidebar
        .entries
        .iter()
        .position(|e| e.view == *view)
        .expect("the view is in the sidebar");
    h.keys("g");
    for _ in 0..at {
        h.keys("j");
    }
    h.press(KeyCode::Enter);
}

fn filter(h: &mut Harness, query: &str) {
    h.keys("f");
    h.keys(query);
    h.press(KeyCode::Enter);
}

fn count(h: &Harness, query: &str) -> usize {
    let filter = ArticleFilter {
        query: Some(tidings::query::parse(query).unwrap()),
        ..ArticleFilter::default()
    };
    usize::try_from(h.app.store().count_articles(&filter).unwrap()).unwrap()
}

#[test]
fn a_filter_narrows_the_view_shown_and_another_view_drops_it() {
    let mut h = with_samples(120, 40);
    let news = View::Tag("news".into());
    open_view(&mut h, &news);
    let in_view = h.app.model.list.total;
    filter(&mut h, "title:/^Video/");
    let both = count(&h, "tag:news title:/^Video/");
    assert!(both > 0 && both < in_view, "{both} of {in_view}");
    assert_eq!(h.app.model.list.total, both);
    assert!(
        h.app.model.list.label.contains("#news · title:/^Video/"),
        "{}",
        h.app.model.list.label.as_str()
    );
    open_view(&mut h, &View::All);
    assert!(h.app.model.filter.is_none());
    assert_eq!(h.app.model.list.total, count(&h, "read or unread"));
}

#[test]
fn saving_a_filtered_tag_view_combines_both_queries() {
    let mut h = with_samples(120, 40);
    open_view(&mut h, &View::Tag("news".into()));
    filter(&mut h, "unread");
    h.keys("V");
    h.keys("Mine");
    h.press(KeyCode::Enter);
    let tasks = h.take_tasks();
    let [Task::SaveView { name, query, .. }] = tasks.as_slice() else {
        panic!("{tasks:?}");
    };
    assert_eq!(name, "Mine");
    assert_eq!(query, "(tag:\"news\") (unread)");
    assert_eq!(
        count(&h, query),
        count(&h, "tag:news unread"),
        "the saved query selects what was shown"
    );
}
