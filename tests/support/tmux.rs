//! tmux as a pseudo-terminal for end-to-end tests of the reader: a private tmux server,
//! keys sent with send-keys, the screen read with capture-pane. tmux is required: tests
//! that use it fail without it, they do not skip.

#![allow(dead_code, clippy::missing_panics_doc)]

use std::path::Path;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

/// How long to wait for the screen to show something.
const WAIT: Duration = Duration::from_secs(20);

/// A tmux server of our own (private socket), killed when the test ends.
pub struct Tmux {
    socket: String,
}

/// The real reader in tmux, in `dir`, on the database `db` with the config file
/// `config` and `env` (`NAME=value` words) set, dates in UTC. When it ends, the shell
/// prints `TIDINGS-EXITED:<status>`, and `TERMINAL-COOKED` if the terminal is back in
/// cooked mode.
pub fn reader(dir: &Path, db: &Path, config: &Path, env: &str) -> Tmux {
    let command = format!(
        "env -u TIDINGS_CONFIG TZ=UTC {env} {bin} --db {db} --config {config}; \
         echo TIDINGS-EXITED:$?; stty -a | grep -q ' icanon' && echo TERMINAL-COOKED; sleep 60",
        bin = env!("CARGO_BIN_EXE_tidings"),
        db = db.display(),
        config = config.display(),
    );
    Tmux::start(&command, dir)
}

impl Tmux {
    pub fn start(command: &str, dir: &Path) -> Self {
        static SESSIONS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = SESSIONS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let socket = format!("tidings-e2e-{}-{n}", std::process::id());
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

    pub fn send(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "0"];
        args.extend_from_slice(keys);
        assert!(self.run(&args, None).status.success());
    }

    pub fn type_text(&self, text: &str) {
        assert!(
            self.run(&["send-keys", "-t", "0", "-l", text], None)
                .status
                .success()
        );
    }

    pub fn screen(&self) -> String {
        String::from_utf8_lossy(&self.run(&["capture-pane", "-p", "-t", "0"], None).stdout)
            .into_owned()
    }

    /// Waits until the screen shows `text`; fails with the screen if it never does.
    pub fn wait_for(&self, text: &str) {
        self.wait_for_within(text, WAIT);
    }

    /// [`Tmux::wait_for`] with a deadline of its own, for work that is slow by design.
    pub fn wait_for_within(&self, text: &str, limit: Duration) {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if screen.contains(text) {
                return;
            }
            assert!(
                start.elapsed() < limit,
                "timed out waiting for {text:?}; the screen shows:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Tmux {
    /// Whether the pane shows the alternate screen (a full-screen program owns it).
    pub fn alternate_screen(&self) -> bool {
        let out = self.run(
            &["display-message", "-p", "-t", "0", "#{alternate_on}"],
            None,
        );
        String::from_utf8_lossy(&out.stdout).trim() == "1"
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

impl Tmux {
    /// Appends everything the program in the pane writes from now on (the raw bytes,
    /// escape sequences and all, before tmux reads them) to `file`.
    pub fn record_output(&self, file: &Path) {
        let command = format!("cat >> '{}'", file.display());
        assert!(
            self.run(&["pipe-pane", "-O", "-t", "0", &command], None)
                .status
                .success()
        );
    }

    /// Waits until the screen no longer shows `text`; fails with the screen if it does
    /// for longer than the usual wait.
    pub fn wait_gone(&self, text: &str) {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if !screen.contains(text) {
                return;
            }
            assert!(
                start.elapsed() < WAIT,
                "timed out waiting for {text:?} to go; the screen shows:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}
