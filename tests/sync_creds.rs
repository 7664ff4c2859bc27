//! The sync client keeps credentials where they belong: a redirect on a request that
//! carries the password is an error naming its target and is never followed; a reply
//! past the size cap ends the sync clearly; a slow `password_command` is stopped; plain
//! http to another machine is warned about. Loopback servers only.

#![allow(clippy::unwrap_used)]

mod support;

use std::io::{Read as _, Write as _};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use support::sandbox::Sandbox;
use support::server::{Body, Reply, Server};

/// A sandbox whose `[sync]` points at `url` with `password_line` (a `password = …` or
/// `password_command = …` line) and short timeouts.
fn synced(url: &str, password_line: &str) -> Sandbox {
    Sandbox::with_config(&format!(
        "[refresh]\nconnect_timeout_secs = 2\ntimeout_secs = 10\n\n\
         [sync]\nprovider = \"ttrss\"\nurl = \"{url}\"\nuser = \"me\"\n{password_line}\n\
         password_command_timeout_secs = 1\n"
    ))
}

/// Runs `tidings sync`, expecting exit 1; returns stderr.
fn failing_sync(sandbox: &Sandbox) -> String {
    let out = sandbox
        .cmd()
        .env_remove("TIDINGS_SYNC_PASSWORD")
        .arg("sync")
        .timeout(Duration::from_mins(1))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    stderr
}

#[test]
fn redirected_login_is_an_error_naming_the_target_and_the_password_never_follows() {
    for status in [301, 302, 307, 308] {
        let elsewhere = Server::start(|_| Reply::ok("application/json", &b"{}"[..]));
        let target = elsewhere.url("/api/");
        let redirecting = {
            let target = target.clone();
            Server::start(move |_| Reply::redirect(status, &target))
        };
        let sandbox = synced(&redirecting.url("/"), "password = \"hunter2\"");
        let stderr = failing_sync(&sandbox);
        assert!(
            stderr.contains(&target),
            "{status}: the error names {target}: {stderr}"
        );
        assert!(stderr.contains("redirect"), "{status}: {stderr}");
        assert_eq!(redirecting.requests().len(), 1, "{status}: one login POST");
        assert!(
            elsewhere.requests().is_empty(),
            "{status}: the redirect target got {:?}",
            elsewhere.requests()
        );
    }
}

#[test]
fn reply_past_the_size_cap_ends_the_sync_with_a_size_error() {
    let endless = Server::start(|_| Reply::status(200).body(Body::Endless { len: 80 << 20 }));
    let sandbox = synced(&endless.url("/"), "password = \"pw\"");
    let started = Instant::now();
    let stderr = failing_sync(&sandbox);
    assert!(stderr.contains("larger than 64 MiB"), "{stderr}");
    assert!(started.elapsed() < Duration::from_secs(30), "bounded time");
}

#[test]
fn announced_oversized_reply_is_refused_before_its_body_is_read() {
    // The head announces a gigabyte, then nothing comes: only the Content-Length check
    // can end this before the 10 s request timeout.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        let mut open = Vec::new();
        for stream in listener.incoming().flatten() {
            let mut stream = stream;
            // The request first (its JSON body ends with `}`), then the reply's head.
            let mut request = Vec::new();
            let mut buf = [0; 4096];
            while !request.ends_with(b"}") {
                match stream.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => request.extend_from_slice(&buf[..n]),
                }
            }
            let _ = stream.write_all(
                b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000000000\r\n\r\n",
            );
            open.push(stream);
        }
    });
    let sandbox = synced(&format!("http://127.0.0.1:{port}/"), "password = \"pw\"");
    let started = Instant::now();
    let stderr = failing_sync(&sandbox);
    assert!(stderr.contains("larger than 64 MiB"), "{stderr}");
    assert!(
        started.elapsed() < Duration::from_secs(8),
        "{:?}",
        started.elapsed()
    );
}

#[test]
fn slow_password_command_times_out_with_an_error_naming_it() {
    let server = Server::start(|_| Reply::ok("application/json", &b"{}"[..]));
    let sandbox = synced(&server.url("/"), "password_command = \"sleep 600\"");
    let started = Instant::now();
    let stderr = failing_sync(&sandbox);
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "stopped at 1 s"
    );
    assert!(stderr.contains("sleep 600"), "{stderr}");
    assert!(stderr.contains("timed out"), "{stderr}");
    assert!(
        server.requests().is_empty(),
        "nothing sent without a password"
    );
}

#[test]
fn password_command_runs_once_when_the_session_must_be_renewed() {
    // The first request (the login) succeeds; every later one says the session is gone,
    // so the client logs in again once (refused) and gives up: two logins, one run.
    let seen = Arc::new(AtomicUsize::new(0));
    let server = {
        let seen = Arc::clone(&seen);
        Server::start(move |_| {
            let body: &[u8] = if seen.fetch_add(1, Ordering::SeqCst) == 0 {
                br#"{"seq":0,"status":0,"content":{"session_id":"s1","api_level":15}}"#
            } else {
                br#"{"seq":0,"status":1,"content":{"error":"NOT_LOGGED_IN"}}"#
            };
            // Each reply closes its connection: the test server does not read request bodies.
            Reply::ok("application/json", body).header("Connection", "close")
        })
    };
    let dir = tempfile::tempdir().unwrap();
    let counter = dir.path().join("runs");
    let line = format!(
        "password_command = \"echo run >> '{}'; echo pw\"",
        counter.display()
    );
    let sandbox = synced(&server.url("/"), &line);
    let _ = failing_sync(&sandbox);
    assert!(
        seen.load(Ordering::SeqCst) >= 3,
        "login, a call, a second login"
    );
    let runs = std::fs::read_to_string(&counter).unwrap();
    assert_eq!(runs.lines().count(), 1, "{runs:?}");
}

#[test]
fn plain_http_to_another_machine_warns_and_loopback_does_not() {
    // 192.0.2.1 (TEST-NET-1) is never routed; the connect timeout ends the attempt.
    let sandbox = synced("http://192.0.2.1/tt-rss/", "password = \"pw\"");
    let stderr = failing_sync(&sandbox);
    assert!(
        stderr.contains("warning: sync.url http://192.0.2.1/tt-rss/ is plain http"),
        "{stderr}"
    );
    let server = Server::start(|_| Reply::status(500));
    let local = synced(&server.url("/"), "password = \"pw\"");
    let stderr = failing_sync(&local);
    assert!(!stderr.contains("plain http"), "{stderr}");
}
