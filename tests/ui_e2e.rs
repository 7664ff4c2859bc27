//! End to end: the real binary in a real pseudo-terminal (tmux), driven by keys — load the
//! samples, navigate, open a story, star it, tag it, quit — then the database is checked
//! through the CLI. tmux is required: without it this test fails, it does not skip.

mod support;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use support::tmux::Tmux;

fn tidings(db: &Path, config_home: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tidings"))
        .env_remove("TIDINGS_CONFIG")
        .env("XDG_CONFIG_HOME", config_home)
        .arg("--db")
        .arg(db)
        .args(args)
        .output()
        .expect("running tidings")
}

#[test]
fn reader_loads_samples_stars_and_tags_a_story() {
    let dir = tempfile::tempdir().unwrap();
    let db: PathBuf = dir.path().join("data/tidings.db");
    let config_home = dir.path().join("config");
    let command = format!(
        "env -u TIDINGS_CONFIG TZ=UTC XDG_CONFIG_HOME={} {} --db {}; echo TIDINGS-EXITED:$?; sleep 60",
        config_home.display(),
        env!("CARGO_BIN_EXE_tidings"),
        db.display()
    );
    let tmux = Tmux::start(&command, dir.path());
    tmux.wait_for("Welcome to tidings");
    tmux.send(&["s"]);
    tmux.wait_for("Loaded the sample feeds");
    tmux.send(&["j", "j", "Enter"]);
    tmux.wait_for("Sam Okafor");
    tmux.send(&["s"]);
    tmux.wait_for("Starred");
    tmux.send(&["t"]);
    tmux.wait_for("Tags (comma-separated");
    tmux.type_text("e2e-tag");
    tmux.send(&["Enter"]);
    tmux.wait_for("Tags: e2e-tag");
    tmux.send(&["q"]);
    tmux.wait_for("TIDINGS-EXITED:0");

    let out = tidings(&db, &config_home, &["list", "--json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stories: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let stories = stories.as_array().unwrap();
    assert_eq!(stories.len(), 14);
    let story = stories
        .iter()
        .find(|s| s["title"] == "Right-to-left text in the terminal is still hard")
        .expect("the opened story is in the database");
    assert_eq!(story["starred"], true, "{story}");
    assert_eq!(story["read"], true, "{story}");
    assert_eq!(story["tags"], serde_json::json!(["e2e-tag"]), "{story}");
    let others_starred = stories.iter().filter(|s| s["starred"] == true).count();
    assert_eq!(others_starred, 1);
}
