//! Text from subscription files, the command line and a sync server reaches stdout and
//! stderr only through the sanitizer: hostile characters are gone, readable words
//! (Latin and Arabic) kept.

// Helpers outside #[test] fns unwrap too: a failed step should fail the test loudly.
#![allow(clippy::unwrap_used)]

mod support;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use support::clean::{assert_clean, json_output, plain_output};
use support::home;
use support::server::{Reply, Server};

#[test]
fn imported_opml_titles_are_clean_in_json_and_plain_output() {
    let sandbox = home::Sandbox::new();
    let opml = sandbox.dir.path().join("subs.opml");
    std::fs::write(
        &opml,
        r#"<?xml version="1.0"?><opml version="2.0"><body>
<outline text="News&#x202e;&#x9b;2J">
<outline type="rss" title="ترامب&#x9b;2J&#x2066; Syria&#x85;" text="x" xmlUrl="http://example.com/feed"/>
<outline type="rss" text="سوريا&#x202e;&#x9d;0;t&#x9c; Québec" xmlUrl="http://example.com/other"/>
</outline></body></opml>"#,
    )
    .unwrap();
    plain_output(&sandbox, &["import", opml.to_str().unwrap()]);
    let json = json_output(&sandbox, &["feeds"]);
    for word in ["ترامب", "Syria", "سوريا", "Québec", "News"] {
        assert!(json.contains(word), "{word} missing: {json}");
    }
    let plain = plain_output(&sandbox, &["feeds"]);
    assert!(
        plain.contains("Syria") && plain.contains("Québec"),
        "{plain}"
    );
}

#[test]
fn fatal_errors_quoting_the_command_line_are_clean_on_stderr() {
    let sandbox = home::Sandbox::new();
    let out = sandbox
        .cmd()
        .args([
            "remove",
            "Syria\u{1b}]52;c;ZXZpbA==\u{7}\u{202e}ترامب\u{9b}2J",
        ])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert_clean("remove stderr", &stderr);
    assert!(
        stderr.contains("Syria") && stderr.contains("ترامب"),
        "{stderr}"
    );
}

/// The error text the fake TT-RSS refuses calls with.
const SERVER_ERROR: &str = r#"{"seq":0,"status":1,"content":{"error":"Syria \u001b[2J\u0007\u009b31m\u202eترامب\u2066 \u001b]52;c;ZXZpbA==\u0007"}}"#;

/// A TT-RSS stand-in: answers the first `ok` calls with a reply that serves as a login,
/// then refuses every call with [`SERVER_ERROR`]. Each reply closes its
/// connection, since the test server does not read request bodies.
fn fake_ttrss(ok: usize) -> (Server, Arc<AtomicUsize>) {
    let calls = Arc::new(AtomicUsize::new(0));
    let seen = Arc::clone(&calls);
    let server = Server::start(move |_| {
        let body = if seen.fetch_add(1, Ordering::SeqCst) < ok {
            r#"{"seq":0,"status":0,"content":{"session_id":"s1","api_level":20}}"#
        } else {
            SERVER_ERROR
        };
        Reply::ok("application/json", body.as_bytes().to_vec()).header("Connection", "close")
    });
    (server, calls)
}

/// Runs `args` against `server` as the `[sync]` server; fails, returns stderr.
fn run_synced(server: &Server, args: &[&str]) -> String {
    let sandbox = home::Sandbox::new();
    let config = sandbox.dir.path().join("config.toml");
    std::fs::write(
        &config,
        format!(
            "[sync]\nprovider = \"ttrss\"\nurl = \"{}\"\nuser = \"me\"\npassword = \"pw\"\n",
            server.url("/")
        ),
    )
    .unwrap();
    let out = sandbox
        .cmd()
        .env("NO_PROXY", "*")
        .arg("--config")
        .arg(&config)
        .args(args)
        .output()
        .unwrap();
    assert!(!out.status.success(), "{out:?}");
    String::from_utf8(out.stderr).unwrap()
}

#[test]
fn sync_prints_a_servers_error_text_clean_on_stderr() {
    let (server, calls) = fake_ttrss(1);
    let stderr = run_synced(&server, &["sync"]);
    assert!(
        calls.load(Ordering::SeqCst) >= 2,
        "the server was not asked past login"
    );
    assert_clean("sync stderr", &stderr);
    assert!(
        stderr.contains("Syria") && stderr.contains("ترامب"),
        "{stderr}"
    );
}
