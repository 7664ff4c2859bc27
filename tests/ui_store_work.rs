//! The reader never waits on the database for long: searches, indexing and writes run on
//! store threads and report back as events; a write the store refuses is undone with the
//! error shown; changes made by other processes are noticed on the slow tick. Most tests
//! run the store work on the test's thread ([`ui_support::Harness::settle`]) to see the
//! state before and after it; one drives the real threads.

// Fixture builders fail the test when setup fails, so unwrap is the right call there too.
#![allow(clippy::unwrap_used)]

mod ui_support;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use chrono::{TimeZone, Utc};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use tidings::feed::{FeedKind, ParsedEntry, ParsedFeed};
use tidings::store::{ArticleId, FeedId, NewFeed, Store};
use tidings::ui::effect::{Effect, Job, SEARCH_LIMIT, SearchId, Write, WriteId};
use tidings::ui::model::View;
use tidings::ui::runtime::input as event;
use tidings::ui::runtime::worker::Workers;
use tidings::ui::{Event, Mode, Pane, draw};
use ui_support::{Harness, db_path, with_samples};

/// The database file of `h`, for a second connection (another process, in effect).
fn db(h: &Harness) -> PathBuf {
    db_path(h.dir.path())
}

/// Subscribes `store` to a feed of stories titled `titles`, each with `body`, published
/// in 2030 so they are the newest; returns the feed.
fn add_feed(store: &mut Store, url: &str, titles: &[&str], body: &str) -> FeedId {
    let feed = store
        .add_feed(&NewFeed {
            url: url.into(),
            ..NewFeed::default()
        })
        .unwrap();
    let start = Utc.with_ymd_and_hms(2030, 1, 1, 0, 0, 0).unwrap();
    let entries = titles
        .iter()
        .enumerate()
        .map(|(n, title)| ParsedEntry {
            guid: format!("{url}#{n}"),
            link: None,
            title: (*title).to_owned(),
            author: None,
            published: Some(start + chrono::Duration::minutes(n as i64)),
            updated: None,
            content_html: format!("<p>{body}</p>"),
            base_url: None,
            categories: vec![],
            enclosures: Vec::new(),
        })
        .collect();
    let parsed = ParsedFeed {
        kind: FeedKind::Rss2,
        title: Some(format!("Feed at {url}")),
        link: None,
        ttl_minutes: None,
        entries,
        warning: None,
    };
    store.save_feed(feed, &parsed).unwrap();
    feed
}

/// Applies keys without running the store work they ask for.
fn keys_unsettled(h: &mut Harness, keys: &str) {
    for c in keys.chars() {
        press_unsettled(h, KeyCode::Char(c));
    }
}

fn press_unsettled(h: &mut Harness, code: KeyCode) {
    h.app
        .on_event(Event::Key(KeyEvent::new(code, KeyModifiers::NONE)));
}

/// The status bar as drawn.
fn status_line(h: &Harness) -> String {
    let (width, height) = h.app.model.size;
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|frame| draw(&h.app.model, frame)).unwrap();
    let screen = terminal.backend().to_string();
    screen.lines().last().unwrap().to_owned()
}

fn starred_in_store(h: &Harness, id: ArticleId) -> bool {
    h.app.store().story(id).unwrap().article.starred
}

#[test]
fn a_search_runs_off_the_ui_thread_and_finds_stories_not_yet_indexed() {
    let mut h = with_samples(120, 40);
    let mut other = Store::open(&db(&h)).unwrap();
    add_feed(
        &mut other,
        "http://zoo.example/feed",
        &["Zoo news", "More zoo news"],
        "A quokka was seen smiling",
    );
    assert_eq!(other.unindexed_count().unwrap(), 2);

    keys_unsettled(&mut h, "/quokka");
    press_unsettled(&mut h, KeyCode::Enter);
    assert!(h.app.model.work.search.is_some(), "waiting for the search");
    assert_eq!(
        h.app.model.list.view,
        Some(View::All),
        "the list is not replaced yet"
    );
    assert!(
        status_line(&h).contains("searching…"),
        "{}",
        status_line(&h)
    );
    assert_eq!(
        h.app.store().unindexed_count().unwrap(),
        2,
        "nothing was indexed on the UI thread"
    );

    h.settle();
    assert_eq!(h.app.model.list.view, Some(View::Search("quokka".into())));
    let mut titles: Vec<&str> = h
        .app
        .model
        .list
        .articles
        .iter()
        .map(|a| a.title.as_str())
        .collect();
    titles.sort_unstable();
    assert_eq!(titles, ["More zoo news", "Zoo news"]);
    assert_eq!(h.app.model.focus, Pane::List);
    assert_eq!(
        h.app.model.status.message.as_deref(),
        Some("2 stories found")
    );
    assert!(h.app.model.work.search.is_none());
    assert!(!status_line(&h).contains("searching"));
    assert_eq!(other.unindexed_count().unwrap(), 0);
}

#[test]
fn esc_stops_waiting_for_a_search() {
    let mut h = with_samples(120, 40);
    keys_unsettled(&mut h, "/ceasefire");
    press_unsettled(&mut h, KeyCode::Enter);
    press_unsettled(&mut h, KeyCode::Esc);
    assert!(h.app.model.work.search.is_none());
    assert_eq!(
        h.app.model.status.message.as_deref(),
        Some("Search cancelled")
    );
    h.settle();
    assert_eq!(
        h.app.model.list.view,
        Some(View::All),
        "late results are dropped"
    );
    assert_eq!(h.app.model.focus, Pane::List);
}

#[test]
fn indexing_progress_shows_in_the_status_bar() {
    let mut h = with_samples(120, 40);
    h.app.on_event(Event::Indexed(Ok(1234)));
    assert!(
        status_line(&h).contains("indexing 1234 stories…"),
        "{}",
        status_line(&h)
    );
    h.app.on_event(Event::Indexed(Ok(0)));
    assert!(!status_line(&h).contains("indexing"));
}

#[test]
fn background_indexing_waits_while_keys_are_pressed() {
    let mut h = with_samples(120, 40);
    let index_asked = |h: &mut Harness| h.app.take_effects().contains(&Effect::Job(Job::Index));
    h.keys("j");
    h.app.on_event(Event::Indexed(Ok(500)));
    assert!(!index_asked(&mut h), "a key was just pressed");
    h.app.on_event(Event::Tick);
    assert!(!index_asked(&mut h), "not a quiet second yet");
    h.app.on_event(Event::Tick);
    assert!(index_asked(&mut h), "a quiet second: the next slice");
    h.app.on_event(Event::Indexed(Ok(250)));
    assert!(index_asked(&mut h), "still quiet: slices follow each other");
    assert!(status_line(&h).contains("indexing 250 stories…"));
}

#[test]
fn a_write_the_store_refuses_is_undone_and_the_error_shown() {
    let mut h = with_samples(120, 40);
    // Another connection makes the database refuse stars (as a read-only file would).
    rusqlite::Connection::open(db(&h))
        .unwrap()
        .execute_batch(
            "CREATE TRIGGER refuse_stars BEFORE UPDATE OF starred ON articles
             BEGIN SELECT RAISE(ABORT, 'stars are refused'); END;",
        )
        .unwrap();
    let id = h.app.model.list.articles[0].id;

    keys_unsettled(&mut h, "sr");
    let shown = &h.app.model.list.articles[0];
    assert!(shown.starred && shown.read, "both shown at once");
    assert_eq!(h.app.model.work.writes.len(), 2);

    h.settle();
    let shown = &h.app.model.list.articles[0];
    assert!(!shown.starred, "the refused star is undone");
    assert!(shown.read, "the write after it stands");
    let error = h.app.model.status.error.as_deref().unwrap();
    assert!(
        error.contains(&format!("starring story {id}")) && error.contains("stars are refused"),
        "{error}"
    );
    assert!(!starred_in_store(&h, id));
    assert!(h.app.store().story(id).unwrap().article.read);
    assert!(h.app.model.work.writes.is_empty());
}

#[test]
fn starring_a_story_removed_elsewhere_is_undone_in_the_story_pane() {
    let mut h = with_samples(120, 40);
    h.press(KeyCode::Enter);
    let article = h.app.model.reading.as_ref().unwrap().article.clone();
    Store::open(&db(&h))
        .unwrap()
        .remove_feed(article.feed_id.unwrap())
        .unwrap();

    keys_unsettled(&mut h, "s");
    assert!(h.app.model.reading.as_ref().unwrap().article.starred);
    h.settle();
    assert!(!h.app.model.reading.as_ref().unwrap().article.starred);
    let error = h.app.model.status.error.as_deref().unwrap();
    assert!(
        error.contains(&format!("no story with id {}", article.id)),
        "{error}"
    );
}

#[test]
fn deleting_a_feed_hides_it_at_once_and_removes_it_in_the_background() {
    let mut h = with_samples(120, 40);
    h.keys("hjjjjjjd");
    let Mode::Confirm(_) = h.app.model.mode else {
        panic!("no confirmation: {:?}", h.app.model.mode)
    };
    let feeds_shown = |h: &Harness| {
        h.app
            .model
            .sidebar
            .entries
            .iter()
            .filter(|e| matches!(e.view, View::Feed { .. }))
            .count()
    };
    keys_unsettled(&mut h, "y");
    assert_eq!(feeds_shown(&h), 2, "hidden at once");
    assert_eq!(h.app.store().feeds().unwrap().len(), 3, "not removed yet");
    h.settle();
    assert_eq!(h.app.store().feeds().unwrap().len(), 2);
    assert_eq!(feeds_shown(&h), 2);
    let message = h.app.model.status.message.as_deref().unwrap();
    assert!(message.starts_with("Removed "), "{message}");
}

#[test]
fn changes_by_another_process_show_on_the_next_tick_keeping_the_selection() {
    let mut h = with_samples(120, 40);
    h.keys("jj");
    let selected = h.app.model.selected_article().unwrap().clone();
    let first = h.app.model.list.articles[0].id;
    let unread = h.app.model.status.stats.unwrap().unread;

    let mut other = Store::open(&db(&h)).unwrap();
    other.set_starred(&[first], true).unwrap();
    add_feed(
        &mut other,
        "http://cron.example/feed",
        &["Fetched by cron"],
        "Newer than the samples",
    );
    assert!(
        !h.app.model.list.articles[0].starred,
        "not noticed before the tick"
    );

    h.app.on_event(Event::Tick);
    h.settle();
    assert_eq!(
        other.unindexed_count().unwrap(),
        1,
        "indexed when idle, not yet"
    );
    assert_eq!(h.app.model.list.total, 15);
    assert_eq!(h.app.model.list.articles[0].title, "Fetched by cron");
    assert!(
        h.app
            .model
            .list
            .articles
            .iter()
            .any(|a| a.id == first && a.starred)
    );
    assert_eq!(
        h.app.model.selected_article().unwrap().id,
        selected.id,
        "the same story stays selected"
    );
    assert_eq!(
        h.app.model.list.selected, 3,
        "one row lower: a story came in above"
    );
    assert_eq!(h.app.model.status.stats.unwrap().unread, unread + 1);
    assert!(
        h.app
            .model
            .sidebar
            .entries
            .iter()
            .any(|e| e.view.label() == "Feed at http://cron.example/feed")
    );
    h.app.on_event(Event::Tick);
    h.settle();
    assert_eq!(
        other.unindexed_count().unwrap(),
        0,
        "the new story was indexed in the background after a quiet second"
    );
}

#[test]
fn the_store_threads_search_write_in_order_and_finish_before_exit() {
    let dir = tempfile::tempdir().unwrap();
    let path = db_path(dir.path());
    let mut store = Store::open(&path).unwrap();
    add_feed(
        &mut store,
        "http://a.example/",
        &["Alpha", "Beta"],
        "walrus",
    );
    let id = tidings::index::search(&mut store, "Alpha", None).unwrap()[0].id;
    add_feed(&mut store, "http://b.example/", &["Gamma"], "walrus");
    assert_eq!(store.unindexed_count().unwrap(), 1);

    let (sender, events) = event::channel();
    let workers = Workers::start(&path, &sender).unwrap();
    workers.submit(Job::Search {
        id: SearchId(1),
        query: "walrus".into(),
        limit: SEARCH_LIMIT,
    });
    // Twenty alternating stars: only their order decides the end state.
    for n in 0..20_u64 {
        let write = Write::Star {
            id,
            starred: n % 2 == 1,
        };
        workers.submit(Job::Write {
            id: WriteId(n),
            write,
        });
    }
    let is_written = |e: &Event| matches!(e, Event::Written { result: Ok(_), .. });
    let mut written = 0;
    let deadline = Instant::now() + Duration::from_secs(30);
    let found = loop {
        assert!(Instant::now() < deadline, "no search results");
        match events.next() {
            Some(Event::Searched { id, result }) => {
                assert_eq!(id, SearchId(1));
                break result.unwrap();
            }
            Some(other) => written += usize::from(is_written(&other)),
            None => panic!("the channel closed"),
        }
    };
    assert_eq!(found.len(), 3, "the story not yet indexed is found too");
    workers.finish();
    assert!(
        store.story(id).unwrap().article.starred,
        "every write landed"
    );
    written += std::iter::from_fn(|| events.try_next())
        .filter(is_written)
        .count();
    assert_eq!(written, 20);
}
