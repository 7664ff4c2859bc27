//! Script feeds through the real binary: `exec:` and `filter:` subscriptions refreshed,
//! a script that hangs or floods, one that fails, and `import --allow-exec`. Scripts are
//! written by the tests into temporary directories; the one server is on loopback.

#![allow(clippy::unwrap_used)]

mod support;

use std::os::unix::fs::PermissionsExt as _;
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use support::sandbox::{Sandbox, rss, summary_line};
use support::server::{Reply, Server};

/// Writes an executable `sh` script called `name` into the sandbox; returns its path.
fn script(sandbox: &Sandbox, name: &str, body: &str) -> String {
    let path = sandbox.path(name);
    std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path.to_str().unwrap().to_owned()
}

fn write(path: &Path, text: &str) {
    std::fs::write(path, text).unwrap();
}

#[test]
fn hanging_scripts_run_side_by_side_not_one_after_another() {
    let sandbox = Sandbox::with_config(
        "[refresh]\nconnect_timeout_secs = 1\ntimeout_secs = 1\nmax_body_mib = 1\n",
    );
    let urls = sandbox.path("urls");
    let lines: Vec<String> = (0..4)
        .map(|i| format!("exec:{}", script(&sandbox, &format!("hang{i}"), "sleep 30")))
        .collect();
    write(&urls, &lines.join("\n"));
    sandbox.run(&["import", "--allow-exec", urls.to_str().unwrap()]);
    let started = Instant::now();
    let out = sandbox.run(&["refresh"]);
    let elapsed = started.elapsed();
    assert!(summary_line(&out).contains("4 errors"), "{out}");
    // Four one-second timeouts one after another would take four seconds.
    assert!(elapsed < Duration::from_secs(3), "refresh took {elapsed:?}");
}

#[test]
fn an_exec_feed_is_added_and_refreshed_from_its_output_without_the_secrets() {
    let sandbox = Sandbox::new();
    let feed = sandbox.path("feed.xml");
    write(&feed, &rss("Local", 2));
    let env = sandbox.path("env");
    let run = script(
        &sandbox,
        "local-feed",
        &format!(
            "echo \"${{TIDINGS_SYNC_PASSWORD:-unset}} $#\" > '{}'\ncat \"$1\"",
            env.display()
        ),
    );
    let address = format!("exec:{run} '{}'", feed.display());
    let added = sandbox
        .cmd()
        .env("TIDINGS_SYNC_PASSWORD", "hunter2")
        .args(["add", &address])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let added = String::from_utf8(added).unwrap();
    assert!(added.contains("(2 stories)"), "{added}");
    assert_eq!(std::fs::read_to_string(&env).unwrap(), "unset 1\n");
    let feeds = sandbox.json(&["feeds"]);
    assert_eq!(feeds[0]["url"].as_str(), Some(address.as_str()));
    // `inspect` runs it too, storing nothing.
    let inspected = sandbox.run(&["inspect", &address]);
    assert!(inspected.contains("Local story 1"), "{inspected}");

    write(&feed, &rss("Local", 3));
    let refreshed = sandbox.run(&["refresh", "--force"]);
    assert!(
        summary_line(&refreshed).starts_with("1 feed, 1 new article, 0 errors"),
        "{refreshed}"
    );
    assert_eq!(
        sandbox.sorted_titles(&[]),
        ["Local story 0", "Local story 1", "Local story 2"]
    );
    assert_eq!(sandbox.error_of(&address), None);
}

#[test]
fn a_filter_feed_pipes_the_fetched_feed_through_its_command_and_keeps_conditional_get() {
    let body: Arc<[u8]> = rss("Remote", 2).into_bytes().into();
    let server = Server::start(move |request| {
        if request.header("If-None-Match") == Some("\"v1\"") {
            return Reply::status(304).header("ETag", "\"v1\"");
        }
        Reply::ok("application/rss+xml", Arc::clone(&body)).header("ETag", "\"v1\"")
    });
    let sandbox = Sandbox::new();
    let address = format!(
        "filter:sed -e 's/Remote story/Filtered story/':{}",
        server.url("/feed")
    );
    sandbox.run(&["add", &address]);
    assert_eq!(
        sandbox.sorted_titles(&[]),
        ["Filtered story 0", "Filtered story 1"]
    );
    let again = sandbox.run(&["refresh", "--force"]);
    assert!(again.contains("same"), "{again}");
    assert_eq!(server.replies("/feed", 304), 1);
    assert_eq!(
        sandbox.json(&["feeds"])[0]["url"].as_str(),
        Some(address.as_str())
    );
}

#[test]
fn a_hanging_script_times_out_with_its_children_while_other_feeds_go_on() {
    let body: Arc<[u8]> = rss("Web", 2).into_bytes().into();
    let server = Server::start(move |_| Reply::ok("application/rss+xml", Arc::clone(&body)));
    let sandbox = Sandbox::with_config(
        "[refresh]\nconnect_timeout_secs = 1\ntimeout_secs = 1\nmax_body_mib = 1\n",
    );
    let pid_file = sandbox.path("child.pid");
    let hang = script(
        &sandbox,
        "hang",
        &format!("sleep 60 &\necho $! > '{}'\nwait", pid_file.display()),
    );
    let urls = sandbox.path("urls");
    write(&urls, &format!("exec:{hang}\n{}\n", server.url("/feed")));
    sandbox.run(&["import", "--allow-exec", urls.to_str().unwrap()]);

    let started = Instant::now();
    let out = sandbox
        .cmd()
        .arg("refresh")
        .assert()
        .code(0)
        .get_output()
        .clone();
    let elapsed = started.elapsed();
    assert!(
        elapsed < Duration::from_secs(10),
        "refresh took {elapsed:?}"
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        summary_line(&stdout).contains("2 new articles, 1 error "),
        "{stdout}"
    );
    let error = sandbox.error_of(&format!("exec:{hang}")).unwrap();
    assert!(error.contains("timed out after 1 s"), "{error}");
    assert_eq!(sandbox.sorted_titles(&[]), ["Web story 0", "Web story 1"]);

    // The script's own child went down with it: its process group was killed.
    let pid = std::fs::read_to_string(&pid_file).unwrap();
    let stat = format!("/proc/{}/stat", pid.trim());
    let gone = || {
        std::fs::read_to_string(&stat).map_or(true, |s| {
            s.rsplit(')')
                .next()
                .is_some_and(|r| r.trim_start().starts_with('Z'))
        })
    };
    let until = Instant::now() + Duration::from_secs(5);
    while !gone() && Instant::now() < until {
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(gone(), "the script's child {} still runs", pid.trim());
}

#[test]
fn a_script_printing_100_mb_is_stopped_at_the_body_cap() {
    let sandbox = Sandbox::new();
    let marker = sandbox.path("finished");
    let flood = script(
        &sandbox,
        "flood",
        &format!(
            "head -c 104857600 /dev/zero\necho done > '{}'",
            marker.display()
        ),
    );
    let urls = sandbox.path("urls");
    write(&urls, &format!("\"exec:{flood}\"\n"));
    sandbox.run(&["import", "--allow-exec", urls.to_str().unwrap()]);
    let started = Instant::now();
    sandbox.cmd().arg("refresh").assert().success();
    assert!(started.elapsed() < Duration::from_secs(10));
    let error = sandbox.error_of(&format!("exec:{flood}")).unwrap();
    assert!(error.contains("larger than the 1 MiB limit"), "{error}");
    // Killed once past the cap, long before it printed everything.
    std::thread::sleep(Duration::from_millis(200));
    assert!(!marker.exists(), "the script ran to its end");
}

#[test]
fn a_failing_script_keeps_its_sanitized_stderr_as_the_feeds_error() {
    let sandbox = Sandbox::new();
    let fail = script(
        &sandbox,
        "fail",
        "printf 'cannot reach \\033[31mthe wiki\\033[0m\\n' >&2\nexit 3",
    );
    let empty = script(&sandbox, "empty", "echo 'nothing today' >&2");
    let urls = sandbox.path("urls");
    write(&urls, &format!("exec:{fail}\nexec:{empty}\n"));
    sandbox.run(&["import", "--allow-exec", urls.to_str().unwrap()]);
    sandbox.cmd().arg("refresh").assert().success();

    let error = sandbox.error_of(&format!("exec:{fail}")).unwrap();
    assert!(error.contains("exited with status 3"), "{error}");
    assert!(error.contains("cannot reach"), "{error}");
    assert!(error.contains("the wiki"), "{error}");
    assert!(!error.contains('\u{1b}'), "{error:?}");
    let error = sandbox.error_of(&format!("exec:{empty}")).unwrap();
    assert!(error.contains("printed nothing: nothing today"), "{error}");
}

#[test]
fn import_skips_script_feeds_unless_allowed() {
    let sandbox = Sandbox::new();
    let feed = sandbox.path("feed.xml");
    write(&feed, &rss("Local", 1));
    let urls = sandbox.path("urls");
    write(
        &urls,
        &format!(
            "https://example.org/feed\n\"exec:cat {}\"\n\"filter:cat:https://example.org/other\" tagged\n",
            feed.display()
        ),
    );
    let opml = sandbox.path("subs.opml");
    write(
        &opml,
        &format!(
            "<opml version=\"2.0\"><body><outline text=\"s\" xmlUrl=\"exec:cat {}\"/></body></opml>",
            feed.display()
        ),
    );
    for file in [&urls, &opml] {
        let out = sandbox
            .cmd()
            .args(["import", file.to_str().unwrap()])
            .assert()
            .success()
            .get_output()
            .clone();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("--allow-exec"), "{stderr}");
    }
    let urls_of = |sandbox: &Sandbox| -> Vec<String> {
        let mut urls: Vec<String> = sandbox
            .json(&["feeds"])
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["url"].as_str().unwrap().to_owned())
            .collect();
        urls.sort();
        urls
    };
    assert_eq!(urls_of(&sandbox), ["https://example.org/feed"]);

    let out = sandbox
        .cmd()
        .args(["import", "--allow-exec", urls.to_str().unwrap()])
        .assert()
        .success()
        .get_output()
        .clone();
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let exec = format!("exec:cat {}", feed.display());
    assert_eq!(
        urls_of(&sandbox),
        [
            exec.clone(),
            "filter:cat:https://example.org/other".to_owned(),
            "https://example.org/feed".to_owned(),
        ]
    );
    sandbox.run(&["refresh", "--feed", &exec]);
    assert_eq!(sandbox.list_titles(&[]), ["Local story 0"]);
}

#[test]
fn a_program_written_under_the_home_directory_is_found_there() {
    let sandbox = Sandbox::new();
    std::fs::create_dir(sandbox.path("bin")).unwrap();
    let feed = sandbox.path("feed.xml");
    write(&feed, &rss("Home", 1));
    script(
        &sandbox,
        "bin/home-feed",
        &format!("cat '{}'", feed.display()),
    );
    sandbox
        .cmd()
        .env("HOME", sandbox.dir.path())
        .args(["add", "exec:~/bin/home-feed"])
        .assert()
        .success();
    assert_eq!(sandbox.list_titles(&[]), ["Home story 0"]);
}

#[test]
fn with_a_sync_server_a_script_feed_is_refused_before_anything_runs() {
    let sandbox = Sandbox::with_config(
        "[sync]\nprovider = \"ttrss\"\nurl = \"http://127.0.0.1:9/\"\nuser = \"me\"\npassword = \"pw\"\n",
    );
    let marker = sandbox.path("ran");
    let run = script(&sandbox, "feed", &format!("touch '{}'", marker.display()));
    let out = sandbox
        .cmd()
        .args(["add", &format!("exec:{run}")])
        .assert()
        .failure()
        .get_output()
        .clone();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("cannot run a script feed"), "{stderr}");
    assert!(!marker.exists());
}
