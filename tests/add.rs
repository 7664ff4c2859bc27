//! `add URL` fetches what it is given: a feed is subscribed with its stories, an HTML page
//! is searched for the feeds it announces, a local file works offline.

mod support;

use std::sync::Arc;

use predicates::prelude::*;
use support::sandbox::{ATOM, BLOGGER_RSS, Sandbox, fixture, read, summary_line};
use support::server::{Reply, Server};

/// The Blogger article page, its feed links pointing at `server` instead of blogspot.
fn blogger_site() -> Server {
    let atom: Arc<[u8]> = read(ATOM).into();
    let rss: Arc<[u8]> = read(BLOGGER_RSS).into();
    let page = Arc::new(std::sync::OnceLock::<Arc<[u8]>>::new());
    let html = String::from_utf8(read("blogger/article.html")).expect("utf-8 page");
    let server_page = Arc::clone(&page);
    let server = Server::start(move |r| match r.path.as_str() {
        "/2017/05/trump-putin-discuss-syria-ceasefire-in.html" => Reply::ok(
            "text/html; charset=UTF-8",
            Arc::clone(server_page.get().expect("page set before serving")),
        ),
        "/feeds/posts/default" => {
            Reply::ok("application/atom+xml; charset=UTF-8", Arc::clone(&atom))
        }
        "/feeds/posts/default?alt=rss" => {
            Reply::ok("application/rss+xml; charset=UTF-8", Arc::clone(&rss))
        }
        "/plain.html" => Reply::ok(
            "text/html",
            &b"<html><head><title>x</title></head></html>"[..],
        ),
        _ => Reply::status(404),
    });
    let origin = server.url("");
    let rewritten = html
        .replace("https://ammar-magazine.blogspot.com", &origin)
        .into_bytes()
        .into();
    assert!(page.set(rewritten).is_ok(), "page set once");
    server
}

#[test]
fn add_discovers_the_first_feed_of_a_blogger_page_and_lists_the_rest() {
    let server = blogger_site();
    let sandbox = Sandbox::new();
    let page = server.url("/2017/05/trump-putin-discuss-syria-ceasefire-in.html");
    let out = sandbox.run(&["add", &page]);
    assert!(
        out.starts_with(&format!(
            "found 3 feeds at {page}\nadded feed 1: Ammar Johmani Magazine (6 stories)\n"
        )),
        "{out}"
    );
    assert!(
        out.contains(&server.url("/feeds/posts/default?alt=rss")),
        "{out}"
    );
    assert!(
        out.contains(&server.url("/feeds/6642017735512093184/comments/default")),
        "{out}"
    );
    assert_eq!(
        sandbox.feed_errors(),
        [(server.url("/feeds/posts/default"), None)]
    );
    assert_eq!(sandbox.json(&["list"]).as_array().unwrap().len(), 6);
    assert_eq!(
        server.hits("/feeds/posts/default?alt=rss"),
        0,
        "only the first feed is fetched"
    );
}

#[test]
fn add_of_a_page_without_feeds_says_none_found() {
    let server = blogger_site();
    let sandbox = Sandbox::new();
    let url = server.url("/plain.html");
    sandbox
        .cmd()
        .args(["add", &url])
        .assert()
        .code(1)
        .stderr(format!("error: no feed found at {url}\n"));
    sandbox
        .cmd()
        .args(["add", &server.url("/nope")])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("server returned 404 Not Found"));
    assert!(sandbox.feed_errors().is_empty());
}

#[test]
fn add_reads_local_files_offline() {
    let sandbox = Sandbox::new();
    let path = fixture(ATOM);
    let out = sandbox.run(&["add", path.to_str().unwrap(), "--tag", "local"]);
    assert!(
        out.starts_with("added feed 1: Ammar Johmani Magazine (6 stories)\n"),
        "{out}"
    );
    let rss_url = format!("file://{}", fixture(BLOGGER_RSS).display());
    sandbox.run(&["add", &rss_url]);
    assert_eq!(sandbox.json(&["list"]).as_array().unwrap().len(), 12);
    let out = sandbox.run(&["refresh", "--force"]);
    assert!(
        summary_line(&out).starts_with("2 feeds, 0 new articles, 0 errors"),
        "{out}"
    );
}
