//! `inspect --full-text URL [--json]`: one web page fetched from a loopback server as
//! full-text mode fetches it, its story printed with the blocks left out and why, as text
//! and as JSON; network text reaches stdout only through the sanitizer.

mod support;

use serde_json::Value;
use support::sandbox::Sandbox;
use support::server::{Reply, Server};

/// A page whose first template content element is a reader's comment, with an escape
/// sequence hidden in the comment region's class and text.
const HOSTILE: &str = "<html><head><title>Harbour</title></head><body>\
    <div class='comments-\u{1b}[31mred'><div class='post-body'>Great post \u{1b}]0;pwned\u{7} \
    really</div></div>\
    <article><h1>The harbour reopens</h1>\
    <p>The old harbour reopened on Tuesday after three years of works, with berths for two \
    hundred boats, a fish market, cold stores and a workshop for engines, the port said.</p>\
    <p>Fishermen said the new quays would save them hours of waiting every morning, and that \
    prices at the market would be clearer for sellers and buyers alike, as they should be.</p>\
    <p>The market is to open fully next month, once the cold stores are ready and the staff \
    have learned the new auction system, which replaces the old shouting at the quay.</p>\
    <div>Post a Comment</div></article></body></html>";

fn serve() -> Server {
    let arabic = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/extraction/own/blogger-arabic.html"
    ))
    .expect("fixture");
    Server::start(move |request| match request.path.as_str() {
        "/arabic.html" => Reply::ok("text/html; charset=utf-8", arabic.clone()),
        "/hostile.html" => Reply::ok("text/html; charset=utf-8", HOSTILE.as_bytes().to_vec()),
        "/feed.xml" => Reply::ok("application/rss+xml", b"<rss/>".to_vec()),
        _ => Reply::status(404),
    })
}

/// JSON escapes control characters, so look for their escapes: none may be left, nor
/// the payload of the sequence they started.
fn assert_terminal_safe(json: &str) {
    for bad in ["\\u001b", "\\u0007", "pwned"] {
        assert!(!json.contains(bad), "{bad} in {json}");
    }
}

#[test]
fn inspect_full_text_shows_the_story_and_why_blocks_went() {
    let server = serve();
    let sandbox = Sandbox::new();
    let out = sandbox.run(&["inspect", "--full-text", &server.url("/arabic.html")]);
    assert!(
        out.starts_with(&format!("Page: {}\n", server.url("/arabic.html"))),
        "{out}"
    );
    assert!(out.contains("\nMethod: readability"), "{out}");
    assert!(out.contains("افتتحت السلطات المحلية صباح اليوم"), "{out}");
    let (story, removed) = out.split_once("──── removed: ").expect("removed section");
    assert!(!story.contains("إرسال تعليق"), "{story}");
    for line in [
        "[rule blogger text \"إرسال تعليق\"] إرسال تعليق",
        "[rule blogger text \"الاشتراك في: *\"] الاشتراك في: تعليقات الرسالة (Atom)",
        "[left out by the extractor] رسالة أحدث رسالة أقدم الصفحة الرئيسية",
    ] {
        assert!(
            removed.lines().any(|l| l == line),
            "{line:?} not in:\n{removed}"
        );
    }
    assert!(!sandbox.db().exists(), "inspect never creates the database");
}

#[test]
fn inspect_full_text_json_names_each_reason_and_sanitizes_previews() {
    let server = serve();
    let sandbox = Sandbox::new();
    // `Sandbox::json` adds `--json`.
    let json = sandbox.json(&["inspect", "--full-text", &server.url("/hostile.html")]);
    let mut keys: Vec<&String> = json.as_object().expect("object").keys().collect();
    keys.sort();
    assert_eq!(keys, ["method", "removed", "text", "url"]);
    let text = json["text"].as_str().expect("text");
    assert!(
        text.contains("The old harbour reopened on Tuesday"),
        "{text}"
    );
    assert!(
        !text.contains("Great post") && !text.contains("Post a Comment"),
        "{text}"
    );
    let removed = json["removed"].as_array().expect("removed");
    let find = |reason: &str| -> Vec<&Value> {
        removed.iter().filter(|r| r["reason"] == reason).collect()
    };
    let outside = find("outside_story");
    assert_eq!(outside.len(), 1, "{removed:?}");
    assert_eq!(outside[0]["detail"], ".comments-red", "{removed:?}");
    assert_eq!(outside[0]["text"], "Great post really", "{removed:?}");
    let rules = find("rule");
    assert!(
        rules
            .iter()
            .any(|r| r["detail"] == "blogger text \"post a comment\""
                && r["text"] == "Post a Comment"),
        "{removed:?}"
    );
    assert_terminal_safe(&json.to_string());
}

#[test]
fn inspect_full_text_refuses_what_is_not_a_web_page() {
    let server = serve();
    let sandbox = Sandbox::new();
    for (target, message) in [
        (server.url("/feed.xml"), "is not a web page"),
        (server.url("/missing.html"), "404"),
        ("file:///etc/passwd".to_owned(), "needs a web address"),
    ] {
        let out = sandbox
            .cmd()
            .args(["inspect", "--full-text", &target])
            .assert()
            .failure()
            .get_output()
            .clone();
        let stderr = String::from_utf8(out.stderr).expect("utf-8");
        assert!(out.stdout.is_empty(), "{target}: {:?}", out.stdout);
        assert_eq!(stderr.lines().count(), 1, "{target}: {stderr}");
        assert!(
            stderr.starts_with("error: ") && stderr.contains(message),
            "{target}: {stderr}"
        );
    }
}
