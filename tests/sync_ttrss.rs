//! `tidings sync` end to end against a real Tiny Tiny RSS: Debian's tt-rss (21.x, API
//! level 15) on PHP 8.2 and a private PostgreSQL, started by `scripts/ttrss-up`. Never a
//! mock, never skipped: when the server cannot be started every test fails, with the
//! script's output.
//!
//! Each test has a TT-RSS user of its own (feeds, stories and counters are per user), so
//! tests run in parallel; none stops the shared server (an outage is an address where
//! nothing listens, or a loopback server failing with HTTP 500). Feeds are files
//! served at `http://192.0.2.1/…` by the script's loopback proxy; the server's state is
//! read and changed with SQL (`scripts/ttrss-psql`), not through tidings' own client.

mod support;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use serde_json::Value;
use support::sandbox::Sandbox;
use support::server::{self as loopback, Reply};

/// The running server, as `scripts/ttrss-up --env` describes it.
struct Server {
    url: String,
    feeds: PathBuf,
    feed_base: String,
}

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Runs a script of `scripts/`, panicking with its output when it fails.
fn script(name: &str, args: &[&str]) -> String {
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
fn server() -> &'static Server {
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
fn psql(sql: &str) -> String {
    script("ttrss-psql", &["-tA", "-c", sql])
}

/// A story in a test feed.
#[derive(Clone)]
struct Item {
    title: String,
    day: u32,
}

fn items(feed: &str, n: u32) -> Vec<Item> {
    (1..=n)
        .map(|day| Item {
            title: format!("{feed} story {day}"),
            day,
        })
        .collect()
}

/// One test's TT-RSS user, feeds and tidings sandbox.
struct Account {
    login: String,
    password: String,
    sandbox: Sandbox,
}

impl Account {
    /// A fresh user named after the test (and this run), API access on.
    fn new(test: &str) -> Self {
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
    fn keep_config_private(&self) {
        std::fs::set_permissions(
            self.sandbox.path("config.toml"),
            std::fs::Permissions::from_mode(0o600),
        )
        .expect("chmod config");
    }

    /// Writes feed `name` (RSS 2.0) with `items`; returns its address.
    fn write_feed(&self, name: &str, items: &[Item]) -> String {
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
    fn subscribe_on_server(&self, url: &str, category: Option<&str>) {
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
    fn update_on_server(&self) {
        script("ttrss-update", &["--user", &self.login]);
    }

    /// Every story of this user on the server: title → (unread, marked).
    fn server_stories(&self) -> BTreeMap<String, (bool, bool)> {
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
    fn set_on_server(&self, title: &str, unread: bool, marked: bool) {
        psql(&format!(
            "UPDATE ttrss_user_entries ue SET unread = {unread}, marked = {marked}
             FROM ttrss_entries e, ttrss_users u
             WHERE e.id = ue.ref_id AND u.id = ue.owner_uid AND u.login = '{}'
               AND e.title = '{title}'",
            self.login
        ));
    }

    /// Every story here: title → (unread, starred), as the server words it.
    fn local_stories(&self) -> BTreeMap<String, (bool, bool)> {
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

    fn local_json(&self) -> Value {
        self.sandbox.json(&["list"])
    }

    /// The local id of the story titled `title`.
    fn local_id(&self, title: &str) -> String {
        self.local_json()
            .as_array()
            .expect("list array")
            .iter()
            .find(|a| a["title"] == title)
            .unwrap_or_else(|| panic!("no story {title:?} here"))["id"]
            .to_string()
    }

    /// Rewrites the config to sync with `url` using `password`.
    fn point_at(&self, url: &str, password: &str) {
        std::fs::write(
            self.sandbox.path("config.toml"),
            config(url, &self.login, password),
        )
        .expect("config");
        self.keep_config_private();
    }

    /// `tidings sync --json`.
    fn sync(&self) -> Value {
        self.sandbox.json(&["sync"])
    }
}

fn config(url: &str, login: &str, password: &str) -> String {
    format!(
        "[refresh]\nconnect_timeout_secs = 5\ntimeout_secs = 60\n\n\
         [sync]\nprovider = \"ttrss\"\nurl = \"{url}\"\nuser = \"{login}\"\npassword = \"{password}\"\n"
    )
}

/// An account with three feeds on the server (one in category "News"), synced once.
fn synced_account(test: &str) -> Account {
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

#[test]
fn a_sync_brings_exactly_the_servers_feeds_and_stories() {
    let account = synced_account("exact");
    let server = account.server_stories();
    assert_eq!(server.len(), 12);
    assert_eq!(account.local_stories(), server);
    let feeds = account.sandbox.json(&["feeds"]);
    let alpha = feeds
        .as_array()
        .expect("feeds")
        .iter()
        .find(|f| f["title"] == "alpha")
        .expect("alpha");
    assert_eq!(alpha["tags"], serde_json::json!(["News"]));
    assert_eq!(alpha["article_count"], 4);
    // Nothing new: the same again, and the text line has the documented shape.
    let out = account.sandbox.run(&["sync"]);
    assert!(
        out.trim_end()
            .starts_with("3 feeds, 0 new, 0 pushed, 0 updated in "),
        "{out}"
    );
}

#[test]
fn stars_and_reads_on_the_server_are_seen_after_a_sync() {
    let account = synced_account("server_flags");
    account.set_on_server("alpha story 1", false, true);
    account.set_on_server("beta story 2", false, false);
    account.set_on_server("gamma story 3", true, true);
    let summary = account.sync();
    assert_eq!(summary["updated"], 3, "{summary}");
    let local = account.local_stories();
    assert_eq!(local["alpha story 1"], (false, true));
    assert_eq!(local["beta story 2"], (false, false));
    assert_eq!(local["gamma story 3"], (true, true));
    assert_eq!(local, account.server_stories());
}

#[test]
fn stars_and_reads_here_are_seen_on_the_server_after_a_sync() {
    let account = synced_account("local_flags");
    let a = account.local_id("alpha story 2");
    let b = account.local_id("beta story 4");
    account.sandbox.run(&["star", &a]);
    account.sandbox.run(&["read", &a, &b]);
    let summary = account.sync();
    assert_eq!(summary["pushed"], 3, "{summary}");
    let server = account.server_stories();
    assert_eq!(server["alpha story 2"], (false, true));
    assert_eq!(server["beta story 4"], (false, false));
    assert_eq!(account.local_stories(), server);
    // Pushed once: the next sync has nothing to send.
    assert_eq!(account.sync()["pushed"], 0);
}

#[test]
fn changes_made_while_the_server_is_down_are_pushed_once_it_is_back() {
    let account = synced_account("offline");
    let id = account.local_id("gamma story 1");
    account.sandbox.run(&["star", &id]);
    let before = account.local_json();
    // The shared server stays up for the other tests: tidings is pointed at an address
    // where nothing listens, then at a server failing with 500 and an empty body.
    let closed = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
        format!("http://{}/", listener.local_addr().expect("addr"))
    };
    let failing = loopback::Server::start(|_| Reply::status(500));
    for (url, says) in [
        (closed, "cannot reach".to_owned()),
        (failing.url("/tt-rss/"), "HTTP 500".to_owned()),
    ] {
        account.point_at(&url, &account.password);
        let failed = account.sandbox.cmd().arg("sync").assert().failure().code(1);
        let stderr = String::from_utf8_lossy(&failed.get_output().stderr).into_owned();
        assert!(stderr.contains(&url) && stderr.contains(&says), "{stderr}");
        assert_eq!(account.local_json(), before, "nothing changed");
    }
    account.point_at(&server().url, &account.password);
    let summary = account.sync();
    assert_eq!(summary["pushed"], 1, "{summary}");
    assert_eq!(account.server_stories()["gamma story 1"], (true, true));
    assert_eq!(account.sync()["pushed"], 0, "pushed exactly once");
}

#[test]
fn a_wrong_password_is_a_clear_error_and_changes_nothing() {
    let account = synced_account("wrong_password");
    let id = account.local_id("beta story 1");
    account.sandbox.run(&["star", &id]);
    account.set_on_server("alpha story 1", false, true);
    account.point_at(&server().url, "not-the-password");
    let before = account.local_json();
    let failed = account.sandbox.cmd().arg("sync").assert().failure().code(1);
    let stderr = String::from_utf8_lossy(&failed.get_output().stderr).into_owned();
    assert_eq!(
        stderr.trim_end(),
        format!(
            "error: login to {} as {} failed",
            server().url,
            account.login
        )
    );
    assert_eq!(account.local_json(), before);
    // With the right password the queued star is pushed and the server's taken.
    account.point_at(&server().url, &account.password);
    assert_eq!(account.sync()["pushed"], 1);
    assert_eq!(account.local_stories(), account.server_stories());
}

#[test]
fn api_access_off_says_where_to_turn_it_on() {
    let account = Account::new("api_off");
    script(
        "ttrss-user",
        &[&account.login, &account.password, "--no-api"],
    );
    let failed = account.sandbox.cmd().arg("sync").assert().failure().code(1);
    let stderr = String::from_utf8_lossy(&failed.get_output().stderr).into_owned();
    assert!(stderr.contains("API access is disabled"), "{stderr}");
    assert!(stderr.contains("preferences"), "{stderr}");
}

#[test]
fn a_new_story_on_the_server_arrives_with_the_next_sync() {
    let account = synced_account("new_story");
    let mut beta = items("beta", 4);
    beta.push(Item {
        title: "beta story 5".into(),
        day: 5,
    });
    account.write_feed("beta", &beta);
    account.update_on_server();
    let summary = account.sync();
    assert_eq!(summary["new_articles"], 1, "{summary}");
    let local = account.local_stories();
    assert_eq!(local["beta story 5"], (true, false));
    assert_eq!(local, account.server_stories());
}

#[test]
fn add_and_remove_subscribe_and_unsubscribe_on_the_server() {
    let account = Account::new("add_remove");
    let url = account.write_feed("delta", &items("delta", 3));
    let out = account.sandbox.run(&["add", &url]);
    assert!(out.contains("(3 stories)"), "{out}");
    let on_server = || {
        psql(&format!(
            "SELECT count(*) FROM ttrss_feeds f JOIN ttrss_users u ON u.id = f.owner_uid
             WHERE u.login = '{}' AND f.feed_url = '{url}'",
            account.login
        ))
        .trim()
        .to_owned()
    };
    assert_eq!(on_server(), "1");
    assert_eq!(account.local_stories(), account.server_stories());
    // `refresh` syncs when [sync] is set.
    let out = account.sandbox.run(&["refresh"]);
    assert!(out.contains("1 feed, 0 new"), "{out}");
    account.sandbox.run(&["remove", "delta"]);
    assert_eq!(on_server(), "0");
    assert_eq!(account.sync()["feeds"], 0);
}

#[test]
fn a_feed_of_many_stories_with_one_date_arrives_whole() {
    // 450 stories sharing one date: TT-RSS orders them by dates alone, so its pages may
    // overlap; the counters and listings in other orders must make up for it.
    let account = Account::new("same_date");
    let same_day: Vec<Item> = (1..=450)
        .map(|n| Item {
            title: format!("bulk story {n}"),
            day: 1,
        })
        .collect();
    let url = account.write_feed("bulk", &same_day);
    account.subscribe_on_server(&url, None);
    for n in (1..=450).step_by(7) {
        account.set_on_server(&format!("bulk story {n}"), false, n % 2 == 0);
    }
    let summary = account.sync();
    assert_eq!(summary["new_articles"], 450, "{summary}");
    assert_eq!(account.local_stories(), account.server_stories());
    let full = account.sandbox.json(&["sync", "--full"]);
    assert_eq!(full["updated"], 0, "{full}");
}
