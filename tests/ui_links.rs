//! The reader's links and hand-offs without a terminal: numbered links, opening a story's
//! link (only what the URL policy allows, in its serialized form), adding a feed and
//! importing a subscription file.

mod ui_support;

use ratatui::crossterm::event::KeyCode;
use tidings::ui::effect::Task;
use tidings::ui::{Event, Mode};
use ui_support::{empty, with_samples};

#[test]
fn digits_follow_numbered_links() {
    let mut h = with_samples(120, 40);
    h.keys("jj");
    h.press(KeyCode::Enter);
    h.keys("1");
    let tasks = h.take_tasks();
    assert!(
        matches!(&tasks[..], [Task::OpenUrl(link)]
            if link.url == "https://www.unicode.org/reports/tr9/" && !link.title.is_empty()),
        "{tasks:?}"
    );
    h.keys("9");
    assert!(h.take_tasks().is_empty());
    assert!(
        h.app
            .model
            .status
            .message
            .as_deref()
            .unwrap()
            .contains("No link [9]")
    );
}

#[test]
fn o_opens_the_story_link_in_the_background() {
    let mut h = with_samples(120, 40);
    h.keys("o");
    let tasks = h.take_tasks();
    assert!(matches!(&tasks[..], [Task::OpenUrl(link)] if link.url.contains("sowing-beans")));
}

#[test]
fn adding_a_feed_is_handed_to_the_background() {
    let mut h = empty(120, 40);
    h.keys("ahttps://example.org/feed");
    h.press(KeyCode::Enter);
    assert_eq!(
        h.take_tasks(),
        [Task::Subscribe {
            url: "https://example.org/feed".into()
        }]
    );
    h.app
        .on_event(Event::FeedSubscribed(Err("no feed found".into())));
    assert_eq!(h.app.model.mode, Mode::Welcome);
    assert!(h.app.model.status.error.is_some());
}

#[test]
fn importing_opml_subscribes_and_starts_a_refresh() {
    let mut h = empty(120, 40);
    let path = std::path::absolute("tests/fixtures/opml/subscriptions-opml2.opml").unwrap();
    h.keys("i");
    h.keys(path.to_str().unwrap());
    h.press(KeyCode::Enter);
    assert!(!h.app.store().feeds().unwrap().is_empty());
    assert_eq!(h.app.model.mode, Mode::Browse);
    assert_eq!(
        h.take_tasks(),
        [Task::Refresh {
            feeds: vec![],
            force: true
        }]
    );
}

/// A reader over one JSON Feed whose only story links to `link` (JSON Feed keeps a `url`
/// as written, even one that is no URL at all).
// A fixture that cannot be built fails the test, so unwrap is the right call.
#[allow(clippy::unwrap_used)]
fn with_story_link(link: &str) -> ui_support::Harness {
    let dir = tempfile::tempdir().unwrap();
    let mut store = tidings::store::Store::open(&ui_support::db_path(dir.path())).unwrap();
    let feed = store
        .add_feed(&tidings::store::NewFeed {
            url: "https://example.org/feed.json".into(),
            ..Default::default()
        })
        .unwrap();
    let json = serde_json::json!({
        "version": "https://jsonfeed.org/version/1.1",
        "title": "Hostile",
        "items": [{"id": "1", "title": "A story", "url": link, "content_html": "<p>x</p>"}],
    });
    let parsed = tidings::feed::parse_feed(json.to_string().as_bytes(), None).unwrap();
    store.save_feed(feed, &parsed).unwrap();
    ui_support::harness(store, dir, 120, 40)
}

#[test]
fn o_refuses_links_the_policy_does_not_allow_and_says_why() {
    for (link, why) in [
        ("--gpu-launcher=touch pwned", "not an absolute URL"),
        ("javascript:alert(1)", "javascript: URLs are not allowed"),
        ("file:///etc/passwd", "file: URLs are not allowed"),
    ] {
        let mut h = with_story_link(link);
        assert_eq!(h.selected_title(), "A story");
        h.keys("o");
        assert!(h.take_tasks().is_empty(), "{link} was opened");
        let error = h.app.model.status.error.clone().unwrap_or_default();
        assert!(
            error.starts_with(&format!("Not opening {link}: {why}")),
            "{error}"
        );
    }
}

#[test]
fn o_hands_the_task_the_links_serialized_form() {
    let mut h = with_story_link(" https://Example.org/a b ");
    h.keys("o");
    let tasks = h.take_tasks();
    assert!(
        matches!(&tasks[..], [Task::OpenUrl(link)] if link.url == "https://example.org/a%20b"),
        "{tasks:?}"
    );
}
