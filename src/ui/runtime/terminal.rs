//! Owning the terminal: raw mode, the alternate screen, mouse capture and a hidden cursor
//! are set up once and undone on every way out — normal return, error (drop guard) and
//! panic (hook) — and lent to a text-mode program when one runs.

use std::io::{self, Write, stdout};
use std::sync::{Mutex, Once, PoisonError};
use std::thread::{self, ThreadId};

use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use ratatui::crossterm::terminal::{self, EnterAlternateScreen, LeaveAlternateScreen};
use ratatui::crossterm::{cursor, execute};

/// The terminal while the reader owns it; dropping it gives the terminal back.
pub struct TerminalGuard {
    terminal: DefaultTerminal,
}

static PANIC_HOOK: Once = Once::new();

impl TerminalGuard {
    /// Takes over the terminal. The panic hook is installed before anything changes, so
    /// even a failure half-way through leaves the terminal usable.
    pub fn enter() -> io::Result<Self> {
        // ratatui's hook (raw mode off, main screen) runs after ours (mouse, cursor).
        let terminal = ratatui::try_init();
        install_panic_hook();
        let mut guard = Self {
            terminal: terminal?,
        };
        execute!(stdout(), EnableMouseCapture)?;
        guard.terminal.hide_cursor()?;
        Ok(guard)
    }

    /// The terminal to draw on.
    pub fn terminal(&mut self) -> &mut DefaultTerminal {
        &mut self.terminal
    }

    /// Gives the terminal to another program for a while: mouse capture off, cursor
    /// shown, the main screen back and raw mode off, as the user's shell had them.
    // A method of the guard, though it needs none of its fields: only the holder of the
    // terminal may lend it out.
    #[allow(clippy::unused_self)]
    pub(crate) fn suspend(&mut self) -> io::Result<()> {
        let mut out = stdout();
        execute!(out, DisableMouseCapture, cursor::Show, LeaveAlternateScreen)?;
        terminal::disable_raw_mode()?;
        out.flush()
    }

    /// Takes the terminal back after [`TerminalGuard::suspend`]; the next frame redraws
    /// every cell, since the other program left the screen in an unknown state.
    pub fn resume(&mut self) -> io::Result<()> {
        terminal::enable_raw_mode()?;
        execute!(stdout(), EnterAlternateScreen, EnableMouseCapture)?;
        self.terminal.hide_cursor()?;
        self.terminal.clear()
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        *READER.lock().unwrap_or_else(PoisonError::into_inner) = None;
        release_extras();
        ratatui::restore();
    }
}

/// Undoes what ratatui's own restore does not: mouse capture and the hidden cursor.
fn release_extras() {
    let mut out = stdout();
    // Nothing useful can be done if the terminal is gone; restore what we can.
    let _ = execute!(out, DisableMouseCapture, cursor::Show);
    let _ = out.flush();
}

/// While the reader owns the terminal: the thread it runs on.
static READER: Mutex<Option<ThreadId>> = Mutex::new(None);

/// Restores the terminal for a panic on the reader's own thread only. A background
/// thread's panic is caught by its supervisor (`supervise.rs`) and shown in the status
/// bar; printing it here would scribble over the reader's screen, so it goes to the log.
fn install_panic_hook() {
    *READER.lock().unwrap_or_else(PoisonError::into_inner) = Some(thread::current().id());
    PANIC_HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let reader = *READER.lock().unwrap_or_else(PoisonError::into_inner);
            if reader.is_some_and(|id| id != thread::current().id()) {
                tracing::error!(panic = %info, "panic on a background thread");
                return;
            }
            release_extras();
            previous(info);
        }));
    });
}
