//! Running a script feed's command: an async child in its own process group, fed its
//! input on stdin, its output read up to the body cap, all within the fetch timeout.

use std::process::{ExitStatus, Stdio};

use tokio::io::{AsyncRead, AsyncReadExt, AsyncWriteExt};
use tokio::process::Child;

use crate::feed::fetch::{ErrorKind, Limits};
use crate::launch::{self, CommandLine};

/// Bytes of a failing script's standard error kept as the feed's error; the rest is read
/// and dropped, so a chatty script cannot block on a full pipe.
const STDERR_BYTES: u64 = 4096;
/// Characters of that standard error shown in the stored error.
const STDERR_CHARS: usize = 300;

/// Runs `command` with `input` on its standard input (or none) and returns its standard
/// output, or why it is not a feed: it could not start, timed out, printed more than the
/// body cap, exited with a failure or printed nothing.
pub(super) async fn run(
    command: &CommandLine,
    input: Option<Vec<u8>>,
    limits: &Limits,
) -> Result<Vec<u8>, ErrorKind> {
    let program = command.program().to_owned();
    let mut child = spawn(command, input.is_some())
        .map_err(|err| ErrorKind::Script(format!("{program} could not be started: {err}")))?;
    let group = Group(child.id());
    let ran =
        tokio::time::timeout(limits.timeout, collect(&mut child, input, limits, &group)).await;
    let Ok(ran) = ran else {
        group.kill();
        // SIGKILL has been sent: reaping is quick.
        let _ = child.kill().await;
        group.disarm();
        return Err(ErrorKind::Timeout {
            after: limits.timeout,
        });
    };
    let (output, stderr, status) = ran;
    group.disarm();
    let status =
        status.map_err(|err| ErrorKind::Script(format!("waiting for {program}: {err}")))?;
    let output = output?;
    let stderr = stderr_excerpt(&stderr);
    if !status.success() {
        return Err(ErrorKind::Script(format!(
            "{program} {}{stderr}",
            describe(status)
        )));
    }
    if output.iter().all(u8::is_ascii_whitespace) {
        return Err(ErrorKind::Script(format!(
            "{program} printed nothing{stderr}"
        )));
    }
    Ok(output)
}

fn spawn(command: &CommandLine, with_input: bool) -> Result<Child, std::io::Error> {
    let mut argv = command.words().to_vec();
    // newsboat's `urls` files say `exec:~/bin/feed`; no shell is there to expand it.
    if let Some(program) = argv.first_mut()
        && let Some(rest) = program.strip_prefix("~/")
        && let Some(home) = directories::BaseDirs::new()
    {
        *program = home.home_dir().join(rest).to_string_lossy().into_owned();
    }
    let mut child =
        tokio::process::Command::from(launch::command(&argv).map_err(std::io::Error::other)?);
    child
        .stdin(if with_input {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        // Its own group, so its children go down with it; and gone if the refresh is.
        .process_group(0)
        .kill_on_drop(true);
    child.spawn()
}

/// Feeds the input, reads both outputs and waits for the exit; stops at the body cap by
/// killing the group (which closes the pipes, so nothing waits any longer).
async fn collect(
    child: &mut Child,
    input: Option<Vec<u8>>,
    limits: &Limits,
    group: &Group,
) -> (
    Result<Vec<u8>, ErrorKind>,
    Vec<u8>,
    std::io::Result<ExitStatus>,
) {
    let stdin = child.stdin.take();
    let stdout = child.stdout.take();
    let stderr = child.stderr.take();
    // Input and standard error go on tasks of their own, beside the output: a script may
    // write before it has read everything. Both end when the pipes close, at the latest
    // when the group is killed.
    let feeding = stdin.zip(input).map(|(mut stdin, input)| {
        tokio::spawn(async move {
            // A script that reads only part of its input (or none) closes the pipe
            // early; that is its business, not an error.
            let _ = stdin.write_all(&input).await;
        })
    });
    let errors = tokio::spawn(async move {
        let mut kept = Vec::new();
        if let Some(stderr) = stderr {
            let mut stderr = stderr.take(STDERR_BYTES);
            let _ = stderr.read_to_end(&mut kept).await;
            let _ = tokio::io::copy(&mut stderr.into_inner(), &mut tokio::io::sink()).await;
        }
        kept
    });
    let mut stdout = stdout;
    let output = read_capped(stdout.as_mut(), limits.max_body_bytes).await;
    if output.is_err() {
        // Before the pipe closes: the script must not see the end of its output and go
        // on to whatever it does next.
        group.kill();
    }
    drop(stdout);
    let errors = errors.await.unwrap_or_default();
    if let Some(feeding) = feeding {
        feeding.abort();
    }
    (output, errors, child.wait().await)
}

/// Reads `pipe` to its end, failing as soon as it passes `limit` bytes: memory stays at
/// the cap, whatever the script prints.
async fn read_capped(
    pipe: Option<&mut (impl AsyncRead + Unpin)>,
    limit: u64,
) -> Result<Vec<u8>, ErrorKind> {
    let Some(pipe) = pipe else {
        return Ok(Vec::new());
    };
    let mut output = Vec::new();
    pipe.take(limit.saturating_add(1))
        .read_to_end(&mut output)
        .await
        .map_err(|err| ErrorKind::Script(format!("reading the output: {err}")))?;
    if output.len() as u64 > limit {
        return Err(ErrorKind::TooLarge { limit });
    }
    Ok(output)
}

/// `: ` and the start of a failing script's standard error, on one line and without
/// control characters; empty when it printed none.
fn stderr_excerpt(stderr: &[u8]) -> String {
    let text = crate::sanitize::clean_line(&String::from_utf8_lossy(stderr));
    let text = text.trim();
    if text.is_empty() {
        return String::new();
    }
    let mut short: String = text.chars().take(STDERR_CHARS).collect();
    if short.len() < text.len() {
        short.push('…');
    }
    format!(": {short}")
}

fn describe(status: ExitStatus) -> String {
    use std::os::unix::process::ExitStatusExt as _;
    match (status.code(), status.signal()) {
        (Some(code), _) => format!("exited with status {code}"),
        (None, Some(signal)) => format!("was killed by signal {signal}"),
        (None, None) => "failed".to_owned(),
    }
}

/// The child's process group (its id is the child's, see `process_group(0)`), killed on
/// drop unless disarmed once the child has been reaped: a refresh abandoned mid-way
/// leaves no script behind.
struct Group(Option<u32>);

impl Group {
    /// Kills every process in the group; a group already gone is not an error.
    fn kill(&self) {
        let pid = self
            .0
            .and_then(|id| i32::try_from(id).ok())
            .and_then(rustix::process::Pid::from_raw);
        if let Some(pid) = pid {
            let _ = rustix::process::kill_process_group(pid, rustix::process::Signal::KILL);
        }
    }

    /// The child is reaped: its id may be reused, so it must not be signalled any more.
    fn disarm(mut self) {
        self.0 = None;
    }
}

impl Drop for Group {
    fn drop(&mut self) {
        self.kill();
    }
}
