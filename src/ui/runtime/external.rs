//! Programs the reader runs in its own terminal (a text-mode browser or opener, a pipe):
//! the terminal and the input thread are lent to the program and taken back when it
//! exits, as newsboat does. A graphical program needs none of this and starts from a
//! task thread.

use std::io;

use anyhow::{Context, Result};

use super::input::InputSwitch;
use super::programs::pipe_input;
use super::tasks::Runner;
use super::terminal::TerminalGuard;
use crate::launch::{self, CommandLine, Finished, Screen};
use crate::sanitize::SafeText;
use crate::ui::effect::Task;
use crate::ui::event::Event;

/// The reader's terminal and its input thread, lent together.
struct Lent<'a> {
    guard: &'a mut TerminalGuard,
    input: &'a InputSwitch,
}

impl Screen for Lent<'_> {
    fn suspend(&mut self) -> io::Result<()> {
        // Input stops first: a key read now would be the program's, not ours.
        self.input.pause();
        self.guard.suspend()
    }

    fn resume(&mut self) -> io::Result<()> {
        let resumed = self.guard.resume();
        self.input.resume();
        resumed
    }
}

/// Runs `task` on the UI thread with a program that may need the terminal. Returns what
/// to tell the reader (why the program did not start, how it failed), if anything; a
/// terminal that cannot be taken back is an error that ends the reader (its drop guard
/// restores what it can). The caller redraws everything after, at the terminal's size
/// then.
pub(crate) fn run_in_terminal(
    guard: &mut TerminalGuard,
    input: &InputSwitch,
    runner: &Runner,
    task: Task,
) -> Result<Option<Event>> {
    let mut lent = Lent { guard, input };
    match task {
        Task::OpenUrl(link) => match runner.launcher.open(&link, Some(&mut lent)) {
            Ok(()) => Ok(None),
            Err(err @ launch::Error::Terminal { .. }) => Err(err).context("running the browser"),
            Err(err) => Ok(Some(Event::TaskFailed(format!(
                "opening {}: {err}",
                link.url
            )))),
        },
        Task::Pipe {
            id,
            command,
            format,
        } => {
            let name = SafeText::line(&command);
            let prepared = CommandLine::parse(&command)
                .map_err(anyhow::Error::from)
                .and_then(|line| {
                    let input = pipe_input(&runner.db_path, id, format)?;
                    Ok((line.words().to_vec(), input))
                });
            let (argv, input) = match prepared {
                Ok(prepared) => prepared,
                Err(err) => return Ok(Some(Event::TaskFailed(format!("pipe {name}: {err:#}")))),
            };
            let ran = launch::pipe_to(&argv, input.stdin, &input.env, &mut lent)
                .context("running the pipe")?;
            Ok(match ran {
                Ok(Finished::Ok) => Some(Event::TaskDone(format!("Piped the story to {name}"))),
                Ok(Finished::Failed(why)) => Some(Event::TaskFailed(format!("pipe {name}: {why}"))),
                Err(err) => Some(Event::TaskFailed(format!("pipe {name}: {err}"))),
            })
        }
        // Only the tasks above are routed here (`Runner::needs_terminal`).
        other => {
            runner.spawn(other);
            Ok(None)
        }
    }
}
