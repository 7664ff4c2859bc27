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
mod ttrss_support;

use support::server::{self as loopback, Reply};
use ttrss_support::{Account, Item, items, psql, script, server, synced_account};

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
