//! Finding the sync password when a sync starts: `TIDINGS_SYNC_PASSWORD` wins, then the
//! config's `password`, then the first line `password_command` prints.
//!
//! The command runs with a time limit and at most once per process: its answer is kept
//! in memory (as a [`Secret`], which never shows in `Debug` output), so a reader that
//! syncs every half hour does not ask the password store each time.

use std::io::Read;
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::Mutex;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use super::Error;
use crate::config::PasswordSource;

/// The environment variable that overrides the configured password.
pub(crate) const ENV: &str = "TIDINGS_SYNC_PASSWORD";

/// How often a running `password_command` is checked for having finished.
const POLL: Duration = Duration::from_millis(20);

/// A password: its `Debug` output is `"***"`, so it cannot leak into logs.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a password.
    pub fn new(password: String) -> Self {
        Self(password)
    }

    /// The password itself, for the one place that sends it.
    pub(crate) fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("\"***\"")
    }
}

/// Passwords `password_command`s gave in this process, by command.
static CACHE: Mutex<Vec<(String, Secret)>> = Mutex::new(Vec::new());

/// The password for `user`, from the environment or `source`; a command runs for at
/// most `timeout`, and only the first time it is needed in this process.
pub fn resolve(source: &PasswordSource, user: &str, timeout: Duration) -> Result<Secret, Error> {
    resolve_with(std::env::var(ENV).ok(), source, user, timeout)
}

/// [`resolve`] with the environment's value given, for tests.
pub(crate) fn resolve_with(
    from_env: Option<String>,
    source: &PasswordSource,
    user: &str,
    timeout: Duration,
) -> Result<Secret, Error> {
    if let Some(password) = from_env.filter(|p| !p.is_empty()) {
        return Ok(Secret(password));
    }
    match source {
        PasswordSource::Plain(password) => Ok(Secret(password.clone())),
        PasswordSource::Command(command) => cached_command(command, timeout),
        PasswordSource::Environment => Err(Error::NoPassword {
            user: user.to_owned(),
        }),
    }
}

/// The command's password from the cache, or from running it (and then cached). The
/// lock is held while it runs, so two syncs starting at once still run it once.
fn cached_command(command: &str, timeout: Duration) -> Result<Secret, Error> {
    // A panic while the lock was held cannot leave the list half-written.
    let mut cache = CACHE
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some((_, secret)) = cache.iter().find(|(c, _)| c == command) {
        return Ok(secret.clone());
    }
    let secret = run_command(command, timeout)?;
    cache.push((command.to_owned(), secret.clone()));
    Ok(secret)
}

/// Runs `command` with the shell; its first line of output is the password. It gets no
/// input and its messages are kept for the error (the reader may own the terminal);
/// gpg's pinentry asks through the agent, not through stdin. Past `timeout` the command
/// (its whole process group) is killed.
fn run_command(command: &str, timeout: Duration) -> Result<Secret, Error> {
    let failed = |reason: String| Error::PasswordCommand {
        command: command.to_owned(),
        reason,
    };
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(command)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        // Its own group, so a timeout kills the shell's children too.
        .process_group(0)
        .spawn()
        .map_err(|e| failed(e.to_string()))?;
    let stdout = drain(child.stdout.take());
    let stderr = drain(child.stderr.take());
    let Some(status) = wait_until(&mut child, timeout).map_err(|e| failed(e.to_string()))? else {
        kill_group(&mut child);
        return Err(failed(format!(
            "it timed out after {} s and was stopped",
            timeout.as_secs()
        )));
    };
    let stdout = stdout.join().unwrap_or_default();
    let stderr = stderr.join().unwrap_or_default();
    if !status.success() {
        let said = String::from_utf8_lossy(&stderr);
        let said = said.lines().rev().find(|l| !l.trim().is_empty());
        return Err(failed(match said {
            Some(line) => format!(
                "it exited with {status}: {}",
                crate::sanitize::clean_line(line)
            ),
            None => format!("it exited with {status}"),
        }));
    }
    let text =
        String::from_utf8(stdout).map_err(|_| failed("its output is not UTF-8".to_owned()))?;
    let line = text.lines().next().unwrap_or_default();
    if line.is_empty() {
        return Err(failed("it printed nothing".to_owned()));
    }
    Ok(Secret(line.to_owned()))
}

/// Reads a pipe to its end on a thread of its own, so a chatty command cannot block.
fn drain(pipe: Option<impl Read + Send + 'static>) -> JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        if let Some(mut pipe) = pipe {
            // A read error just ends the output early.
            let _ = pipe.read_to_end(&mut bytes);
        }
        bytes
    })
}

/// The child's exit status, or `None` when it is still running after `timeout`.
fn wait_until(child: &mut Child, timeout: Duration) -> std::io::Result<Option<ExitStatus>> {
    let deadline = Instant::now() + timeout;
    loop {
        if let Some(status) = child.try_wait()? {
            return Ok(Some(status));
        }
        if Instant::now() >= deadline {
            return Ok(None);
        }
        std::thread::sleep(POLL);
    }
}

/// Kills the child's process group (the shell and what it started), then reaps it.
fn kill_group(child: &mut Child) {
    let group = format!("-{}", child.id());
    let killed = Command::new("kill")
        .args(["-KILL", "--", &group])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !killed {
        // At least the shell itself.
        let _ = child.kill();
    }
    let _ = child.wait();
}

#[cfg(test)]
mod tests;
