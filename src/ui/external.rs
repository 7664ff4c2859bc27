//! Programs the reader runs in its own terminal (a text-mode browser): the terminal and
//! the input thread are lent to the program and taken back when it exits, as newsboat
//! does. A graphical browser needs none of this and starts from a task thread.

use std::io;

use anyhow::{Context, Result};

use crate::launch::{self, Browser, Screen};
use crate::ui::App;
use crate::ui::event::{Event, InputSwitch};
use crate::ui::terminal::TerminalGuard;

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

/// Opens `url` on the UI thread with a browser that may need the terminal, then redraws
/// everything. A browser that does not start is shown in the status bar; a terminal that
/// cannot be taken back ends the reader (its drop guard restores what it can).
pub fn open_in_terminal(
    app: &mut App,
    guard: &mut TerminalGuard,
    input: &InputSwitch,
    browser: &Browser,
    url: &str,
) -> Result<()> {
    let mut lent = Lent { guard, input };
    match browser.open(url, Some(&mut lent)) {
        Ok(()) => {}
        Err(err @ launch::Error::Terminal { .. }) => {
            return Err(err).context("running the browser");
        }
        Err(err) => app.fail(&anyhow::anyhow!("opening {url}: {err}")),
    }
    // The browser may have run for minutes, long enough for the window to change size.
    let size = guard
        .terminal()
        .size()
        .context("reading the terminal size")?;
    app.on_event(Event::Resized {
        width: size.width,
        height: size.height,
    });
    app.dirty = true;
    Ok(())
}
