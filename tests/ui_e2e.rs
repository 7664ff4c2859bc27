//! End to end: the real binary in a real pseudo-terminal (tmux), driven by keys — load the
//! samples, navigate, open a story, star it, tag it, quit — then the database is checked
//! through the CLI. tmux is required: without it this test fails, it does not skip.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

/// How long to wait for the screen to show something.
const WAIT: Duration = Duration::from_secs(20);

/// A tmux server of our own (private socket), killed when the test ends.
struct Tmux {
    socket: String,
}

impl Tmux {
    fn start(command: &str, dir: &Path) -> Self {
        let socket = format!("tidings-e2e-{}", std::process::id());
        let tmux = Self { socket };
        let out = tmux.run(
            &[
                "-f",
                "/dev/null",
                "new-session",
                "-d",
                "-x",
                "120",
                "-y",
                "40",
                "-c",
            ],
            Some((dir, command)),
        );
        assert!(
            out.status.success(),
            "tmux new-session failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        tmux
    }

    fn run(&self, args: &[&str], session: Option<(&Path, &str)>) -> Output {
        let mut cmd = Command::new("tmux");
        cmd.arg("-L").arg(&self.socket).args(args);
        if let Some((dir, command)) = session {
            cmd.arg(dir).arg(command);
        }
        cmd.output().unwrap_or_else(|err| {
            panic!("tmux is required for the end-to-end reader test (apt-get install tmux): {err}")
        })
    }

    fn send(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "0"];
        args.extend_from_slice(keys);
        assert!(self.run(&args, None).status.success());
    }

    fn type_text(&self, text: &str) {
        assert!(
            self.run(&["send-keys", "-t", "0", "-l", text], None)
                .status
                .success()
        );
    }

    fn screen(&self) -> String {
        String::from_utf8_lossy(&self.run(&["capture-pane", "-p", "-t", "0"], None).stdout)
            .into_owned()
    }

    /// Waits until the screen shows `text`; fails with the screen if it never does.
    fn wait_for(&self, text: &str) {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if screen.contains(text) {
                return;
            }
            assert!(
                start.elapsed() < WAIT,
                "timed out waiting for {text:?}; the screen shows:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .arg("kill-server")
            .output();
    }
}

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
