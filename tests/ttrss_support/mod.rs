//! The TT-RSS server the sync tests share, started once by `scripts/ttrss-up`, and a test
//! account on it: a user of its own, feeds served on loopback, SQL to read and change the
//! server's state, and a sandboxed tidings synced with it.

#![allow(dead_code, clippy::missing_panics_doc, clippy::unwrap_used)]

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use serde_json::Value;

use crate::support::sandbox::Sandbox;

/// The running server, as `scripts/ttrss-up --env` describes it.
pub struct Server {
    pub url: String,
    pub feeds: PathBuf,
    pub feed_base: String,
}

pub fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Runs a script of `scripts/`, panicking with its output when it fails.
pub fn script(name: &str, args: &[&str]) -> String {
    let output = Command::new(repo().join("scripts").join(name))
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("running scripts/{name}: {e}"));
    assert!(
        output.status.success(),
        "scripts/{name} {args:?} failed ({}):\n{}\n{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("utf-8 output")
}

/// Starts the server once per test run (or reuses a running one).
pub fn server() -> &'static Server {
    static SERVER: OnceLock<Server> = OnceLock::new();
    SERVER.get_or_init(|| {
        let env: BTreeMap<String, String> = script("ttrss-up", &["--env"])
            .lines()
            .filter_map(|l| l.split_once('='))
            .map(|(k, v)| (k.to_owned(), v.to_owned()))
            .collect();
        Server {
            url: env["TTRSS_URL"].clone(),
            feeds: PathBuf::from(&env["TTRSS_FEEDS"]),
            feed_base: env["TTRSS_FEED_BASE"].clone(),
        }
    })
}

/// SQL on the server's database; the rows, one per line, columns split by `|`.
pub fn psql(sql: &str) -> String {
    script("ttrss-psql", &["-tA", "-c", sql])
}

/// A story in a test feed.
#[derive(Clone)]
pub struct Item {
    pub title: String,
    pub day: u32,
}

pub fn items(feed: &str, n: u32) -> Vec<Item> {
    (1..=n)
        .map(|day| Item {
            title: format!("{feed} story {day}"),
            day,
        })
        .collect()
}

/// One test's TT-RSS user, feeds and tidings sandbox.
pub struct Account {
    pub login: String,
    pub password: String,
    pub sandbox: Sandbox,
}

impl Account {
    /// A fresh user named after the test (and this run), API access on.
    pub fn new(test: &str) -> Self {
        let server = server();
        let login = format!("{test}_{}", std::process::id());
        let password = format!("pw-{login}");
        script("ttrss-user", &[&login, &password]);
        std::fs::create_dir_all(server.feeds.join(&login)).expect("feed dir");
        let sandbox = Sandbox::with_config(&config(&server.url, &login, &password));
        let account = Self {
            login,
            password,
            sandbox,
        };
        account.keep_config_private();
        account
    }

    /// A config holding a password is 0600, as it should be (else tidings warns).
    pub fn keep_config_private(&self) {
        std::fs::set_permissions(
            self.sandbox.path("config.toml"),
            std::fs::Permissions::from_mode(0o600),
        )
        .expect("chmod config");
    }

    /// Writes feed `name` (RSS 2.0) with `items`; returns its address.
    pub fn write_feed(&self, name: &str, items: &[Item]) -> String {
        let server = server();
        let base = format!("{}{}/{name}", server.feed_base, self.login);
        let mut xml = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel>\
             <title>{name}</title><link>{base}/</link>\n"
        );
        for item in items {
            let date = chrono::NaiveDate::from_ymd_opt(2025, 3, item.day)
                .and_then(|d| d.and_hms_opt(9, 0, 0))
                .expect("date")
                .and_utc()
                .to_rfc2822();
            let slug = item.title.replace(' ', "-");
            let _ = writeln!(
                xml,
                "<item><title>{}</title><link>{base}/{slug}</link><guid>{base}/{slug}</guid>\
                 <pubDate>{date}</pubDate><description>&lt;p&gt;Text of {}.&lt;/p&gt;</description></item>",
                item.title, item.title
            );
        }
        xml.push_str("</channel></rss>\n");
        std::fs::write(
            server.feeds.join(&self.login).join(format!("{name}.xml")),
            xml,
        )
        .expect("write feed");
        format!("{base}.xml")
    }

    /// Subscribes the user to `url` on the server (in category `category`, made if
    /// needed), with SQL as another client would, and has the server fetch it.
    pub fn subscribe_on_server(&self, url: &str, category: Option<&str>) {
        let cat = category.map_or_else(
            || "NULL".to_owned(),
            |title| {
                psql(&format!(
                    "INSERT INTO ttrss_feed_categories (owner_uid, title)
                     SELECT id, '{title}' FROM ttrss_users WHERE login = '{}'
                     RETURNING id",
                    self.login
                ))
                .trim()
                .to_owned()
            },
        );
        psql(&format!(
            "INSERT INTO ttrss_feeds (owner_uid, title, feed_url, cat_id)
             SELECT id, '[Unknown]', '{url}', {cat} FROM ttrss_users WHERE login = '{}'",
            self.login
        ));
        self.update_on_server();
    }

    /// Makes the server fetch this user's feeds now.
    pub fn update_on_server(&self) {
        script("ttrss-update", &["--user", &self.login]);
    }

    /// Every story of this user on the server: title → (unread, marked).
    pub fn server_stories(&self) -> BTreeMap<String, (bool, bool)> {
        psql(&format!(
            "SELECT e.title, ue.unread, ue.marked FROM ttrss_user_entries ue
             JOIN ttrss_entries e ON e.id = ue.ref_id
             JOIN ttrss_users u ON u.id = ue.owner_uid WHERE u.login = '{}'",
            self.login
        ))
        .lines()
        .map(|line| {
            let cols: Vec<&str> = line.split('|').collect();
            (cols[0].to_owned(), (cols[1] == "t", cols[2] == "t"))
        })
        .collect()
    }

    /// Sets a story's flags on the server, as another client would.
    pub fn set_on_server(&self, title: &str, unread: bool, marked: bool) {
        psql(&format!(
            "UPDATE ttrss_user_entries ue SET unread = {unread}, marked = {marked}
             FROM ttrss_entries e, ttrss_users u
             WHERE e.id = ue.ref_id AND u.id = ue.owner_uid AND u.login = '{}'
               AND e.title = '{title}'",
            self.login
        ));
    }

    /// Every story here: title → (unread, starred), as the server words it.
    pub fn local_stories(&self) -> BTreeMap<String, (bool, bool)> {
        self.local_json()
            .as_array()
            .expect("list array")
            .iter()
            .map(|a| {
                (
                    a["title"].as_str().unwrap_or_default().to_owned(),
                    (
                        !a["read"].as_bool().unwrap_or(true),
                        a["starred"].as_bool().unwrap_or(false),
                    ),
                )
            })
            .collect()
    }

    pub fn local_json(&self) -> Value {
        self.sandbox.json(&["list"])
    }

    /// The local id of the story titled `title`.
    pub fn local_id(&self, title: &str) -> String {
        self.local_json()
            .as_array()
            .expect("list array")
            .iter()
            .find(|a| a["title"] == title)
            .unwrap_or_else(|| panic!("no story {title:?} here"))["id"]
            .to_string()
    }

    /// Rewrites the config to sync with `url` using `password`.
    pub fn point_at(&self, url: &str, password: &str) {
        std::fs::write(
            self.sandbox.path("config.toml"),
            config(url, &self.login, password),
        )
        .expect("config");
        self.keep_config_private();
    }

    /// `tidings sync --json`.
    pub fn sync(&self) -> Value {
        self.sandbox.json(&["sync"])
    }
}

pub fn config(url: &str, login: &str, password: &str) -> String {
    format!(
        "[refresh]\nconnect_timeout_secs = 5\ntimeout_secs = 60\n\n\
         [sync]\nprovider = \"ttrss\"\nurl = \"{url}\"\nuser = \"{login}\"\npassword = \"{password}\"\n"
    )
}

/// An account with three feeds on the server (one in category "News"), synced once.
pub fn synced_account(test: &str) -> Account {
    let account = Account::new(test);
    for (name, category) in [("alpha", Some("News")), ("beta", None), ("gamma", None)] {
        let url = account.write_feed(name, &items(name, 4));
        account.subscribe_on_server(&url, category);
    }
    let summary = account.sync();
    assert_eq!(summary["feeds"], 3, "{summary}");
    assert_eq!(summary["new_articles"], 12, "{summary}");
    account
}
