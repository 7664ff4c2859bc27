//! The reader's background tasks run from a test, without a terminal: start one with a
//! sandbox's config and wait for the event that ends it.

#![allow(dead_code, clippy::missing_panics_doc)]

use std::time::{Duration, Instant};

use tidings::config::{Config, DefaultPaths};
use tidings::feed::FullText;
use tidings::store::ArticleId;
use tidings::ui::Event;
use tidings::ui::effect::Task;
use tidings::ui::runtime::input as event;
use tidings::ui::runtime::tasks::Runner;

use super::sandbox::Sandbox;

/// Runs the reader's full-text task for story `id` (its page at `url`) with `sandbox`'s
/// config and database, and waits for its result.
pub fn full_text(sandbox: &Sandbox, id: i64, url: &str) -> Result<FullText, String> {
    let defaults = DefaultPaths {
        config_file: sandbox.path("config.toml"),
        db_file: sandbox.db(),
    };
    let config =
        Config::load(Some(&defaults.config_file), Some(&sandbox.db()), &defaults).expect("config");
    let (sender, events) = event::channel();
    let runner = Runner {
        db_path: config.db_path,
        refresh: config.refresh,
        launcher: tidings::launch::Launcher::default(),
        events: sender,
        sync: None,
        notify: config.notify,
    };
    runner.spawn(Task::FullText {
        id: ArticleId(id),
        url: url.to_owned(),
    });
    let deadline = Instant::now() + Duration::from_secs(30);
    while Instant::now() < deadline {
        match events.next() {
            Some(Event::FullTextFetched { id: got, result }) => {
                assert_eq!(got, ArticleId(id));
                return result;
            }
            Some(_) => {}
            None => break,
        }
    }
    panic!("no full text result for story {id}");
}
