//! Pages fetched by refresh: a summary-only feed marked full-text (`add --full-text`)
//! gets its stories' pages on `refresh`, and from then on `show`, search and the JSON
//! listings use them — offline too. A failed page waits for its back-off; a kept page is
//! never fetched again; `--no-pages` fetches none.

#![allow(clippy::unwrap_used)]

mod support;

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use serde_json::Value;
use support::sandbox::{Sandbox, read, summary_line};
use support::server::{Reply, Server};

const ARTICLE_PATH: &str = "/2017/05/trump-putin-discuss-syria-ceasefire-in.html";
const OWN_PATH: &str = "/own/story.html";
const FLAKY_PATH: &str = "/flaky.html";

/// A page of our own: its story text holds a word no feed or other page has.
const OWN_PAGE: &str = "<html><head><title>Own</title></head><body>\
    <nav><a href='/'>Home</a> <a href='/about'>About</a></nav>\
    <article><h1>Our own story</h1>\
    <p>The expedition found a quetzalcoatlus skeleton in the desert near the border, \
    far from where anyone had looked before, and the team spent three weeks there.</p>\
    <p>Scientists say the find changes what is known about the animal's range, and more \
    digs are planned for next spring once the roads are open again.</p>\
    <p>The bones will be shown at the national museum from the summer onwards.</p>\
    </article><footer>Copyright</footer></body></html>";

/// A summary-only site: the feed's stories link to the Blogger article, a page of our
/// own, and a page that fails (500) until `flaky_works` is set.
fn site(flaky_works: Arc<AtomicBool>) -> Server {
    let article: Arc<[u8]> = read("blogger/article.html").into();
    let feed = Arc::new(std::sync::OnceLock::<Arc<[u8]>>::new());
    let served = Arc::clone(&feed);
    let server = Server::start(move |r| match r.path.as_str() {
        "/feed" => Reply::ok("application/rss+xml", Arc::clone(served.get().unwrap())),
        ARTICLE_PATH => Reply::ok("text/html; charset=UTF-8", Arc::clone(&article)),
        OWN_PATH => Reply::ok("text/html; charset=UTF-8", OWN_PAGE.as_bytes()),
        FLAKY_PATH if flaky_works.load(Ordering::SeqCst) => Reply::ok(
            "text/html",
            OWN_PAGE
                .replace("quetzalcoatlus", "archaeopteryx")
                .into_bytes(),
        ),
        _ => Reply::status(500),
    });
    let item = |guid: &str, path: &str| {
        format!(
            "<item><guid>{guid}</guid><title>Story {guid}</title><link>{}</link>\
             <pubDate>Tue, 02 May 2017 1{guid}:00:00 +0000</pubDate>\
             <description>Summary only.</description></item>",
            server.url(path)
        )
    };
    let rss = format!(
        "<rss version='2.0'><channel><title>Summaries</title><link>{}</link>{}{}{}</channel></rss>",
        server.url("/"),
        item("1", ARTICLE_PATH),
        item("2", OWN_PATH),
        item("3", FLAKY_PATH),
    );
    assert!(feed.set(rss.into_bytes().into()).is_ok());
    server
}

/// A subscribed summary site and its stories' ids by title.
struct Setup {
    server: Server,
    sandbox: Sandbox,
    flaky_works: Arc<AtomicBool>,
}

impl Setup {
    fn new() -> Self {
        let flaky_works = Arc::new(AtomicBool::new(false));
        let server = site(Arc::clone(&flaky_works));
        let sandbox = Sandbox::new();
        sandbox.run(&["add", &server.url("/feed"), "--full-text"]);
        Self {
            server,
            sandbox,
            flaky_works,
        }
    }

    fn id(&self, title: &str) -> String {
        let list = self.sandbox.json(&["list"]);
        let found = list
            .as_array()
            .unwrap()
            .iter()
            .find(|a| a["title"] == title);
        found.unwrap()["id"].as_i64().unwrap().to_string()
    }

    fn page_hits(&self) -> [usize; 3] {
        [ARTICLE_PATH, OWN_PATH, FLAKY_PATH].map(|p| self.server.hits(p))
    }

    /// Sets when the flaky story's page may be tried again, in seconds from the epoch.
    fn set_next_try(&self, id: &str, when: i64) {
        let conn = rusqlite::Connection::open(self.sandbox.db()).unwrap();
        let changed = conn
            .execute(
                "UPDATE page_failures SET next_try = ?2 WHERE article_id = ?1",
                rusqlite::params![id.parse::<i64>().unwrap(), when],
            )
            .unwrap();
        assert_eq!(changed, 1, "a failure is recorded on story {id}");
    }
}

#[test]
fn refresh_fetches_the_pages_and_show_prints_them_offline_too() {
    let setup = Setup::new();
    let sandbox = &setup.sandbox;
    assert_eq!(setup.page_hits(), [0, 0, 0], "add fetches no pages");
    let out = sandbox.run(&["refresh"]);
    assert!(
        summary_line(&out).contains(", 3 pages (1 failed) in "),
        "{out}"
    );
    assert!(
        out.contains(&format!("error page {}", setup.server.url(FLAKY_PATH))),
        "{out}"
    );
    assert_eq!(setup.page_hits(), [1, 1, 1]);

    let blogger = sandbox.run(&["show", &setup.id("Story 1")]);
    assert!(
        blogger.contains("Trump told Reuters[2] in an interview"),
        "{blogger}"
    );
    assert!(!blogger.contains("Summary only."), "{blogger}");
    assert!(!blogger.contains("Post a Comment"), "{blogger}");
    let own = setup.id("Story 2");
    let shown = sandbox.run(&["show", &own]);
    assert!(
        shown.contains(&format!("\nFull text: {}\n", setup.server.url(OWN_PATH))),
        "{shown}"
    );
    assert!(shown.contains("quetzalcoatlus skeleton"), "{shown}");
    let flaky = sandbox.run(&["show", &setup.id("Story 3")]);
    assert!(flaky.contains("Summary only."), "{flaky}");
    assert!(
        flaky.contains("\nPage: fetching ")
            && flaky.contains("500")
            && flaky.contains("(next try "),
        "why the teaser: {flaky}"
    );
    assert!(!blogger.contains("\nPage: "), "{blogger}");

    // The page's words are in the index; the teaser's are not, for that story.
    let found = sandbox.json(&["search", "quetzalcoatlus"]);
    let found: Vec<&Value> = found.as_array().unwrap().iter().collect();
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["title"], "Story 2");
    assert_eq!(found[0]["full_text"], true);

    setup.server.stop();
    let offline = sandbox.run(&["show", &own]);
    assert_eq!(offline, shown, "the kept page, with the server gone");
    let found = sandbox.json(&["search", "quetzalcoatlus"]);
    assert_eq!(found.as_array().unwrap().len(), 1);
}

#[test]
fn the_json_listings_say_which_text_a_story_has() {
    let setup = Setup::new();
    let sandbox = &setup.sandbox;
    sandbox.run(&["refresh"]);
    let list = sandbox.json(&["list"]);
    let mut flags: Vec<(String, bool)> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|a| {
            let title = a["title"].as_str().unwrap().to_owned();
            (title, a["full_text"].as_bool().unwrap())
        })
        .collect();
    flags.sort();
    assert_eq!(
        flags,
        [
            ("Story 1".to_owned(), true),
            ("Story 2".to_owned(), true),
            ("Story 3".to_owned(), false)
        ]
    );
    let shown = sandbox.json(&["show", &setup.id("Story 2")]);
    assert_eq!(shown["full_text"], true);
    assert_eq!(shown["full_text_url"], setup.server.url(OWN_PATH).as_str());
    assert!(
        shown["text"].as_str().unwrap().contains("quetzalcoatlus"),
        "{shown}"
    );
    let teaser = sandbox.json(&["show", &setup.id("Story 3")]);
    assert_eq!(teaser["full_text"], false);
    assert_eq!(teaser["full_text_url"], Value::Null);
    assert!(
        teaser["text"].as_str().unwrap().contains("Summary only."),
        "{teaser}"
    );
}

#[test]
fn kept_pages_are_not_fetched_again_and_a_failed_one_waits_for_its_back_off() {
    let setup = Setup::new();
    let sandbox = &setup.sandbox;
    sandbox.run(&["refresh"]);
    assert_eq!(setup.page_hits(), [1, 1, 1]);
    let flaky = setup.id("Story 3");
    let conn = rusqlite::Connection::open(sandbox.db()).unwrap();
    let (failures, next_try, error): (i64, i64, String) = conn
        .query_row(
            "SELECT failures, next_try, last_error FROM page_failures WHERE article_id = ?1",
            [flaky.parse::<i64>().unwrap()],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(failures, 1);
    assert!(error.contains("500"), "{error}");
    let wait = next_try - chrono::Utc::now().timestamp();
    assert!(
        (3500..=3600).contains(&wait),
        "an hour's back-off: {wait} s"
    );

    // Within the back-off nothing is fetched: the kept pages stay kept, the failed waits.
    setup.flaky_works.store(true, Ordering::SeqCst);
    let out = sandbox.run(&["refresh"]);
    assert!(!summary_line(&out).contains("pages"), "{out}");
    assert_eq!(setup.page_hits(), [1, 1, 1]);

    // Once its time has come, the failed page is tried again, and kept.
    setup.set_next_try(&flaky, chrono::Utc::now().timestamp() - 1);
    let out = sandbox.run(&["refresh"]);
    assert!(
        summary_line(&out).contains(", 1 page (0 failed) in "),
        "{out}"
    );
    assert_eq!(setup.page_hits(), [1, 1, 2]);
    let shown = sandbox.run(&["show", &flaky]);
    assert!(shown.contains("archaeopteryx"), "{shown}");
    let left: i64 = conn
        .query_row("SELECT count(*) FROM page_failures", [], |r| r.get(0))
        .unwrap();
    assert_eq!(left, 0, "a kept page clears its failure");
    sandbox.run(&["refresh", "--force"]);
    assert_eq!(setup.page_hits(), [1, 1, 2], "nothing fetched twice");
}

#[test]
fn a_second_failure_doubles_the_wait() {
    let setup = Setup::new();
    let sandbox = &setup.sandbox;
    sandbox.run(&["refresh"]);
    let flaky = setup.id("Story 3");
    setup.set_next_try(&flaky, chrono::Utc::now().timestamp() - 1);
    sandbox.run(&["refresh"]);
    assert_eq!(setup.page_hits()[2], 2);
    let conn = rusqlite::Connection::open(sandbox.db()).unwrap();
    let (failures, next_try): (i64, i64) = conn
        .query_row(
            "SELECT failures, next_try FROM page_failures WHERE article_id = ?1",
            [flaky.parse::<i64>().unwrap()],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(failures, 2);
    let wait = next_try - chrono::Utc::now().timestamp();
    assert!((7100..=7200).contains(&wait), "two hours: {wait} s");
}

#[test]
fn no_pages_fetches_none() {
    let setup = Setup::new();
    let sandbox = &setup.sandbox;
    let out = sandbox.run(&["refresh", "--no-pages", "--force"]);
    assert!(!summary_line(&out).contains("page"), "{out}");
    assert_eq!(setup.server.hits("/feed"), 2, "add and the forced refresh");
    assert_eq!(setup.page_hits(), [0, 0, 0]);
    let shown = sandbox.run(&["show", &setup.id("Story 2")]);
    assert!(shown.contains("Summary only."), "{shown}");
}

#[test]
fn feeds_without_full_text_get_no_pages() {
    let flaky_works = Arc::new(AtomicBool::new(true));
    let server = site(flaky_works);
    let sandbox = Sandbox::new();
    sandbox.run(&["add", &server.url("/feed")]);
    sandbox.run(&["refresh"]);
    let hits = [ARTICLE_PATH, OWN_PATH, FLAKY_PATH].map(|p| server.hits(p));
    assert_eq!(hits, [0, 0, 0]);
}
