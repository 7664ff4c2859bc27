//! Programs that are handed a story: a pipe (`|`), which gets the story on its standard
//! input and the terminal while it runs (so `less` works), and a bookmark command, which
//! gets it as arguments and runs unseen, its output kept for the status line.

use std::io::{self, Write as _};
use std::process::{ExitStatus, Output, Stdio};

use super::{Error, Screen, command};

/// How a program ended, for a status line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Finished {
    /// It exited with status 0.
    Ok,
    /// It failed: its exit status (or signal) and, when it printed one, its error's last
    /// line as it wrote it (the caller sanitizes it before showing it).
    Failed(String),
}

impl Finished {
    fn from_status(status: ExitStatus, stderr: &[u8]) -> Self {
        if status.success() {
            return Self::Ok;
        }
        let how = status.code().map_or_else(
            || "was killed".to_owned(),
            |code| format!("exited with {code}"),
        );
        let said = String::from_utf8_lossy(stderr);
        match said.lines().map(str::trim).rfind(|l| !l.is_empty()) {
            Some(line) => Self::Failed(format!("{how}: {line}")),
            None => Self::Failed(how),
        }
    }
}

/// Runs `argv` in the terminal with `input` on its standard input and `env` added to its
/// environment (the secrets are removed, as for every program). The screen is lent for
/// as long as it runs. The inner result is whether it started; the outer, the terminal.
pub fn pipe_to(
    argv: &[String],
    input: Vec<u8>,
    env: &[(&str, String)],
    screen: &mut dyn Screen,
) -> Result<io::Result<Finished>, Error> {
    let program = argv.first().cloned().unwrap_or_default();
    let terminal = |source| Error::Terminal {
        program: program.clone(),
        source,
    };
    let mut command = command(argv)?;
    command.stdin(Stdio::piped());
    for (name, value) in env {
        command.env(name, value);
    }
    if let Err(source) = screen.suspend() {
        let _ = screen.resume();
        return Err(terminal(source));
    }
    let ran = feed_and_wait(&mut command, input);
    screen.resume().map_err(terminal)?;
    Ok(ran)
}

/// Starts `command`, writes `input` to it from a thread of its own (a program that stops
/// reading early must not stall the writer, nor the writer the program), and waits.
fn feed_and_wait(command: &mut std::process::Command, input: Vec<u8>) -> io::Result<Finished> {
    let mut child = command.spawn()?;
    let stdin = child.stdin.take();
    let writer = std::thread::Builder::new()
        .name("tidings-pipe".to_owned())
        .spawn(move || {
            if let Some(mut stdin) = stdin {
                // A program that reads only part of the story (`head`) closes the pipe:
                // that is its choice, not an error.
                let _ = stdin.write_all(&input);
            }
        });
    let status = child.wait()?;
    if let Ok(writer) = writer {
        let _ = writer.join();
    }
    Ok(Finished::from_status(status, &[]))
}

/// Runs `argv` without the terminal (standard input empty, output kept) and waits for it.
pub fn run_captured(argv: &[String]) -> io::Result<Finished> {
    let Output { status, stderr, .. } = command(argv)
        .map_err(io::Error::other)?
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()?;
    Ok(Finished::from_status(status, &stderr))
}
