//! The client against a loopback fake of the API: sessions, the User-Agent, logging in
//! again, and every failure worded with the server's address. (End-to-end tests run
//! against a real TT-RSS: tests/sync_ttrss.rs.)

mod fake;

use std::net::TcpListener;
use std::time::Duration;

use serde_json::{Value, json};

use super::*;
use fake::{Fake, Reply, client_for, err, logged_in, normal, ok};

#[test]
fn logs_in_once_and_sends_the_session_with_one_user_agent() {
    let fake = Fake::start(normal);
    let mut client = fake.client();
    let feeds = client.feeds().unwrap();
    client.feeds().unwrap();
    assert_eq!(feeds.len(), 1);
    assert_eq!(feeds[0].url, "http://192.0.2.1/a.xml");
    assert_eq!(feeds[0].category, None);
    assert_eq!(fake.ops(), ["login", "getFeeds", "getFeeds"]);
    let seen = fake.seen();
    assert!(seen.iter().all(|s| s.path == "/tt-rss/api/"), "{seen:?}");
    assert!(
        seen.iter()
            .all(|s| s.user_agent == crate::feed::fetch::USER_AGENT),
        "{seen:?}"
    );
    assert_eq!(seen[0].body["user"], "me");
    assert_eq!(seen[0].body["password"], "secret");
    assert_eq!(seen[1].body["cat_id"], -3);
}

#[test]
fn logs_in_again_once_when_the_session_expired() {
    let fake = Fake::start(|body, seen| {
        let logins = seen.iter().filter(|s| s.body["op"] == "login").count();
        match body["op"].as_str() {
            Some("login") => {
                ok(&json!({"session_id": format!("s{}", logins + 1), "api_level": 15}))
            }
            // The first session expires at once; the second works.
            Some("getFeeds") if body["sid"] == "s2" => ok(&json!([])),
            _ => err("NOT_LOGGED_IN"),
        }
    });
    let mut client = fake.client();
    assert_eq!(client.feeds().unwrap(), []);
    assert_eq!(fake.ops(), ["login", "getFeeds", "login", "getFeeds"]);
}

#[test]
fn a_session_refused_after_logging_in_again_is_an_error() {
    let fake = Fake::start(|body, _| match body["op"].as_str() {
        Some("login") => logged_in(),
        _ => err("NOT_LOGGED_IN"),
    });
    let err = fake.client().feeds().unwrap_err();
    assert!(matches!(err, Error::SessionRejected { .. }), "{err:?}");
    assert_eq!(fake.ops(), ["login", "getFeeds", "login", "getFeeds"]);
}

#[test]
fn wrong_password_says_login_failed_with_server_and_user() {
    let fake = Fake::start(|_, _| err("LOGIN_ERROR"));
    let err = fake.client().login().unwrap_err();
    assert_eq!(
        err.to_string(),
        format!("login to {} as me failed", fake.url)
    );
}

#[test]
fn api_disabled_says_to_enable_it_in_the_preferences() {
    let fake = Fake::start(|_, _| err("API_DISABLED"));
    let message = fake.client().login().unwrap_err().to_string();
    assert!(message.contains("API access is disabled"), "{message}");
    assert!(message.contains("TT-RSS preferences"), "{message}");
    assert!(message.contains(fake.url.as_str()), "{message}");
}

#[test]
fn an_old_api_level_is_refused() {
    let fake = Fake::start(|body, _| match body["op"].as_str() {
        Some("login") => ok(&json!({"session_id": "s1"})),
        Some("getApiLevel") => ok(&json!({"level": 13})),
        _ => err("NOT_LOGGED_IN"),
    });
    let err = fake.client().login().unwrap_err();
    assert!(
        matches!(
            err,
            Error::ApiTooOld {
                found: 13,
                needed: 14,
                ..
            }
        ),
        "{err:?}"
    );
}

#[test]
fn http_500_with_an_empty_body_names_the_server() {
    let fake = Fake::start(|body, _| match body["op"].as_str() {
        Some("login") => logged_in(),
        _ => Reply::Status(500, ""),
    });
    let message = fake.client().feeds().unwrap_err().to_string();
    assert!(message.contains(fake.url.as_str()), "{message}");
    assert!(message.contains("HTTP 500"), "{message}");
    assert!(message.contains("empty body"), "{message}");
}

#[test]
fn an_unreachable_server_is_named() {
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = Url::parse(&format!("http://127.0.0.1:{port}/")).unwrap();
    let err = client_for(&url, Duration::from_secs(5))
        .login()
        .unwrap_err();
    assert!(matches!(err, Error::Unreachable { .. }), "{err:?}");
    assert!(err.to_string().contains(url.as_str()), "{err}");
}

#[test]
fn a_silent_server_times_out() {
    let fake = Fake::start(|_, _| Reply::Hang);
    let err = client_for(&fake.url, Duration::from_secs(1))
        .login()
        .unwrap_err();
    assert!(matches!(err, Error::Timeout { .. }), "{err:?}");
    assert!(err.to_string().contains(fake.url.as_str()), "{err}");
}

#[test]
fn a_page_that_is_not_the_api_says_to_check_the_url() {
    let fake = Fake::start(|_, _| Reply::Status(200, "<!DOCTYPE html><title>Blog</title>"));
    let message = fake.client().login().unwrap_err().to_string();
    assert!(message.contains("sync.url"), "{message}");
}

#[test]
fn flags_are_pushed_as_comma_separated_ids_with_the_right_field_and_mode() {
    let fake = Fake::start(|body, _| match body["op"].as_str() {
        Some("login") => logged_in(),
        Some("updateArticle") => ok(&json!({"status": "OK", "updated": 2})),
        _ => err("NOT_LOGGED_IN"),
    });
    let mut client = fake.client();
    client.set_flag(&[7, 9], Flag::Read, true).unwrap();
    client.set_flag(&[7], Flag::Star, true).unwrap();
    client.set_flag(&[], Flag::Star, false).unwrap();
    let seen = fake.seen();
    assert_eq!(seen.len(), 3, "an empty batch sends nothing");
    assert_eq!(seen[1].body["article_ids"], "7,9");
    assert_eq!(
        (&seen[1].body["field"], &seen[1].body["mode"]),
        (&json!(2), &json!(0))
    );
    assert_eq!(seen[2].body["article_ids"], "7");
    assert_eq!(
        (&seen[2].body["field"], &seen[2].body["mode"]),
        (&json!(0), &json!(1))
    );
}

#[test]
fn subscribe_reports_the_servers_reason() {
    let fake = Fake::start(|body, _| match body["op"].as_str() {
        Some("login") => logged_in(),
        Some("subscribeToFeed") if body["feed_url"] == "http://192.0.2.1/new.xml" => {
            ok(&json!({"status": {"code": 1, "feed_id": 12}}))
        }
        Some("subscribeToFeed") => ok(&json!({"status": {"code": 5, "message": "HTTP 404"}})),
        _ => err("NOT_LOGGED_IN"),
    });
    let mut client = fake.client();
    assert_eq!(
        client.subscribe("http://192.0.2.1/new.xml", None).unwrap(),
        12
    );
    let message = client
        .subscribe("http://192.0.2.1/gone.xml", None)
        .unwrap_err()
        .to_string();
    assert!(message.contains("http://192.0.2.1/gone.xml"), "{message}");
    assert!(message.contains("HTTP 404"), "{message}");
}

#[test]
fn pages_for_several_feeds_come_back_in_order_and_survive_an_expired_session() {
    let fake = Fake::start(|body, seen| {
        let logins = seen.iter().filter(|s| s.body["op"] == "login").count();
        match body["op"].as_str() {
            Some("login") => {
                ok(&json!({"session_id": format!("s{}", logins + 1), "api_level": 15}))
            }
            // The first session expires at once: every concurrent call is refused.
            Some("getHeadlines") if body["sid"] == "s2" => {
                let feed = body["feed_id"].as_i64().unwrap();
                ok(
                    &json!([{"id": feed * 100, "unread": true, "marked": false, "feed_id": feed,
                            "title": format!("from {feed}"), "updated": 1_700_000_000}]),
                )
            }
            _ => err("NOT_LOGGED_IN"),
        }
    });
    let mut client = fake.client();
    let sources: Vec<Source> = (1..=6).map(Source::Feed).chain([Source::Archive]).collect();
    let pages = client.first_pages(&sources, 41).unwrap();
    let ids: Vec<Vec<i64>> = pages
        .iter()
        .map(|p| p.iter().map(|h| h.id).collect())
        .collect();
    assert_eq!(ids, [[100], [200], [300], [400], [500], [600], [0]]);
    let logins = fake.ops().iter().filter(|op| *op == "login").count();
    assert_eq!(logins, 2, "logged in again once, not once per call");
    let asked: Vec<Value> = fake
        .seen()
        .into_iter()
        .filter(|s| s.body["op"] == "getHeadlines" && s.body["sid"] == "s2")
        .map(|s| s.body)
        .collect();
    assert!(
        asked
            .iter()
            .all(|b| b["since_id"] == 41 && b["show_content"] == true)
    );
    assert!(
        asked.iter().any(|b| b["feed_id"] == 0),
        "the archive is feed 0"
    );
}

#[test]
fn listings_ask_for_the_flag_and_order_and_ids_go_comma_separated() {
    let fake = Fake::start(|body, _| match body["op"].as_str() {
        Some("login") => logged_in(),
        Some("getHeadlines") => ok(&json!([{"id": 5}, {"id": "6"}])),
        Some("getArticle") => ok(&json!([{"id": "5", "unread": false, "marked": true,
                                          "feed_id": "2", "title": "T", "content": "<p>x</p>"}])),
        _ => err("NOT_LOGGED_IN"),
    });
    let mut client = fake.client();
    let ids = client
        .listed_ids(Listed::Marked, Source::All, Order::Oldest, 200, 200)
        .unwrap();
    assert_eq!(ids, [5, 6]);
    let articles = client.articles(&[5, 9]).unwrap();
    assert_eq!(
        (articles[0].id, articles[0].feed, articles[0].marked),
        (5, Some(2), true)
    );
    let seen = fake.seen();
    let listing = &seen[1].body;
    assert_eq!(
        (
            &listing["feed_id"],
            &listing["view_mode"],
            &listing["order_by"],
            &listing["skip"]
        ),
        (
            &json!(-4),
            &json!("marked"),
            &json!("date_reverse"),
            &json!(200)
        )
    );
    assert_eq!(seen[2].body["article_id"], "5,9");
}
