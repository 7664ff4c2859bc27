//! The reader's performance targets of issue 6, measured on the real release binary in a
//! pseudo-terminal (120×40) over a 100 000-story database: time from spawn to the first
//! complete frame, keypress to the end of the next frame on the story list (`j`, PgDn,
//! `G`, `g`, `n`, Enter on an unread story, and loading a view from the sidebar), and peak
//! resident memory (VmHWM) just before quitting.
//!
//! Run: `cargo bench --bench reader`. Options after `--`: `--runs N` (default 15, after one
//! discarded warm-up); `--bin PATH` to measure another build of tidings, with `--db PATH`
//! to give it a database as it is (say, one of an older schema).
//! Targets: first frame < 80 ms, keypress to frame < 16 ms (both at the 90th percentile),
//! peak RSS < 50 MB (the highest of the runs).
//!
//! A frame ends where ratatui hides the cursor after flushing it (`ESC [?25l`), so a key's
//! latency runs from writing its bytes to the arrival of that sequence. The configuration
//! is the default one (an empty `XDG_CONFIG_HOME`), auto-refresh included; the feeds are
//! put in back-off first, so the screen is quiet between keys.

#[path = "support/corpus.rs"]
mod corpus;
#[path = "support/latency.rs"]
mod latency;
#[path = "support/summary.rs"]
mod summary;

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use latency::{median_ms, row, verdict};
use portable_pty::{Child, CommandBuilder, MasterPty, PtySize, native_pty_system};

const STORIES: usize = 100_000;
const FEEDS: usize = 500;
const RUNS: usize = 15;
const SIZE: PtySize = PtySize {
    rows: 40,
    cols: 120,
    pixel_width: 0,
    pixel_height: 0,
};
/// What ratatui writes after every frame.
const FRAME_END: &[u8] = b"\x1b[?25l";
/// On the status bar's right end: once it and then [`FRAME_END`] arrive, a frame is whole.
const STATUS_TEXT: &[u8] = b"?:help";
/// Longest wait for any frame; a slower one is reported as this long.
const FRAME_LIMIT: Duration = Duration::from_mins(1);
/// No output for this long means the reader is idle.
const QUIET: Duration = Duration::from_millis(150);

/// A key the benchmark presses, by name, with the bytes a terminal sends for it.
struct Key {
    name: &'static str,
    bytes: &'static [u8],
    measured: bool,
}

const fn key(name: &'static str, bytes: &'static [u8], measured: bool) -> Key {
    Key {
        name,
        bytes,
        measured,
    }
}

/// One run's keys, after the first frame. In All (whose newest 1000 stories are read):
/// move, page, jump to the end and back, next unread. Then the Unread view, picked in the
/// sidebar, where Enter opens unread stories (marking them read changes the view).
fn script() -> Vec<Key> {
    let mut keys = Vec::new();
    keys.extend((0..10).map(|_| key("j", b"j", true)));
    keys.extend((0..5).map(|_| key("PgDn", b"\x1b[6~", true)));
    keys.push(key("G", b"G", true));
    keys.push(key("g", b"g", true));
    keys.push(key("n", b"n", true));
    // Not list keys: focus the sidebar, select Unread (measured: the view loads), back.
    keys.push(key("h", b"h", false));
    keys.push(key("sidebar j: load Unread", b"j", true));
    keys.push(key("Tab", b"\t", false));
    keys.push(key("Unread: G", b"G", true));
    keys.push(key("Unread: g", b"g", true));
    for n in 0..3 {
        // The session's first write also creates SQLite's WAL (two fsyncs): shown apart.
        let name = if n == 0 {
            "Unread: Enter, 1st write"
        } else {
            "Unread: Enter"
        };
        keys.push(key(name, b"\r", true));
        // Esc gives the focus back to the list; not a list key, so not measured.
        keys.push(key("Esc", b"\x1b", false));
        keys.push(key("Unread: j", b"j", true));
    }
    keys
}

fn main() {
    let runs: usize = option("--runs").map_or(RUNS, |n| n.parse().expect("--runs takes a number"));
    let db = option("--db").map_or_else(generated_corpus, PathBuf::from);
    let config_home = tempfile::tempdir().expect("create an empty config dir");
    back_off_feeds(&db, config_home.path());
    let mut results = Results::default();
    // The warm-up fills the page cache.
    drop(run_once(&db, config_home.path()));
    for _ in 0..runs {
        results.add(run_once(&db, config_home.path()));
    }
    results.print(runs);
}

/// The value after `name` on the command line.
fn option(name: &str) -> Option<String> {
    let args: Vec<String> = std::env::args().collect();
    let at = args.iter().position(|a| a == name)?;
    Some(args.get(at + 1).expect("an option takes a value").clone())
}

/// The 100 000-story database, made once and kept in the temp dir.
fn generated_corpus() -> PathBuf {
    let dir = std::env::temp_dir().join("tidings-bench");
    std::fs::create_dir_all(&dir).expect("create the bench dir");
    let db = dir.join("reader-100k.db");
    let started = Instant::now();
    drop(corpus::ensure(&db, FEEDS, STORIES / FEEDS));
    println!(
        "corpus: {STORIES} stories in {} ({:.1} s)",
        db.display(),
        started.elapsed().as_secs_f64()
    );
    db
}

/// The generated feeds point at a closed local port: one `tidings refresh` fails them all
/// and schedules their next try well past the benchmark, so the reader's start-up refresh
/// finds nothing due and no frame but the one a key asks for is drawn between keys.
fn back_off_feeds(db: &Path, config_home: &Path) {
    let out = std::process::Command::new(binary())
        .env("XDG_CONFIG_HOME", config_home)
        .env_remove("TIDINGS_CONFIG")
        .arg("--db")
        .arg(db)
        .arg("refresh")
        .output()
        .expect("run tidings refresh");
    let said = String::from_utf8_lossy(&out.stdout);
    let summary = said.lines().last().unwrap_or("").trim();
    println!("feeds put in back-off: {summary}");
}

/// The binary under test: `--bin PATH`, else this build's.
fn binary() -> String {
    option("--bin").unwrap_or_else(|| env!("CARGO_BIN_EXE_tidings").to_owned())
}

/// What one run of the reader measured.
struct Run {
    first_frame: Duration,
    keys: Vec<(&'static str, Duration)>,
    peak_rss_kib: u64,
}

fn run_once(db: &Path, config_home: &Path) -> Run {
    let mut reader = Reader::spawn(db, config_home);
    let first_frame = reader.first_frame();
    reader.settle(Duration::from_millis(1500));
    let mut keys = Vec::new();
    for key in script() {
        let latency = reader.press(key.bytes);
        if key.measured {
            keys.push((key.name, latency));
        }
        reader.settle(QUIET);
    }
    let peak_rss_kib = reader.peak_rss_kib();
    reader.quit();
    Run {
        first_frame,
        keys,
        peak_rss_kib,
    }
}

/// The reader in a pseudo-terminal, with its output read on a thread as timed chunks.
struct Reader {
    child: Box<dyn Child + Send + Sync>,
    writer: Box<dyn Write + Send>,
    _master: Box<dyn MasterPty + Send>,
    chunks: Receiver<(Instant, Vec<u8>)>,
    output: Vec<u8>,
    /// When the output up to each offset had arrived.
    arrivals: Vec<(usize, Instant)>,
    spawned: Instant,
}

impl Reader {
    fn spawn(db: &Path, config_home: &Path) -> Self {
        let pair = native_pty_system().openpty(SIZE).expect("open a pty");
        let mut command = CommandBuilder::new(binary());
        command.arg("--db");
        command.arg(db);
        command.env("XDG_CONFIG_HOME", config_home);
        command.env("TERM", "xterm-256color");
        command.env_remove("TIDINGS_CONFIG");
        command.env_remove("NO_COLOR");
        command.cwd(config_home);
        let spawned = Instant::now();
        let child = pair.slave.spawn_command(command).expect("spawn tidings");
        // Only the child holds the terminal's side now, so reads end when it exits.
        drop(pair.slave);
        let mut source = pair.master.try_clone_reader().expect("pty reader");
        let (sender, chunks) = mpsc::channel();
        std::thread::spawn(move || {
            let mut buffer = vec![0; 64 * 1024];
            while let Ok(n @ 1..) = source.read(&mut buffer) {
                if sender.send((Instant::now(), buffer[..n].to_vec())).is_err() {
                    return;
                }
            }
        });
        let writer = pair.master.take_writer().expect("pty writer");
        Self {
            child,
            writer,
            _master: pair.master,
            chunks,
            output: Vec::new(),
            arrivals: Vec::new(),
            spawned,
        }
    }

    /// Spawn to the end of the first frame that shows the status bar.
    fn first_frame(&mut self) -> Duration {
        let deadline = Instant::now() + FRAME_LIMIT;
        let Some(status) = self.wait_for(STATUS_TEXT, 0, deadline) else {
            return FRAME_LIMIT;
        };
        match self.wait_for(FRAME_END, status.1, deadline) {
            Some((at, _)) => at - self.spawned,
            None => FRAME_LIMIT,
        }
    }

    /// Writes `bytes`; how long until the next frame has been written in full.
    fn press(&mut self, bytes: &[u8]) -> Duration {
        let from = self.output.len();
        let sent = Instant::now();
        self.writer.write_all(bytes).expect("send a key");
        self.writer.flush().expect("send a key");
        match self.wait_for(FRAME_END, from, sent + FRAME_LIMIT) {
            Some((at, _)) => at - sent,
            None => FRAME_LIMIT,
        }
    }

    /// Waits until `pattern` appears at or after `from` in the output: when the chunk
    /// holding its end arrived, and where it ends.
    fn wait_for(
        &mut self,
        pattern: &[u8],
        from: usize,
        deadline: Instant,
    ) -> Option<(Instant, usize)> {
        loop {
            if let Some(at) = find(&self.output[from.min(self.output.len())..], pattern) {
                let end = from + at + pattern.len();
                let (_, arrived) = self.arrivals.iter().find(|(upto, _)| *upto >= end)?;
                return Some((*arrived, end));
            }
            let left = deadline.checked_duration_since(Instant::now())?;
            let chunk = self.chunks.recv_timeout(left).ok()?;
            self.take(chunk);
        }
    }

    fn take(&mut self, (arrived, chunk): (Instant, Vec<u8>)) {
        self.output.extend_from_slice(&chunk);
        self.arrivals.push((self.output.len(), arrived));
    }

    /// Reads output until none came for `quiet` (at most 30 s).
    fn settle(&mut self, quiet: Duration) {
        let give_up = Instant::now() + Duration::from_secs(30);
        while Instant::now() < give_up {
            match self.chunks.recv_timeout(quiet) {
                Ok(chunk) => self.take(chunk),
                Err(RecvTimeoutError::Timeout | RecvTimeoutError::Disconnected) => return,
            }
        }
    }

    /// VmHWM of the reader process, in KiB.
    fn peak_rss_kib(&self) -> u64 {
        let pid = self.child.process_id().expect("the reader's pid");
        let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("proc status");
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmHWM:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .expect("VmHWM in /proc/PID/status")
    }

    fn quit(mut self) {
        self.writer.write_all(b"q").expect("send q");
        self.writer.flush().expect("send q");
        let deadline = Instant::now() + Duration::from_secs(10);
        while Instant::now() < deadline {
            // Keep reading so the reader never blocks writing its last bytes.
            self.settle(Duration::from_millis(20));
            if let Ok(Some(status)) = self.child.try_wait() {
                assert!(status.success(), "tidings exited with {status:?}");
                return;
            }
        }
        let _ = self.child.kill();
        panic!("tidings did not quit within 10 s of `q`");
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// Every run's figures, gathered by measure.
#[derive(Default)]
struct Results {
    first_frame: Vec<Duration>,
    keys: Vec<(&'static str, Vec<Duration>)>,
    peak_rss_kib: Vec<u64>,
}

impl Results {
    fn add(&mut self, run: Run) {
        self.first_frame.push(run.first_frame);
        for (name, latency) in run.keys {
            match self.keys.iter_mut().find(|(n, _)| *n == name) {
                Some((_, times)) => times.push(latency),
                None => self.keys.push((name, vec![latency])),
            }
        }
        self.peak_rss_kib.push(run.peak_rss_kib);
    }

    fn print(&mut self, runs: usize) {
        println!("\nreader, 120x40 pty, {STORIES} stories, {runs} runs after a warm-up; a key's");
        println!(
            "time runs from sending it to the end of the frame it causes; p90 must meet the target.\n"
        );
        println!(
            "{:<30} {:>9} {:>9} {:>9} {:>9} {:>7}   target",
            "measure", "median", "p90", "min", "max", "samples"
        );
        row("first frame (from spawn)", &mut self.first_frame, 80.0);
        summary::record(
            "reader first frame, 100 000 stories",
            &format!("{:.1} ms median", median_ms(&self.first_frame)),
            "< 80 ms",
        );
        let mut worst_key = ("", 0.0_f64);
        for (name, times) in &mut self.keys {
            row(&format!("key {name}"), times, 16.0);
            let p90 = times[(times.len() - 1) * 90 / 100].as_secs_f64() * 1000.0;
            if p90 > worst_key.1 {
                worst_key = (name, p90);
            }
        }
        summary::record(
            "reader keypress to frame (slowest key, p90)",
            &format!("{:.1} ms (`{}`)", worst_key.1, worst_key.0),
            "< 16 ms",
        );
        let mut rss = self.peak_rss_kib.clone();
        rss.sort_unstable();
        let mb = |kib: u64| kib as f64 / 1024.0;
        let (median, max) = (mb(rss[rss.len() / 2]), mb(rss[rss.len() - 1]));
        println!(
            "{:<30} {median:>6.1} MB {:>9} {:>6.1} MB {max:>6.1} MB {:>7}   < 50 MB {}",
            "peak RSS (VmHWM)",
            "",
            mb(rss[0]),
            rss.len(),
            verdict(max < 50.0)
        );
        summary::record("reader peak memory", &format!("{max:.1} MB"), "< 50 MB");
    }
}
