//! `[notify] command` through the real binary: a recording script stands in for
//! notify-send; feeds come from a loopback server whose story count the test sets.

#![allow(clippy::unwrap_used)]

mod support;

use std::os::unix::fs::PermissionsExt as _;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use support::sandbox::{Sandbox, TEST_CONFIG, rss};
use support::server::{Reply, Server};

/// Two feeds, `/syria` and `/tech`, with as many stories as their counters say.
struct Feeds {
    server: Server,
    syria: Arc<AtomicUsize>,
    tech: Arc<AtomicUsize>,
}

fn feeds() -> Feeds {
    let syria = Arc::new(AtomicUsize::new(2));
    let tech = Arc::new(AtomicUsize::new(1));
    let (s, t) = (Arc::clone(&syria), Arc::clone(&tech));
    let server = Server::start(move |request| match request.path.as_str() {
        "/syria" => Reply::ok(
            "application/rss+xml",
            rss("Syria", s.load(Ordering::SeqCst)).into_bytes(),
        ),
        "/tech" => Reply::ok(
            "application/rss+xml",
            rss("Tech", t.load(Ordering::SeqCst)).into_bytes(),
        ),
        _ => Reply::status(404),
    });
    Feeds {
        server,
        syria,
        tech,
    }
}

/// A sandbox whose `[notify] command` is a script appending its arguments, one
/// invocation per line, to `calls`; `extra` is appended to the config.
fn sandbox(command_args: &str, extra: &str) -> Sandbox {
    let sandbox = Sandbox::new();
    let record = sandbox.path("record");
    let calls = sandbox.path("calls");
    std::fs::write(
        &record,
        format!(
            "#!/bin/sh\nprintf '%s|' \"$@\" >> '{}'\necho >> '{}'\n",
            calls.display(),
            calls.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&record, std::fs::Permissions::from_mode(0o755)).unwrap();
    let config = format!(
        "{TEST_CONFIG}{extra}\n[notify]\ncommand = '''{} {command_args}'''\n",
        record.display()
    );
    let sandbox_config = sandbox.path("config.toml");
    std::fs::write(sandbox_config, config).unwrap();
    sandbox
}

fn calls(sandbox: &Sandbox) -> Vec<String> {
    std::fs::read_to_string(sandbox.path("calls"))
        .map(|text| text.lines().map(str::to_owned).collect())
        .unwrap_or_default()
}

#[test]
fn the_command_runs_once_per_refresh_with_the_counts_and_never_for_a_first_fetch() {
    let feeds = feeds();
    let sandbox = sandbox("'%n new stories' %f '%t'", "");
    sandbox.import_urls(&[feeds.server.url("/syria"), feeds.server.url("/tech")]);

    // Every story is from a feed's first fetch: nothing to announce.
    sandbox.run(&["refresh"]);
    assert_eq!(calls(&sandbox), Vec::<String>::new());

    feeds.syria.store(4, Ordering::SeqCst);
    feeds.tech.store(2, Ordering::SeqCst);
    let out = sandbox.run(&["refresh", "--force"]);
    assert!(out.contains("3 new articles"), "{out}");
    let calls_now = calls(&sandbox);
    assert_eq!(calls_now.len(), 1, "{calls_now:?}");
    let fields: Vec<&str> = calls_now[0].split('|').collect();
    assert_eq!(fields[..2], ["3 new stories", "2"]);
    // The newest first; which feed was stored first depends on the network.
    let mut titles: Vec<&str> = fields[2].split("; ").collect();
    titles.sort_unstable();
    assert_eq!(titles, ["Syria story 2", "Syria story 3", "Tech story 1"]);

    // Nothing new: no call.
    sandbox.run(&["refresh", "--force"]);
    assert_eq!(calls(&sandbox).len(), 1);

    // A feed added later is not news on its first fetch, beside one that has news.
    let late = Server::start(|_| Reply::ok("application/rss+xml", rss("Late", 5).into_bytes()));
    sandbox.import_urls(&[late.url("/late")]);
    feeds.syria.store(5, Ordering::SeqCst);
    sandbox.run(&["refresh", "--force", "--quiet"]);
    assert_eq!(calls(&sandbox)[1], "1 new stories|1|Syria story 4|");
}

#[test]
fn views_limit_the_announcement_to_their_stories() {
    let feeds = feeds();
    let sandbox = sandbox(
        "%n",
        "[[view]]\nname = \"Syria, unread\"\nquery = 'unread title:syria'\n[[view]]\nname = \"All\"\nquery = 'unread'\n",
    );
    let config = sandbox.path("config.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, format!("{text}views = [\"Syria, unread\"]\n")).unwrap();
    sandbox.import_urls(&[feeds.server.url("/syria"), feeds.server.url("/tech")]);
    sandbox.run(&["refresh"]);

    // Only the tech feed has news: outside the view, so no call.
    feeds.tech.store(3, Ordering::SeqCst);
    sandbox.run(&["refresh", "--force"]);
    assert_eq!(calls(&sandbox), Vec::<String>::new());

    feeds.tech.store(4, Ordering::SeqCst);
    feeds.syria.store(5, Ordering::SeqCst);
    sandbox.run(&["refresh", "--force"]);
    assert_eq!(calls(&sandbox), ["3|"]);
}

#[test]
fn a_failing_command_is_a_warning_not_a_failed_refresh() {
    let feeds = feeds();
    let sandbox = Sandbox::with_config(&format!(
        "{TEST_CONFIG}[notify]\ncommand = \"sh -c 'echo no display >&2; exit 4'\"\n"
    ));
    sandbox.import_urls(&[feeds.server.url("/syria")]);
    sandbox.run(&["refresh"]);
    feeds.syria.store(3, Ordering::SeqCst);
    let out = sandbox
        .cmd()
        .args(["refresh", "--force"])
        .assert()
        .success()
        .get_output()
        .clone();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("warning: notify command sh"), "{stderr}");
    assert!(stderr.contains("no display"), "{stderr}");
    assert!(String::from_utf8_lossy(&out.stdout).contains("1 new article"));
}

#[test]
fn an_unknown_view_in_notify_is_a_config_error() {
    let sandbox = Sandbox::with_config(&format!(
        "{TEST_CONFIG}[notify]\ncommand = \"true\"\nviews = [\"Nope\"]\n"
    ));
    let out = sandbox
        .cmd()
        .arg("feeds")
        .assert()
        .failure()
        .get_output()
        .clone();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("notify.views"), "{stderr}");
    assert!(stderr.contains("Nope"), "{stderr}");
}
