//! The one channel into the UI, and the thread that reads terminal input onto it. The
//! input thread can be paused while another program borrows the terminal.

use std::cell::Cell;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::time::{Duration, Instant};

use ratatui::crossterm::event::{self as term, KeyEventKind};

use crate::ui::event::{Event, TICK};

/// The sending half, cloned into every background task.
pub type EventSender = Sender<Event>;

/// The channel's two ends.
pub fn channel() -> (EventSender, Events) {
    let (sender, receiver) = mpsc::channel();
    let next_tick = Cell::new(Instant::now() + TICK);
    (
        sender,
        Events {
            receiver,
            next_tick,
            timer: Cell::new(None),
        },
    )
}

/// The receiving half, owned by the UI loop.
pub struct Events {
    receiver: Receiver<Event>,
    /// When the next [`Event::Tick`] is due. Ticks keep time even while results stream
    /// in (a long refresh, indexing progress), so the tick's work is never starved.
    next_tick: Cell<Instant>,
    /// When the one pending [`Event::TimerFired`] is due, and its id.
    timer: Cell<Option<(Instant, u64)>>,
}

impl Events {
    /// The next event, an [`Event::TimerFired`] when the timer is due, or an
    /// [`Event::Tick`] once every [`TICK`]. `None` when every sender is gone.
    pub fn next(&self) -> Option<Event> {
        let tick = self.next_tick.get();
        let wake = self.timer.get().map_or(tick, |(at, _)| at.min(tick));
        let wait = wake.saturating_duration_since(Instant::now());
        if wait.is_zero() {
            return Some(self.due());
        }
        match self.receiver.recv_timeout(wait) {
            Ok(event) => Some(event),
            Err(RecvTimeoutError::Timeout) => Some(self.due()),
            Err(RecvTimeoutError::Disconnected) => None,
        }
    }

    /// Sets the timer: [`Event::TimerFired`] with `id` after `after`, replacing a timer
    /// that has not fired yet.
    pub fn set_timer(&self, after: Duration, id: u64) {
        self.timer.set(Some((Instant::now() + after, id)));
    }

    /// The timer's event if it is due, else the tick's.
    fn due(&self) -> Event {
        match self.timer.get() {
            Some((at, id)) if at <= Instant::now() => {
                self.timer.set(None);
                Event::TimerFired(id)
            }
            _ => self.tick(),
        }
    }

    fn tick(&self) -> Event {
        self.next_tick.set(Instant::now() + TICK);
        Event::Tick
    }

    /// An event that is already waiting, without blocking (to batch before a redraw).
    pub fn try_next(&self) -> Option<Event> {
        self.receiver.try_recv().ok()
    }
}

/// How long the input thread waits for input before it looks whether it should pause.
const INPUT_POLL: Duration = Duration::from_millis(50);

/// The input thread's switch: while a program borrows the terminal the thread must not
/// read, or it would take that program's keystrokes.
#[derive(Debug, Clone, Default)]
pub struct InputSwitch {
    state: Arc<(Mutex<Reading>, Condvar)>,
}

/// Whether the input thread reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Reading {
    #[default]
    On,
    /// Asked to stop; the thread answers by setting `Off` once it is not reading.
    StopAsked,
    Off,
    /// The thread has ended (the terminal is gone or the UI stopped listening).
    Gone,
}

impl InputSwitch {
    /// Stops reading input; returns once the thread is certainly not reading (within
    /// a 50 ms poll plus one read), or has ended.
    pub(crate) fn pause(&self) {
        let (lock, changed) = &*self.state;
        let mut reading = lock.lock().unwrap_or_else(PoisonError::into_inner);
        if *reading == Reading::On {
            *reading = Reading::StopAsked;
        }
        while *reading == Reading::StopAsked {
            reading = changed
                .wait(reading)
                .unwrap_or_else(PoisonError::into_inner);
        }
    }

    /// Reads input again.
    pub fn resume(&self) {
        self.set(|reading| reading != Reading::Gone, Reading::On);
    }

    /// Sets the state to `to` if `when` holds for the current one, and says so.
    fn set(&self, when: impl Fn(Reading) -> bool, to: Reading) {
        let (lock, changed) = &*self.state;
        let mut reading = lock.lock().unwrap_or_else(PoisonError::into_inner);
        if when(*reading) {
            *reading = to;
            changed.notify_all();
        }
    }

    /// On the input thread: answers a pause and waits while paused.
    fn wait_while_paused(&self) {
        self.set(|reading| reading == Reading::StopAsked, Reading::Off);
        let (lock, changed) = &*self.state;
        let mut reading = lock.lock().unwrap_or_else(PoisonError::into_inner);
        while *reading == Reading::Off {
            reading = changed
                .wait(reading)
                .unwrap_or_else(PoisonError::into_inner);
        }
    }
}

/// Reads terminal input on its own thread for as long as the UI listens; the returned
/// switch pauses it while another program has the terminal.
pub(crate) fn spawn_input(sender: EventSender) -> std::io::Result<InputSwitch> {
    let switch = InputSwitch::default();
    let input = switch.clone();
    std::thread::Builder::new()
        .name("tidings-input".to_owned())
        .spawn(move || {
            // However the thread ends, a pause waiting for it must not wait forever.
            let _gone = Gone(input.clone());
            loop {
                input.wait_while_paused();
                // Polled with a timeout, never blocked in `read`, so a pause is noticed.
                match term::poll(INPUT_POLL) {
                    Ok(false) => continue,
                    Ok(true) => {}
                    Err(_) => return,
                }
                let Ok(event) = term::read() else { return };
                let event = match event {
                    term::Event::Key(key) if key.kind != KeyEventKind::Release => Event::Key(key),
                    term::Event::Mouse(mouse) => Event::Mouse(mouse),
                    term::Event::Resize(width, height) => Event::Resized { width, height },
                    _ => continue,
                };
                if sender.send(event).is_err() {
                    return;
                }
            }
        })?;
    Ok(switch)
}

/// Marks the input thread as ended when dropped.
struct Gone(InputSwitch);

impl Drop for Gone {
    fn drop(&mut self) {
        self.0.set(|_| true, Reading::Gone);
    }
}
