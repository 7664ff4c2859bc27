//! Private data stays private and user files survive: the data directory is created
//! 0700 and the database with its `-wal`/`-shm` 0600; a config holding a password that
//! others can read is warned about; `export -o` onto a full disk keeps the previous file;
//! config values too large for date arithmetic are refused, naming the key.

#![allow(clippy::unwrap_used)]

mod support;

use std::os::unix::fs::PermissionsExt;
use std::path::Path;
use std::process::Command as StdCommand;

use assert_cmd::Command;
use support::sandbox::{ATOM, Sandbox, fixture};
use tidings::store::{NewFeed, Store};

fn mode(path: &Path) -> u32 {
    std::fs::metadata(path).unwrap().permissions().mode() & 0o777
}

/// `tidings --db DB --config CONFIG ARGS…`
fn tidings(db: &Path, config: &Path) -> Command {
    let mut cmd = Command::cargo_bin("tidings").unwrap();
    cmd.env_remove("TIDINGS_SYNC_PASSWORD")
        .arg("--db")
        .arg(db)
        .arg("--config")
        .arg(config);
    cmd
}

#[test]
fn new_data_directory_is_0700_and_new_database_0600() {
    let sandbox = Sandbox::new();
    let db = sandbox.path("data/tidings/tidings.db");
    tidings(&db, &sandbox.path("config.toml"))
        .args(["add", fixture(ATOM).to_str().unwrap()])
        .assert()
        .success();
    assert_eq!(mode(&sandbox.path("data")), 0o700);
    assert_eq!(mode(&sandbox.path("data/tidings")), 0o700);
    assert_eq!(mode(&db), 0o600);
}

#[test]
fn existing_directory_keeps_its_mode() {
    let sandbox = Sandbox::new();
    let dir = sandbox.path("shared");
    std::fs::create_dir(&dir).unwrap();
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    tidings(&dir.join("tidings.db"), &sandbox.path("config.toml"))
        .arg("feeds")
        .assert()
        .success();
    assert_eq!(mode(&dir), 0o755);
    assert_eq!(mode(&dir.join("tidings.db")), 0o600);
}

#[test]
fn write_ahead_log_and_shared_memory_files_are_0600_while_open() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("new/tidings.db");
    let mut store = Store::open(&db).unwrap();
    store
        .add_feed(&NewFeed {
            url: "http://example.test/feed.xml".into(),
            ..Default::default()
        })
        .unwrap();
    for suffix in ["-wal", "-shm"] {
        let file = dir.path().join(format!("new/tidings.db{suffix}"));
        assert!(file.exists(), "{suffix} exists while the store is open");
        assert_eq!(mode(&file), 0o600, "{suffix}");
    }
    drop(store);
}

const PASSWORD_CONFIG: &str = "[sync]\nprovider = \"ttrss\"\nurl = \"https://rss.example.test/\"\nuser = \"me\"\npassword = \"hunter2\"\n";

#[test]
fn config_with_a_password_readable_by_others_is_warned_about() {
    let sandbox = Sandbox::with_config(PASSWORD_CONFIG);
    let config = sandbox.path("config.toml");
    std::fs::set_permissions(&config, std::fs::Permissions::from_mode(0o644)).unwrap();
    let out = sandbox.cmd().arg("feeds").output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(stderr.contains(&config.display().to_string()), "{stderr}");
    assert!(stderr.contains("chmod 600"), "{stderr}");
    assert!(!stderr.contains("hunter2"), "{stderr}");

    std::fs::set_permissions(&config, std::fs::Permissions::from_mode(0o600)).unwrap();
    let out = sandbox.cmd().arg("feeds").output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(!stderr.contains("warning"), "{stderr}");
}

#[test]
fn export_replaces_the_output_file() {
    let sandbox = Sandbox::new();
    sandbox.run(&["add", fixture(ATOM).to_str().unwrap()]);
    let out = sandbox.path("feeds.opml");
    std::fs::write(&out, "old contents that are longer than nothing").unwrap();
    sandbox.run(&["export", "-o", out.to_str().unwrap()]);
    let written = std::fs::read_to_string(&out).unwrap();
    assert!(written.contains("<opml"), "{written}");
    assert!(!written.contains("old contents"), "{written}");
    let leftovers: Vec<_> = std::fs::read_dir(sandbox.dir.path())
        .unwrap()
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|name| name.starts_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

fn is_root() -> bool {
    let out = StdCommand::new("id").arg("-u").output().unwrap();
    String::from_utf8_lossy(&out.stdout).trim() == "0"
}

#[test]
fn export_onto_a_full_disk_keeps_the_previous_file_intact() {
    let sandbox = Sandbox::new();
    // Enough feeds that the OPML outgrows the almost-full tmpfs below.
    let urls: Vec<String> = (0..400)
        .map(|i| format!("https://feeds{i}.example.test/a/long/path/to/the/feed/number/{i}.xml"))
        .collect();
    sandbox.import_urls(&urls);
    let previous: Vec<u8> = (0..20_000u32)
        .flat_map(|i| (i as u8).to_le_bytes())
        .collect();
    std::fs::write(sandbox.path("previous.opml"), &previous).unwrap();
    std::fs::create_dir(sandbox.path("small")).unwrap();

    // In a private mount namespace: a 64 KiB tmpfs holding the previous file, then
    // filled up but for a few bytes; the export must fail and leave the file alone.
    let script = r#"set -e
cd "$1"
mount -t tmpfs -o size=64k tmpfs small
cp previous.opml small/feeds.opml
dd if=/dev/zero of=small/filler bs=1k count=64 2>/dev/null || true
set +e
"$2" --db tidings.db --config config.toml export -o small/feeds.opml > export.out 2> export.err
echo $? > export.code
cp small/feeds.opml after.opml
ls -a small > listing
"#;
    let namespace = if is_root() { "-m" } else { "-rm" };
    let out = StdCommand::new("unshare")
        .args([namespace, "sh", "-c", script, "sh"])
        .arg(sandbox.dir.path())
        .arg(env!("CARGO_BIN_EXE_tidings"))
        .output()
        .expect("unshare (util-linux) is required for the full-disk test");
    let read = |name: &str| std::fs::read_to_string(sandbox.path(name)).unwrap();
    assert!(
        out.status.success(),
        "the tmpfs could not be set up: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stderr = read("export.err");
    assert_eq!(read("export.code").trim(), "1", "{stderr}");
    assert!(stderr.contains("feeds.opml"), "{stderr}");
    assert!(stderr.contains("No space left on device"), "{stderr}");
    let after = std::fs::read(sandbox.path("after.opml")).unwrap();
    assert!(
        after == previous,
        "the previous file changed: {} bytes, was {}",
        after.len(),
        previous.len()
    );
    assert!(!read("listing").contains(".tmp"), "{}", read("listing"));
}

#[test]
fn huge_minute_values_are_config_errors_naming_the_key() {
    let cases = [
        (
            "[refresh]\nmax_backoff_mins = 18446744073709551615\n",
            "refresh.max_backoff_mins",
        ),
        (
            "[refresh]\ndefault_interval_mins = 99999999999\n",
            "refresh.default_interval_mins",
        ),
        (
            "[refresh]\nmin_interval_mins = 1\nmax_interval_mins = 99999999999\n",
            "refresh.max_interval_mins",
        ),
        (
            "[refresh.intervals]\n\"https://a.example.test/feed\" = 9223372036854775807\n",
            "refresh.intervals.\"https://a.example.test/feed\"",
        ),
        (
            "[reader]\nauto_refresh_mins = 9223372036854775807\n",
            "reader.auto_refresh_mins",
        ),
    ];
    for (config, key) in cases {
        let sandbox = Sandbox::with_config(config);
        let out = sandbox.cmd().arg("refresh").output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{config}: {stderr}");
        assert!(stderr.contains(key), "{config}: {stderr}");
        assert!(stderr.contains("at most"), "{config}: {stderr}");
        assert!(!stderr.contains("panicked"), "{config}: {stderr}");
    }
}

#[test]
fn a_year_long_interval_is_accepted_and_refresh_does_not_panic() {
    let config = format!(
        "[refresh]\nmax_backoff_mins = {m}\nmax_interval_mins = {m}\ndefault_interval_mins = {m}\n",
        m = tidings::config::MAX_MINUTES
    );
    let sandbox = Sandbox::with_config(&config);
    sandbox.run(&["add", fixture(ATOM).to_str().unwrap()]);
    sandbox.run(&["refresh", "--force"]);
}
