//! The database at its limits: a full disk (a 1 MiB tmpfs in a private mount namespace)
//! and a read-only file. Each gives a clear error, never a panic, and leaves what was
//! stored intact. Root ignores file permissions, so as root the read-only test runs
//! tidings as `nobody` (setpriv); the full-disk test needs `unshare` (util-linux) and
//! fails, not skips, without it.

#![allow(clippy::unwrap_used)]

mod support;

use std::fmt::Write as _;
use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::{Command, Output};

use rusqlite::{Connection, OpenFlags};
use support::sandbox::{ATOM, Sandbox, fixture};

const CONFIG: &str = "[refresh]\nmax_body_mib = 16\n";

fn is_root() -> bool {
    let out = Command::new("id").arg("-u").output().unwrap();
    String::from_utf8_lossy(&out.stdout).trim() == "0"
}

/// A database holding the Blogger fixture feed, one starred and tagged story; returns the
/// `list --json` output that must survive.
fn seeded(sandbox: &Sandbox) -> serde_json::Value {
    sandbox.run(&["add", fixture(ATOM).to_str().unwrap()]);
    let stories = sandbox.json(&["list"]);
    let id = stories[0]["id"].to_string();
    sandbox.run(&["star", &id]);
    sandbox.run(&["tag", &id, "keep"]);
    let stories = sandbox.json(&["list"]);
    assert_eq!(stories[0]["starred"], true);
    stories
}

fn integrity(db: &Path) -> String {
    let conn = Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    conn.query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// An RSS feed far larger than the tmpfs.
fn big_feed() -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Big</title>\
         <link>http://example.com/</link>",
    );
    let body = "Words that fill the disk, one story after another. ".repeat(40);
    for i in 0..2000 {
        let _ = write!(
            xml,
            "<item><title>Big {i}</title><guid>big-{i}</guid><description>{body} {i}</description></item>"
        );
    }
    xml.push_str("</channel></rss>");
    xml
}

#[test]
fn full_disk_fails_the_refresh_clearly_and_keeps_the_stored_stories() {
    let sandbox = Sandbox::with_config(CONFIG);
    let before = seeded(&sandbox);
    let big = sandbox.path("big.xml");
    std::fs::write(&big, big_feed()).unwrap();
    sandbox.run(&["import", "--allow-file", &{
        let urls = sandbox.path("urls");
        std::fs::write(&urls, format!("file://{}\n", big.display())).unwrap();
        urls.display().to_string()
    }]);
    std::fs::create_dir(sandbox.path("small")).unwrap();
    std::fs::create_dir(sandbox.path("after")).unwrap();

    // Inside a private mount namespace: a 1 MiB tmpfs holds a copy of the database; the
    // refresh fills it; the database files are copied back out for inspection.
    let script = r#"set -e
cd "$1"
mount -t tmpfs -o size=1m tmpfs small
cp tidings.db config.toml small/
set +e
"$2" --db small/tidings.db --config small/config.toml refresh > refresh.out 2> refresh.err
echo $? > refresh.code
"$2" --db small/tidings.db --config small/config.toml list --json > list.out 2> list.err
echo $? > list.code
cp small/tidings.db* after/
"#;
    let namespace = if is_root() { "-m" } else { "-rm" };
    let out = Command::new("unshare")
        .args([namespace, "sh", "-c", script, "sh"])
        .arg(sandbox.dir.path())
        .arg(env!("CARGO_BIN_EXE_tidings"))
        .output()
        .expect("unshare (util-linux) is required for the full-disk test");
    assert!(
        out.status.success(),
        "the tmpfs could not be set up: {}",
        stderr(&out)
    );

    let read = |name: &str| std::fs::read_to_string(sandbox.path(name)).unwrap();
    let refresh_err = read("refresh.err");
    assert_eq!(read("refresh.code").trim(), "1", "{refresh_err}");
    assert!(
        refresh_err.contains("is full: free some disk space"),
        "the error says the disk is full: {refresh_err}"
    );
    assert!(!refresh_err.contains("panicked"), "{refresh_err}");
    assert_eq!(read("list.code").trim(), "0", "{}", read("list.err"));

    let after = sandbox.path("after/tidings.db");
    assert_eq!(integrity(&after), "ok");
    let listed: serde_json::Value = serde_json::from_str(&read("list.out")).unwrap();
    let kept: Vec<_> = listed
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| !s["title"].as_str().unwrap().starts_with("Big "))
        .cloned()
        .collect();
    assert_eq!(
        serde_json::Value::Array(kept),
        before,
        "the stories stored before the disk filled, with their star and tag"
    );
}

/// Runs tidings on `sandbox`'s database as a user who cannot write it.
fn as_reader_only(sandbox: &Sandbox, args: &[&str]) -> Output {
    let mut cmd = if is_root() {
        let mut cmd = Command::new("setpriv");
        cmd.args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(env!("CARGO_BIN_EXE_tidings"));
        cmd
    } else {
        Command::new(env!("CARGO_BIN_EXE_tidings"))
    };
    cmd.arg("--db")
        .arg(sandbox.db())
        .arg("--config")
        .arg(sandbox.path("config.toml"))
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn read_only_database_says_so_and_changes_nothing() {
    let sandbox = Sandbox::with_config(CONFIG);
    let before = seeded(&sandbox);
    let id = before[1]["id"].to_string();
    let dir = sandbox.dir.path();
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o555)).unwrap();
    std::fs::set_permissions(sandbox.db(), std::fs::Permissions::from_mode(0o444)).unwrap();

    let star = as_reader_only(&sandbox, &["star", &id]);
    let tag = as_reader_only(&sandbox, &["tag", &id, "new"]);
    let refresh = as_reader_only(&sandbox, &["refresh", "--force"]);
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::set_permissions(sandbox.db(), std::fs::Permissions::from_mode(0o644)).unwrap();

    for (what, out) in [("star", &star), ("tag", &tag), ("refresh", &refresh)] {
        let err = stderr(out);
        assert_eq!(out.status.code(), Some(1), "{what}: {err}");
        assert!(
            err.starts_with("error: ") && err.contains("is read-only"),
            "{what} says the database is read-only: {err}"
        );
        assert_eq!(err.lines().count(), 1, "{what}: one error line: {err}");
    }
    assert_eq!(integrity(&sandbox.db()), "ok");
    assert_eq!(sandbox.json(&["list"]), before, "nothing changed");
}
