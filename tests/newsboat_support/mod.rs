//! A real newsboat for the import tests: Debian's package installed where missing, a
//! loopback corpus of three feeds with ETags, newsboat's directory (urls, config) and its
//! cache built by `newsboat -x reload`, with stories marked read, flagged and deleted.

#![allow(dead_code, clippy::unwrap_used, clippy::missing_panics_doc)]

use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;

use rusqlite::Connection;

use crate::support::sandbox::Sandbox;
use crate::support::server::{Reply, Server};

pub const FEEDS: [&str; 3] = ["/a.xml", "/b.xml", "/c.xml"];

/// newsboat on PATH, installing Debian's package when missing; fails (never skips) when
/// it can't be had.
pub fn newsboat() -> &'static str {
    // The tests of one binary run side by side: one installs, the others wait for it.
    static INSTALL: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _installing = INSTALL
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let present = || {
        Command::new("newsboat")
            .arg("-v")
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if !present() {
        let install = || {
            Command::new("apt-get")
                .args(["install", "-y", "newsboat"])
                .status()
                .is_ok_and(|s| s.success())
        };
        if !install() {
            let _ = Command::new("apt-get").arg("update").status();
            install();
        }
    }
    assert!(
        present(),
        "this test needs newsboat: `apt-get install -y newsboat` failed (run it as root, \
         with access to Debian's package registry)"
    );
    "newsboat"
}

pub fn feed(path: &str) -> String {
    let name = path.trim_start_matches('/').trim_end_matches(".xml");
    let mut items = String::new();
    for n in 1..=4 {
        let _ = write!(
            items,
            "<item><guid>{name}-{n}</guid><title>{name} story {n}</title>\
                 <link>http://example.org/{name}/{n}</link><author>x@example.org (Writer {name})</author>\
                 <pubDate>Tue, 0{n} Dec 2026 10:00:00 GMT</pubDate>\
                 <description>&lt;p&gt;Body of {name} {n}&lt;/p&gt;</description></item>"
        );
    }
    format!(
        "<?xml version='1.0'?><rss version='2.0'><channel><title>Feed {name}</title><link>http://example.org/</link><description>d</description>{items}</channel></rss>"
    )
}

pub fn serve() -> Server {
    Server::start(|req| {
        let etag = format!("\"v1{}\"", req.path.replace('/', "-"));
        if req.header("If-None-Match") == Some(etag.as_str()) {
            return Reply::status(304);
        }
        Reply::ok("application/rss+xml", feed(&req.path).into_bytes())
            .header("ETag", &etag)
            .header("Last-Modified", "Wed, 02 Dec 2026 10:00:00 GMT")
    })
}

/// newsboat's directory: urls and config for the import; newsboat itself runs with an
/// empty config of its own so it reads everything the server offers.
pub fn newsboat_dir(server: &Server, dir: &Path) {
    let urls = format!(
        "{} news \"~World News\" !hidden\n{} tech\n{}\n\
         \"query:Unread news:unread = \\\"yes\\\" and tags # \\\"news\\\"\"\n\
         \"query:Kept:flags # \\\"s\\\" or flags # \\\"b\\\"\"\n\
         \"query:Odd:articleindex < 3\"\n",
        server.url(FEEDS[0]),
        server.url(FEEDS[1]),
        server.url(FEEDS[2])
    );
    std::fs::write(dir.join("urls"), urls).unwrap();
    let config = format!(
        "browser \"w3m %u\"\nreload-threads 4\nkeep-articles-days 90\n\
         ignore-article \"*\" \"title =~ \\\"^Sponsored\\\"\"\n\
         ignore-article \"{}\" \"author = \\\"PR Wire\\\"\"\n\
         bind-key ^T toggle-show-read-feeds\ncolor background white black\nmacro p set browser \"mpv %u\"\n\
         bind-key ^R reload-all\nbind-key SPACE pagedown article\nmacro n next-unread ; open\n",
        server.url(FEEDS[1])
    );
    std::fs::write(dir.join("config"), config).unwrap();
    std::fs::write(dir.join("run-config"), "").unwrap();
}

pub fn run_newsboat(dir: &Path, args: &[&str]) {
    let out = Command::new(newsboat())
        .env("HOME", dir)
        .env_remove("http_proxy")
        .env_remove("https_proxy")
        .env_remove("HTTP_PROXY")
        .env_remove("HTTPS_PROXY")
        .arg("-u")
        .arg(dir.join("urls"))
        .arg("-c")
        .arg(dir.join("cache.db"))
        .arg("-C")
        .arg(dir.join("run-config"))
        .args(args)
        .output()
        .unwrap();
    assert!(out.status.success(), "newsboat {args:?}: {out:?}");
}

/// (guid, title, author, link, read, starred, tags) of every story tidings holds.
pub type Held = (
    String,
    String,
    Option<String>,
    Option<String>,
    bool,
    bool,
    String,
);

pub fn stories(db: &Path) -> Vec<Held> {
    let conn = Connection::open(db).unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT guid, title, author, link, read, starred,
                (SELECT COALESCE(group_concat(tag, ','), '') FROM article_tags WHERE article_id = id)
             FROM articles ORDER BY guid",
        )
        .unwrap();
    stmt.query_map([], |r| {
        Ok((
            r.get(0)?,
            r.get(1)?,
            r.get(2)?,
            r.get(3)?,
            r.get(4)?,
            r.get(5)?,
            r.get(6)?,
        ))
    })
    .unwrap()
    .collect::<Result<_, _>>()
    .unwrap()
}

/// A newsboat that has reloaded the corpus twice, with stories marked read, flagged
/// and deleted in its cache, and an empty tidings sandbox.
pub struct Setup {
    pub server: Server,
    pub nb: tempfile::TempDir,
    pub sandbox: Sandbox,
}

impl Setup {
    pub fn dir(&self) -> &str {
        self.nb.path().to_str().unwrap()
    }

    pub fn import(&self) -> String {
        self.sandbox.run(&["import-newsboat", self.dir()])
    }
}

pub fn setup() -> Setup {
    let server = serve();
    let nb = tempfile::tempdir().unwrap();
    newsboat_dir(&server, nb.path());
    // newsboat 2.21 keeps a feed's validators from its second reload on (the first one
    // stores the feed); users who switch have reloaded many times.
    run_newsboat(nb.path(), &["-x", "reload"]);
    run_newsboat(nb.path(), &["-x", "reload"]);
    let cache = nb.path().join("cache.db");
    {
        let conn = Connection::open(&cache).unwrap();
        let items: i64 = conn
            .query_row("SELECT count(*) FROM rss_item", [], |r| r.get(0))
            .unwrap();
        assert_eq!(items, 12, "newsboat stored every story");
        let mut stmt = conn
            .prepare("SELECT rssurl, etag, lastmodified FROM rss_feed")
            .unwrap();
        let feeds: Vec<(String, Option<String>, Option<i64>)> = stmt
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(feeds.len(), 3);
        assert!(
            feeds
                .iter()
                .all(|f| f.1.as_deref().is_some_and(|e| !e.is_empty()) && f.2 > Some(0)),
            "{feeds:?}"
        );
        conn.execute_batch(
            "UPDATE rss_item SET unread = 0 WHERE guid IN ('a-1', 'a-2', 'b-1');
             UPDATE rss_item SET flags = 's' WHERE guid = 'a-3';
             UPDATE rss_item SET flags = 'bs' WHERE guid = 'b-2';
             UPDATE rss_item SET deleted = 1 WHERE guid = 'c-4';",
        )
        .unwrap();
    }
    Setup {
        server,
        nb,
        sandbox: Sandbox::new(),
    }
}

pub fn story_id(sandbox: &Sandbox, guid: &str) -> i64 {
    Connection::open(sandbox.db())
        .unwrap()
        .query_row("SELECT id FROM articles WHERE guid = ?1", [guid], |r| {
            r.get(0)
        })
        .unwrap()
}

pub trait Fail {
    fn fail(&self, args: &[&str]) -> String;
}

impl Fail for Sandbox {
    /// Runs `args`, expecting failure; returns stderr.
    fn fail(&self, args: &[&str]) -> String {
        let out = self.cmd().args(args).output().unwrap();
        assert!(!out.status.success(), "{args:?} succeeded");
        String::from_utf8_lossy(&out.stderr).into_owned()
    }
}
