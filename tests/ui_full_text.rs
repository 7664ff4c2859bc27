//! Full text in the reader, without a terminal or network: `x` asks for the open story's
//! page, the result replaces the feed's text when it arrives, `x` again goes back; stories
//! of feeds with full text on ask for their page when opened and use a kept one.

mod ui_support;

use std::collections::BTreeMap;

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use tidings::feed::FullText;
use tidings::store::{Article, Store};
use tidings::ui::effect::Task;
use tidings::ui::model::Body;
use tidings::ui::{Action, Event, Keymap, Mode, keymap};
use ui_support::{Harness, db_path, with_samples};

/// The open story's text, one string per line.
fn shown(h: &Harness) -> Vec<String> {
    let reading = h.app.model.reading.as_ref().expect("a story is open");
    reading
        .lines()
        .map(|l| l.spans.iter().map(|s| s.text.as_str()).collect())
        .collect()
}

fn shows(h: &Harness, text: &str) -> bool {
    shown(h).iter().any(|l| l.contains(text))
}

fn open_article(h: &Harness) -> Article {
    h.app.model.reading.as_ref().expect("open").article.clone()
}

fn body(h: &Harness) -> Body {
    h.app.model.reading.as_ref().expect("open").body.clone()
}

fn page() -> FullText {
    FullText {
        html: "<p>The <b>whole</b> story, from its page.</p><p><a href='/more'>More</a></p>".into(),
        url: "https://example.org/a/page.html".into(),
    }
}

#[test]
fn x_fetches_the_open_storys_page_and_shows_it_when_it_arrives() {
    let mut h = with_samples(120, 40);
    h.press(KeyCode::Enter);
    assert!(h.take_tasks().is_empty(), "sample feeds are not full text");
    let article = open_article(&h);
    let link = article.link.clone().expect("sample stories have links");
    assert!(link.starts_with("https://"), "{link}");

    h.keys("x");
    assert_eq!(
        h.take_tasks(),
        [Task::FullText {
            id: article.id,
            url: link
        }]
    );
    assert_eq!(body(&h), Body::Fetching);
    h.keys("x");
    assert!(h.take_tasks().is_empty(), "one fetch per story at a time");

    h.app.on_event(Event::FullTextFetched {
        id: article.id,
        result: Ok(page()),
    });
    h.settle();
    assert_eq!(body(&h), Body::FullText(page()));
    assert!(
        shows(&h, "The whole story, from its page."),
        "{:?}",
        shown(&h)
    );
    let first_line = shown(&h)[0].clone();
    assert!(
        !first_line.is_empty() && article.title.starts_with(&first_line),
        "the header stays: {first_line:?}"
    );
    let reading = h.app.model.reading.as_ref().expect("open");
    assert_eq!(reading.links(), ["https://example.org/more"]);

    h.keys("x");
    assert_eq!(body(&h), Body::Feed);
    assert!(!shows(&h, "whole story"), "{:?}", shown(&h));
    assert!(h.take_tasks().is_empty());
}

#[test]
fn a_failed_fetch_keeps_the_feeds_text_and_says_why() {
    let mut h = with_samples(120, 40);
    h.press(KeyCode::Enter);
    let before = shown(&h);
    h.keys("x");
    let article = open_article(&h);
    h.app.on_event(Event::FullTextFetched {
        id: article.id,
        result: Err("fetching https://example.org/: server returned 404 Not Found".into()),
    });
    assert_eq!(body(&h), Body::Feed);
    assert_eq!(shown(&h), before);
    let error = h.app.model.status.error.clone().expect("an error is shown");
    assert!(
        error.starts_with("full text: ") && error.contains("404"),
        "{error}"
    );
    // It can be tried again.
    h.keys("x");
    assert_eq!(h.take_tasks().len(), 2);
}

#[test]
fn a_page_for_a_story_no_longer_open_is_not_shown() {
    let mut h = with_samples(120, 40);
    h.press(KeyCode::Enter);
    h.keys("x");
    let first = open_article(&h);
    h.press(KeyCode::Esc);
    h.keys("j");
    h.press(KeyCode::Enter);
    let second = open_article(&h);
    assert_ne!(first.id, second.id);
    let before = shown(&h);
    h.app.on_event(Event::FullTextFetched {
        id: first.id,
        result: Ok(page()),
    });
    assert_eq!(body(&h), Body::Feed);
    assert_eq!(shown(&h), before);
    assert!(h.app.model.status.error.is_none());
}

#[test]
fn x_without_an_open_story_says_so() {
    let mut h = with_samples(120, 40);
    h.keys("x");
    assert!(h.take_tasks().is_empty());
    assert!(h.app.model.reading.is_none());
    let message = h.app.model.status.message.clone().unwrap_or_default();
    assert!(message.contains("Open a story"), "{message}");
}

/// A reader with the samples, and a second connection to its database to change what
/// the reader sees (as the CLI or a background task would).
fn with_second_connection() -> (Harness, Store) {
    let h = with_samples(120, 40);
    let other = Store::open(&db_path(h.dir.path())).expect("second connection");
    (h, other)
}

#[test]
fn stories_of_full_text_feeds_fetch_their_page_on_open_or_use_the_kept_one() {
    let (mut h, mut other) = with_second_connection();
    let first = h.app.model.list.articles[0].clone();
    let feed = first.feed_id.expect("a feed");
    other.set_full_text(feed, true).expect("full text on");
    h.press(KeyCode::Enter);
    assert_eq!(
        h.take_tasks(),
        [Task::FullText {
            id: first.id,
            url: first.link.clone().expect("link")
        }]
    );
    assert_eq!(body(&h), Body::Fetching);

    // Another story of the feed whose page was fetched before: shown at once, no fetch.
    let second = h
        .app
        .model
        .list
        .articles
        .iter()
        .find(|a| a.feed_id == Some(feed) && a.id != first.id)
        .cloned()
        .expect("a second story of the feed");
    other.save_full_text(second.id, &page()).expect("kept");
    h.press(KeyCode::Esc);
    let position = h
        .app
        .model
        .list
        .articles
        .iter()
        .position(|a| a.id == second.id)
        .expect("listed");
    h.keys("g");
    h.keys(&"j".repeat(position));
    h.press(KeyCode::Enter);
    assert_eq!(open_article(&h).id, second.id);
    assert_eq!(body(&h), Body::FullText(page()));
    assert!(shows(&h, "The whole story, from its page."));
    assert!(h.take_tasks().is_empty());

    // Resizing re-renders the full text, not the feed's.
    h.app.on_event(Event::Resized {
        width: 100,
        height: 30,
    });
    assert_eq!(body(&h), Body::FullText(page()));
    assert!(shows(&h, "whole story"));
}

#[test]
fn the_full_text_key_is_x_and_can_be_rebound() {
    let press = |c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
    let default = Keymap::default();
    assert_eq!(
        keymap(&default, &Mode::Browse, press('x')),
        Some(Action::FullText)
    );
    assert!(
        default
            .help()
            .iter()
            .any(|(name, text, keys)| *name == "full_text"
                && text.contains("full text")
                && keys == &["x"])
    );
    let rebound = Keymap::new(&BTreeMap::from([(
        "full_text".to_owned(),
        vec!["X".to_owned()],
    )]))
    .expect("keymap");
    assert_eq!(keymap(&rebound, &Mode::Browse, press('x')), None);
    assert_eq!(
        keymap(&rebound, &Mode::Browse, press('X')),
        Some(Action::FullText)
    );
}

#[test]
fn a_page_refresh_kept_opens_with_the_story_and_one_for_another_link_does_not() {
    let (mut h, mut other) = with_second_connection();
    let first = h.app.model.list.articles[0].clone();
    let link = first.link.clone().expect("link");
    other
        .set_full_text(first.feed_id.expect("a feed"), true)
        .expect("full text on");
    // What the page phase keeps: the page, for the link the story had.
    assert!(
        !other
            .save_page(first.id, "https://example.org/old-link", &page())
            .expect("saved"),
        "a page for a link the story does not have is not kept"
    );
    h.press(KeyCode::Enter);
    assert_eq!(
        h.take_tasks(),
        [Task::FullText {
            id: first.id,
            url: link.clone()
        }]
    );
    h.press(KeyCode::Esc);
    assert!(other.save_page(first.id, &link, &page()).expect("saved"));
    // The reader's own fetch ends (so a new one could start, were nothing kept).
    h.app.on_event(Event::FullTextFetched {
        id: first.id,
        result: Ok(page()),
    });
    h.press(KeyCode::Enter);
    assert_eq!(body(&h), Body::FullText(page()));
    assert!(h.take_tasks().is_empty(), "the kept page, no fetch");
}
