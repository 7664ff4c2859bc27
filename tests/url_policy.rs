//! The URL policy through the real binary: a web page can't make tidings read a local
//! file, a public feed can't make it reach loopback (full text, redirects), local feed
//! files must be regular files, and one feed spelled two ways is one subscription.
//!
//! "Public" feeds are served through a loopback HTTP proxy (`[refresh] proxy`), so their
//! URLs can name hosts such as `news.example` that never resolve.

mod support;

use std::path::Path;
use std::time::{Duration, Instant};

use support::sandbox::{Sandbox, TEST_CONFIG, rss};
use support::server::{Reply, Server};

const ARTICLE: &str = include_str!("fixtures/blogger/article.html");

/// A sandbox whose requests all go through `proxy`.
fn proxied_sandbox(proxy: &Server) -> Sandbox {
    Sandbox::with_config(&format!(
        "{TEST_CONFIG}proxy = \"http://127.0.0.1:{}\"\n",
        proxy.port
    ))
}

fn stderr_of(sandbox: &Sandbox, args: &[&str]) -> String {
    let out = sandbox.cmd().args(args).output().expect("run tidings");
    assert_eq!(out.status.code(), Some(1), "{args:?} should fail");
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn feed_count(sandbox: &Sandbox) -> usize {
    sandbox.json(&["feeds"]).as_array().expect("feeds").len()
}

#[test]
fn a_web_page_announcing_a_local_file_is_refused_by_add_and_inspect() {
    let dir = tempfile::tempdir().unwrap();
    let secret = dir.path().join("secret-feed.xml");
    std::fs::write(&secret, rss("Local secret", 2)).unwrap();
    let page = format!(
        "<html><head><link rel='alternate' type='application/rss+xml' href='file://{}'>\
         </head><body>hi</body></html>",
        secret.display()
    );
    let server = Server::start(move |_| Reply::ok("text/html", page.clone().into_bytes()));
    let sandbox = Sandbox::new();
    for command in ["add", "inspect"] {
        let err = stderr_of(&sandbox, &[command, &server.url("/")]);
        assert!(err.contains("may not follow"), "{command}: {err}");
        assert!(err.contains("file:"), "{command}: {err}");
        assert!(!err.contains("Local secret"), "{command}: {err}");
    }
    assert_eq!(feed_count(&sandbox), 0);
}

#[test]
fn a_local_page_may_announce_a_local_feed() {
    let dir = tempfile::tempdir().unwrap();
    let feed = dir.path().join("feed.xml");
    std::fs::write(&feed, rss("Local feed", 2)).unwrap();
    let page = dir.path().join("page.html");
    std::fs::write(
        &page,
        "<html><head><link rel='alternate' type='application/rss+xml' href='feed.xml'>\
         </head></html>",
    )
    .unwrap();
    let sandbox = Sandbox::new();
    let out = sandbox.run(&["add", page.to_str().unwrap()]);
    assert!(out.contains("Local feed"), "{out}");
}

fn mkfifo(path: &Path) {
    let made = std::process::Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo");
    assert!(made.success());
}

#[test]
fn a_fifo_as_a_feed_is_a_clear_error_at_once() {
    let sandbox = Sandbox::new();
    let feed = sandbox.path("feed.xml");
    std::fs::write(&feed, rss("Soon a pipe", 1)).unwrap();
    sandbox.run(&["add", feed.to_str().unwrap()]);

    let fifo = sandbox.path("pipe.xml");
    mkfifo(&fifo);
    let started = Instant::now();
    let err = stderr_of(&sandbox, &["add", fifo.to_str().unwrap()]);
    assert!(err.contains("named pipe"), "{err}");
    assert!(err.contains("pipe.xml"), "{err}");

    // The subscribed file becomes a FIFO: the refresh ends and records why.
    std::fs::remove_file(&feed).unwrap();
    mkfifo(&feed);
    sandbox.run(&["refresh", "--force"]);
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "took {:?}",
        started.elapsed()
    );
    let url = format!("file://{}", feed.display());
    let error = sandbox
        .error_of(&url)
        .expect("the feed's error is recorded");
    assert!(error.contains("named pipe"), "{error}");
}

#[test]
fn one_feed_spelled_two_ways_is_one_subscription() {
    let proxy = Server::start(|_| Reply::ok("application/rss+xml", rss("Example", 2).into_bytes()));
    let sandbox = proxied_sandbox(&proxy);
    let urls = sandbox.path("urls");
    std::fs::write(&urls, "http://example.org/feed\n").unwrap();
    sandbox.run(&["import", urls.to_str().unwrap()]);
    let err = stderr_of(&sandbox, &["add", "HTTP://Example.org:80/feed"]);
    assert!(err.contains("already"), "{err}");
    // Once more through import, spelled a third way.
    std::fs::write(&urls, "http://EXAMPLE.org./%66eed\n").unwrap();
    let out = sandbox.run(&["import", urls.to_str().unwrap()]);
    assert!(out.contains("1 already subscribed"), "{out}");
    assert_eq!(feed_count(&sandbox), 1);
    let feeds = sandbox.json(&["feeds"]);
    assert_eq!(feeds[0]["url"], "http://example.org/feed");
}

#[test]
fn an_interval_for_no_feed_is_a_warning_and_other_spellings_match() {
    let server = Server::start(|_| Reply::ok("application/rss+xml", rss("Timed", 1).into_bytes()));
    let spelled = format!("HTTP://127.0.0.1:{}/%66eed", server.port);
    let sandbox = Sandbox::with_config(&format!(
        "{TEST_CONFIG}[refresh.intervals]\n\"{spelled}\" = 60\n\"https://nowhere.example/x\" = 60\n"
    ));
    sandbox.import_urls(&[server.url("/feed")]);
    let out = sandbox.cmd().args(["refresh"]).output().unwrap();
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("https://nowhere.example/x"), "{err}");
    assert!(!err.contains("127.0.0.1"), "{err}");
}

#[test]
fn a_public_feed_cannot_point_full_text_or_redirects_at_loopback() {
    let private = Server::start(|_| Reply::ok("text/html", ARTICLE.as_bytes().to_vec()));
    let inside = private.url("/story.html");
    let feed = format!(
        "<rss version='2.0'><channel><title>Public news</title>\
         <item><guid>1</guid><title>Inside</title><link>{inside}</link></item>\
         <item><guid>2</guid><title>Outside</title><link>http://news.example/story.html</link></item>\
         </channel></rss>"
    );
    let moved = private.url("/feed.xml");
    let proxy = Server::start(move |request| match request.path.as_str() {
        "http://news.example/feed.xml" => {
            Reply::ok("application/rss+xml", feed.clone().into_bytes())
        }
        "http://news.example/moved.xml" => Reply::redirect(302, &moved),
        _ => Reply::ok("text/html", ARTICLE.as_bytes().to_vec()),
    });
    let sandbox = proxied_sandbox(&proxy);
    sandbox.run(&["add", "http://news.example/feed.xml"]);
    let list = sandbox.json(&["list"]);
    let id_of = |title: &str| {
        list.as_array()
            .unwrap()
            .iter()
            .find(|a| a["title"] == title)
            .and_then(|a| a["id"].as_i64())
            .expect("story")
    };

    let err = support::tasks::full_text(&sandbox, id_of("Inside"), &inside).expect_err("refused");
    assert!(err.contains("private or local address"), "{err}");
    // The same feed may point at its own public site.
    support::tasks::full_text(&sandbox, id_of("Outside"), "http://news.example/story.html")
        .expect("fetched");

    // A redirect from the public feed to loopback is not followed either.
    let err = stderr_of(&sandbox, &["add", "http://news.example/moved.xml"]);
    assert!(err.contains("private or local address"), "{err}");
    assert_eq!(private.requests().len(), 0, "loopback was reached");
}
