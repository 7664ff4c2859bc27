//! Stand-ins for the programs the reader runs (openers, players, pipes, bookmarks): an
//! executable script a test writes, a feed subscribed beside it, and the calls the script
//! recorded, one argument a line and each call ended by `--end--`.

#![allow(dead_code, clippy::unwrap_used, clippy::missing_panics_doc)]

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// Writes an executable script at `path` and returns the path.
pub fn script(path: &Path, body: &str) -> PathBuf {
    use std::os::unix::fs::PermissionsExt;
    std::fs::write(path, body).unwrap();
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path.to_path_buf()
}

/// `tidings add FEED` into the database `db` with the config `config`.
pub fn subscribe(db: &Path, config: &Path, feed: &Path) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_tidings"))
        .env_remove("TIDINGS_CONFIG")
        .arg("--db")
        .arg(db)
        .arg("--config")
        .arg(config)
        .arg("add")
        .arg(feed)
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
}

/// The calls recorded in `file` so far, once it holds `calls` of them (20 s at most).
pub fn calls(file: &Path, calls: usize) -> Vec<Vec<String>> {
    let start = Instant::now();
    loop {
        let text = std::fs::read_to_string(file).unwrap_or_default();
        if text.matches("--end--\n").count() >= calls {
            return text
                .split_terminator("--end--\n")
                .map(|call| call.lines().map(str::to_owned).collect())
                .collect();
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "{} never had {calls} calls: {text:?}",
            file.display()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}
