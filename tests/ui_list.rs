//! The story list as a window on a long view: only the rows around the screen are loaded,
//! yet every key behaves as if the whole view were there.

// Fixture builders fail the test when setup fails, so unwrap is the right call there too.
#![allow(clippy::unwrap_used)]

mod ui_support;

use chrono::{Duration, TimeZone, Utc};
use ratatui::crossterm::event::KeyCode;
use tidings::feed::{FeedKind, ParsedEntry, ParsedFeed};
use tidings::store::{ArticleFilter, NewFeed, Store};
use tidings::ui::model::{LIST_MARGIN, View};
use tidings::ui::{Event, Pane};
use ui_support::Harness;

const STORIES: usize = 3000;
/// The newest stories are read, so the first unread one is far below the first window.
const READ: usize = 500;

/// A reader at 120×40 over one feed of [`STORIES`] stories, "Story 0" the oldest.
fn long_view() -> Harness {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&ui_support::db_path(dir.path())).unwrap();
    let feed = store
        .add_feed(&NewFeed {
            url: "http://a/".into(),
            ..NewFeed::default()
        })
        .unwrap();
    let start = Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).unwrap();
    let entries = (0..STORIES)
        .map(|n| ParsedEntry {
            guid: format!("g{n}"),
            link: None,
            title: format!("Story {n}"),
            author: None,
            published: Some(start + Duration::minutes(n as i64)),
            updated: None,
            content_html: format!("<p>Body {n}</p>"),
            base_url: None,
            categories: vec![],
            enclosures: Vec::new(),
        })
        .collect();
    let parsed = ParsedFeed {
        kind: FeedKind::Rss2,
        title: Some("Feed".into()),
        link: None,
        ttl_minutes: None,
        entries,
        warning: None,
    };
    store.save_feed(feed, &parsed).unwrap();
    let newest = store
        .articles(&ArticleFilter {
            limit: Some(READ),
            ..ArticleFilter::default()
        })
        .unwrap();
    let ids: Vec<_> = newest.iter().map(|a| a.id).collect();
    store.set_read(&ids, true).unwrap();
    ui_support::harness(store, dir, 120, 40)
}

/// The selected story's title, checked against the store at the same position.
fn selected_matches_the_store(h: &Harness) -> String {
    let list = &h.app.model.list;
    let filter = list.view.as_ref().and_then(View::filter).unwrap();
    let at = ArticleFilter {
        offset: list.selected,
        limit: Some(1),
        ..filter
    };
    let expected = h.app.store().articles(&at).unwrap().remove(0);
    assert_eq!(
        h.selected_title(),
        expected.title,
        "at position {}",
        list.selected
    );
    expected.title
}

fn window_is_small(h: &Harness) {
    let loaded = h.app.model.list.articles.len();
    assert!(loaded <= 40 + 2 * LIST_MARGIN, "{loaded} stories loaded");
}

#[test]
fn a_long_view_is_counted_but_only_a_window_is_loaded() {
    let h = long_view();
    assert_eq!(h.app.model.list.total, STORIES);
    window_is_small(&h);
    assert_eq!(h.selected_title(), format!("Story {}", STORIES - 1));
}

#[test]
fn capital_g_and_g_jump_to_the_ends_of_the_whole_view() {
    let mut h = long_view();
    h.keys("G");
    assert_eq!(h.app.model.list.selected, STORIES - 1);
    assert_eq!(h.selected_title(), "Story 0");
    window_is_small(&h);
    h.keys("kk");
    selected_matches_the_store(&h);
    h.keys("g");
    assert_eq!(h.selected_title(), format!("Story {}", STORIES - 1));
}

#[test]
fn paging_through_windows_shows_every_story_in_order() {
    let mut h = long_view();
    for _ in 0..20 {
        h.press(KeyCode::PageDown);
        selected_matches_the_store(&h);
        window_is_small(&h);
    }
    for _ in 0..200 {
        h.keys("j");
    }
    selected_matches_the_store(&h);
}

#[test]
fn n_finds_the_first_unread_story_beyond_the_loaded_window() {
    let mut h = long_view();
    h.keys("n");
    assert_eq!(h.app.model.list.selected, READ);
    assert!(!h.app.model.selected_article().unwrap().read);
    h.keys("N");
    assert_eq!(
        h.app.model.status.message.as_deref(),
        Some("No more unread stories in this view")
    );
}

#[test]
fn reading_in_the_unread_view_takes_the_story_out_and_keeps_the_place() {
    let mut h = long_view();
    h.keys("hj");
    assert_eq!(h.app.model.list.view, Some(View::Unread));
    h.press(KeyCode::Tab);
    h.keys("jj");
    let first = selected_matches_the_store(&h);
    h.press(KeyCode::Enter);
    assert_eq!(h.app.model.focus, Pane::Story);
    assert_eq!(h.app.model.list.total, STORIES - READ - 1);
    assert_eq!(h.app.model.list.selected, 2);
    let next = selected_matches_the_store(&h);
    assert_ne!(first, next);
    let unread = h.app.store().stats().unwrap().unread as usize;
    assert_eq!(unread, STORIES - READ - 1);
    assert_eq!(
        h.app.model.sidebar.entries[1].count as usize, unread,
        "the Unread count follows"
    );
}

#[test]
fn a_story_shows_before_its_read_flag_is_written() {
    use ratatui::crossterm::event::{KeyEvent, KeyModifiers};
    let mut h = long_view();
    h.keys("n");
    let id = h.app.model.selected_article().unwrap().id;
    let enter = KeyEvent::new(KeyCode::Enter, KeyModifiers::NONE);
    h.app.on_event(Event::Key(enter));
    assert!(
        h.app.model.reading.as_ref().unwrap().article.read,
        "shown as read at once"
    );
    assert!(
        !h.app.store().story(id).unwrap().article.read,
        "not yet written"
    );
    h.app.after_frame();
    assert!(
        !h.app.store().story(id).unwrap().article.read,
        "handed to the writer thread, not written on the UI thread"
    );
    h.settle();
    assert!(h.app.store().story(id).unwrap().article.read);
    assert_eq!(
        h.app.model.status.stats.unwrap().unread as usize,
        STORIES - READ - 1
    );
}
