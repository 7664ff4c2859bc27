//! The reader's runtime: the event loop, the task runner and the store threads. It knows
//! effects and messages only: it draws and feeds events to a [`Program`], and turns the
//! [`Effect`]s the program asks for into work on threads, whose results come back as
//! [`Event`]s on the one channel. Nothing here reads the reader's state.
//!
//! - [`input`]: the channel, the tick, and the terminal input thread;
//! - [`tasks`]: network and program work (refresh, subscribe, full text, the browser,
//!   openers, bookmarks); `programs` reads the story a pipe or bookmark is handed;
//! - [`worker`]: the writer, indexer and renderer threads, each on its own connection;
//! - [`supervise`]: a panic on those threads becomes an error event, never a dead reader;
//! - [`terminal`]: raw mode and the alternate screen, restored on every exit path and
//!   lent to a text-mode browser, opener or pipe while it runs.

mod external;
pub mod input;
mod programs;
mod render;
pub mod supervise;
pub mod tasks;
pub mod terminal;
pub mod worker;
mod writes;

use anyhow::{Context, Result};
use ratatui::Frame;

use super::effect::Effect;
use super::event::Event;
use input::{Events, InputSwitch};
use tasks::Runner;
use terminal::TerminalGuard;
use worker::Workers;

/// What the runtime drives: the reader's update and views, seen through messages in and
/// effects out.
pub trait Program {
    /// Applies one event.
    fn on_event(&mut self, event: Event);
    /// The effects asked for since the last call, oldest first.
    fn take_effects(&mut self) -> Vec<Effect>;
    /// Whether something changed since the last frame.
    fn needs_frame(&self) -> bool;
    /// Draws the whole screen.
    fn draw(&self, frame: &mut Frame);
    /// A frame is out: the work that waits for one may start.
    fn frame_drawn(&mut self);
    /// Whether the user asked to quit.
    fn quitting(&self) -> bool;
}

/// Where the runtime's work goes.
pub struct Runtime<'a> {
    pub guard: &'a mut TerminalGuard,
    pub events: &'a Events,
    pub input: &'a InputSwitch,
    pub runner: &'a Runner,
    pub workers: &'a Workers,
}

impl Runtime<'_> {
    /// Draws, starts effects and applies events until `program` quits or every sender
    /// is gone.
    pub fn run(&mut self, program: &mut impl Program) -> Result<()> {
        while !program.quitting() {
            if program.needs_frame() {
                self.guard
                    .terminal()
                    .draw(|frame| program.draw(frame))
                    .context("drawing")?;
                program.frame_drawn();
                if program.needs_frame() {
                    continue;
                }
            }
            // Started after the frame is out (the start-up refresh too), never before it.
            if self.start(program)? {
                // A text-mode browser just gave the terminal back: redraw before waiting.
                continue;
            }
            let Some(first) = self.events.next() else {
                break;
            };
            program.on_event(first);
            // Apply everything already waiting before drawing again.
            while let Some(next) = self.events.try_next() {
                program.on_event(next);
            }
        }
        // Keys applied together with `q` may have left work for after a frame.
        program.frame_drawn();
        for effect in program.take_effects() {
            if let Effect::Job(job) = effect {
                self.workers.submit(job);
            }
        }
        Ok(())
    }

    /// Starts the effects `program` asked for; says whether the terminal was lent out
    /// (so everything must be drawn again).
    fn start(&mut self, program: &mut impl Program) -> Result<bool> {
        let mut lent = false;
        for effect in program.take_effects() {
            match effect {
                // A program that may draw in this terminal runs here, the reader paused.
                Effect::Task(task) if self.runner.needs_terminal(&task) => {
                    let said =
                        external::run_in_terminal(self.guard, self.input, self.runner, task)?;
                    if let Some(event) = said {
                        program.on_event(event);
                    }
                    // It may have run long enough for the window to change size.
                    let size = self
                        .guard
                        .terminal()
                        .size()
                        .context("reading the terminal size")?;
                    program.on_event(Event::Resized {
                        width: size.width,
                        height: size.height,
                    });
                    lent = true;
                }
                Effect::Task(task) => self.runner.spawn(task),
                Effect::Job(job) => self.workers.submit(job),
                Effect::Timer { after, id } => self.events.set_timer(after, id),
                Effect::Terminal(bytes) => {
                    use std::io::Write as _;
                    let backend = self.guard.terminal().backend_mut();
                    // A notification or a copy that cannot be written is not worth stopping for.
                    let _ = backend
                        .write_all(bytes.as_bytes())
                        .and_then(|()| backend.flush());
                }
            }
        }
        Ok(lent)
    }
}
