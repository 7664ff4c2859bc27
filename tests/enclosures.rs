#![allow(clippy::unwrap_used)]
//! Enclosures of every kind a feed writes them (RSS `<enclosure>` with iTunes duration,
//! Atom `rel="enclosure"`, Media RSS `media:group`, JSON Feed `attachments`) parse into
//! the same shape, are stored with their story, and `has:enclosure` finds those stories.

use tidings::feed::{Enclosure, parse_feed};
use tidings::store::{ArticleFilter, NewFeed, Store};

const RSS: &str = r#"<?xml version="1.0"?>
<rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd">
<channel><title>Cast</title><link>https://cast.example/</link>
<item><title>Episode 1</title><guid>ep1</guid><link>https://cast.example/1</link>
  <enclosure url="https://cdn.cast.example/ep1.mp3" length="12345678" type="audio/mpeg"/>
  <itunes:title>Episode 1</itunes:title><itunes:duration>01:02:03</itunes:duration></item>
<item><title>Show notes only</title><guid>notes</guid><link>https://cast.example/notes</link>
  <description>No episode here.</description></item>
<item><title>Not on the web</title><guid>file</guid>
  <enclosure url="file:///etc/passwd" length="1" type="text/plain"/></item>
</channel></rss>"#;

const ATOM: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom cast</title><id>urn:a</id>
<updated>2026-11-01T00:00:00Z</updated>
<entry><title>Talk</title><id>urn:a:1</id><updated>2026-11-01T00:00:00Z</updated>
  <link rel="alternate" href="https://atom.example/talk"/>
  <link rel="enclosure" type="video/mp4" length="999" title="The talk" href="https://atom.example/talk.mp4"/>
  <link rel="enclosure" type="video/mp4" length="999" href="https://atom.example/talk.mp4"/>
</entry></feed>"#;

const MEDIA_RSS: &str = r#"<?xml version="1.0"?>
<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/">
<channel><title>Pictures</title><link>https://pics.example/</link>
<item><title>Gallery</title><guid>g1</guid><link>https://pics.example/g1</link>
  <media:group>
    <media:content url="https://pics.example/big.jpg" type="image/jpeg" fileSize="2048"/>
    <media:content url="https://pics.example/clip.webm" type="video/webm" duration="90"/>
    <media:thumbnail url="https://pics.example/thumb.jpg"/>
  </media:group></item>
</channel></rss>"#;

const JSON_FEED: &str = r#"{"version": "https://jsonfeed.org/version/1.1", "title": "JSON cast",
 "items": [{"id": "j1", "url": "https://json.example/j1", "title": "Interview",
   "content_text": "Notes.",
   "attachments": [{"url": "https://json.example/j1.m4a", "mime_type": "audio/x-m4a",
                    "size_in_bytes": 4096, "title": "Interview\u001b[31m audio"}]}]}"#;

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
    assert!(found[1].is_empty(), "{:?}", found[1]);
    assert!(found[2].is_empty(), "a file: address is no enclosure");
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
        ["Episode 1", "Gallery", "Interview", "Talk"]
    );
    assert_eq!(
        titles("-has:enclosure"),
        ["Not on the web", "Show notes only"]
    );
}
