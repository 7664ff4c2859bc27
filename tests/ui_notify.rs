//! The reader's refresh announces new stories: `[notify] command` (a recording script)
//! runs once with the count, and the terminal notification (on, here) leaves the screen
//! as it was: the sequence is written between frames and shows no text.

#![allow(clippy::unwrap_used)]

mod support;
mod ui_support;

use std::os::unix::fs::PermissionsExt as _;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use support::sandbox::{Sandbox, TEST_CONFIG, rss};
use support::server::{Reply, Server};
use support::tmux;
use tidings::ui::effect::Effect;
use tidings::ui::event::Event;

#[test]
fn the_readers_refresh_runs_the_notify_command_once_with_the_count() {
    let stories = Arc::new(AtomicUsize::new(2));
    let count = Arc::clone(&stories);
    let server = Server::start(move |_| {
        Reply::ok(
            "application/rss+xml",
            rss("Wire", count.load(Ordering::SeqCst)).into_bytes(),
        )
    });
    let sandbox = Sandbox::new();
    let calls = sandbox.path("calls");
    let record = sandbox.path("record");
    std::fs::write(
        &record,
        format!("#!/bin/sh\necho \"$1|$2\" >> '{}'\n", calls.display()),
    )
    .unwrap();
    std::fs::set_permissions(&record, std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::write(
        sandbox.path("config.toml"),
        format!(
            "{TEST_CONFIG}[reader]\nauto_refresh_mins = 0\n[notify]\nterminal = true\ncommand = '''{} %n '%t''''\n",
            record.display()
        ),
    )
    .unwrap();
    sandbox.import_urls(&[server.url("/feed")]);
    sandbox.run(&["refresh"]);
    assert!(!calls.exists(), "a feed's first fetch was announced");

    stories.store(3, Ordering::SeqCst);
    let reader = tmux::reader(
        sandbox.dir.path(),
        &sandbox.db(),
        &sandbox.path("config.toml"),
        "",
    );
    reader.wait_for("Wire story 1");
    reader.send(&["R"]);
    let until = Instant::now() + Duration::from_secs(20);
    while !calls.exists() && Instant::now() < until {
        std::thread::sleep(Duration::from_millis(50));
    }
    reader.wait_for("Wire story 2");
    assert_eq!(std::fs::read_to_string(&calls).unwrap(), "1|Wire story 2\n");
    let screen = reader.screen();
    assert!(!screen.contains("new story in"), "{screen}");
    assert!(screen.contains("Wire story 0"), "{screen}");
    reader.send(&["q"]);
    reader.wait_for("TIDINGS-EXITED:0");
}

#[test]
fn a_notification_from_a_task_is_written_by_the_event_loop_between_frames() {
    let mut h = ui_support::empty(80, 24);
    let sequence = tidings::notify::terminal::sequence(
        tidings::notify::terminal::Kind::Osc9,
        "tidings",
        "2 new stories in 1 feed: \u{1b}]0;pwned\u{7}",
        false,
    );
    // The feed's ESC and BEL are spaces now: the sequence ends where tidings ends it.
    assert_eq!(
        sequence,
        "\u{1b}]9;tidings: 2 new stories in 1 feed:  ]0;pwned \u{7}"
    );
    h.app.on_event(Event::Notification(sequence.clone()));
    assert!(h.app.take_effects().contains(&Effect::Terminal(sequence)));
}
