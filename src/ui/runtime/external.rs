//! Programs the reader runs in its own terminal (a text-mode browser): the terminal and
//! the input thread are lent to the program and taken back when it exits, as newsboat
//! does. A graphical browser needs none of this and starts from a task thread.

use std::io;

use anyhow::{Context, Result};

use super::input::InputSwitch;
use super::terminal::TerminalGuard;
use crate::launch::{self, Browser, Screen};

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

/// Opens `url` on the UI thread with a browser that may need the terminal. Returns why
/// the browser did not start, for the status bar (`Ok(None)` when it ran); a terminal
/// that cannot be taken back is an error that ends the reader (its drop guard restores
/// what it can). The caller redraws everything after, at the terminal's size then.
pub(crate) fn open_in_terminal(
    guard: &mut TerminalGuard,
    input: &InputSwitch,
    browser: &Browser,
    url: &str,
) -> Result<Option<String>> {
    let mut lent = Lent { guard, input };
    match browser.open(url, Some(&mut lent)) {
        Ok(()) => Ok(None),
        Err(err @ launch::Error::Terminal { .. }) => Err(err).context("running the browser"),
        Err(err) => Ok(Some(format!("opening {url}: {err}"))),
    }
}
