#![allow(clippy::unwrap_used)]
//! Enclosures of every kind a feed writes them (RSS `<enclosure>` with iTunes duration,
//! Atom `rel="enclosure"`, Media RSS `media:group`, JSON Feed `attachments`) parse into
//! the same shape, are stored with their story, and `has:enclosure` finds those stories;
//! `list --json` and `show` print them, sanitized.

mod support;

use support::sandbox::{Sandbox, fixture};
use tidings::feed::{Enclosure, parse_feed};
use tidings::store::{ArticleFilter, NewFeed, Store};

const RSS: &str = include_str!("fixtures/enclosures/podcast.rss");

const ATOM: &str = include_str!("fixtures/enclosures/atom.xml");

const MEDIA_RSS: &str = include_str!("fixtures/enclosures/media.rss");

const JSON_FEED: &str = include_str!("fixtures/enclosures/attachments.json");

fn enclosures(document: &str) -> Vec<Vec<Enclosure>> {
    parse_feed(document.as_bytes(), Some("https://feed.example/"))
        .unwrap()
        .entries
        .into_iter()
        .map(|e| e.enclosures)
        .collect()
}

#[test]
fn rss_enclosures_take_type_length_and_itunes_duration_and_only_web_addresses() {
    let found = enclosures(RSS);
    assert_eq!(
        found[0],
        vec![Enclosure {
            url: "https://cdn.cast.example/ep1.mp3".into(),
            mime: Some("audio/mpeg".into()),
            length: Some(12_345_678),
            duration_secs: Some(3723),
            title: None,
        }]
    );
    // feed-rs drops an `itunes:duration` with no `itunes:title` beside it; not us.
    assert_eq!(found[1][0].duration_secs, Some(2730), "{:?}", found[1]);
    assert_eq!(found[1][0].length, None);
    assert!(found[2].is_empty(), "{:?}", found[2]);
    assert!(found[3].is_empty(), "a file: address is no enclosure");
}

#[test]
fn atom_enclosure_links_are_kept_once_each() {
    let found = enclosures(ATOM);
    assert_eq!(found[0].len(), 1, "{found:?}");
    let talk = &found[0][0];
    assert_eq!(talk.url, "https://atom.example/talk.mp4");
    assert_eq!(talk.mime.as_deref(), Some("video/mp4"));
    assert_eq!(talk.length, Some(999));
    assert_eq!(talk.title.as_deref(), Some("The talk"));
}

#[test]
fn media_rss_groups_give_each_content_but_not_the_thumbnail() {
    let found = enclosures(MEDIA_RSS);
    let urls: Vec<&str> = found[0].iter().map(|e| e.url.as_str()).collect();
    assert_eq!(
        urls,
        [
            "https://pics.example/big.jpg",
            "https://pics.example/clip.webm"
        ]
    );
    assert_eq!(found[0][0].length, Some(2048));
    assert_eq!(found[0][1].duration_secs, Some(90));
}

#[test]
fn json_feed_attachments_are_enclosures_with_safe_titles() {
    let found = enclosures(JSON_FEED);
    assert_eq!(found[0].len(), 1, "{found:?}");
    let audio = &found[0][0];
    assert_eq!(audio.url, "https://json.example/j1.m4a");
    assert_eq!(audio.mime.as_deref(), Some("audio/x-m4a"));
    assert_eq!(audio.length, Some(4096));
    let title = audio.title.as_deref().unwrap();
    assert!(!title.contains('\u{1b}'), "{title:?}");
    assert!(title.starts_with("Interview"), "{title:?}");
}

#[test]
fn has_enclosure_finds_the_stories_that_carry_one() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("tidings.db")).unwrap();
    for (n, document) in [RSS, ATOM, MEDIA_RSS, JSON_FEED].iter().enumerate() {
        let feed = store
            .add_feed(&NewFeed {
                url: format!("https://feed{n}.example/"),
                ..NewFeed::default()
            })
            .unwrap();
        let parsed = parse_feed(document.as_bytes(), Some("https://feed.example/")).unwrap();
        store.save_feed(feed, &parsed).unwrap();
    }
    let titles = |query: &str| {
        let mut titles: Vec<String> = store
            .articles(&ArticleFilter {
                query: Some(tidings::query::parse(query).unwrap()),
                ..ArticleFilter::default()
            })
            .unwrap()
            .into_iter()
            .map(|a| a.title)
            .collect();
        titles.sort();
        titles
    };
    assert_eq!(
        titles("has:enclosure"),
        ["Episode 1", "Episode 2", "Gallery", "Interview", "Talk"]
    );
    assert_eq!(
        titles("-has:enclosure"),
        ["Not on the web", "Show notes only"]
    );
}

#[test]
fn list_json_and_show_print_each_story_s_enclosures_sanitized() {
    let sandbox = Sandbox::new();
    for name in ["podcast.rss", "attachments.json"] {
        let path = fixture(&format!("enclosures/{name}"));
        sandbox.run(&["add", path.to_str().unwrap()]);
    }
    let list = sandbox.json(&["list"]);
    let story = |title: &str| {
        list.as_array()
            .unwrap()
            .iter()
            .find(|s| s["title"] == title)
            .unwrap_or_else(|| panic!("{title} in {list}"))
            .clone()
    };
    let episode = story("Episode 1");
    assert_eq!(
        episode["enclosures"],
        serde_json::json!([{"url": "https://cdn.cast.example/ep1.mp3", "mime": "audio/mpeg",
            "length": 12_345_678, "duration": 3723, "title": null}])
    );
    assert_eq!(
        story("Show notes only")["enclosures"],
        serde_json::json!([])
    );
    let interview = story("Interview");
    let title = interview["enclosures"][0]["title"].as_str().unwrap();
    assert!(
        title.starts_with("Interview") && !title.contains('\u{1b}'),
        "{title:?}"
    );

    let id = episode["id"].as_i64().unwrap().to_string();
    let shown = sandbox.run(&["show", &id]);
    assert!(
        shown.contains(
            "Enclosure: https://cdn.cast.example/ep1.mp3 (audio/mpeg · 11.8 MiB · 1:02:03)"
        ),
        "{shown}"
    );
    let shown = sandbox.json(&["show", &id]);
    assert_eq!(shown["enclosures"][0]["duration"], 3723);
    let id = interview["id"].as_i64().unwrap().to_string();
    let shown = sandbox.run(&["show", &id]);
    let line = shown.lines().find(|l| l.starts_with("Enclosure:")).unwrap();
    assert!(line.contains("(audio/x-m4a · 4.0 KiB) Interview"), "{line}");
    assert!(!line.contains('\u{1b}'), "{line:?}");
}
