//! Learned templates: a full-text feed's stories that all carry the same publisher blurb
//! and share row (which no boilerplate rule names) lose them in `show` and the index,
//! while a story whose whole text is a recurring one-line announcement keeps it; a feed
//! without full text learns nothing.

#![allow(clippy::unwrap_used)]

mod support;

use std::fmt::Write as _;

use support::sandbox::Sandbox;

const BLURB: &str = "The Harbour Gazette is an independent regional newspaper \
    published by Harbour Media Group since 1987. All rights reserved.";
const SHARE: &str = "Pass it on: Mastodon | Signal | Email";
const ANNOUNCEMENT: &str = "Our offices are closed for the regional holiday.";

/// A word no other story has: letters only, as digits are not told apart.
fn topic(i: usize) -> String {
    [i / 26, i]
        .iter()
        .map(|n| char::from(b'a' + (n % 26) as u8))
        .collect::<String>()
        + "berry"
}

/// 20 stories with their own text, the blurb and the share row; 4 stories that are
/// nothing but the announcement.
fn feed() -> String {
    let mut items = String::new();
    for i in 0..20 {
        let body = format!(
            "<p>Story {i} reports on the {} harvest in the valley, where farmers \
             expect a record year.</p><p>{BLURB}</p><div class=\"x{i}\">{SHARE}</div>",
            topic(i)
        );
        let _ = write!(
            items,
            "<item><guid>s{i}</guid><title>Story {i}</title>\
             <pubDate>Tue, 02 May 2017 10:{i:02}:00 +0000</pubDate>\
             <description><![CDATA[{body}]]></description></item>"
        );
    }
    for i in 0..4 {
        let _ = write!(
            items,
            "<item><guid>a{i}</guid><title>Notice {i}</title>\
             <pubDate>Wed, 03 May 2017 10:0{i}:00 +0000</pubDate>\
             <description><![CDATA[<p>{ANNOUNCEMENT}</p>]]></description></item>"
        );
    }
    format!("<rss version='2.0'><channel><title>Harbour Gazette</title>{items}</channel></rss>")
}

fn ids(sandbox: &Sandbox, prefix: &str) -> Vec<String> {
    let list = sandbox.json(&["list"]);
    list.as_array()
        .unwrap()
        .iter()
        .filter(|a| a["title"].as_str().unwrap().starts_with(prefix))
        .map(|a| a["id"].as_i64().unwrap().to_string())
        .collect()
}

#[test]
fn a_template_no_rule_names_is_learned_and_left_out_of_every_story() {
    let sandbox = Sandbox::new();
    let path = sandbox.path("gazette.xml");
    std::fs::write(&path, feed()).unwrap();
    // Full-text feeds learn their templates (their stories have no links: no pages).
    sandbox.run(&["add", path.to_str().unwrap(), "--full-text"]);

    let stories = ids(&sandbox, "Story ");
    assert_eq!(stories.len(), 20);
    for id in &stories {
        let shown = sandbox.run(&["show", id]);
        assert!(shown.contains("harvest in the valley"), "{shown}");
        assert!(!shown.contains("independent regional"), "{shown}");
        assert!(!shown.contains("Pass it on"), "{shown}");
    }
    let notices = ids(&sandbox, "Notice ");
    assert_eq!(notices.len(), 4);
    for id in &notices {
        let shown = sandbox.run(&["show", id]);
        assert!(shown.contains(ANNOUNCEMENT), "{shown}");
    }

    // The index holds the stories' own words, not the template's.
    let found = sandbox.json(&["search", &topic(7)]);
    assert_eq!(found.as_array().unwrap().len(), 1);
    let found = sandbox.json(&["search", "Mastodon"]);
    assert_eq!(found.as_array().unwrap().len(), 0, "{found}");
    let found = sandbox.json(&["search", "holiday"]);
    assert_eq!(found.as_array().unwrap().len(), 4, "{found}");
}

#[test]
fn a_feed_without_full_text_learns_nothing() {
    let sandbox = Sandbox::new();
    let path = sandbox.path("gazette.xml");
    std::fs::write(&path, feed()).unwrap();
    sandbox.run(&["add", path.to_str().unwrap()]);
    let id = &ids(&sandbox, "Story ")[0];
    let shown = sandbox.run(&["show", id]);
    assert!(shown.contains("independent regional"), "{shown}");
}

#[test]
fn a_feed_with_few_stories_keeps_everything() {
    let sandbox = Sandbox::new();
    let path = sandbox.path("small.xml");
    let xml = format!(
        "<rss version='2.0'><channel><title>Small</title>\
         <item><guid>1</guid><title>One</title><description><![CDATA[<p>Alpha text.</p><p>{BLURB}</p>]]></description></item>\
         <item><guid>2</guid><title>Two</title><description><![CDATA[<p>Beta text.</p><p>{BLURB}</p>]]></description></item>\
         </channel></rss>"
    );
    std::fs::write(&path, xml).unwrap();
    sandbox.run(&["add", path.to_str().unwrap(), "--full-text"]);
    for id in ids(&sandbox, "") {
        let shown = sandbox.run(&["show", &id]);
        assert!(
            shown.contains("is an independent regional"),
            "two stories teach nothing: {shown}"
        );
    }
}
